// Type declarations for plugwire/react.
import type { ReactNode } from "react";
import type { AppManifest, ConnectionStatus, Store, StoreListener, StoreOptions } from "./index.js";

/** Provides `store` to the components below (create it outside React: renders may run twice). */
export declare function PlugwireProvider(props: { store: Store<any, any>; children?: ReactNode }): ReactNode;

/** Sets the store the hooks use outside a `PlugwireProvider`; returns it. */
export declare function configurePlugwire<S extends Store<any, any>>(store: S): S;
export declare function configurePlugwire(options?: StoreOptions): Store;

/** The nearest `PlugwireProvider`'s store, else the one given to `configurePlugwire`; throws if none. */
export declare function useStore<State extends Record<string, unknown> = Record<string, any>, Manifest = AppManifest>(): Store<State, Manifest>;

/** What `useListen` returns (a stable object). */
export interface ListenControl {
  /** Removes the listeners (unmounting does it too). */
  stop(): void;
  /** Registers them again (after `stop`). */
  start(): void;
}

/**
 * Listens for `events` on `socket` (`"primary"`, or a manifest dependency: its event types or
 * event names) while the component is mounted; the latest `cb` is always the one called.
 */
export declare function useListen<T = any>(socket: string, events: string | readonly string[], cb: StoreListener<T>): ListenControl;

/** The latest payload of `events` on `socket` (`undefined` until the first). */
export declare function useLastEvent<T = any>(socket: string, events: string | readonly string[]): T | undefined;

/** The store's state snapshot (a new object after each change). */
export declare function useStoreState<State extends Record<string, unknown> = Record<string, any>>(): Readonly<State>;
/** One entry of the state. */
export declare function useStoreState<State extends Record<string, unknown> = Record<string, any>, K extends keyof State & string = keyof State & string>(key: K): State[K];
/** What `selector` picks from the snapshot (return stable values). */
export declare function useStoreState<State extends Record<string, unknown> = Record<string, any>, R = unknown>(selector: (state: Readonly<State>) => R): R;

/** The connection status. */
export declare function useConnectionStatus(): ConnectionStatus;
