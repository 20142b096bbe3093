// plugwire/devtools: the overlay's host. Loaded on the first Ctrl+Shift+D (see hotkey.js). The
// Leptos overlay (its own wasm) is mounted in a shadow root, so the page's CSS and the overlay's
// never mix, inside a fixed-position host that does not move the page's layout.
import init, { mount } from "./dist/plugwire_devtools.js";

const ready = init({ module_or_path: new URL("./dist/plugwire_devtools_bg.wasm", import.meta.url) });
const KEY = "plugwire.devtools.open";
const save = (k, v) => { try { localStorage.setItem(k, v); } catch {} };

export function createOverlay() {
  let host = null;
  let mounted = null;
  let open = false;

  function onKey(e) {
    if (e.key === "Escape" && open) {
      e.stopPropagation();
      overlay.close();
    }
  }

  const overlay = {
    isOpen: () => open,
    async open(store) {
      await ready;
      if (open) return;
      host = document.createElement("plugwire-devtools");
      host.style.cssText = "all: initial; display: block; position: fixed; z-index: 2147483647; inset: auto 0 0 0;";
      const root = host.attachShadow({ mode: "open" });
      const container = document.createElement("div");
      container.style.height = "100%";
      root.append(container);
      document.body.append(host);
      mounted = mount(container, store, host);
      open = true;
      save(KEY, "1");
      window.addEventListener("keydown", onKey, true);
    },
    close() {
      if (!open) return;
      mounted?.unmount();
      mounted = null;
      host?.remove();
      host = null;
      open = false;
      save(KEY, "0");
      window.removeEventListener("keydown", onKey, true);
    },
    toggle(store) {
      return open ? overlay.close() : overlay.open(store);
    },
  };
  return overlay;
}
