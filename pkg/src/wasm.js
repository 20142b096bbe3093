// Where the core's wasm comes from in a browser (and a bundler's output): fetched next to the
// entry, compiled, and the core initialised with it, at import (top-level await). The Node
// builds get wasm-node.js instead (scripts/bundle-entries.mjs), so no Node code reaches a
// browser bundle.
import { initSync } from "../dist/plugwire_core.js";

/** Resolves once the WebAssembly core is initialised (it already is when this module has loaded). */
export const ready = fetch(new URL("./dist/plugwire_core_bg.wasm", import.meta.url)).then(async (res) => {
  if (!res.ok) throw new Error(`cannot load ${res.url}: HTTP ${res.status}`);
  initSync({ module: await WebAssembly.compile(await res.arrayBuffer()) });
});

await ready;
