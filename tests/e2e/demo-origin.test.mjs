// The demo connects to the server that served it, whatever the port (as `SOCKET_IO_PORT=3169
// npm start` serves it), and the command its hint shows reaches that server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, cli, waitLog } from "../devserver/harness.mjs";
import { launch, openPage } from "./browser.mjs";

let server;
let browser;

before(async () => {
  // Port 3169 as in the report, or any free port when it is taken.
  server = await startServer({ port: 3169 }).catch(() => startServer());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("without ?socket= the demo connects to its own server, and its hint's `send --url` works", { timeout: 30_000 }, async () => {
  const page = await openPage(browser, `${server.url}/`);
  await page.locator("#status[data-state=connected]").waitFor({ timeout: 10_000 });
  // `connected` comes before the server has handled the page's channel subscriptions.
  await waitLog(server, /in  subscribe.*private\.CheckIn\.kiosk_2/, "the page subscribes to kiosk_2's channel");
  const hint = await page.locator("#send-hint").textContent();
  const origin = new URL(server.url).origin;
  assert.equal(hint, `npm run plugwire -- send --event AttendeeCheckedIn --identifier kiosk_2 --url ${origin}`);
  // Run exactly what the hint says (plus this test's copy of the templates).
  const args = hint.replace(/^npm run plugwire -- /, "").split(" ");
  const r = cli([...args, "--events", server.events]);
  assert.equal(r.code, 0, r.stderr);
  const first = page.locator("#checkin-list li").first();
  await first.waitFor({ timeout: 5_000 });
  assert.match(await first.textContent(), /^John Doe — badge A-0042kiosk_2 · private\.CheckIn\.kiosk_2$/);
  assert.deepEqual(page.errors, []);
});
