// npm run bench: plugwire vs socket.io-client 4.8 in one headless Chromium run, against the same
// Node socket.io server, with a raw WebSocket + JSON.parse as the ceiling. Prints a table with
// ratios (plugwire / socket.io-client). A benchmark, not a test: it asserts nothing.
import { readFileSync } from "node:fs";
import { gzipSync, constants } from "node:zlib";
import { startReferenceServer } from "../tests/servers/reference.mjs";
import { launch } from "../tests/e2e/browser.mjs";
import { CORE_FILES } from "./size.mjs";

const N = Number(process.env.BENCH_EVENTS ?? 20000);
const ACKS = Number(process.env.BENCH_ACKS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PAYLOAD = { id: 123456, type: "completion", message: "Background removal process completed successfully", created_at: "2024-01-15T10:30:00Z", metadata: { confidence: 0.95, input: "/dev-assets/images/product-placeholder.jpg" } };

const server = await startReferenceServer({
  bare: true,
  pingInterval: 25000,
  pingTimeout: 20000,
  setup(io) {
    io.on("connection", (socket) => {
      socket.on("flood", (n) => { for (let i = 0; i < n; i++) socket.emit("item", PAYLOAD); });
      let sunk = 0;
      socket.on("sink", () => { sunk++; });
      socket.on("sunk", (ack) => ack(sunk));
      socket.on("echo", (v, ack) => ack(v));
    });
  },
});

const browser = await launch();
const page = await browser.newPage();
await page.goto(server.url + "/");

async function clientRound(lib) {
  return page.evaluate(async ({ lib, N, ACKS, PAYLOAD, url }) => {
    const { io } = await import(lib);
    const s = io(url, { forceNew: true, transports: ["websocket"] });
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
  }, { lib, N, ACKS, PAYLOAD, url: server.url });
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
const runs = { plugwire: [], reference: [], raw: [] };
for (let r = 0; r < ROUNDS; r++) {
  runs.reference.push(await clientRound("/sioc/socket.io.esm.min.js"));
  runs.plugwire.push(await clientRound("/pkg/index.js"));
  runs.raw.push(await rawRound());
}
await browser.close();
await server.close();

const pick = (lib, k) => median(runs[lib].map((x) => x[k]));
const gz = (files) => files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: constants.Z_BEST_COMPRESSION }).length, 0);
const size = {
  plugwire: gz(CORE_FILES),
  reference: gz(["node_modules/socket.io-client/dist/socket.io.esm.min.js"]),
};
const rows = [
  ["server → client events/s", pick("plugwire", "inRate"), pick("reference", "inRate"), pick("raw", "inRate"), "higher is better"],
  ["client → server events/s", pick("plugwire", "outRate"), pick("reference", "outRate"), null, "higher is better"],
  ["ack round trip p50 (ms)", pick("plugwire", "p50"), pick("reference", "p50"), null, "lower is better"],
  ["ack round trip p99 (ms)", pick("plugwire", "p99"), pick("reference", "p99"), null, "lower is better"],
  ["client size, gzip -9 (bytes)", size.plugwire, size.reference, null, "lower is better"],
];
const fmt = (v) => (v === null ? "—" : v >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(2));
console.log(`\nplugwire vs socket.io-client 4.8 — headless Chromium, Node socket.io 4.8 on 127.0.0.1, ${N} events of ${JSON.stringify(PAYLOAD).length} bytes, ${ACKS} acks, median of ${ROUNDS} rounds\n`);
console.log("| measure | plugwire | socket.io-client | ratio | raw WebSocket ceiling |");
console.log("| --- | ---: | ---: | ---: | ---: |");
for (const [name, ours, ref, raw, note] of rows) {
  console.log(`| ${name} | ${fmt(ours)} | ${fmt(ref)} | ${(ours / ref).toFixed(2)}× (${note}) | ${fmt(raw)} |`);
}
