// Starts the real `plugwire` binary and drives it with the official socket.io-client.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { io } from "socket.io-client";

export const REPO = new URL("../../", import.meta.url).pathname;
export const BIN = join(process.env.CARGO_TARGET_DIR ?? join(REPO, "target"), "debug", "plugwire");

/** A fresh copy of the repo's socket-events/ in a temp dir. */
export function eventsCopy() {
  const dir = mkdtempSync(join(tmpdir(), "plugwire-events-"));
  cpSync(join(REPO, "socket-events"), dir, { recursive: true });
  return dir;
}

/** Runs `plugwire serve` on a free port; resolves once it listens. */
/** `events: null` / `root: null` leave the option out (the server then looks in `cwd`). */
export async function startServer({ args = [], env = {}, events = eventsCopy(), port = 0, root = REPO, cwd } = {}) {
  const folders = [...(events === null ? [] : ["--events", events]), ...(root === null ? [] : ["--root", root])];
  const child = spawn(BIN, ["serve", "--port", String(port), ...folders, ...args], {
    env: { ...process.env, RUST_LOG: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    cwd,
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  let out = "";
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${stderr}`)), 10_000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (\S+?)\/?\s/);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url,
    events,
    child,
    log: () => stderr,
    stdout: () => out,
    stop: () =>
      new Promise((ok) => {
        if (child.exitCode !== null) return ok();
        child.once("exit", ok);
        child.kill("SIGTERM");
      }),
  };
}

/** Runs the CLI to completion. */
export function cli(args, env = {}) {
  const r = spawnSync(BIN, args, { env: { ...process.env, ...env }, encoding: "utf8", timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const clients = new Set();

/** A connected socket.io-client; `wire: "echo"` declares the echo wire. */
export async function connect(url, { wire, ...opts } = {}) {
  const socket = io(url, {
    forceNew: true,
    reconnection: false,
    query: wire ? { wire } : undefined,
    rejectUnauthorized: false,
    ...opts,
  });
  clients.add(socket);
  socket.received = [];
  socket.onAny((event, ...args) => socket.received.push([event, ...args]));
  await new Promise((ok, fail) => {
    const t = setTimeout(() => fail(new Error("connect timed out")), 5000);
    socket.once("connect", () => (clearTimeout(t), ok()));
    socket.once("connect_error", (e) => (clearTimeout(t), fail(e)));
  });
  return socket;
}

export function closeAll() {
  for (const s of clients) s.close();
  clients.clear();
}

/** Resolves with the arguments of the next `event` on `socket`, or rejects after `ms`. */
export function next(socket, event, ms = 5000) {
  return new Promise((ok, fail) => {
    const t = setTimeout(() => fail(new Error(`no "${event}" within ${ms} ms`)), ms);
    socket.once(event, (...args) => (clearTimeout(t), ok(args)));
  });
}

/** Emits with an ack and resolves with the ack's arguments (or rejects after `ms`). */
export function emitAck(socket, event, ...args) {
  return socket.timeout(5000).emitWithAck(event, ...args);
}

/** POSTs JSON to the server's /emit; resolves to {status, body}. */
export async function post(url, body, raw = false) {
  const res = await fetch(`${url}/emit`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: raw ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  return { status: res.status, body: await res.json() };
}

export async function getJson(url, path) {
  const res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/**
 * Sends a channel-less marker to everyone and waits until each socket has it: anything a socket
 * was going to receive before it has then arrived (delivery per client is ordered).
 */
export async function barrier(url, sockets) {
  const id = Math.random().toString(36).slice(2);
  const waits = sockets.map((s) => waitFor(s, (e) => e[0] === "barrier" && JSON.stringify(e).includes(id)));
  await post(url, { event: "barrier", data: { id } });
  await Promise.all(waits);
}

/** Waits until `socket.received` has an entry matching `pred`. */
export function waitFor(socket, pred, ms = 5000) {
  return new Promise((ok, fail) => {
    const started = Date.now();
    const check = () => {
      const hit = socket.received.find(pred);
      if (hit) return ok(hit);
      if (Date.now() - started > ms) return fail(new Error("timed out waiting for an event"));
      setTimeout(check, 10);
    };
    check();
  });
}

/** The events `socket` received, without barrier markers. */
export function seen(socket) {
  return socket.received.filter((e) => e[0] !== "barrier");
}

/** Resolves with the first line of the server's log matching `re`, waiting for it as it is written. */
export function waitLog(srv, re, step, ms = 5000) {
  return new Promise((ok, fail) => {
    const check = () => {
      const line = srv.log().split("\n").find((l) => re.test(l));
      if (line === undefined) return false;
      clearTimeout(timer);
      srv.child.stderr.off("data", check);
      ok(line);
      return true;
    };
    const timer = setTimeout(() => {
      srv.child.stderr.off("data", check);
      fail(new Error(`${step}: no log line ${re} within ${ms} ms`));
    }, ms);
    // The harness's own listener appends first (it was added first), so the log is current.
    if (!check()) srv.child.stderr.on("data", check);
  });
}
