// plugwire/vue: the plugin store in Vue 3. A plugin provides the store to the app; composables
// give reactive state and connection status, and listeners that are removed when the component
// (or effect scope) that made them is unmounted.
import { computed, getCurrentScope, hasInjectionContext, inject, isRef, onScopeDispose, readonly, shallowRef, toValue, watch } from "vue";
import { createStore } from "plugwire";
import { isStore, listenAll } from "./bind.js";

/** The injection key of the store (`inject(plugwireKey)`). */
export const plugwireKey = Symbol.for("plugwire.store");
let configured = null;
const owned = (store) => (isStore(store) ? store : createStore(store ?? {}));
/** Runs `fn` when the current component or effect scope goes away (nothing outside one). */
const onDispose = (fn) => getCurrentScope() && onScopeDispose(fn);

/**
 * A Vue plugin providing a store: `app.use(createPlugwire({ manifest: "/app-manifest.json" }))`.
 * A store it created from options is closed when the app unmounts; one it was given is not.
 */
export function createPlugwire(storeOrOptions) {
  const mine = !isStore(storeOrOptions);
  const store = owned(storeOrOptions);
  return {
    store,
    install(app) {
      app.provide(plugwireKey, store);
      app.config.globalProperties.$plugwire = store;
      if (mine) app.onUnmount?.(() => store.close());
    },
  };
}

/** Sets the store composables use outside an app that installed the plugin; returns it. */
export function configurePlugwire(storeOrOptions) {
  return (configured = owned(storeOrOptions));
}

/** The store: the app's (`createPlugwire`), else the one given to `configurePlugwire`. */
export function useStore() {
  const store = (hasInjectionContext() && inject(plugwireKey, null)) || configured;
  if (!store) throw new Error("plugwire/vue: no store; call app.use(createPlugwire(options)) or configurePlugwire(options) first");
  return store;
}

/**
 * Listens for `events` on `socket` (`"primary"` or a manifest dependency, whose event types may
 * be used) while the component is mounted. `socket` and `events` may be refs or getters: the
 * listeners follow them. Returns `{ listening, stop, start }`.
 */
export function useListen(socket, events, cb) {
  const store = useStore();
  const listening = shallowRef(false);
  let off = null;
  const stop = () => {
    off?.();
    off = null;
    listening.value = false;
  };
  const start = () => {
    stop();
    off = listenAll(store, toValue(socket), toValue(events), (data, meta) => cb(data, meta));
    listening.value = true;
  };
  start();
  if (typeof socket === "function" || typeof events === "function" || isRef(socket) || isRef(events)) {
    watch(() => [toValue(socket), [].concat(toValue(events)).join("\0")], start);
  }
  onDispose(stop);
  return { listening: readonly(listening), stop, start };
}

/** The latest payload of an event (`undefined` until the first): a read-only ref. */
export function useLastEvent(socket, events) {
  const last = shallowRef();
  useListen(socket, events, (data) => (last.value = data));
  return readonly(last);
}

/**
 * The store's state as a read-only ref of its snapshot, updated by `updateState` and
 * `state-change` events; with a key, a writable ref of that entry (`v-model` friendly: setting it
 * calls `updateState`).
 */
export function useStoreState(key) {
  const store = useStore();
  const state = shallowRef(store.getState());
  onDispose(store.subscribe((s) => (state.value = s)));
  if (key === undefined) return readonly(state);
  return computed({
    get: () => state.value[toValue(key)],
    set: (v) => store.updateState(toValue(key), v),
  });
}

/** The connection status (`"connecting" | "connected" | "disconnected" | "unavailable"`), a ref. */
export function useConnectionStatus() {
  const store = useStore();
  const status = shallowRef(store.connectionStatus);
  onDispose(store.onStatusChange((s) => (status.value = s)));
  return readonly(status);
}
