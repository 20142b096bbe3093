// createStore(): the plugin store's public object. Routing (which listeners an event is for),
// channel subscriptions and the connection status are the Rust core's (its store operations); this file
// keeps the callbacks and the state object, feeds the core the primary socket's events through
// the socket's public API, and gives plugin code its shapes: listenSocket / emitSocket /
// useSocketListener, sockets.primary, sockets[identifier][type].
import * as OP from "./abi.js";
import { core, report, N } from "./core.js";
import { io } from "./client.js";
import { enableDevtools, isLocal } from "./hotkey.js";

/** Results the core reports during a call (listener ids, counts, channels). */
let results = [];
/** Each store's handler of the subscription changes the core decides. */
const subscribers = [];
N[OP.HOST_N_RESULT] = (a, b) => results.push([a, b]);
N[OP.HOST_N_SUB] = (store, channel, on) => subscribers[store](channel, on === 1);
const collect = (fn) => {
  results = [];
  fn();
  return results;
};
/** Calls every callback of `set` with `value`; a throwing one is reported, the others still run. */
const notify = (set, value) => {
  for (const fn of [...set]) {
    try {
      fn(value);
    } catch (e) {
      report(e);
    }
  }
};
const once = (remove) => {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      remove();
    }
  };
};
/** Adds `cb` to `set` (the same function may be added twice); returns its unsubscribe function. */
const watch = (set, cb) => {
  const entry = (v) => cb(v);
  set.add(entry);
  return once(() => set.delete(entry));
};

const warnedDeps = new Set();
const HISTORY = 500;
/** Status names by `StoreStatus` code. */
const STATUS = {
  [OP.STORE_STATUS_CONNECTING]: "connecting",
  [OP.STORE_STATUS_CONNECTED]: "connected",
  [OP.STORE_STATUS_DISCONNECTED]: "disconnected",
  [OP.STORE_STATUS_UNAVAILABLE]: "unavailable",
};

/** Strings (event names, channels, dependencies) as the numbers the core works with. */
const names = new Map();
const strings = [""];
const nameOf = (s) => {
  if (s == null) return 0;
  let n = names.get(s);
  if (n === undefined) {
    names.set(s, (n = strings.length));
    strings.push(s);
  }
  return n;
};

/** Dependencies of a manifest, one entry per identifier, with their channel. */
function dependenciesOf(manifest) {
  const list = manifest?.dependencies;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new TypeError("manifest.dependencies must be an array");
  const out = [];
  for (const d of list) {
    const ids = d.identifiers ?? (d.identifier !== undefined ? [d.identifier] : []);
    if (typeof d.model !== "string" || !d.model) throw new TypeError(`manifest dependency ${JSON.stringify(ids)} needs a "model"`);
    for (const identifier of ids) {
      if (typeof identifier !== "string" || !identifier) throw new TypeError("manifest dependency identifiers must be non-empty strings");
      out.push({ identifier, model: d.model, channel: `private.${d.model}.${identifier}`, events: { ...(d.events ?? {}) } });
    }
  }
  return out;
}

/**
 * Creates a store connected to the platform's socket server.
 * @param {import("./index").StoreOptions} [options]
 */
export function createStore(options = {}) {
  const driver = options.driver ?? "echo";
  if (driver !== "echo" && driver !== "relay") throw new Error('driver must be "echo" or "relay"');
  const echo = driver === "echo";
  const page = globalThis.location;
  const url = options.url ?? `${page?.protocol ?? "http:"}//${page?.hostname ?? "localhost"}:3069`;
  // `devtools` also tells io() whether to list the socket for the devtools.
  const opts = { ...(options.io ?? {}), forceNew: true, devtools: options.devtools };
  if (options.path !== undefined) opts.path = options.path;
  if (options.auth !== undefined) opts.auth = options.auth;
  // The echo driver declares its wire to the dev server.
  if (echo) opts.query = { ...(options.io?.query ?? {}), wire: "echo" };
  const socket = io(url, opts);
  const id = core.call(OP.CALL_STORE, 0, echo ? OP.DRIVER_ECHO : OP.DRIVER_RELAY);
  const call = (op, a = 0, b = 0, c = 0) => core.call(op, id, a, b, c);
  // Subscription changes are sent once the core has returned.
  const pendingSubs = [];
  subscribers[id] = (channel, on) => pendingSubs.push([strings[channel], on]);

  /** Callbacks by listener id: `{cb, stateChange, tag}`. */
  const listeners = new Map();
  const statusListeners = new Set();
  const taps = new Set();
  const state = {};
  /** State subscribers, and the snapshot they read: a new object after every change, so that
   * `useSyncExternalStore`, Vue refs and selectors can tell that something changed. */
  const stateListeners = new Set();
  const manifestListeners = new Set();
  let snapshot = {};
  const stateChanged = () => notify(stateListeners, (snapshot = { ...state }));
  let closed = false;
  /** Set while a manifest loads: subscription changes wait until the bindings listen again. */
  let holding = false;

  const tap = (direction, event, channel, payload, listeners, args) => {
    // `plugwire:*` events are the tools' own (the devtools' ping), not the plugin's.
    if (!taps.size || String(event).startsWith("plugwire:")) return;
    const record = { time: Date.now(), direction, socket: "primary", event, channel, payload, listeners, args };
    notify(taps, record);
  };
  /** Sends the subscription changes the core decided (echo driver). A channel's changes
   * alternate, so two in a row cancel out: a manifest reload that unsubscribes a channel and
   * subscribes it again sends nothing (a round trip without it would lose its events). */
  const flush = () => {
    if (holding) return;
    const net = new Map();
    for (const [channel, on] of pendingSubs.splice(0)) net.delete(channel) || net.set(channel, on);
    for (const [channel, on] of net) {
      if (!socket.connected) continue;
      if (on) {
        const auth = options.channelAuth && typeof options.channelAuth === "object" ? options.channelAuth : { headers: {} };
        socket.emit("subscribe", { channel, auth });
      } else socket.emit("unsubscribe", { channel });
    }
  };
  /** Feeds a socket event to the core; tells status listeners about a change. */
  const status = (what) => {
    const next = STATUS[call(OP.CALL_STORE_ON, what)];
    if (next && !closed) notify(statusListeners, next);
    flush();
  };
  /** Delivers an event to the listeners it is for; `simulated` marks local injections. Returns
   * who received it, `[{socket, listener}]` (a dependency or "primary", the callback's name). */
  const deliver = (event, channel, data, simulated) => {
    if (closed) return [];
    const matching = collect(() => call(OP.CALL_ROUTE, nameOf(event), typeof channel === "string" ? nameOf(channel) : 0))
      .map(([l]) => listeners.get(l))
      .filter(Boolean);
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
    ["connect", () => status(OP.STORE_EVENT_CONNECT)],
    ["disconnect", () => status(OP.STORE_EVENT_DISCONNECT)],
    ["connect_error", () => status(OP.STORE_EVENT_CONNECT_ERROR)],
    [
      "subscription_error",
      (channel, st) => {
        tap("error", "subscription_error", channel, st);
        console.warn("plugwire: subscription refused for channel", channel);
      },
    ],
  ];
  const failed = () => status(OP.STORE_EVENT_RECONNECT_FAILED);
  const onIncoming = (event, a, b) => {
    // Echo: `(event, channel, data)`; relay (or no channel): `(event, data)`.
    const routed = echo && b !== undefined && (typeof a === "string" || a === null);
    deliver(String(event), routed ? a : null, routed ? b : a, false);
  };
  // `args`: every argument (an emit may have several; `payload` is the first).
  const onOutgoing = (event, ...args) => {
    const sub = event === "subscribe" || event === "unsubscribe";
    tap("out", event, sub ? args[0]?.channel : null, args[0], undefined, args);
  };
  for (const [event, fn] of handlers) socket.on(event, fn);
  socket.io.on("reconnect_failed", failed);
  socket.onAny(onIncoming);
  socket.onAnyOutgoing(onOutgoing);
  if (socket.connected) status(OP.STORE_EVENT_CONNECT);

  /** Listens for `event` on dependency `d`'s channel, or on any channel without `d`. */
  const listen = (event, cb, d, stateChange) => {
    if (typeof cb !== "function") throw new TypeError("listener must be a function");
    if (closed) return () => {};
    const tag = d?.identifier;
    const l = call(OP.CALL_LISTEN, nameOf(String(event)), nameOf(d?.channel), nameOf(tag));
    listeners.set(l, { cb, stateChange, tag });
    flush();
    return once(() => {
      listeners.delete(l);
      call(OP.CALL_UNLISTEN, l);
      flush();
    });
  };
  let deps = new Map();
  const recent = [];

  const primary = {
    channel: null,
    /** Listens for `event` whatever its channel. */
    listen: (event, cb) => listen(event, cb),
    /** Emits `event` with `data` to the server. */
    broadcast: (event, data, ack) => store.emitSocket("primary", event, data, ack),
    /** Listens for "state-change"; `changes` are merged into `store.state` first. */
    listenForStateChange: (cb) => listen("state-change", cb, null, true),
  };
  const sockets = { primary };

  function loadDependencies(manifest) {
    const next = dependenciesOf(manifest);
    holding = true;
    call(OP.CALL_DROP_TAGGED, 0);
    for (const [l, entry] of listeners) if (entry.tag != null) listeners.delete(l);
    for (const id of deps.keys()) delete sockets[id];
    deps = new Map(next.map((d) => [d.identifier, d]));
    for (const d of next) {
      const s = { channel: d.channel, model: d.model, identifier: d.identifier };
      for (const [type, event] of Object.entries(d.events)) {
        s[type] = { event, listen: (cb) => listen(event, cb, d) };
      }
      sockets[d.identifier] = s;
    }
    // The bindings' listeners (plugwire/vue, plugwire/react) listen again, on the new manifest.
    notify(manifestListeners);
    holding = false;
    flush();
  }
  const warnUnknown = (name) => {
    if (call(OP.CALL_WARN, nameOf(String(name)))) {
      console.warn(`plugwire: emitSocket: unknown socket "${name}"; known sockets: ${["primary", ...deps.keys()].join(", ")}`);
    }
  };

  const store = {
    sockets,
    /** The socket server's URL. */
    url,
    /** The primary socket (a socket.io-client compatible `Socket`). */
    socket,
    /** Resolves when the manifest (if given as a URL) is loaded. */
    ready: Promise.resolve(),
    /** The shared state (`updateState`, `listenForStateChange`). */
    state,
    get connectionStatus() {
      return STATUS[call(OP.CALL_STATUS)];
    },
    /** Listeners registered (for leak checks). */
    get listenerCount() {
      return call(OP.CALL_SIZE);
    },
    /** Listeners per socket: `{primary, <dependency>…}`. */
    get listenerCounts() {
      return Object.fromEntries(collect(() => call(OP.CALL_COUNTS)).map(([tag, n]) => [tag ? strings[tag] : "primary", n]));
    },
    /** Channels subscribed on the server (echo driver). */
    get channels() {
      return collect(() => call(OP.CALL_CHANNELS)).map(([ch]) => strings[ch]);
    },
    get dependencies() {
      return [...deps.values()].map((d) => ({ ...d, events: { ...d.events } }));
    },

    /** Listens for `event` on a socket: "primary" (any channel) or a dependency (its channel). */
    listenSocket(socketName, event, cb) {
      if (socketName === "primary") return listen(event, cb);
      const d = deps.get(socketName);
      if (d) return listen(event, cb, d);
      warnUnknown(socketName);
      return () => {};
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
        return () => {};
      }
      const event = d.events[eventTypeOrName] ?? eventTypeOrName;
      return listen(event, cb, d);
    },
    updateState(key, value) {
      state[key] = value;
      stateChanged();
    },
    /** The state as an immutable snapshot, replaced (never mutated) on every change. */
    getState: () => snapshot,
    /** Calls `cb(snapshot)` after every state change; returns an unsubscribe function. */
    subscribe: (cb) => watch(stateListeners, cb),
    /** The tool plugwire replaces: `listen(socketName, event, cb)`, or `listen(event, identifier,
     * cb)` for an event on a dependency's channel (`"project"`: on any channel). */
    listen(a, b, cb) {
      if (a === "primary" || deps.has(a)) return store.listenSocket(a, b, cb);
      return b === "project" ? listen(a, cb) : store.useSocketListener(b, a, cb);
    },
    /** The tool plugwire replaces: `broadcast(socketName, event, data)` is `emitSocket`. */
    broadcast: (socketName, event, data, ack) => store.emitSocket(socketName, event, data, ack),
    /** Calls `cb(status)` on every connection status change; returns an unsubscribe function. */
    onStatusChange: (cb) => watch(statusListeners, cb),
    /** Calls `cb()` after every manifest (re)load, once its dependency sockets are rebuilt (and
     * the listeners made through the old ones dropped); returns an unsubscribe function. */
    onManifestChange: (cb) => watch(manifestListeners, cb),
    /** Delivers an event locally, exactly as if it came from the server; returns the listeners
     * that received it, `[{socket, listener}]` (empty when none did). */
    simulate(event, data, { channel } = {}) {
      return deliver(String(event), typeof channel === "string" ? channel : null, data, true);
    },
    /**
     * Taps every inbound and outbound event (devtools); returns an unsubscribe function. With
     * `{history: true}` the records kept since the store was created (devtools enabled: the last
     * 500) are replayed first.
     */
    inspect(cb, { history = false } = {}) {
      if (history) for (const rec of recent) cb(rec);
      return watch(taps, cb);
    },
    /** Replaces the manifest: dependency sockets are rebuilt; their old listeners are dropped. */
    loadManifest(manifest) {
      if (typeof manifest === "string") {
        return fetch(manifest)
          .then((r) => {
            if (!r.ok) throw new Error(`manifest ${manifest}: HTTP ${r.status}`);
            return r.json();
          })
          .then(loadDependencies);
      }
      loadDependencies(manifest);
      return Promise.resolve();
    },
    /** Releases every listener and disconnects. */
    close() {
      if (!call(OP.CALL_STORE_CLOSE)) return;
      closed = true;
      listeners.clear();
      taps.clear();
      statusListeners.clear();
      stateListeners.clear();
      manifestListeners.clear();
      for (const [event, fn] of handlers) socket.off(event, fn);
      socket.io.off("reconnect_failed", failed);
      socket.offAny(onIncoming);
      socket.offAnyOutgoing(onOutgoing);
      socket.disconnect();
    },
  };
  if (options.manifest !== undefined) store.ready = store.loadManifest(options.manifest);
  if (options.devtools ?? isLocal()) {
    // Keep recent records for the devtools, which may open later.
    taps.add((rec) => {
      recent.push(rec);
      if (recent.length > HISTORY) recent.shift();
    });
    enableDevtools(store);
  }
  return store;
}
