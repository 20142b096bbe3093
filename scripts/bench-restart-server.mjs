// The server the restart benchmark kills: the official Node socket.io server on 127.0.0.1:PORT,
// recording every numbered emit it receives as a line "<tag> <n>" appended to LOG. The line is
// written synchronously before the handler returns (and before an ack is sent), so a SIGKILL
// cannot lose a record of something the server application has received.
// Usage: node scripts/bench-restart-server.mjs PORT LOG
import { createServer } from "node:http";
import { openSync, writeSync } from "node:fs";
import { Server } from "socket.io";

const [port, log] = process.argv.slice(2);
const fd = openSync(log, "a");
const record = (tag, n) => writeSync(fd, `${tag} ${n}\n`);

const http = createServer();
const io = new Server(http, { cors: { origin: true } });
io.on("connection", (socket) => {
  socket.on("seq", (tag, n) => record(tag, n));
  socket.on("seq-ack", (tag, n, ack) => {
    record(tag, n);
    ack?.();
  });
  // Answered after every packet before it on this connection has been handled.
  socket.on("fence", (ack) => ack?.());
});
http.listen(Number(port), "127.0.0.1", () => process.send?.("listening"));
