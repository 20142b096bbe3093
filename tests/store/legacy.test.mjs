// The names the tool plugwire replaces uses today, beside the guide's — `store.listen(socketName,
// event, cb)`, `store.listen(event, identifier, cb)`, `store.broadcast(socketName, event, data)`,
// `sockets.primary.listen / broadcast` — and the subscribable state, in headless Chromium
// against `plugwire serve` (echo wire), observed by a socket.io-client peer.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, post, connect, closeAll, waitFor } from "../devserver/harness.mjs";
import { openPage, inPage, MANIFEST } from "./harness.mjs";

const T = { timeout: 30_000 };
let srv;
let browser;
let page;
before(async () => {
  srv = await startServer();
  ({ browser, page } = await openPage(srv.url));
});
after(async () => {
  closeAll();
  await browser?.close();
  await srv?.stop();
});

test("legacy listen/broadcast route as the guide's names do; subscribe sees every state change", T, async () => {
  const peer = await connect(srv.url);
  const ready = inPage(page, async ({ createStore, url, manifest }) => {
    const store = createStore({ url, manifest, devtools: false });
    await T.until(() => store.connectionStatus === "connected");
    const got = [];
    const states = [];
    store.listen("primary", "AttendeeCheckedIn", (d) => got.push(["socket form", d.n]));
    store.listen("AttendeeCheckedIn", "kiosk_2", (d, meta) => got.push(["identifier form", d.n, meta.channel]));
    store.listen("AttendeeCheckedIn", "project", (d) => got.push(["project", d.n]));
    store.sockets.primary.listen("AttendeeCheckedIn", (d) => got.push(["primary.listen", d.n]));
    store.subscribe((s) => states.push([s.checkin_count, s === store.getState()]));
    store.sockets.primary.listenForStateChange(() => {});
    await T.until(() => store.channels.includes("private.CheckIn.kiosk_2"));
    window.legacy = { store, got, states };
    return [store.broadcast("primary", "user-action", { via: "broadcast" }), store.sockets.primary.broadcast("user-action", { via: "primary.broadcast" })];
  }, { url: srv.url, manifest: MANIFEST });
  assert.deepEqual(await ready, [true, true]);
  // Both emits reach the other client (the dev server relays each on its own: in either order).
  await waitFor(peer, () => peer.received.filter(([e]) => e === "user-action").length === 2);
  assert.deepEqual(peer.received.filter(([e]) => e === "user-action").map(([, d]) => d.via).sort(), ["broadcast", "primary.broadcast"]);

  await post(srv.url, { event: "AttendeeCheckedIn", channel: "private.CheckIn.kiosk_1", data: { n: 1 } });
  await post(srv.url, { event: "AttendeeCheckedIn", channel: "private.CheckIn.kiosk_2", data: { n: 2 } });
  await post(srv.url, { event: "state-change", data: { changes: { checkin_count: 5 } } });
  const out = await page.evaluate(async () => {
    const { store, got, states } = window.legacy;
    // Delivery is ordered: once the state-change has merged, both check-ins have arrived.
    await T.until(() => states.length === 1);
    store.updateState("checkin_count", 6);
    store.close();
    return { got, states, snapshot: store.getState() };
  });
  assert.deepEqual(out.got, [
    ["socket form", 1],
    ["project", 1],
    ["primary.listen", 1],
    ["socket form", 2],
    ["identifier form", 2, "private.CheckIn.kiosk_2"],
    ["project", 2],
    ["primary.listen", 2],
  ]);
  assert.deepEqual(out.states, [[5, true], [6, true]]);
  assert.deepEqual(out.snapshot, { checkin_count: 6 });
});
