// The msgpack parser in Node: plugwire's Node entry with `plugwire/msgpack` (ES module and
// CommonJS) against the official Node socket.io server configured with socket.io-msgpack-parser,
// and against `plugwire serve --parser msgpack` (socketioxide's msgpack parser), with
// socket.io-client and socket.io-msgpack-parser as the reference: identical results.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as sioc from "socket.io-client";
import * as plugwire from "plugwire";
import plugwireMsgpack from "plugwire/msgpack";
import { startReferenceServer } from "../servers/reference.mjs";
import { startServer, post, next } from "../devserver/harness.mjs";

const require = createRequire(import.meta.url);
const msgpack = require("socket.io-msgpack-parser");
const T = { timeout: 30_000 };
let server;
let dev;
let plain;

before(async () => {
  server = await startReferenceServer({
    parser: msgpack,
    setup(io) {
      io.on("connection", (socket) => {
        socket.on("kinds", (...args) => {
          const ack = args.pop();
          ack(args.map((a) => (Buffer.isBuffer(a) ? "Buffer" : a instanceof ArrayBuffer ? "ArrayBuffer" : typeof a)));
        });
      });
    },
  });
  dev = await startServer({ args: ["--parser", "msgpack"] });
  plain = await startReferenceServer();
});
after(async () => {
  await server?.close();
  await dev?.stop();
  await plain?.close();
});

const bytes = (v) => [...new Uint8Array(v.buffer ? v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) : v)];

async function scenario(io, parser) {
  const s = io(server.url, { parser, forceNew: true, reconnection: false, auth: { token: "node" } });
  const [auth] = await next(s, "hello");
  const echoed = await s.emitWithAck("echo", { a: [1, "é", null], b: Buffer.from([1, 2, 3]) });
  const kinds = await s.emitWithAck("kinds", Buffer.from([4]), "x", 1);
  s.on("question", (text, ack) => ack(text, Buffer.from([9])));
  const answer = await s.emitWithAck("ask", "question");
  const burst = [];
  s.on("burst", (i) => burst.push(i));
  const count = await s.emitWithAck("burst", 20);
  s.emit("server-disconnect");
  const [reason] = await next(s, "disconnect");
  return { auth, echoed: { a: echoed.a, b: bytes(echoed.b) }, kinds, answer: [answer[0], bytes(answer[1])], count, burst, reason };
}

test("Node: plugwire/msgpack behaves as socket.io-client with socket.io-msgpack-parser", T, async () => {
  const reference = await scenario(sioc.io, msgpack);
  assert.deepEqual(reference.kinds, ["Buffer", "string", "number"]);
  assert.deepEqual(reference.answer, ["question", [9]]);
  assert.equal(reference.reason, "io server disconnect");
  assert.deepEqual(await scenario(plugwire.io, plugwireMsgpack), reference);
  // The CommonJS entry is the same parser.
  assert.deepEqual(await scenario(plugwire.io, require("plugwire/msgpack").parser), reference);
});

async function devScenario(io, parser) {
  const s = io(dev.url, { parser, forceNew: true, reconnection: false });
  await next(s, "connect");
  const got = next(s, "OrderShipped");
  const res = await post(dev.url, { event: "OrderShipped", data: { id: 7, tags: ["a"] } });
  const [data] = await got;
  s.disconnect();
  return { clients: res.body.clients, data };
}

test("Node: plugwire/msgpack with `plugwire serve --parser msgpack` (socketioxide's parser)", T, async () => {
  const reference = await devScenario(sioc.io, msgpack);
  assert.deepEqual(reference, { clients: 1, data: { id: 7, tags: ["a"] } });
  assert.deepEqual(await devScenario(plugwire.io, plugwireMsgpack), reference);
});

test("Node: socket.io-parser itself as a custom parser (binary packets as types 5 and 6) gives what the default parser gives", T, async () => {
  await import("plugwire/parser");
  const parser = require("socket.io-parser");
  const run = async (opts) => {
    const s = plugwire.io(plain.url, { forceNew: true, reconnection: false, ...opts });
    await next(s, "connect");
    const echoed = await s.emitWithAck("echo", { b: Buffer.from([7, 8]), n: [1, "é"] });
    s.on("question", (text, ack) => ack(text, Buffer.from([5])));
    const answer = await s.emitWithAck("ask", "question");
    s.disconnect();
    return { echoed: { b: bytes(echoed.b), n: echoed.n }, answer: [answer[0], bytes(answer[1])] };
  };
  const expected = await run({});
  assert.deepEqual(expected, { echoed: { b: [7, 8], n: [1, "é"] }, answer: ["question", [5]] });
  assert.deepEqual(await run({ parser }), expected);
});
