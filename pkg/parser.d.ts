// Type declarations for plugwire/parser: custom Socket.IO parsers for `io(url, { parser })`.

/** A socket.io-client compatible parser module: `Encoder` and `Decoder` classes. */
export interface ParserModule {
  Encoder: new () => { encode(packet: object): Array<string | ArrayBuffer | Uint8Array> };
  Decoder: new () => { add(chunk: unknown): void; on(event: "decoded", fn: (packet: object) => void): unknown };
}

/** A parser plugwire's `io()` takes as its `parser` option. */
export interface Parser {
  readonly [key: symbol]: unknown;
}

/**
 * Wraps a socket.io-client parser module for plugwire. Importing this module also lets `io()`
 * take such a module as it is (`io(url, { parser: require("socket.io-msgpack-parser") })`).
 */
export declare function customParser(parser: ParserModule | Parser): Parser;
