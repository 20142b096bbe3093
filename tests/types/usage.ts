// Compiled with `tsc --noEmit --strict` by the test script: the declarations must accept code
// written for socket.io-client and reject misuse of typed events.
import io, { Manager, Socket, ready, version, type DisconnectReason } from "plugwire";

interface ServerToClient {
  "message:new": (msg: { id: number; content: string }) => void;
  hello: (auth: object) => void;
}
interface ClientToServer {
  "conversation:join": (id: string, ack: (res: { success: boolean; room: string }) => void) => void;
  "typing:start": (data: { conversationId: string; userName: string }) => void;
}

async function main(): Promise<void> {
  await ready;
  const v: string = version();
  const socket: Socket<ServerToClient, ClientToServer> = io("http://localhost:3003", {
    auth: { token: "t" },
    transports: ["websocket"],
    upgrade: false,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
  });
  socket.on("connect", () => console.log(socket.id, v));
  socket.on("connect_error", (err) => console.error(err.message, err.data));
  socket.on("disconnect", (reason: DisconnectReason) => console.log(reason));
  socket.on("message:new", (msg) => console.log(msg.content.toUpperCase(), msg.id + 1));
  socket.emit("conversation:join", "c1", (res) => console.log(res.success, res.room));
  const res = await socket.timeout(1000).emitWithAck("conversation:join", "c2");
  console.log(res.room);
  // A Socket.IO 2.x server (laravel-echo-server), pinned or recognised.
  const legacy = io("http://localhost:6001", { protocol: 3 });
  io("http://localhost:6001", { protocol: "auto", transports: ["websocket"] }).disconnect();
  // @ts-expect-error only 3, 4 and "auto"
  io("http://localhost:6001", { protocol: 5 });
  legacy.disconnect();
  socket.emit("typing:start", { conversationId: "c1", userName: "ann" });
  // @ts-expect-error: the payload does not match the event map
  socket.emit("typing:start", { conversationId: 1 });
  socket.volatile.emit("typing:start", { conversationId: "c1", userName: "ann" });
  socket.onAny((event, ...args) => console.log(event, args.length));
  socket.io.on("reconnect_attempt", (n) => console.log(n + 1));
  socket.io.engine.on("upgrade", (t) => console.log(t.name));
  const chat = new Manager("http://localhost:3000", { reconnectionAttempts: 5 }).socket("/chat", { auth: (cb) => cb({ token: "x" }) });
  chat.disconnect();
}
void main;

import { createStore, type ConnectionStatus } from "plugwire";

function storeUsage(): void {
  const store = createStore({
    manifest: { dependencies: [{ identifier: "badge_printer_1", model: "BadgePrinter", events: { created: "BadgePrintJobCreated", completed: "BadgePrintJobCompleted" } }] },
  });
  const off = store.listenSocket<{ id: number }>("primary", "AiSessionMessageCreated", (data, meta) => console.log(data.id, meta.channel));
  off();
  store.emitSocket("primary", "user-action", { action: "button_click" });
  store.useSocketListener("badge-printer", "print-complete", (result) => console.log(result.success));
  store.sockets.primary.listenForStateChange((newState) => store.updateState("remote_value", newState.value));
  store.sockets["badge_printer_1"].created.listen((data) => console.log("Print job created:", data));
  store.sockets["badge_printer_1"].completed.listen((data, meta) => console.log(meta.channel, data));
  const channel: string = store.sockets.badge_printer_1.channel;
  // @ts-expect-error: not an event type of this dependency
  store.sockets.badge_printer_1.updated.listen(() => {});
  const s: ConnectionStatus = store.connectionStatus;
  store.onStatusChange((status) => console.log(status === s));
  store.inspect((rec) => console.log(rec.direction, rec.event));
  const typed = createStore<{ remote_value: number }>();
  // @ts-expect-error: state values are typed
  typed.updateState("remote_value", "not a number");
  console.log(channel);
  void store.loadManifest("/app-manifest.json").then(() => store.close());
}
void storeUsage;
