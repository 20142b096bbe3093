// pkg/dist/plugwire_core.js
var Core = class {
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    CoreFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.h(ptr, 0);
  }
  /**
   * Bytes ([`Bytes`]): an attachment of the next emit or ack, or a binary WebSocket frame
   * of manager `id`'s transport `tid`.
   * @param {number} op
   * @param {number} id
   * @param {number} tid
   * @param {Uint8Array | number[]} data
   */
  bytes(op, id, tid, data) {
    const val2 = +op;
    const val3 = +id;
    const val4 = +tid;
    const ptr0 = passArray8ToWasm0(data, wasm.r);
    const len0 = WASM_VECTOR_LEN;
    wasm.i(this.__wbg_ptr, val2, val3, val4, ptr0, len0);
  }
  /**
   * A numbered operation ([`Call`]) on a manager, socket or store with numeric arguments;
   * its result (0 when there is none).
   * @param {number} op
   * @param {number} id
   * @param {number} a
   * @param {number} b
   * @param {number} c
   * @returns {number}
   */
  call(op, id, a, b, c) {
    const ret = wasm.j(this.__wbg_ptr, op, id, a, b, c);
    return ret;
  }
  /**
   * A numbered operation carrying text ([`Input`]): transport events, CONNECT, acks,
   * emits, new sockets.
   * @param {number} op
   * @param {number} id
   * @param {number} a
   * @param {number} b
   * @param {number} c
   * @param {string} text
   * @returns {number}
   */
  input(op, id, a, b, c, text2) {
    const val2 = +op;
    const val3 = +id;
    const val4 = +a;
    const val5 = +b;
    const val6 = +c;
    const ptr0 = passStringToWasm0(text2, wasm.r, wasm.t);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.k(this.__wbg_ptr, val2, val3, val4, val5, val6, ptr0, len0);
    return ret >>> 0;
  }
  /**
   * A new manager. `address` holds, separated by NUL: the engine's `host[:port]`, its path,
   * its encoded query and the transport names (comma-separated); then `secure`, the
   * [`ManagerFlag`]s, the reconnection options (NaN: default; `timeout` NaN: none) and a
   * random `seed`.
   * @param {string} address
   * @param {boolean} secure
   * @param {number} flags
   * @param {number} attempts
   * @param {number} delay
   * @param {number} delay_max
   * @param {number} factor
   * @param {number} timeout
   * @param {number} seed
   * @returns {number}
   */
  manager(address, secure, flags, attempts, delay, delay_max, factor, timeout, seed) {
    const val2 = +secure;
    const val3 = +flags;
    const val4 = +attempts;
    const val5 = +delay;
    const val6 = +delay_max;
    const val7 = +factor;
    const val8 = +timeout;
    const val9 = +seed;
    const ptr0 = passStringToWasm0(address, wasm.r, wasm.t);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.l(this.__wbg_ptr, ptr0, len0, val2, val3, val4, val5, val6, val7, val8, val9);
    return ret >>> 0;
  }
  /**
   * A core whose commands `host` carries out.
   * @param {any} host
   */
  constructor(host) {
    const ret = wasm.m(host);
    this.__wbg_ptr = ret;
    CoreFinalization.register(this, this.__wbg_ptr, this);
    return this;
  }
  /**
   * Reads text ([`Read`]): session ids and the socket buffers, handed to the host's
   * [`HostS::Text`] (nothing when there is none).
   * @param {number} op
   * @param {number} id
   */
  read(op, id) {
    wasm.n(this.__wbg_ptr, op, id);
  }
};
if (Symbol.dispose) Core.prototype[Symbol.dispose] = Core.prototype.free;
function __wbg_get_imports() {
  const import0 = {
    __proto__: null,
    e: function(arg0, arg1) {
      throw new Error(getStringFromWasm0(arg0, arg1));
    },
    d: function(arg0, arg1, arg2, arg3, arg4, arg5) {
      arg0.b(arg1 >>> 0, arg2 >>> 0, arg3 >>> 0, getArrayU8FromWasm0(arg4, arg5));
    },
    b: function(arg0, arg1, arg2, arg3, arg4) {
      arg0.n(arg1 >>> 0, arg2 >>> 0, arg3 >>> 0, arg4);
    },
    a: function() {
      const ret = Date.now();
      return ret;
    },
    c: function(arg0, arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10) {
      arg0.s(arg1 >>> 0, arg2 >>> 0, arg3 >>> 0, arg4, getStringFromWasm0(arg5, arg6), getStringFromWasm0(arg7, arg8), getStringFromWasm0(arg9, arg10));
    },
    f: function() {
      const table = wasm.q;
      table.set(0, void 0);
      table.set(1024, void 0);
      table.set(1025, null);
      table.set(1026, true);
      table.set(1027, false);
    }
  };
  return {
    __proto__: null,
    "a": import0
  };
}
var CoreFinalization = typeof FinalizationRegistry === "undefined" ? { register: () => {
}, unregister: () => {
} } : new FinalizationRegistry((ptr) => wasm.h(ptr, 1));
function getArrayU8FromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  return getUint8ArrayMemory0().subarray(ptr / 1, ptr / 1 + len);
}
function getStringFromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}
var cachedUint8ArrayMemory0 = null;
function getUint8ArrayMemory0() {
  if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
    cachedUint8ArrayMemory0 = new Uint8Array(wasm.g.buffer);
  }
  return cachedUint8ArrayMemory0;
}
function passArray8ToWasm0(arg, malloc) {
  const ptr = malloc(arg.length * 1, 1) >>> 0;
  getUint8ArrayMemory0().set(arg, ptr / 1);
  WASM_VECTOR_LEN = arg.length;
  return ptr;
}
function passStringToWasm0(arg, malloc, realloc) {
  if (realloc === void 0) {
    const buf = cachedTextEncoder.encode(arg);
    const ptr2 = malloc(buf.length, 1) >>> 0;
    getUint8ArrayMemory0().subarray(ptr2, ptr2 + buf.length).set(buf);
    WASM_VECTOR_LEN = buf.length;
    return ptr2;
  }
  let len = arg.length;
  let ptr = malloc(len, 1) >>> 0;
  const mem = getUint8ArrayMemory0();
  let offset = 0;
  for (; offset < len; offset++) {
    const code = arg.charCodeAt(offset);
    if (code > 127) break;
    mem[ptr + offset] = code;
  }
  if (offset !== len) {
    if (offset !== 0) {
      arg = arg.slice(offset);
    }
    ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
    const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
    const ret = cachedTextEncoder.encodeInto(arg, view);
    offset += ret.written;
    ptr = realloc(ptr, len, offset, 1) >>> 0;
  }
  WASM_VECTOR_LEN = offset;
  return ptr;
}
var cachedTextDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
cachedTextDecoder.decode();
var MAX_SAFARI_DECODE_BYTES = 2146435072;
var numBytesDecoded = 0;
function decodeText(bytes) {
  numBytesDecoded += bytes.length;
  if (numBytesDecoded >= MAX_SAFARI_DECODE_BYTES) {
    cachedTextDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
    cachedTextDecoder.decode();
    numBytesDecoded = bytes.length;
  }
  return cachedTextDecoder.decode(bytes);
}
var cachedTextEncoder = new TextEncoder();
if (!("encodeInto" in cachedTextEncoder)) {
  cachedTextEncoder.encodeInto = function(arg, view) {
    const buf = cachedTextEncoder.encode(arg);
    view.set(buf);
    return {
      read: arg.length,
      written: buf.length
    };
  };
}
var WASM_VECTOR_LEN = 0;
var wasmModule;
var wasmInstance;
var wasm;
function __wbg_finalize_init(instance, module) {
  wasmInstance = instance;
  wasm = instance.exports;
  wasmModule = module;
  cachedUint8ArrayMemory0 = null;
  wasm.u();
  return wasm;
}
function initSync(module) {
  if (wasm !== void 0) return wasm;
  if (module !== void 0) {
    if (Object.getPrototypeOf(module) === Object.prototype) {
      ({ module } = module);
    } else {
      console.warn("using deprecated parameters for `initSync()`; pass a single object instead");
    }
  }
  const imports = __wbg_get_imports();
  if (!(module instanceof WebAssembly.Module)) {
    module = new WebAssembly.Module(module);
  }
  const instance = new WebAssembly.Instance(module, imports);
  return __wbg_finalize_init(instance, module);
}

// pkg/package.json
var version = "0.1.0";

// pkg/src/abi.js
var CALL_OPEN = 0;
var CALL_CLOSE = 1;
var CALL_OFFLINE = 2;
var CALL_TICK = 3;
var CALL_DELIVER = 4;
var CALL_STATE = 5;
var CALL_OPTION = 6;
var CALL_ENGINE_CLOSE = 7;
var CALL_ENGINE_LISTEN = 8;
var CALL_FREE_MANAGER = 9;
var CALL_CONNECT = 10;
var CALL_DISCONNECT = 11;
var CALL_SOCKET_STATE = 12;
var CALL_FREE_SOCKET = 13;
var CALL_PAYLOAD_ERROR = 14;
var CALL_STORE = 20;
var CALL_LISTEN = 21;
var CALL_UNLISTEN = 22;
var CALL_DROP_TAGGED = 23;
var CALL_ROUTE = 24;
var CALL_STORE_ON = 25;
var CALL_STATUS = 26;
var CALL_SIZE = 27;
var CALL_COUNTS = 28;
var CALL_CHANNELS = 29;
var CALL_WARN = 30;
var CALL_STORE_CLOSE = 31;
var INPUT_TRANSPORT_OPEN = 0;
var INPUT_TRANSPORT_TEXT = 1;
var INPUT_TRANSPORT_CLOSED = 2;
var INPUT_TRANSPORT_ERROR = 3;
var INPUT_POLL_DONE = 4;
var INPUT_POLL_FAILED = 5;
var INPUT_POST_DONE = 6;
var INPUT_POST_FAILED = 7;
var INPUT_JOIN = 10;
var INPUT_ANSWER = 11;
var INPUT_EMIT = 12;
var INPUT_SOCKET = 13;
var INPUT_OFFSET = 14;
var BYTES_ATTACH = 0;
var BYTES_BINARY = 1;
var READ_ENGINE_ID = 0;
var READ_SOCKET_ID = 1;
var READ_RECEIVE_BUFFER = 2;
var READ_SEND_BUFFER = 3;
var HOST_N_TIMER = 0;
var HOST_N_MICROTASK = 1;
var HOST_N_PRIOR = 2;
var HOST_N_JOIN = 3;
var HOST_N_OUTGOING = 4;
var HOST_N_RELEASE = 5;
var HOST_N_RESULT = 6;
var HOST_N_SUB = 7;
var HOST_N_NEW_ENGINE = 8;
var HOST_N_PARSE_EVENT = 9;
var HOST_N_PARSE_ACK = 10;
var HOST_N_PARSE_CONNECT_ERROR = 11;
var HOST_N_REVIVE = 12;
var HOST_N_DROP = 13;
var HOST_N_EVENT = 14;
var HOST_N_EVENT_RECOVERING = 15;
var HOST_N_ACK = 16;
var HOST_S_IO = 0;
var HOST_S_SETTLE = 1;
var HOST_S_ACK_ERROR = 4;
var HOST_S_TEXT = 5;
var HOST_S_FIRE = 6;
var HOST_S_UNKNOWN = 7;
var HOST_B_SEND = 0;
var HOST_B_ATTACH = 1;
var IO_OPEN_WEB_SOCKET = 0;
var IO_SEND_TEXT = 1;
var IO_GET = 2;
var IO_POST = 3;
var IO_CLOSE = 4;
var TARGET_ENGINE = 1;
var TARGET_SOCKET = 2;
var ARG_KIND_NUM = 1;
var ARG_KIND_ERROR = 2;
var ARG_KIND_CLOSE = 3;
var ARG_KIND_CLOSE_DESCRIPTION = 4;
var ARG_KIND_CLOSE_ERROR = 5;
var ARG_KIND_TRANSPORT = 6;
var ARG_KIND_CONNECT_ERROR = 7;
var ARG_KIND_TRANSPORT_ERROR = 8;
var ARG_KIND_PACKET = 9;
var ARG_KIND_CLOSE_TRANSPORT_ERROR = 10;
var DRIVER_RELAY = 0;
var DRIVER_ECHO = 1;
var STORE_EVENT_CONNECT = 0;
var STORE_EVENT_DISCONNECT = 1;
var STORE_EVENT_CONNECT_ERROR = 2;
var STORE_EVENT_RECONNECT_FAILED = 3;
var STORE_STATUS_CONNECTING = 1;
var STORE_STATUS_CONNECTED = 2;
var STORE_STATUS_DISCONNECTED = 3;
var STORE_STATUS_UNAVAILABLE = 4;
var ACK_CODE_NONE = 0;
var ACK_CODE_CALLBACK = 1;
var ACK_CODE_PROMISE = 2;
var MANAGER_FLAG_UPGRADE = 1;
var MANAGER_FLAG_REMEMBER_UPGRADE = 2;
var MANAGER_FLAG_TRY_ALL_TRANSPORTS = 4;
var MANAGER_FLAG_TIMESTAMP_REQUESTS = 8;
var MANAGER_FLAG_PRIOR_WEBSOCKET = 16;
var MANAGER_FLAG_RECONNECTION = 32;
var MANAGER_STATE_READY_MASK = 3;
var MANAGER_STATE_ENGINE_OPEN = 4;
var MANAGER_STATE_TRANSPORT_SHIFT = 3;
var MANAGER_STATE_ENGINE_OPENING = 32;
var SOCKET_STATE_CONNECTED = 1;
var SOCKET_STATE_ACTIVE = 2;
var SOCKET_STATE_RECOVERED = 4;
var SOCKET_STATE_PID = 8;
var SOCKET_STATE_JOINED = 16;
var EMIT_FLAGS_VOLATILE = 4;
var ENGINE_LISTEN_PACKET = 1;
var ENGINE_LISTEN_PACKET_CREATE = 2;
var ENGINE_LISTEN_DRAIN = 4;

// pkg/src/wasm.js
async function compileWasm(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`cannot load ${url}: HTTP ${res.status}`);
  return WebAssembly.compile(await res.arrayBuffer());
}

// pkg/src/core.js
async function load() {
  initSync({ module: await compileWasm(new URL("./dist/plugwire_core_bg.wasm", import.meta.url)) });
}
var ready = load();
await ready;
var N = [];
var S = [];
var B = [];
var core = new Core({
  n: (op, a, b, c) => N[op](a, b, c),
  s: (op, a, b, c, x, y, z) => S[op](a, b, c, x, y, z),
  b: (op, a, b, data) => B[op](a, b, data)
});
var text;
S[HOST_S_TEXT] = (_, __, ___, t) => text = t;
S[HOST_S_UNKNOWN] = (code, _, __, family) => report(new Error(`plugwire: unknown ${family} code ${code}`));
function read(op, id) {
  text = void 0;
  core.read(op, id);
  return text;
}
var report = (e) => typeof reportError === "function" ? reportError(e) : console.error(e);
var version2 = () => version;

// pkg/src/hotkey.js
var store = null;
var loaded = null;
var overlay = null;
var enabled = false;
var refs = [];
var live = () => refs = refs.filter((r) => r.deref());
var registry = {
  get sockets() {
    return live().map((r) => r.deref());
  },
  watchers: /* @__PURE__ */ new Set()
};
function load2() {
  loaded ??= import("./devtools.js").then((m) => overlay = m.createOverlay());
  return loaded;
}
var api = {
  async open() {
    (await load2()).open(store, registry);
  },
  async close() {
    if (loaded) (await loaded).close();
  },
  async toggle() {
    (await load2()).toggle(store, registry);
  },
  isOpen() {
    return overlay?.isOpen() ?? false;
  }
};
function onKey(e) {
  const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? e.metaKey : e.ctrlKey;
  if (mod && e.shiftKey && !e.altKey && (e.key === "D" || e.key === "d" || e.code === "KeyD")) {
    e.preventDefault();
    api.toggle();
  }
}
function enable() {
  if (enabled) return;
  enabled = true;
  window.plugwireDevtools = api;
  window.addEventListener("keydown", onKey, true);
  try {
    if (localStorage.getItem("plugwire.devtools.open") === "1") api.open();
  } catch {
  }
}
function enableDevtools(s) {
  store = s;
  enable();
}
function trackSocket(socket, opts) {
  if (!(opts.devtools ?? ["localhost", "127.0.0.1", "[::1]"].includes(globalThis.location?.hostname))) return;
  if (refs.length % 64 === 63) live();
  refs.push(new WeakRef(socket));
  for (const fn of registry.watchers) fn(socket);
  enable();
}

// pkg/src/client.js
var call = (fn, self, args2) => {
  try {
    fn.apply(self, args2);
  } catch (e) {
    report(e);
  }
};
var Emitter = {
  on(event, fn) {
    const map = this.__l ??= /* @__PURE__ */ new Map();
    const key = String(event);
    map.set(key, [...map.get(key) ?? [], fn]);
    return this;
  },
  once(event, fn) {
    const self = this;
    function on(...args2) {
      self.off(event, on);
      fn.apply(this, args2);
    }
    on.fn = fn;
    return this.on(event, on);
  },
  off(event, fn) {
    if (!this.__l) return this;
    if (event === void 0) {
      this.__l.clear();
      return this;
    }
    const key = String(event);
    const list = this.__l.get(key);
    if (!list) return this;
    const i = fn === void 0 ? -1 : list.findIndex((cb) => cb === fn || cb.fn === fn);
    if (fn === void 0 || i >= 0 && list.length === 1) this.__l.delete(key);
    else if (i >= 0) this.__l.set(key, list.filter((_, j) => j !== i));
    return this;
  },
  listeners(event) {
    return this.__l?.get(String(event))?.slice() ?? [];
  },
  hasListeners(event) {
    return (this.__l?.get(String(event))?.length ?? 0) > 0;
  },
  /** Runs the listeners of `event`; a throwing one is reported and the others still run. */
  __fire(event, args2) {
    for (const fn of this.__l?.get(event) ?? []) call(fn, this, args2);
  }
};
Emitter.addEventListener = Emitter.on;
Emitter.removeListener = Emitter.removeEventListener = Emitter.removeAllListeners = Emitter.off;
var isBytes = (v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v);
var isBlob = (v) => typeof Blob !== "undefined" && v instanceof Blob;
function hasBinary(v, depth = 0) {
  if (!v || typeof v !== "object" || depth > 64) return false;
  if (isBytes(v)) return true;
  if (Array.isArray(v)) return v.some((x) => hasBinary(x, depth + 1));
  if (typeof v.toJSON === "function") return hasBinary(v.toJSON(), depth + 1);
  return Object.values(v).some((x) => hasBinary(x, depth + 1));
}
function encode(args2) {
  if (!hasBinary(args2)) return [JSON.stringify(args2), []];
  const bufs = [];
  const walk = (v) => {
    if (isBytes(v)) {
      bufs.push(v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
      return { _placeholder: true, num: bufs.length - 1 };
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object" && !(v instanceof Date)) {
      const out = {};
      for (const k of Object.keys(v)) out[k] = walk(v[k]);
      return out;
    }
    return v;
  };
  return [JSON.stringify(walk(args2)), bufs];
}
var vals = /* @__PURE__ */ new Map();
var cur = "";
var bad = null;
var HEAD = 1024;
var isObject = (v) => Object.prototype.toString.call(v) === "[object Object]";
var SHAPES = {
  [HOST_N_PARSE_EVENT]: (v) => Array.isArray(v) && (typeof v[0] === "number" || typeof v[0] === "string" && !RESERVED.has(v[0])),
  [HOST_N_PARSE_ACK]: Array.isArray,
  [HOST_N_PARSE_CONNECT_ERROR]: (v) => typeof v === "string" || isObject(v)
};
var take = (id) => {
  const v = vals.get(id);
  vals.delete(id);
  return v;
};
function feed(kind, mid, tid, status, text2) {
  cur = text2;
  const head = kind === INPUT_TRANSPORT_TEXT && text2.length > HEAD && text2.charCodeAt(0) === 52 && text2.charCodeAt(1) !== 48 && !managers[mid]?.engine?.__bits;
  core.input(kind, mid, tid, status, 0, head ? text2.slice(0, HEAD) : text2);
  cur = "";
  reportBad();
}
function reportBad() {
  if (bad) {
    const [m, id, code] = bad;
    bad = null;
    core.call(CALL_PAYLOAD_ERROR, m, id, code);
  }
}
function revive(v, bufs) {
  if (!v || typeof v !== "object") return v;
  if (v._placeholder === true) {
    if (typeof v.num === "number" && v.num >= 0 && v.num < bufs.length) return bufs[v.num];
    throw new Error("illegal attachments");
  }
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) v[i] = revive(v[i], bufs);
  else for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) v[k] = revive(v[k], bufs);
  return v;
}
var managers = [];
var sockets = [];
var registry2 = new FinalizationRegistry(([op, id]) => core.call(op, id));
var emits = /* @__PURE__ */ new Map();
var nextHandle = 0;
var incoming = [];
var priorWebsocket = false;
var takeIncoming = () => {
  const bufs = incoming;
  incoming = [];
  return bufs;
};
function transportError(message, status, context) {
  const err = new Error(message);
  err.type = "TransportError";
  err.description = message.startsWith("xhr") ? status : void 0;
  err.context = context;
  return err;
}
function args(kind, a, b, n, target2, event) {
  switch (kind) {
    case ARG_KIND_NUM:
      return [n];
    case ARG_KIND_ERROR:
      return [new Error(a)];
    case ARG_KIND_CLOSE:
      return [a, void 0];
    case ARG_KIND_CLOSE_DESCRIPTION:
      return [a, { description: b }];
    case ARG_KIND_CLOSE_ERROR:
      return [a, new Error(b)];
    case ARG_KIND_TRANSPORT:
      return [{ name: a }];
    case ARG_KIND_CONNECT_ERROR: {
      const d = take(n);
      const err = new Error(typeof d === "string" ? d : String(d?.message ?? ""));
      if (d && d.data !== void 0) err.data = d.data;
      return [err];
    }
    case ARG_KIND_TRANSPORT_ERROR:
      return [transportError(a, n, target2.__ctx)];
    case ARG_KIND_CLOSE_TRANSPORT_ERROR:
      return [a, transportError(b, n, target2.__ctx)];
    case ARG_KIND_PACKET: {
      const p = { type: a };
      if (n) p.data = takeIncoming()[0];
      else if (b) p.data = b;
      if (event === "packetCreate") p.options = { compress: true };
      return [p];
    }
    default:
      return [];
  }
}
Object.assign(N, {
  [HOST_N_TIMER](mid, _, ms) {
    const m = managers[mid];
    if (!m) return;
    clearTimeout(m.__timer);
    m.__timer = ms < 0 ? void 0 : setTimeout(() => core.call(CALL_TICK, mid), ms);
    if (ms < 0) m.__idle();
  },
  [HOST_N_MICROTASK](mid) {
    queueMicrotask(() => {
      while (core.call(CALL_DELIVER, mid)) ;
    });
  },
  [HOST_N_PRIOR](ok) {
    priorWebsocket = ok === 1;
  },
  [HOST_N_JOIN](sid) {
    sockets[sid]?.__join();
  },
  [HOST_N_OUTGOING](sid, handle, release) {
    const e = emits.get(handle);
    if (release) emits.delete(handle);
    if (e) sockets[sid]?.__dispatch(e.args, true);
  },
  [HOST_N_RELEASE](handle) {
    emits.delete(handle);
  },
  [HOST_N_REVIVE](id, mid) {
    const bufs = takeIncoming();
    if (bad?.[0] === mid || !vals.has(id)) return;
    try {
      vals.set(id, revive(vals.get(id), bufs));
    } catch {
      bad = [mid, id, 1];
    }
  },
  [HOST_N_DROP](id) {
    vals.delete(id);
  },
  [HOST_N_EVENT]: deliver(false),
  [HOST_N_EVENT_RECOVERING]: deliver(true),
  [HOST_N_ACK](sid, handle, n) {
    const e = emits.get(handle);
    emits.delete(handle);
    const list = take(n % 2 ** 32);
    if (!e || !list) return;
    if (e.ack.resolve) return e.ack.resolve(list[0]);
    if (n >= 2 ** 32) list.unshift(null);
    call(e.ack, sockets[sid], list);
  },
  [HOST_N_NEW_ENGINE](mid) {
    const m = managers[mid];
    if (!m) return;
    m.engine = new Engine(m);
    core.call(CALL_ENGINE_LISTEN, mid, 0);
  }
});
Object.assign(S, {
  [HOST_S_IO](mid, tid, op, a, b) {
    managers[mid]?.__io(op, tid, a, b);
  },
  [HOST_S_SETTLE](mid, failed, _, message) {
    const m = managers[mid];
    if (!m) return;
    const callbacks = m.__cbs;
    m.__cbs = [];
    const err = failed ? new Error(message) : void 0;
    for (const fn of callbacks) call(fn, m, [err]);
  },
  [HOST_S_ACK_ERROR](sid, handle, reportIt, message) {
    const e = emits.get(handle);
    emits.delete(handle);
    if (!e || !reportIt) return;
    const err = new Error(message);
    if (e.ack.reject) e.ack.reject(err);
    else call(e.ack, sockets[sid], [err]);
  },
  [HOST_S_FIRE](id, tk, n, event, a, b) {
    const target2 = tk >> 4;
    const m = target2 === TARGET_SOCKET ? sockets[id]?.io : managers[id];
    const t = target2 === TARGET_SOCKET ? sockets[id] : target2 === TARGET_ENGINE ? m?.engine : m;
    const list = args(tk & 15, a, b, n, m ?? {}, event);
    if (!t) return;
    t.__fire(event, list);
    if (target2 === TARGET_SOCKET && !t.active) delete sockets[id];
  }
});
Object.assign(B, {
  [HOST_B_SEND](mid, tid, data) {
    managers[mid]?.__io(IO_SEND_TEXT, tid, data.slice());
  },
  [HOST_B_ATTACH](_, __, data) {
    incoming.push(data.slice().buffer);
  }
});
for (const [op, shape] of Object.entries(SHAPES)) {
  N[op] = (id, start, n) => {
    const mid = Math.floor(n / 2 ** 32);
    if (bad?.[0] === mid) return;
    const end = n % 2 ** 32;
    let v;
    try {
      v = JSON.parse(end === 2 ** 32 - 1 ? cur.slice(start) : cur.slice(start, end));
    } catch {
      return bad = [mid, id, 0];
    }
    if (shape(v)) vals.set(id, v);
    else bad = [mid, id, 0];
  };
}
function deliver(recovering) {
  return (sid, id, ack) => {
    const s = sockets[sid];
    const list = take(id);
    if (!s || !list) return;
    if (ack >= 0) list.push(ackFn(s, ack));
    else if (recovering && typeof list[list.length - 1] === "string") core.input(INPUT_OFFSET, sid, 0, 0, 0, list[list.length - 1]);
    s.__dispatch(list, false);
  };
}
if (typeof addEventListener === "function") {
  addEventListener("offline", () => managers.forEach((m) => m.__local || core.call(CALL_OFFLINE, m.__mid)), false);
  addEventListener("beforeunload", () => managers.forEach((m) => m.__unload && m.__t.forEach((_, tid) => m.__io(IO_CLOSE, tid))), false);
}
function ackFn(socket, id) {
  let sent = false;
  return (...list) => {
    if (sent) return;
    sent = true;
    const [json, bufs] = encode(list);
    for (const b of bufs) core.bytes(BYTES_ATTACH, 0, 0, b);
    core.input(INPUT_ANSWER, socket.__sid, id, 0, 0, json);
  };
}
function target(uri, path) {
  const protocol2 = globalThis.location?.protocol ?? "https:";
  const pageHost = globalThis.location?.host ?? "";
  uri = uri == null ? `${protocol2}//${pageHost}` : String(uri);
  if (uri.startsWith("//")) uri = protocol2 + uri;
  else if (uri.startsWith("/")) uri = pageHost + uri;
  if (!/^(https?|wss?):\/\//i.test(uri)) uri = `${pageHost ? `${protocol2}//` : "https://"}${uri}`;
  let url;
  try {
    url = new URL(uri);
  } catch {
    throw new Error(`invalid URL: ${uri}`);
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  const secure = scheme === "https" || scheme === "wss";
  const port = url.port || (secure ? "443" : "80");
  const defaultPort = port === (secure ? "443" : "80");
  return {
    id: `${scheme}://${url.hostname}:${port}${path}`,
    local: url.hostname === "localhost",
    authority: defaultPort ? url.host : `${url.hostname}:${port}`,
    secure,
    nsp: url.pathname || "/",
    query: url.search.slice(1),
    source: uri
  };
}
var pathOf = (opts) => {
  let path = typeof opts.path === "string" ? opts.path : "/socket.io";
  if (!path.startsWith("/")) path = `/${path}`;
  return opts.addTrailingSlash !== false && !path.endsWith("/") ? `${path}/` : path;
};
function encodeQuery(q, fallback) {
  if (q == null) return fallback;
  if (typeof q === "string") return q.replace(/^\?/, "");
  return Object.entries(q).filter(([, v]) => v !== void 0).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join("&");
}
var num = (v) => typeof v === "number" ? v : NaN;
var Manager = class {
  constructor(uri, opts) {
    if (uri && typeof uri === "object") {
      opts = uri;
      uri = void 0;
    }
    opts = opts ?? {};
    const t = target(uri, pathOf(opts).replace(/\/+$/, ""));
    const transports = Array.isArray(opts.transports) ? opts.transports : ["polling", "websocket"];
    const flags = (opts.upgrade !== false && MANAGER_FLAG_UPGRADE) | (opts.rememberUpgrade === true && MANAGER_FLAG_REMEMBER_UPGRADE) | (opts.tryAllTransports === true && MANAGER_FLAG_TRY_ALL_TRANSPORTS) | (opts.timestampRequests !== false && MANAGER_FLAG_TIMESTAMP_REQUESTS) | (priorWebsocket && MANAGER_FLAG_PRIOR_WEBSOCKET) | (opts.reconnection !== false && MANAGER_FLAG_RECONNECTION);
    const timeout = opts.timeout === false ? NaN : typeof opts.timeout === "number" ? opts.timeout : 2e4;
    const names2 = transports.map((x) => typeof x === "string" ? x : x?.name).join(",");
    this.__mid = core.manager(
      [t.authority, pathOf(opts), encodeQuery(opts.query, t.query), names2].join("\0"),
      t.secure,
      flags,
      num(opts.reconnectionAttempts),
      num(opts.reconnectionDelay),
      num(opts.reconnectionDelayMax),
      num(opts.randomizationFactor),
      timeout,
      Math.random() * 2 ** 53
    );
    registry2.register(this, [CALL_FREE_MANAGER, this.__mid]);
    this.__use();
    this.__t = /* @__PURE__ */ new Map();
    this.__cbs = [];
    this.__http = {
      credentials: opts.withCredentials ? "include" : "same-origin",
      headers: { ...opts.extraHeaders ?? {} }
    };
    this.nsps = {};
    this.engine = void 0;
    this.uri = t.source;
    this.opts = { ...opts, path: opts.path ?? "/socket.io" };
    this.__auto = opts.autoConnect !== false;
    this.__local = t.local;
    this.__unload = opts.closeOnBeforeunload === true;
    if (this.__auto) this.open();
  }
  get _readyState() {
    return ["closed", "opening", "open"][core.call(CALL_STATE, this.__mid) & MANAGER_STATE_READY_MASK];
  }
  /** The core may call back about this manager: keep it reachable. */
  __use() {
    managers[this.__mid] = this;
  }
  /** Closed, no timer, no transport: the core has nothing more to say until it is used. */
  __idle() {
    if (this.__t.size === 0 && this._readyState === "closed") delete managers[this.__mid];
  }
  /** Opens the connection; `fn(err?)` once it is open or failed. */
  open(fn) {
    if (this._readyState !== "closed") return this;
    if (fn) this.__cbs.push(fn);
    this.__use();
    core.call(CALL_OPEN, this.__mid);
    return this;
  }
  /** Closes the connection, without reconnecting (socket.io-client's `_close()`). */
  _close() {
    core.call(CALL_CLOSE, this.__mid);
    return this;
  }
  /** The socket of namespace `nsp` (created on first use). */
  socket(nsp, opts) {
    let s = this.nsps[nsp];
    if (!s) this.nsps[nsp] = s = new Socket(this, nsp, opts);
    else if (this.__auto && !s.active) s.connect();
    return s;
  }
  /** Carries out the core's transport I/O (`op`: an `Io` code). */
  __io(op, tid, a, b) {
    const mid = this.__mid;
    const event = (kind, s = "", status = 0) => feed(kind, mid, tid, status, s);
    const t = this.__t.get(tid);
    if (op === IO_OPEN_WEB_SOCKET) {
      let ws;
      try {
        ws = new WebSocket(a);
      } catch {
        return event(INPUT_TRANSPORT_ERROR, "websocket error");
      }
      ws.binaryType = "arraybuffer";
      ws.onopen = () => event(INPUT_TRANSPORT_OPEN);
      ws.onmessage = ({ data }) => typeof data === "string" ? event(INPUT_TRANSPORT_TEXT, data) : data instanceof ArrayBuffer ? (core.bytes(BYTES_BINARY, mid, tid, new Uint8Array(data)), reportBad()) : event(INPUT_TRANSPORT_ERROR, "unexpected websocket data");
      ws.onclose = ({ reason }) => event(INPUT_TRANSPORT_CLOSED, reason || "websocket connection closed");
      ws.onerror = () => event(INPUT_TRANSPORT_ERROR, "websocket error");
      this.__t.set(tid, ws);
    } else if (op === IO_SEND_TEXT) {
      if (!(t instanceof WebSocket)) return;
      try {
        t.send(a);
      } catch {
        event(INPUT_TRANSPORT_ERROR, "websocket error");
      }
    } else if (op === IO_GET || op === IO_POST) {
      const post = op === IO_POST;
      const init = { ...this.__http, headers: { ...this.__http.headers } };
      if (post) {
        init.method = "POST";
        init.body = b;
        init.headers["content-type"] = "text/plain;charset=UTF-8";
      } else {
        init.signal = this.__t.set(tid, new AbortController()).get(tid).signal;
      }
      const failed = (status, responseText) => {
        this.__ctx = { status, responseText };
        event(post ? INPUT_POST_FAILED : INPUT_POLL_FAILED, `xhr ${post ? "post" : "poll"} error`, status);
      };
      fetch(a, init).then(
        (r) => !r.ok ? r.text().then((t2) => failed(r.status, t2), () => failed(r.status)) : post ? event(INPUT_POST_DONE) : r.text().then((text2) => event(INPUT_POLL_DONE, text2), () => failed(0)),
        () => failed(0)
      );
    } else if (op === IO_CLOSE) {
      this.__t.delete(tid);
      if (t instanceof WebSocket) {
        t.onopen = t.onmessage = t.onclose = t.onerror = null;
        t.close();
      } else t?.abort();
    }
  }
};
Object.assign(Manager.prototype, Emitter, { connect: Manager.prototype.open, disconnect: Manager.prototype._close, close: Manager.prototype._close });
["reconnection", "reconnectionAttempts", "reconnectionDelay", "reconnectionDelayMax", "randomizationFactor", "timeout"].forEach(
  (name, which) => {
    Manager.prototype[name] = function(v) {
      const value = v === void 0 ? NaN : which === 0 ? +!!v : which === 5 && v === false ? -1 : +v;
      const current = core.call(CALL_OPTION, this.__mid, which, value);
      if (v !== void 0) return this;
      return which === 0 ? current === 1 : which === 5 && current < 0 ? false : current;
    };
  }
);
var PER_PACKET = { packet: ENGINE_LISTEN_PACKET, packetCreate: ENGINE_LISTEN_PACKET_CREATE, drain: ENGINE_LISTEN_DRAIN };
var Engine = class {
  constructor(manager) {
    this.__m = manager;
  }
  /** Whether this is still the manager's current session. */
  get __current() {
    return this.__m.engine === this;
  }
  get id() {
    return this.__current ? read(READ_ENGINE_ID, this.__m.__mid) : void 0;
  }
  get transport() {
    const state = this.__current ? core.call(CALL_STATE, this.__m.__mid) : 0;
    return { name: [void 0, "polling", "websocket"][state >> MANAGER_STATE_TRANSPORT_SHIFT & 3] };
  }
  get readyState() {
    const state = this.__current ? core.call(CALL_STATE, this.__m.__mid) : 0;
    return state & MANAGER_STATE_ENGINE_OPEN ? "open" : state & MANAGER_STATE_ENGINE_OPENING ? "opening" : "closed";
  }
  /** Closes the session ("forced close"); the manager reconnects as after any close. */
  close() {
    if (this.__current) core.call(CALL_ENGINE_CLOSE, this.__m.__mid);
    return this;
  }
};
Object.assign(Engine.prototype, Emitter, {
  on(event, fn) {
    Emitter.on.call(this, event, fn);
    return this.__listen();
  },
  off(event, fn) {
    Emitter.off.call(this, event, fn);
    return this.__listen();
  },
  /** Tells the core which per-packet events have listeners. */
  __listen() {
    let bits = 0;
    for (const [name, bit] of Object.entries(PER_PACKET)) if (this.hasListeners(name)) bits |= bit;
    this.__bits = bits;
    if (this.__current) core.call(CALL_ENGINE_LISTEN, this.__m.__mid, bits);
    return this;
  }
});
Engine.prototype.addEventListener = Engine.prototype.on;
Engine.prototype.removeListener = Engine.prototype.removeEventListener = Engine.prototype.removeAllListeners = Engine.prototype.off;
var RESERVED = /* @__PURE__ */ new Set(["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"]);
var checkEvent = (ev) => {
  if (RESERVED.has(ev)) throw new Error(`"${String(ev)}" is a reserved event name`);
};
function hasBlob(v, depth = 0) {
  if (depth > 32 || !v || typeof v !== "object") return false;
  if (isBlob(v)) return true;
  if (isBytes(v)) return false;
  return (Array.isArray(v) ? v : Object.values(v)).some((x) => hasBlob(x, depth + 1));
}
async function readBlobs(v, depth = 0) {
  if (depth > 32 || !v || typeof v !== "object" || isBytes(v)) return v;
  if (isBlob(v)) return v.arrayBuffer();
  if (Array.isArray(v)) return Promise.all(v.map((x) => readBlobs(x, depth + 1)));
  if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return v;
  const out = {};
  for (const [k, x] of Object.entries(v)) out[k] = await readBlobs(x, depth + 1);
  return out;
}
var Socket = class {
  constructor(io2, nsp, opts) {
    opts = opts ?? {};
    this.io = io2;
    this.nsp = nsp;
    this.auth = opts.auth && (typeof opts.auth === "object" || typeof opts.auth === "function") ? opts.auth : void 0;
    this.__sid = core.input(INPUT_SOCKET, io2.__mid, num(opts.ackTimeout), num(opts.retries), 0, String(nsp));
    registry2.register(this, [CALL_FREE_SOCKET, this.__sid]);
    this.__flags = {};
    this.__anyl = [[], []];
    sockets[this.__sid] = this;
    trackSocket(this, opts);
    if (io2.__auto) this.connect();
  }
  get id() {
    return read(READ_SOCKET_ID, this.__sid);
  }
  get connected() {
    return (core.call(CALL_SOCKET_STATE, this.__sid) & SOCKET_STATE_CONNECTED) !== 0;
  }
  get disconnected() {
    return !this.connected;
  }
  get active() {
    return (core.call(CALL_SOCKET_STATE, this.__sid) & SOCKET_STATE_ACTIVE) !== 0;
  }
  /** socket.io-client's `recovered`: false before the first connection, `undefined` after one
   * to a server without connection state recovery. */
  get recovered() {
    const state = core.call(CALL_SOCKET_STATE, this.__sid);
    if (!(state & SOCKET_STATE_JOINED)) return false;
    return state & SOCKET_STATE_PID ? (state & SOCKET_STATE_RECOVERED) !== 0 : void 0;
  }
  /** Packets waiting for the connection (`{type, data, options, id?}`). */
  get sendBuffer() {
    const pairs = JSON.parse(read(READ_SEND_BUFFER, this.__sid));
    const out = [];
    for (let i = 0; i < pairs.length; i += 2) {
      const p = { type: 2, data: emits.get(pairs[i])?.args, options: { compress: true } };
      if (pairs[i + 1] >= 0) p.id = pairs[i + 1];
      out.push(p);
    }
    return out;
  }
  get sendBufferLength() {
    return JSON.parse(read(READ_SEND_BUFFER, this.__sid)).length / 2;
  }
  /** Events received before `connect`, as `[event, ...args]`. */
  get receiveBuffer() {
    return JSON.parse(read(READ_RECEIVE_BUFFER, this.__sid)).map((id) => vals.get(id));
  }
  /** The next emit is dropped if it cannot be sent at once. */
  get volatile() {
    this.__flags.volatile = true;
    return this;
  }
  connect() {
    sockets[this.__sid] = this;
    this.io.__use();
    core.call(CALL_CONNECT, this.__sid);
    return this;
  }
  disconnect() {
    core.call(CALL_DISCONNECT, this.__sid);
    return this;
  }
  /** Emits `event`; a function as last argument is the ack callback. */
  emit(event, ...list) {
    checkEvent(event);
    list.unshift(event);
    const ack = typeof list[list.length - 1] === "function" ? list.pop() : void 0;
    this.__emit(list, ack, ack ? ACK_CODE_CALLBACK : ACK_CODE_NONE);
    return this;
  }
  /** Emits `event` and resolves with the first argument of the server's ack. */
  emitWithAck(event, ...list) {
    return new Promise((resolve, reject) => {
      checkEvent(event);
      list.unshift(event);
      this.__emit(list, { resolve, reject }, ACK_CODE_PROMISE);
    });
  }
  send(...list) {
    this.__emit(["message", ...list], void 0, ACK_CODE_NONE);
    return this;
  }
  /** The next emit's ack fails with "operation has timed out" after `ms`. */
  timeout(ms) {
    this.__flags.timeout = ms;
    return this;
  }
  compress() {
    return this;
  }
  __emit(list, ack, mode) {
    const flags = this.__flags;
    this.__flags = {};
    if (this.__queue || hasBlob(list)) {
      const queue = this.__queue ??= [];
      queue.push([list, ack, mode, flags]);
      if (queue.length === 1) this.__drainBlobs();
      return;
    }
    const handle = ++nextHandle;
    emits.set(handle, { args: list, ack });
    this.io.__use();
    const [json, bufs] = encode(list);
    for (const b of bufs) core.bytes(BYTES_ATTACH, 0, 0, b);
    core.input(INPUT_EMIT, this.__sid, handle, flags.timeout ?? NaN, mode | (flags.volatile === true ? EMIT_FLAGS_VOLATILE : 0), json);
  }
  async __drainBlobs() {
    while (this.__queue.length) {
      const [list, ack, mode, flags] = this.__queue[0];
      let read2;
      try {
        read2 = await readBlobs(list);
      } catch (e) {
        report(e);
      }
      this.__queue.shift();
      if (!read2) continue;
      const queue = this.__queue;
      this.__queue = null;
      this.__flags = flags;
      this.__emit(read2, ack, mode);
      this.__queue = queue;
    }
    this.__queue = null;
  }
  /** Sends the CONNECT packet with `auth` (called by the core once the connection is open). A
   * throwing `auth` function (or unserialisable data) is reported; the core's other work goes on. */
  __join() {
    const send = (data) => core.input(INPUT_JOIN, this.__sid, 0, 0, 0, data && typeof data === "object" ? JSON.stringify(data) : "");
    try {
      if (typeof this.auth === "function") this.auth(send);
      else send(this.auth);
    } catch (e) {
      report(e);
    }
  }
  /** Catch-all listeners (incoming or outgoing), then, for incoming events, the event's own. */
  __dispatch(list, outgoing) {
    for (const fn of this.__anyl[+outgoing]) call(fn, this, list);
    if (!outgoing) this.__fire(String(list[0]), list.slice(1));
  }
};
Object.assign(Socket.prototype, Emitter);
Object.assign(Socket.prototype, { open: Socket.prototype.connect, close: Socket.prototype.disconnect, write: Socket.prototype.send });
for (const [suffix, i] of [["", 0], ["Outgoing", 1]]) {
  Object.assign(Socket.prototype, {
    [`onAny${suffix}`](fn) {
      this.__anyl[i] = [...this.__anyl[i], fn];
      return this;
    },
    [`prependAny${suffix}`](fn) {
      this.__anyl[i] = [fn, ...this.__anyl[i]];
      return this;
    },
    [`offAny${suffix}`](fn) {
      const list = this.__anyl[i];
      const at = fn ? list.indexOf(fn) : -1;
      if (!fn) this.__anyl[i] = [];
      else if (at >= 0) this.__anyl[i] = list.filter((_, j) => j !== at);
      return this;
    },
    [`listenersAny${suffix}`]() {
      return this.__anyl[i].slice();
    }
  });
}
var cache = {};
function io(uri, opts) {
  if (uri && typeof uri === "object") {
    opts = uri;
    uri = void 0;
  }
  opts = opts ?? {};
  const t = target(uri, pathOf(opts).replace(/\/+$/, ""));
  const shared = cache[t.id];
  const sameNamespace = shared && t.nsp in shared.nsps;
  const fresh = opts.forceNew || opts["force new connection"] || opts.multiplex === false || sameNamespace;
  const m = fresh ? new Manager(t.source, opts) : cache[t.id] ??= new Manager(t.source, opts);
  return m.socket(t.nsp, opts);
}
var protocol = 5;

// pkg/src/store.js
var results = [];
var subscribers = [];
N[HOST_N_RESULT] = (a, b) => results.push([a, b]);
N[HOST_N_SUB] = (store2, channel, on) => subscribers[store2](channel, on === 1);
var collect = (fn) => {
  results = [];
  fn();
  return results;
};
var notify = (set, value) => {
  for (const fn of [...set]) {
    try {
      fn(value);
    } catch (e) {
      report(e);
    }
  }
};
var warnedDeps = /* @__PURE__ */ new Set();
var HISTORY = 500;
var STATUS = {
  [STORE_STATUS_CONNECTING]: "connecting",
  [STORE_STATUS_CONNECTED]: "connected",
  [STORE_STATUS_DISCONNECTED]: "disconnected",
  [STORE_STATUS_UNAVAILABLE]: "unavailable"
};
var names = /* @__PURE__ */ new Map();
var strings = [""];
var nameOf = (s) => {
  if (s == null) return 0;
  let n = names.get(s);
  if (n === void 0) {
    names.set(s, n = strings.length);
    strings.push(s);
  }
  return n;
};
function dependenciesOf(manifest) {
  const list = manifest?.dependencies;
  if (list === void 0) return [];
  if (!Array.isArray(list)) throw new TypeError("manifest.dependencies must be an array");
  const out = [];
  for (const d of list) {
    const ids = d.identifiers ?? (d.identifier !== void 0 ? [d.identifier] : []);
    if (typeof d.model !== "string" || !d.model) throw new TypeError(`manifest dependency ${JSON.stringify(ids)} needs a "model"`);
    for (const identifier of ids) {
      if (typeof identifier !== "string" || !identifier) throw new TypeError("manifest dependency identifiers must be non-empty strings");
      out.push({ identifier, model: d.model, channel: `private.${d.model}.${identifier}`, events: { ...d.events ?? {} } });
    }
  }
  return out;
}
function createStore(options = {}) {
  const driver = options.driver ?? "echo";
  if (driver !== "echo" && driver !== "relay") throw new Error('driver must be "echo" or "relay"');
  const echo = driver === "echo";
  const page = globalThis.location;
  const url = options.url ?? `${page?.protocol ?? "http:"}//${page?.hostname ?? "localhost"}:3069`;
  const opts = { ...options.io ?? {}, forceNew: true, devtools: options.devtools };
  if (options.path !== void 0) opts.path = options.path;
  if (options.auth !== void 0) opts.auth = options.auth;
  if (echo) opts.query = { ...options.io?.query ?? {}, wire: "echo" };
  const socket = io(url, opts);
  const id = core.call(CALL_STORE, 0, echo ? DRIVER_ECHO : DRIVER_RELAY);
  const call2 = (op, a = 0, b = 0, c = 0) => core.call(op, id, a, b, c);
  const pendingSubs = [];
  subscribers[id] = (channel, on) => pendingSubs.push([strings[channel], on]);
  const listeners = /* @__PURE__ */ new Map();
  const statusListeners = /* @__PURE__ */ new Set();
  const taps = /* @__PURE__ */ new Set();
  const state = {};
  const stateListeners = /* @__PURE__ */ new Set();
  let snapshot = {};
  const stateChanged = () => notify(stateListeners, snapshot = { ...state });
  let closed = false;
  const tap = (direction, event, channel, payload, listeners2, args2) => {
    if (!taps.size || String(event).startsWith("plugwire:")) return;
    const record = { time: Date.now(), direction, socket: "primary", event, channel, payload, listeners: listeners2, args: args2 };
    notify(taps, record);
  };
  const flush = () => {
    for (const [channel, on] of pendingSubs.splice(0)) {
      if (!socket.connected) continue;
      if (on) {
        const auth = options.channelAuth && typeof options.channelAuth === "object" ? options.channelAuth : { headers: {} };
        socket.emit("subscribe", { channel, auth });
      } else socket.emit("unsubscribe", { channel });
    }
  };
  const status = (what) => {
    const next = STATUS[call2(CALL_STORE_ON, what)];
    if (next && !closed) notify(statusListeners, next);
    flush();
  };
  const deliver2 = (event, channel, data, simulated) => {
    if (closed) return [];
    const matching = collect(() => call2(CALL_ROUTE, nameOf(event), typeof channel === "string" ? nameOf(channel) : 0)).map(([l]) => listeners.get(l)).filter(Boolean);
    const reached = matching.map((l) => ({ socket: l.tag ?? "primary", listener: l.cb.name }));
    tap(simulated ? "simulated" : "in", event, channel, data, reached);
    if (matching.some((l) => l.stateChange)) {
      const changes = data?.changes;
      const source = changes && typeof changes === "object" ? changes : data;
      if (source && typeof source === "object") {
        Object.assign(state, source);
        stateChanged();
      }
    }
    const meta = { event, channel };
    for (const l of matching) {
      try {
        l.cb(data, meta);
      } catch (e) {
        tap("error", event, channel, e);
        report(e);
      }
    }
    return reached;
  };
  const handlers = [
    ["connect", () => status(STORE_EVENT_CONNECT)],
    ["disconnect", () => status(STORE_EVENT_DISCONNECT)],
    ["connect_error", () => status(STORE_EVENT_CONNECT_ERROR)],
    [
      "subscription_error",
      (channel, st) => {
        tap("error", "subscription_error", channel, st);
        console.warn("plugwire: subscription refused for channel", channel);
      }
    ]
  ];
  const failed = () => status(STORE_EVENT_RECONNECT_FAILED);
  const onIncoming = (event, a, b) => {
    const routed = echo && b !== void 0 && (typeof a === "string" || a === null);
    deliver2(String(event), routed ? a : null, routed ? b : a, false);
  };
  const onOutgoing = (event, ...args2) => {
    const sub = event === "subscribe" || event === "unsubscribe";
    tap("out", event, sub ? args2[0]?.channel : null, args2[0], void 0, args2);
  };
  for (const [event, fn] of handlers) socket.on(event, fn);
  socket.io.on("reconnect_failed", failed);
  socket.onAny(onIncoming);
  socket.onAnyOutgoing(onOutgoing);
  if (socket.connected) status(STORE_EVENT_CONNECT);
  const once = (remove) => {
    let done = false;
    return () => {
      if (!done) {
        done = true;
        remove();
      }
    };
  };
  const listen = (event, channel, cb, tag, stateChange = false) => {
    if (typeof cb !== "function") throw new TypeError("listener must be a function");
    if (closed) return () => {
    };
    const l = call2(CALL_LISTEN, nameOf(String(event)), nameOf(channel), nameOf(tag));
    listeners.set(l, { cb, stateChange, tag });
    flush();
    return once(() => {
      listeners.delete(l);
      call2(CALL_UNLISTEN, l);
      flush();
    });
  };
  let deps = /* @__PURE__ */ new Map();
  const recent = [];
  const primary = {
    channel: null,
    /** Listens for `event` whatever its channel. */
    listen: (event, cb) => listen(event, null, cb, null),
    /** Emits `event` with `data` to the server. */
    broadcast: (event, data, ack) => store2.emitSocket("primary", event, data, ack),
    /** Listens for "state-change"; `changes` are merged into `store.state` first. */
    listenForStateChange: (cb) => listen("state-change", null, cb, null, true)
  };
  const sockets2 = { primary };
  function loadDependencies(manifest) {
    const next = dependenciesOf(manifest);
    call2(CALL_DROP_TAGGED, 0);
    for (const [l, entry] of listeners) if (entry.tag != null) listeners.delete(l);
    flush();
    for (const id2 of deps.keys()) delete sockets2[id2];
    deps = new Map(next.map((d) => [d.identifier, d]));
    for (const d of next) {
      const s = { channel: d.channel, model: d.model, identifier: d.identifier };
      for (const [type, event] of Object.entries(d.events)) {
        s[type] = { event, listen: (cb) => listen(event, d.channel, cb, d.identifier) };
      }
      sockets2[d.identifier] = s;
    }
  }
  const warnUnknown = (name) => {
    if (call2(CALL_WARN, nameOf(String(name)))) {
      console.warn(`plugwire: emitSocket: unknown socket "${name}"; known sockets: ${["primary", ...deps.keys()].join(", ")}`);
    }
  };
  const store2 = {
    sockets: sockets2,
    /** The socket server's URL. */
    url,
    /** The primary socket (a socket.io-client compatible `Socket`). */
    socket,
    /** Resolves when the manifest (if given as a URL) is loaded. */
    ready: Promise.resolve(),
    /** The shared state (`updateState`, `listenForStateChange`). */
    state,
    get connectionStatus() {
      return STATUS[call2(CALL_STATUS)];
    },
    /** Listeners registered (for leak checks). */
    get listenerCount() {
      return call2(CALL_SIZE);
    },
    /** Listeners per socket: `{primary, <dependency>…}`. */
    get listenerCounts() {
      return Object.fromEntries(collect(() => call2(CALL_COUNTS)).map(([tag, n]) => [tag ? strings[tag] : "primary", n]));
    },
    /** Channels subscribed on the server (echo driver). */
    get channels() {
      return collect(() => call2(CALL_CHANNELS)).map(([ch]) => strings[ch]);
    },
    get dependencies() {
      return [...deps.values()].map((d) => ({ ...d, events: { ...d.events } }));
    },
    /** Listens for `event` on a socket: "primary" (any channel) or a dependency (its channel). */
    listenSocket(socketName, event, cb) {
      if (socketName === "primary") return listen(event, null, cb, null);
      const d = deps.get(socketName);
      if (d) return listen(event, d.channel, cb, d.identifier);
      warnUnknown(socketName);
      return () => {
      };
    },
    /** Emits on a socket; false (and a warning, once) for an unknown socket name. */
    emitSocket(socketName, event, data, ack) {
      if (socketName !== "primary" && !deps.has(socketName)) {
        warnUnknown(socketName);
        return false;
      }
      if (typeof ack === "function") socket.emit(event, data, ack);
      else socket.emit(event, data);
      return true;
    },
    /** Listens on a dependency's channel for an event type of its manifest entry, or an event name. */
    useSocketListener(dependency, eventTypeOrName, cb) {
      const d = deps.get(dependency);
      if (!d) {
        if (!warnedDeps.has(dependency)) {
          warnedDeps.add(dependency);
          console.warn(`plugwire: useSocketListener: unknown dependency "${dependency}"; known: ${[...deps.keys()].join(", ") || "none"}`);
        }
        return () => {
        };
      }
      const event = d.events[eventTypeOrName] ?? eventTypeOrName;
      return listen(event, d.channel, cb, d.identifier);
    },
    updateState(key, value) {
      state[key] = value;
      stateChanged();
    },
    /** The state as an immutable snapshot, replaced (never mutated) on every change. */
    getState: () => snapshot,
    /** Calls `cb(snapshot)` after every state change; returns an unsubscribe function. */
    subscribe(cb) {
      const entry = (s) => cb(s);
      stateListeners.add(entry);
      return once(() => stateListeners.delete(entry));
    },
    /** The tool plugwire replaces: `listen(socketName, event, cb)`, or `listen(event, identifier,
     * cb)` for an event on a dependency's channel (`"project"`: on any channel). */
    listen(a, b, cb) {
      if (a === "primary" || deps.has(a)) return store2.listenSocket(a, b, cb);
      return b === "project" ? listen(a, null, cb, null) : store2.useSocketListener(b, a, cb);
    },
    /** The tool plugwire replaces: `broadcast(socketName, event, data)` is `emitSocket`. */
    broadcast: (socketName, event, data, ack) => store2.emitSocket(socketName, event, data, ack),
    /** Calls `cb(status)` on every connection status change; returns an unsubscribe function. */
    onStatusChange(cb) {
      const entry = (s) => cb(s);
      statusListeners.add(entry);
      return once(() => statusListeners.delete(entry));
    },
    /** Delivers an event locally, exactly as if it came from the server; returns the listeners
     * that received it, `[{socket, listener}]` (empty when none did). */
    simulate(event, data, { channel } = {}) {
      return deliver2(String(event), typeof channel === "string" ? channel : null, data, true);
    },
    /**
     * Taps every inbound and outbound event (devtools); returns an unsubscribe function. With
     * `{history: true}` the records kept since the store was created (devtools enabled: the last
     * 500) are replayed first.
     */
    inspect(cb, { history = false } = {}) {
      if (history) for (const rec of recent) cb(rec);
      const entry = (r) => cb(r);
      taps.add(entry);
      return once(() => taps.delete(entry));
    },
    /** Replaces the manifest: dependency sockets are rebuilt; their old listeners are dropped. */
    loadManifest(manifest) {
      if (typeof manifest === "string") {
        return fetch(manifest).then((r) => {
          if (!r.ok) throw new Error(`manifest ${manifest}: HTTP ${r.status}`);
          return r.json();
        }).then((m) => loadDependencies(m));
      }
      loadDependencies(manifest);
      return Promise.resolve();
    },
    /** Releases every listener and disconnects. */
    close() {
      if (!call2(CALL_STORE_CLOSE)) return;
      closed = true;
      listeners.clear();
      taps.clear();
      statusListeners.clear();
      stateListeners.clear();
      for (const [event, fn] of handlers) socket.off(event, fn);
      socket.io.off("reconnect_failed", failed);
      socket.offAny(onIncoming);
      socket.offAnyOutgoing(onOutgoing);
      socket.disconnect();
    }
  };
  if (options.manifest !== void 0) store2.ready = store2.loadManifest(options.manifest);
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(globalThis.location?.hostname);
  if (options.devtools ?? local) {
    taps.add((rec) => {
      recent.push(rec);
      if (recent.length > HISTORY) recent.shift();
    });
    enableDevtools(store2);
  }
  return store2;
}
export {
  Manager,
  Socket,
  io as connect,
  createStore,
  io as default,
  io,
  protocol,
  ready,
  version2 as version
};
