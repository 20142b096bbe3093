// The socket.io-client compatible API: `io()`, `Manager`, `Socket`, on the Rust core.
//
// The Rust core decides everything: the Engine.IO session, transports and upgrade, heartbeat,
// reconnection, namespaces, acks, retries, buffers, recovery. It is sans-IO: it asks this file,
// its host, to open WebSockets, issue fetches, arm timers and fire events, and hears back what
// happened. This file keeps the JavaScript values — listeners, emitted arguments, ack
// callbacks, `auth` — and gives them socket.io-client's shapes. Only numbers, strings and
// bytes cross the boundary.
import * as OP from "./core.js";
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
/** Parses arguments, putting the attachments back (the core checked every placeholder). */
const decode = (json, bufs) =>
  JSON.parse(json, bufs.length ? (_, v) => (v && v._placeholder === true ? bufs[v.num] : v) : undefined);

// ---- The host: what the core asks of the browser ----

const managers = [];
const sockets = [];
/** Emitted arguments and ack callbacks, by handle, until the core is done with them. */
const emits = new Map();
let nextHandle = 0;
let incoming = [];
let priorWebsocket = false;
const takeIncoming = () => {
  const bufs = incoming;
  incoming = [];
  return bufs;
};

function args(kind, a, b, n) {
  switch (kind) {
    case 1: return [n];
    case 2: return [new Error(a)];
    case 3: return [a, undefined];
    case 4: return [a, { description: b }];
    case 5: return [a, new Error(b)];
    case 6: return [{ name: a }];
    case 7: {
      // A CONNECT_ERROR packet: a string, or {message, data}.
      const d = JSON.parse(a);
      const err = new Error(typeof d === "string" ? d : String(d?.message ?? ""));
      if (d && d.data !== undefined) err.data = d.data;
      return [err];
    }
    default: return [];
  }
}

// The core's requests (sdk/src/js/mod.rs, `host_op`), by operation number.
Object.assign(N, {
  [OP.TIMER](mid, _, ms) {
    const m = managers[mid];
    clearTimeout(m.__timer);
    m.__timer = ms < 0 ? undefined : setTimeout(() => core.call(OP.TICK, mid), ms);
  },
  [OP.MICROTASK](mid) {
    queueMicrotask(() => {
      while (core.call(OP.DELIVER, mid));
    });
  },
  [OP.PRIOR](ok) {
    priorWebsocket = ok === 1;
  },
  [OP.JOIN_SOCKET](sid) {
    sockets[sid].__join();
  },
  [OP.OUTGOING](sid, handle, release) {
    const e = emits.get(handle);
    if (release) emits.delete(handle);
    if (e) sockets[sid].__dispatch(e.args, true);
  },
  [OP.RELEASE](handle) {
    emits.delete(handle);
  },
});
Object.assign(S, {
  [OP.IO](mid, tid, op, a, b) {
    managers[mid].__io(op, tid, a, b);
  },
  [OP.SETTLE](mid, failed, _, message) {
    const m = managers[mid];
    const callbacks = m.__cbs;
    m.__cbs = [];
    const err = failed ? new Error(message) : undefined;
    for (const fn of callbacks) call(fn, m, [err]);
  },
  [OP.EVENT](sid, _, ack, json) {
    const s = sockets[sid];
    const list = decode(json, takeIncoming());
    if (ack >= 0) list.push(ackFn(s, ack));
    s.__dispatch(list, false);
  },
  [OP.ACK](sid, handle, errFirst, json) {
    const e = emits.get(handle);
    emits.delete(handle);
    const list = decode(json, takeIncoming());
    if (!e) return;
    if (e.ack.resolve) return e.ack.resolve(list[0]);
    if (errFirst) list.unshift(null);
    call(e.ack, sockets[sid], list);
  },
  [OP.ACK_ERROR](sid, handle, reportIt, message) {
    const e = emits.get(handle);
    emits.delete(handle);
    if (!e || !reportIt) return;
    const err = new Error(message);
    if (e.ack.reject) e.ack.reject(err);
    else call(e.ack, sockets[sid], [err]);
  },
  [OP.FIRE](id, tk, n, event, a, b) {
    const target = tk >> 4;
    const t = target === 2 ? sockets[id] : target === 1 ? managers[id].engine : managers[id];
    t.__fire(event, args(tk & 15, a, b, n));
  },
});
Object.assign(B, {
  [OP.SEND](mid, tid, data) {
    managers[mid].__io(1, tid, data.slice());
  },
  [OP.ATTACH_IN](_, __, data) {
    incoming.push(data.slice().buffer);
  },
});

if (typeof addEventListener === "function") {
  // engine.io-client: going offline closes every connection, except to "localhost".
  addEventListener("offline", () => managers.forEach((m) => m.__local || core.call(OP.OFFLINE, m.__mid)), false);
  // `closeOnBeforeunload`: the transports are closed silently when the page unloads.
  addEventListener("beforeunload", () => managers.forEach((m) => m.__unload && m.__t.forEach((_, tid) => m.__io(4, tid))), false);
}

/** The function handed to listeners of an event the server wants acked. */
function ackFn(socket, id) {
  let sent = false;
  return (...list) => {
    if (sent) return;
    sent = true;
    const [json, bufs] = encode(list);
    for (const b of bufs) core.bytes(OP.ATTACH, 0, 0, b);
    core.input(OP.ANSWER, socket.__sid, id, 0, 0, json);
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
const num = (v) => (typeof v === "number" ? v : NaN);

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
      (opts.upgrade !== false && 1) |
      (opts.rememberUpgrade === true && 2) |
      (opts.tryAllTransports === true && 4) |
      (opts.timestampRequests !== false && 8) |
      (priorWebsocket && 16) |
      (opts.reconnection !== false && 32);
    const timeout = opts.timeout === false ? NaN : typeof opts.timeout === "number" ? opts.timeout : 20000;
    const names = transports.map((x) => (typeof x === "string" ? x : x?.name)).join(",");
    this.__mid = core.manager(
      [t.authority, pathOf(opts), encodeQuery(opts.query, t.query), names].join("\0"), t.secure, flags,
      num(opts.reconnectionAttempts), num(opts.reconnectionDelay), num(opts.reconnectionDelayMax),
      num(opts.randomizationFactor), timeout, Math.random() * 2 ** 53,
    );
    managers[this.__mid] = this;
    this.__t = new Map();
    this.__cbs = [];
    this.__http = {
      credentials: opts.withCredentials ? "include" : "same-origin",
      headers: { ...(opts.extraHeaders ?? {}) },
    };
    /** The sockets of this connection, by namespace. */
    this.nsps = {};
    /** The Engine.IO session (`id`, `transport`, `readyState`, `upgrade` events). */
    this.engine = new Engine(this.__mid);
    /** The URL, completed as socket.io-client completes it. */
    this.uri = t.source;
    /** The options given (with the default `path`). */
    this.opts = { ...opts, path: opts.path ?? "/socket.io" };
    this.__auto = opts.autoConnect !== false;
    this.__local = t.local;
    this.__unload = opts.closeOnBeforeunload === true;
    if (this.__auto) this.open();
  }

  get _readyState() {
    return ["closed", "opening", "open"][core.call(OP.STATE, this.__mid) & 3];
  }

  /** Opens the connection; `fn(err?)` once it is open or failed. */
  open(fn) {
    if (this._readyState !== "closed") return this;
    if (fn) this.__cbs.push(fn);
    core.call(OP.OPEN, this.__mid);
    return this;
  }

  /** Closes the connection, without reconnecting. */
  close() {
    core.call(OP.CLOSE, this.__mid);
    return this;
  }

  /** The socket of namespace `nsp` (created on first use). */
  socket(nsp, opts) {
    let s = this.nsps[nsp];
    if (!s) this.nsps[nsp] = s = new Socket(this, nsp, opts);
    else if (this.__auto && !s.active) s.connect();
    return s;
  }

  /** Carries out the core's transport I/O (`op`: 0 open WebSocket, 1 send, 2 GET, 3 POST, 4 close). */
  __io(op, tid, a, b) {
    const mid = this.__mid;
    const event = (kind, s = "") => core.input(kind, mid, tid, 0, 0, s);
    const t = this.__t.get(tid);
    if (op === 0) {
      let ws;
      try {
        ws = new WebSocket(a);
      } catch {
        return event(3, "websocket error");
      }
      ws.binaryType = "arraybuffer";
      ws.onopen = () => event(0);
      ws.onmessage = ({ data }) =>
        typeof data === "string" ? event(1, data)
          : data instanceof ArrayBuffer ? core.bytes(OP.BINARY, mid, tid, new Uint8Array(data))
            : event(3, "unexpected websocket data");
      ws.onclose = ({ reason }) => event(2, reason || "websocket connection closed");
      ws.onerror = () => event(3, "websocket error");
      this.__t.set(tid, ws);
    } else if (op === 1) {
      if (!(t instanceof WebSocket)) return;
      try {
        t.send(a);
      } catch {
        event(3, "websocket error");
      }
    } else if (op === 2 || op === 3) {
      const post = op === 3;
      const init = { ...this.__http, headers: { ...this.__http.headers } };
      if (post) {
        init.method = "POST";
        init.body = b;
        init.headers["content-type"] = "text/plain;charset=UTF-8";
      } else {
        init.signal = (this.__t.set(tid, new AbortController()).get(tid)).signal;
      }
      const failed = (status) => event(post ? 7 : 5, `xhr ${post ? "post" : "poll"} error${status ? ` ${status}` : ""}`);
      fetch(a, init).then(
        (r) => (!r.ok ? failed(r.status) : post ? event(6) : r.text().then((text) => event(4, text), () => failed())),
        () => failed(),
      );
    } else if (op === 4) {
      this.__t.delete(tid);
      if (t instanceof WebSocket) {
        t.onopen = t.onmessage = t.onclose = t.onerror = null;
        t.close();
      } else t?.abort();
    }
  }
}
Object.assign(Manager.prototype, Emitter, { connect: Manager.prototype.open, disconnect: Manager.prototype.close });
["reconnection", "reconnectionAttempts", "reconnectionDelay", "reconnectionDelayMax", "randomizationFactor", "timeout"].forEach(
  (name, which) => {
    Manager.prototype[name] = function (v) {
      const value = v === undefined ? NaN : which === 0 ? +!!v : which === 5 && v === false ? -1 : +v;
      const current = core.call(OP.OPTION, this.__mid, which, value);
      if (v !== undefined) return this;
      return which === 0 ? current === 1 : which === 5 && current < 0 ? false : current;
    };
  },
);

/** The Engine.IO session of a manager (the parts of engine.io-client's `Socket` users read). */
class Engine {
  constructor(mid) {
    this.__mid = mid;
  }
  get id() {
    return read(OP.ENGINE_ID, this.__mid);
  }
  get transport() {
    return { name: [undefined, "polling", "websocket"][(core.call(OP.STATE, this.__mid) >> 3) & 3] };
  }
  get readyState() {
    return core.call(OP.STATE, this.__mid) & 4 ? "open" : "closed";
  }
}
Object.assign(Engine.prototype, Emitter);

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
    this.__sid = core.input(OP.SOCKET, io.__mid, num(opts.ackTimeout), num(opts.retries), 0, String(nsp));
    this.__flags = {};
    /** Catch-all listeners: [incoming, outgoing]. */
    this.__anyl = [[], []];
    sockets[this.__sid] = this;
    // Listed for the devtools (on localhost pages), which log its traffic once opened.
    trackSocket(this, opts);
    if (io.__auto) this.connect();
  }

  get id() {
    return read(OP.SOCKET_ID, this.__sid);
  }
  get connected() {
    return (core.call(OP.SOCKET_STATE, this.__sid) & 1) !== 0;
  }
  get disconnected() {
    return !this.connected;
  }
  get active() {
    return (core.call(OP.SOCKET_STATE, this.__sid) & 2) !== 0;
  }
  get recovered() {
    return (core.call(OP.SOCKET_STATE, this.__sid) & 4) !== 0;
  }
  /** Packets waiting for the connection (`{type, data, options, id?}`). */
  get sendBuffer() {
    const pairs = JSON.parse(read(OP.SEND_BUFFER, this.__sid));
    const out = [];
    for (let i = 0; i < pairs.length; i += 2) {
      const p = { type: 2, data: emits.get(pairs[i])?.args, options: { compress: true } };
      if (pairs[i + 1] >= 0) p.id = pairs[i + 1];
      out.push(p);
    }
    return out;
  }
  get sendBufferLength() {
    return JSON.parse(read(OP.SEND_BUFFER, this.__sid)).length / 2;
  }
  /** Events received before `connect`, as `[event, ...args]`. */
  get receiveBuffer() {
    return JSON.parse(read(OP.RECEIVE_BUFFER, this.__sid));
  }
  /** The next emit is dropped if it cannot be sent at once. */
  get volatile() {
    this.__flags.volatile = true;
    return this;
  }

  connect() {
    core.call(OP.CONNECT, this.__sid);
    return this;
  }
  disconnect() {
    core.call(OP.DISCONNECT, this.__sid);
    return this;
  }
  /** Emits `event`; a function as last argument is the ack callback. */
  emit(event, ...list) {
    checkEvent(event);
    list.unshift(event);
    const ack = typeof list[list.length - 1] === "function" ? list.pop() : undefined;
    this.__emit(list, ack, ack ? 1 : 0);
    return this;
  }
  /** Emits `event` and resolves with the first argument of the server's ack. */
  emitWithAck(event, ...list) {
    return new Promise((resolve, reject) => {
      checkEvent(event);
      list.unshift(event);
      this.__emit(list, { resolve, reject }, 2);
    });
  }
  send(...list) {
    this.__emit(["message", ...list], undefined, 0);
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
    // Blobs (and Files) can only be read asynchronously: an emit holding one waits for its
    // bytes, and the emits after it wait their turn, so order is kept.
    if (this.__queue || hasBlob(list)) {
      const queue = (this.__queue ??= []);
      queue.push([list, ack, mode, flags]);
      if (queue.length === 1) this.__drainBlobs();
      return;
    }
    const handle = ++nextHandle;
    emits.set(handle, { args: list, ack });
    const [json, bufs] = encode(list);
    for (const b of bufs) core.bytes(OP.ATTACH, 0, 0, b);
    core.input(OP.EMIT, this.__sid, handle, flags.timeout ?? NaN, mode | (flags.volatile === true ? 4 : 0), json);
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
    const send = (data) => core.input(OP.JOIN, this.__sid, 0, 0, 0, data && typeof data === "object" ? JSON.stringify(data) : "");
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
