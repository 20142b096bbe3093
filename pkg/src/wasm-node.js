// The core's wasm in Node (pkg/node.cjs): read from disk next to the entry and compiled
// synchronously, so that `require("plugwire")` returns a ready package (a CommonJS module cannot
// await; Node, unlike a browser's main thread, compiles a module of any size synchronously).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { initSync } from "../dist/plugwire_core.js";

initSync({ module: new WebAssembly.Module(readFileSync(join(__dirname, "dist/plugwire_core_bg.wasm"))) });

/** Already settled: the core is initialised when this module has loaded. */
export const ready = Promise.resolve();
