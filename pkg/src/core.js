// The Rust core, initialised at import (top-level await), and its host: the object whose
// methods the core calls, filled in by client.js (I/O, events) and store.js (store results).
//
// This is a source file: `npm run build` bundles pkg/src (with the wasm-bindgen glue) into the
// published, minified `pkg/index.js`.
import init, { Core, version } from "../dist/plugwire_core.js";

/** Resolves once the WebAssembly core is initialised (it already is when this module has loaded). */
export const ready = init({
  // Relative to the published entry, pkg/index.js.
  module_or_path: new URL("./dist/plugwire_core_bg.wasm", import.meta.url),
}).then(() => undefined);

await ready;

/** The core's host; its methods are added by client.js and store.js. */
export const host = {};
/** The page's one core: every manager, socket and store. */
export const core = new Core(host);

/** Operation numbers of `core.call` / `input` / `bytes` / `read` (sdk/src/js/mod.rs, `op`). */
export const OP = {
  OPEN: 0, CLOSE: 1, OFFLINE: 2, TICK: 3, DELIVER: 4, STATE: 5, OPTION: 6,
  CONNECT: 10, DISCONNECT: 11, SOCKET_STATE: 12,
  STORE: 20, LISTEN: 21, UNLISTEN: 22, DROP_TAGGED: 23, ROUTE: 24, STORE_ON: 25, STATUS: 26,
  SIZE: 27, COUNTS: 28, CHANNELS: 29, WARN: 30, STORE_CLOSE: 31,
  JOIN: 10, ANSWER: 11, EMIT: 12, SOCKET: 13,
  ATTACH: 0, BINARY: 1,
  ENGINE_ID: 0, SOCKET_ID: 1, RECEIVE_BUFFER: 2, SEND_BUFFER: 3,
};

export { version };
