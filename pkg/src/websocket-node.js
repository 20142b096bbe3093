// `WebSocket` for the package's "node" export (injected by the bundler in place of the global):
// Node's own where it has one (Node 22+), else a stand-in whose constructor throws, which the
// client reports as a WebSocket error, so that connections stay on HTTP long-polling (`fetch`).
class Unavailable {
  constructor() {
    throw new Error("this Node has no WebSocket: long-polling only");
  }
}
const NodeWebSocket = globalThis.WebSocket ?? Unavailable;
export { NodeWebSocket as WebSocket };
