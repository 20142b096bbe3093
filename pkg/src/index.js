// plugwire: the package entry. Importing it initialises the WebAssembly core (top-level await),
// so `import { io } from "plugwire"` is all a page or a bundler needs; `ready` is exported for
// code that wants to await it explicitly.
export { ready, version } from "./core.js";
export { io, io as connect, io as default, Manager, Socket, protocol } from "./client.js";
export { createStore } from "./store.js";
