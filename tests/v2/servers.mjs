// The Socket.IO 2.x peers of the v2 tests, on 127.0.0.1 with free ports: a page server (the test
// page, the package, socket.io-client 2.5.0's browser build, laravel-echo, and a Laravel-style
// channel authorisation endpoint), the real laravel-echo-server 1.6.3 (a child process with a
// generated configuration, on Debian's redis-server) and a plain socket.io 2.x Node server for
// the protocol scenarios laravel-echo-server cannot produce.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { readFile, writeFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { startProcess, stopProcess, tempDir, removeTempDir, freePort } from "../cluster/procs.mjs";

const require = createRequire(import.meta.url);
const ROOT = new URL("../../", import.meta.url).pathname;
const STATIC = [
  ["/pkg/", join(ROOT, "pkg")],
  ["/sioc2/", join(ROOT, "node_modules/socket.io-client-v2/dist")],
  ["/sioc4/", join(ROOT, "node_modules/socket.io-client/dist")],
  ["/echo/", join(ROOT, "node_modules/laravel-echo/dist")],
];
const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
const PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>plugwire v2 tests</title><body></body>`;

async function serveStatic(req, res) {
  const url = new URL(req.url, "http://x");
  if (url.pathname === "/") {
    res.writeHead(200, { "content-type": "text/html" });
    return res.end(PAGE);
  }
  for (const [prefix, dir] of STATIC) {
    if (!url.pathname.startsWith(prefix)) continue;
    const file = normalize(join(dir, url.pathname.slice(prefix.length)));
    if (!file.startsWith(dir + sep)) break;
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      return res.end(body);
    } catch {
      break;
    }
  }
  res.writeHead(404);
  res.end("not found");
}

/** The users the authorisation endpoint knows, by bearer token. */
export const USERS = { alice: { id: 1, name: "Alice" }, bob: { id: 2, name: "Bob" } };

/**
 * Laravel's `/broadcasting/auth` as laravel-echo-server calls it (a form POST with
 * `channel_name`, the client's headers passed on): `private-secret` is refused to everyone,
 * other private channels are open to known users, presence channels answer `channel_data`.
 */
function authorize(req, res, log) {
  let body = "";
  req.setEncoding("utf8").on("data", (c) => (body += c));
  req.on("end", () => {
    const channel = new URLSearchParams(body).get("channel_name") ?? "";
    const user = USERS[(req.headers.authorization ?? "").replace(/^Bearer /, "")];
    log.push({ channel, user: user?.name ?? null });
    const ok = user && channel !== "private-secret" && /^(private|presence)-/.test(channel);
    res.writeHead(ok ? 200 : 403, { "content-type": "application/json" });
    if (!ok) return res.end(JSON.stringify({ message: "This action is unauthorized." }));
    const data = channel.startsWith("presence-") ? { channel_data: { user_id: user.id, user_info: { name: user.name } } } : {};
    res.end(JSON.stringify(data));
  });
}

/** The page server: the test page, the client builds, and the authorisation endpoint. */
export async function startPageServer() {
  const auth = [];
  const http = createServer((req, res) => (req.method === "POST" && req.url === "/broadcasting/auth" ? authorize(req, res, auth) : serveStatic(req, res)));
  await new Promise((ok) => http.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${http.address().port}`;
  return { url, auth, close: () => new Promise((ok) => (http.closeAllConnections?.(), http.close(ok))) };
}

const ECHO_SERVER = join(ROOT, "node_modules/laravel-echo-server/bin/server.js");
export const APP = { appId: "plugwire-app", key: "plugwire-key" };

/**
 * laravel-echo-server 1.6.3 from npm, as a child process in its own directory with a generated
 * `laravel-echo-server.json`: presence members in Redis, the HTTP API for broadcasting, channel
 * authorisation by `authHost`. `port` 0 picks a free one; `restart()` stops it by pid and starts
 * it again on the same port.
 */
export async function startEchoServer({ redisPort, authHost, port = 0 }) {
  const dir = tempDir("echo-server");
  port ||= await freePort();
  const config = {
    authHost,
    authEndpoint: "/broadcasting/auth",
    clients: [APP],
    database: "redis",
    databaseConfig: { redis: { host: "127.0.0.1", port: redisPort } },
    devMode: false,
    host: "127.0.0.1",
    port,
    protocol: "http",
    socketio: {},
    subscribers: { http: true, redis: false },
    apiOriginAllow: { allowCors: false },
  };
  await writeFile(join(dir, "laravel-echo-server.json"), JSON.stringify(config, null, 2));
  let child;
  const start = async () => {
    ({ child } = await startProcess("laravel-echo-server", process.execPath, [ECHO_SERVER, "start"], { cwd: dir, ready: /Server ready!/, ms: 15_000 }));
  };
  await start();
  const url = `http://127.0.0.1:${port}`;
  const api = (path, init) => fetch(`${url}/apps/${APP.appId}${path}${path.includes("?") ? "&" : "?"}auth_key=${APP.key}`, init);
  return {
    url,
    port,
    get pid() {
      return child.pid;
    },
    /** Broadcasts `name` with `data` on `channel` through the HTTP API (as Laravel's broadcaster). */
    async broadcast(channel, name, data, socketId) {
      const res = await api("/events", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ channel, name, data: JSON.stringify(data), socket_id: socketId }),
      });
      if (!res.ok) throw new Error(`broadcast ${name} on ${channel}: HTTP ${res.status}`);
    },
    /** The channel's subscriber count, from the HTTP API. */
    async subscribers(channel) {
      const res = await api(`/channels/${encodeURIComponent(channel)}`);
      return (await res.json()).subscription_count ?? 0;
    },
    /** Waits until `channel` has `count` subscribers (the server handled the subscriptions). */
    async untilSubscribed(channel, count, ms = 5000) {
      const end = Date.now() + ms;
      let n = -1;
      while (Date.now() < end) {
        n = await this.subscribers(channel);
        if (n === count) return;
        await new Promise((ok) => setTimeout(ok, 20));
      }
      throw new Error(`${channel}: ${n} subscribers, not ${count}, within ${ms} ms`);
    },
    stop: () => stopProcess(child),
    start,
    close: async () => {
      await stopProcess(child);
      removeTempDir(dir);
    },
  };
}

/**
 * A plain socket.io 2.x Node server (npm `socket.io-v2`, socket.io 2.5.1) that also serves the
 * page and the client builds. `/` and `/chat` get handlers for events, acks both ways and binary;
 * `/admin` refuses with a middleware error; a client whose handshake query has `nopong` gets no
 * pong from the server (its heartbeat must time out).
 */
export async function startV2Server({ pingInterval = 300, pingTimeout = 200 } = {}) {
  const SocketIO = require("socket.io-v2");
  const http = createServer((req, res) => {
    if (!req.url.startsWith("/socket.io/")) serveStatic(req, res);
  });
  const io = SocketIO(http, { pingInterval, pingTimeout });
  io.engine.on("connection", (conn) => {
    if (!conn.request._query.nopong) return;
    const send = conn.sendPacket.bind(conn);
    conn.sendPacket = (type, ...rest) => (type === "pong" ? undefined : send(type, ...rest));
  });
  const handlers = (socket) => {
    socket.emit("hello", socket.id, socket.nsp.name, socket.handshake.query.room ?? null, socket.conn.transport.name);
    socket.on("echo", (...args) => {
      const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
      if (ack) ack(...args);
      else socket.emit("echo", ...args);
    });
    socket.on("bytes", (n, ack) => {
      const buf = Buffer.from(Array.from({ length: n }, (_, i) => i % 256));
      socket.emit("bytes", { buf, n }, [buf.subarray(0, 2)]);
      ack({ first: buf.subarray(0, 3) });
    });
    socket.on("ask", (ack) => socket.emit("question", "why?", (...answer) => ack(answer)));
    socket.on("server-disconnect", () => socket.disconnect());
  };
  io.on("connection", handlers);
  io.of("/chat").on("connection", handlers);
  io.of("/admin").use((socket, next) => next(new Error("not authorized"))).on("connection", handlers);
  await new Promise((ok) => http.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${http.address().port}`;
  return {
    io,
    url,
    close: () =>
      new Promise((ok) => {
        io.close();
        http.closeAllConnections?.();
        http.close(() => ok());
      }),
  };
}
