// plugwire: the package entry. It initialises the WebAssembly core itself (top-level await), so
// `import { io } from "plugwire"` is all a page or a bundler needs; `ready` is exported for code
// that wants to await it explicitly.
//
// The protocol, the connection and the sockets are the Rust core's. This file is the thin part of
// the bindings that is simpler in JavaScript: rest parameters, methods that return `this`,
// property getters, and the listener lists (component-emitter's semantics), which the core
// fires through `__fire` / `__dispatch`.
import init, { io as coreIo, Manager, Socket, Engine, version } from "./dist/plugwire_core.js";

/** Resolves once the WebAssembly core is initialised (it already is when this module has loaded). */
export const ready = init({
  module_or_path: new URL("./dist/plugwire_core_bg.wasm", import.meta.url),
}).then(() => undefined);

await ready;

const report = (e) => (typeof reportError === "function" ? reportError(e) : console.error(e));

/** Listener methods shared by Manager, Engine and Socket. */
const Emitter = {
  on(event, fn) {
    const map = (this.__l ??= new Map());
    const key = String(event);
    map.set(key, [...(map.get(key) ?? []), fn]);
    return this;
  },
  once(event, fn) {
    const self = this;
    function on(...args) {
      self.off(event, on);
      fn.apply(this, args);
    }
    on.fn = fn;
    return this.on(event, on);
  },
  off(event, fn) {
    if (!this.__l) return this;
    if (event === undefined) {
      this.__l.clear();
      return this;
    }
    const key = String(event);
    const list = this.__l.get(key);
    if (!list) return this;
    if (fn === undefined) {
      this.__l.delete(key);
      return this;
    }
    const i = list.findIndex((cb) => cb === fn || cb.fn === fn);
    if (i >= 0) {
      const next = list.slice();
      next.splice(i, 1);
      if (next.length) this.__l.set(key, next);
      else this.__l.delete(key);
    }
    return this;
  },
  listeners(event) {
    return this.__l?.get(String(event))?.slice() ?? [];
  },
  hasListeners(event) {
    return (this.__l?.get(String(event))?.length ?? 0) > 0;
  },
  /** Called by the core: runs the listeners of `event`; a throwing one is reported. */
  __fire(event, args) {
    const list = this.__l?.get(event);
    if (!list) return;
    for (const fn of list) {
      try {
        fn.apply(this, args);
      } catch (e) {
        report(e);
      }
    }
  },
};
Emitter.addEventListener = Emitter.on;
Emitter.removeListener = Emitter.removeEventListener = Emitter.removeAllListeners = Emitter.off;

const getters = (proto, names) => {
  for (const name of names) {
    Object.defineProperty(proto, name, { get() { return this.__get(name); }, configurable: true });
  }
};

// ---- Socket ----
const S = Socket.prototype;
Object.assign(S, Emitter);
getters(S, ["id", "connected", "active", "recovered", "nsp", "io", "sendBuffer", "receiveBuffer", "sendBufferLength"]);
Object.defineProperty(S, "disconnected", { get() { return !this.__get("connected"); } });
Object.defineProperty(S, "auth", {
  get() { return this.__get("auth"); },
  set(v) { this.__setAuth(v); },
});
Object.defineProperty(S, "volatile", {
  get() {
    this.__flag(undefined);
    return this;
  },
});
S.connect = S.open = function () {
  this.__connection(true);
  return this;
};
S.disconnect = S.close = function () {
  this.__connection(false);
  return this;
};
// Blobs (and Files) can only be read asynchronously: an emit holding one waits for its bytes,
// and the emits after it wait their turn, so order is kept.
const isBlob = (v) => typeof Blob !== "undefined" && v instanceof Blob;
function hasBlob(v, depth = 0) {
  if (depth > 32 || !v || typeof v !== "object") return false;
  if (isBlob(v)) return true;
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return false;
  return (Array.isArray(v) ? v : Object.values(v)).some((x) => hasBlob(x, depth + 1));
}
async function readBlobs(v, depth = 0) {
  if (depth > 32 || !v || typeof v !== "object" || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return v;
  if (isBlob(v)) return v.arrayBuffer();
  if (typeof v === "function") return v;
  if (Array.isArray(v)) return Promise.all(v.map((x) => readBlobs(x, depth + 1)));
  if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return v;
  const out = {};
  for (const [k, x] of Object.entries(v)) out[k] = await readBlobs(x, depth + 1);
  return out;
}
const RESERVED = new Set(["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"]);
function deferred(socket, send) {
  socket.__queue = (socket.__queue ?? Promise.resolve()).then(send).catch(report);
  const mine = socket.__queue;
  mine.then(() => {
    if (socket.__queue === mine) socket.__queue = null;
  });
}
S.emit = function (event, ...args) {
  if (!this.__queue && !hasBlob(args)) {
    this.__emit(event, args);
    return this;
  }
  if (RESERVED.has(event)) throw new Error(`"${event}" is a reserved event name`);
  deferred(this, async () => this.__emit(event, await readBlobs(args)));
  return this;
};
S.send = S.write = function (...args) {
  this.__emit("message", args);
  return this;
};
S.emitWithAck = function (event, ...args) {
  if (!this.__queue && !hasBlob(args)) return this.__emitWithAck(event, args);
  if (RESERVED.has(event)) return Promise.reject(new Error(`"${event}" is a reserved event name`));
  return new Promise((ok, fail) => {
    deferred(this, async () => this.__emitWithAck(event, await readBlobs(args)).then(ok, fail));
  });
};
S.timeout = function (ms) {
  this.__flag(ms);
  return this;
};
S.compress = function () {
  return this;
};
for (const [suffix, key] of [["", "__any"], ["Outgoing", "__anyOut"]]) {
  S[`onAny${suffix}`] = function (fn) {
    this[key] = [...(this[key] ?? []), fn];
    return this;
  };
  S[`prependAny${suffix}`] = function (fn) {
    this[key] = [fn, ...(this[key] ?? [])];
    return this;
  };
  S[`offAny${suffix}`] = function (fn) {
    if (!fn) this[key] = [];
    else {
      const i = (this[key] ?? []).indexOf(fn);
      if (i >= 0) this[key] = this[key].filter((_, j) => j !== i);
    }
    return this;
  };
  S[`listenersAny${suffix}`] = function () {
    return (this[key] ?? []).slice();
  };
}
/** Called by the core for each event: catch-all listeners, then the event's own. */
S.__dispatch = function (args, outgoing) {
  for (const fn of (outgoing ? this.__anyOut : this.__any) ?? []) {
    try {
      fn.apply(this, args);
    } catch (e) {
      report(e);
    }
  }
  if (!outgoing) this.__fire(String(args[0]), args.slice(1));
};

// ---- Manager ----
const M = Manager.prototype;
Object.assign(M, Emitter);
getters(M, ["engine", "_readyState", "uri", "opts"]);
M.open = M.connect = function (fn) {
  this.__open(fn);
  return this;
};
M.disconnect = M.close = function () {
  this.__close();
  return this;
};
for (const name of ["reconnection", "reconnectionAttempts", "reconnectionDelay", "reconnectionDelayMax", "randomizationFactor", "timeout"]) {
  M[name] = function (value) {
    const current = this.__option(name, value);
    return value === undefined ? current : this;
  };
}

// ---- Engine (manager.engine) ----
const E = Engine.prototype;
Object.assign(E, Emitter);
getters(E, ["id", "transport", "readyState"]);

/** `io(url?, opts?)`: a socket.io-client compatible lookup. */
export function io(uri, opts) {
  return coreIo(uri, opts);
}

/** The Socket.IO protocol revision spoken (5). */
export const protocol = 5;

export { io as connect, Manager, Socket, version };
export { createStore } from "./store.js";
export default io;
