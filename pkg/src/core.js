// The Rust core, initialised at import (wasm.js: fetched and awaited in browsers; wasm-node.js:
// read from disk synchronously in Node), and its host: the tables of host.js, whose functions
// the core imports, filled in by client.js (I/O, events) and store.js (store results).
//
// This is a source file: `npm run build` bundles pkg/src (with the wasm-bindgen glue) into the
// published, minified `pkg/index.js`.
import { Core } from "../dist/plugwire_core.js";
import { version as packageVersion } from "../package.json";
import { HOST_S_TEXT, HOST_S_UNKNOWN } from "./abi.js";
import { S } from "./host.js";

export { ready } from "./wasm.js";

export { N, S, B } from "./host.js";
/** The page's one core: every manager, socket and store. */
export const core = new Core();

let text;
S[HOST_S_TEXT] = (_, __, ___, t) => (text = t);
// The core was handed a code its table does not have: a bug in this package, never ignored.
S[HOST_S_UNKNOWN] = (code, _, __, family) => report(new Error(`plugwire: unknown ${family} code ${code}`));
/** `core.read(op, id)`: the text the core hands over, or undefined. */
export function read(op, id) {
  text = undefined;
  core.read(op, id);
  return text;
}

/** Reports an exception thrown by user code (a listener, an `auth` function) as uncaught, so the
 * page sees it, without letting it stop plugwire's own work. */
export const report = (e) => (typeof reportError === "function" ? reportError(e) : console.error(e));

/** The plugwire version, e.g. `"0.1.0"`. */
export const version = () => packageVersion;
