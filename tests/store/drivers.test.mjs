// Channel drivers and connection status against real peers: the plugwire dev server in --rooms
// mode, a Node socket.io server behaving as laravel-echo-server, and a plain relay server.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { startServer, post } from "../devserver/harness.mjs";
import { startEchoLike, startRelay } from "../servers/echo-like.mjs";
import { openPage, inPage, MANIFEST } from "./harness.mjs";

const T = { timeout: 40_000 };
/** Names the step a failure happened in (this scenario has several waits). */
async function step(name, promise) {
  try {
    return await promise;
  } catch (e) {
    e.message = `${name}: ${e.message}`;
    throw e;
  }
}
let browser;
let page;
let home;
before(async () => {
  home = await startServer(); // serves the page and the package
  ({ browser, page } = await openPage(home.url));
});
after(async () => {
  await browser?.close();
  await home?.stop();
});

test("echo driver vs plugwire serve --rooms: subscribe, receive, unsubscribe, resubscribe after a restart", T, async () => {
  let rooms = await startServer({ args: ["--rooms"] });
  const port = new URL(rooms.url).port;
  try {
    await step("connected and subscribed", inPage(page, async ({ createStore, url, manifest }) => {
      const store = createStore({ url, manifest, io: { reconnectionDelay: 100, reconnectionDelayMax: 300 } });
      window.roomsStore = store;
      window.roomsGot = [];
      window.roomsStatus = [];
      store.onStatusChange((s) => window.roomsStatus.push(s));
      window.roomsOff = store.sockets.badge_printer_1.completed.listen((d) => window.roomsGot.push(d.id));
      await T.until(() => store.connectionStatus === "connected");
      await T.until(() => store.channels.includes("private.BadgePrinter.badge_printer_1"));
    }, { url: rooms.url, manifest: MANIFEST }));
    // Subscribed: the server now delivers the channel to exactly this client (the store has sent
    // `subscribe`; the server may not have handled it yet, so ask until it has).
    const deliver = async (id) => (await post(rooms.url, { event: "BadgePrintJobCompleted", channel: "private.BadgePrinter.badge_printer_1", data: { id } })).body.clients;
    const deliverUntil = async (id, want) => {
      let clients = -1;
      for (let i = 0; i < 50 && clients !== want; i++) {
        clients = await deliver(id);
        if (clients !== want) await new Promise((ok) => setTimeout(ok, 50));
      }
      return clients;
    };
    assert.equal(await deliverUntil(1, 1), 1, "subscribed on the server");
    await step("first event received", page.evaluate(() => T.until(() => window.roomsGot.length === 1)));

    // The server goes away and comes back on the same port: the store resubscribes.
    await rooms.stop();
    await step("disconnected", page.evaluate(() => T.until(() => window.roomsStore.connectionStatus === "disconnected")));
    rooms = await startServer({ args: ["--rooms"], port, events: rooms.events });
    await step("reconnected", page.evaluate(() => T.until(() => window.roomsStore.connectionStatus === "connected", 10000)));
    assert.equal(await deliverUntil(2, 1), 1, "resubscribed after the restart");
    await step("event after the restart received", page.evaluate(() => T.until(() => window.roomsGot.includes(2))));

    // The last listener goes: unsubscribed on the server.
    await page.evaluate(() => window.roomsOff());
    assert.equal(await deliverUntil(3, 0), 0, "unsubscribed on the server");
    const out = await page.evaluate(() => {
      window.roomsStore.close();
      return { got: window.roomsGot, status: window.roomsStatus, channels: window.roomsStore.channels };
    });
    assert.ok(!out.got.includes(3));
    assert.deepEqual(out.channels, []);
    assert.deepEqual(out.status.slice(0, 3), ["connected", "disconnected", "connected"]);
  } finally {
    await rooms.stop();
  }
});

test("echo driver vs a laravel-echo-server-like Node peer: rooms, and a refused private channel surfaces", T, async () => {
  const echo = await startEchoLike();
  try {
    const r = await inPage(page, async ({ createStore, url }) => {
      const store = createStore({ url, manifest: { dependencies: [{ identifier: "k1", model: "CheckIn", events: { checkedIn: "AttendeeCheckedIn" } }] } });
      const errors = [];
      store.inspect((rec) => rec.direction === "error" && errors.push([rec.event, rec.channel, rec.payload]));
      const got = [];
      store.sockets.k1.checkedIn.listen((d, meta) => got.push([d.n, meta.channel]));
      await T.until(() => errors.length === 1);
      store.close();
      return { errors, got };
    }, { url: echo.url });
    assert.deepEqual(r.errors, [["subscription_error", "private.CheckIn.k1", 403]]);

    await inPage(page, async ({ createStore, url }) => {
      const store = createStore({ url, channelAuth: { headers: { Authorization: "Bearer ok" } }, manifest: { dependencies: [{ identifier: "k1", model: "CheckIn", events: { checkedIn: "AttendeeCheckedIn" } }, { identifier: "k2", model: "CheckIn", events: { checkedIn: "AttendeeCheckedIn" } }] } });
      window.authStore = store;
      window.authGot = [];
      store.sockets.k1.checkedIn.listen((d, meta) => window.authGot.push([d.n, meta.channel]));
    }, { url: echo.url });
    // Wait until the server has the client in the k1 room (the subscription arrived).
    for (let i = 0; i < 100 && !echo.io.sockets.adapter.rooms.get("private.CheckIn.k1")?.size; i++) {
      await new Promise((ok) => setTimeout(ok, 20));
    }
    echo.io.to("private.CheckIn.k2").emit("AttendeeCheckedIn", "private.CheckIn.k2", { n: 2 });
    echo.io.to("private.CheckIn.k1").emit("AttendeeCheckedIn", "private.CheckIn.k1", { n: 1 });
    const r2 = await page.evaluate(async () => {
      await T.until(() => window.authGot.length === 1);
      window.authStore.close();
      return window.authGot;
    });
    assert.deepEqual(r2, [[1, "private.CheckIn.k1"]]);
  } finally {
    await echo.close();
  }
});

test("relay driver vs a plain relay server: (data) events, dependency listeners match by name", T, async () => {
  const relay = await startRelay();
  try {
    const r = await inPage(page, async ({ createStore, url }) => {
      const a = createStore({ url, driver: "relay", manifest: { dependencies: [{ identifier: "bp", model: "BadgePrinter", events: { completed: "BadgePrintJobCompleted" } }] } });
      const b = createStore({ url, driver: "relay" });
      await T.until(() => a.connectionStatus === "connected" && b.connectionStatus === "connected");
      const got = [];
      a.sockets.bp.completed.listen((d, meta) => got.push(["dep", d.id, meta.channel]));
      a.listenSocket("primary", "BadgePrintJobCompleted", (d) => got.push(["primary", d.id]));
      b.emitSocket("primary", "BadgePrintJobCompleted", { id: 5 });
      await T.until(() => got.length === 2);
      const channels = a.channels;
      a.close();
      b.close();
      return { got, channels };
    }, { url: relay.url });
    assert.deepEqual(r.got, [["dep", 5, null], ["primary", 5]]);
    assert.deepEqual(r.channels, [], "relay subscribes to nothing");
  } finally {
    await relay.close();
  }
});

test('connection status: "connecting" first, "unavailable" when no server answers', T, async () => {
  const r = await inPage(page, async ({ createStore }) => {
    const store = createStore({ url: "http://127.0.0.1:9", io: { reconnectionDelay: 100, reconnectionDelayMax: 100 } });
    const first = store.connectionStatus;
    await T.until(() => store.connectionStatus === "unavailable");
    store.close();
    return first;
  });
  assert.equal(r, "connecting");
});

test("echo driver vs the laravel-echo-like peer: unsubscribe stops delivery; resubscribe after a restart", T, async () => {
  let echo = await startEchoLike();
  const port = echo.port;
  const roomSize = (channel) => echo.io.sockets.adapter.rooms.get(channel)?.size ?? 0;
  try {
    await inPage(page, async ({ createStore, url }) => {
      const store = createStore({
        url,
        channelAuth: { headers: { Authorization: "Bearer ok" } },
        io: { reconnectionDelay: 100, reconnectionDelayMax: 200 },
        manifest: { dependencies: [{ identifiers: ["k1", "k2"], model: "CheckIn", events: { checkedIn: "AttendeeCheckedIn" } }] },
      });
      window.elStore = store;
      window.elGot = [];
      window.elOff1 = store.sockets.k1.checkedIn.listen((d) => window.elGot.push(d.n));
      store.sockets.k2.checkedIn.listen((d) => window.elGot.push(d.n));
      await T.until(() => store.connectionStatus === "connected");
    }, { url: echo.url });
    const waitRoom = async (channel, size) => {
      for (let i = 0; i < 100 && roomSize(channel) !== size; i++) await new Promise((ok) => setTimeout(ok, 20));
      assert.equal(roomSize(channel), size, `${channel} has ${size} member(s)`);
    };
    await waitRoom("private.CheckIn.k1", 1);
    await waitRoom("private.CheckIn.k2", 1);

    // Unsubscribing k1 leaves its room; an event there is no longer delivered.
    await page.evaluate(() => window.elOff1());
    await waitRoom("private.CheckIn.k1", 0);
    echo.io.to("private.CheckIn.k1").emit("AttendeeCheckedIn", "private.CheckIn.k1", { n: 1 });
    echo.io.to("private.CheckIn.k2").emit("AttendeeCheckedIn", "private.CheckIn.k2", { n: 2 });
    await page.evaluate(() => T.until(() => window.elGot.includes(2)));

    // The server restarts on the same port (rooms are gone): the store subscribes k2 again.
    await echo.close();
    echo = await startEchoLike({ port });
    await waitRoom("private.CheckIn.k2", 1);
    assert.equal(roomSize("private.CheckIn.k1"), 0);
    echo.io.to("private.CheckIn.k2").emit("AttendeeCheckedIn", "private.CheckIn.k2", { n: 3 });
    const got = await page.evaluate(async () => {
      await T.until(() => window.elGot.includes(3), 8000);
      window.elStore.close();
      return window.elGot;
    });
    assert.deepEqual(got, [2, 3]);
  } finally {
    await echo.close();
  }
});
