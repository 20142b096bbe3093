// The only devtools code in the core: a keydown listener. The first Ctrl+Shift+D (Cmd+Shift+D on
// macOS) imports `plugwire/devtools` and mounts the overlay; a page that never presses it never
// downloads it. `window.plugwireDevtools = {open, close, toggle, isOpen}`.
let store = null;
let loaded = null;
let overlay = null;

function load() {
  // Kept external by the bundler: it resolves next to the published entry, pkg/devtools.js.
  loaded ??= import("./devtools.js").then((m) => (overlay = m.createOverlay()));
  return loaded;
}

const api = {
  async open() { (await load()).open(store); },
  async close() { if (loaded) (await loaded).close(); },
  async toggle() { (await load()).toggle(store); },
  isOpen() { return overlay?.isOpen() ?? false; },
};

function onKey(e) {
  const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? e.metaKey : e.ctrlKey;
  if (mod && e.shiftKey && !e.altKey && (e.key === "D" || e.key === "d" || e.code === "KeyD")) {
    e.preventDefault();
    api.toggle();
  }
}

/** Called by createStore when devtools are enabled (by default on localhost only). */
export function enableDevtools(s) {
  const first = store === null;
  store = s;
  if (!first) return;
  window.plugwireDevtools = api;
  window.addEventListener("keydown", onKey, true);
  // The overlay reopens after a reload if it was open.
  try {
    if (localStorage.getItem("plugwire.devtools.open") === "1") api.open();
  } catch {}
}
