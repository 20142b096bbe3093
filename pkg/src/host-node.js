// What the Node builds (pkg/node.cjs, and pkg/node.js over it) put in place of browser globals,
// injected by the bundler (scripts/bundle-entries.mjs); the browser build defines `NODE_HOST` as
// undefined, so none of this reaches a page.
//
// `WebSocket`: Node's own where it has one (Node 22+), else a stand-in whose constructor throws,
// which the client reports as a WebSocket error, so that connections stay on HTTP long-polling
// (`fetch`). Under a jsdom environment (vitest, jest) the global is jsdom's, whose events Node's
// EventTarget rejects ("The "event" argument must be an instance of Event", an uncaught error on
// open): long-polling there too.
//
// `NODE_HOST`: the transports of a manager created with `autoUnref: true` (socket.io-client's
// option), whose connection must not keep the process alive (its timer is unref'd by client.js).
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

class Unavailable {
  constructor() {
    throw new Error("no usable WebSocket in this environment: long-polling only");
  }
}
const jsdom = /jsdom/.test(globalThis.navigator?.userAgent ?? "");
const NodeWebSocket = (!jsdom && globalThis.WebSocket) || Unavailable;
export { NodeWebSocket as WebSocket };

/** The Refable protocol (`process.unref(object)` calls it): Node's WebSocket has it from undici 8.10. */
const UNREF = Symbol.for("nodejs.unref");

/**
 * fetch() for `autoUnref` polling: the same request with node:http(s), its socket unref'd, as
 * socket.io-client's XMLHttpRequest does in Node (undici's fetch has no way to unref its
 * connection, and an in-flight long-poll GET would hold the process for up to a ping interval).
 * Resolves with what client.js reads of a Response: `ok`, `status`, `text()`.
 */
function unrefFetch(url, { method = "GET", headers, body, signal }) {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith("https:") ? httpsRequest : httpRequest)(url, { method, headers, signal }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("error", reject);
      res.on("end", () => {
        const status = res.statusCode ?? 0;
        resolve({ ok: status >= 200 && status < 300, status, text: () => Promise.resolve(text) });
      });
    });
    req.on("socket", (socket) => socket.unref());
    req.on("error", reject);
    req.end(body);
  });
}

export const NODE_HOST = {
  /** `fetch` for polling requests: unref'd under `autoUnref`, else the global one. */
  fetch: (unref) => (unref ? unrefFetch : fetch),
  /**
   * A WebSocket to `url`. Under `autoUnref`, only one that can be unref'd: Node's WebSocket
   * before undici 8.10 (Node 20 behind --experimental-websocket, Node 22, Node 24) cannot, so it
   * throws and the connection stays on long-polling, which can.
   */
  webSocket(url, unref) {
    if (unref && typeof NodeWebSocket.prototype[UNREF] !== "function") {
      throw new Error("autoUnref: this Node's WebSocket cannot be unref'd: long-polling only");
    }
    const ws = new NodeWebSocket(url);
    if (unref) ws[UNREF]();
    return ws;
  },
};
