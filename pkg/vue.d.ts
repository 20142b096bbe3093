// Type declarations for plugwire/vue.
import type { App, InjectionKey, MaybeRefOrGetter, Ref, WritableComputedRef } from "vue";
import type { AppManifest, ConnectionStatus, Store, StoreListener, StoreOptions } from "./index.js";

/** The injection key of the store: `inject(plugwireKey)`. */
export declare const plugwireKey: InjectionKey<Store<any, any>>;

/** A Vue plugin providing a store to the app (`inject`, `useStore`, `this.$plugwire`). */
export interface PlugwirePlugin<S extends Store<any, any> = Store> {
  readonly store: S;
  install(app: App): void;
}

/** A plugin for `store`, or for a store created from `options` (closed when the app unmounts). */
export declare function createPlugwire<S extends Store<any, any>>(store: S): PlugwirePlugin<S>;
export declare function createPlugwire(options?: StoreOptions): PlugwirePlugin;

/** Sets the store the composables use outside an app that installed the plugin; returns it. */
export declare function configurePlugwire<S extends Store<any, any>>(store: S): S;
export declare function configurePlugwire(options?: StoreOptions): Store;

/** The app's store (`createPlugwire`), else the one given to `configurePlugwire`; throws if none. */
export declare function useStore<State extends Record<string, unknown> = Record<string, any>, Manifest = AppManifest>(): Store<State, Manifest>;

/** What `useListen` returns. */
export interface ListenHandle {
  /** Whether the listeners are registered. */
  readonly listening: Readonly<Ref<boolean>>;
  /** Removes the listeners (unmounting does it too). */
  stop(): void;
  /** Registers them again (after `stop`). */
  start(): void;
}

/**
 * Listens for `events` on `socket` (`"primary"`, or a manifest dependency: its event types or
 * event names) until the component (or effect scope) is unmounted. Refs and getters are followed.
 */
export declare function useListen<T = any>(
  socket: MaybeRefOrGetter<string>,
  events: MaybeRefOrGetter<string | readonly string[]>,
  cb: StoreListener<T>,
): ListenHandle;

/** The latest payload of `events` on `socket` (`undefined` until the first). */
export declare function useLastEvent<T = any>(
  socket: MaybeRefOrGetter<string>,
  events: MaybeRefOrGetter<string | readonly string[]>,
): Readonly<Ref<T | undefined>>;

/** The store's state snapshot, a read-only ref updated on every change. */
export declare function useStoreState<State extends Record<string, unknown> = Record<string, any>>(): Readonly<Ref<Readonly<State>>>;
/** One entry of the state, a writable ref (`v-model`): setting it calls `updateState`. */
export declare function useStoreState<State extends Record<string, unknown> = Record<string, any>, K extends keyof State & string = keyof State & string>(
  key: MaybeRefOrGetter<K>,
): WritableComputedRef<State[K]>;

/** The connection status, a read-only ref. */
export declare function useConnectionStatus(): Readonly<Ref<ConnectionStatus>>;

declare module "vue" {
  interface ComponentCustomProperties {
    /** The store of `createPlugwire`. */
    $plugwire: Store;
  }
}
