// The engine and manager surface applications use (engine.io-client's socket as
// `manager.engine`), transport error objects, and misbehaving peers: plugwire against
// socket.io-client, same scenario, identical results.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startReferenceServer } from "../servers/reference.mjs";
import { startMisbehaving, startRefusingPolls } from "../servers/misbehaving.mjs";
import { startRawPeer } from "../servers/raw-engine.mjs";
import { openBrowser, both } from "./harness.mjs";

const T = { timeout: 40_000 };
let server;
let browser;
let context;

before(async () => {
  server = await startReferenceServer();
  ({ browser, context } = await openBrowser());
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("manager.engine: none before the first open, a new one per connection, its events, close()", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const s = io(url, { forceNew: true, autoConnect: false, reconnectionDelay: 50, reconnectionDelayMax: 50 });
    const before = s.io.engine === undefined;
    s.connect();
    const e1 = s.io.engine;
    const log = [];
    const name = (x) => (x instanceof Error ? `Error: ${x.message}` : x && typeof x === "object" ? x.name : x);
    for (const ev of ["open", "upgrade", "close"]) e1.on(ev, (...a) => log.push([ev, ...a.map(name)]));
    const types = new Set();
    const created = new Set();
    let drains = 0;
    e1.on("packet", (p) => types.add(p.type));
    e1.on("packetCreate", (p) => created.add(`${p.type}:${p.options?.compress}`));
    e1.on("drain", () => drains++);
    // A listener added on every connect lands on that connection's engine: none pile up.
    s.on("connect", () => s.io.engine.on("upgrade", () => {}));
    await T.next(s, "connect");
    await T.until(() => log.some(([ev]) => ev === "upgrade"));
    const echoed = await s.emitWithAck("echo", "x");
    const open = [e1.readyState, e1.transport.name, typeof e1.id];
    let disconnected = T.next(s, "disconnect");
    e1.close();
    const [reason] = await disconnected;
    await T.next(s, "connect");
    disconnected = T.next(s, "disconnect");
    s.io.engine.close();
    await disconnected;
    await T.next(s, "connect");
    const upgrades = s.io.engine.listeners("upgrade").length;
    const fresh = s.io.engine !== e1;
    s.disconnect();
    return {
      before,
      open,
      echoed,
      log,
      received: ["open", "message"].every((t) => types.has(t)),
      created: created.has("message:true"),
      drained: drains > 0,
      reason,
      fresh,
      oldEngine: e1.readyState,
      upgrades,
    };
  });
  assert.deepEqual(r.reference, {
    before: true,
    open: ["open", "websocket", "string"],
    echoed: "x",
    log: [["open"], ["upgrade", "websocket"], ["close", "forced close", undefined]],
    received: true,
    created: true,
    drained: true,
    reason: "forced close",
    fresh: true,
    oldEngine: "closed",
    upgrades: 1,
  });
  assert.deepEqual(r.plugwire, r.reference);
});

test("reconnection(false) from a reconnect_error listener stops the running loop", T, async () => {
  const r = await both(context, server.url, async ({ Manager }) => {
    const m = new Manager("http://127.0.0.1:1", { reconnectionDelay: 20, reconnectionDelayMax: 20, randomizationFactor: 0 });
    const log = [];
    m.on("reconnect_attempt", (n) => log.push(["reconnect_attempt", n]));
    m.on("reconnect_error", () => {
      log.push(["reconnect_error"]);
      m.reconnection(false);
    });
    m.on("reconnect_failed", () => log.push(["reconnect_failed"]));
    await T.next(m, "reconnect_error", 5000);
    // Nothing more may happen: the next attempt would have been due 20 ms later.
    await T.sleep(300);
    m.disconnect();
    return { log, reconnection: m.reconnection() };
  });
  assert.deepEqual(r.reference, { log: [["reconnect_attempt", 1], ["reconnect_error"]], reconnection: false });
  assert.deepEqual(r.plugwire, r.reference);
});

test("a refused polling request is engine.io-client's TransportError (type, description, context)", T, async () => {
  const peer = await startRefusingPolls();
  try {
    const r = await both(context, server.url, async ({ io, url }) => {
      const s = io(url, { forceNew: true, transports: ["polling"], reconnection: false });
      const fields = (e) => ({ message: e.message, type: e.type, description: e.description, context: e.context !== undefined });
      const log = [];
      s.io.on("error", (e) => log.push(["manager error", fields(e)]));
      s.on("connect_error", (e) => log.push(["connect_error", fields(e)]));
      s.on("disconnect", (reason, d) => log.push(["disconnect", reason, d && fields(d)]));
      s.io.on("close", (reason, d) => log.push(["manager close", reason, d && fields(d)]));
      await T.until(() => log.some(([ev]) => ev === "manager close"));
      const seen = log.slice();
      s.disconnect();
      return seen;
    }, { url: peer.url });
    const err = { message: "xhr post error", type: "TransportError", description: 400, context: true };
    assert.deepEqual(r.reference, [
      ["connect_error", err],
      ["manager error", err],
      ["disconnect", "transport error", err],
      ["manager close", "transport error", err],
    ]);
    assert.deepEqual(r.plugwire, r.reference);
  } finally {
    await peer.close();
  }
});

for (const [mode, what] of [
  ["bad-frame", "an undecodable Engine.IO frame closes with transport error"],
  ["close-packet", "a close packet over WebSocket is ignored"],
  ["big-ack", "an ack for an id beyond 2^53 is ignored"],
  ["bad-packet", "an undecodable Socket.IO packet closes with parse error, without a manager error"],
  ["odd-namespace", "an event for a namespace named with a space is dropped"],
  ["glued-namespace", "a namespace name running into the data is one name (dropped)"],
  ["no-data", "an event without data is dropped"],
  ["other-namespace", "malformed data for a namespace no socket joined is a parse error"],
]) {
  test(`misbehaving peer: ${what}`, T, async () => {
    const peer = await startMisbehaving(mode);
    try {
      const r = await both(context, server.url, async ({ io, url }) => {
        const s = io(url, { forceNew: true, transports: ["websocket"], reconnection: false });
        const log = [];
        s.on("connect", () => log.push(["connect"]));
        s.on("after", () => log.push(["after"]));
        s.on("disconnect", (reason, d) => log.push(["disconnect", reason, d instanceof Error ? `Error: ${d.message}` : d]));
        s.io.on("error", (e) => log.push(["manager error", e.message]));
        await T.until(() => log.some(([ev]) => ev === "after" || ev === "disconnect"));
        // Let anything that follows the first outcome arrive (a close after "after" is a bug).
        await T.sleep(150);
        s.disconnect();
        return log.filter(([ev, reason]) => !(ev === "disconnect" && reason === "io client disconnect"));
      }, { url: peer.url });
      const expected = {
        "bad-frame": [["connect"], ["manager error", "server error"], ["disconnect", "transport error", "Error: server error"]],
        "close-packet": [["connect"], ["after"]],
        "big-ack": [["connect"], ["after"]],
        "bad-packet": [["connect"], ["disconnect", "parse error", r.reference.at(-1)?.[2]]],
        "odd-namespace": [["connect"], ["after"]],
        "glued-namespace": [["connect"], ["after"]],
        "no-data": [["connect"], ["after"]],
        "other-namespace": [["connect"], ["disconnect", "parse error", r.reference.at(-1)?.[2]]],
      }[mode];
      assert.deepEqual(r.reference, expected);
      assert.equal(r.plugwire.length, r.reference.length, JSON.stringify(r.plugwire));
      // A parse error's details are the parser's own Error: same reason, an Error either way.
      if (r.reference.at(-1)[1] === "parse error") assert.match(String(r.plugwire.at(-1)[2]), /^Error: /);
      else assert.deepEqual(r.plugwire, r.reference);
      assert.deepEqual(r.plugwire.map((e) => e.slice(0, 2)), r.reference.map((e) => e.slice(0, 2)));
    } finally {
      await peer.close();
    }
  });
}

// The handshake and the CONNECT data are read as JSON.parse reads them (socket.io-client's
// parser): a repeated key's last value counts, a number may be written with an exponent, a
// nested value is read whole (a malformed one is a malformed packet). (A handshake without
// maxPayload over WebSocket is a Socket.IO 2.x server's: each has one.)
for (const [what, handshake, connect, expected] of [
  [
    "a repeated key's last value, exponents, nested values",
    (sid) => `{"sid":"first","upgrades":[],"sid":"${sid}","pingInterval":1e4,"pingTimeout":5e3,"maxPayload":1e6,"x":{"sid":"nested","y":[1,{"z":"]"}]}}`,
    (sid) => `{"sid":"one","pid":null,"sid":"ns${sid}","more":{"sid":"}"}}`,
    (sid) => [["connect", sid, `ns${sid}`], ["after"]],
  ],
  [
    "a CONNECT whose nested value is not JSON",
    (sid) => JSON.stringify({ sid, upgrades: [], pingInterval: 10000, pingTimeout: 5000, maxPayload: 1e6 }),
    (sid) => `{"sid":"ns${sid}","more":[1,}`,
    () => [["disconnect", "parse error"]],
  ],
]) {
  test(`handshake and CONNECT data: ${what}`, T, async () => {
    const peer = await startRawPeer({ handshake, connect, onJoin: (ws) => ws.send('42["after"]') });
    try {
      const r = await both(context, server.url, async ({ io, url }) => {
        const s = io(url, { forceNew: true, transports: ["websocket"], reconnection: false });
        const log = [];
        s.on("connect", () => log.push(["connect", s.io.engine.id, s.id]));
        s.on("after", () => log.push(["after"]));
        s.on("disconnect", (reason) => log.push(["disconnect", reason]));
        s.on("connect_error", (e) => log.push(["connect_error", e.message]));
        await T.until(() => log.some(([ev]) => ev === "after" || ev === "disconnect" || ev === "connect_error"));
        await T.sleep(100);
        s.disconnect();
        return log.filter(([ev, reason]) => !(ev === "disconnect" && reason === "io client disconnect"));
      }, { url: peer.url });
      // The peer numbers its sessions: the reference's was the first, plugwire's the second.
      assert.deepEqual(r.reference, expected("raw00000000000000001"));
      assert.deepEqual(r.plugwire, expected("raw00000000000000002"));
    } finally {
      await peer.close();
    }
  });
}
