// The socket.io-client compatible API: `io()`, `Manager`, `Socket`, on the Rust core.
//
// The Rust core decides everything: the Engine.IO session, transports and upgrade, heartbeat,
// reconnection, namespaces, acks, retries, buffers, recovery. It is sans-IO: it asks this file,
// its host, to open WebSockets, issue fetches, arm timers and fire events, and hears back what
// happened. This file keeps the JavaScript values — listeners, emitted arguments, ack
// callbacks, `auth` — and gives them socket.io-client's shapes. Only numbers, strings and
// bytes cross the boundary.
import * as OP from "./abi.js";
import { core, read, report, N, S, B } from "./core.js";
import { trackSocket } from "./hotkey.js";

const call = (fn, self, args) => {
  try {
    fn.apply(self, args);
  } catch (e) {
    report(e);
  }
};

/** Listener methods shared by Manager, Engine and Socket (component-emitter's semantics). */
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
    const i = fn === undefined ? -1 : list.findIndex((cb) => cb === fn || cb.fn === fn);
    if (fn === undefined || (i >= 0 && list.length === 1)) this.__l.delete(key);
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
  __fire(event, args) {
    for (const fn of this.__l?.get(event) ?? []) call(fn, this, args);
  },
};
Emitter.addEventListener = Emitter.on;
Emitter.removeListener = Emitter.removeEventListener = Emitter.removeAllListeners = Emitter.off;

// ---- Binary arguments: byte buffers travel as attachments, replaced by placeholders ----

const isBytes = (v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v);
const isBlob = (v) => typeof Blob !== "undefined" && v instanceof Blob;
function hasBinary(v, depth = 0) {
  if (!v || typeof v !== "object" || depth > 64) return false;
  if (isBytes(v)) return true;
  if (Array.isArray(v)) return v.some((x) => hasBinary(x, depth + 1));
  if (typeof v.toJSON === "function") return hasBinary(v.toJSON(), depth + 1);
  return Object.values(v).some((x) => hasBinary(x, depth + 1));
}
/** `[json, attachments]` of an argument list, as socket.io-parser deconstructs it (own keys of
 * objects other than Dates, depth first). */
function encode(args) {
  if (!hasBinary(args)) return [JSON.stringify(args), []];
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
  return [JSON.stringify(walk(args)), bufs];
}

// ---- Received payloads: parsed here, once, straight from the text received ----
//
// The core reads each packet's header and asks for its JSON payload to be parsed from the text
// this host just passed in (`HOST_N_PARSE_*`, a range of `cur`), kept under an id until the
// packet is delivered (`vals`), or forgotten if the core drops it. A malformed payload is
// reported back once the input call returns, and the connection closes with "parse error",
// when and as socket.io-parser's throwing decoder closes it.

/** Held payloads by id. */
const vals = new Map();
/** The text of the transport input being handled. */
let cur = "";
/** `[manager, payload id, 1 for illegal attachments]` of a refused payload, to report. */
let bad = null;
/** The core reads a message frame's header (type, namespace, ack id) and never its payload, so
 * a frame passes only its head: up to the first `[` (where an event's or ack's array starts; a
 * namespace cannot hold one), or its first HEAD characters. A CONNECT packet passes whole (the
 * core reads its `sid` and `pid`), and so does every frame while the engine's `packet`
 * listeners want it. */
const HEAD = 1024;
const isObject = (v) => Object.prototype.toString.call(v) === "[object Object]";
// The core reads the handshake and CONNECT data with JSON.parse, as socket.io-client does; the
// answer's format is HostS::Json's in sdk/src/js/abi.rs.
const plain = (s) => typeof s === "string" && !/[\0\x01]/.test(s);
S[OP.HOST_S_JSON] = (_, __, ___, t) => {
  let out = "!";
  try {
    const v = JSON.parse(t);
    out = "";
    if (isObject(v))
      for (const k in v) {
        const x = v[k];
        if (plain(k)) out += `${k}\0${plain(x) ? "s" + x : typeof x === "number" ? "n" + x : Array.isArray(x) && x.every(plain) ? "a" + x.join("\x01") : "o"}\0`;
      }
  } catch {}
  core.input(OP.INPUT_JSON, 0, 0, 0, 0, out);
};
/** socket.io-parser's `isPayloadValid`, by `HOST_N_PARSE_*` code. */
const SHAPES = {
  [OP.HOST_N_PARSE_EVENT]: (v) => Array.isArray(v) && (typeof v[0] === "number" || (typeof v[0] === "string" && !RESERVED.has(v[0]))),
  [OP.HOST_N_PARSE_ACK]: Array.isArray,
  [OP.HOST_N_PARSE_CONNECT_ERROR]: (v) => typeof v === "string" || isObject(v),
};
const take = (id) => {
  const v = vals.get(id);
  vals.delete(id);
  return v;
};
/** A message frame's head (see HEAD), or the frame itself when the core reads it whole. */
const cut = (f) => {
  if (f.length < 65 || f.charCodeAt(0) !== 52 || f.charCodeAt(1) === 48) return f;
  const at = f.indexOf("[");
  return f.slice(0, at > 0 && at < HEAD ? at + 1 : HEAD);
};
/** For a long-polling payload passed by its packets' heads: by where a packet's head ends in the
 * text passed, `[how many characters before it were left out, where the packet ends in cur]`. */
let segs = null;
/** Passes a transport's report (`kind`: an `INPUT_*` code) to the core. */
function feed(kind, mid, tid, status, text) {
  cur = text;
  let head = text;
  if (!managers[mid]?.engine?.__bits) {
    if (kind === OP.INPUT_TRANSPORT_TEXT) head = cut(text);
    // An Engine.IO 4 payload (3's starts with a length and a colon, which no 4 packet does).
    else if (kind === OP.INPUT_POLL_DONE && text.length > 64 && !/^\d+:/.test(text)) {
      let at = 0;
      let gone = 0;
      segs = new Map();
      head = text
        .split("\x1e")
        .map((f) => {
          const h = cut(f);
          segs.set(at - gone + h.length, [gone, (at += f.length + 1) - 1]);
          gone += f.length - h.length;
          return h;
        })
        .join("\x1e");
    }
  }
  core.input(kind, mid, tid, status, 0, head);
  cur = "";
  segs = null;
  reportBad();
}
/** The text of a payload the core found at `start..end` of the text it was passed (a payload
 * runs to its packet's end). */
function slice(start, end) {
  if (!segs) return end === 2 ** 32 - 1 ? cur.slice(start) : cur.slice(start, end);
  // Every span the core finds ends where a packet's head ends; were one not to, the
  // destructuring throws inside the caller's try and the payload is refused, never misread.
  const [gone, to] = segs.get(end);
  return cur.slice(start + gone, to);
}
/** Reports the payload found malformed during the input call that just returned. */
function reportBad() {
  if (bad) {
    const [m, id, code] = bad;
    bad = null;
    core.call(OP.CALL_PAYLOAD_ERROR, m, id, code);
  }
}
/** socket.io-parser's `_reconstructPacket`: attachments in place of their placeholders. */
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

// ---- The host: what the core asks of the browser ----

/** Managers and sockets the core may still call back about, by id. A closed, idle manager and
 * an inactive socket leave these tables, so that an object the page drops can be collected;
 * `registry` then frees its slot in the core (socket.io-client's objects are simply collected). */
const managers = [];
const sockets = [];
const registry = new FinalizationRegistry(([op, id]) => core.call(op, id));
/** Emitted arguments and ack callbacks, by handle, until the core is done with them. */
const emits = new Map();
let nextHandle = 0;
/** The `compress` flags of the `packetCreate` events about to fire (see HOST_N_OUTGOING). */
const creates = [];
let incoming = [];
let priorWebsocket = false;
const takeIncoming = () => {
  const bufs = incoming;
  incoming = [];
  return bufs;
};

/** engine.io-client's `TransportError`: polling errors carry the HTTP status as `description`
 * and the response as `context`. */
function transportError(message, status, context) {
  const err = new Error(message);
  err.type = "TransportError";
  err.description = message.startsWith("xhr") ? status : undefined;
  err.context = context;
  return err;
}

function args(kind, a, b, n, target, event) {
  switch (kind) {
    case OP.ARG_KIND_NUM: return [n];
    case OP.ARG_KIND_ERROR: return [new Error(a)];
    case OP.ARG_KIND_CLOSE: return [a, undefined];
    case OP.ARG_KIND_CLOSE_DESCRIPTION: return [a, { description: b }];
    case OP.ARG_KIND_CLOSE_ERROR: return [a, new Error(b)];
    case OP.ARG_KIND_TRANSPORT: return [{ name: a }];
    case OP.ARG_KIND_CONNECT_ERROR: {
      // A CONNECT_ERROR packet: a string, or {message, data}.
      const d = take(n);
      const err = new Error(typeof d === "string" ? d : String(d?.message ?? ""));
      if (d && d.data !== undefined) err.data = d.data;
      return [err];
    }
    case OP.ARG_KIND_TRANSPORT_ERROR: return [transportError(a, n, target.__ctx)];
    case OP.ARG_KIND_CLOSE_TRANSPORT_ERROR: return [a, transportError(b, n, target.__ctx)];
    case OP.ARG_KIND_PACKET: {
      const p = { type: a };
      if (n) p.data = takeIncoming()[0];
      else if (b) p.data = b;
      if (event === "packetCreate") p.options = { compress: a === "message" ? creates.shift() ?? true : true };
      return [p];
    }
    default: return [];
  }
}

// The core's requests (sdk/src/js/abi.rs, `HostN` / `HostS` / `HostB`), by operation number.
Object.assign(N, {
  [OP.HOST_N_TIMER](mid, _, ms) {
    const m = managers[mid];
    if (!m) return;
    m.__timers[1](m.__timer);
    m.__timer = ms < 0 ? undefined : m.__timers[0](() => core.call(OP.CALL_TICK, mid), ms);
    // Node, `autoUnref`: the one timer (heartbeat, reconnection, acks) does not hold the process.
    if (NODE_HOST && m.opts.autoUnref) m.__timer?.unref();
    if (ms < 0) m.__idle();
  },
  [OP.HOST_N_MICROTASK](mid) {
    // A resolved promise's reaction, as socket.io-client's `nextTick`: the same microtask queue
    // as `queueMicrotask`, without its per-call cost in the browser (one per received frame).
    Promise.resolve().then(() => {
      while (core.call(OP.CALL_DELIVER, mid));
    });
  },
  [OP.HOST_N_PRIOR](ok) {
    priorWebsocket = ok === 1;
  },
  [OP.HOST_N_JOIN](sid) {
    sockets[sid]?.__join();
  },
  [OP.HOST_N_OUTGOING](sid, handle, release) {
    const e = emits.get(handle);
    if (release) emits.delete(handle);
    if (!e) return;
    // The engine's `packetCreate` events for this packet (and its attachments) follow, in
    // this order, within the same call: they carry the emit's `compress` flag.
    if (sockets[sid]?.io.engine?.__bits & OP.ENGINE_LISTEN_PACKET_CREATE) for (let i = 0; i <= e.n; i++) creates.push(e.compress);
    sockets[sid]?.__dispatch(e.args, true);
  },
  [OP.HOST_N_RELEASE](handle) {
    emits.delete(handle);
  },
  [OP.HOST_N_REVIVE](id, mid) {
    const bufs = takeIncoming();
    if (bad?.[0] === mid || !vals.has(id)) return;
    try {
      vals.set(id, revive(vals.get(id), bufs));
    } catch {
      bad = [mid, id, 1];
    }
  },
  [OP.HOST_N_DROP](id) {
    vals.delete(id);
  },
  [OP.HOST_N_EVENT]: deliver(false),
  [OP.HOST_N_EVENT_RECOVERING]: deliver(true),
  [OP.HOST_N_ACK](sid, handle, n) {
    const e = emits.get(handle);
    emits.delete(handle);
    const list = take(n % 2 ** 32);
    if (!e || !list) return;
    if (e.ack.resolve) return e.ack.resolve(list[0]);
    if (n >= 2 ** 32) list.unshift(null);
    call(e.ack, sockets[sid], list);
  },
  [OP.HOST_N_NEW_ENGINE](mid) {
    const m = managers[mid];
    if (!m) return;
    m.engine = new Engine(m);
    core.call(OP.CALL_ENGINE_LISTEN, mid, 0);
  },
});
Object.assign(S, {
  [OP.HOST_S_IO](mid, tid, op, a, b) {
    managers[mid]?.__io(op, tid, a, b);
  },
  [OP.HOST_S_SETTLE](mid, failed, _, message) {
    const m = managers[mid];
    if (!m) return;
    const callbacks = m.__cbs;
    m.__cbs = [];
    const err = failed ? new Error(message) : undefined;
    for (const fn of callbacks) call(fn, m, [err]);
  },
  [OP.HOST_S_ACK_ERROR](sid, handle, reportIt, message) {
    const e = emits.get(handle);
    emits.delete(handle);
    if (!e || !reportIt) return;
    const err = new Error(message);
    if (e.ack.reject) e.ack.reject(err);
    else call(e.ack, sockets[sid], [err]);
  },
  [OP.HOST_S_FIRE](id, tk, n, event, a, b) {
    const target = tk >> 4;
    const m = target === OP.TARGET_SOCKET ? sockets[id]?.io : managers[id];
    const t = target === OP.TARGET_SOCKET ? sockets[id] : target === OP.TARGET_ENGINE ? m?.engine : m;
    const list = args(tk & 15, a, b, n, m ?? {}, event);
    if (!t) return;
    t.__fire(event, list);
    // A socket that will hear nothing more leaves the table (it comes back on `connect()`).
    if (target === OP.TARGET_SOCKET && !t.active) delete sockets[id];
  },
});
Object.assign(B, {
  [OP.HOST_B_SEND](mid, tid, data) {
    managers[mid]?.__io(OP.IO_SEND_TEXT, tid, data.slice());
  },
  [OP.HOST_B_ATTACH](_, __, data) {
    incoming.push(data.slice().buffer);
  },
});

for (const [op, shape] of Object.entries(SHAPES)) {
  N[op] = (id, start, n) => {
    const mid = Math.floor(n / 2 ** 32);
    if (bad?.[0] === mid) return; // the rest of that input is dropped with the bad packet
    const end = n % 2 ** 32;
    let v;
    try {
      v = JSON.parse(slice(start, end));
    } catch {
      return (bad = [mid, id, 0]);
    }
    if (shape(v)) vals.set(id, v);
    else bad = [mid, id, 0];
  };
}

/** An event for a socket's listeners; a socket recovering its state keeps a last string
 * argument as the offset to resume from (socket.io-client's `_lastOffset`). */
function deliver(recovering) {
  return (sid, id, ack) => {
    const s = sockets[sid];
    const list = take(id);
    if (!s || !list) return;
    if (ack >= 0) list.push(ackFn(s, ack));
    else if (recovering && typeof list[list.length - 1] === "string") core.input(OP.INPUT_OFFSET, sid, 0, 0, 0, list[list.length - 1]);
    s.__dispatch(list, false);
  };
}

if (typeof addEventListener === "function") {
  // engine.io-client: going offline closes every connection, except to "localhost".
  addEventListener("offline", () => managers.forEach((m) => m.__local || core.call(OP.CALL_OFFLINE, m.__mid)), false);
  // `closeOnBeforeunload`: the transports are closed silently when the page unloads.
  addEventListener("beforeunload", () => managers.forEach((m) => m.__unload && m.__t.forEach((_, tid) => m.__io(OP.IO_CLOSE, tid))), false);
}

/** The function handed to listeners of an event the server wants acked. */
function ackFn(socket, id) {
  let sent = false;
  return (...list) => {
    if (sent) return;
    sent = true;
    const [json, bufs] = encode(list);
    for (const b of bufs) core.bytes(OP.BYTES_ATTACH, 0, 0, b);
    core.input(OP.INPUT_ANSWER, socket.__sid, id, 0, 0, json);
  };
}

// ---- URLs and options, read as socket.io-client reads them ----

/** Resolves `uri` as socket.io-client's `url()`: relative to the page, default ports, namespace. */
function target(uri, path) {
  const protocol = globalThis.location?.protocol ?? "https:";
  const pageHost = globalThis.location?.host ?? "";
  uri = uri == null ? `${protocol}//${pageHost}` : String(uri);
  if (uri.startsWith("//")) uri = protocol + uri;
  else if (uri.startsWith("/")) uri = pageHost + uri;
  if (!/^(https?|wss?):\/\//i.test(uri)) uri = `${pageHost ? `${protocol}//` : "https://"}${uri}`;
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
    source: uri,
  };
}

const pathOf = (opts) => {
  let path = typeof opts.path === "string" ? opts.path : "/socket.io";
  if (!path.startsWith("/")) path = `/${path}`;
  return opts.addTrailingSlash !== false && !path.endsWith("/") ? `${path}/` : path;
};
function encodeQuery(q, fallback) {
  if (q == null) return fallback;
  if (typeof q === "string") return q.replace(/^\?/, "");
  return Object.entries(q)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join("&");
}
/** A list the core reads out as JSON (none for a socket whose core state was freed). */
const list = (op, id) => JSON.parse(read(op, id) ?? "[]");
const num = (v) => (typeof v === "number" ? v : NaN);
/** Where a custom parser's transcoder is found (parser.js). */
const PARSER = Symbol.for("plugwire.parser");
const noParser = () => {
  throw new TypeError('plugwire: a parser module needs import "plugwire/parser"');
};
/** The timer functions when this module loaded (`useNativeTimers` keeps to them, even once a
 * test's fake clock has replaced the globals), as engine.io-client captures them. */
const timers = () => [setTimeout.bind(globalThis), clearTimeout.bind(globalThis)];
const NATIVE_TIMERS = timers();

// ---- Manager ----

/** A connection to one server, shared by its namespaces (socket.io-client's `Manager`). */
export class Manager {
  constructor(uri, opts) {
    if (uri && typeof uri === "object") {
      opts = uri;
      uri = undefined;
    }
    opts = opts ?? {};
    const t = target(uri, pathOf(opts).replace(/\/+$/, ""));
    const transports = Array.isArray(opts.transports) ? opts.transports : ["polling", "websocket"];
    const flags =
      (opts.upgrade !== false && OP.MANAGER_FLAG_UPGRADE) |
      (opts.rememberUpgrade === true && OP.MANAGER_FLAG_REMEMBER_UPGRADE) |
      (opts.tryAllTransports === true && OP.MANAGER_FLAG_TRY_ALL_TRANSPORTS) |
      (opts.timestampRequests !== false && OP.MANAGER_FLAG_TIMESTAMP_REQUESTS) |
      (opts.reconnection !== false && OP.MANAGER_FLAG_RECONNECTION) |
      // The Engine.IO revision: 3 (socket.io 2.x servers), 4, or recognised from the handshake.
      (opts.protocol === 3 && OP.MANAGER_FLAG_EIO3) | (opts.protocol === 4 && OP.MANAGER_FLAG_EIO4);
    const timeout = opts.timeout === false ? NaN : typeof opts.timeout === "number" ? opts.timeout : 20000;
    const names = transports.map((x) => (typeof x === "string" ? x : x?.name)).join(",");
    /** What the core's manager is made of (again, after `__idle()` freed it). */
    this.__args = [
      [t.authority, pathOf(opts), encodeQuery(opts.query, t.query), names].join("\0"), t.secure, flags,
      num(opts.reconnectionAttempts), num(opts.reconnectionDelay), num(opts.reconnectionDelayMax),
      num(opts.randomizationFactor), timeout,
    ];
    /** Options set since, by `ManagerOption` code. */
    this.__set = [];
    this.__mid = -1;
    /** The sockets of this connection, by namespace. */
    this.nsps = {};
    this.__use();
    this.__t = new Map();
    /** HTTP requests in flight. */
    this.__f = 0;
    /** Sockets made on this manager (`__release` frees only those it knows: `nsps`). */
    this.__n = 0;
    this.__cbs = [];
    this.__http = {
      credentials: opts.withCredentials ? "include" : "same-origin",
      headers: { ...(opts.extraHeaders ?? {}) },
    };
    /** The Engine.IO session of the current connection attempt (engine.io-client's `Socket`):
     * a new one each time the manager opens, none before the first. */
    this.engine = undefined;
    /** The URL, completed as socket.io-client completes it. */
    this.uri = t.source;
    /** The options given (with the default `path`). */
    this.opts = { ...opts, path: opts.path ?? "/socket.io" };
    this.__timers = opts.useNativeTimers ? NATIVE_TIMERS : timers();
    // A custom parser (`parser`): frames transcoded to and from the default format (parser.js).
    const P = opts.parser;
    this.__p = P && (P[PARSER] ?? globalThis[PARSER]?.(P)[PARSER] ?? noParser)({ encode, revive });
    this.__auto = opts.autoConnect !== false;
    this.__local = t.local;
    this.__unload = opts.closeOnBeforeunload === true;
    if (this.__auto) this.open();
  }

  get _readyState() {
    return ["closed", "opening", "open"][core.call(OP.CALL_STATE, this.__mid) & OP.MANAGER_STATE_READY_MASK];
  }

  /** Makes the core's manager (and its sockets) if there is none: at first, and after
   * `__idle()` freed them. */
  __attach() {
    if (this.__mid >= 0) return;
    const [address, secure, flags, ...rest] = this.__args;
    this.__mid = core.manager(address, secure, flags | (priorWebsocket && OP.MANAGER_FLAG_PRIOR_WEBSOCKET), ...rest, Math.random() * 2 ** 53);
    registry.register(this, [OP.CALL_FREE_MANAGER, this.__mid], this);
    this.__set.forEach((v, which) => core.call(OP.CALL_OPTION, this.__mid, which, v));
    for (const s of Object.values(this.nsps)) s.__make();
  }

  /** The core may call back about this manager: keep it reachable. */
  __use() {
    this.__attach();
    managers[this.__mid] = this;
  }

  /** Closed, no timer, no transport: the core has nothing more to say until it is used. When
   * nothing is left in its sockets either, the core's manager is freed at once rather than when
   * this object is collected, so that managers made and closed one after another do not pile
   * up in the core's memory meanwhile; the next use makes it again. */
  __idle() {
    if (this.__t.size || this.__f || this.__timer !== undefined || this._readyState !== "closed") return;
    delete managers[this.__mid];
    // Once the core's commands of the moment are carried out (they may still name its sockets),
    // and unless it was used again meanwhile.
    queueMicrotask(() => this.__release());
  }
  __release() {
    const own = Object.values(this.nsps);
    if (this.__mid < 0 || managers[this.__mid] === this || own.length !== this.__n) return;
    const states = own.map((s) => s.__state);
    if (!core.call(OP.CALL_FREE_MANAGER, this.__mid, 1)) return;
    registry.unregister(this);
    this.__mid = -1;
    own.forEach((s, i) => {
      registry.unregister(s);
      s.__last = states[i];
      delete sockets[s.__sid];
      s.__sid = -1;
    });
  }

  /** Opens the connection; `fn(err?)` once it is open or failed. */
  open(fn) {
    if (this._readyState !== "closed") return this;
    if (fn) this.__cbs.push(fn);
    this.__use();
    core.call(OP.CALL_OPEN, this.__mid);
    return this;
  }

  /** Closes the connection, without reconnecting (socket.io-client's `_close()`). */
  _close() {
    core.call(OP.CALL_CLOSE, this.__mid);
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
    const p = this.__p;
    if (op === OP.IO_OPEN_WEB_SOCKET) {
      let ws;
      try {
        // NODE_HOST: the Node builds' transports (host-node.js); undefined in the browser build.
        ws = NODE_HOST ? NODE_HOST.webSocket(a, this.opts.autoUnref) : new WebSocket(a);
      } catch {
        return event(OP.INPUT_TRANSPORT_ERROR, "websocket error");
      }
      ws.binaryType = "arraybuffer";
      ws.onopen = () => event(OP.INPUT_TRANSPORT_OPEN);
      const one = (data) =>
        typeof data === "string" ? event(OP.INPUT_TRANSPORT_TEXT, data)
          : data instanceof ArrayBuffer ? (core.bytes(OP.BYTES_BINARY, mid, tid, new Uint8Array(data)), reportBad())
            : event(OP.INPUT_TRANSPORT_ERROR, "unexpected websocket data");
      ws.onmessage = ({ data }) => (p ? p.rx(data).forEach(one) : one(data));
      ws.onclose = ({ reason }) => event(OP.INPUT_TRANSPORT_CLOSED, reason || "websocket connection closed");
      ws.onerror = () => event(OP.INPUT_TRANSPORT_ERROR, "websocket error");
      this.__t.set(tid, ws);
    } else if (op === OP.IO_SEND_TEXT) {
      if (!(t instanceof WebSocket)) return;
      try {
        for (const m of p ? p.tx(a) : [a]) t.send(m);
      } catch {
        event(OP.INPUT_TRANSPORT_ERROR, "websocket error");
      }
    } else if (op === OP.IO_GET || op === OP.IO_POST) {
      const post = op === OP.IO_POST;
      const init = { ...this.__http, headers: { ...this.__http.headers } };
      // A request in flight (even aborted, or the last POST, never aborted) still reports to
      // this core manager: the manager is not released before it settles.
      this.__f++;
      const settle = (kind, s, status) => {
        this.__f--;
        event(kind, s, status);
        this.__idle();
      };
      if (post) {
        // Not aborted on close: the last POST may carry the close packet.
        init.method = "POST";
        // A custom parser holds a packet until its attachments come (in a later POST).
        if (!(init.body = p ? p.tx(b, 1) : b)) return queueMicrotask(() => settle(OP.INPUT_POST_DONE));
        init.headers["content-type"] = "text/plain;charset=UTF-8";
      } else {
        init.signal = (this.__t.set(tid, new AbortController()).get(tid)).signal;
      }
      // engine.io-client: `TransportError("xhr post error", status, xhr)`.
      // The context carries what applications read of engine.io-client's XMLHttpRequest.
      const failed = (status, responseText) => {
        this.__ctx = { status, responseText };
        settle(post ? OP.INPUT_POST_FAILED : OP.INPUT_POLL_FAILED, `xhr ${post ? "post" : "poll"} error`, status);
      };
      (NODE_HOST ? NODE_HOST.fetch(this.opts.autoUnref) : fetch)(a, init).then(
        (r) =>
          !r.ok ? r.text().then((t) => failed(r.status, t), () => failed(r.status))
            : post ? (r.body?.cancel(), settle(OP.INPUT_POST_DONE))
              : r.text().then((text) => settle(OP.INPUT_POLL_DONE, p ? p.rx(text, 1) : text), () => failed(0)),
        () => failed(0),
      );
    } else if (op === OP.IO_CLOSE) {
      this.__t.delete(tid);
      if (t instanceof WebSocket) {
        t.onopen = t.onmessage = t.onclose = t.onerror = null;
        t.close();
      } else t?.abort();
    }
  }
}
Object.assign(Manager.prototype, Emitter, { connect: Manager.prototype.open, disconnect: Manager.prototype._close, close: Manager.prototype._close });
["reconnection", "reconnectionAttempts", "reconnectionDelay", "reconnectionDelayMax", "randomizationFactor", "timeout"].forEach(
  (name, which) => {
    Manager.prototype[name] = function (v) {
      const value = v === undefined ? NaN : which === 0 ? +!!v : which === 5 && v === false ? -1 : +v;
      const freed = this.__mid < 0;
      this.__attach();
      if (v !== undefined) this.__set[which] = value;
      const current = core.call(OP.CALL_OPTION, this.__mid, which, value);
      // Made again only to answer: freed again (its options are in `__set`).
      if (freed) this.__idle();
      if (v !== undefined) return this;
      return which === 0 ? current === 1 : which === 5 && current < 0 ? false : current;
    };
  },
);

/** The engine events the core reports per packet only while someone listens. */
const PER_PACKET = { packet: OP.ENGINE_LISTEN_PACKET, packetCreate: OP.ENGINE_LISTEN_PACKET_CREATE, drain: OP.ENGINE_LISTEN_DRAIN };

/** One Engine.IO session of a manager (the parts of engine.io-client's `Socket` applications
 * use): `id`, `transport.name`, `readyState`, `close()`, and the events `open`, `packet`,
 * `packetCreate`, `drain`, `upgrade`, `upgradeError`, `close`. */
class Engine {
  constructor(manager) {
    this.__m = manager;
  }
  /** Whether this is still the manager's current session. */
  get __current() {
    return this.__m.engine === this;
  }
  get id() {
    return this.__current ? read(OP.READ_ENGINE_ID, this.__m.__mid) : undefined;
  }
  get transport() {
    const state = this.__current ? core.call(OP.CALL_STATE, this.__m.__mid) : 0;
    return { name: [undefined, "polling", "websocket"][(state >> OP.MANAGER_STATE_TRANSPORT_SHIFT) & 3] };
  }
  get readyState() {
    const state = this.__current ? core.call(OP.CALL_STATE, this.__m.__mid) : 0;
    return state & OP.MANAGER_STATE_ENGINE_OPEN ? "open" : state & OP.MANAGER_STATE_ENGINE_OPENING ? "opening" : "closed";
  }
  /** Closes the session ("forced close"); the manager reconnects as after any close. */
  close() {
    if (this.__current) core.call(OP.CALL_ENGINE_CLOSE, this.__m.__mid);
    return this;
  }
}
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
    if (this.__current) core.call(OP.CALL_ENGINE_LISTEN, this.__m.__mid, bits);
    return this;
  },
});
Engine.prototype.addEventListener = Engine.prototype.on;
Engine.prototype.removeListener = Engine.prototype.removeEventListener = Engine.prototype.removeAllListeners = Engine.prototype.off;

// ---- Socket ----

const RESERVED = new Set(["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"]);
const checkEvent = (ev) => {
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

/** One namespace (socket.io-client's `Socket`). */
export class Socket {
  constructor(io, nsp, opts) {
    opts = opts ?? {};
    /** The manager. */
    this.io = io;
    /** The namespace. */
    this.nsp = nsp;
    /** Credentials for the CONNECT packet: an object, or a function `(cb) => cb(data)`. */
    this.auth = opts.auth && (typeof opts.auth === "object" || typeof opts.auth === "function") ? opts.auth : undefined;
    this.__opts = opts;
    io.__attach();
    io.__n++;
    this.__make();
    this.__flags = {};
    /** Catch-all listeners: [incoming, outgoing]. */
    this.__anyl = [[], []];
    sockets[this.__sid] = this;
    // Listed for the devtools (on localhost pages), which keep its recent traffic.
    trackSocket(this, opts);
    if (io.__auto) this.connect();
  }

  get id() {
    return read(OP.READ_SOCKET_ID, this.__sid);
  }
  get connected() {
    return (this.__state & OP.SOCKET_STATE_CONNECTED) !== 0;
  }
  get disconnected() {
    return !this.connected;
  }
  get active() {
    return (this.__state & OP.SOCKET_STATE_ACTIVE) !== 0;
  }
  /** socket.io-client's `recovered`: false before the first connection, `undefined` after one
   * to a server without connection state recovery. */
  get recovered() {
    const state = this.__state;
    if (!(state & OP.SOCKET_STATE_JOINED)) return false;
    return state & OP.SOCKET_STATE_PID ? (state & OP.SOCKET_STATE_RECOVERED) !== 0 : undefined;
  }
  /** Packets waiting for the connection (`{type, data, options, id?}`). */
  get sendBuffer() {
    const pairs = list(OP.READ_SEND_BUFFER, this.__sid);
    const out = [];
    for (let i = 0; i < pairs.length; i += 2) {
      const e = emits.get(pairs[i]);
      const p = { type: 2, data: e?.args, options: { compress: e?.compress ?? true } };
      if (pairs[i + 1] >= 0) p.id = pairs[i + 1];
      out.push(p);
    }
    return out;
  }
  get sendBufferLength() {
    return list(OP.READ_SEND_BUFFER, this.__sid).length / 2;
  }
  /** Events received before `connect`, as `[event, ...args]`. */
  get receiveBuffer() {
    return list(OP.READ_RECEIVE_BUFFER, this.__sid).map((id) => vals.get(id));
  }
  /** The next emit is dropped if it cannot be sent at once. */
  get volatile() {
    this.__flags.volatile = true;
    return this;
  }

  /** Makes the core's socket (see `Manager.__attach()`). */
  __make() {
    const { ackTimeout, retries } = this.__opts;
    this.__sid = core.input(OP.INPUT_SOCKET, this.io.__mid, num(ackTimeout), num(retries), 0, String(this.nsp));
    registry.register(this, [OP.CALL_FREE_SOCKET, this.__sid], this);
  }
  /** The core's `SocketState` bits (as they were when the core's socket was freed). */
  get __state() {
    return this.__sid < 0 ? this.__last : core.call(OP.CALL_SOCKET_STATE, this.__sid);
  }

  connect() {
    this.io.__use();
    sockets[this.__sid] = this;
    core.call(OP.CALL_CONNECT, this.__sid);
    return this;
  }
  disconnect() {
    core.call(OP.CALL_DISCONNECT, this.__sid);
    return this;
  }
  /** Emits `event`; a function as last argument is the ack callback. */
  emit(event, ...list) {
    checkEvent(event);
    list.unshift(event);
    const ack = typeof list[list.length - 1] === "function" ? list.pop() : undefined;
    this.__emit(list, ack, ack ? OP.ACK_CODE_CALLBACK : OP.ACK_CODE_NONE);
    return this;
  }
  /** Emits `event` and resolves with the first argument of the server's ack. */
  emitWithAck(event, ...list) {
    return new Promise((resolve, reject) => {
      checkEvent(event);
      list.unshift(event);
      this.__emit(list, { resolve, reject }, OP.ACK_CODE_PROMISE);
    });
  }
  send(...list) {
    this.__emit(["message", ...list], undefined, OP.ACK_CODE_NONE);
    return this;
  }
  /** The next emit's ack fails with "operation has timed out" after `ms`. */
  timeout(ms) {
    this.__flags.timeout = ms;
    return this;
  }
  /** Whether the next emit may be compressed (engine.io-client's per-packet `compress`). */
  compress(compress) {
    this.__flags.compress = compress;
    return this;
  }

  __emit(list, ack, mode) {
    const flags = this.__flags;
    this.__flags = {};
    // Blobs (and Files) can only be read asynchronously: an emit holding one waits for its
    // bytes, and the emits after it wait their turn, so order is kept.
    if (this.__queue || hasBlob(list)) {
      const queue = (this.__queue ??= []);
      queue.push([list, ack, mode, flags]);
      if (queue.length === 1) this.__drainBlobs();
      return;
    }
    const handle = ++nextHandle;
    const [json, bufs] = encode(list);
    emits.set(handle, { args: list, ack, compress: flags.compress !== false, n: bufs.length });
    this.io.__use();
    for (const b of bufs) core.bytes(OP.BYTES_ATTACH, 0, 0, b);
    core.input(OP.INPUT_EMIT, this.__sid, handle, flags.timeout ?? NaN, mode | (flags.volatile === true ? OP.EMIT_FLAGS_VOLATILE : 0), json);
  }
  async __drainBlobs() {
    while (this.__queue.length) {
      const [list, ack, mode, flags] = this.__queue[0];
      let read;
      try {
        read = await readBlobs(list);
      } catch (e) {
        report(e);
      }
      this.__queue.shift();
      if (!read) continue;
      const queue = this.__queue;
      this.__queue = null;
      this.__flags = flags;
      this.__emit(read, ack, mode);
      this.__queue = queue;
    }
    this.__queue = null;
  }
  /** Sends the CONNECT packet with `auth` (called by the core once the connection is open). A
   * throwing `auth` function (or unserialisable data) is reported; the core's other work goes on. */
  __join() {
    const send = (data) => core.input(OP.INPUT_JOIN, this.__sid, 0, 0, 0, data && typeof data === "object" ? JSON.stringify(data) : "");
    try {
      if (typeof this.auth === "function") this.auth(send);
      else send(this.auth);
    } catch (e) {
      report(e);
    }
  }
  /** Catch-all listeners (incoming or outgoing), then, for incoming events, the event's own. */
  __dispatch(list, outgoing) {
    this.__keep?.(list, outgoing);
    for (const fn of this.__anyl[+outgoing]) call(fn, this, list);
    if (!outgoing) this.__fire(String(list[0]), list.slice(1));
  }
}
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
    },
  });
}

// ---- io() ----

const cache = {};

/** `io(url?, opts?)`: a socket for the URL's namespace, on a manager shared per server unless
 * `forceNew`, `multiplex: false`, or the namespace is already open on the shared one. */
export function io(uri, opts) {
  if (uri && typeof uri === "object") {
    opts = uri;
    uri = undefined;
  }
  opts = opts ?? {};
  const t = target(uri, pathOf(opts).replace(/\/+$/, ""));
  const shared = cache[t.id];
  const sameNamespace = shared && t.nsp in shared.nsps;
  const fresh = opts.forceNew || opts["force new connection"] || opts.multiplex === false || sameNamespace;
  const m = fresh ? new Manager(t.source, opts) : (cache[t.id] ??= new Manager(t.source, opts));
  return m.socket(t.nsp, opts);
}

/** The Socket.IO protocol revision spoken (5). */
export const protocol = 5;

export { io as connect };
