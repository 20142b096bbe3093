// The peer the ported socket.io-client suite expects: the official Node socket.io server with the
// namespaces, middleware and events its tests call (the contract of the suite's own support
// server, written anew here), plus the static files of the test page, so that the page and the
// server share one origin (tests such as `new Manager(opts)` without a URL connect to the page's
// own origin).
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import assert from "node:assert/strict";
import { Server } from "socket.io";

const TYPES = {
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
  ".html": "text/html",
  ".json": "application/json",
};

/** Serves `files` (exact path -> { type, body }) and `dirs` ([prefix, directory] pairs). */
function staticHandler(files, dirs) {
  return async (req, res) => {
    const { pathname } = new URL(req.url, "http://x");
    const file = files[pathname];
    if (file) {
      res.writeHead(200, { "content-type": file.type, "cache-control": "no-store" });
      return res.end(file.body);
    }
    for (const [prefix, dir] of dirs) {
      if (!pathname.startsWith(prefix)) continue;
      const path = normalize(join(dir, pathname.slice(prefix.length)));
      if (!path.startsWith(dir + sep)) break;
      try {
        const body = await readFile(path);
        res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
        return res.end(body);
      } catch {
        break;
      }
    }
    res.writeHead(404);
    res.end("not found");
  };
}

/** The namespaces, middleware and handlers the suite's tests rely on. */
function installHandlers(io) {
  io.of("/foo").on("connection", (socket) => {
    socket.on("getId", (cb) => cb(socket.id));
  });
  // Namespaces that only have to exist.
  for (const name of ["/timeout_socket", "/valid", "/asd"]) io.of(name).on("connection", () => {});
  io.of("/abc").on("connection", (socket) => socket.emit("handshake", socket.handshake));

  io.use((socket, next) => (socket.request._query.fail ? next(new Error("Auth failed (main namespace)")) : next()));
  io.of("/no").use((socket, next) => next(new Error("Auth failed (custom namespace)")));

  io.on("connection", (socket) => {
    socket.on("hi", () => socket.emit("hi"));
    socket.on("echo", (arg, cb) => cb(arg));
    // The server asks for an ack and says "got it" when the client answers (5, {test: true}).
    socket.on("ack", () => {
      socket.emit("ack", (a, b) => {
        if (a === 5 && b.test) socket.emit("got it");
      });
    });
    socket.on("getAckDate", (data, cb) => cb(new Date()));
    socket.on("getDate", () => socket.emit("takeDate", new Date()));
    socket.on("getDateObj", () => socket.emit("takeDateObj", { date: new Date() }));
    socket.on("getUtf8", () => {
      for (const s of ["てすと", "Я Б Г Д Ж Й", "Ä ä Ü ü ß", "utf8 — string", "utf8 — string"]) socket.emit("takeUtf8", s);
    });
    socket.on("false", () => socket.emit("false", false));

    // Binary both ways: what the client sends must arrive as a Buffer, in order.
    socket.on("doge", () => socket.emit("doge", Buffer.from("asdfasdf", "utf8")));
    socket.on("buffa", (a) => Buffer.isBuffer(a) && socket.emit("buffack"));
    socket.on("jsonbuff", (a) => {
      assert.equal(a.hello, "lol");
      assert.ok(Buffer.isBuffer(a.message));
      assert.equal(a.goodbye, "gotcha");
      socket.emit("jsonbuff-ack");
    });
    let abuff1 = false;
    socket.on("abuff1", (a) => {
      assert.ok(Buffer.isBuffer(a));
      abuff1 = true;
    });
    socket.on("abuff2", () => {
      assert.ok(abuff1);
      socket.emit("abuff2-ack");
    });
    socket.on("blob", (a) => Buffer.isBuffer(a) && socket.emit("back"));
    socket.on("jsonblob", (a) => {
      assert.equal(a.hello, "lol");
      assert.ok(Buffer.isBuffer(a.message));
      assert.equal(a.goodbye, "gotcha");
      socket.emit("jsonblob-ack");
    });
    let blob1 = false;
    let blob2 = false;
    socket.on("blob1", (a) => {
      assert.ok(Buffer.isBuffer(a));
      blob1 = true;
    });
    socket.on("blob2", (a) => {
      assert.ok(blob1);
      assert.equal(a, "second");
      blob2 = true;
    });
    socket.on("blob3", (a) => {
      assert.ok(Buffer.isBuffer(a) && blob1 && blob2);
      socket.emit("blob3-ack");
    });
    socket.on("getbin", () => socket.emit("takebin", Buffer.from("asdfasdf", "utf8")));

    socket.on("getHandshake", (cb) => cb(socket.handshake));
    socket.on("getId", (cb) => cb(socket.id));
  });
}

/**
 * Starts the suite's server on 127.0.0.1 (`port` 0: a free port). `files` and `dirs` are the
 * static files of the test page. Returns { port, close }.
 */
export async function startSuiteServer({ port = 0, files = {}, dirs = [] } = {}) {
  const http = createServer(staticHandler(files, dirs));
  const io = new Server(http, {
    pingInterval: 2000,
    connectionStateRecovery: {},
    // A fixed delay before each handshake is accepted: the suite tests the client's connection
    // timeout with `timeout: 0`.
    allowRequest: (req, callback) => setTimeout(() => callback(null, true), 10),
  });
  installHandlers(io);
  await new Promise((ok, fail) => {
    http.once("error", fail);
    http.listen(port, "127.0.0.1", ok);
  });
  return {
    port: http.address().port,
    close: () =>
      new Promise((ok) => {
        io.close(() => ok());
        io.disconnectSockets(true);
        http.closeAllConnections();
      }),
  };
}
