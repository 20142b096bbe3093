// The classic <script> build (pkg/plugwire.min.js): the globals `io` (as socket.io.min.js
// defines it: `io(url, opts)`, `io.connect`, `io.Manager`, `io.Socket`, `io.protocol`) and
// `plugwire` (`io`, `createStore`, `ready`, `version`).
//
// It loads the ES module entry next to it (index.js, with its wasm) with a dynamic import,
// which classic scripts may use. Chromium compiles wasm over 4 KB only asynchronously on the
// main thread, so the core cannot be ready when the next script runs: until it is, `io()` and
// `createStore()` return stand-ins that record every call (`on`, `emit`, `timeout(ms).emit`,
// `socket.io.on`, `store.listenSocket`, …) and replay them, in order, on the real objects once
// the core is ready; from then on they forward to them. Values read before that are the
// not-yet-connected ones (`connected: false`, `id: undefined`, status `"connecting"`).
const base = document.currentScript?.src || location.href;
const queue = [];
let mod = null;

/** Reads of a stand-in before the core is ready: what the real object would say before connecting. */
const SOCKET = { connected: false, disconnected: true, active: false, recovered: false, id: undefined, sendBuffer: [], receiveBuffer: [], sendBufferLength: 0, then: undefined };
const STORE = { connectionStatus: "connecting", state: {}, listenerCount: 0, listenerCounts: {}, channels: [], dependencies: [], then: undefined };
const PROPERTY = { then: undefined };
const RESULT = {};

/**
 * A stand-in for the value `get()` returns once the core is ready; `owner()` is the object it is
 * a method of. Calls and `new` made before then are queued; what they return is itself a
 * stand-in (for `this`, a Promise — which can be awaited —, an unsubscribe function…).
 */
function later(get, defaults, owner) {
  return new Proxy(function () {}, {
    get(_, key) {
      if (mod) {
        const target = get();
        const v = target[key];
        return typeof v === "function" ? v.bind(target) : v;
      }
      if (Object.hasOwn(defaults, key)) return defaults[key];
      return later(() => get()[key], PROPERTY, get);
    },
    set(_, key, value) {
      if (mod) get()[key] = value;
      else queue.push(() => (get()[key] = value));
      return true;
    },
    apply(_, __, args) {
      if (mod) return get().apply(owner?.(), args);
      let result;
      queue.push(() => (result = get().apply(owner?.(), args)));
      return later(() => result, RESULT);
    },
    construct(_, args) {
      if (mod) return new (get())(...args);
      let result;
      queue.push(() => (result = new (get())(...args)));
      return later(() => result, RESULT);
    },
  });
}

/** Resolves with the module once the core is ready (the queued calls have run by then). */
const ready = import(new URL("./index.js", base).href).then((m) => {
  mod = m;
  for (const run of queue.splice(0)) {
    try {
      run();
    } catch (e) {
      reportError(e);
    }
  }
  return m;
});

/** `make(module)` now, or a stand-in for what it will return once the core is ready. */
function soon(make, defaults) {
  if (mod) return make(mod);
  let value;
  queue.push(() => (value = make(mod)));
  return later(() => value, defaults);
}

const io = (uri, opts) => soon((m) => m.io(uri, opts), SOCKET);
Object.assign(io, {
  connect: io,
  protocol: 5,
  Manager: later(() => mod.Manager, PROPERTY),
  Socket: later(() => mod.Socket, PROPERTY),
});
const createStore = (options) => soon((m) => m.createStore(options), STORE);

globalThis.io = io;
globalThis.plugwire = { io, createStore, ready: ready.then(() => {}), version: () => mod?.version() };
