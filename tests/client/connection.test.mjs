// Transports, upgrade, heartbeat, reconnection and recovery: plugwire against socket.io-client.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startReferenceServer, startRestartable } from "../servers/reference.mjs";
import { startRawEngine } from "../servers/raw-engine.mjs";
import { openBrowser, both } from "./harness.mjs";

const T = { timeout: 40_000 };
let server;
let browser;
let context;

before(async () => {
  server = await startReferenceServer({ connectionStateRecovery: { maxDisconnectionDuration: 10_000 } });
  ({ browser, context } = await openBrowser());
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** `details` of a disconnect without the browser objects no two runs share. */
const shape = (log) => log.map((e) => e.map((x) => (x && typeof x === "object" && "context" in x ? { ...x, context: "<context>" } : x)));

test("long-polling only, and the polling → websocket upgrade really happening", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const poll = io(url, { forceNew: true, transports: ["polling"] });
    await T.next(poll, "connect");
    const polled = [poll.io.engine.transport.name, await poll.emitWithAck("transport"), await poll.emitWithAck("echo", "via polling")];
    poll.disconnect();

    const up = io(url, { forceNew: true });
    const upgrade = T.next(up.io.engine, "upgrade");
    const hello = T.next(up, "hello");
    await T.next(up, "connect");
    const first = (await hello)[2]; // the transport the server saw the connection arrive on
    const [transport] = await upgrade;
    const upgraded = [first, transport.name, up.io.engine.transport.name, await up.emitWithAck("transport")];
    const burst = [];
    up.on("burst", (i) => burst.push(i));
    await up.emitWithAck("burst", 50);
    await T.until(() => burst.length === 50);
    up.disconnect();

    const noUp = io(url, { forceNew: true, upgrade: false });
    await T.next(noUp, "connect");
    await T.sleep(400);
    const stayed = [noUp.io.engine.transport.name, await noUp.emitWithAck("transport")];
    noUp.disconnect();
    return { polled, upgraded, inOrder: burst.every((v, i) => v === i), stayed };
  });
  assert.deepEqual(r.reference, {
    polled: ["polling", "polling", "via polling"],
    upgraded: ["polling", "websocket", "websocket", "websocket"],
    inOrder: true,
    stayed: ["polling", "polling"],
  });
  assert.deepEqual(r.plugwire, r.reference);
});

test("rememberUpgrade starts the next connection on websocket", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const a = io(url, { forceNew: true, rememberUpgrade: true });
    await T.next(a.io.engine, "upgrade");
    await T.sleep(50);
    a.disconnect();
    const b = io(url, { forceNew: true, rememberUpgrade: true });
    await T.next(b, "connect");
    const name = b.io.engine.transport.name;
    b.disconnect();
    return name;
  });
  assert.equal(r.reference, "websocket");
  assert.equal(r.plugwire, r.reference);
});

test("a server killed and restarted: transport close, reconnect events, buffered emits delivered in order", T, async () => {
  const rs = await startRestartable();
  try {
    const r = await both(context, rs.url, async ({ io, url, control }) => {
      const s = io(url, { forceNew: true, transports: ["websocket"], reconnectionDelay: 100, reconnectionDelayMax: 200, randomizationFactor: 0 });
      const log = T.trace(s, ["connect", "disconnect"], ["reconnect_attempt", "reconnect", "close"]);
      await T.next(s, "connect");
      const firstId = s.id;
      await fetch(control + "/stop");
      await T.until(() => !s.connected);
      const acks = [];
      for (let i = 0; i < 5; i++) s.emit("echo", i, (v) => acks.push(v));
      await T.until(() => log.some((e) => e[1] === "reconnect_attempt"));
      await fetch(control + "/start");
      await T.until(() => s.connected, 8000);
      await T.until(() => acks.length === 5);
      const out = { log: log.map((e) => e.slice(0, 3)), acks, newId: s.id !== firstId, active: s.active };
      s.disconnect();
      return out;
    }, { control: rs.control });
    const ref = r.reference;
    assert.deepEqual(ref.acks, [0, 1, 2, 3, 4]);
    assert.deepEqual(ref.log.slice(0, 3), [["socket", "connect"], ["socket", "disconnect", "transport close"], ["manager", "close", "transport close"]]);
    assert.equal(ref.log.at(-1)[1], "connect");
    assert.equal(ref.log.at(-2)[1], "reconnect");
    // Attempt counts depend on timing; compare the shape of the log.
    const kinds = (log) => log.map((e) => e.slice(0, 2).join(" ")).filter((k, i, a) => k !== a[i - 1]);
    assert.deepEqual(kinds(r.plugwire.log), kinds(ref.log));
    assert.deepEqual(r.plugwire.acks, ref.acks);
    assert.equal(r.plugwire.newId, true);
  } finally {
    await rs.close();
  }
});

test("no ping from the server: 'ping timeout', then reconnection attempts", T, async () => {
  const raw = await startRawEngine("silent");
  try {
    const r = await both(context, server.url, async ({ io, url }) => {
      const s = io(url, { forceNew: true, transports: ["websocket"], reconnectionDelay: 5000 });
      const log = T.trace(s, ["connect", "disconnect"], ["close", "reconnect_attempt"]);
      await T.next(s, "connect");
      await T.next(s, "disconnect", 3000);
      await T.sleep(50);
      s.disconnect();
      return log;
    }, { url: raw.url });
    assert.deepEqual(r.reference.slice(0, 3), [["socket", "connect"], ["socket", "disconnect", "ping timeout", undefined], ["manager", "close", "ping timeout", undefined]]);
    assert.deepEqual(r.plugwire, r.reference);
  } finally {
    await raw.close();
  }
});

test("an undecodable packet closes with 'parse error'", T, async () => {
  const raw = await startRawEngine("garbage");
  try {
    const r = await both(context, server.url, async ({ io, url }) => {
      const s = io(url, { forceNew: true, transports: ["websocket"], reconnection: false });
      const log = T.trace(s, ["connect", "disconnect"], ["close"]);
      await T.next(s, "disconnect", 3000);
      return log.map((e) => e.slice(0, 3));
    }, { url: raw.url });
    assert.deepEqual(r.reference, [["socket", "connect"], ["socket", "disconnect", "parse error"], ["manager", "close", "parse error"]]);
    assert.deepEqual(r.plugwire, r.reference);
  } finally {
    await raw.close();
  }
});

test("the window's offline event closes the connection", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const s = io(url, { forceNew: true, transports: ["websocket"], reconnectionDelay: 100, randomizationFactor: 0 });
    await T.next(s, "connect");
    const got = T.next(s, "disconnect");
    window.dispatchEvent(new Event("offline"));
    const [reason, details] = await got;
    await T.next(s, "connect");
    s.disconnect();
    return [reason, T.plain(details)];
  });
  assert.deepEqual(r.reference, ["transport close", { description: "network connection lost" }]);
  assert.deepEqual(r.plugwire, r.reference);
});

test("closeOnBeforeunload: the transport is closed silently when the page unloads", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const a = io(url, { forceNew: true, transports: ["websocket"], closeOnBeforeunload: true, reconnection: false });
    const b = io(url, { forceNew: true, transports: ["websocket"], reconnection: false });
    await Promise.all([T.next(a, "connect"), T.next(b, "connect")]);
    const events = [];
    a.on("disconnect", (reason) => events.push(reason));
    window.dispatchEvent(new Event("beforeunload"));
    const settle = (p) => p.then((v) => ["ok", v], (e) => ["error", e.message]);
    const [fromA, fromB] = await Promise.all([
      settle(a.timeout(400).emitWithAck("echo", "a")),
      settle(b.timeout(400).emitWithAck("echo", "b")),
    ]);
    const out = { fromA, fromB, events, connected: [a.connected, b.connected] };
    a.disconnect();
    b.disconnect();
    return out;
  });
  assert.deepEqual(r.reference.fromA, ["error", "operation has timed out"]);
  assert.deepEqual(r.reference.fromB[0], "ok");
  assert.deepEqual(r.plugwire, r.reference);
});

test("retries: re-sent until acked, delivered in order, each acked exactly once", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const s = io(url, { forceNew: true, transports: ["websocket"], retries: 3, ackTimeout: 150 });
    await T.next(s, "connect");
    const seen = [];
    s.on("flaky-seen", (id, n) => seen.push([id, n]));
    const acks = [];
    const tag = Math.random().toString(36).slice(2);
    s.emit("flaky", tag + "a", 3, (err, n) => acks.push(["a", err && err.message, n]));
    s.emit("flaky", tag + "b", 1, (err, n) => acks.push(["b", err && err.message, n]));
    s.emit("flaky", tag + "c", 9, (err, n) => acks.push(["c", err && err.message, n]));
    await T.until(() => acks.length === 3, 8000);
    // A barrier: once the server has answered this, every `flaky-seen` it sent for the tries
    // before it has arrived (one connection, in order), however loaded the machine is.
    await s.timeout(4000).emitWithAck("echo", "barrier");
    s.disconnect();
    return { acks, seen: seen.map(([id, n]) => [id.slice(-1), n]) };
  });
  assert.deepEqual(r.reference.acks, [["a", null, 3], ["b", null, 1], ["c", "operation has timed out", undefined]]);
  assert.deepEqual(r.reference.seen, [["a", 1], ["a", 2], ["a", 3], ["b", 1], ["c", 1], ["c", 2], ["c", 3], ["c", 4]]);
  assert.deepEqual(r.plugwire, r.reference);
});

test("connection state recovery: recovered, and missed events delivered", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const s = io(url, { forceNew: true, transports: ["websocket"], reconnectionDelay: 100, randomizationFactor: 0 });
    await T.next(s, "connect");
    const first = { recovered: s.recovered, id: s.id };
    const got = [];
    s.on("burst", (i) => got.push(i));
    s.emit("close-transport");
    await T.next(s, "disconnect");
    await T.next(s, "connect");
    const out = { first: first.recovered, recovered: s.recovered, sameId: s.id === first.id };
    s.disconnect();
    return out;
  });
  assert.deepEqual(r.reference, { first: false, recovered: true, sameId: true });
  assert.deepEqual(r.plugwire, r.reference);
});

test("connection timeout and reconnect_failed after reconnectionAttempts", T, async () => {
  const r = await both(context, server.url, async ({ io }) => {
    // Nothing listens on port 9: every attempt fails at once.
    const s = io("http://127.0.0.1:9", { forceNew: true, transports: ["websocket"], reconnectionAttempts: 2, reconnectionDelay: 50, randomizationFactor: 0 });
    const log = T.trace(s, ["connect_error"], ["reconnect_attempt", "reconnect_error", "reconnect_failed", "error"]);
    await T.next(s.io, "reconnect_failed", 8000);
    await T.sleep(100);
    return log.map((e) => e.map((x) => (x && x.error ? "<error>" : x)));
  });
  // As in socket.io-client, the last attempt's reconnect_failed comes before its reconnect_error.
  assert.deepEqual(r.reference.filter((e) => e[0] === "manager" && e[1] !== "error").map((e) => e.slice(1)), [
    ["reconnect_attempt", 1], ["reconnect_error", "<error>"], ["reconnect_attempt", 2], ["reconnect_failed"], ["reconnect_error", "<error>"],
  ]);
  assert.deepEqual(r.plugwire, r.reference);
});

test("a manager closed with its sockets idle is used again: options, state and emits as before", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const s = io(url, { forceNew: true, transports: ["websocket"], reconnectionDelay: 123 });
    await T.next(s, "connect");
    s.io.reconnectionAttempts(4).randomizationFactor(0.25);
    const firstId = typeof s.id;
    s.disconnect();
    // Long enough for plugwire to free its idle core state (a task), and for both to settle.
    await T.sleep(20);
    const idle = {
      connected: s.connected, active: s.active, id: s.id ?? null,
      recovered: s.recovered, sendBuffer: s.sendBuffer.length, receiveBuffer: s.receiveBuffer.length,
      options: [s.io.reconnection(), s.io.reconnectionAttempts(), s.io.reconnectionDelay(), s.io.randomizationFactor()],
    };
    // Emitted while disconnected: buffered, then sent on connect.
    const acked = new Promise((ok) => s.emit("echo", "buffered", (v) => ok(v)));
    const buffered = s.sendBuffer.length;
    s.connect();
    await T.next(s, "connect");
    const again = { acked: await acked, echoed: await s.emitWithAck("echo", "again"), connected: s.connected, id: typeof s.id };
    // A namespace made on the manager used again.
    const nope = s.io.socket("/nope");
    nope.connect();
    const [err] = await T.next(nope, "connect_error");
    s.disconnect();
    return { firstId, idle, buffered, again, refused: err.message };
  });
  assert.deepEqual(r.reference.idle.options, [true, 4, 123, 0.25]);
  assert.equal(r.reference.buffered, 1);
  assert.deepEqual(r.reference.again, { acked: "buffered", echoed: "again", connected: true, id: "string" });
  assert.deepEqual(r.plugwire, r.reference);
});
