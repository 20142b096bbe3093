// The core's wasm for the package's "node" export (pkg/node.js): read from disk next to the
// entry (neither Node's fetch nor happy-dom's accepts `file:` URLs). A bundler that rewrote the
// URL to an http(s) one (a dependency inlined by vitest) gets it fetched.
import { readFile } from "node:fs/promises";
import { compileWasm as fetchWasm } from "./wasm.js";

export const compileWasm = async (url) =>
  url.protocol === "file:" ? WebAssembly.compile(await readFile(url)) : fetchWasm(url);
