// The demo plugin: what a plugin author writes against plugwire's store API.
const $ = (id) => document.getElementById(id);
const status = $("status");

function item(text, meta) {
  const li = document.createElement("li");
  li.textContent = text; // payloads are shown as text, never as HTML
  if (meta) {
    const span = document.createElement("div");
    span.className = "meta";
    span.textContent = meta;
    li.append(span);
  }
  return li;
}

try {
  // A plugin would `import { createStore } from "plugwire"`; the demo imports it dynamically so
  // that it can say so on the page when the package cannot load.
  const { createStore, version } = await import("plugwire");
  // The server that served this page (`plugwire serve`, whatever its port: SOCKET_IO_PORT=3169
  // npm start works); `?socket=URL` points the demo at another server.
  const url = new URLSearchParams(location.search).get("socket") ?? location.origin;
  // The hint's command reaches the same server.
  $("send-hint").textContent = `npm run plugwire -- send --event AttendeeCheckedIn --identifier kiosk_2 --url ${url}`;
  const store = createStore({ url, manifest: "/app-manifest.json" });
  window.store = store; // handy in the console
  const showStatus = (s) => {
    status.dataset.state = s;
    status.textContent = `plugwire ${version()} · ${s}`;
  };
  showStatus(store.connectionStatus);
  store.onStatusChange(showStatus);
  await store.ready;

  // Check-ins from both kiosks, each on its own channel.
  for (const kiosk of ["kiosk_1", "kiosk_2"]) {
    store.sockets[kiosk].checkedIn.listen((data, meta) => {
      store.updateState("last_checkin", data);
      $("checkin-list").prepend(item(`${data.attendee_name} — badge ${data.badge_number}`, `${kiosk} · ${meta.channel}`));
    });
  }

  // The badge printer's jobs.
  for (const type of ["created", "updated", "completed"]) {
    store.sockets.badge_printer_1[type].listen((job) => {
      $("badge-jobs").prepend(item(`Job ${job.id} for ${job.attendee_name}: ${job.status}`, type));
    });
  }

  // Social wall and AI panel listen on the primary socket, whatever the channel.
  store.listenSocket("primary", "SocialStreamPostCreated", (post) => {
    $("posts").prepend(item(post.content, `${post.author?.name ?? "someone"} ${post.author?.handle ?? ""}`));
  });
  store.listenSocket("primary", "AiSessionMessageCreated", (msg) => {
    const ai = $("ai-state");
    ai.dataset.state = msg.type === "completion" ? "done" : "working";
    ai.textContent = `${msg.message} (confidence ${msg.metadata?.confidence ?? "?"})`;
  });
} catch (err) {
  status.dataset.state = "error";
  status.textContent = `plugwire failed to start: ${err.message}`;
}
