// The dev server under hostile input: reserved event names, foreign hosts and origins, non-JSON
// posts, forged log lines, FIFOs and symlinks in its folders, escaped event names.
import { test, describe, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  startServer, connect, closeAll, next, emitAck, post, barrier, seen, cli, eventsCopy, waitLog,
} from "./harness.mjs";

const T = { timeout: 20_000 };
const RESERVED = ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];

/** A raw HTTP request (any Host, Origin or Content-Type); resolves to {status, headers, body}. */
function raw(url, { method = "GET", path = "/health", headers = {}, body } = {}) {
  const u = new URL(url);
  return new Promise((ok, fail) => {
    const req = request({ host: u.hostname, port: u.port, method, path, headers, timeout: 5000 }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => ok({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer within 5 s`)));
    req.on("error", fail);
    req.end(body);
  });
}

describe("reserved event names", () => {
  let srv;
  before(async () => (srv = await startServer()));
  after(() => srv.stop());
  afterEach(closeAll);

  test("POST /emit refuses each with a 400, and no client is disconnected", T, async () => {
    const s = await connect(srv.url);
    for (const event of RESERVED) {
      const res = await post(srv.url, { event, data: 1 });
      assert.equal(res.status, 400, event);
      assert.match(res.body.error, new RegExp(`^"${event}" is reserved by Socket.IO`));
    }
    await barrier(srv.url, [s]);
    assert.equal(s.connected, true);
    assert.deepEqual(seen(s), []);
  });

  test("a raw client packet with a reserved name is not relayed; the others stay connected", T, async () => {
    const sender = await connect(srv.url);
    const other = await connect(srv.url);
    const echo = await connect(srv.url, { wire: "echo" });
    // socket.io-client refuses to emit these names, so write the packets under it.
    for (const [i, event] of RESERVED.entries()) sender.io.engine.write(`2${i}${JSON.stringify([event, { x: 1 }])}`);
    await waitLog(srv, /reserved event name not relayed.*"removeListener"/, "last packet handled");
    // A whisper naming a reserved event is dropped too.
    await emitAck(echo, "subscribe", { channel: "c" });
    await emitAck(other, "subscribe", { channel: "c" });
    sender.emit("client event", { channel: "c", event: "disconnect", data: {} });
    await waitLog(srv, /whisper with a reserved event name dropped/, "whisper handled");
    await barrier(srv.url, [sender, other, echo]);
    for (const s of [sender, other, echo]) assert.equal(s.connected, true);
    assert.deepEqual(seen(other), []);
    assert.deepEqual(seen(echo), []);
  });
});

describe("hosts, origins and content types", () => {
  let srv;
  before(async () => (srv = await startServer()));
  after(() => srv.stop());
  afterEach(closeAll);

  test("a local page's origin is mirrored with credentials; others, and null, get 403 without CORS", T, async () => {
    for (const origin of ["http://localhost:5173", "http://127.0.0.1:8080", "https://[::1]:3000", "http://app.localhost"]) {
      const res = await raw(srv.url, { headers: { origin } });
      assert.equal(res.status, 200, origin);
      assert.equal(res.headers["access-control-allow-origin"], origin);
      assert.equal(res.headers["access-control-allow-credentials"], "true");
    }
    for (const origin of ["https://evil.example", "null", "http://127.0.0.1.evil.example"]) {
      for (const path of ["/health", "/events", "/", "/pkg/package.json"]) {
        const res = await raw(srv.url, { path, headers: { origin } });
        assert.equal(res.status, 403, `${origin} ${path}`);
        assert.equal(res.headers["access-control-allow-origin"], undefined);
        assert.match(JSON.parse(res.body).error, /is not allowed \(only local pages; add it with --allow-origin\)/);
      }
    }
  });

  test("a preflight from a foreign page is refused; from a local one it is answered", T, async () => {
    const ask = (origin) => raw(srv.url, {
      method: "OPTIONS", path: "/emit",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    assert.equal((await ask("https://evil.example")).status, 403);
    const ok = await ask("http://localhost:5173");
    assert.equal(ok.status, 200);
    assert.equal(ok.headers["access-control-allow-origin"], "http://localhost:5173");
    assert.match(ok.headers["access-control-allow-headers"], /content-type/);
  });

  test("a Host that is not local (DNS rebinding) is refused; IP literals and localhost pass", T, async () => {
    const port = new URL(srv.url).port;
    const refused = await raw(srv.url, { headers: { host: `evil.example:${port}` } });
    assert.equal(refused.status, 403);
    assert.match(JSON.parse(refused.body).error, /^Host "evil\.example:\d+" is not allowed/);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `192.168.1.20:${port}`, `[::1]:${port}`]) {
      assert.equal((await raw(srv.url, { headers: { host } })).status, 200, host);
    }
    // Over the LAN: a page on the host the request names (the demo itself, a Vite dev server).
    const lan = { host: `192.168.1.20:${port}` };
    assert.equal((await raw(srv.url, { headers: { ...lan, origin: `http://192.168.1.20:${port}` } })).status, 200);
    assert.equal((await raw(srv.url, { headers: { ...lan, origin: "http://192.168.1.20:5173" } })).status, 200);
    assert.equal((await raw(srv.url, { headers: { ...lan, origin: "http://192.168.1.21:5173" } })).status, 403);
  });

  test("a WebSocket or polling connection from a foreign origin is refused; a local origin connects", T, async () => {
    for (const transports of [["websocket"], ["polling"]]) {
      await assert.rejects(
        connect(srv.url, { transports, origin: "https://evil.example", extraHeaders: { origin: "https://evil.example" } }),
        (e) => /websocket error|xhr poll error/.test(e.message),
        transports[0],
      );
      const s = await connect(srv.url, { transports, origin: "http://localhost:5173", extraHeaders: { origin: "http://localhost:5173" } });
      assert.equal(s.connected, true);
    }
    await waitLog(srv, /refused: Origin "https:\/\/evil\.example".*|origin=Some\("https:\/\/evil\.example"\)/, "refusal logged");
  });

  test("POST /emit needs a JSON content type: text/plain (no preflight needed) is a 415 and sends nothing", T, async () => {
    const s = await connect(srv.url);
    for (const type of ["text/plain", "application/x-www-form-urlencoded", undefined]) {
      const headers = type ? { "content-type": type } : {};
      const res = await raw(srv.url, { method: "POST", path: "/emit", headers, body: '{"event":"Injected"}' });
      assert.equal(res.status, 415, String(type));
      assert.deepEqual(JSON.parse(res.body), { error: "Content-Type must be application/json" });
    }
    const ok = await raw(srv.url, { method: "POST", path: "/emit", headers: { "content-type": "application/json; charset=utf-8" }, body: '{"event":"Fine"}' });
    assert.equal(ok.status, 200);
    await barrier(srv.url, [s]);
    assert.deepEqual(seen(s).map((e) => e[0]), ["Fine"]);
  });

  test("--allow-origin and --allow-host let others in", T, async () => {
    const open = await startServer({ args: ["--allow-origin", "https://staging.example", "--allow-host", "kiosk.test"] });
    try {
      const port = new URL(open.url).port;
      const res = await raw(open.url, { headers: { origin: "https://staging.example", host: `kiosk.test:${port}` } });
      assert.equal(res.status, 200);
      assert.equal(res.headers["access-control-allow-origin"], "https://staging.example");
      const s = await connect(open.url, { transports: ["websocket"], origin: "https://staging.example" });
      assert.equal(s.connected, true);
      assert.equal((await raw(open.url, { headers: { origin: "https://other.example" } })).status, 403);
    } finally {
      closeAll();
      await open.stop();
    }
    const any = await startServer({ args: ["--allow-origin", "*"] });
    try {
      assert.equal((await raw(any.url, { headers: { origin: "null" } })).status, 200);
    } finally {
      await any.stop();
    }
  });
});

describe("log lines", () => {
  let srv;
  before(async () => (srv = await startServer()));
  after(() => srv.stop());
  afterEach(closeAll);

  test("a newline in a channel or event name cannot forge a log line", T, async () => {
    const s = await connect(srv.url, { wire: "echo" });
    await emitAck(s, "subscribe", { channel: "a\n2026-01-01T00:00:00Z  INFO forged: subscribe" });
    await post(srv.url, { event: "E\r\nINFO forged: out", channel: "x\u001b[31m", data: 1 });
    await waitLog(srv, /out event/, "emit logged");
    const lines = srv.log().split("\n");
    assert.equal(lines.filter((l) => /^\S*\s*INFO forged/.test(l) || /^INFO forged/.test(l)).length, 0, "no forged line");
    assert.ok(lines.some((l) => l.includes('channel="a\\n2026-01-01T00:00:00Z  INFO forged: subscribe"')), "the channel, escaped");
    assert.ok(lines.some((l) => l.includes('event="E\\r\\nINFO forged: out"')), "the event, escaped");
    assert.ok(!srv.log().includes("\u001b[31m"), "no raw escape sequence");
  });
});

describe("templates: FIFOs, symlinks, size limit", () => {
  let srv;
  let events;
  before(async () => {
    events = eventsCopy();
    const outside = mkdtempSync(join(tmpdir(), "pw-outside-"));
    writeFileSync(join(outside, "Secret.json"), JSON.stringify({ event: "Secret", data: { leaked: true } }));
    execFileSync("mkfifo", [join(events, "Fifo.json")]);
    symlinkSync("/dev/zero", join(events, "Zero.json"));
    symlinkSync(join(outside, "Secret.json"), join(events, "Secret.json"));
    symlinkSync(join(events, "AttendeeCheckedIn.json"), join(events, "Alias.json"));
    writeFileSync(join(events, "Big.json"), JSON.stringify({ event: "Big", data: "x".repeat(2 << 20) }));
    srv = await startServer({ events, args: ["--max-file-mib", "1"] });
  });
  after(() => srv.stop());
  afterEach(closeAll);

  test("each is reported as a broken template; the server keeps answering", T, async () => {
    const res = await raw(srv.url, { path: "/events" });
    assert.equal(res.status, 200);
    const body = JSON.parse(res.body);
    const error = (file) => body.errors.find((e) => e.file === file)?.message;
    assert.match(error("Fifo.json"), /not a regular file/);
    assert.match(error("Zero.json"), /resolves outside/);
    assert.match(error("Secret.json"), /resolves outside/);
    assert.match(error("Big.json"), /^\d+ bytes, over the limit of 1048576 bytes/);
    assert.ok(!body.events.some((e) => e.event === "Secret"), "nothing read from outside the folder");
    assert.ok(body.events.some((e) => e.file === "Alias.json"), "a symlink inside the folder is fine");
    assert.equal((await raw(srv.url)).status, 200, "/health still answers");
    const s = await connect(srv.url);
    const got = next(s, "AttendeeCheckedIn");
    assert.equal((await post(srv.url, { event: "AttendeeCheckedIn" })).status, 200);
    assert.equal((await got)[0].attendee_name, "John Doe");
  });

  test("plugwire send reports them without reading them (exit 1)", T, () => {
    for (const [event, message] of [["Fifo", /not a regular file/], ["Zero", /resolves outside/], ["Secret", /resolves outside/]]) {
      const r = cli(["send", "--event", event, "--url", srv.url, "--events", events]);
      assert.equal(r.code, 1, event);
      assert.match(r.stderr, new RegExp(`Invalid template ${event}\\.json: ${message.source}`));
    }
  });
});

describe("static files: symlinks and FIFOs in www/ and pkg/", () => {
  let srv;
  before(async () => {
    const root = mkdtempSync(join(tmpdir(), "pw-root-"));
    mkdirSync(join(root, "www"));
    mkdirSync(join(root, "pkg"));
    writeFileSync(join(root, "www", "index.html"), "<title>root</title>");
    writeFileSync(join(root, "secret.txt"), "secret");
    symlinkSync(join(root, "secret.txt"), join(root, "www", "leak.txt"));
    symlinkSync("/etc/passwd", join(root, "pkg", "passwd"));
    symlinkSync("/dev/zero", join(root, "www", "zero"));
    symlinkSync(join(root, "www", "index.html"), join(root, "www", "alias.html"));
    execFileSync("mkfifo", [join(root, "www", "fifo")]);
    srv = await startServer({ root });
  });
  after(() => srv.stop());

  test("only regular files inside the folder are served", T, async () => {
    assert.equal((await raw(srv.url, { path: "/" })).status, 200);
    assert.equal((await raw(srv.url, { path: "/alias.html" })).body, "<title>root</title>");
    for (const [path, why] of [["/leak.txt", /resolves outside/], ["/pkg/passwd", /resolves outside/], ["/zero", /resolves outside/], ["/fifo", /not a regular file/]]) {
      const res = await raw(srv.url, { path });
      assert.equal(res.status, 403, path);
      assert.match(JSON.parse(res.body).error, why, path);
    }
    assert.equal((await raw(srv.url, { path: "/nope.js" })).status, 404);
  });
});

describe("event names that need JSON escapes", () => {
  let srv;
  before(async () => (srv = await startServer()));
  after(() => srv.stop());
  afterEach(closeAll);

  const NAMES = ['say "hi"', "back\\slash", "tab\there", "nul\u0001", "é/ü ☃"];

  test("POST /emit delivers them to both wires, names intact", T, async () => {
    const plain = await connect(srv.url);
    const echo = await connect(srv.url, { wire: "echo" });
    for (const event of NAMES) await post(srv.url, { event, channel: "c", data: { n: event } });
    await barrier(srv.url, [plain, echo]);
    assert.deepEqual(seen(plain), NAMES.map((n) => [n, { n }]));
    assert.deepEqual(seen(echo), NAMES.map((n) => [n, "c", { n }]));
  });

  for (const transports of [["polling"], ["websocket"]]) {
    test(`a client's emit of such a name is relayed intact over ${transports[0]}, and the sender stays connected`, T, async () => {
      const sender = await connect(srv.url, { transports });
      const other = await connect(srv.url, { transports });
      for (const event of NAMES) assert.deepEqual(await emitAck(sender, event, 1), { ok: true, clients: 1 }, event);
      // A reserved name written with escapes is still refused.
      sender.io.engine.write('2["disconnec\\u0074",1]');
      await waitLog(srv, /reserved event name not relayed.*"disconnect"/, "escaped reserved name refused");
      await barrier(srv.url, [sender, other]);
      assert.equal(sender.connected, true);
      assert.equal(sender.io.engine.transport.name, transports[0]);
      assert.deepEqual(seen(other), NAMES.map((n) => [n, 1]));
    });
  }
});
