// The devtools Event Log on the demo page, with `plugwire serve`: the real socket or dependency,
// filters, the JSON tree with copy, resend, the keyboard, export, import and replay.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { post } from "../devserver/harness.mjs";
import { ARTIFACTS } from "./browser.mjs";
import { serveAndLaunch, dt, demo, openTab } from "./devtools-page.mjs";

const T = { timeout: 60_000 };
/** `plugwire serve` and Chromium, for every test of this file. */
const env = serveAndLaunch();

const checkIn = (identifier, name) =>
  post(env.server.url, { event: "AttendeeCheckedIn", channel: `private.CheckIn.${identifier}`, data: { attendee_name: name, badge_number: "B-1", nested: { deep: { deeper: [1, 2] } } } });

/** Sends two check-ins and a post, and waits for the plugin to show them. */
async function traffic(page) {
  await checkIn("kiosk_1", "Ann One");
  await checkIn("kiosk_2", "Bob Two");
  await post(env.server.url, { event: "SocialStreamPostCreated", data: { content: "wall post" } });
  await page.locator("#checkin-list li", { hasText: "Bob Two" }).waitFor();
  await page.locator("#posts li", { hasText: "wall post" }).waitFor();
}

const column = (page, n) => dt(page, `tr.entry td:nth-child(${n})`).allTextContents();

test("rows name the dependency; filters by direction, socket and event narrow the log", T, async () => {
  const context = await env.browser.newContext();
  const page = await demo(context, env.server.url);
  await openTab(page, "Event Log");
  await traffic(page);
  await dt(page, "tr.entry[data-direction=in]:has-text('SocialStreamPostCreated')").waitFor();
  assert.deepEqual(await dt(page, "tr.entry[data-direction=in]:has-text('AttendeeCheckedIn') td:nth-child(3)").allTextContents(), ["kiosk_2", "kiosk_1"]);
  assert.equal(await dt(page, "tr.entry[data-direction=in]:has-text('SocialStreamPostCreated') td:nth-child(3)").textContent(), "primary");

  await dt(page, "select[aria-label=socket]").selectOption("kiosk_2");
  assert.deepEqual([...new Set(await column(page, 3))], ["kiosk_2"]);
  assert.ok((await column(page, 2)).includes("out"), "kiosk_2's subscribe went out");
  await dt(page, "select[aria-label=direction]").selectOption("in");
  assert.deepEqual(await column(page, 4), ["AttendeeCheckedIn"]);
  await dt(page, "select[aria-label=socket]").selectOption("");
  await dt(page, "select[aria-label=event]").selectOption("SocialStreamPostCreated");
  assert.deepEqual(await column(page, 4), ["SocialStreamPostCreated"]);
  await dt(page, "select[aria-label=direction]").selectOption("out");
  assert.equal(await dt(page, "tr.entry").count(), 0);
  assert.match(await dt(page, ".count").textContent(), /^0 \/ \d+ events$/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("a row opens from the keyboard on a JSON tree that folds, copies and resends", T, async () => {
  const context = await env.browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.server.url });
  const page = await demo(context, env.server.url);
  await openTab(page, "Event Log");
  await checkIn("kiosk_1", "Keyboard Kate");
  await page.locator("#checkin-list li", { hasText: "Keyboard Kate" }).waitFor();
  // The newest row is first: once resent, this one is the last.
  const row = dt(page, "tr.entry[data-direction=in]:has-text('AttendeeCheckedIn')").last();
  await row.focus();
  await page.keyboard.press("Enter");
  assert.equal(await row.getAttribute("aria-expanded"), "true");
  // The rows are rebuilt when a record arrives: the focus stays on its record.
  const id = await row.getAttribute("data-id");
  const rows = await dt(page, "tr.entry").count();
  await checkIn("kiosk_1", "Later Larry");
  await page.waitForFunction((n) => document.querySelector("plugwire-devtools").shadowRoot.querySelectorAll("tr.entry").length > n, rows, { timeout: 10_000 });
  const focused = await page.evaluate(() => document.querySelector("plugwire-devtools").shadowRoot.activeElement?.dataset.id);
  assert.equal(focused, id, "the focused row is still the same record's");
  const tree = dt(page, "tr.payload .tree");
  assert.match(await tree.textContent(), /attendee_name: "Keyboard Kate"/);
  assert.equal(await dt(page, "tr.payload .tree details").count(), 4, "root, nested, deep, deeper");
  // Two levels open at first; a summary folds its branch.
  const nested = dt(page, "tr.payload .tree > details > .children > details").first();
  assert.equal(await nested.evaluate((d) => d.open), true);
  await nested.locator("> summary").click();
  assert.equal(await nested.evaluate((d) => d.open), false);
  // Copy puts the pretty JSON on the clipboard.
  await dt(page, "tr.payload button:has-text('Copy')").click();
  await dt(page, "[role=status]:has-text('Payload copied')").waitFor();
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  assert.equal(copied.attendee_name, "Keyboard Kate");
  // Resend goes through the dev server again: the plugin shows a second check-in.
  await dt(page, "tr.payload button:has-text('Resend')").click();
  await page.locator("#checkin-list li", { hasText: "Keyboard Kate" }).nth(1).waitFor();
  await dt(page, "[role=status]:has-text('Resent: Sent AttendeeCheckedIn on private.CheckIn.kiosk_1')").waitFor();
  // Space closes it again.
  await row.focus();
  await page.keyboard.press(" ");
  assert.equal(await row.getAttribute("aria-expanded"), "false");
  assert.equal(await dt(page, "tr.payload").count(), 0);
  await context.close();
});

test("a session exports to a file, imports in a fresh page and replays into it", T, async () => {
  const context = await env.browser.newContext();
  const page = await demo(context, env.server.url);
  await openTab(page, "Event Log");
  await traffic(page);
  const download = page.waitForEvent("download");
  await dt(page, "button:has-text('Export')").click();
  const file = `${ARTIFACTS}devtools-session.json`;
  await (await download).saveAs(file);
  const session = JSON.parse(readFileSync(file, "utf8"));
  assert.equal(session.format, "plugwire-devtools-session/1");
  const ins = session.records.filter((r) => r.direction === "in").map((r) => `${r.socket} ${r.event}`);
  assert.deepEqual(ins, ["kiosk_1 AttendeeCheckedIn", "kiosk_2 AttendeeCheckedIn", "primary SocialStreamPostCreated"]);
  await context.close();

  // A fresh page (nothing received yet) imports it and replays it: the plugin shows it all.
  const fresh = await env.browser.newContext();
  const other = await demo(fresh, env.server.url);
  await openTab(other, "Event Log");
  const chooser = other.waitForEvent("filechooser");
  await dt(other, "button:has-text('Import')").click();
  await (await chooser).setFiles(file);
  await dt(other, "[role=status]:has-text('Imported')").waitFor();
  assert.equal(await dt(other, "tr.entry").count(), session.records.length);
  assert.equal(await other.locator("#checkin-list li").count(), 0);
  await dt(other, "button:has-text('Replay')").click();
  await dt(other, "[role=status]:has-text('Replayed 3 events into the page')").waitFor();
  await other.locator("#checkin-list li", { hasText: "Bob Two" }).waitFor();
  assert.deepEqual(await other.locator("#checkin-list li .meta").allTextContents(), ["kiosk_2 · private.CheckIn.kiosk_2", "kiosk_1 · private.CheckIn.kiosk_1"]);
  await other.locator("#posts li", { hasText: "wall post" }).waitFor();

  // A file that is not a session says so.
  const bad = `${ARTIFACTS}not-a-session.json`;
  writeFileSync(bad, '{"hello": 1}');
  const again = other.waitForEvent("filechooser");
  await dt(other, "button:has-text('Import')").click();
  await (await again).setFiles(bad);
  await dt(other, "[role=status]:has-text('Not a plugwire devtools session')").waitFor();
  assert.deepEqual(other.errors, []);
  await fresh.close();
});
