// npm run bench:memory [-- --sockets=1000 --warmup=50 --check]
// What sockets leave behind: in one headless Chromium run, for socket.io-client 4.8 and for
// plugwire (with the devtools event log of local pages, and without), open N sockets one after
// the other with io(url, { forceNew: true }), each connected, acked once and disconnected,
// against the official Node socket.io server. Prints the growth of the JS heap (after forced
// garbage collection) and of the WebAssembly memory over the N sockets.
// A benchmark, not a test: with --check it exits non-zero when plugwire grows either by more than
// the target (64 KiB).
import { parseArgs } from "node:util";
import { startReferenceServer } from "../tests/servers/reference.mjs";
import { launch } from "../tests/e2e/browser.mjs";

const { values: opts } = parseArgs({
  options: {
    sockets: { type: "string", default: "1000" },
    warmup: { type: "string", default: "50" },
    check: { type: "boolean" },
  },
});
const SOCKETS = Number(opts.sockets);
const WARMUP = Number(opts.warmup);
const TARGET_KIB = 64;
const CLIENTS = { "socket.io-client": "/sioc/socket.io.esm.min.js", plugwire: "/pkg/index.js" };
/** The rows: each client, and plugwire as pages not on localhost run it (the devtools' event
 * log, which keeps the last 500 events on local pages, off). `checked`: held to the target by
 * --check. */
const ROWS = [
  { name: "socket.io-client", client: "socket.io-client" },
  // Not checked: it counts the event log filling up to its 500 entries.
  { name: "plugwire (localhost: devtools log on, filling up)", client: "plugwire" },
  { name: "plugwire (devtools: false, as on other hosts)", client: "plugwire", extra: { devtools: false }, checked: true },
  // The event log is a ring of 500 entries: warmed up with 500 sockets (one logged emit each at
  // least), it is full before the count, and its fixed size is not counted as growth.
  { name: "plugwire (localhost: devtools log on, full before the count)", client: "plugwire", warmup: 500, checked: true },
];

// Records every WebAssembly.Memory a page instantiates (exported by any module), whatever the
// client: the wasm memory only ever grows, so its size is its high-water mark.
const RECORD_WASM_MEMORY = () => {
  window.__wasmMemories = [];
  const record = (instance) => {
    for (const v of Object.values(instance.exports)) if (v instanceof WebAssembly.Memory) window.__wasmMemories.push(v);
    return instance;
  };
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = new Proxy(Instance, { construct: (T, args) => record(new T(...args)) });
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async (...args) => {
    const r = await instantiate(...args);
    record(r.instance ?? r);
    return r;
  };
  const streaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (...args) => {
    const r = await streaming(...args);
    record(r.instance);
    return r;
  };
};

/** Fails with a message naming `step` unless `cond()` holds within `ms`. */
async function until(cond, ms, step) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`${step}: not done within ${ms} ms`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

const server = await startReferenceServer({ bare: true, pingInterval: 25_000, pingTimeout: 20_000, setup(io) {
  io.on("connection", (socket) => socket.on("echo", (v, ack) => ack(v)));
} });
const browser = await launch();

/** Collects garbage until the used heap stops shrinking; returns it in bytes. */
async function settledHeap(cdp) {
  let last = Infinity;
  for (let i = 0; i < 10; i++) {
    await cdp.send("HeapProfiler.collectGarbage");
    const { usedSize } = await cdp.send("Runtime.getHeapUsage");
    if (usedSize >= last - 256) return usedSize;
    last = usedSize;
  }
  return last;
}

async function measure({ name, client, extra = {}, warmup = 0, checked = false }) {
  const context = await browser.newContext();
  await context.addInitScript(RECORD_WASM_MEMORY);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(server.url + "/");
  const cdp = await context.newCDPSession(page);
  await cdp.send("HeapProfiler.enable");
  const cycle = (n) =>
    page.evaluate(
      async ({ lib, n, url, extra }) => {
        const { io } = await import(lib);
        for (let i = 0; i < n; i++) {
          const s = io(url, { forceNew: true, ...extra });
          await new Promise((ok, fail) => {
            const t = setTimeout(() => fail(new Error(`socket ${i}: no connect within 5 s`)), 5000);
            s.once("connect", () => (clearTimeout(t), ok()));
          });
          const echoed = await s.timeout(5000).emitWithAck("echo", i);
          if (echoed !== i) throw new Error(`socket ${i}: echoed ${echoed}`);
          s.disconnect();
        }
      },
      { lib: CLIENTS[client], n, url: server.url, extra },
    );
  const wasm = () => page.evaluate(() => window.__wasmMemories.reduce((sum, m) => sum + m.buffer.byteLength, 0));
  // Every connection closed, as the server sees it.
  const drained = (step) => until(() => server.io.engine.clientsCount === 0, 10_000, step);

  // First-use allocations (code, caches, the wasm's first pages) are not growth; a row may ask
  // for a longer warm-up than --warmup.
  await cycle(Math.max(warmup, WARMUP));
  await drained(`${client}: warm-up sockets closing`);
  const heap0 = await settledHeap(cdp);
  const wasm0 = await wasm();
  const t0 = Date.now();
  await cycle(SOCKETS);
  const ms = Date.now() - t0;
  await drained(`${client}: ${SOCKETS} sockets closing`);
  const heap1 = await settledHeap(cdp);
  const wasm1 = await wasm();
  await context.close();
  if (errors.length) throw new Error(`${client}: page errors: ${errors.join("; ")}`);
  return { client: name, checked, heap: heap1 - heap0, wasm: wasm1 - wasm0, wasmTotal: wasm1, heapAfter: heap1, ms };
}

const kib = (b) => (b / 1024).toFixed(1);
let rows;
try {
  rows = [];
  for (const row of ROWS) rows.push(await measure(row));
} finally {
  await browser.close();
  await server.close();
}

console.log(`\nMemory growth over ${SOCKETS} forceNew sockets (each connected, acked once, disconnected), after ${WARMUP} warm-up sockets (500 for the last row); target <= ${TARGET_KIB} KiB each`);
console.log("| client | JS heap growth | wasm memory growth | wasm memory | time |");
console.log("|---|---:|---:|---:|---:|");
for (const r of rows) {
  const wasmCells = r.wasmTotal ? [`${kib(r.wasm)} KiB`, `${kib(r.wasmTotal)} KiB`] : ["-", "-"];
  console.log(`| ${r.client} | ${kib(r.heap)} KiB | ${wasmCells[0]} | ${wasmCells[1]} | ${(r.ms / 1000).toFixed(1)} s |`);
}
const over = rows.filter((r) => r.checked).flatMap((r) =>
  [r.heap > TARGET_KIB * 1024 && `${r.client}: JS heap`, r.wasm > TARGET_KIB * 1024 && `${r.client}: wasm memory`].filter(Boolean));
if (over.length) console.log(`over the ${TARGET_KIB} KiB target: ${over.join("; ")}`);
if (opts.check && over.length) process.exit(1);
