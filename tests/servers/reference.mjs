// The reference peer: the official Node socket.io 4.8 server, configured for plugwire's tests.
// Besides Socket.IO it serves a blank test page, the package (/pkg/) and socket.io-client's own
// browser build (/sioc/), so one page can run the same scenario with both clients.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { Server } from "socket.io";

const ROOT = new URL("../../", import.meta.url).pathname;
const STATIC = [
  ["/pkg/", join(ROOT, "pkg")],
  ["/sioc/", join(ROOT, "node_modules/socket.io-client/dist")],
];
const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html", ".json": "application/json" };
const PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>plugwire tests</title><body></body>`;

async function serveStatic(req, res) {
  const url = new URL(req.url, "http://x");
  if (url.pathname === "/") {
    res.writeHead(200, { "content-type": "text/html" });
    return res.end(PAGE);
  }
  // The same page, cross-origin isolated: `performance.now()` has 5 µs steps there instead of
  // 100 µs (for the benchmarks' latencies).
  if (url.pathname === "/isolated") {
    res.writeHead(200, { "content-type": "text/html", "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" });
    return res.end(PAGE);
  }
  for (const [prefix, dir] of STATIC) {
    if (!url.pathname.startsWith(prefix)) continue;
    const file = normalize(join(dir, url.pathname.slice(prefix.length)));
    if (!file.startsWith(dir + sep)) break;
    try {
      const body = await readFile(file);
      // Cross-origin pages with COEP (wasm-bindgen-test's) may load it (the throughput bench).
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cross-origin-resource-policy": "cross-origin" });
      return res.end(body);
    } catch {
      break;
    }
  }
  res.writeHead(404);
  res.end("not found");
}

/** Handlers every test namespace gets. */
function standardHandlers(socket) {
  socket.emit("hello", socket.handshake.auth, socket.handshake.query?.q ?? null, socket.conn.transport.name);
  socket.on("echo", (...args) => {
    const ack = typeof args.at(-1) === "function" ? args.pop() : null;
    ack?.(...args);
  });
  // Emits `count` events back, numbered, then acks.
  socket.on("burst", (count, ack) => {
    for (let i = 0; i < count; i++) socket.emit("burst", i);
    ack?.(count);
  });
  socket.on("ack-later", (ms, ack) => setTimeout(() => ack?.("late"), ms));
  socket.on("no-ack", () => {});
  // Asks the client for an ack and reports what came back.
  socket.on("ask", (event, ack) => socket.emit(event, "question", (...answer) => ack?.(answer)));
  socket.on("server-disconnect", () => socket.disconnect());
  socket.on("transport", (ack) => ack?.(socket.conn.transport.name));
  socket.on("close-transport", () => socket.conn.close());
  socket.on("join", (room, ack) => {
    socket.join(room);
    ack?.({ success: true, room });
  });
  socket.on("to-room", (room, event, data) => socket.to(room).emit(event, data));
  // Counts deliveries for retry tests: acks only from the `n`th time an id is seen.
  const seen = new Map();
  socket.on("flaky", (id, okFrom, ack) => {
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    socket.emit("flaky-seen", id, n);
    if (n >= okFrom) ack?.(n);
  });
}

/**
 * Starts a socket.io 4.8 server on 127.0.0.1 (port 0: any free port).
 * `setup(io)` may add namespaces and middleware; "/" gets the standard handlers unless
 * `bare` is set.
 */
export async function startReferenceServer({ port = 0, pingInterval = 600, pingTimeout = 400, setup, bare = false, ...opts } = {}) {
  const http = createServer((req, res) => {
    if (!req.url.startsWith(opts.path ?? "/socket.io")) serveStatic(req, res);
  });
  const io = new Server(http, { pingInterval, pingTimeout, cors: { origin: true, credentials: true }, ...opts });
  if (!bare) io.on("connection", standardHandlers);
  setup?.(io, standardHandlers);
  await new Promise((ok, err) => {
    http.once("error", err);
    http.listen(port, "127.0.0.1", ok);
  });
  const actual = http.address().port;
  return {
    io,
    http,
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise((ok) => {
        io.close(() => ok());
        io.disconnectSockets(true);
        http.closeAllConnections?.();
      }),
  };
}

/**
 * A server that can be stopped and started again on the same port, with a control endpoint
 * (`GET /stop`, `GET /start` on `control`) that a page can call mid-scenario.
 */
export async function startRestartable(options = {}) {
  let server = await startReferenceServer(options);
  const port = server.port;
  const control = createServer(async (req, res) => {
    res.setHeader("access-control-allow-origin", "*");
    if (req.url === "/stop") await server.close();
    if (req.url === "/start") server = await startReferenceServer({ ...options, port });
    res.end("ok");
  });
  await new Promise((ok) => control.listen(0, "127.0.0.1", ok));
  return {
    get url() { return server.url; },
    get io() { return server.io; },
    port,
    control: `http://127.0.0.1:${control.address().port}`,
    close: async () => {
      await server.close();
      await new Promise((ok) => control.close(ok));
    },
  };
}
