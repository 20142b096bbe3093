// The devtools' event log of a page's io() sockets is a ring of the last 500 records: an
// overlay opened after 620 emits shows the newest 500 of them and nothing older (against the
// Node socket.io server, which relays nothing back, so every record is one of the emits).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startReferenceServer } from "../servers/reference.mjs";
import { openBrowser, newPage } from "../client/harness.mjs";

const T = { timeout: 60_000 };
let server;
let browser;
let context;

before(async () => {
  server = await startReferenceServer();
  ({ browser, context } = await openBrowser());
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("an overlay opened after 620 emits shows the newest 500, newest first", T, async () => {
  const page = await newPage(context, server.url);
  await page.evaluate(async () => {
    const { io } = await import("/pkg/index.js");
    const s = io(location.origin, { forceNew: true });
    await new Promise((ok) => s.once("connect", ok));
    for (let i = 0; i < 620; i++) s.emit(`ring${i}`, i);
    await window.plugwireDevtools.open();
  });
  const dt = (css) => page.locator(`plugwire-devtools ${css}`);
  await dt("button[role=tab]:has-text('Event Log')").click();
  await dt("tr.entry").first().waitFor();
  const [, total] = (await dt(".count").textContent()).match(/(\d+) events/);
  assert.equal(Number(total), 500, "the log holds its last 500 records");
  const n = (await dt("tr.entry[data-direction=out] td:nth-child(4)").allTextContents()).map((e) => Number(e.replace(/^ring/, "")));
  // Exactly ring120 … ring619 (rows logged within one millisecond may show in either order).
  assert.deepEqual(n.slice().sort((a, b) => a - b), Array.from({ length: 500 }, (_, i) => 120 + i));
  assert.ok(n.slice(0, 50).every((x) => x >= 560), "newest first");
  assert.deepEqual(page.errors, []);
  await page.close();
});
