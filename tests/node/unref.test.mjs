// `autoUnref` (socket.io-client's Node option): a Node program whose only work left is an open
// plugwire connection exits by itself when the connection was made with `autoUnref: true`, and
// stays alive without it, exactly as with socket.io-client. Each program is a real child process
// (tests/node/fixtures/connect.cjs) connected to the official Node socket.io server; a child that
// must stay alive is killed by its process id.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { startReferenceServer } from "../servers/reference.mjs";

const CHILD = new URL("./fixtures/connect.cjs", import.meta.url).pathname;
/** How long a child that should stay alive is watched after connecting. An autoUnref child
 * exits within milliseconds of connecting; this one holds a heartbeat timer and a long-poll (or
 * a WebSocket) for the server's 25 s ping interval. */
const ALIVE_MS = 1500;
let server;
/** Every child started, so that one a failed step left running is stopped by its pid. */
const children = new Set();
before(async () => {
  server = await startReferenceServer();
});
after(async () => {
  for (const proc of children) if (proc.exitCode === null && proc.signalCode === null) process.kill(proc.pid, "SIGKILL");
  await server?.close();
});

/** Starts a child connected with `options` (`flags`: Node's); resolves its output lines and exit as they come. */
function child(options, { flags = [], loader = "cjs" } = {}) {
  const proc = spawn(process.execPath, [...flags, CHILD, server.url, JSON.stringify(options), loader], { stdio: ["ignore", "pipe", "pipe"] });
  children.add(proc);
  const lines = [];
  const waiters = [];
  let err = "";
  let buffered = "";
  proc.stdout.on("data", (d) => {
    buffered += d;
    const parts = buffered.split("\n");
    buffered = parts.pop();
    lines.push(...parts);
    waiters.forEach((w) => w());
  });
  proc.stderr.on("data", (d) => (err += d));
  const exited = new Promise((ok) => proc.on("exit", (code, signal) => ok({ code, signal })));
  /** Resolves with the first line starting with `prefix`, or rejects after `ms` naming `step`. */
  const line = (prefix, step, ms = 10_000) =>
    new Promise((ok, fail) => {
      const check = () => {
        const found = lines.find((l) => l.startsWith(prefix));
        if (found) return clearTimeout(timer), ok(found);
      };
      const timer = setTimeout(() => fail(new Error(`${step}: no "${prefix}" line within ${ms} ms (stdout: ${lines.join(" | ")}; stderr: ${err})`)), ms);
      waiters.push(check);
      check();
      exited.then(() => setImmediate(() => (clearTimeout(timer), fail(new Error(`${step}: exited before "${prefix}" (stderr: ${err})`)))));
    });
  /** Resolves with the exit, or rejects after `ms` naming `step` (the child is then killed). */
  const exit = (step, ms) => {
    let timer;
    const late = new Promise((_, fail) => {
      timer = setTimeout(() => (process.kill(proc.pid, "SIGKILL"), fail(new Error(`${step}: still running after ${ms} ms`))), ms);
    });
    return Promise.race([exited, late]).finally(() => clearTimeout(timer));
  };
  /** Whether the child is still running `ms` from now; it is then killed by its pid. */
  const aliveAfter = async (ms) => {
    const early = await Promise.race([exited, new Promise((ok) => setTimeout(ok, ms, null))]);
    if (early) return false;
    process.kill(proc.pid, "SIGKILL");
    await exited;
    return true;
  };
  return { proc, lines, line, exit, aliveAfter, stderr: () => err };
}

for (const loader of ["cjs", "esm"]) {
  test(`autoUnref: true lets a connected program exit by itself (${loader === "cjs" ? "require" : "import"})`, { timeout: 30_000 }, async () => {
    const c = child({ autoUnref: true }, { loader });
    assert.equal(await c.line("connected", "connect"), "connected polling");
    assert.deepEqual(await c.exit("exit after connecting", 10_000), { code: 0, signal: null }, c.stderr());
  });
}

test("autoUnref: true over polling only, and while reconnecting to a server that went away", { timeout: 30_000 }, async () => {
  const polling = child({ autoUnref: true, transports: ["polling"] });
  await polling.line("connected polling", "connect");
  assert.equal((await polling.exit("exit after connecting (polling only)", 10_000)).code, 0, polling.stderr());
  // A closed port: the connection fails and the manager waits to retry (its timer unref'd).
  const gone = spawn(process.execPath, ["-e", `require("plugwire").io("http://127.0.0.1:9", { autoUnref: true, reconnectionDelay: 60000 })`], { cwd: new URL("../../", import.meta.url).pathname });
  children.add(gone);
  let timer;
  const code = await Promise.race([new Promise((ok) => gone.on("exit", ok)), new Promise((ok) => (timer = setTimeout(ok, 10_000, "running")))]);
  clearTimeout(timer);
  if (code === "running") process.kill(gone.pid, "SIGKILL");
  assert.equal(code, 0, "a manager waiting to reconnect does not hold the process");
});

test("without autoUnref (or with false) the connected program stays alive", { timeout: 30_000 }, async () => {
  for (const options of [{}, { autoUnref: false }]) {
    const c = child(options);
    await c.line("connected", `connect with ${JSON.stringify(options)}`);
    assert.equal(await c.aliveAfter(ALIVE_MS), true, `${JSON.stringify(options)}: the process exited although its connection is open`);
  }
});

test("Node's WebSocket: used without autoUnref; under autoUnref, which it cannot honour, long-polling", { timeout: 30_000 }, async () => {
  // Node 20 has its WebSocket (undici's) behind a flag; later versions have it anyway.
  const flags = typeof WebSocket === "function" ? [] : ["--experimental-websocket"];
  const plain = child({}, { flags });
  // The upgrade may finish before `connect` (then the socket connects on the WebSocket already).
  const connected = await plain.line("connected", "connect (plain)");
  if (connected !== "connected websocket") await plain.line("upgrade websocket", "upgrade to Node's WebSocket");
  assert.equal(await plain.aliveAfter(ALIVE_MS), true, "the WebSocket connection holds the process");

  const unref = child({ autoUnref: true }, { flags });
  assert.equal(await unref.line("connected", "connect (autoUnref)"), "connected polling");
  assert.equal((await unref.exit("exit after connecting over polling", 10_000)).code, 0, unref.stderr());
  assert.ok(!unref.lines.includes("upgrade websocket"), "no upgrade to a WebSocket that would hold the process");
});
