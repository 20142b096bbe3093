// The demo plugin page, served by `plugwire serve`, driven by the CLI as a developer would.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, cli, waitLog } from "../devserver/harness.mjs";
import { launch, openPage, ARTIFACTS } from "./browser.mjs";

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

test("the demo connects and `plugwire send --identifier kiosk_2` shows the attendee", { timeout: 30_000 }, async () => {
  // The test server listens on a free port, not 3069: `?socket=` tells the demo where.
  const page = await openPage(browser, `${server.url}/?socket=${encodeURIComponent(server.url)}`);
  await page.locator("#status[data-state=connected]").waitFor({ timeout: 10_000 });
  // `connected` comes before the server has handled the page's channel subscriptions.
  await waitLog(server, /in  subscribe.*private\.CheckIn\.kiosk_2/, "the page subscribes to kiosk_2's channel");
  const r = cli(["send", "--event", "AttendeeCheckedIn", "--identifier", "kiosk_2", "--url", server.url, "--events", server.events]);
  assert.equal(r.code, 0, r.stderr);
  const first = page.locator("#checkin-list li").first();
  await first.waitFor({ timeout: 5_000 });
  assert.match(await first.textContent(), /^John Doe — badge A-0042kiosk_2 · private\.CheckIn\.kiosk_2$/);
  // The other panels react to their events too.
  for (const event of ["SocialStreamPostCreated", "AiSessionMessageCreated", "BadgePrintJobCompleted"]) {
    assert.equal(cli(["send", "--event", event, "--url", server.url, "--events", server.events]).code, 0);
  }
  await page.locator("#posts li").first().waitFor();
  await page.locator("#ai-state[data-state=done]").waitFor();
  await page.locator("#badge-jobs li").first().waitFor();
  // A check-in for another channel of the model that the manifest does not list is not shown.
  assert.equal(cli(["send", "--event", "AttendeeCheckedIn", "--identifier", "kiosk_9", "--url", server.url, "--events", server.events]).code, 0);
  assert.equal(cli(["send", "--event", "AttendeeCheckedIn", "--identifier", "kiosk_1", "--url", server.url, "--events", server.events]).code, 0);
  await page.locator("#checkin-list li").nth(1).waitFor();
  assert.deepEqual(await page.locator("#checkin-list li .meta").allTextContents(), ["kiosk_1 · private.CheckIn.kiosk_1", "kiosk_2 · private.CheckIn.kiosk_2"]);
  assert.deepEqual(page.errors, []);
  await page.screenshot({ path: `${ARTIFACTS}demo-plugin.png`, fullPage: true });
});

test("a page that cannot load the wasm says so", { timeout: 30_000 }, async () => {
  const page = await browser.newPage();
  await page.route("**/*.wasm", (route) => route.fulfill({ status: 404, body: "gone" }));
  await page.goto(`${server.url}/?socket=${encodeURIComponent(server.url)}`);
  const status = page.locator("#status[data-state=error]");
  await status.waitFor({ timeout: 10_000 });
  assert.match(await status.textContent(), /^plugwire failed to start: /);
});
