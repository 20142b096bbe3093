// The real laravel-echo-server 1.6.3 (socket.io 2.x) with the real laravel-echo 2.x client, once
// on socket.io-client 2.5.0 (the reference) and once on plugwire's `io`: public, private and
// presence channels, whispers, a refused channel, subscriptions restored after a restart; and
// the store's echo driver on the same server. Redis (Debian's redis-server) keeps the presence
// members; the page server answers laravel-echo-server's channel authorisation requests.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startRedis } from "../cluster/procs.mjs";
import { startPageServer, startEchoServer } from "./servers.mjs";
import { openBrowser, open, run, LIBS } from "./harness.mjs";

const T = { timeout: 60_000 };
let redis;
let pages;
let echo;
let browser;
let context;

/** Names the step a failure happened in. */
async function step(name, promise) {
  try {
    return await promise;
  } catch (e) {
    e.message = `${name}: ${e.message}`;
    throw e;
  }
}

before(async () => {
  redis = await startRedis();
  pages = await startPageServer();
  echo = await startEchoServer({ redisPort: redis.port, authHost: pages.url });
  ({ browser, context } = await openBrowser());
});
after(async () => {
  await browser?.close();
  await echo?.close();
  await pages?.close();
  await redis?.close();
});

/** Makes `window.users[name]`: an Echo client for that user, and its event log. */
const makeUser = async ({ io, Echo, url, name }) => {
  window.users ??= {};
  const echo = new Echo({ broadcaster: "socket.io", host: url, client: io, forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 300, auth: { headers: { Authorization: `Bearer ${name}` } } });
  const log = [];
  const socket = echo.connector.socket;
  socket.on("subscription_error", (channel, status) => log.push(["subscription_error", channel, status]));
  socket.io.on("reconnect", () => log.push(["reconnect"]));
  window.users[name] = { echo, log };
  await T.next(socket, "connect");
  return { idIsEngineId: echo.socketId() === socket.io.engine.id, idLength: echo.socketId().length };
};

test("laravel-echo on laravel-echo-server: public, private and presence channels, whispers, a refused channel", T, async () => {
  const results = {};
  for (const lib of LIBS) {
    const page = await open(context, pages.url, lib);
    const inPage = (fn, args = {}) => run(page, lib, fn, { url: echo.url, ...args });
    try {
      const ids = [await inPage(makeUser, { name: "alice" }), await inPage(makeUser, { name: "bob" })];
      await inPage(async () => {
        const { echo, log } = window.users.alice;
        echo.channel("news").listen(".NewsPublished", (d) => log.push(["news", d]));
        echo.private("orders").listen(".OrderShipped", (d) => log.push(["order", d])).listenForWhisper("typing", (d) => log.push(["whisper", d]));
        echo.private("secret").listen(".Nope", (d) => log.push(["secret", d]));
        echo.join("room")
          .here((members) => log.push(["here", members.map((m) => m.name)]))
          .joining((m) => log.push(["joining", m.name]))
          .leaving((m) => log.push(["leaving", m.name]));
      });
      await step("alice subscribed", Promise.all([echo.untilSubscribed("news", 1), echo.untilSubscribed("private-orders", 1), echo.untilSubscribed("presence-room", 1)]));
      await echo.broadcast("news", "NewsPublished", { title: "é€😀" });
      await echo.broadcast("private-orders", "OrderShipped", { id: 7 });
      await step("alice received", inPage(() => T.until(() => window.users.alice.log.some((e) => e[0] === "order") && window.users.alice.log.some((e) => e[0] === "news"))));
      // Bob joins the presence channel and the private one, and whispers there.
      await inPage(async () => {
        const { echo, log } = window.users.bob;
        echo.join("room").here((members) => log.push(["here", members.map((m) => m.name).sort()]));
        echo.private("orders");
      });
      await step("bob subscribed", Promise.all([echo.untilSubscribed("private-orders", 2), echo.untilSubscribed("presence-room", 2)]));
      await inPage(() => window.users.bob.echo.private("orders").whisper("typing", { name: "Bob" }));
      await step("whisper and joining", inPage(() => T.until(() => window.users.alice.log.some((e) => e[0] === "whisper") && window.users.alice.log.some((e) => e[0] === "joining") && window.users.bob.log.some((e) => e[0] === "here"))));
      await inPage(() => window.users.bob.echo.leave("room"));
      await step("leaving", inPage(() => T.until(() => window.users.alice.log.some((e) => e[0] === "leaving"))));
      const logs = await inPage(() => {
        const out = Object.fromEntries(Object.entries(window.users).map(([n, u]) => [n, u.log]));
        for (const u of Object.values(window.users)) u.echo.disconnect();
        return out;
      });
      // Each user's events in order; the order between channels is the server's, not asserted.
      const sort = (log) => [...log].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      results[lib] = { ids, alice: sort(logs.alice), bob: sort(logs.bob), presence: logs.alice.filter((e) => ["here", "joining", "leaving"].includes(e[0])) };
      await step("left", echo.untilSubscribed("presence-room", 0));
    } finally {
      await page.close();
    }
  }
  assert.deepEqual(results.sioc2, {
    ids: [{ idIsEngineId: true, idLength: 20 }, { idIsEngineId: true, idLength: 20 }],
    alice: [
      ["here", ["Alice"]],
      ["joining", "Bob"],
      ["leaving", "Bob"],
      ["news", { title: "é€😀" }],
      ["order", { id: 7 }],
      ["subscription_error", "private-secret", 403],
      ["whisper", { name: "Bob" }],
    ],
    bob: [["here", ["Alice", "Bob"]]],
    presence: [["here", ["Alice"]], ["joining", "Bob"], ["leaving", "Bob"]],
  });
  assert.deepEqual(results.plugwire, results.sioc2);
  assert.ok(pages.auth.some((a) => a.channel === "private-secret" && a.user === "Alice"), "the refusal came from the auth endpoint");
});

test("laravel-echo on laravel-echo-server: subscriptions restored after a server restart", T, async () => {
  const results = {};
  for (const lib of LIBS) {
    const page = await open(context, pages.url, lib);
    const inPage = (fn, args = {}) => run(page, lib, fn, { url: echo.url, ...args });
    try {
      await inPage(makeUser, { name: "alice" });
      await inPage(() => {
        const { echo, log } = window.users.alice;
        echo.channel("news").listen(".NewsPublished", (d) => log.push(["news", d]));
        echo.private("orders").listen(".OrderShipped", (d) => log.push(["order", d]));
        echo.join("room").here((members) => log.push(["here", members.map((m) => m.name)]));
      });
      await step("subscribed", Promise.all([echo.untilSubscribed("news", 1), echo.untilSubscribed("private-orders", 1), echo.untilSubscribed("presence-room", 1)]));
      await step("stopped", echo.stop());
      await step("disconnected", inPage(() => T.until(() => !window.users.alice.echo.connector.socket.connected, 10_000)));
      await step("started again", echo.start());
      await step("resubscribed", Promise.all([echo.untilSubscribed("news", 1, 15_000), echo.untilSubscribed("private-orders", 1), echo.untilSubscribed("presence-room", 1)]));
      await echo.broadcast("news", "NewsPublished", { n: 2 });
      await echo.broadcast("private-orders", "OrderShipped", { id: 8 });
      await step(
        "received after the restart",
        inPage(() => {
          const { log } = window.users.alice;
          const count = (...kinds) => log.filter((e) => kinds.includes(e[0])).length;
          return T.until(() => count("news", "order") === 2 && count("here") === 2, 5000, () => log);
        }),
      );
      results[lib] = await inPage(() => {
        const { echo, log } = window.users.alice;
        echo.disconnect();
        return log;
      });
      await step("left", echo.untilSubscribed("presence-room", 0));
    } finally {
      await page.close();
    }
  }
  const sort = (log) => [...log].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  assert.deepEqual(sort(results.sioc2), [["here", ["Alice"]], ["here", ["Alice"]], ["news", { n: 2 }], ["order", { id: 8 }], ["reconnect"]]);
  assert.deepEqual(sort(results.plugwire), sort(results.sioc2));
});

test("the store's echo driver on laravel-echo-server: channels, presence, a restart", T, async () => {
  const page = await open(context, pages.url, "plugwire");
  const inPage = (fn, args = {}) =>
    page.evaluate(
      async ([src, a]) => (0, eval)(`(${src})`)({ createStore: (await import("/pkg/index.js")).createStore, ...a }),
      [fn.toString(), { url: echo.url, ...args }],
    );
  try {
    await inPage(async ({ createStore, url }) => {
      const store = createStore({
        url,
        channelAuth: { headers: { Authorization: "Bearer alice" } },
        io: { reconnectionDelay: 100, reconnectionDelayMax: 300 },
        manifest: { dependencies: [{ identifier: "k1", model: "CheckIn", events: { checkedIn: "AttendeeCheckedIn" } }] },
      });
      window.store = store;
      window.got = [];
      store.sockets.k1.checkedIn.listen((d, meta) => window.got.push(["dep", d.n, meta.channel]));
      // A presence channel, subscribed through the store's own emit: its member events arrive
      // routed by channel, as Echo's would.
      for (const e of ["presence:subscribed", "presence:joining", "presence:leaving"]) {
        store.listenSocket("primary", e, (d, meta) => window.got.push([e, Array.isArray(d) ? d.map((m) => m.user_info.name) : d.user_info.name, meta.channel]));
      }
      await T.until(() => store.connectionStatus === "connected");
      store.emitSocket("primary", "subscribe", { channel: "presence-lobby", auth: { headers: { Authorization: "Bearer alice" } } });
    });
    await step("store subscribed", Promise.all([echo.untilSubscribed("private.CheckIn.k1", 1), echo.untilSubscribed("presence-lobby", 1)]));
    await echo.broadcast("private.CheckIn.k1", "AttendeeCheckedIn", { n: 1 });
    await echo.broadcast("private.CheckIn.k2", "AttendeeCheckedIn", { n: 99 });
    // Bob (an Echo client on plugwire) joins the presence channel, then leaves.
    await run(page, "plugwire", makeUser, { url: echo.url, name: "bob" });
    await page.evaluate(() => window.users.bob.echo.join("lobby"));
    await step("bob joined", echo.untilSubscribed("presence-lobby", 2));
    // The server stores a member after its API counts the subscriber: a leave sent before Alice sees
    // Bob joining can find no Bob to remove, and then no one is told he left.
    await step("joining", page.evaluate(() => T.until(() => window.got.some((e) => e[0] === "presence:joining") && window.got.some((e) => e[0] === "dep"))));
    await page.evaluate(() => window.users.bob.echo.leave("lobby"));
    await step("leaving", page.evaluate(() => T.until(() => window.got.some((e) => e[0] === "presence:leaving"))));
    // A restart: the store resubscribes its dependency channel.
    await step("stopped", echo.stop());
    await step("disconnected", page.evaluate(() => T.until(() => window.store.connectionStatus === "disconnected", 10_000)));
    await step("started again", echo.start());
    await step("resubscribed", echo.untilSubscribed("private.CheckIn.k1", 1, 15_000));
    await echo.broadcast("private.CheckIn.k1", "AttendeeCheckedIn", { n: 2 });
    const got = await step("after the restart", page.evaluate(async () => {
      await T.until(() => window.got.filter((e) => e[0] === "dep").length === 2);
      window.store.close();
      return window.got;
    }));
    assert.deepEqual(got, [
      ["presence:subscribed", ["Alice"], "presence-lobby"],
      ["dep", 1, "private.CheckIn.k1"],
      ["presence:joining", "Bob", "presence-lobby"],
      ["presence:leaving", "Bob", "presence-lobby"],
      ["dep", 2, "private.CheckIn.k1"],
    ]);
  } finally {
    await page.close();
  }
});
