// plugwire: the package entry. It initialises the WebAssembly core itself (top-level await), so
// `import { … } from "plugwire"` is all a page or a bundler needs; `ready` is exported for code
// that wants to await it explicitly.
import init from "./dist/plugwire_core.js";

/** Resolves once the WebAssembly core is initialised (it already is when this module has loaded). */
export const ready = init({
  module_or_path: new URL("./dist/plugwire_core_bg.wasm", import.meta.url),
}).then(() => undefined);

await ready;

export { version } from "./dist/plugwire_core.js";
