// Custom Socket.IO parsers (socket.io-client's `parser` option), such as socket.io-msgpack-parser.
//
// plugwire's core speaks the default parser's format. A custom parser is carried by a
// transcoder on the transport's frames, in the host: each Engine.IO message the server sends is
// decoded by the parser's `Decoder` and handed to the core in the default format (binary
// values as attachments), and each message the core sends is read back into a packet and
// encoded by the parser's `Encoder`. The core, and a page that never uses a custom parser, pay
// nothing for it: this file is its own entry, and importing it is what enables the option.
//
// The transcoder works on Engine.IO 4 frames (socket.io 3 and 4 servers, which are the ones
// custom parsers are written for): a WebSocket frame is one packet; a long-polling payload is
// packets separated by U+001E, binary ones as `b` + base64.

/** The key plugwire's `io()` looks up: on a parser made here, and on `globalThis` once this
 * module is loaded (so that a parser object given as it is to `io()` works too). */
const KEY = Symbol.for("plugwire.parser");
const SEP = "\x1e";
/** A message the core's decoder refuses: the session then closes with `"parse error"`, as
 * socket.io-client's does when its parser throws. */
const REFUSED = "4\x00";

const EVENT = 2;
const ACK = 3;
const BINARY_EVENT = 5;
const BINARY_ACK = 6;

function toBase64(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text) {
  const s = atob(text);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}

const bytesOf = (v) => (v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
/** Under Node, parsers (notepack.io's Node build) read and write binary as `Buffer`; in the
 * browser, as `ArrayBuffer` (which is also what its browser build encodes as binary). */
const NODE = typeof process === "object" && !!process.versions?.node && typeof Buffer === "function";
const native = (v) => {
  const b = bytesOf(v);
  return NODE ? Buffer.from(b.buffer, b.byteOffset, b.byteLength) : b.byteLength === b.buffer.byteLength ? b.buffer : b.slice().buffer;
};

/** One manager's parser state: a parser's `Encoder` and `Decoder`, and what the core sent of a
 * packet whose attachments are still to come. */
class Transcoder {
  constructor(parser, { encode, revive }) {
    this.parser = parser;
    this.encoder = new parser.Encoder();
    this.decoded = [];
    this.fresh();
    this.encode = encode;
    this.revive = revive;
    this.pending = null;
  }

  /** A new `Decoder` (after one threw: its state, a half-reconstructed packet, is dropped, as
   * socket.io-client's manager destroys its decoder when the session closes). */
  fresh() {
    this.decoder?.destroy?.();
    this.decoder = new this.parser.Decoder();
    this.decoder.on("decoded", (p) => this.decoded.push(p));
  }

  /** The default-format messages for one received message (`4…` text, or an ArrayBuffer); with
   * `poll`, a long-polling payload's packets in the default format. */
  rx(data, poll) {
    if (poll) {
      try {
        // A payload whose packets all wait for attachments still answers the poll: a noop.
        return this.payload(data, (m) => this.rx(m)) || "6";
      } catch {
        return REFUSED; // not base64 where a `b` packet says so
      }
    }
    if (typeof data === "string" && data[0] !== "4") return [data]; // Engine.IO's own packets
    try {
      this.decoder.add(typeof data === "string" ? data.slice(1) : native(data));
      // A decoded value JSON cannot write (a BigInt, a cycle) is refused as a frame would be.
      return this.decoded.splice(0).flatMap((p) => this.fromPacket(p));
    } catch {
      this.decoded.length = 0;
      this.fresh();
      return [REFUSED];
    }
  }

  /** A decoded packet `{type, nsp, id, data}` in the default parser's format. */
  fromPacket(p) {
    if (!p || typeof p !== "object") return [REFUSED];
    let head = p.type;
    // A decoder built on socket.io-parser's may name binary packets 5 and 6 itself.
    if (head === BINARY_EVENT || head === BINARY_ACK) head -= BINARY_EVENT - EVENT;
    const events = head === EVENT || head === ACK;
    // Only events and acks carry attachments in the default format (as socket.io-parser's).
    const [json, bufs] = p.data === undefined ? ["", []] : events ? this.encode(p.data) : [JSON.stringify(p.data), []];
    if (bufs.length) head += BINARY_EVENT - EVENT;
    let text = `4${head}${bufs.length ? `${bufs.length}-` : ""}`;
    if (typeof p.nsp === "string" && p.nsp !== "/") text += `${p.nsp},`;
    if (p.id !== undefined && p.id !== null) text += p.id;
    return [text + json, ...bufs.map((b) => b.slice().buffer)];
  }

  /** What to send for one message of the core (none while a packet's attachments are due);
   * with `poll`, the parser's encoding of a long-polling payload. */
  tx(data, poll) {
    if (poll) return this.payload(data, (m) => this.tx(m));
    const w = this.pending;
    // Attachments are binary messages; a packet (`4…`) before they all came means the packet
    // was dropped with its session: it is forgotten. Engine.IO's own packets pass.
    if (w && typeof data === "string" && data[0] === "4") this.pending = null;
    else if (w && typeof data !== "string") {
      w.bufs.push(native(data));
      if (w.bufs.length < w.n) return [];
      this.pending = null;
      return this.toWire(w.packet, w.bufs);
    }
    if (typeof data !== "string" || data[0] !== "4") return [data];
    // socket.io-parser's header: type, `<n>-` attachments, `/nsp,`, ack id, then the JSON.
    let i = 1;
    const type = +data[i++];
    let n = 0;
    if (type === BINARY_EVENT || type === BINARY_ACK) {
      const dash = data.indexOf("-", i);
      n = +data.slice(i, dash);
      i = dash + 1;
    }
    let nsp = "/";
    if (data[i] === "/") {
      const comma = data.indexOf(",", i);
      const end = comma < 0 ? data.length : comma;
      nsp = data.slice(i, end);
      i = end + 1;
    }
    let id = "";
    while (i < data.length && data[i] >= "0" && data[i] <= "9") id += data[i++];
    const packet = { type, nsp };
    if (i < data.length) packet.data = JSON.parse(data.slice(i));
    if (id) packet.id = +id;
    if (n) {
      this.pending = { packet, n, bufs: [] };
      return [];
    }
    return this.toWire(packet, []);
  }

  /** The parser's encoding of a packet of the core, its attachments in place. */
  toWire(packet, bufs) {
    if (bufs.length) {
      packet.type -= BINARY_EVENT - EVENT;
      packet.data = this.revive(packet.data, bufs);
    }
    return this.encoder.encode(packet).map((m) => (typeof m === "string" ? `4${m}` : m));
  }

  /** A long-polling payload, each of its packets through `each` (binary ones `b` + base64). */
  payload(body, each) {
    const out = [];
    for (const p of body.split(SEP)) {
      for (const m of each(p[0] === "b" ? fromBase64(p.slice(1)) : p)) out.push(typeof m === "string" ? m : `b${toBase64(bytesOf(m))}`);
    }
    return out.join(SEP);
  }
}

/**
 * A parser for `io(url, { parser })`, from a socket.io-client compatible parser module (an
 * object with `Encoder` and `Decoder` classes, such as `socket.io-msgpack-parser`).
 */
export function customParser(parser) {
  if (parser && parser[KEY]) return parser;
  if (typeof parser?.Encoder !== "function" || typeof parser?.Decoder !== "function") {
    throw new TypeError("plugwire: a parser is an object with Encoder and Decoder classes (socket.io-client's parser option)");
  }
  return { [KEY]: (helpers) => new Transcoder(parser, helpers) };
}

globalThis[KEY] = customParser;
