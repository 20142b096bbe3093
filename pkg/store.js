// createStore(): the plugin store's public object. Routing, channel subscriptions, state, status
// and the event tap are the Rust core's (StoreCore); this file gives them the shapes plugin code
// uses: listenSocket / emitSocket / useSocketListener, sockets.primary, sockets[identifier][type].
import { __createStore } from "./dist/plugwire_core.js";
import { enableDevtools } from "./hotkey.js";

const warnedDeps = new Set();
const HISTORY = 500;

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
  const core = __createStore(options);
  const once = (id, remove) => {
    let done = false;
    return () => {
      if (!done) {
        done = true;
        remove(id);
      }
    };
  };
  const listen = (event, channel, cb, tag, stateChange = false) => {
    if (typeof cb !== "function") throw new TypeError("listener must be a function");
    return once(core.__listen(String(event), channel, cb, tag, stateChange), (id) => core.__unlisten(id));
  };
  let deps = new Map();
  const recent = [];

  const primary = {
    channel: null,
    /** Listens for `event` whatever its channel. */
    listen: (event, cb) => listen(event, null, cb, null),
    /** Emits `event` with `data` to the server. */
    broadcast: (event, data, ack) => store.emitSocket("primary", event, data, ack),
    /** Listens for "state-change"; `changes` are merged into `store.state` first. */
    listenForStateChange: (cb) => listen("state-change", null, cb, null, true),
  };
  const sockets = { primary };

  function loadDependencies(manifest) {
    const next = dependenciesOf(manifest);
    core.__dropTagged(undefined);
    for (const id of deps.keys()) delete sockets[id];
    deps = new Map(next.map((d) => [d.identifier, d]));
    for (const d of next) {
      const socket = { channel: d.channel, model: d.model, identifier: d.identifier };
      for (const [type, event] of Object.entries(d.events)) {
        socket[type] = { event, listen: (cb) => listen(event, d.channel, cb, d.identifier) };
      }
      sockets[d.identifier] = socket;
    }
  }

  const url = options.url ?? `${location.protocol}//${location.hostname}:3069`;
  const store = {
    sockets,
    /** The socket server's URL. */
    url,
    /** The primary socket (a socket.io-client compatible `Socket`). */
    get socket() { return core.__get("socket"); },
    /** Resolves when the manifest (if given as a URL) is loaded. */
    ready: Promise.resolve(),
    get state() { return core.__get("state"); },
    get connectionStatus() { return core.__get("connectionStatus"); },
    /** Listeners registered (for leak checks). */
    get listenerCount() { return core.__get("listenerCount"); },
    /** Listeners per socket: `{primary, <dependency>…}`. */
    get listenerCounts() { return core.__get("listenerCounts"); },
    /** Channels subscribed on the server (echo driver). */
    get channels() { return core.__get("channels"); },
    get dependencies() { return [...deps.values()].map((d) => ({ ...d, events: { ...d.events } })); },

    /** Listens for `event` on a socket: "primary" (any channel) or a dependency (its channel). */
    listenSocket(socketName, event, cb) {
      if (socketName === "primary") return listen(event, null, cb, null);
      const d = deps.get(socketName);
      if (d) return listen(event, d.channel, cb, d.identifier);
      core.__warnUnknown(socketName, ["primary", ...deps.keys()].join(", "));
      return () => {};
    },
    /** Emits on a socket; false (and a warning, once) for an unknown socket name. */
    emitSocket(socketName, event, data, ack) {
      if (socketName !== "primary" && !deps.has(socketName)) {
        core.__warnUnknown(socketName, ["primary", ...deps.keys()].join(", "));
        return false;
      }
      core.__emit(event, data, ack);
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
      return listen(event, d.channel, cb, d.identifier);
    },
    updateState(key, value) {
      core.updateState(key, value);
    },
    /** Calls `cb(status)` on every connection status change; returns an unsubscribe function. */
    onStatusChange(cb) {
      return once(core.__callback(false, cb), (id) => core.__removeCallback(id));
    },
    /** Delivers an event locally, exactly as if it came from the server. */
    simulate(event, data, { channel } = {}) {
      core.simulate(String(event), data, channel ?? null);
    },
    /**
     * Taps every inbound and outbound event (devtools); returns an unsubscribe function. With
     * `{history: true}` the records kept since the store was created (devtools enabled: the last
     * 500) are replayed first.
     */
    inspect(cb, { history = false } = {}) {
      if (history) for (const rec of recent) cb(rec);
      return once(core.__callback(true, cb), (id) => core.__removeCallback(id));
    },
    /** Replaces the manifest: dependency sockets are rebuilt; their old listeners are dropped. */
    loadManifest(manifest) {
      if (typeof manifest === "string") {
        return fetch(manifest)
          .then((r) => {
            if (!r.ok) throw new Error(`manifest ${manifest}: HTTP ${r.status}`);
            return r.json();
          })
          .then((m) => loadDependencies(m));
      }
      loadDependencies(manifest);
      return Promise.resolve();
    },
    /** Releases every listener and disconnects. */
    close() {
      core.close();
    },
  };
  if (options.manifest !== undefined) store.ready = store.loadManifest(options.manifest);
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(globalThis.location?.hostname);
  if (options.devtools ?? local) {
    // Keep recent records for the devtools, which may open later.
    core.__callback(true, (rec) => {
      recent.push(rec);
      if (recent.length > HISTORY) recent.shift();
    });
    enableDevtools(store);
  }
  return store;
}
