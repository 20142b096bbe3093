// The devtools Socket Simulator on the demo page, with `plugwire serve`: who received each send,
// free-text events, channel and dependency in step, the draft kept, templates offline, emit
// with an ack and several arguments.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer, waitLog } from "../devserver/harness.mjs";
import { serveAndLaunch, dt, demo, compose, sendAndWait, mode, openTab } from "./devtools-page.mjs";

const T = { timeout: 60_000 };

/** `plugwire serve` and Chromium, for every test of this file. */
const env = serveAndLaunch();

test("each send names the listeners that received it, and says so when none did", T, async () => {
  const context = await env.browser.newContext();
  const page = await demo(context, env.server.url);
  // The template's channel is one nobody in the page listens on.
  await compose(page, "AttendeeCheckedIn");
  assert.equal(await dt(page, "input[aria-label=channel]").inputValue(), "private.CheckIn.checkin_kiosk_lobby");
  assert.equal(await dt(page, "select[aria-label=dependency]").inputValue(), "", "no dependency has that channel");
  const none = await sendAndWait(page, "warn");
  assert.match(none, /^Sent AttendeeCheckedIn on private\.CheckIn\.checkin_kiosk_lobby to 1 client at [\d:.]+, but no listener received it: nothing in this page listens for AttendeeCheckedIn on private\.CheckIn\.checkin_kiosk_lobby\.$/);
  assert.equal(await dt(page, "ul.reached li").count(), 0);

  // Typing a dependency's channel selects it; choosing one fills the channel.
  await dt(page, "input[aria-label=channel]").fill("private.CheckIn.kiosk_1");
  assert.equal(await dt(page, "select[aria-label=dependency]").inputValue(), "kiosk_1");
  await dt(page, "select[aria-label=dependency]").selectOption("kiosk_2");
  assert.equal(await dt(page, "input[aria-label=channel]").inputValue(), "private.CheckIn.kiosk_2");
  assert.match(await sendAndWait(page, "ok"), /; received by 1 listener:$/);
  assert.deepEqual(await dt(page, "ul.reached li").allTextContents(), ["kiosk_2 · checkedIn · anonymous function"]);

  // Local inject reports the same way: a primary-socket listener, any channel.
  await compose(page, "SocialStreamPostCreated", "", '{"content": "hello wall"}');
  await mode(page, "local");
  assert.match(await sendAndWait(page, "ok"), /^Injected SocialStreamPostCreated locally at [\d:.]+; received by 1 listener:$/);
  assert.deepEqual(await dt(page, "ul.reached li").allTextContents(), ["primary · anonymous function"]);
  await page.locator("#posts li", { hasText: "hello wall" }).waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("a custom event name can be typed; the names known are offered as completions", T, async () => {
  const context = await env.browser.newContext();
  const page = await demo(context, env.server.url);
  await compose(page, "Attendee");
  const names = await dt(page, "datalist#pw-events option").evaluateAll((os) => os.map((o) => o.value));
  assert.ok(names.includes("AttendeeCheckedIn") && names.includes("BadgePrintJobCreated"), names.join(","));
  await compose(page, "MyOwnEvent", "", '{"n": 1}');
  await mode(page, "local");
  assert.match(await sendAndWait(page, "warn"), /^Injected MyOwnEvent locally at [\d:.]+, but no listener received it: nothing in this page listens for MyOwnEvent\.$/);
  await openTab(page, "Event Log");
  await dt(page, "tr.entry[data-direction=simulated]:has-text('MyOwnEvent')").waitFor();
  // Once seen, it is offered too.
  await openTab(page, "Socket Simulator");
  await dt(page, "datalist#pw-events option[value=MyOwnEvent]").waitFor({ state: "attached" });
  await context.close();
});

test("Esc and the hotkey in the editor only leave it; the draft survives closing and a reload", T, async () => {
  const context = await env.browser.newContext();
  let page = await demo(context, env.server.url);
  await compose(page, "DraftEvent", "private.CheckIn.kiosk_1", '{"draft": true}');
  await mode(page, "local");
  const focused = () => page.evaluate(() => document.querySelector("plugwire-devtools")?.shadowRoot.activeElement?.getAttribute("aria-label") ?? null);
  // Esc in the payload editor leaves it (focus goes to the selected tab); the overlay stays.
  const editor = dt(page, "textarea[aria-label=payload]");
  await editor.press("Escape");
  assert.equal(await focused(), null, "the editor lost the focus");
  assert.equal(await page.evaluate(() => document.querySelector("plugwire-devtools")?.shadowRoot.activeElement?.id), "pw-tab-simulator");
  assert.equal(await page.evaluate(() => window.plugwireDevtools.isOpen()), true, "Esc in the editor kept the overlay open");
  // So does the hotkey pressed in a field (the event name, then the editor).
  await dt(page, "input[aria-label=event]").press("Control+Shift+D");
  assert.equal(await page.evaluate(() => window.plugwireDevtools.isOpen()), true, "the hotkey in the event field kept the overlay open");
  await editor.press("Control+Shift+D");
  assert.equal(await page.evaluate(() => window.plugwireDevtools.isOpen()), true, "the hotkey in the editor kept the overlay open");
  assert.equal(await focused(), null);
  assert.equal(await editor.inputValue(), '{"draft": true}');
  assert.equal(await dt(page, "p.outcome").textContent(), "Nothing sent yet.", "Esc sent nothing");
  // Esc elsewhere in the overlay (here on the tab) closes it; the hotkey opens it again with the draft.
  await page.keyboard.press("Escape");
  await page.locator("plugwire-devtools").waitFor({ state: "detached" });
  await page.keyboard.press("Control+Shift+D");
  assert.equal(await dt(page, "input[aria-label=event]").inputValue(), "DraftEvent");
  assert.equal(await dt(page, "textarea[aria-label=payload]").inputValue(), '{"draft": true}');
  await page.reload();
  await dt(page, "input[aria-label=event]").waitFor({ timeout: 10_000 });
  assert.equal(await dt(page, "input[aria-label=event]").inputValue(), "DraftEvent");
  assert.equal(await dt(page, "input[aria-label=channel]").inputValue(), "private.CheckIn.kiosk_1");
  assert.equal(await dt(page, "select[aria-label=dependency]").inputValue(), "kiosk_1");
  assert.equal(await dt(page, "textarea[aria-label=payload]").inputValue(), '{"draft": true}');
  assert.equal(await dt(page, "input[name=mode][value=local]").isChecked(), true);
  await context.close();
});

test("templates are kept for offline use: with the dev server down they still fill the payload", T, async () => {
  const socketServer = await startServer();
  const context = await env.browser.newContext();
  const page = await demo(context, env.server.url, socketServer.url);
  await compose(page, "Attendee");
  await dt(page, "datalist#pw-events option[value=AttendeeCheckedIn]").waitFor({ state: "attached" });
  await socketServer.stop();
  await page.reload();
  const note = dt(page, "p.note.warn");
  await note.waitFor({ timeout: 10_000 });
  assert.match(await note.textContent(), /^Templates from the cache of [\d:.]+ \(dev server unreachable at http:\/\/127\.0\.0\.1:\d+ \(run `plugwire serve`\)\)\.$/);
  await dt(page, "input[aria-label=event]").fill("AttendeeCheckedIn");
  assert.equal(JSON.parse(await dt(page, "textarea[aria-label=payload]").inputValue()).attendee_name, "John Doe");
  await mode(page, "local");
  assert.match(await sendAndWait(page, "warn"), /^Injected AttendeeCheckedIn locally on private\.CheckIn\.checkin_kiosk_lobby/);
  await context.close();
});

test("emit to the server with an ack shows the answer; an array payload is sent as several arguments", T, async () => {
  const context = await env.browser.newContext();
  const page = await demo(context, env.server.url);
  await compose(page, "devtools-echo", "", '[{"a": 1}, "two"]');
  await mode(page, "emit");
  await dt(page, "input[aria-label='wait for ack']").check();
  await dt(page, "input[aria-label='several arguments']").check();
  assert.match(await sendAndWait(page, "ok"), /^Emitted devtools-echo on primary \(2 arguments\) at [\d:.]+; the server answered:$/);
  // `plugwire serve` acks any relayed event with {ok, clients}.
  const answer = JSON.parse(await dt(page, "pre.answer").textContent());
  assert.equal(answer.ok, true);
  assert.equal(typeof answer.clients, "number");
  await waitLog(env.server, /event="devtools-echo" args=2/, "the server relayed two arguments");
  // The log shows both arguments going out.
  await openTab(page, "Event Log");
  const row = dt(page, "tr.entry[data-direction=out]:has-text('devtools-echo')");
  await row.click();
  assert.match(await dt(page, "tr.payload .tree").textContent(), /0: \{1 \}.*a: 1.*1: "two"/s);
  // Without the array option the array is one argument.
  await openTab(page, "Socket Simulator");
  await dt(page, "input[aria-label='several arguments']").uncheck();
  assert.match(await sendAndWait(page, "ok"), /^Emitted devtools-echo on primary \(1 argument\) at /);
  await waitLog(env.server, /event="devtools-echo" args=1/, "the server relayed one argument");
  await context.close();
});
