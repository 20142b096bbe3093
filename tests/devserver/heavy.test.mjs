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

/** Runs a Node script in its own process; resolves with {code, stdout}, or rejects naming `step`. */
function node(step, script, ms = 100_000) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: REPO, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    const t = setTimeout(() => (child.kill("SIGKILL"), fail(new Error(`${step}: not done within ${ms} ms`))), ms);
    child.stdout.on("data", (d) => (stdout += d));
    child.on("error", fail);
    child.on("exit", (code) => (clearTimeout(t), ok({ code, stdout })));
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
  const received = new Promise((ok, fail) => {
    const t = setTimeout(() => fail(new Error(`receiver: not both events within 100 s:\n${out}`)), 100_000);
    receiver.on("exit", (code) => (clearTimeout(t), ok(code)));
  });
  await connected;

  // Each emit in its own process too: its 100 MB answer is read there.
  const emit = () => node("emit", `
    const res = await fetch(${JSON.stringify(srv.url + "/emit")}, { method: "POST",
      headers: { "content-type": "application/json" }, body: '{"event":"Heavy"}' });
    const body = await res.arrayBuffer();
    console.log(res.status + " " + body.byteLength);
  `);
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
  for (const r of results) {
    assert.equal(r.code, 0);
    const [status, bytes] = r.stdout.trim().split(" ").map(Number);
    assert.equal(status, 200);
    assert.ok(bytes > SIZE, "the answer echoes the data");
  }
  assert.equal(await received, 0, `the receiver got both events:\n${out}`);
  assert.deepEqual(out.trim().split("\n").slice(1), [`got ${SIZE}`, `got ${SIZE}`]);
  assert.ok(latencies.length >= 3, "probed while the emits ran");
  assert.ok(max < HEALTH_BOUND_MS, `/health took ${max.toFixed(0)} ms (bound ${HEALTH_BOUND_MS} ms)`);
});
