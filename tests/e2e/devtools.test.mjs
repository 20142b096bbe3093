// The devtools overlay on the demo plugin page, with the dev server (Playwright, headless Chromium).
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer, post } from "../devserver/harness.mjs";
import { ARTIFACTS } from "./browser.mjs";
import { serveAndLaunch, dt, demo, compose as composeEvent, sendAndWait, setting } from "./devtools-page.mjs";

const T = { timeout: 60_000 };
/** `plugwire serve` and Chromium, for every test of this file. */
const env = serveAndLaunch();

const page0 = (context) => demo(context, env.server.url);
const compose = (page, channel, payload) => composeEvent(page, "AttendeeCheckedIn", channel, payload);

test("Ctrl+Shift+D loads the overlay on demand; simulate an event through the dev server", T, async () => {
  const context = await env.browser.newContext();
  const page = await page0(context);
  assert.deepEqual(page.devtoolsRequests, [], "no devtools download before the hotkey");
  await page.keyboard.press("Control+Shift+D");
  await dt(page, "input[aria-label=event]").waitFor();
  assert.ok(page.devtoolsRequests.some((u) => u.endsWith("plugwire_devtools_bg.wasm")));
  assert.equal(await page.evaluate(() => window.plugwireDevtools.isOpen()), true);

  // The completion list holds the dev server's templates and the manifest's events.
  await dt(page, "datalist#pw-events option[value=BadgePrintJobCompleted][label=template]").waitFor({ state: "attached" });
  const options = await dt(page, "datalist#pw-events option").evaluateAll((os) => os.map((o) => `${o.value} (${o.label})`));
  assert.ok(options.includes("AttendeeCheckedIn (template)"), options.join("|"));
  assert.ok(options.includes("BadgePrintJobCompleted (template)"), options.join("|"));
  await dt(page, "input[aria-label=event]").fill("AttendeeCheckedIn");
  assert.equal(await dt(page, "input[aria-label=channel]").inputValue(), "private.CheckIn.checkin_kiosk_lobby");
  await dt(page, "select[aria-label=dependency]").selectOption("kiosk_2");
  assert.equal(await dt(page, "input[aria-label=channel]").inputValue(), "private.CheckIn.kiosk_2");
  const payload = JSON.parse(await dt(page, "textarea[aria-label=payload]").inputValue());
  assert.equal(payload.attendee_name, "John Doe");
  payload.attendee_name = "Ada Lovelace";
  await dt(page, "textarea[aria-label=payload]").fill(JSON.stringify(payload));
  await page.screenshot({ path: `${ARTIFACTS}devtools-simulator.png` });
  await dt(page, "button[aria-label=Send]").click();
  const outcome = dt(page, "p.outcome[data-kind=ok]");
  await outcome.waitFor();
  assert.match(await outcome.textContent(), /^Sent AttendeeCheckedIn on private\.CheckIn\.kiosk_2 to 1 client at \d\d:\d\d:\d\d\.\d{3}; received by 1 listener:$/);
  assert.deepEqual(await dt(page, "ul.reached li").allTextContents(), ["kiosk_2 · checkedIn · anonymous function"]);
  // The plugin reacted.
  await page.locator("#checkin-list li", { hasText: "Ada Lovelace" }).waitFor();

  // The Event Log shows it coming in, and the store's subscriptions going out.
  await dt(page, "button[role=tab]:has-text('Event Log')").click();
  const row = dt(page, "tr.entry[data-direction=in]:has-text('AttendeeCheckedIn')").first();
  await row.waitFor();
  assert.ok(await dt(page, "tr.entry[data-direction=out]:has-text('subscribe')").count() >= 1);
  await row.click();
  assert.match(await dt(page, "tr.payload .tree").textContent(), /attendee_name: "Ada Lovelace"/);
  await page.screenshot({ path: `${ARTIFACTS}devtools-event-log.png` });
  // Filter narrows the log.
  await dt(page, "input[aria-label=filter]").fill("no-such-event");
  assert.equal(await dt(page, "tr.entry").count(), 0);
  await dt(page, "input[aria-label=filter]").fill("");

  await dt(page, "button[role=tab]:has-text('Connection')").click();
  await dt(page, ".card .status[data-status=connected]").waitFor();
  const facts = await dt(page, "section.connection").textContent();
  assert.match(facts, /transportwebsocket/);
  assert.match(facts, /subscribed channels.*private\.CheckIn\.kiosk_1/);
  await page.screenshot({ path: `${ARTIFACTS}devtools-connection.png` });

  // Esc closes; the hotkey brings it back, on the tab last used.
  await page.keyboard.press("Escape");
  await page.locator("plugwire-devtools").waitFor({ state: "detached" });
  assert.equal(await page.evaluate(() => window.plugwireDevtools.isOpen()), false);
  await page.keyboard.press("Control+Shift+D");
  await dt(page, ".card .status").first().waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("invalid JSON is shown with its position, Send is disabled and nothing is sent", T, async () => {
  const context = await env.browser.newContext();
  const page = await page0(context);
  await compose(page);
  const sentCheckIns = () => env.server.log().split("\n").filter((l) => /out event/.test(l) && /AttendeeCheckedIn/.test(l)).length;
  const before = sentCheckIns();
  await dt(page, "textarea[aria-label=payload]").fill('{\n  "attendee_name": "x",\n}');
  const err = dt(page, "p.json-error");
  assert.match(await err.textContent(), /^Invalid JSON: Expected double-quoted property name \(line 3, column 1\)$/);
  assert.equal(await dt(page, "button[aria-label=Send]").isDisabled(), true);
  await dt(page, "textarea[aria-label=payload]").press("Control+Enter");
  assert.match(await dt(page, "p.outcome[data-kind=error]").textContent(), /^Invalid JSON: /);
  // A barrier through the server: once it is logged, anything sent before it would be too.
  await post(env.server.url, { event: "devtools-barrier", data: {} });
  for (let i = 0; i < 250 && !env.server.log().includes("devtools-barrier"); i++) await new Promise((ok) => setTimeout(ok, 20));
  assert.ok(env.server.log().includes("devtools-barrier"), "the barrier reached the server");
  assert.equal(sentCheckIns(), before, "the server received nothing");
  // Beautify and Reset.
  await dt(page, "button:has-text('Reset to template')").click();
  assert.equal(await dt(page, "p.json-error").textContent(), "");
  await context.close();
});

test("a payload with HTML is shown as text and runs nothing", T, async () => {
  const context = await env.browser.newContext();
  const page = await page0(context);
  const evil = "<img src=x onerror=\"window.__xss=1\">";
  await compose(page, "private.CheckIn.kiosk_1", JSON.stringify({ attendee_name: evil, badge_number: "X" }));
  await dt(page, "button[aria-label=Send]").click();
  await page.locator("#checkin-list li", { hasText: "<img" }).waitFor();
  await dt(page, "button[role=tab]:has-text('Event Log')").click();
  await dt(page, "tr.entry[data-direction=in]:has-text('AttendeeCheckedIn')").first().click();
  assert.ok((await dt(page, "tr.payload .tree").textContent()).includes(evil.replace(/"/g, '\\"')));
  assert.equal(await dt(page, "img").count(), 0);
  assert.equal(await page.locator("#checkin-list img").count(), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  await context.close();
});

test("preferences and the open state persist over a reload", T, async () => {
  const context = await env.browser.newContext();
  let page = await page0(context);
  await page.keyboard.press("Control+Shift+D");
  await dt(page, "button[role=tab]:has-text('Connection')").click();
  await setting(page, "dock", "right");
  await setting(page, "theme", "dark");
  await page.reload();
  await dt(page, ".card .status").first().waitFor({ timeout: 10_000 });
  assert.equal(await dt(page, "button[role=tab][aria-selected=true]").textContent(), "Connection");
  assert.equal(await dt(page, "select[aria-label=dock]").inputValue(), "right");
  assert.equal(await dt(page, ".panel").getAttribute("data-theme"), "dark");
  await page.screenshot({ path: `${ARTIFACTS}devtools-dark-right.png` });
  await context.close();
});

test("with the dev server down: Connection shows it, Send says so, local inject still works", T, async () => {
  const local = await startServer();
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.url}/?socket=${encodeURIComponent(local.url)}`);
  await page.locator("#status[data-state=connected]").waitFor({ timeout: 10_000 });
  await page.evaluate(() => window.plugwireDevtools.open());
  await local.stop();
  await dt(page, "button[role=tab]:has-text('Connection')").click();
  await dt(page, ".card .status[data-status=disconnected]").waitFor({ timeout: 10_000 });
  await compose(page, "private.CheckIn.kiosk_1", '{"attendee_name": "Offline Olga", "badge_number": "Z-1"}');
  assert.match(await sendAndWait(page, "error"), /^Dev server unreachable at http:\/\/127\.0\.0\.1:\d+: is `plugwire serve` running\?$/);
  await dt(page, "input[value=local]").check();
  assert.match(await sendAndWait(page, "ok"), /^Injected AttendeeCheckedIn locally on private\.CheckIn\.kiosk_1 at /);
  await page.locator("#checkin-list li", { hasText: "Offline Olga" }).waitFor();
  await context.close();
});

test("saved payloads, resend from history, and the Connection tab's round trip and counts", T, async () => {
  const context = await env.browser.newContext();
  const page = await page0(context);
  await compose(page, "private.CheckIn.kiosk_1", '{"attendee_name": "Grace Hopper", "badge_number": "G-1"}');
  await dt(page, "input[aria-label='save as']").fill("grace");
  await dt(page, "button:has-text('Save')").click();
  await dt(page, "button[aria-label=Send]").click();
  await page.locator("#checkin-list li", { hasText: "Grace Hopper" }).waitFor();
  // One click resends from history.
  await dt(page, "button[aria-label='resend AttendeeCheckedIn']").first().click();
  await page.locator("#checkin-list li", { hasText: "Grace Hopper" }).nth(1).waitFor();
  // A saved payload survives a reload and loads into the editor.
  await page.reload();
  await dt(page, "button[role=tab]").first().waitFor({ timeout: 10_000 });
  await dt(page, "button[role=tab]:has-text('Socket Simulator')").click();
  await dt(page, "textarea[aria-label=payload]").fill("{}");
  await dt(page, "button.link:has-text('grace')").click();
  assert.match(await dt(page, "textarea[aria-label=payload]").inputValue(), /Grace Hopper/);
  assert.equal(await dt(page, "input[aria-label=channel]").inputValue(), "private.CheckIn.kiosk_1");
  await page.screenshot({ path: `${ARTIFACTS}devtools-saved-history.png` });
  // The Connection tab measures the round trip and counts listeners per socket.
  await dt(page, "button[role=tab]:has-text('Connection')").click();
  const facts = dt(page, "section.connection");
  await page.waitForFunction(() => /\d+ ms \(plugwire:ping\)/.test(document.querySelector("plugwire-devtools").shadowRoot.querySelector("section.connection").textContent), null, { timeout: 10_000 });
  const counts = (await facts.textContent()).match(/store listeners7 \(([^)]*)\)/)?.[1].split(", ").sort();
  assert.deepEqual(counts, ["badge_printer_1 3", "kiosk_1 1", "kiosk_2 1", "primary 2"]);
  // The ping is the tools' own: not in the event log.
  await dt(page, "button[role=tab]:has-text('Event Log')").click();
  assert.equal(await dt(page, "tr.entry:has-text('plugwire:ping')").count(), 0);
  await context.close();
});
