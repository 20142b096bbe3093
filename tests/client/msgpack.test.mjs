// The msgpack parser: plugwire with `plugwire/msgpack` (and with socket.io-msgpack-parser given
// as it is, once `plugwire/parser` is loaded) against the Node socket.io server configured with
// socket.io-msgpack-parser, and socket.io-client with the same parser as the reference: every
// scenario must give identical results.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { build } from "esbuild";
import { startReferenceServer } from "../servers/reference.mjs";
import { openBrowser, newPage, run } from "./harness.mjs";

const require = createRequire(import.meta.url);
const msgpack = require("socket.io-msgpack-parser");
const ROOT = new URL("../../", import.meta.url).pathname;
const T = { timeout: 30_000 };
let server;
let browser;
let context;
/** Browser builds (ES modules, as text) of the parsers each client is given. */
const code = {};

async function bundle(contents) {
  const r = await build({
    stdin: { contents, resolveDir: ROOT, loader: "js" },
    bundle: true, format: "esm", platform: "browser", write: false, logLevel: "warning",
  });
  return r.outputFiles[0].text;
}

before(async () => {
  code.module = await bundle(`import * as m from "socket.io-msgpack-parser"; export default m;`);
  code.plugwire = await bundle(`export { default } from "./pkg/msgpack.js";`);
  server = await startReferenceServer({
    parser: msgpack,
    setup(io, handlers) {
      io.of("/chat").on("connection", handlers);
      io.of("/admin").use((socket, next) => {
        const err = new Error("not authorized");
        err.data = { code: 403, reason: ["no", "token"] };
        next(err);
      });
      io.on("connection", (socket) => {
        // Frames the parser cannot decode: not MessagePack at all, and a packet of no known type.
        socket.on("garbage", () => socket.conn.write(Buffer.from([0xc1])));
        socket.on("bad-type", () => socket.conn.write(msgpack.Encoder.prototype.encode({ type: 9, nsp: "/", data: [] })[0]));
        socket.on("kinds", (...args) => {
          const ack = args.pop();
          ack(args.map((a) => (Buffer.isBuffer(a) ? "Buffer" : a instanceof ArrayBuffer ? "ArrayBuffer" : typeof a)));
        });
      });
    },
  });
  ({ browser, context } = await openBrowser());
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Runs `scenario` with socket.io-client and socket.io-msgpack-parser, with plugwire and
 * plugwire/msgpack, and with plugwire given socket.io-msgpack-parser as it is. */
async function all(scenario, args = {}) {
  const out = {};
  for (const [name, lib, parser, raw] of [
    ["reference", "reference", code.module, false],
    ["plugwire", "plugwire", code.plugwire, false],
    ["plugwireModule", "plugwire", code.module, true],
  ]) {
    const page = await newPage(context, server.url);
    try {
      out[name] = await run(page, lib, async (a) => {
        if (a.raw) await import(a.url + "/pkg/parser.js");
        const mod = await import(URL.createObjectURL(new Blob([a.parser], { type: "text/javascript" })));
        const scenario = (0, eval)(`(${a.scenario})`);
        return scenario({ ...a, parser: mod.default });
      }, { url: server.url, parser, raw, scenario: scenario.toString(), ...args });
    } finally {
      await page.close();
    }
  }
  return out;
}

/** The same results from every client. */
function same(r) {
  assert.deepEqual(r.plugwire, r.reference, "plugwire/msgpack");
  assert.deepEqual(r.plugwireModule, r.reference, "socket.io-msgpack-parser given as it is");
}

const TRANSPORTS = { polling: ["polling"], websocket: ["websocket"], "polling then upgrade": ["polling", "websocket"] };

for (const [name, transports] of Object.entries(TRANSPORTS)) {
  test(`${name}: events, acks both ways and binary anywhere in a payload`, T, async () => {
    const r = await all(async ({ io, url, parser, transports }) => {
      const s = io(url, { parser, transports, forceNew: true, auth: { token: "t" }, query: { q: "v" } });
      const [auth, q] = await T.next(s, "hello");
      const bytes = new Uint8Array([0, 1, 2, 255]).buffer;
      const echoed = await s.emitWithAck("echo", { nested: [bytes, { deep: bytes }] }, "é", 2, null, true);
      const kinds = await s.emitWithAck("kinds", bytes, "x", 1);
      // Longer than the head of a packet plugwire passes to its core (the host maps it back).
      const long = await s.emitWithAck("echo", "é😀".repeat(60) + "[x]".repeat(40));
      // The server asks, the client answers with binary: the server reports what it received.
      s.on("question", (text, ack) => ack(text, new Uint8Array([9, 8]).buffer));
      const answer = await s.emitWithAck("ask", "question");
      const got = [];
      s.on("burst", (i) => got.push(i));
      const count = await s.emitWithAck("burst", 50);
      await T.until(() => got.length === 50);
      const transport = s.io.engine.transport.name;
      s.disconnect();
      return { auth, q, echoed: T.plain(echoed), kinds, long, answer: T.plain(answer), count, ordered: got.every((v, i) => v === i), transport, id: typeof s.id };
    }, { transports });
    assert.deepEqual(r.reference.echoed, { nested: [{ bytes: [0, 1, 2, 255] }, { deep: { bytes: [0, 1, 2, 255] } }] });
    assert.deepEqual(r.reference.kinds, ["Buffer", "string", "number"]);
    assert.equal(r.reference.long, "é😀".repeat(60) + "[x]".repeat(40));
    assert.deepEqual(r.reference.answer, ["question", { bytes: [9, 8] }]);
    assert.equal(r.reference.ordered, true);
    same(r);
  });
}

test("namespaces on one connection; a middleware's refusal with its data", T, async () => {
  const r = await all(async ({ io, url, parser }) => {
    const a = io(url, { parser, transports: ["websocket"], forceNew: true });
    const chat = a.io.socket("/chat");
    chat.connect();
    const [[hello], [again]] = await Promise.all([T.next(a, "hello"), T.next(chat, "hello")]);
    const echoed = await chat.emitWithAck("echo", "in chat");
    const denied = io(url + "/admin", { parser, forceNew: true, reconnection: false });
    const [err] = await T.next(denied, "connect_error");
    a.disconnect();
    chat.disconnect();
    return { hello, again, echoed, err: T.plain(err), active: denied.active };
  });
  assert.deepEqual(r.reference.err, { error: "not authorized", data: { code: 403, reason: ["no", "token"] } });
  same(r);
});

for (const [event, what] of [["garbage", "a frame that is not MessagePack"], ["bad-type", "a packet of no known type"]]) {
  test(`${what}: the session closes with "parse error", then reconnects`, T, async () => {
    const r = await all(async ({ io, url, parser, event }) => {
      const s = io(url, { parser, transports: ["websocket"], forceNew: true, reconnectionDelay: 50, reconnectionDelayMax: 50 });
      await T.next(s, "connect");
      s.emit(event);
      const [reason] = await T.next(s, "disconnect");
      await T.next(s, "connect");
      const echoed = await s.emitWithAck("echo", "after");
      s.disconnect();
      return { reason, echoed };
    }, { event });
    assert.deepEqual(r.reference, { reason: "parse error", echoed: "after" });
    same(r);
  });
}

test("without plugwire/parser, a parser module given as it is is refused with a clear error", T, async () => {
  const page = await newPage(context, server.url);
  try {
    const r = await run(page, "plugwire", async ({ io, url, parser }) => {
      const mod = await import(URL.createObjectURL(new Blob([parser], { type: "text/javascript" })));
      try {
        io(url, { parser: mod.default, forceNew: true });
        return "accepted";
      } catch (e) {
        return `${e.name}: ${e.message}`;
      }
    }, { url: server.url, parser: code.module });
    assert.match(r, /^TypeError: plugwire: a parser module needs import "plugwire\/parser"$/);
  } finally {
    await page.close();
  }
});
