// Type declarations for plugwire, equivalent to socket.io-client 4.8's public API.

/** Resolves once the WebAssembly core is initialised (it already is when the module has loaded). */
export declare const ready: Promise<void>;

/** The plugwire version, e.g. `"0.1.0"`. */
export declare function version(): string;

/** The Socket.IO protocol revision spoken. */
export declare const protocol: 5;

/** A map of event names to listener signatures. */
export interface EventsMap {
  [event: string]: any;
}

/** The default: any event, any arguments. */
export interface DefaultEventsMap {
  [event: string]: (...args: any[]) => void;
}

export type EventNames<Map extends EventsMap> = keyof Map & (string | symbol);
export type EventParams<Map extends EventsMap, Ev extends EventNames<Map>> = Parameters<Map[Ev]>;

type Last<T extends any[]> = T extends [...infer _H, infer L] ? L : any;
type AllButLast<T extends any[]> = T extends [...infer H, any] ? H : any[];
/** What an ack callback receives first, after the `Error` that `timeout(ms)` puts before it. */
type FirstArg<T> = T extends (...args: infer P) => any
  ? P extends [Error, infer A, ...any[]]
    ? A
    : P extends [infer A, ...any[]]
      ? A
      : any
  : any;
type PrependTimeoutError<T extends any[]> = {
  [K in keyof T]: T[K] extends (...args: infer P) => infer R ? (err: Error, ...args: P) => R : T[K];
};
/** The event map after `timeout(ms)`: every ack callback gets an `Error` first (socket.io-client's type). */
export type DecorateAcknowledgements<E> = {
  [K in keyof E]: E[K] extends (...args: infer P) => infer R ? (...args: PrependTimeoutError<P>) => R : E[K];
};

/** Engine.IO transport names. */
export type TransportName = "polling" | "websocket";

/** Options of the connection (the manager and its Engine.IO session). */
export interface ManagerOptions {
  /** Path of the Socket.IO endpoint. Default `"/socket.io"`. */
  path?: string;
  /** Query parameters sent with the handshake. */
  query?: string | Record<string, string | number | boolean>;
  /** Transports to try, in order. Default `["polling", "websocket"]`. */
  transports?: TransportName[];
  /** Upgrade polling to WebSocket when the server offers it. Default `true`. */
  upgrade?: boolean;
  /** Start with WebSocket when a previous connection upgraded to it. Default `false`. */
  rememberUpgrade?: boolean;
  /** On a failure while opening, try the next transport. Default `false`. */
  tryAllTransports?: boolean;
  /** Add a cache-busting `t` parameter to polling requests. Default `true`. */
  timestampRequests?: boolean;
  /**
   * The Engine.IO protocol revision: `4` (Socket.IO 3.x and later servers), `3` (Socket.IO 2.x
   * servers, such as laravel-echo-server), or `"auto"` to recognise a 2.x server from its
   * handshake. Default `"auto"`. Not a socket.io-client option.
   */
  protocol?: 3 | 4 | "auto";
  /** Send cookies on cross-origin polling requests. Default `false`. */
  withCredentials?: boolean;
  /** Extra headers for polling requests (browsers cannot set headers on a WebSocket). */
  extraHeaders?: Record<string, string>;
  /** Add a trailing slash to `path`. Default `true`. */
  addTrailingSlash?: boolean;
  /** Reconnect automatically. Default `true`. */
  reconnection?: boolean;
  /** Attempts before giving up. Default `Infinity`. */
  reconnectionAttempts?: number;
  /** First reconnection delay in ms. Default `1000`. */
  reconnectionDelay?: number;
  /** Largest reconnection delay in ms. Default `5000`. */
  reconnectionDelayMax?: number;
  /** Jitter of the delay, 0 to 1. Default `0.5`. */
  randomizationFactor?: number;
  /** Connection timeout in ms, or `false`. Default `20000`. */
  timeout?: number | false;
  /** Connect on creation. Default `true`. */
  autoConnect?: boolean;
  /** Close the connection silently when the page unloads (`beforeunload`). Default `false`. */
  closeOnBeforeunload?: boolean;
  /**
   * Node only: the connection's timers and transports do not keep the process alive, so a
   * program whose only work left is this connection exits. Node's WebSocket cannot be unref'd
   * before undici 8.10, so such a connection stays on long-polling there. Default `false`.
   */
  autoUnref?: boolean;
  /**
   * Keep to the timer functions of the page as plugwire found them when it loaded, even if a
   * test's fake clock replaces `setTimeout` later (socket.io-client's option). Default `false`:
   * the timers of the moment the manager is created.
   */
  useNativeTimers?: boolean;
  /**
   * A custom Socket.IO parser, such as `plugwire/msgpack`'s. A socket.io-client parser module
   * (`{ Encoder, Decoder }`, e.g. `socket.io-msgpack-parser` itself) works once `plugwire/parser`
   * is imported. Default: the default parser (JSON with binary attachments).
   */
  parser?: object;
  /** List this connection's sockets in the devtools overlay (on localhost pages). Default `true`. */
  devtools?: boolean;
}

/** Options of one namespace. */
export interface SocketOptions {
  /** Credentials sent when joining the namespace: an object, or a function that provides one. */
  auth?: { [key: string]: any } | ((cb: (data: object) => void) => void);
  /** Ack timeout in ms for every emit that asks for an ack. */
  ackTimeout?: number;
  /** Re-send an emit until acked, at most this many times (one packet in flight). */
  retries?: number;
}

/** Options of `io()`. */
export interface Options extends ManagerOptions, SocketOptions {
  /** Always open a new connection. Default `false`. */
  forceNew?: boolean;
  /** Share connections between namespaces of one server. Default `true`. */
  multiplex?: boolean;
}

/** Why a socket disconnected. */
export type DisconnectReason =
  | "io server disconnect"
  | "io client disconnect"
  | "ping timeout"
  | "transport close"
  | "transport error"
  | "parse error"
  | "forced close";

/** Details of a disconnection: an Error for failures, `{description}` for closes. */
export type DisconnectDescription = Error | { description: string; context?: unknown };

/** The reserved events of a socket. */
export interface SocketReservedEvents {
  connect: () => void;
  connect_error: (err: Error & { data?: any }) => void;
  disconnect: (reason: DisconnectReason, description?: DisconnectDescription) => void;
}

/** The events of a manager. */
export interface ManagerReservedEvents {
  open: () => void;
  error: (err: Error) => void;
  ping: () => void;
  close: (reason: string, description?: DisconnectDescription) => void;
  reconnect_attempt: (attempt: number) => void;
  reconnect: (attempt: number) => void;
  reconnect_error: (err: Error) => void;
  reconnect_failed: () => void;
}

/** An Engine.IO packet (engine.io-client's `Packet`). */
export interface EnginePacket {
  type: "open" | "close" | "ping" | "pong" | "message" | "upgrade" | "noop" | "error";
  options?: { compress: boolean };
  data?: string | ArrayBuffer | ArrayBufferView | Blob;
}

/** A transport of the Engine.IO session. */
export interface EngineTransport {
  readonly name: TransportName;
}

/**
 * The events of the Engine.IO session, as socket.io-client types `socket.io.engine`. plugwire
 * fires `upgrade`; the other names are accepted with socket.io-client's listener types, so code
 * written for it type-checks unchanged.
 */
export interface EngineReservedEvents {
  open: () => void;
  handshake: (data: { sid: string; upgrades: string[]; pingInterval: number; pingTimeout: number; maxPayload: number }) => void;
  packet: (packet: EnginePacket) => void;
  packetCreate: (packet: EnginePacket) => void;
  data: (data: string | ArrayBuffer) => void;
  message: (data: string | ArrayBuffer) => void;
  drain: () => void;
  flush: () => void;
  heartbeat: () => void;
  ping: () => void;
  pong: () => void;
  error: (err: string | Error) => void;
  upgrading: (transport: EngineTransport) => void;
  upgrade: (transport: EngineTransport) => void;
  upgradeError: (err: Error) => void;
  close: (reason: string, description?: DisconnectDescription) => void;
}

/** The Engine.IO session of a manager. */
export interface Engine {
  /** Session id. */
  readonly id: string | undefined;
  /** The transport in use (its name is `undefined` only before the first transport opens; typed
   * as socket.io-client types it). */
  readonly transport: { readonly name: TransportName };
  readonly readyState: "open" | "closed";
  on<Ev extends keyof EngineReservedEvents>(event: Ev, listener: EngineReservedEvents[Ev]): this;
  once<Ev extends keyof EngineReservedEvents>(event: Ev, listener: EngineReservedEvents[Ev]): this;
  off<Ev extends keyof EngineReservedEvents>(event?: Ev, listener?: EngineReservedEvents[Ev]): this;
  removeListener<Ev extends keyof EngineReservedEvents>(event?: Ev, listener?: EngineReservedEvents[Ev]): this;
  removeAllListeners<Ev extends keyof EngineReservedEvents>(event?: Ev): this;
  listeners<Ev extends keyof EngineReservedEvents>(event: Ev): EngineReservedEvents[Ev][];
  hasListeners<Ev extends keyof EngineReservedEvents>(event: Ev): boolean;
}

type Listener<Map extends EventsMap, Ev> = Ev extends keyof Map ? Map[Ev] : (...args: any[]) => void;

/** A connection to one server, shared by its namespaces. */
export declare class Manager<ListenEvents extends EventsMap = DefaultEventsMap, EmitEvents extends EventsMap = ListenEvents> {
  constructor(uri?: string | Partial<ManagerOptions>, opts?: Partial<ManagerOptions>);
  /** The socket of a namespace (created on first use). */
  socket(nsp: string, opts?: Partial<SocketOptions>): Socket<ListenEvents, EmitEvents>;
  /** Opens the connection; `fn(err?)` once open or failed. */
  open(fn?: (err?: Error) => void): this;
  connect(fn?: (err?: Error) => void): this;
  /** Closes the connection without reconnecting. */
  disconnect(): this;
  close(): this;
  readonly engine: Engine;
  readonly _readyState: "closed" | "opening" | "open";
  /** The server URL, completed as socket.io-client completes it. */
  readonly uri: string;
  /** The options given, with the default `path`. */
  readonly opts: Partial<ManagerOptions> & { path: string };
  reconnection(): boolean;
  reconnection(v: boolean): this;
  reconnectionAttempts(): number;
  reconnectionAttempts(v: number): this;
  reconnectionDelay(): number;
  reconnectionDelay(v: number): this;
  reconnectionDelayMax(): number;
  reconnectionDelayMax(v: number): this;
  randomizationFactor(): number;
  randomizationFactor(v: number): this;
  timeout(): number | false;
  timeout(v: number | false): this;
  on<Ev extends keyof ManagerReservedEvents>(event: Ev, listener: ManagerReservedEvents[Ev]): this;
  once<Ev extends keyof ManagerReservedEvents>(event: Ev, listener: ManagerReservedEvents[Ev]): this;
  off<Ev extends keyof ManagerReservedEvents>(event?: Ev, listener?: ManagerReservedEvents[Ev]): this;
  removeListener<Ev extends keyof ManagerReservedEvents>(event?: Ev, listener?: ManagerReservedEvents[Ev]): this;
  removeAllListeners<Ev extends keyof ManagerReservedEvents>(event?: Ev): this;
  listeners<Ev extends keyof ManagerReservedEvents>(event: Ev): ManagerReservedEvents[Ev][];
  hasListeners<Ev extends keyof ManagerReservedEvents>(event: Ev): boolean;
}

/** One namespace of a connection. */
export declare class Socket<ListenEvents extends EventsMap = DefaultEventsMap, EmitEvents extends EventsMap = ListenEvents> {
  /** The session id of this namespace, while connected. */
  readonly id: string | undefined;
  readonly connected: boolean;
  readonly disconnected: boolean;
  /** Whether the socket (re)connects with its manager. */
  readonly active: boolean;
  /** Whether the last connection restored the previous session. */
  readonly recovered: boolean;
  readonly nsp: string;
  /** The manager. */
  readonly io: Manager<ListenEvents, EmitEvents>;
  auth: { [key: string]: any } | ((cb: (data: object) => void) => void);
  /** Number of packets waiting to be sent until the socket connects. */
  readonly sendBufferLength: number;
  /** The packets waiting to be sent until the socket connects. */
  readonly sendBuffer: ReadonlyArray<{ type: number; data: unknown[]; options?: { compress?: boolean }; id?: number }>;
  /** Events received before `connect`, as `[event, ...args]`. */
  readonly receiveBuffer: ReadonlyArray<unknown[]>;

  connect(): this;
  open(): this;
  disconnect(): this;
  close(): this;
  /** Emits an event; a function as last argument receives the server's ack. */
  emit<Ev extends EventNames<EmitEvents>>(event: Ev, ...args: EventParams<EmitEvents, Ev>): this;
  /** Emits an event and resolves with the first argument of the server's ack; rejects when the connection is lost first, or the ack is late (`timeout(ms)`, `ackTimeout`). */
  emitWithAck<Ev extends EventNames<EmitEvents>>(
    event: Ev,
    ...args: AllButLast<EventParams<EmitEvents, Ev>>
  ): Promise<FirstArg<Last<EventParams<EmitEvents, Ev>>>>;
  /** Emits a `message` event. */
  send(...args: any[]): this;
  /** The next emit's ack gets `err` first (`null`, or the timeout's Error) and fails after `ms`. */
  timeout(ms: number): Socket<ListenEvents, DecorateAcknowledgements<EmitEvents>>;
  /** The next emit is dropped if it cannot be sent now. */
  readonly volatile: this;
  /** Whether the next emit may be compressed: carried into the engine's `packetCreate` event as `options.compress`, as engine.io-client does (the browser's WebSocket decides compression itself). */
  compress(compress: boolean): this;

  on<Ev extends keyof SocketReservedEvents | EventNames<ListenEvents>>(event: Ev, listener: Ev extends keyof SocketReservedEvents ? SocketReservedEvents[Ev] : Listener<ListenEvents, Ev>): this;
  once<Ev extends keyof SocketReservedEvents | EventNames<ListenEvents>>(event: Ev, listener: Ev extends keyof SocketReservedEvents ? SocketReservedEvents[Ev] : Listener<ListenEvents, Ev>): this;
  off<Ev extends keyof SocketReservedEvents | EventNames<ListenEvents>>(event?: Ev, listener?: (...args: any[]) => void): this;
  removeListener<Ev extends keyof SocketReservedEvents | EventNames<ListenEvents>>(event?: Ev, listener?: (...args: any[]) => void): this;
  removeAllListeners<Ev extends keyof SocketReservedEvents | EventNames<ListenEvents>>(event?: Ev): this;
  listeners<Ev extends keyof SocketReservedEvents | EventNames<ListenEvents>>(event: Ev): Function[];
  hasListeners<Ev extends keyof SocketReservedEvents | EventNames<ListenEvents>>(event: Ev): boolean;

  /** Listens to every incoming event: `(event, ...args)`. */
  onAny(listener: (event: string, ...args: any[]) => void): this;
  prependAny(listener: (event: string, ...args: any[]) => void): this;
  offAny(listener?: (event: string, ...args: any[]) => void): this;
  listenersAny(): ((event: string, ...args: any[]) => void)[];
  /** Listens to every outgoing event: `(event, ...args)`. */
  onAnyOutgoing(listener: (event: string, ...args: any[]) => void): this;
  prependAnyOutgoing(listener: (event: string, ...args: any[]) => void): this;
  offAnyOutgoing(listener?: (event: string, ...args: any[]) => void): this;
  listenersAnyOutgoing(): ((event: string, ...args: any[]) => void)[];
}

/**
 * A socket for the URL's namespace, on a connection shared per server (`scheme://host:port` +
 * path) unless `forceNew`, `multiplex: false`, or the namespace is already open on it.
 */
export declare function io<ListenEvents extends EventsMap = DefaultEventsMap, EmitEvents extends EventsMap = ListenEvents>(
  opts?: Partial<Options>,
): Socket<ListenEvents, EmitEvents>;
export declare function io<ListenEvents extends EventsMap = DefaultEventsMap, EmitEvents extends EventsMap = ListenEvents>(
  uri?: string,
  opts?: Partial<Options>,
): Socket<ListenEvents, EmitEvents>;
export { io as connect };
export default io;

// ---------------------------------------------------------------------------------------------
// The plugin store

/** What a store callback receives besides the data. */
export interface EventMeta {
  /** The event name. */
  event: string;
  /** The channel it came on (`null` when unknown: relay driver, or no channel). */
  channel: string | null;
}

/** A store callback: the event's data and where it came from. */
export type StoreListener<T = any> = (data: T, meta: EventMeta) => void;

/** Removes the listener it was returned for (idempotent). */
export type Unsubscribe = () => void;

/** A manifest dependency: a platform object the plugin reacts to. */
export interface ManifestDependency {
  /** One identifier, or several with `identifiers`. */
  identifier?: string;
  identifiers?: readonly string[];
  /** The model, as in the channel `private.{model}.{identifier}`. */
  model: string;
  /**
   * Event types the plugin uses, mapped to event names: `{completed: "BadgePrintJobCompleted"}`
   * (`undefined` entries, which TypeScript adds to the dependencies of a JSON import, are none).
   */
  events?: { readonly [eventType: string]: string | undefined };
}

/** The app manifest (only `dependencies` is read). */
export interface AppManifest {
  dependencies?: readonly ManifestDependency[];
  [key: string]: unknown;
}

/** Options of `createStore`. */
export interface StoreOptions {
  /** Socket server URL. Default: the page's protocol and hostname, port 3069. */
  url?: string;
  /** Socket.IO path. Default `"/socket.io"`. */
  path?: string;
  /** Handshake auth, as for `io()`. */
  auth?: SocketOptions["auth"];
  /** `auth` sent with each channel `subscribe` (echo driver). Default `{headers: {}}`. */
  channelAuth?: { headers?: Record<string, string>; [key: string]: unknown };
  /** `"echo"` (Laravel Echo channels, default) or `"relay"` (plain Socket.IO `(data)` events). */
  driver?: "echo" | "relay";
  /** The app manifest, or its URL. */
  manifest?: AppManifest | string;
  /** Extra options for the underlying socket (see `io()`). */
  io?: Partial<Options>;
  /** Enable Ctrl+Shift+D and the devtools. Default: on localhost / 127.0.0.1 only. */
  devtools?: boolean;
}

/** The connection status shown to plugins. */
export type ConnectionStatus = "connecting" | "connected" | "disconnected" | "unavailable";

/** One record of the event tap (`store.inspect`). */
export interface InspectRecord {
  /** `Date.now()` when it happened. */
  time: number;
  /** Inbound, outbound, injected with `simulate`, or an error (a throwing callback, a refused subscription). */
  direction: "in" | "out" | "simulated" | "error";
  socket: "primary";
  event: string;
  channel: string | null;
  payload: unknown;
  /** Who received an inbound or simulated event (a dependency or "primary", and the callback's name). */
  listeners?: ReceivedBy[];
  /** Every argument of an outbound event. */
  args?: unknown[];
}

/** A listener an event reached: its socket (a dependency identifier or "primary") and the callback's name. */
export interface ReceivedBy {
  socket: string;
  listener: string;
}

/** One event type of a dependency socket: `store.sockets.badge_printer_1.completed`. */
export interface DependencyEvent {
  /** The event name. */
  readonly event: string;
  /** Listens for this event on the dependency's channel. */
  listen<T = any>(cb: StoreListener<T>): Unsubscribe;
}

/** What every dependency socket has besides its event types. */
export interface DependencyInfo {
  /** `private.{model}.{identifier}`. */
  readonly channel: string;
  readonly model: string;
  readonly identifier: string;
}

/**
 * A dependency socket whose event types are `Types` (any name, for a manifest known only at run
 * time: loaded from a URL).
 */
export type DependencySocket<Types extends string = string> = DependencyInfo & { readonly [T in Types]: DependencyEvent };

type IdsOf<D> = D extends { identifiers: readonly (infer I extends string)[] }
  ? I
  : D extends { identifier: infer I extends string }
    ? I
    : never;
type EventTypesOf<D> = D extends { events: infer E } ? keyof E & string : never;
/** The event types of the dependencies (of union `D`) that declare identifier `I`. */
type EventTypesFor<D, I> = D extends unknown ? (I extends IdsOf<D> ? EventTypesOf<D> : never) : never;

/**
 * The dependency sockets of a manifest: exact identifiers and event types for a manifest written
 * inline (`identifier` or `identifiers`); for one whose identifiers are only known as strings (a
 * variable, a JSON import), any identifier with the event types the manifest declares.
 */
export type SocketsOf<M> = M extends { dependencies: readonly (infer D)[] }
  ? string extends IdsOf<D>
    ? { readonly [identifier: string]: DependencySocket<EventTypesOf<D>> }
    : { readonly [I in IdsOf<D>]: DependencySocket<EventTypesFor<D, I>> }
  : { readonly [identifier: string]: DependencySocket };

/** The primary socket: every event, whatever its channel. */
export interface PrimarySocket {
  readonly channel: null;
  listen<T = any>(event: string, cb: StoreListener<T>): Unsubscribe;
  broadcast(event: string, data?: unknown, ack?: (...args: any[]) => void): boolean;
  /** Listens for `state-change` events; their `changes` are merged into `store.state` first. */
  listenForStateChange<T = any>(cb: StoreListener<T>): Unsubscribe;
}

/** The plugin store. */
export interface Store<State extends Record<string, unknown> = Record<string, any>, Manifest = AppManifest> {
  readonly sockets: { readonly primary: PrimarySocket } & SocketsOf<Manifest>;
  /** Resolves when a manifest given as a URL has loaded. */
  readonly ready: Promise<void>;
  /** The live state object (mutating it directly notifies no one: use `updateState`). */
  readonly state: State;
  /** The state as an immutable snapshot, replaced (never mutated) on every change. */
  getState(): Readonly<State>;
  /** Calls `cb(snapshot)` after every change (`updateState`, `state-change` merges). */
  subscribe(cb: (state: Readonly<State>) => void): Unsubscribe;
  readonly connectionStatus: ConnectionStatus;
  /** Listeners registered (for leak checks). */
  readonly listenerCount: number;
  /** Listeners per socket: `primary` and each dependency identifier. */
  readonly listenerCounts: Record<string, number>;
  /** The socket server's URL. */
  readonly url: string;
  /** The primary socket. */
  readonly socket: Socket;
  /** Channels subscribed on the server (echo driver). */
  readonly channels: string[];
  readonly dependencies: Array<{ identifier: string; model: string; channel: string; events: Record<string, string> }>;
  listenSocket<T = any>(socketName: string, event: string, cb: StoreListener<T>): Unsubscribe;
  emitSocket(socketName: string, event: string, data?: unknown, ack?: (...args: any[]) => void): boolean;
  useSocketListener<T = any>(dependencyIdentifier: string, eventTypeOrName: string, cb: StoreListener<T>): Unsubscribe;
  /**
   * The names of the tool plugwire replaces: `listen(socketName, event, cb)` is `listenSocket`;
   * `listen(event, identifier, cb)` listens for an event on that dependency's channel
   * (`"project"`: on any channel).
   */
  listen<T = any>(socketNameOrEvent: string, eventOrIdentifier: string, cb: StoreListener<T>): Unsubscribe;
  /** The name of the tool plugwire replaces for `emitSocket`. */
  broadcast(socketName: string, event: string, data?: unknown, ack?: (...args: any[]) => void): boolean;
  updateState<K extends keyof State & string>(key: K, value: State[K]): void;
  onStatusChange(cb: (status: ConnectionStatus) => void): Unsubscribe;
  /** Delivers an event locally, as if the server sent it; returns the listeners it reached. */
  simulate(event: string, data?: unknown, opts?: { channel?: string | null }): ReceivedBy[];
  /** With `{history: true}`, replays the records kept since creation (devtools enabled) first. */
  inspect(cb: (record: InspectRecord) => void, opts?: { history?: boolean }): Unsubscribe;
  /**
   * Replaces the manifest: the dependency sockets are rebuilt and the listeners made through
   * the old ones dropped; those of `plugwire/vue` and `plugwire/react` listen again on the new one.
   */
  loadManifest(manifest: AppManifest | string): Promise<void>;
  /** Calls `cb` after every manifest (re)load, once the dependency sockets are rebuilt. */
  onManifestChange(cb: () => void): Unsubscribe;
  close(): void;
}

/** Creates a store connected to the platform's socket server. */
export declare function createStore<State extends Record<string, unknown> = Record<string, any>, const Manifest extends AppManifest = AppManifest>(
  options?: StoreOptions & { manifest?: Manifest | string },
): Store<State, Manifest>;

/** `window.plugwireDevtools`, set by a store with devtools enabled. */
export interface PlugwireDevtools {
  /** Loads the overlay (on first use) and opens it. */
  open(): Promise<void>;
  close(): Promise<void>;
  toggle(): Promise<void>;
  isOpen(): boolean;
}

declare global {
  interface Window {
    /** Set by `createStore` when devtools are enabled (by default on localhost only). */
    plugwireDevtools?: PlugwireDevtools;
  }
}
