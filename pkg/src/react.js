// plugwire/react: the plugin store in React 18+. State and connection status are read with
// `useSyncExternalStore` (no tearing, server-render safe); listeners live in effects, so
// StrictMode's mount → unmount → mount leaves exactly one, and the latest callback is always
// the one called (no dependency array to get wrong).
import { createContext, createElement, useContext, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { createStore } from "plugwire";
import { isStore, listenAll } from "./bind.js";

const Context = createContext(null);
let configured = null;

/**
 * Provides `store` to the components below. Create the store outside React (module scope or
 * `configurePlugwire`): a render, which StrictMode runs twice, must not open connections.
 */
export function PlugwireProvider({ store, children }) {
  if (!isStore(store)) throw new TypeError("PlugwireProvider: `store` must be a plugwire store (createStore())");
  return createElement(Context.Provider, { value: store }, children);
}

/** Sets the store hooks use outside a `PlugwireProvider`; returns it. */
export function configurePlugwire(storeOrOptions) {
  return (configured = isStore(storeOrOptions) ? storeOrOptions : createStore(storeOrOptions ?? {}));
}

/** The store: the nearest `PlugwireProvider`'s, else the one given to `configurePlugwire`. */
export function useStore() {
  const store = useContext(Context) ?? configured;
  if (!store) throw new Error("plugwire/react: no store; wrap the app in <PlugwireProvider store={store}> or call configurePlugwire(options) first");
  return store;
}

/**
 * Listens for `events` on `socket` (`"primary"` or a manifest dependency, whose event types may
 * be used) while the component is mounted. Returns `{ stop, start }`.
 */
export function useListen(socket, events, cb) {
  const store = useStore();
  const latest = useRef(cb);
  const off = useRef(null);
  useEffect(() => {
    latest.current = cb;
  });
  const key = [].concat(events).join("\0");
  const [control] = useState(() => ({
    stop: () => {
      off.current?.();
      off.current = null;
    },
    start: null,
  }));
  useEffect(() => {
    control.start = () => {
      control.stop();
      off.current = listenAll(store, socket, key.split("\0"), (data, meta) => latest.current(data, meta));
    };
    control.start();
    return control.stop;
  }, [store, socket, key, control]);
  return control;
}

/** The latest payload of an event (`undefined` until the first). */
export function useLastEvent(socket, events) {
  const [last, setLast] = useState();
  useListen(socket, events, (data) => setLast(() => data));
  return last;
}

/**
 * The store's state snapshot (a new object after each change); with a key, that entry; with a
 * function, what it selects (return stable values: a new object on every call re-renders forever).
 */
export function useStoreState(selector) {
  const store = useStore();
  const pick = () => {
    const s = store.getState();
    return selector === undefined ? s : typeof selector === "function" ? selector(s) : s[selector];
  };
  return useSyncExternalStore(store.subscribe, pick, pick);
}

/** The connection status: `"connecting" | "connected" | "disconnected" | "unavailable"`. */
export function useConnectionStatus() {
  const store = useStore();
  const get = () => store.connectionStatus;
  return useSyncExternalStore(store.onStatusChange, get, get);
}
