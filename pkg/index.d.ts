/** Resolves once the WebAssembly core is initialised (it already is when the module has loaded). */
export declare const ready: Promise<void>;

/** The plugwire version, e.g. `"0.1.0"`. */
export declare function version(): string;
