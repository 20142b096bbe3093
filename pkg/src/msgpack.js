// `plugwire/msgpack`: socket.io-msgpack-parser for plugwire's `io()`, wire-compatible with
// socket.io-client's `{ parser: require("socket.io-msgpack-parser") }` (the whole packet
// MessagePack-encoded, binary inline, no attachments). socket.io-msgpack-parser is an optional
// peer dependency: install it beside plugwire to use this entry.
import * as msgpack from "socket.io-msgpack-parser";
import { customParser } from "./parser.js";

/** The MessagePack parser: `io(url, { parser })`. */
export const parser = customParser(msgpack);
export default parser;
