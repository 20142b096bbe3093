// The reference peer: the official Node socket.io server, configured for plugwire's tests.
import { createServer } from "node:http";
import { Server } from "socket.io";

/**
 * Starts a socket.io 4.8 server on 127.0.0.1.
 * Events on "/": `echo` acks with its arguments; on connection it emits `hello` with the auth
 * payload it received.
 */
export async function startReferenceServer({ port = 0, pingInterval = 600, pingTimeout = 400, ...opts } = {}) {
  const http = createServer();
  const io = new Server(http, { pingInterval, pingTimeout, cors: { origin: true, credentials: true }, ...opts });
  io.on("connection", (socket) => {
    socket.emit("hello", socket.handshake.auth);
    socket.on("echo", (...args) => {
      const ack = typeof args.at(-1) === "function" ? args.pop() : null;
      ack?.(...args);
    });
  });
  await new Promise((ok, err) => {
    http.once("error", err);
    http.listen(port, "127.0.0.1", ok);
  });
  return {
    io,
    http,
    port: http.address().port,
    close: () => new Promise((ok) => io.close(() => ok())),
  };
}
