// Type declarations for plugwire/devtools: the overlay's host, loaded on the first Ctrl+Shift+D.
import type { Store } from "./index.js";

/** The devtools overlay, mounted in a shadow root. */
export interface DevtoolsOverlay {
  isOpen(): boolean;
  /** Mounts the overlay for `store` (its wasm loads first). */
  open(store: Store<any, any>): Promise<void>;
  close(): void;
  toggle(store: Store<any, any>): Promise<void> | void;
}

/** Creates the overlay (one per page; `window.plugwireDevtools` drives the store's). */
export declare function createOverlay(): DevtoolsOverlay;
