// Socket.IO 2.x servers (Engine.IO v3) recognised and spoken: plugwire against a plain socket.io
// 2.5 Node server, scenario by scenario, with socket.io-client 2.5.0 as the reference (same
// scenario, same Chromium, identical results). socket.io-client 2's API differs from 4's in two
// places the scenarios smooth over: a refused namespace is its `error` event (plugwire:
// `connect_error`), and `disconnect` has no details argument.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startV2Server } from "./servers.mjs";
import { openBrowser, both, open, run } from "./harness.mjs";
import { newPage } from "../client/harness.mjs";

const T = { timeout: 30_000 };
const TRANSPORTS = [["polling"], ["websocket"], ["polling", "websocket"]];
let server;
let browser;
let context;

before(async () => {
  server = await startV2Server();
  ({ browser, context } = await openBrowser());
});
after(async () => {
  await browser?.close();
  await server?.close();
});

for (const transports of TRANSPORTS) {
  test(`${transports.join(" + ")}: connects with the engine id as socket id; events and acks both ways`, T, async () => {
    const r = await both(context, server.url, async ({ io, url, transports }) => {
      const s = io(url, { transports, forceNew: true, reconnection: false, query: { room: "r1" } });
      const log = [];
      for (const e of ["connect", "disconnect", "connect_error", "error"]) s.on(e, (why) => log.push(why === undefined ? [e] : [e, String(why)]));
      const [id, nsp, room] = await T.next(s, "hello");
      const out = { ids: id === s.id && s.id === s.io.engine.id, idLength: s.id.length, nsp, room };
      out.acked = await new Promise((ok) => s.emit("echo", { a: [1, "é€😀"] }, 2, (...a) => ok(a)));
      s.emit("echo", "plain", "€");
      out.echoed = await T.next(s, "echo");
      // Longer than a packet's head: Engine.IO 3 payloads (length-prefixed) pass whole.
      out.long = await new Promise((ok) => s.emit("echo", "é😀".repeat(60) + "[x]".repeat(40), (...a) => ok(a)));
      const question = T.next(s, "question");
      const answered = new Promise((ok) => s.emit("ask", ok));
      const [text, ack] = await question;
      ack("because", 42);
      out.question = text;
      out.answer = await answered;
      if (transports.length > 1 && s.io.engine.transport.name !== "websocket") await T.next(s.io.engine, "upgrade");
      out.transport = s.io.engine.transport.name;
      // The server ends the socket: "io server disconnect".
      s.emit("server-disconnect");
      await T.next(s, "disconnect");
      out.log = log;
      return out;
    }, { transports });
    assert.deepEqual(r.sioc2, {
      ids: true,
      idLength: 20,
      nsp: "/",
      room: "r1",
      acked: [{ a: [1, "é€😀"] }, 2],
      echoed: ["plain", "€"],
      long: ["é😀".repeat(60) + "[x]".repeat(40)],
      question: "why?",
      answer: ["because", 42],
      transport: transports.at(-1),
      log: [["connect"], ["disconnect", "io server disconnect"]],
    });
    assert.deepEqual(r.plugwire, r.sioc2);
  });

  test(`${transports.join(" + ")}: binary both ways`, T, async () => {
    const r = await both(context, server.url, async ({ io, url, transports }) => {
      const s = io(url, { transports, forceNew: true, reconnection: false });
      await T.next(s, "connect");
      const got = T.next(s, "bytes");
      const ack = await new Promise((ok) => s.emit("bytes", 300, ok));
      const [ev, list] = await got;
      const echoed = await new Promise((ok) => s.emit("echo", new Uint8Array([1, 2, 3]), { nested: [new Uint8Array([250]).buffer], s: "x" }, (...a) => ok(a)));
      s.disconnect();
      return { ack: T.plain(ack), n: ev.n, bufLength: ev.buf.byteLength, last: new Uint8Array(ev.buf)[299], list: T.plain(list), echoed: T.plain(echoed) };
    }, { transports });
    assert.deepEqual(r.sioc2, {
      ack: { first: { bytes: [0, 1, 2] } },
      n: 300,
      bufLength: 300,
      last: 299 % 256,
      list: [{ bytes: [0, 1] }],
      echoed: [{ bytes: [1, 2, 3] }, { nested: [{ bytes: [250] }], s: "x" }],
    });
    assert.deepEqual(r.plugwire, r.sioc2);
  });
}

test("namespaces: CONNECT with the query, ids prefixed with the namespace, multiplexed with /", T, async () => {
  const r = await both(context, server.url, async ({ io, url }) => {
    const chat = io(url + "/chat", { forceNew: true, query: { room: "lobby" } });
    const [id, nsp, room] = await T.next(chat, "hello");
    const out = { chat: { sameId: id === chat.id, prefixed: chat.id === "/chat#" + chat.io.engine.id, nsp, room } };
    out.chatEcho = await new Promise((ok) => chat.emit("echo", "c", ok));
    chat.disconnect();
    // The default namespace and another on one connection.
    const root = io(url, { forceNew: true, query: { room: "hall" } });
    const other = root.io.socket("/chat");
    const [rootHello, otherHello] = await Promise.all([T.next(root, "hello"), T.next(other, "hello")]);
    out.multiplexed = {
      root: [rootHello[0] === root.io.engine.id, rootHello[2]],
      other: [otherHello[0] === "/chat#" + root.io.engine.id, otherHello[2]],
      echoes: await Promise.all([new Promise((ok) => root.emit("echo", "r", ok)), new Promise((ok) => other.emit("echo", "o", ok))]),
    };
    other.disconnect();
    root.disconnect();
    return out;
  });
  assert.deepEqual(r.sioc2, {
    chat: { sameId: true, prefixed: true, nsp: "/chat", room: "lobby" },
    chatEcho: "c",
    multiplexed: { root: [true, "hall"], other: [true, "hall"], echoes: ["r", "o"] },
  });
  assert.deepEqual(r.plugwire, r.sioc2);
});

test("plugwire: a socket for / made after another namespace takes the server's implicit connection (socket.io-client 2 never connects it)", T, async () => {
  const page = await open(context, server.url, "plugwire");
  try {
    const r = await run(page, "plugwire", async ({ io, url }) => {
      const chat = io(url + "/chat", { forceNew: true });
      await T.next(chat, "hello");
      const root = chat.io.socket("/");
      // The server greeted its implicit `/` socket before this one existed: no hello to wait for.
      if (!root.connected) await T.next(root, "connect");
      const id = root.id;
      const out = { id: id === chat.io.engine.id, echo: await new Promise((ok) => root.emit("echo", "r", ok)) };
      root.disconnect();
      out.chatStill = chat.connected;
      chat.disconnect();
      return out;
    }, { url: server.url });
    assert.deepEqual(r, { id: true, echo: "r", chatStill: true });
  } finally {
    await page.close();
  }
});

test("a namespace refused by a middleware: the server's error string", T, async () => {
  const r = await both(context, server.url, async ({ io, url, lib }) => {
    const s = io(url + "/admin", { forceNew: true, reconnection: false });
    // socket.io-client 2 reports it as `error` (a string), plugwire as `connect_error`.
    const message = await new Promise((ok) => {
      s.on("error", (e) => ok(typeof e === "string" ? e : e.message));
      s.on("connect_error", (e) => ok(e.message));
      setTimeout(() => ok("nothing within 5 s"), 5000);
    });
    const out = { message, connected: s.connected, id: s.id ?? null };
    s.io.engine?.close();
    return out;
  });
  assert.deepEqual(r.sioc2, { message: "not authorized", connected: false, id: null });
  assert.deepEqual(r.plugwire, r.sioc2);
});

for (const transports of [["polling"], ["websocket"]]) {
  test(`${transports[0]}: the client pings (the server would close a silent client) and a missing pong is a ping timeout`, T, async () => {
    const r = await both(context, server.url, async ({ io, url, transports }) => {
      const s = io(url, { transports, forceNew: true, reconnection: false });
      const log = [];
      s.on("disconnect", (why) => log.push(why));
      await T.next(s, "connect");
      // pingInterval 300 + pingTimeout 200: three pings outlast what a silent client survives.
      for (let i = 0; i < 3; i++) await T.next(s.io, "ping", 2000);
      const alive = { connected: s.connected, disconnects: log.length };
      s.disconnect();
      // A server that answers no ping: the client gives up after pingInterval + pingTimeout.
      const mute = io(url, { transports, forceNew: true, reconnection: false, query: { nopong: 1 } });
      await T.next(mute, "connect");
      const started = Date.now();
      const [reason] = await T.next(mute, "disconnect", 3000);
      return { alive, reason, inTime: Date.now() - started < 1500 };
    }, { transports });
    assert.deepEqual(r.sioc2, { alive: { connected: true, disconnects: 0 }, reason: "ping timeout", inTime: true });
    assert.deepEqual(r.plugwire, r.sioc2);
  });
}

test("protocol pinned: 3 speaks v2 from the first request; 4 fails as socket.io-client 4 does", T, async () => {
  const page = await open(context, server.url, "plugwire");
  try {
    const three = await run(page, "plugwire", async ({ io, url }) => {
      const out = {};
      for (const transports of [["polling"], ["websocket"]]) {
        const s = io(url, { transports, forceNew: true, protocol: 3 });
        const [id] = await T.next(s, "hello");
        out[transports[0]] = id === s.io.engine.id;
        s.disconnect();
      }
      return out;
    }, { url: server.url });
    assert.deepEqual(three, { polling: true, websocket: true });
  } finally {
    await page.close();
  }
  // Pinned to 4, plugwire reports what socket.io-client 4.8 reports against a 2.x server.
  const pinned = {};
  for (const lib of ["sioc4", "plugwire"]) {
    const p = await newPage(context, server.url);
    try {
      pinned[lib] = await p.evaluate(async ([lib, url]) => {
        const { io } = await import(lib === "sioc4" ? "/sioc4/socket.io.esm.min.js" : "/pkg/index.js");
        const s = io(url, { transports: ["websocket"], forceNew: true, reconnection: false, protocol: 4 });
        const [err] = await T.next(s, "connect_error");
        s.disconnect();
        return err.message;
      }, [lib, server.url]);
    } finally {
      await p.close();
    }
  }
  assert.match(pinned.sioc4, /^It seems you are trying to reach a Socket.IO server in v2.x with a v3.x client/);
  assert.equal(pinned.plugwire, pinned.sioc4);
});
