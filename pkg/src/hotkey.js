// The only devtools code in the core: a keydown listener and, on pages with devtools enabled,
// the list of sockets made with `io()`. The first Ctrl+Shift+D (Cmd+Shift+D on macOS) imports
// `plugwire/devtools` and mounts the overlay; a page that never presses it never downloads it.
// `window.plugwireDevtools = {open, close, toggle, isOpen}`.
let store = null;
let loaded = null;
let overlay = null;
let enabled = false;

/** Sockets made with `io()` on a page with devtools enabled (held weakly: a socket the page
 * drops is still collected, and its slot in the core freed), who wants to hear of new ones, and
 * their last 500 events from their creation on, `[time, "in" | "out", socket's WeakRef, [event,
 * ...args], its listeners' names (in)]`, for an overlay opened later: no copy of the arguments, no JSON
 * (kept through the socket's own dispatch, not `onAny`, so that `listenersAny()` stays the page's). */
let refs = [];
const live = () => (refs = refs.filter((r) => r.deref()));
/** The log: a ring of the last 500 entries, entry `n` at `n % 500` (an array's shift() per
 * event would move all 500 every time), read oldest first. */
const ring = [];
let logged = 0;
const registry = {
  get sockets() {
    return live().map((r) => r.deref());
  },
  watchers: new Set(),
  get log() {
    const at = logged % 500;
    return ring.slice(at).concat(ring.slice(0, at));
  },
};

function load() {
  // Kept external by the bundler: it resolves next to the published entry, pkg/devtools.js.
  loaded ??= import("./devtools.js").then((m) => (overlay = m.createOverlay()));
  return loaded;
}

const api = {
  async open() { (await load()).open(store, registry); },
  async close() { if (loaded) (await loaded).close(); },
  async toggle() { (await load()).toggle(store, registry); },
  isOpen() { return overlay?.isOpen() ?? false; },
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
  // The overlay reopens after a reload if it was open.
  try {
    if (localStorage.getItem("plugwire.devtools.open") === "1") api.open();
  } catch {}
}

/** Whether the page is served from this machine: devtools are on by default there. */
export const isLocal = () => ["localhost", "127.0.0.1", "[::1]"].includes(globalThis.location?.hostname);

/** Called by createStore when devtools are enabled (by default on localhost only). */
export function enableDevtools(s) {
  store = s;
  enable();
}

/** Called by client.js for each new socket: on localhost pages (or with `devtools: true` in the
 * options; `devtools: false` opts out) it is listed for the overlay and the hotkey is enabled. */
export function trackSocket(socket, opts) {
  if (!(opts.devtools ?? isLocal())) return;
  if (refs.length % 64 === 63) live();
  const ref = new WeakRef(socket);
  refs.push(ref);
  socket.__keep = (list, out) => (ring[logged++ % 500] = [Date.now(), out ? "out" : "in", ref, list, !out && socket.listeners(list[0]).map((f) => f.name)]);
  for (const fn of registry.watchers) fn(socket);
  enable();
}
