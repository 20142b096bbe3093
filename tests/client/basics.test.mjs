// socket.io-client behaviour, scenario by scenario: plugwire must do exactly what the reference
// client does against the same Node socket.io 4.8 server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startReferenceServer } from "../servers/reference.mjs";
import { openBrowser, both } from "./harness.mjs";

const T = { timeout: 30_000 };
let server;
let browser;
let context;

before(async () => {
  server = await startReferenceServer({
    setup(io, handlers) {
      io.of("/chat").on("connection", handlers);
      io.of("/admin").use((socket, next) => {
        const err = new Error("not authorized");
        err.data = { code: 403, reason: "no token" };
        next(socket.handshake.auth.token === "admin" ? undefined : err);
      }).on("connection", handlers);
    },
  });
  ({ browser, context } = await openBrowser());
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("connect with auth and query; server events; emit with ack; emitWithAck", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const s = io(url, { auth: { token: "t1" }, query: { q: "v" }, transports: ["websocket"] });
    const log = T.trace(s);
    const [auth, q] = await T.next(s, "hello");
    const acked = await new Promise((ok) => s.emit("echo", { a: [1, "é"] }, 2, (...args) => ok(args)));
    const promised = await s.emitWithAck("echo", "x", null);
    const out = { auth, q, acked, promised, connected: s.connected, idLength: s.id.length, log };
    s.disconnect();
    out.after = { connected: s.connected, disconnected: s.disconnected, id: s.id ?? null, active: s.active };
    out.log = log;
    return out;
  });
  assert.deepEqual(r.reference.auth, { token: "t1" });
  assert.equal(r.reference.q, "v");
  assert.deepEqual(r.reference.acked, [{ a: [1, "é"] }, 2]);
  assert.deepEqual(r.reference.log, [["socket", "connect"], ["socket", "disconnect", "io client disconnect", undefined]]);
  assert.deepEqual(r.plugwire, r.reference);
});

test("connect_error carries the middleware's message and data; auth can be a function", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const denied = io(url + "/admin", { forceNew: true, reconnection: false });
    const [err] = await T.next(denied, "connect_error");
    const allowed = io(url + "/admin", { forceNew: true, auth: (cb) => setTimeout(() => cb({ token: "admin" }), 10) });
    const hello = T.next(allowed, "hello");
    await T.next(allowed, "connect");
    const [auth] = await hello;
    allowed.disconnect();
    return { err: T.plain(err), active: denied.active, auth };
  });
  assert.deepEqual(r.reference.err, { error: "not authorized", data: { code: 403, reason: "no token" } });
  assert.equal(r.reference.active, false);
  assert.deepEqual(r.reference.auth, { token: "admin" });
  assert.deepEqual(r.plugwire, r.reference);
});

test("two namespaces share one engine connection (multiplexing); forceNew does not", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const a = io(url, { transports: ["websocket"] });
    const b = io(url + "/chat", { transports: ["websocket"] });
    await Promise.all([T.next(a, "connect"), T.next(b, "connect")]);
    const same = a.io === b.io;
    const c = io(url + "/chat", { transports: ["websocket"] }); // same namespace again: new manager
    const d = io(url, { forceNew: true, transports: ["websocket"] });
    await Promise.all([T.next(c, "connect"), T.next(d, "connect")]);
    const out = { same, sameC: c.io === b.io, sameD: d.io === a.io, nsps: [a.nsp, b.nsp, c.nsp] };
    for (const s of [a, b, c, d]) s.disconnect();
    return out;
  });
  assert.deepEqual(r.reference, { same: true, sameC: false, sameD: false, nsps: ["/", "/chat", "/chat"] });
  assert.deepEqual(r.plugwire, r.reference);
});

test("one engine connection for two namespaces, seen from the server", T, async () => {
  const { browser: b2, context: c2 } = await openBrowser();
  try {
    const page = await c2.newPage();
    await page.goto(server.url + "/");
    const before = server.io.engine.clientsCount;
    await page.evaluate(async (url) => {
      const { io } = await import("/pkg/index.js");
      const a = io(url, { transports: ["websocket"] });
      const b = io(url + "/chat", { transports: ["websocket"] });
      await Promise.all([T.next(a, "connect"), T.next(b, "connect")]);
      window.sockets = [a, b];
    }, server.url);
    assert.equal(server.io.engine.clientsCount, before + 1);
    assert.equal(server.io.of("/chat").sockets.size >= 1, true);
  } finally {
    await b2.close();
  }
});

test("server-initiated disconnect and client disconnect reasons; no reconnect after either", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const s = io(url, { forceNew: true, transports: ["websocket"], reconnectionDelay: 50 });
    const log = T.trace(s, ["connect", "disconnect"], ["reconnect_attempt", "close"]);
    await T.next(s, "connect");
    s.emit("server-disconnect");
    await T.next(s, "disconnect");
    await T.sleep(300);
    const afterServer = { active: s.active, connected: s.connected };
    s.connect();
    await T.next(s, "connect");
    s.disconnect();
    await T.sleep(200);
    return { log, afterServer, active: s.active };
  });
  // The manager closes (its last socket left) before the socket reports its disconnection.
  assert.deepEqual(r.reference.log.map((e) => e.slice(0, 3)), [
    ["socket", "connect"],
    ["manager", "close", "forced close"],
    ["socket", "disconnect", "io server disconnect"],
    ["socket", "connect"],
    ["manager", "close", "forced close"],
    ["socket", "disconnect", "io client disconnect"],
  ]);
  assert.deepEqual(r.plugwire, r.reference);
});

test("emits while disconnected are buffered and flushed in order on connect; volatile ones dropped", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const s = io(url, { forceNew: true, autoConnect: false, transports: ["websocket"] });
    const acks = [];
    s.emit("echo", 1, (v) => acks.push(v));
    s.volatile.emit("echo", "volatile", (v) => acks.push(v));
    s.emit("echo", 2, (v) => acks.push(v));
    const outgoing = [];
    s.onAnyOutgoing((...a) => outgoing.push(a.filter((x) => typeof x !== "function")));
    s.connect();
    await T.until(() => acks.length === 2);
    s.emit("echo", 3, (v) => acks.push(v));
    await T.until(() => acks.length === 3);
    s.disconnect();
    return { acks, outgoing };
  });
  assert.deepEqual(r.reference.acks, [1, 2, 3]);
  assert.deepEqual(r.plugwire, r.reference);
});

test("ack timeouts: timeout(ms) and ackTimeout give error-first callbacks", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const s = io(url, { forceNew: true, transports: ["websocket"], ackTimeout: 150 });
    await T.next(s, "connect");
    const results = [];
    await new Promise((ok) => s.timeout(100).emit("no-ack", (err) => { results.push(T.plain(err)); ok(); }));
    await new Promise((ok) => s.emit("echo", "fine", (err, v) => { results.push([err, v]); ok(); }));
    await new Promise((ok) => s.emit("no-ack", (err) => { results.push(T.plain(err)); ok(); }));
    const rejected = await s.timeout(50).emitWithAck("ack-later", 300).catch((e) => T.plain(e));
    s.disconnect();
    return { results, rejected };
  });
  assert.deepEqual(r.reference.results, [{ error: "operation has timed out" }, [null, "fine"], { error: "operation has timed out" }]);
  assert.deepEqual(r.reference.rejected, { error: "operation has timed out" });
  assert.deepEqual(r.plugwire, r.reference);
});

test("pending error-first acks fail with 'socket has been disconnected'", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const s = io(url, { forceNew: true, transports: ["websocket"] });
    await T.next(s, "connect");
    const order = [];
    s.on("disconnect", () => order.push("disconnect"));
    const p = s.timeout(5000).emitWithAck("no-ack").catch((e) => { order.push(e.message); });
    const plain = [];
    s.emit("no-ack", () => plain.push("called"));
    s.disconnect();
    await p;
    await T.sleep(50);
    return { order, plain };
  });
  assert.deepEqual(r.reference, { order: ["disconnect", "socket has been disconnected"], plain: [] });
  assert.deepEqual(r.plugwire, r.reference);
});

test("a lost connection rejects emitWithAck, timeout or not, and drops plain ack callbacks", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const s = io(url, { forceNew: true, transports: ["websocket"] });
    await T.next(s, "connect");
    const states = { plain: "pending", timed: "pending", callback: "pending" };
    s.emitWithAck("no-ack").then(() => (states.plain = "resolved"), (e) => (states.plain = `rejected: ${e.message}`));
    s.timeout(5000).emitWithAck("no-ack").then(() => (states.timed = "resolved"), (e) => (states.timed = `rejected: ${e.message}`));
    s.emit("no-ack", () => (states.callback = "called"));
    s.disconnect();
    await T.until(() => states.timed !== "pending" && states.plain !== "pending");
    await T.sleep(100);
    return states;
  });
  const lost = "rejected: socket has been disconnected";
  assert.deepEqual(r.reference, { plain: lost, timed: lost, callback: "pending" });
  assert.deepEqual(r.plugwire, r.reference);
});

test("server asks for an ack; listeners, once, off, onAny, prependAny, offAny", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const s = io(url, { forceNew: true, transports: ["websocket"] });
    await T.next(s, "connect");
    const seen = [];
    s.on("q", (msg, ack) => { seen.push(["on", msg]); ack("answer", 42); });
    const once = (msg) => seen.push(["once", msg]);
    s.once("q", once);
    s.onAny((ev, ...args) => seen.push(["any", ev, args.length]));
    s.prependAny((ev) => seen.push(["prepend", ev]));
    const answer = await s.emitWithAck("ask", "q");
    const answer2 = await s.emitWithAck("ask", "q");
    const counts = [s.listeners("q").length, s.hasListeners("q"), s.listenersAny().length];
    s.offAny();
    s.off("q");
    const after = [s.listeners("q").length, s.hasListeners("q"), s.listenersAny().length];
    s.disconnect();
    return { seen, answer, answer2, counts, after };
  });
  assert.deepEqual(r.reference.answer, ["answer", 42]);
  assert.deepEqual(r.plugwire, r.reference);
});

test("reserved event names throw", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const s = io(url, { forceNew: true, autoConnect: false });
    const out = [];
    for (const ev of ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"]) {
      try { s.emit(ev); out.push("no throw"); } catch (e) { out.push(e.message); }
    }
    return out;
  });
  assert.equal(r.reference[0], '"connect" is a reserved event name');
  assert.deepEqual(r.plugwire, r.reference);
});

test("binary both ways: ArrayBuffer, typed arrays, nested in objects", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const s = io(url, { forceNew: true, transports: ["websocket"] });
    await T.next(s, "connect");
    const buf = new Uint8Array([0, 1, 2, 255]);
    const back = await s.emitWithAck("echo", { file: buf.buffer, view: buf.subarray(1, 3), n: 1, list: [new Uint16Array([258])] });
    s.disconnect();
    return T.plain(back);
  });
  assert.deepEqual(r.reference, { file: { bytes: [0, 1, 2, 255] }, view: { bytes: [1, 2] }, n: 1, list: [{ bytes: [2, 1] }] });
  assert.deepEqual(r.plugwire, r.reference);
});

test("Blob arguments are sent as binary, in order with the emits around them", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const s = io(url, { forceNew: true, transports: ["websocket"] });
    await T.next(s, "connect");
    const acks = [];
    s.emit("echo", "first", (v) => acks.push(v));
    s.emit("echo", { file: new Blob([new Uint8Array([7, 8, 9])]), name: "f.bin" }, (v) => acks.push(T.plain(v)));
    s.emit("echo", "third", (v) => acks.push(v));
    const viaPromise = await s.emitWithAck("echo", [new Blob(["hi"])]);
    await T.until(() => acks.length === 3);
    s.disconnect();
    return { acks, viaPromise: T.plain(viaPromise) };
  });
  assert.deepEqual(r.reference, { acks: ["first", { file: { bytes: [7, 8, 9] }, name: "f.bin" }, "third"], viaPromise: [{ bytes: [104, 105] }] });
  assert.deepEqual(r.plugwire, r.reference);
});

test("manager.uri, manager.opts, socket.sendBuffer and receiveBuffer", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const s = io(url + "/chat", { forceNew: true, autoConnect: false, transports: ["websocket"], reconnectionDelay: 123 });
    s.emit("echo", 1);
    s.emit("echo", { a: 2 }, () => {});
    const buffered = s.sendBuffer.map((p) => ({ type: p.type, data: p.data.filter((x) => typeof x !== "function"), hasId: "id" in p }));
    const out = { uri: s.io.uri, path: s.io.opts.path, delay: s.io.opts.reconnectionDelay, buffered, received: s.receiveBuffer.length };
    s.connect();
    await T.next(s, "connect");
    out.after = s.sendBuffer.length;
    s.disconnect();
    return out;
  });
  assert.deepEqual(r.reference, {
    uri: `${server.url}/chat`,
    path: "/socket.io",
    delay: 123,
    buffered: [{ type: 2, data: ["echo", 1], hasId: false }, { type: 2, data: ["echo", { a: 2 }], hasId: true }],
    received: 0,
    after: 0,
  });
  assert.deepEqual(r.plugwire, r.reference);
});
