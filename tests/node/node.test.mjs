// The package in Node (>= 20), as a plugin's tests and scripts load it: "plugwire" resolves to
// its "node" export (the wasm read from disk); `io()` connects to the official Node socket.io
// server with Node's WebSocket where it has one and HTTP long-polling otherwise, and behaves as
// socket.io-client does in Node (same scenario, both clients, identical results); the store
// receives `plugwire send` events; vitest runs plugin tests with happy-dom and with jsdom.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import * as sioc from "socket.io-client";
import * as plugwire from "plugwire";
import { startReferenceServer } from "../servers/reference.mjs";
import { startServer, cli } from "../devserver/harness.mjs";

const ROOT = new URL("../../", import.meta.url).pathname;
let server;
before(async () => {
  server = await startReferenceServer();
});
after(async () => {
  await server?.close();
});

/** Resolves when `emitter` fires `event` (with its arguments), or rejects after `ms` naming `step`. */
function next(emitter, event, step, ms = 5000) {
  return new Promise((ok, fail) => {
    const t = setTimeout(() => fail(new Error(`${step}: no "${event}" within ${ms} ms`)), ms);
    emitter.once(event, (...args) => {
      clearTimeout(t);
      ok(args);
    });
  });
}

/** One scenario, run with either client's `io`: what the application sees, in order. */
async function scenario(io) {
  const log = [];
  const socket = io(server.url, { forceNew: true, reconnection: false, auth: { token: "node" }, query: { q: "from-node" } });
  const hello = next(socket, "hello", "hello");
  await next(socket, "connect", "connect");
  log.push(["connected", typeof socket.id, socket.connected]);
  const [auth, q] = await hello;
  log.push(["hello", auth, q]);
  log.push(["echo", await socket.emitWithAck("echo", { a: 1 }, [2, "three"])]);
  const bytes = await socket.emitWithAck("echo", new Uint8Array([1, 2, 3]));
  log.push(["binary", [...new Uint8Array(bytes)]]);
  const burst = [];
  socket.on("burst", (i) => burst.push(i));
  log.push(["burst acked", await socket.emitWithAck("burst", 5), burst]);
  try {
    await socket.timeout(50).emitWithAck("no-ack");
  } catch (e) {
    log.push(["timeout", e.message]);
  }
  socket.emit("server-disconnect");
  log.push(["disconnect", (await next(socket, "disconnect", "server disconnect"))[0], socket.connected]);
  return { log, socket };
}

test('"plugwire" resolves to the node export in Node (require and import) and to the browser entry elsewhere', () => {
  assert.match(import.meta.resolve("plugwire"), /\/pkg\/node\.js$/);
  assert.match(createRequire(import.meta.url).resolve("plugwire"), /\/pkg\/node\.cjs$/);
  // One core for both: the module re-exports the CommonJS build.
  assert.equal(createRequire(import.meta.url)("plugwire").io, plugwire.io);
  const exports = JSON.parse(spawnSync("node", ["-p", "JSON.stringify(require('./pkg/package.json').exports['.'])"], { cwd: ROOT, encoding: "utf8" }).stdout);
  assert.deepEqual(Object.keys(exports), ["types", "node", "default"]);
  assert.equal(exports.default, "./index.js");
  assert.equal(typeof plugwire.version(), "string");
});

test("io() in Node behaves as socket.io-client in Node against the socket.io server", { timeout: 30_000 }, async () => {
  const reference = await scenario(sioc.io);
  const ours = await scenario(plugwire.io);
  assert.deepEqual(ours.log, reference.log);
  assert.deepEqual(ours.log.at(-1), ["disconnect", "io server disconnect", false]);
});

test("io() uses Node's WebSocket when it has one, long-polling otherwise", { timeout: 20_000 }, async () => {
  const socket = plugwire.io(server.url, { forceNew: true, reconnection: false });
  await next(socket, "connect", "connect");
  if (typeof globalThis.WebSocket === "function") {
    if (socket.io.engine.transport.name !== "websocket") await next(socket.io.engine, "upgrade", "upgrade to websocket");
    assert.equal(socket.io.engine.transport.name, "websocket");
  } else {
    // No WebSocket in this Node: the upgrade probe fails and the session stays on polling.
    assert.equal(socket.io.engine.transport.name, "polling");
  }
  assert.equal(await socket.emitWithAck("transport"), socket.io.engine.transport.name);
  const only = plugwire.io(server.url, { forceNew: true, reconnection: false, transports: ["polling"] });
  await next(only, "connect", "polling-only connect");
  assert.equal(await only.emitWithAck("transport"), "polling");
  socket.disconnect();
  only.disconnect();
});

test("the store in Node receives `plugwire send` events on its dependency's channel", { timeout: 30_000 }, async () => {
  const srv = await startServer();
  try {
    const store = plugwire.createStore({
      url: srv.url,
      manifest: { dependencies: [{ identifiers: ["kiosk_1", "kiosk_2"], model: "CheckIn", events: { checkedIn: "AttendeeCheckedIn" } }] },
    });
    assert.equal(store.url, srv.url);
    const got = [];
    const arrived = new Promise((ok) => store.sockets.kiosk_2.checkedIn.listen((data, meta) => (got.push([data.attendee_name, meta.channel]), ok())));
    store.sockets.kiosk_1.checkedIn.listen((data) => got.push(["wrong kiosk", data.attendee_name]));
    await new Promise((ok) => (store.connectionStatus === "connected" ? ok() : store.onStatusChange((s) => s === "connected" && ok())));
    const states = [];
    store.subscribe((s) => states.push(s));
    store.updateState("checkin_count", 1);
    const r = cli(["send", "--event", "AttendeeCheckedIn", "--identifier", "kiosk_2", "--url", srv.url, "--events", srv.events]);
    assert.equal(r.code, 0, r.stderr);
    await Promise.race([arrived, new Promise((_, fail) => setTimeout(() => fail(new Error("check-in did not arrive")), 5000))]);
    assert.deepEqual(got, [["John Doe", "private.CheckIn.kiosk_2"]]);
    assert.deepEqual(states, [{ checkin_count: 1 }]);
    assert.equal(store.getState(), states[0]);
    store.close();
  } finally {
    await srv.stop();
  }
});

test("vitest runs plugin tests that use plugwire, with happy-dom and with jsdom", { timeout: 120_000 }, async () => {
  // Asynchronously: this process serves the socket.io server the vitest tests connect to.
  const child = spawn(join(ROOT, "node_modules/.bin/vitest"), ["run", "--config", "tests/node/vitest/vitest.config.mjs", "--reporter=verbose"], {
    cwd: ROOT,
    env: { ...process.env, PLUGWIRE_TEST_SERVER: server.url, NO_COLOR: "1" },
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const code = await new Promise((ok, fail) => {
    const t = setTimeout(() => (child.kill(), fail(new Error(`vitest did not finish within 110 s:\n${out}`))), 110_000);
    child.on("exit", (c) => (clearTimeout(t), ok(c)));
  });
  assert.equal(code, 0, `vitest failed:\n${out}`);
  for (const env of ["happy-dom", "jsdom"]) {
    const passed = out.split("\n").filter((l) => l.includes(`✓ |${env}|`)).length;
    assert.equal(passed, 6, `${env}: 6 passing tests expected:\n${out}`);
  }
  assert.match(out, /Tests\s+12 passed \(12\)/);
  assert.doesNotMatch(out, /Unhandled/, "an error escaped the tests");
});
