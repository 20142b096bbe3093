// Prints the gzip -9 size of the SDK core (wasm + JS glue + entry) as published in pkg/.
import { readFileSync, existsSync } from "node:fs";
import { gzipSync, constants } from "node:zlib";

const files = ["pkg/dist/plugwire_core_bg.wasm", "pkg/dist/plugwire_core.js", "pkg/index.js"];
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
  console.log(`${f.padEnd(34)} ${String(buf.length).padStart(8)} B raw ${String(gz(buf)).padStart(8)} B gzip`);
}
console.log(`${"core total".padEnd(34)} ${String(raw).padStart(8)} B raw ${String(zipped).padStart(8)} B gzip`);
