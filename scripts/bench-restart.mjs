// npm run bench:restart [-- --restarts=100 --runs=3 --seed=1 --check]
// Emits lost across server restarts. The official Node socket.io server runs as a child process
// on 127.0.0.1 and is SIGKILLed and started again `restarts` times, after uptimes drawn from a
// seeded random schedule (0.2 to 1.4 s). Meanwhile one headless Chromium page per client
// (socket.io-client 4.8 and plugwire, both in the same session, against the same server) emits a
// numbered sequence every 10 ms on three sockets: plain emits with the default transports, plain
// emits over WebSocket only, and emits with acks and `retries`. Short reconnection delays. At the
// end each socket sends a fence (an ack answered after everything before it), and the server's
// records say what was lost and what arrived twice. Median of `runs` runs. A benchmark, not a
// test; with --check it exits non-zero when plugwire loses more plain emits than socket.io-client
// (median, per transport set), or loses or duplicates any emit with acks and retries.
import { fork } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startReferenceServer } from "../tests/servers/reference.mjs";
import { launch } from "../tests/e2e/browser.mjs";

const { values: opts } = parseArgs({
  options: {
    restarts: { type: "string", default: "100" },
    runs: { type: "string", default: "3" },
    seed: { type: "string", default: "1" },
    check: { type: "boolean" },
  },
});
const RESTARTS = Number(opts.restarts);
const RUNS = Number(opts.runs);
const CLIENTS = { "socket.io-client": "/sioc/socket.io.esm.min.js", plugwire: "/pkg/index.js" };
const MODES = ["default", "websocket", "acks"];
const SERVER = new URL("./bench-restart-server.mjs", import.meta.url).pathname;

// The whole benchmark stops by itself: each restart takes at most ~1.4 s of uptime plus a start.
const BUDGET_MS = RUNS * (RESTARTS * 3000 + 120_000);
const budget = setTimeout(() => {
  console.error(`bench-restart: not finished within ${BUDGET_MS / 1000} s, stopping`);
  process.exit(2);
}, BUDGET_MS);
budget.unref();

/** A small seeded generator (mulberry32), so that every client sees the same kill schedule. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** Fails with a message naming `step` unless `cond()` holds within `ms`. */
async function until(cond, ms, step) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`${step}: not done within ${ms} ms`);
    await sleep(20);
  }
}

async function freePort() {
  const s = createServer();
  await new Promise((ok) => s.listen(0, "127.0.0.1", ok));
  const { port } = s.address();
  await new Promise((ok) => s.close(ok));
  return port;
}

/** Starts the socket.io server child; resolves once it listens. */
function startServer(port, log) {
  const child = fork(SERVER, [String(port), log], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  return new Promise((ok, fail) => {
    const t = setTimeout(() => fail(new Error("server child: not listening within 10 s")), 10_000);
    child.once("message", () => (clearTimeout(t), ok(child)));
    child.once("exit", (code) => (clearTimeout(t), fail(new Error(`server child exited (${code}) before listening`))));
  });
}

function kill(child) {
  return new Promise((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok();
    child.once("exit", () => ok());
    child.kill("SIGKILL");
  });
}

/** Runs in the page: three sockets, and every 10 ms one numbered emit on each. */
const START = async ({ lib, url, client }) => {
  const { io } = await import(lib);
  const base = { forceNew: true, reconnectionDelay: 20, reconnectionDelayMax: 100 };
  const sockets = {
    default: io(url, base),
    websocket: io(url, { ...base, transports: ["websocket"] }),
    acks: io(url, { ...base, retries: 100, ackTimeout: 1000 }),
  };
  const sent = { default: 0, websocket: 0, acks: 0 };
  const acks = { ok: 0, failed: 0 };
  const timer = setInterval(() => {
    for (const m of ["default", "websocket"]) sockets[m].emit("seq", `${client}:${m}`, sent[m]++);
    sockets.acks.emit("seq-ack", `${client}:acks`, sent.acks++, (err) => (err ? acks.failed++ : acks.ok++));
  }, 10);
  window.__bench = { sockets, sent, acks, stop: () => clearInterval(timer) };
};

const allConnected = (pages) => async () => {
  for (const p of pages) if (!(await p.evaluate(() => Object.values(window.__bench.sockets).every((s) => s.connected)))) return false;
  return true;
};

/** After the emitters stopped: every plain emit flushed (a fence acked), every ack settled. */
async function drain(page, client) {
  await page.evaluate(async () => {
    for (const m of ["default", "websocket"]) {
      for (let i = 0; ; i++) {
        try {
          await window.__bench.sockets[m].timeout(3000).emitWithAck("fence");
          break;
        } catch (e) {
          if (i === 4) throw new Error(`${m}: fence not acked after 5 tries`);
        }
      }
    }
  });
  await until(
    () => page.evaluate(() => window.__bench.acks.ok + window.__bench.acks.failed === window.__bench.sent.acks),
    60_000,
    `${client}: acks with retries settling`,
  );
  return page.evaluate(() => ({ sent: { ...window.__bench.sent }, acks: { ...window.__bench.acks } }));
}

/** lost, duplicated and the longest run of consecutive lost numbers, for 0..sent-1. */
function tally(numbers, sent) {
  const seen = new Uint32Array(sent);
  for (const n of numbers) if (n < sent) seen[n]++;
  let lost = 0;
  let twice = 0;
  let gap = 0;
  let run = 0;
  for (const c of seen) {
    if (c === 0) {
      lost++;
      gap = Math.max(gap, ++run);
    } else run = 0;
    if (c > 1) twice += c - 1;
  }
  return { sent, lost, twice, gap };
}

async function runOnce(run, browser, page0) {
  const dir = await mkdtemp(join(tmpdir(), "bench-restart-"));
  const log = join(dir, "received.log");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const next = random(Number(opts.seed) * 1000 + run);
  let child = await startServer(port, log);
  const context = await browser.newContext();
  const pages = {};
  try {
    for (const [client, lib] of Object.entries(CLIENTS)) {
      const page = await context.newPage();
      page.errors = [];
      page.on("pageerror", (e) => page.errors.push(String(e)));
      await page.goto(page0);
      await page.evaluate(START, { lib, url, client });
      pages[client] = page;
    }
    await until(allConnected(Object.values(pages)), 10_000, `run ${run}: first connections`);
    for (let i = 0; i < RESTARTS; i++) {
      await sleep(200 + next() * 1200); // the kill schedule: uptime before the next SIGKILL
      await kill(child);
      child = await startServer(port, log);
    }
    await until(allConnected(Object.values(pages)), 15_000, `run ${run}: reconnections after the last restart`);
    for (const page of Object.values(pages)) await page.evaluate(() => window.__bench.stop());
    const ends = {};
    for (const [client, page] of Object.entries(pages)) ends[client] = await drain(page, client);
    const received = {};
    for (const line of (await readFile(log, "utf8")).split("\n")) {
      if (!line) continue;
      const [tag, n] = line.split(" ");
      (received[tag] ??= []).push(Number(n));
    }
    const out = {};
    for (const [client, end] of Object.entries(ends)) {
      if (pages[client].errors.length) throw new Error(`${client}: page errors: ${pages[client].errors.join("; ")}`);
      out[client] = {};
      for (const m of MODES) out[client][m] = tally(received[`${client}:${m}`] ?? [], end.sent[m]);
      out[client].acks.failed = end.acks.failed;
    }
    return out;
  } finally {
    await context.close();
    await kill(child);
    await rm(dir, { recursive: true, force: true });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

const statics = await startReferenceServer({ bare: true });
const browser = await launch();
const runs = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const t0 = Date.now();
    runs.push(await runOnce(run, browser, statics.url + "/"));
    console.error(`run ${run}/${RUNS}: ${RESTARTS} restarts in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
} finally {
  await browser.close();
  await statics.close();
}

console.log(`\nPlain emits lost over ${RESTARTS} SIGKILL restarts (one emit every 10 ms; lost / sent per run, median of ${RUNS})`);
console.log("| transports | client | runs (lost/sent, twice) | median lost | largest gap |");
console.log("|---|---|---|---:|---:|");
const verdict = [];
for (const m of ["default", "websocket"]) {
  const med = {};
  for (const client of Object.keys(CLIENTS)) {
    const rs = runs.map((r) => r[client][m]);
    med[client] = median(rs.map((r) => r.lost));
    const cells = rs.map((r) => `${r.lost}/${r.sent}${r.twice ? `, ${r.twice} twice` : ""}`).join("; ");
    console.log(`| ${m === "default" ? "default" : "websocket only"} | ${client} | ${cells} | ${med[client]} | ${Math.max(...rs.map((r) => r.gap))} |`);
  }
  if (med.plugwire > med["socket.io-client"]) verdict.push(`${m}: plugwire loses more (median ${med.plugwire} vs ${med["socket.io-client"]})`);
}
console.log(`\nWith acks and retries (default transports), all runs`);
console.log("| client | sent | lost | twice | acks failed |");
console.log("|---|---:|---:|---:|---:|");
for (const client of Object.keys(CLIENTS)) {
  const rs = runs.map((r) => r[client].acks);
  const sum = (k) => rs.reduce((s, r) => s + r[k], 0);
  console.log(`| ${client} | ${sum("sent")} | ${sum("lost")} | ${sum("twice")} | ${sum("failed")} |`);
  if (client === "plugwire" && (sum("lost") || sum("twice"))) verdict.push(`acks: plugwire lost ${sum("lost")}, delivered ${sum("twice")} twice`);
}
if (verdict.length) console.log(`\nplugwire short of the target: ${verdict.join("; ")}`);
if (opts.check && verdict.length) process.exit(1);
process.exit(0);
