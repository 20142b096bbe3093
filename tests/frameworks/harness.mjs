// The framework tests' shared steps: `plugwire serve`, Chromium, events sent with the CLI, and
// waits that name their step.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { cli, post } from "../devserver/harness.mjs";

export { startServer, post } from "../devserver/harness.mjs";
export { launch, ARTIFACTS } from "../e2e/browser.mjs";

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };

/** Serves a built app from `dir` on a free port of 127.0.0.1; resolves to {url, close}. */
export async function serveDir(dir) {
  const site = createServer(async (req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const file = normalize(join(dir, path === "/" ? "index.html" : path));
    try {
      if (!file.startsWith(dir + sep)) throw new Error("outside");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((ok) => site.listen(0, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${site.address().port}`, close: () => new Promise((ok) => site.close(ok)) };
}

/** `plugwire send` a check-in of `name` (badge `badge`) at kiosk `identifier`. */
export function checkIn(srv, identifier, name, badge) {
  const data = JSON.stringify({ attendee_name: name, badge_number: badge });
  const r = cli(["send", "--event", "AttendeeCheckedIn", "--identifier", identifier, "--data", data, "--url", srv.url, "--events", srv.events]);
  if (r.code !== 0) throw new Error(`plugwire send failed (${r.code}): ${r.stderr}`);
}

/** Waits until `fn(arg)` is true in the page; a timeout names `step`. */
export async function until(page, step, fn, arg, timeout = 10_000) {
  try {
    await page.waitForFunction(fn, arg, { timeout, polling: 20 });
  } catch (e) {
    throw new Error(`${step}: not reached within ${timeout} ms (${e.message.split("\n")[0]})`);
  }
}

/** Starts recording, in the page, every event the store receives (`window.seen`: "event channel"). */
export function recordIncoming(page) {
  return page.evaluate(() => {
    window.seen = [];
    window.store.inspect((r) => r.direction === "in" && window.seen.push(`${r.event} ${r.channel}`));
  });
}

/** The store's listeners on `identifier` (0 when it has none). */
export const listenersOn = (page, identifier) => page.evaluate((id) => window.store.listenerCounts[id] ?? 0, identifier);

/** The manifest both apps start with: kiosks 1 and 2 of model CheckIn. */
export const MANIFEST = { dependencies: [{ identifiers: ["kiosk_1", "kiosk_2"], model: "CheckIn", events: { checkedIn: "AttendeeCheckedIn" } }] };

/**
 * `store.loadManifest` under a mounted kiosk_1 component that has rendered nothing yet (its two
 * listeners: useListen's and useLastEvent's): reloaded, the listeners keep working and the
 * channel is never left; an event type renamed in the manifest is followed; a manifest without
 * kiosk_1 leaves its channel, one that declares it again brings the listeners back.
 */
export async function manifestReloads(page, srv) {
  const CHANNEL = "private.CheckIn.kiosk_1";
  const load = (m) => page.evaluate((m) => window.store.loadManifest(m), m);
  const rendered = () => page.locator("#kiosk li").allTextContents();
  const subscriptions = () => page.evaluate(() => window.subs);
  await page.evaluate(() => {
    window.subs = [];
    window.store.inspect((r) => r.direction === "out" && /subscribe/.test(r.event) && window.subs.push(`${r.event} ${r.channel}`));
  });
  await recordIncoming(page);
  assert.equal(await listenersOn(page, "kiosk_1"), 2);

  // The same manifest again (a hot reload): the listeners are there, the channel never left.
  await load(MANIFEST);
  assert.equal(await listenersOn(page, "kiosk_1"), 2, "listeners after reloading the same manifest");
  checkIn(srv, "kiosk_1", "Fay", "F-6");
  await until(page, "the check-in after the reload rendered", () => document.querySelectorAll("#kiosk li").length === 1);
  assert.deepEqual(await rendered(), [`Fay @ ${CHANNEL}`]);
  assert.equal(await page.locator("#last").textContent(), "F-6");
  assert.deepEqual(await subscriptions(), [], "no unsubscribe and subscribe again for the reload");

  // kiosk_1's event type now names another event: the listeners follow it.
  await load({ dependencies: [{ identifiers: ["kiosk_1", "kiosk_2"], model: "CheckIn", events: { checkedIn: "AttendeeArrived" } }] });
  assert.equal(await listenersOn(page, "kiosk_1"), 2, "listeners after renaming the event");
  checkIn(srv, "kiosk_1", "Hal", "H-8"); // the former event name: it arrives, for no component
  await until(page, "the former event arrived", () => window.seen.length === 2);
  const arrived = { attendee_name: "Gus", badge_number: "G-7" };
  assert.equal((await post(srv.url, { event: "AttendeeArrived", channel: CHANNEL, data: arrived })).status, 200);
  await until(page, "the renamed event rendered", () => document.querySelectorAll("#kiosk li").length === 2);
  assert.deepEqual(await rendered(), [`Fay @ ${CHANNEL}`, `Gus @ ${CHANNEL}`]);
  assert.equal(await page.locator("#last").textContent(), "G-7");

  // A manifest without kiosk_1: nothing to listen to, its channel is left; declared again: back.
  await load({ dependencies: [{ identifier: "kiosk_2", model: "CheckIn", events: { checkedIn: "AttendeeCheckedIn" } }] });
  assert.equal(await listenersOn(page, "kiosk_1"), 0, "listeners of an undeclared dependency");
  await until(page, "the undeclared kiosk's channel is left", (ch) => !window.store.channels.includes(ch), CHANNEL);
  await load(MANIFEST);
  assert.equal(await listenersOn(page, "kiosk_1"), 2, "listeners once the kiosk is declared again");
  await until(page, "its channel is subscribed again", (ch) => window.store.channels.includes(ch), CHANNEL);
  checkIn(srv, "kiosk_1", "Ivy", "I-9");
  await until(page, "the check-in after the kiosk came back rendered", () => document.querySelectorAll("#kiosk li").length === 3);
  assert.deepEqual(await rendered(), [`Fay @ ${CHANNEL}`, `Gus @ ${CHANNEL}`, `Ivy @ ${CHANNEL}`]);
  assert.deepEqual(await subscriptions(), [`unsubscribe ${CHANNEL}`, `subscribe ${CHANNEL}`]);
}
