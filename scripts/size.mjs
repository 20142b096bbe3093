// Prints the gzip -9 size of the SDK core (wasm + JS glue + entry) as published in pkg/.
import { readFileSync, existsSync } from "node:fs";
import { gzipSync, constants } from "node:zlib";

/**
 * What a page downloads when it imports plugwire: the wasm and the entry (the bundled JavaScript:
 * the core's host, its wasm-bindgen glue, the store and the devtools hotkey). The devtools
 * overlay is loaded on demand only and counted apart.
 */
export const CORE_FILES = ["pkg/dist/plugwire_core_bg.wasm", "pkg/index.js"];
const files = CORE_FILES;
if (process.argv[1] !== new URL(import.meta.url).pathname) {
  // imported for CORE_FILES
} else {
const missing = files.filter((f) => !existsSync(f));
if (missing.length) {
  console.error(`size: ${missing.join(", ")} missing: run \`npm run build\` first`);
  process.exit(1);
}
const gz = (buf) => gzipSync(buf, { level: constants.Z_BEST_COMPRESSION }).length;
let raw = 0;
let zipped = 0;
for (const f of files) {
  const buf = readFileSync(f);
  raw += buf.length;
  zipped += gz(buf);
  console.log(`${f.slice(0, 34).padEnd(34)} ${String(buf.length).padStart(8)} B raw ${String(gz(buf)).padStart(8)} B gzip`);
}
console.log(`${"core total".padEnd(34)} ${String(raw).padStart(8)} B raw ${String(zipped).padStart(8)} B gzip`);
// The budget of the browser client core, gzip -9. It was 40,000 B; the typed core interface
// (engine events, freed slots, TransportError objects) brought it to 42.6 KB, to be won back by
// moving payload JSON checks to the host (see the README's Size section). Socket.IO 2.x server
// support (Engine.IO v3 framing, the client's pings, the implicit default namespace) added
// 1.1 KB; payloads parsed by the host won back 1.0 KB, and io() history for the devtools took
// 64 B (the core: 43,462 B). The msgpack hook (custom parsers, +176 B) was paid for by
// taking every panic path out of the wasm (drain ranges, Vec::remove, RefCell borrows: -284 B):
// the core is 43,353 B. Freeing idle managers at once (+291 B) was paid for by trimming what of
// wasm-bindgen's glue the core never uses and a second wasm-opt round (-291 B): 43,313 B. Making
// that freeing safe (requests in flight, sessions to recover) took 79 B: 43,392 B. Passing a
// long-polling payload by its packets' heads (a 64 MB event over polling no longer enters wasm
// memory) took 149 B of JavaScript: 43,548 B. The socket layer keeping its own commands until
// they are drained, as the engine and the manager do (no out-parameter), took 111 B: 43,659 B.
// A last -O4 and -Oz round on the wasm won 168 B: 43,491 B. The handshake and CONNECT data read
// by the host's JSON.parse (the core's object scanner gone) won 791 B, and splitting at a byte
// without decoding characters 182 B: 42,518 B. Delivering through a resolved promise and the
// devtools' log as a ring took 11 B: 42,529 B (42,523 B with the scanner in a file of its own).
// CONNECT data read once (the decoder hands the socket its members): 42,488 B. The host's
// command loop reading commands in place and keeping its list (no move and drop per command):
// 42,348 B. The host's functions imported from a module, not called on an object the core
// kept (no externref table): 41,971 B. Two glue patches (the externref table's init, the
// methods' `+arg` copies): 41,871 B. The host's `n` imported without a wrapper: 41,866 B.
const BUDGET = 41_870;
if (zipped > BUDGET) {
  console.error(`size: the core is ${zipped} B gzip, over its ${BUDGET} B budget`);
  process.exitCode = 1;
} else console.log(`size: within the ${BUDGET} B budget (${BUDGET - zipped} B to spare)`);
// No panic path in the core's wasm (a panic traps and ends plugwire for the whole page): a
// panic site leaves its message or its source location in the data, so none may be there but
// the allocator's (capacity overflow, allocation failure) and wasm-bindgen's own JS errors.
const wasmText = readFileSync(files[0]).toString("latin1");
const panics = [/sdk\/src\/[\w/]+\.rs/, /library\/core\/src\/[\w/]+\.rs/, /RefCell already/, /unwrap\(\)/, /index out of bounds/, /slice index/, /removal index/]
  .map((re) => wasmText.match(re)?.[0])
  .filter(Boolean);
if (panics.length) {
  console.error(`size: the core's wasm links panic paths: ${panics.join(", ")}`);
  process.exitCode = 1;
} else console.log("size: no panic path in the core's wasm (but allocation failure)");
// The other entries, each on top of the core it imports (not counted in the budget).
for (const [f, what] of [
  ["pkg/vue.js", "plugwire/vue (+ core)"],
  ["pkg/react.js", "plugwire/react (+ core)"],
  ["pkg/plugwire.min.js", "<script> build (+ core)"],
  ["pkg/node.cjs", "Node entry (instead of index.js)"],
  ["pkg/parser.js", "plugwire/parser (+ core)"],
]) {
  if (!existsSync(f)) continue;
  const buf = readFileSync(f);
  console.log(`${what.padEnd(34)} ${String(buf.length).padStart(8)} B raw ${String(gz(buf)).padStart(8)} B gzip`);
}
// plugwire/msgpack as a page gets it: with socket.io-msgpack-parser and notepack.io bundled.
if (existsSync("pkg/msgpack.js") && existsSync("node_modules/socket.io-msgpack-parser")) {
  const { build } = await import("esbuild");
  const r = await build({ entryPoints: ["pkg/msgpack.js"], bundle: true, minify: true, format: "esm", platform: "browser", write: false, logLevel: "warning" });
  const buf = Buffer.from(r.outputFiles[0].contents);
  console.log(`${"plugwire/msgpack (+ core, bundled)".padEnd(34)} ${String(buf.length).padStart(8)} B raw ${String(gz(buf)).padStart(8)} B gzip`);
}
const devtools = ["pkg/dist/plugwire_devtools_bg.wasm", "pkg/dist/plugwire_devtools.js", "pkg/devtools.js"].filter((f) => existsSync(f));
if (devtools.length) {
  const [r, z] = devtools.reduce(([r, z], f) => { const b = readFileSync(f); return [r + b.length, z + gz(b)]; }, [0, 0]);
  console.log(`${"devtools (loaded on demand)".padEnd(34)} ${String(r).padStart(8)} B raw ${String(z).padStart(8)} B gzip`);
}
}
