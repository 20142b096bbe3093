// Type declarations for plugwire/msgpack: socket.io-msgpack-parser for `io(url, { parser })`.
import type { Parser } from "./parser.js";

/** The MessagePack parser, wire-compatible with socket.io-msgpack-parser 3.x. */
export declare const parser: Parser;
export default parser;
