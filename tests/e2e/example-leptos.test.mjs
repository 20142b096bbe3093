// The Leptos example (examples/checkin-leptos, built by scripts/build-example.sh), served by
// `plugwire serve` and driven with `plugwire send`, as a developer would.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { startServer, cli, waitLog, REPO } from "../devserver/harness.mjs";
import { launch, openPage, ARTIFACTS } from "./browser.mjs";

const ROOT = `${REPO}examples/checkin-leptos/dist`;
let server;
let browser;

before(async () => {
  assert.ok(existsSync(`${ROOT}/www/checkin_bg.wasm`), "build the example first: bash scripts/build-example.sh");
  server = await startServer({ root: ROOT });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const send = (...args) => {
  const r = cli(["send", ...args, "--url", server.url, "--events", server.events]);
  assert.equal(r.code, 0, r.stderr);
};

test("the Leptos example connects, and `plugwire send` fills its lists by channel", { timeout: 30_000 }, async () => {
  const page = await openPage(browser, `${server.url}/?socket=${encodeURIComponent(server.url)}`);
  await page.locator("#status[data-state=connected]").waitFor({ timeout: 10_000 });
  await waitLog(server, /in  subscribe.*private\.CheckIn\.kiosk_2/, "the page subscribes to kiosk_2's channel");
  await waitLog(server, /in  subscribe.*private\.BadgePrinter\.badge_printer_1/, "the page subscribes to the printer's channel");

  send("--event", "AttendeeCheckedIn", "--identifier", "kiosk_2");
  const first = page.locator("#checkin-list li").first();
  await first.waitFor({ timeout: 5_000 });
  assert.equal(await first.textContent(), "John Doe — badge A-0042kiosk_2 · private.CheckIn.kiosk_2");

  // A kiosk the manifest does not list is not shown; a listed one is, newest first.
  send("--event", "AttendeeCheckedIn", "--identifier", "kiosk_9");
  send("--event", "AttendeeCheckedIn", "--identifier", "kiosk_1");
  await page.locator("#checkin-list li").nth(1).waitFor({ timeout: 5_000 });
  assert.deepEqual(await page.locator("#checkin-list li .meta").allTextContents(), [
    "kiosk_1 · private.CheckIn.kiosk_1",
    "kiosk_2 · private.CheckIn.kiosk_2",
  ]);

  send("--event", "BadgePrintJobCompleted");
  const job = page.locator("#badge-jobs li").first();
  await job.waitFor({ timeout: 5_000 });
  assert.equal(await job.textContent(), "John Doe: completedbadge_printer_1 · private.BadgePrinter.badge_printer_1");
  assert.equal(await page.locator("#checkin-list li").count(), 2);
  assert.deepEqual(page.errors, []);
  await page.screenshot({ path: `${ARTIFACTS}example-leptos.png`, fullPage: true });
});

test("the example shows the connection going away and coming back", { timeout: 30_000 }, async () => {
  const page = await openPage(browser, `${server.url}/?socket=${encodeURIComponent(server.url)}`);
  await page.locator("#status[data-state=connected]").waitFor({ timeout: 10_000 });
  const port = new URL(server.url).port;
  await server.stop();
  await page.locator("#status[data-state=disconnected]").waitFor({ timeout: 10_000 });
  server = await startServer({ root: ROOT, port, events: server.events });
  await page.locator("#status[data-state=connected]").waitFor({ timeout: 15_000 });
});
