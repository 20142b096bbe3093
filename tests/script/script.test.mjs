// The classic <script> build (pkg/plugwire.min.js) in a plain HTML page in headless Chromium:
// a client wrapper written for socket.io.min.js calls io() and createStore() synchronously right
// after the script tag, before the core is ready; its calls are replayed, in order, on the real
// objects, against `plugwire serve` driven by `plugwire send`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { startServer, cli } from "../devserver/harness.mjs";
import { launch, ARTIFACTS } from "../e2e/browser.mjs";

const ROOT = new URL("../../", import.meta.url).pathname;
const MOUNTS = [["/pkg/", join(ROOT, "pkg")], ["/", join(ROOT, "tests/script/page")]];
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
let srv;
let site;
let browser;

before(async () => {
  srv = await startServer();
  // The page and the package come from one static site (as from a CDN); the socket server is another origin.
  site = createServer(async (req, res) => {
    let path = new URL(req.url, "http://x").pathname;
    if (path === "/") path = "/index.html";
    for (const [prefix, dir] of MOUNTS) {
      if (!path.startsWith(prefix)) continue;
      const file = normalize(join(dir, path.slice(prefix.length)));
      try {
        if (!file.startsWith(dir + sep)) break;
        const body = await readFile(file);
        res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
        return res.end(body);
      } catch {
        break;
      }
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise((ok) => site.listen(0, "127.0.0.1", ok));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await new Promise((ok) => site?.close(ok));
  await srv?.stop();
});

const until = async (page, step, fn, arg) => {
  try {
    await page.waitForFunction(fn, arg, { timeout: 10_000, polling: 20 });
  } catch (e) {
    throw new Error(`${step}: ${e.message.split("\n")[0]}\nlog: ${JSON.stringify(await page.evaluate(() => window.log))}`);
  }
};

test("io() and createStore() called right after the script tag work once the core is ready", { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`http://127.0.0.1:${site.address().port}/?server=${encodeURIComponent(srv.url)}`);
  await until(page, "connect", (n) => window.log.some((e) => e[0] === n), "connect");
  await until(page, "store connected", () => window.log.some((e) => e[0] === "status" && e[1] === "connected"));
  await until(page, "the ack of the emit made before ready", (n) => window.log.some((e) => e[0] === n), "ack");
  await until(page, "kiosk channels subscribed", () => window.store.channels.length === 2);
  const r = cli(["send", "--event", "AttendeeCheckedIn", "--identifier", "kiosk_2", "--url", srv.url, "--events", srv.events]);
  assert.equal(r.code, 0, r.stderr);
  await until(page, "the store's kiosk_2 listener", (n) => window.log.some((e) => e[0] === n), "store kiosk_2");
  await until(page, "the raw socket's listener", (n) => window.log.some((e) => e[0] === n), "socket AttendeeCheckedIn");
  await until(page, "ready", (n) => window.log.some((e) => e[0] === n), "ready");
  const log = await page.evaluate(() => window.log);
  const find = (name) => log.find((e) => e[0] === name);
  // Before the core was ready: the not-yet-connected values.
  assert.deepEqual(log[0], ["sync", false, true, "function"]);
  assert.deepEqual(find("store sync"), ["store sync", "connecting"]);
  assert.deepEqual(find("connect"), ["connect", "string", true]);
  // The dev server acks a relayed emit with {ok: true, clients}; error-first after timeout(ms).
  assert.deepEqual(find("ack"), ["ack", null, true]);
  await until(page, "the emitWithAck made before ready", (n) => window.log.some((e) => e[0] === n), "emitWithAck");
  assert.deepEqual(log.concat(await page.evaluate(() => window.log)).find((e) => e[0] === "emitWithAck"), ["emitWithAck", true]);
  assert.equal(find("removed listener"), undefined, "a listener removed before ready still fired");
  assert.deepEqual(find("store kiosk_2"), ["store kiosk_2", "John Doe", "private.CheckIn.kiosk_2"]);
  assert.deepEqual(find("socket AttendeeCheckedIn"), ["socket AttendeeCheckedIn", "John Doe"]);
  assert.equal(find("store kiosk_1"), undefined, "kiosk_1's listener saw kiosk_2's check-in");
  // After ready, io() returns real sockets at once.
  assert.deepEqual(find("ready"), ["ready", "string", false]);
  assert.equal(await page.evaluate(() => window.store.listenerCount), 2);
  assert.equal(await page.locator("#status").textContent(), "connected");
  await page.screenshot({ path: join(ARTIFACTS, "script-tag.png") });
  assert.deepEqual(errors, []);
});
