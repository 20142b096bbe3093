// plugwire: the package entry. It initialises the WebAssembly core itself (top-level await), so
// `import { io } from "plugwire"` is all a page or a bundler needs; `ready` is exported for code
// that wants to await it explicitly. Everything below is call-shape sugar over the Rust core:
// rest parameters, methods that return `this`, the `volatile` getter.
import init, { io as coreIo, Manager, Socket, version } from "./dist/plugwire_core.js";

/** Resolves once the WebAssembly core is initialised (it already is when this module has loaded). */
export const ready = init({
  module_or_path: new URL("./dist/plugwire_core_bg.wasm", import.meta.url),
}).then(() => undefined);

await ready;

const chain = (proto, name, impl) => {
  proto[name] = function (...args) {
    impl.apply(this, args);
    return this;
  };
};

const S = Socket.prototype;
S.emit = function (event, ...args) {
  this.__emit(event, args);
  return this;
};
S.send = S.write = function (...args) {
  this.__emit("message", args);
  return this;
};
S.emitWithAck = function (event, ...args) {
  return this.__emitWithAck(event, args);
};
for (const name of ["connect", "open"]) chain(S, name, S.__connect);
for (const name of ["disconnect", "close"]) chain(S, name, S.__disconnect);
for (const name of ["on", "addEventListener"]) chain(S, name, S.__on);
chain(S, "once", S.__once);
for (const name of ["off", "removeListener", "removeEventListener", "removeAllListeners"]) chain(S, name, S.__off);
chain(S, "timeout", S.__timeout);
chain(S, "compress", () => {});
Object.defineProperty(S, "volatile", {
  get() {
    this.__volatile();
    return this;
  },
});
for (const [suffix, outgoing] of [["", false], ["Outgoing", true]]) {
  S[`onAny${suffix}`] = function (fn) { this.__any(outgoing, false, fn); return this; };
  S[`prependAny${suffix}`] = function (fn) { this.__any(outgoing, true, fn); return this; };
  S[`offAny${suffix}`] = function (fn) { this.__offAny(outgoing, fn); return this; };
  S[`listenersAny${suffix}`] = function () { return this.__listenersAny(outgoing); };
}

const M = Manager.prototype;
const open = M.open;
for (const name of ["open", "connect"]) chain(M, name, open);
for (const name of ["on", "once"]) chain(M, name, M[name]);
const off = M.off;
for (const name of ["off", "removeListener", "removeAllListeners"]) chain(M, name, off);
for (const name of ["disconnect", "close"]) chain(M, name, M.disconnect);
for (const name of ["reconnection", "reconnectionAttempts", "reconnectionDelay", "reconnectionDelayMax", "randomizationFactor", "timeout"]) {
  M[name] = function (value) {
    const current = this.__option(name, value);
    return value === undefined ? current : this;
  };
}

/** `io(url?, opts?)`: a socket.io-client compatible lookup. */
export function io(uri, opts) {
  return coreIo(uri, opts);
}

/** The Socket.IO protocol revision spoken (5). */
export const protocol = 5;

export { io as connect, Manager, Socket, version };
export default io;
