// plugwire/devtools: the overlay's host. Loaded on the first Ctrl+Shift+D (see hotkey.js). The
// Leptos overlay (its own wasm) is mounted in a shadow root, so the page's CSS and the overlay's
// never mix, inside a fixed-position host that does not move the page's layout.
//
// The overlay sees the page through a hub: the store (if the page made one, through its public
// API) and every socket made with io() (their onAny / onAnyOutgoing taps), as one list of named
// sockets and one stream of records.
import init, { mount } from "./dist/plugwire_devtools.js";

const ready = init({ module_or_path: new URL("./dist/plugwire_devtools_bg.wasm", import.meta.url) });
const KEY = "plugwire.devtools.open";
const save = (k, v) => { try { localStorage.setItem(k, v); } catch {} };
const OWN = /^plugwire:/;
const plain = (args) => args.filter((a) => typeof a !== "function");

/** The page as the overlay sees it: `store` (or null), named sockets, taps, sends, injections. */
function createHub(store, registry) {
  const entries = [];
  const taps = new Set();
  const detach = [];
  const publish = (rec) => {
    for (const fn of [...taps]) fn(rec);
  };
  const record = (direction, name, event, args, listeners) =>
    publish({ time: Date.now(), direction, socket: name, event: String(event), channel: null, args: plain(args), listeners });
  if (store) entries.push({ name: "primary", socket: store.socket, store: true });
  const add = (socket) => {
    if (entries.some((e) => e.socket === socket)) return;
    const base = `io ${socket.nsp}`;
    let name = base;
    for (let i = 2; entries.some((e) => e.name === name); i++) name = `${base} #${i}`;
    entries.push({ name, socket, store: false });
    const listenersOf = (event) => socket.listeners(event).map((f) => ({ socket: name, listener: f.name }));
    const incoming = (event, ...args) => OWN.test(event) || record("in", name, event, args, listenersOf(event));
    const outgoing = (event, ...args) => OWN.test(event) || record("out", name, event, args);
    socket.onAny(incoming);
    socket.onAnyOutgoing(outgoing);
    detach.push(() => {
      socket.offAny(incoming);
      socket.offAnyOutgoing(outgoing);
    });
  };
  registry?.sockets.forEach(add);
  registry?.watchers.add(add);
  const find = (name) => {
    const e = entries.find((x) => x.name === name) ?? entries[0];
    if (!e) throw new Error("this page has no socket");
    return e;
  };
  return {
    store,
    /** `[{name, socket, store}]`: "primary" is the store's socket. */
    sockets: () => entries.slice(),
    /** Every record, in the store's shape with `args` (a list) for the payload; with
     * `{history: true}` first those from before (the store's and the io() sockets', in order). */
    inspect(cb, opts) {
      const entry = (r) => cb(r);
      const past = [];
      let replaying = true;
      const unStore = store?.inspect((r) => {
        const rec = { ...r, args: r.args ? plain(r.args) : [r.payload] };
        if (replaying) past.push(rec);
        else cb(rec);
      }, opts);
      if (opts?.history) {
        for (const [time, direction, ref, [event, ...args], listeners] of registry?.log ?? []) {
          const e = entries.find((x) => x.socket === ref.deref() && !x.store);
          if (e && !OWN.test(event))
            past.push({ time, direction, socket: e.name, event: String(event), channel: null, args: plain(args), listeners: listeners ? listeners.map((listener) => ({ socket: e.name, listener })) : undefined });
        }
      }
      replaying = false;
      past.sort((a, b) => a.time - b.time).forEach(cb);
      taps.add(entry);
      return () => {
        unStore?.();
        taps.delete(entry);
      };
    },
    /** Emits from the page; with `ack`, resolves with the answer's arguments (or rejects). */
    send(name, event, args, ack, timeout) {
      const { socket } = find(name);
      if (!ack) {
        socket.emit(event, ...args);
        return Promise.resolve(null);
      }
      return new Promise((ok, fail) => socket.timeout(timeout).emit(event, ...args, (err, ...answer) => (err ? fail(err) : ok(answer))));
    },
    /** Delivers an event in the page as if it came from the server; returns who received it. */
    inject(name, event, args, channel) {
      const e = find(name);
      if (e.store) return store.simulate(event, args[0], { channel });
      const listeners = e.socket.listeners(event);
      record("simulated", e.name, event, args, listeners.map((f) => ({ socket: e.name, listener: f.name })));
      for (const fn of listeners) fn.apply(e.socket, args);
      return listeners.map((f) => ({ socket: e.name, listener: f.name }));
    },
    copy: (text) => navigator.clipboard.writeText(text),
    /** Saves `text` as a download named `file`. */
    download(file, text) {
      const a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
      a.download = file;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    },
    /** Asks for a file; resolves with its text. */
    pickFile() {
      return new Promise((ok, fail) => {
        const input = document.createElement("input");
        input.type = "file";
        input.accept = ".json,application/json";
        input.onchange = () => (input.files[0] ? input.files[0].text().then(ok, fail) : fail(new Error("no file chosen")));
        input.click();
      });
    },
    close: () => window.plugwireDevtools?.close(),
    dispose() {
      registry?.watchers.delete(add);
      detach.forEach((f) => f());
      taps.clear();
    },
  };
}

/** The Event Log rebuilds its rows in place when a record arrives (a row element may show
 * another record after it): a focused row's focus follows its record (`data-id`), so keyboard
 * users do not lose their place. */
function keepRowFocus(root) {
  let id = null;
  root.addEventListener("focusin", (e) => (id = e.target.matches?.("tr.entry") ? e.target.dataset.id : null));
  new MutationObserver(() => {
    // Only while a row has the focus: focus that left the log (or the overlay) stays where it went.
    const at = root.activeElement;
    if (id === null || !at?.matches("tr.entry") || at.dataset.id === id) return;
    const row = root.querySelector(`tr.entry[data-id="${id}"]`);
    if (row) row.focus();
    else id = null;
  }).observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-id"] });
}

export function createOverlay() {
  let host = null;
  let mounted = null;
  let hub = null;
  let open = false;
  let before = null;

  /** The overlay's text field being edited, if any: Esc and the hotkey leave it (focus goes to
   * the selected tab) instead of closing the overlay. */
  function leaveField() {
    const field = host?.shadowRoot.activeElement;
    if (!field?.matches("textarea, input:not([type=checkbox], [type=radio])")) return false;
    host.shadowRoot.querySelector("[role=tab][aria-selected=true]")?.focus();
    return true;
  }

  function onKey(e) {
    if (e.key === "Escape" && open) {
      e.stopPropagation();
      if (!leaveField()) overlay.close();
    }
  }

  const overlay = {
    isOpen: () => open,
    async open(store, registry) {
      await ready;
      if (open) return;
      before = document.activeElement;
      host = document.createElement("plugwire-devtools");
      host.style.cssText = "all: initial; display: block; position: fixed; z-index: 2147483647; inset: auto 0 0 0;";
      const root = host.attachShadow({ mode: "open" });
      const container = document.createElement("div");
      container.style.height = "100%";
      root.append(container);
      document.body.append(host);
      hub = createHub(store, registry);
      keepRowFocus(root);
      mounted = mount(container, hub, host);
      open = true;
      save(KEY, "1");
      window.addEventListener("keydown", onKey, true);
      // Focus moves into the overlay (its selected tab), and back to the page on close.
      root.querySelector("[role=tab][aria-selected=true]")?.focus();
    },
    close() {
      if (!open) return;
      mounted?.unmount();
      mounted = null;
      hub?.dispose();
      hub = null;
      host?.remove();
      host = null;
      open = false;
      save(KEY, "0");
      window.removeEventListener("keydown", onKey, true);
      if (before?.isConnected && typeof before.focus === "function") before.focus();
      before = null;
    },
    toggle(store, registry) {
      if (open && leaveField()) return;
      return open ? overlay.close() : overlay.open(store, registry);
    },
  };
  return overlay;
}
