// npm run bench: plugwire vs socket.io-client 4.8 in one headless Chromium run, against the same
// Node socket.io server, with a raw WebSocket + JSON.parse as the ceiling. Prints a table with
// ratios (plugwire / socket.io-client). A benchmark, not a test: it asserts nothing.
import { readFileSync } from "node:fs";
import { gzipSync, constants } from "node:zlib";
import { PAYLOAD, startBenchServer } from "./bench-server.mjs";
import { launch } from "../tests/e2e/browser.mjs";
import { CORE_FILES } from "./size.mjs";

const N = Number(process.env.BENCH_EVENTS ?? 20000);
const ACKS = Number(process.env.BENCH_ACKS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const server = await startBenchServer();

const browser = await launch();
const page = await browser.newPage();
await page.goto(server.url + "/isolated");
if (!(await page.evaluate(() => crossOriginIsolated))) throw new Error("bench: the page is not cross-origin isolated (coarse timers)");

async function clientRound(lib, transport) {
  return page.evaluate(async ({ lib, N, ACKS, PAYLOAD, url, transport }) => {
    const { io } = await import(lib);
    const s = io(url, { forceNew: true, transports: [transport] });
    await new Promise((ok) => s.once("connect", ok));
    // server -> client
    let got = 0;
    const t0 = performance.now();
    await new Promise((ok) => { s.on("item", () => { if (++got === N) ok(); }); s.emit("flood", N); });
    const inMs = performance.now() - t0;
    // client -> server
    const t1 = performance.now();
    for (let i = 0; i < N; i++) s.emit("sink", PAYLOAD);
    while ((await s.emitWithAck("sunk")) < N) await new Promise((ok) => setTimeout(ok, 1));
    const outMs = performance.now() - t1;
    if (transport === "polling") {
      s.disconnect();
      return { inRate: N / (inMs / 1000), outRate: N / (outMs / 1000) };
    }
    // sequential ack round trips
    const rtts = [];
    for (let i = 0; i < ACKS; i++) {
      const t = performance.now();
      await s.emitWithAck("echo", PAYLOAD);
      rtts.push(performance.now() - t);
    }
    rtts.sort((a, b) => a - b);
    s.disconnect();
    return { inRate: N / (inMs / 1000), outRate: N / (outMs / 1000), p50: rtts[Math.floor(ACKS * 0.5)], p99: rtts[Math.floor(ACKS * 0.99)] };
  }, { lib, N, ACKS, PAYLOAD, url: server.url, transport });
}

async function rawRound() {
  return page.evaluate(async ({ N, url }) => {
    const ws = new WebSocket(url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket");
    let got = 0;
    let t0 = 0;
    const done = new Promise((ok) => {
      ws.onmessage = (e) => {
        const f = e.data;
        if (f === "2") return ws.send("3");
        if (f.startsWith("40")) { t0 = performance.now(); ws.send('42["flood",' + N + "]"); return; }
        if (f.startsWith("42")) { JSON.parse(f.slice(2)); if (++got === N) ok(); }
      };
    });
    ws.onopen = () => ws.send("40");
    await done;
    const ms = performance.now() - t0;
    ws.close();
    return { inRate: N / (ms / 1000) };
  }, { N, url: server.url });
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const runs = { plugwire: [], reference: [], raw: [], plugwirePolling: [], referencePolling: [] };
for (let r = 0; r < ROUNDS; r++) {
  // Alternate which client goes first, so neither always meets a warmer server.
  const order = r % 2 ? ["plugwire", "reference"] : ["reference", "plugwire"];
  const lib = { reference: "/sioc/socket.io.esm.min.js", plugwire: "/pkg/index.js" };
  for (const c of order) runs[c].push(await clientRound(lib[c], "websocket"));
  runs.raw.push(await rawRound());
  for (const c of order) runs[`${c}Polling`].push(await clientRound(lib[c], "polling"));
}
await browser.close();
await server.close();

const pick = (lib, k) => median(runs[lib].map((x) => x[k]));
const spread = (lib, k) => {
  const xs = runs[lib].map((x) => x[k]);
  return [Math.min(...xs), Math.max(...xs)];
};
/** The ratio of the medians, and the range of the per-round ratios (same round, same server). */
const ratios = (ours, ref, k) => runs[ours].map((x, i) => x[k] / runs[ref][i][k]);
const gz = (files) => files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: constants.Z_BEST_COMPRESSION }).length, 0);
const size = {
  plugwire: gz(CORE_FILES),
  reference: gz(["node_modules/socket.io-client/dist/socket.io.esm.min.js"]),
};
const fmt = (v) => (v === null ? "—" : v >= 100 ? Math.round(v).toLocaleString("en-US") : v >= 10 ? v.toFixed(1) : v.toFixed(3));
const cell = (lib, k) => { const [lo, hi] = spread(lib, k); return `${fmt(pick(lib, k))} (${fmt(lo)}–${fmt(hi)})`; };
const rows = [
  ["server → client events/s, WebSocket", "plugwire", "reference", "inRate", "higher", "raw"],
  ["client → server events/s, WebSocket", "plugwire", "reference", "outRate", "higher"],
  ["ack round trip p50 (ms)", "plugwire", "reference", "p50", "lower"],
  ["ack round trip p99 (ms)", "plugwire", "reference", "p99", "lower"],
  ["server → client events/s, polling", "plugwirePolling", "referencePolling", "inRate", "higher"],
  ["client → server events/s, polling", "plugwirePolling", "referencePolling", "outRate", "higher"],
];
console.log(`\nplugwire vs socket.io-client 4.8 — headless Chromium, Node socket.io 4.8 on 127.0.0.1, ${N} events of ${JSON.stringify(PAYLOAD).length} bytes, ${ACKS} acks; median of ${ROUNDS} rounds (min–max)\n`);
console.log("| measure | plugwire | socket.io-client | ratio (rounds' range) | raw WebSocket ceiling |");
console.log("| --- | ---: | ---: | ---: | ---: |");
for (const [name, ours, ref, k, better, raw] of rows) {
  const rs = ratios(ours, ref, k);
  const ratio = `${(pick(ours, k) / pick(ref, k)).toFixed(2)}× (${Math.min(...rs).toFixed(2)}–${Math.max(...rs).toFixed(2)}; ${better} is better)`;
  console.log(`| ${name} | ${cell(ours, k)} | ${cell(ref, k)} | ${ratio} | ${raw ? `${cell(raw, k)}; plugwire ${(pick(ours, k) / pick(raw, k)).toFixed(2)}×` : "—"} |`);
}
console.log(`| client size, gzip -9 (bytes) | ${fmt(size.plugwire)} | ${fmt(size.reference)} | ${(size.plugwire / size.reference).toFixed(2)}× (lower is better) | — |`);
