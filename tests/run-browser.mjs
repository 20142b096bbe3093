// Runs the SDK's wasm-bindgen browser tests in headless Chromium:
// - `browser_engine`: plugwire's codecs on a raw WebSocket to the reference server;
// - `browser_web`, `browser_web_options`: the Rust API (feature `web`) against the reference
//   server and the peers that misbehave on purpose, each started here on a free port and
//   stopped after.
import { spawn } from "node:child_process";
import { startReferenceServer, startRestartable } from "./servers/reference.mjs";
import { startRawEngine } from "./servers/raw-engine.mjs";
import { startMisbehaving } from "./servers/misbehaving.mjs";
import { startServer } from "./devserver/harness.mjs";
import { createServer } from "node:http";

/** Runs `cargo test` for one browser test; the exit code. */
async function cargoTest(args, env) {
  const child = spawn("cargo", ["test", "--target", "wasm32-unknown-unknown", "-p", "plugwire", ...args], {
    stdio: "inherit",
    env: { ...process.env, ...env },
  });
  return new Promise((ok) => child.on("exit", (c, sig) => ok(c ?? (sig ? 1 : 0))));
}

const only = process.argv[2];
let code = 0;

if (!only || only === "engine") {
  const PORT = 39011; // baked into the wasm test at compile time (PLUGWIRE_REFERENCE_PORT)
  const server = await startReferenceServer({ port: PORT });
  code ||= await cargoTest(["--test", "browser_engine"], { PLUGWIRE_REFERENCE_PORT: String(PORT) });
  await server.close();
}

if (!only || only === "web" || only === "bench") {
  /** The namespaces the Rust API's tests use besides "/". */
  const setup = (io, standard) => {
    io.of("/admin").on("connection", standard);
    // `socket.send(..)`: a "message" event, reported back.
    io.on("connection", (socket) => socket.on("message", (...args) => socket.emit("message-seen", args)));
    io.of("/private").use((_, next) => {
      const err = new Error("not authorized");
      err.data = { code: 7 };
      next(err);
    });
  };
  /** What the polling requests of a session carried: the `extra_headers` header and the
   * cookie the server set (`with_credentials`), from the last request and the handshake. */
  const requests = (io) => {
    const last = new Map();
    io.engine.on("headers", (_, req) => {
      const sid = new URL(req.url, "http://x").searchParams.get("sid");
      if (sid) last.set(sid, { header: req.headers["x-plugwire"] ?? null, cookie: req.headers.cookie ?? null });
    });
    io.on("connection", (socket) => {
      socket.on("request-headers", (ack) =>
        ack({ ...last.get(socket.conn.id), handshake: socket.handshake.headers["x-plugwire"] ?? null }),
      );
      socket.conn.on("close", () => last.delete(socket.conn.id));
    });
  };
  const servers = {
    main: await startReferenceServer({ setup, connectionStateRecovery: { maxDisconnectionDuration: 10_000 } }),
    // Sets engine.io's `io` cookie on the handshake: sent back only with `with_credentials`.
    cookie: await startReferenceServer({ setup: requests, cookie: true }),
    // Offers the WebSocket upgrade but drops its connection: the probe fails, polling goes on.
    noupgrade: await startReferenceServer({ setup: (io) => (io.engine.handleUpgrade = (_req, socket) => socket.destroy()) }),
    restart: await startRestartable(),
    silent: await startRawEngine("silent"),
    parse: await startMisbehaving("bad-packet"),
  };
  // The addresses are compiled into the test (a page of wasm-bindgen-test-runner has no argv).
  const urls = {
    main: servers.main.url,
    restart: servers.restart.url,
    control: servers.restart.control,
    silent: servers.silent.url,
    parse: servers.parse.url,
    cookie: servers.cookie.url,
    noupgrade: servers.noupgrade.url,
  };
  const env = { PLUGWIRE_WEB_SERVERS: JSON.stringify(urls) };
  if (only === "bench") {
    // Receive throughput, Rust API vs socket.io-client, optimised build (not part of npm test).
    code ||= await cargoTest(["--release", "--features", "web", "--test", "bench_receive", "--", "--nocapture"], env);
  } else {
    code ||= await cargoTest(["--features", "web", "--test", "browser_web"], env);
    code ||= await cargoTest(["--features", "web", "--test", "browser_web_options"], env);
    code ||= await cargoTest(["--features", "leptos", "--test", "browser_leptos"], env);
  }
  for (const s of Object.values(servers)) await s.close();
}

if (!only || only === "store") {
  // The Rust store against `plugwire serve --rooms`, which a control endpoint can stop and start
  // again on the same port (the echo driver must resubscribe).
  let rooms = await startServer({ args: ["--rooms"] });
  const port = new URL(rooms.url).port;
  const control = createServer(async (req, res) => {
    res.setHeader("access-control-allow-origin", "*");
    if (req.url === "/stop") await rooms.stop();
    if (req.url === "/start") rooms = await startServer({ args: ["--rooms"], port, events: rooms.events });
    res.end("ok");
  });
  await new Promise((ok) => control.listen(0, "127.0.0.1", ok));
  const urls = { rooms: rooms.url, control: `http://127.0.0.1:${control.address().port}` };
  code ||= await cargoTest(["--features", "web", "--test", "browser_store"], {
    PLUGWIRE_STORE_SERVERS: JSON.stringify(urls),
  });
  await rooms.stop();
  await new Promise((ok) => control.close(ok));
}

process.exit(code);
