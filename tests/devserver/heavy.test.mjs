// Heavy emits beside /health: two concurrent POST /emit of a 100 MB template must not make the
// server unresponsive (the serialisation runs on blocking threads, not the async workers).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, eventsCopy, REPO } from "./harness.mjs";

const SIZE = 100_000_000;
// Measured (debug build, 2 cores, WebSocket receiver through the escape bridge): median 5 ms,
// max 291 ms over ~700 probes; before the fix it was ~12 s.
const HEALTH_BOUND_MS = 1000;

let srv;
before(async () => {
  const events = eventsCopy();
  writeFileSync(join(events, "Heavy.json"), `{"event":"Heavy","data":{"blob":"${"x".repeat(SIZE)}"}}`);
  srv = await startServer({ events });
});
after(() => srv?.stop());

/** Runs `cmd` to completion; resolves with {code, stdout}. */
function run(cmd, args, opts = {}) {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "inherit"], ...opts });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.on("error", fail);
    child.on("exit", (code) => ok({ code, stdout, child }));
  });
}

test("/health answers within the bound while two 100 MB templates are emitted", { timeout: 120_000 }, async () => {
  // A real client receives both events, in its own process (parsing 100 MB would stall this one).
  const receiver = spawn(process.execPath, ["--input-type=module", "-e", `
    import { io } from "socket.io-client";
    const s = io(${JSON.stringify(srv.url)}, { transports: ["websocket"], reconnection: false });
    let n = 0;
    s.on("connect", () => console.log("connected"));
    s.on("Heavy", (d) => { console.log("got " + d.blob.length); if (++n === 2) { s.close(); process.exit(0); } });
    setTimeout(() => { console.log("timeout"); process.exit(1); }, 100_000);
  `], { cwd: REPO, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  const connected = new Promise((ok, fail) => {
    const t = setTimeout(() => fail(new Error("receiver: no connect within 10 s")), 10_000);
    receiver.stdout.on("data", (d) => {
      out += d;
      if (out.includes("connected")) (clearTimeout(t), ok());
    });
  });
  const received = new Promise((ok) => receiver.on("exit", (code) => ok(code)));
  await connected;

  const emit = () => run("curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H", "content-type: application/json",
    "-d", '{"event":"Heavy"}', `${srv.url}/emit`]);
  let done = false;
  const emits = Promise.all([emit(), emit()]).finally(() => (done = true));
  const latencies = [];
  while (!done) {
    const t0 = performance.now();
    const res = await fetch(`${srv.url}/health`, { signal: AbortSignal.timeout(30_000) });
    assert.equal(res.status, 200);
    await res.json();
    latencies.push(performance.now() - t0);
    await new Promise((ok) => setTimeout(ok, 20)); // pacing between probes
  }
  const results = await emits;
  const max = Math.max(...latencies);
  const median = [...latencies].sort((a, b) => a - b)[Math.floor(latencies.length / 2)];
  console.log(`/health during two 100 MB emits: ${latencies.length} probes, median ${median.toFixed(1)} ms, max ${max.toFixed(1)} ms`);
  assert.deepEqual(results.map((r) => [r.code, r.stdout]), [[0, "200"], [0, "200"]]);
  assert.equal(await received, 0, `the receiver got both events:\n${out}`);
  assert.deepEqual(out.trim().split("\n").slice(1), [`got ${SIZE}`, `got ${SIZE}`]);
  assert.ok(latencies.length >= 3, "probed while the emits ran");
  assert.ok(max < HEALTH_BOUND_MS, `/health took ${max.toFixed(0)} ms (bound ${HEALTH_BOUND_MS} ms)`);
});
