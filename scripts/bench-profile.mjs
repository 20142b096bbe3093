// npm run bench:profile: where a client's time goes while it receives 20,000 events over
// WebSocket (the `npm run bench` receive row), for socket.io-client 4.8 and plugwire in one
// headless Chromium run against the same Node socket.io server. One warm-up round, then one
// profiled round per client (CDP sampling profiler, 100 µs): the rate, the main thread's idle
// time, the time in wasm, and the functions with the most self time (a builtin such as
// JSON.parse counts in its caller). A benchmark, not a test: it asserts nothing.
import { startBenchServer } from "./bench-server.mjs";
import { launch } from "../tests/e2e/browser.mjs";

const N = Number(process.env.BENCH_EVENTS ?? 20000);
const TOP = Number(process.env.TOP ?? 12);
const CLIENTS = { "socket.io-client": "/sioc/socket.io.esm.min.js", plugwire: "/pkg/index.js" };

const server = await startBenchServer();
const browser = await launch();
try {
  for (const [name, lib] of Object.entries(CLIENTS)) {
    const page = await browser.newPage();
    await page.goto(server.url + "/isolated");
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
    const round = () => page.evaluate(async ({ lib, N, url }) => {
      const { io } = await import(lib);
      const s = io(url, { forceNew: true, transports: ["websocket"] });
      await new Promise((ok) => s.once("connect", ok));
      let got = 0;
      const t0 = performance.now();
      await new Promise((ok) => { s.on("item", () => { if (++got === N) ok(); }); s.emit("flood", N); });
      const ms = performance.now() - t0;
      s.disconnect();
      return N / (ms / 1000);
    }, { lib, N, url: server.url });
    await round();
    await cdp.send("Profiler.start");
    const rate = await round();
    const { profile } = await cdp.send("Profiler.stop");
    await page.close();
    const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    const self = new Map();
    let total = 0;
    profile.samples.forEach((id, i) => {
      const f = nodes.get(id);
      const key = `${f.functionName || "(anonymous)"}${f.url ? ` (${f.url.split("/").pop()})` : ""}`;
      const us = profile.timeDeltas[i] ?? 0;
      self.set(key, (self.get(key) ?? 0) + us);
      total += us;
    });
    const ms = (us) => (us / 1000).toFixed(1);
    console.log(`\n${name}: ${Math.round(rate)} events/s; profiled ${ms(total)} ms, idle ${ms(self.get("(idle)") ?? 0)} ms, browser internals ${ms(self.get("(program)") ?? 0)} ms`);
    const own = [...self].filter(([k]) => !k.startsWith("(idle)") && !k.startsWith("(program)"));
    const wasm = own.filter(([k]) => k.startsWith("wasm-function")).reduce((a, [, t]) => a + t, 0);
    console.log(`  everything else: ${ms(own.reduce((a, [, t]) => a + t, 0))} ms (wasm ${ms(wasm)} ms); the top ${TOP}:`);
    for (const [k, t] of own.sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${ms(t).padStart(8)} ms  ${k}`);
  }
} finally {
  await browser.close();
  await server.close();
}
