// The demo page loads the published package (pkg/) as plain browser ESM and reports it loaded.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startServer } from "../devserver/harness.mjs";
import { launch, openPage, ARTIFACTS } from "./browser.mjs";

const VERSION = JSON.parse(readFileSync(new URL("../../pkg/package.json", import.meta.url))).version;
let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the demo page imports plugwire and reports it loaded", { timeout: 30_000 }, async () => {
  const page = await openPage(browser, `${server.url}/`);
  const status = page.locator("#status");
  await status.and(page.locator("[data-state=loaded]")).waitFor({ timeout: 10_000 });
  assert.equal(await status.textContent(), `plugwire ${VERSION} loaded`);
  // The wasm was served and compiled as a module, and `ready` resolved to undefined.
  const ready = await page.evaluate(async () => (await import("plugwire")).ready);
  assert.equal(ready, undefined);
  assert.deepEqual(page.errors, []);
  await page.screenshot({ path: `${ARTIFACTS}demo-loaded.png` });
});

test("a missing package is reported on the page, not silently", { timeout: 30_000 }, async () => {
  const page = await browser.newPage();
  // Serve the page but make the wasm fail to load: the page must say so.
  await page.route("**/*.wasm", (route) => route.fulfill({ status: 404, body: "gone" }));
  await page.goto(`${server.url}/`);
  const status = page.locator("#status[data-state=error]");
  await status.waitFor({ timeout: 10_000 });
  assert.match(await status.textContent(), /^plugwire failed to load: /);
});
