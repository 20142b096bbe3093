// plugwire in a bundler: a Vite app importing "plugwire" is built with `vite build` and run in
// headless Chromium against the Node socket.io server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { startReferenceServer } from "../servers/reference.mjs";
import { launch } from "../e2e/browser.mjs";

const ROOT = new URL("../../", import.meta.url).pathname;
const DIST = join(ROOT, "test-results/vite-app");
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
let server;
let site;
let browser;

before(async () => {
  execFileSync(join(ROOT, "node_modules/.bin/vite"), ["build", "--config", join(ROOT, "tests/vite/app/vite.config.js")], { stdio: "inherit" });
  server = await startReferenceServer();
  site = createServer(async (req, res) => {
    const file = normalize(join(DIST, new URL(req.url, "http://x").pathname === "/" ? "index.html" : new URL(req.url, "http://x").pathname));
    try {
      if (!file.startsWith(DIST + sep)) throw new Error("outside");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((ok) => site.listen(0, "127.0.0.1", ok));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await new Promise((ok) => site?.close(ok));
});

test("a Vite build of an app importing plugwire works, and loads no devtools", { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  const errors = [];
  const wasm = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(r.url()));
  await page.goto(`http://127.0.0.1:${site.address().port}/?server=${encodeURIComponent(server.url)}`);
  const status = page.locator("#status[data-state=ok]");
  await status.waitFor({ timeout: 15_000 });
  assert.match(await status.textContent(), /^plugwire \d+\.\d+\.\d+ connected; echo vite; store (connecting|connected)$/);
  assert.equal(wasm.length, 1, `only the core wasm: ${wasm.join(", ")}`);
  assert.match(wasm[0], /plugwire_core_bg-[\w-]+\.wasm$/);
  assert.deepEqual(errors, []);
});
