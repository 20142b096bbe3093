// The server `npm run bench` and `npm run bench:profile` measure against: the official Node
// socket.io server (bare: no namespaces or middleware of the tests'), long heartbeats, and the
// handlers the rounds use, with the payload they send.
import { startReferenceServer } from "../tests/servers/reference.mjs";

/** One event's payload, 215 bytes of JSON. */
export const PAYLOAD = { id: 123456, type: "completion", message: "Background removal process completed successfully", created_at: "2024-01-15T10:30:00Z", metadata: { confidence: 0.95, input: "/dev-assets/images/product-placeholder.jpg" } };

/** `flood` n: n `item` events back; `sink` counted, `sunk` acks the count; `echo` acks its value. */
export function startBenchServer() {
  return startReferenceServer({
    bare: true,
    pingInterval: 25000,
    pingTimeout: 20000,
    setup(io) {
      io.on("connection", (socket) => {
        socket.on("flood", (n) => { for (let i = 0; i < n; i++) socket.emit("item", PAYLOAD); });
        let sunk = 0;
        socket.on("sink", () => { sunk++; });
        socket.on("sunk", (ack) => ack(sunk));
        socket.on("echo", (v, ack) => ack(v));
      });
    },
  });
}
