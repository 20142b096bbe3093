// One worker of a test cluster: the reference socket.io 4.8 server (tests/servers/reference.mjs,
// with its standard handlers) on a Redis adapter, run as its own process so a test can kill it.
// Environment: WORKER_NAME, REDIS_URL, ADAPTER ("streams" | "pubsub"), RECOVERY ("1": connection
// state recovery on), PORT (0: any free port). Prints `listening <port>` when it accepts clients.
// SIGTERM closes it as a deploy would (sockets closed, sessions persisted to Redis), then exits.
import { createClient } from "redis";
import { createAdapter as streamsAdapter } from "@socket.io/redis-streams-adapter";
import { createAdapter as pubsubAdapter } from "@socket.io/redis-adapter";
import { startReferenceServer } from "../servers/reference.mjs";

const { WORKER_NAME: NAME, REDIS_URL, ADAPTER = "streams", RECOVERY, PORT = "0" } = process.env;

const redis = createClient({ url: REDIS_URL });
redis.on("error", (e) => console.error(`${NAME}: redis: ${e.message}`));
await redis.connect();

let adapter;
if (ADAPTER === "streams") {
  // A short block time, so a read loop notices a closed adapter soon.
  adapter = streamsAdapter(redis, { blockTimeInMs: 1000 });
} else if (ADAPTER === "pubsub") {
  const sub = redis.duplicate();
  sub.on("error", (e) => console.error(`${NAME}: redis sub: ${e.message}`));
  await sub.connect();
  adapter = pubsubAdapter(redis, sub);
} else {
  throw new Error(`unknown ADAPTER "${ADAPTER}"`);
}

/** What each client recorded with `record`, by tag: the order and count the server saw. */
const recorded = new Map();

const server = await startReferenceServer({
  port: Number(PORT),
  adapter,
  // The defaults of socket.io: the tests' short heartbeat is not what a cluster runs with.
  pingInterval: 25_000,
  pingTimeout: 20_000,
  ...(RECOVERY ? { connectionStateRecovery: { maxDisconnectionDuration: 30_000, skipMiddlewares: true } } : {}),
  setup(io) {
    io.on("connection", (socket) => {
      socket.on("whoami", (ack) => ack?.(NAME));
      socket.on("record", (tag, value, ack) => {
        if (!recorded.has(tag)) recorded.set(tag, []);
        recorded.get(tag).push(value);
        ack?.(value);
      });
      socket.on("recorded", (tag, ack) => ack?.({ worker: NAME, values: recorded.get(tag) ?? [] }));
      // A broadcast from this worker to a room, the sender included (io.to, not socket.to).
      socket.on("announce", (room, event, data, ack) => {
        io.to(room).emit(event, { ...data, via: NAME });
        ack?.(NAME);
      });
      // A stream to this socket: "tick" 0, 1, 2, … every `ms`, until `count` or the socket closes.
      socket.on("stream", (count, ms) => {
        let i = 0;
        const timer = setInterval(() => {
          socket.emit("tick", i++);
          if (i >= count) clearInterval(timer);
        }, ms);
        socket.once("disconnect", () => clearInterval(timer));
      });
      socket.on("room-size", async (room, ack) => ack?.((await io.in(room).fetchSockets()).length));
    });
  },
});

process.on("SIGTERM", async () => {
  // Not `server.close()`: its `disconnectSockets` would go through the adapter to every worker.
  // `io.close()` closes this worker's sockets ("server shutting down": their sessions are saved),
  // then its engine and HTTP server; the open connections are ended at once.
  const closing = server.io.close();
  server.http.closeAllConnections();
  await closing;
  // Commands on one connection run in order: once this answers, the sessions saved while the
  // sockets closed are in Redis for the worker that will restore them.
  await redis.ping();
  process.exit(0);
});

// The test process holds the other end of stdin: when it is gone, so is this worker.
process.stdin.on("end", () => process.exit(0)).resume();

console.log(`listening ${server.port}`);
