// The Rust core, initialised at import (top-level await), and its host: the object whose
// methods the core calls, filled in by client.js (I/O, events) and store.js (store results).
//
// This is a source file: `npm run build` bundles pkg/src (with the wasm-bindgen glue) into the
// published, minified `pkg/index.js`.
import { initSync, Core } from "../dist/plugwire_core.js";
import { version as packageVersion } from "../package.json";
import { compileWasm } from "./wasm.js";

// Operation numbers of `core.call` / `input` / `bytes` / `read` (sdk/src/js/mod.rs, `op`).
// Separate constants, so that the minifier writes the numbers in place.
export const OPEN = 0, CLOSE = 1, OFFLINE = 2, TICK = 3, DELIVER = 4, STATE = 5, OPTION = 6;
export const CONNECT = 10, DISCONNECT = 11, SOCKET_STATE = 12;
export const STORE = 20, LISTEN = 21, UNLISTEN = 22, DROP_TAGGED = 23, ROUTE = 24, STORE_ON = 25;
export const STATUS = 26, SIZE = 27, COUNTS = 28, CHANNELS = 29, WARN = 30, STORE_CLOSE = 31;
export const JOIN = 10, ANSWER = 11, EMIT = 12, SOCKET = 13;
export const ATTACH = 0, BINARY = 1;
export const ENGINE_ID = 0, SOCKET_ID = 1, RECEIVE_BUFFER = 2, SEND_BUFFER = 3;
// The host's operations (sdk/src/js/mod.rs, `host_op`): `n` …
export const TIMER = 0, MICROTASK = 1, PRIOR = 2, JOIN_SOCKET = 3, OUTGOING = 4, RELEASE = 5;
export const RESULT = 6, SUB = 7;
// … `s` …
export const IO = 0, SETTLE = 1, EVENT = 2, ACK = 3, ACK_ERROR = 4, TEXT = 5, FIRE = 6;
// … and `b`.
export const SEND = 0, ATTACH_IN = 1;

/** Compiles the wasm (relative to the published entry, pkg/index.js; wasm.js fetches it, or
 * reads it from disk under Node) and initialises the core with it. */
async function load() {
  initSync({ module: await compileWasm(new URL("./dist/plugwire_core_bg.wasm", import.meta.url)) });
}

/** Resolves once the WebAssembly core is initialised (it already is when this module has loaded). */
export const ready = load();

await ready;

/**
 * The core's host has three methods taking an operation number, dispatched to these tables,
 * which client.js and store.js fill in: `N` for operations on numbers, `S` for those carrying
 * strings, `B` for bytes.
 */
export const N = [];
export const S = [];
export const B = [];
/** The page's one core: every manager, socket and store. */
export const core = new Core({
  n: (op, a, b, c) => N[op](a, b, c),
  s: (op, a, b, c, x, y, z) => S[op](a, b, c, x, y, z),
  b: (op, a, b, data) => B[op](a, b, data),
});

let text;
S[TEXT] = (_, __, ___, t) => (text = t);
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
