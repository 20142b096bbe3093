// Shared steps of the devtools tests: the demo page (or an io()-only page) on `plugwire serve`,
// the overlay's elements (inside its shadow root: Playwright's CSS locators pierce it).

import { before, after } from "node:test";
import { startServer } from "../devserver/harness.mjs";
import { launch } from "./browser.mjs";

/** `plugwire serve` and Chromium for a test file: `env.server` and `env.browser`, started before
 * its tests and stopped after them. */
export function serveAndLaunch() {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/** The overlay's element(s) matching `css`. */
export const dt = (page, css) => page.locator(`plugwire-devtools ${css}`);

/** The demo plugin page, its socket on `socketUrl`, connected. */
export async function demo(context, pageUrl, socketUrl = pageUrl) {
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.devtoolsRequests = [];
  page.on("request", (r) => r.url().includes("devtools") && page.devtoolsRequests.push(r.url()));
  await page.goto(`${pageUrl}/?socket=${encodeURIComponent(socketUrl)}`);
  await page.locator("#status[data-state=connected]").waitFor({ timeout: 10_000 });
  return page;
}

/** Opens the overlay (if closed) on `tab`. */
export async function openTab(page, tab) {
  if (!(await page.evaluate(() => window.plugwireDevtools.isOpen()))) await page.evaluate(() => window.plugwireDevtools.open());
  await dt(page, `button[role=tab]:has-text('${tab}')`).click();
}

/** The Simulator with `event` typed, then (if given) the channel and payload. */
export async function compose(page, event = "AttendeeCheckedIn", channel, payload) {
  await openTab(page, "Socket Simulator");
  await dt(page, "input[aria-label=event]").fill(event);
  if (channel !== undefined) await dt(page, "input[aria-label=channel]").fill(channel);
  if (payload !== undefined) await dt(page, "textarea[aria-label=payload]").fill(payload);
}

/** Sends and waits for this send's outcome line to say something (ok, warn or error); its text.
 * The line says "Sending …" while a send is under way, and an earlier send's outcome is never
 * taken for this one's: the text must differ from the line's before the click (each outcome
 * names its time to the millisecond). */
export async function sendAndWait(page, kind) {
  const line = dt(page, "p.outcome");
  const before = await line.textContent();
  await dt(page, "button[aria-label=Send]").click();
  await until(
    page,
    `an outcome of kind ${kind} after the send`,
    ([kind, before]) => {
      const p = document.querySelector("plugwire-devtools").shadowRoot.querySelector("p.outcome");
      return p.dataset.kind === kind && p.textContent !== before;
    },
    [kind, before],
  );
  return line.textContent();
}

/** Chooses how Send sends: server, local or emit. */
export const mode = (page, m) => dt(page, `input[name=mode][value=${m}]`).check();

/** Opens the settings menu and picks `value` for `name` (dock, theme). */
export async function setting(page, name, value) {
  const menu = dt(page, "details.settings");
  if (!(await menu.evaluate((d) => d.open))) await dt(page, "details.settings summary").click();
  await dt(page, `select[aria-label=${name}]`).selectOption(value);
  await dt(page, "details.settings summary").click();
}

/** Polls `check` (a browser-side predicate) until true, or fails naming `step`. */
export async function until(page, step, check, arg, timeout = 10_000) {
  try {
    await page.waitForFunction(check, arg, { timeout });
  } catch (e) {
    throw new Error(`timed out: ${step} (${e.message.split("\n")[0]})`);
  }
}
