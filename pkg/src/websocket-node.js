// `WebSocket` for the package's "node" export (injected by the bundler in place of the global):
// Node's own where it has one (Node 22+), else a stand-in whose constructor throws, which the
// client reports as a WebSocket error, so that connections stay on HTTP long-polling (`fetch`).
// Under a jsdom environment (vitest, jest) the global is jsdom's, whose events Node's EventTarget
// rejects ("The "event" argument must be an instance of Event", an uncaught error on open):
// long-polling there too.
class Unavailable {
  constructor() {
    throw new Error("no usable WebSocket in this environment: long-polling only");
  }
}
const jsdom = /jsdom/.test(globalThis.navigator?.userAgent ?? "");
const NodeWebSocket = (!jsdom && globalThis.WebSocket) || Unavailable;
export { NodeWebSocket as WebSocket };
