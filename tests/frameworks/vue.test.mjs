// plugwire/vue in a real Vite + Vue app (built with `vite build`, single-file components) in
// headless Chromium, against `plugwire serve`, driven by `plugwire send` and POST /emit.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ARTIFACTS, checkIn, launch, listenersOn, manifestReloads, post, recordIncoming, serveDir, startServer, until } from "./harness.mjs";

const ROOT = new URL("../../", import.meta.url).pathname;
const CHANNEL = "private.CheckIn.kiosk_1";
let srv;
let site;
let browser;

before(async () => {
  execFileSync(join(ROOT, "node_modules/.bin/vite"), ["build", "--config", join(ROOT, "tests/frameworks/vue/vite.config.js")], { stdio: "inherit" });
  srv = await startServer();
  site = await serveDir(join(ROOT, "test-results/frameworks-vue"));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await srv?.stop();
});

test("Vue: reactive status and state, listeners on the dependency's channel, removed on unmount", { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${site.url}/?server=${encodeURIComponent(srv.url)}`);
  await until(page, "status shows connected", () => document.querySelector("#status")?.dataset.status === "connected");
  await until(page, "the kiosk's channel is subscribed", (ch) => window.store.channels.includes(ch), CHANNEL);
  await recordIncoming(page);
  // useListen + useLastEvent: two listeners on kiosk_1.
  assert.equal(await listenersOn(page, "kiosk_1"), 2);

  checkIn(srv, "kiosk_1", "Ada", "A-1");
  checkIn(srv, "kiosk_2", "Bob", "B-2"); // another kiosk's channel: not for this component
  checkIn(srv, "kiosk_1", "Cy", "C-3");
  await until(page, "two kiosk_1 check-ins rendered", () => document.querySelectorAll("#kiosk li").length === 2);
  assert.deepEqual(await page.locator("#kiosk li").allTextContents(), [`Ada @ ${CHANNEL}`, `Cy @ ${CHANNEL}`]);
  assert.equal(await page.locator("#last").textContent(), "C-3");
  assert.ok((await page.evaluate(() => window.seen)).includes("AttendeeCheckedIn private.CheckIn.kiosk_2"), "kiosk_2's event did arrive");

  // State: a `state-change` merge, then v-model (updateState), both re-render.
  assert.equal((await post(srv.url, { event: "state-change", data: { changes: { checkin_count: 99 } } })).status, 200);
  await until(page, "state-change merged and rendered", () => document.querySelector("#count").textContent === "99");
  await page.fill("#count-input", "7");
  await until(page, "v-model update rendered", () => document.querySelector("#count").textContent === "7");
  assert.equal(await page.evaluate(() => window.store.getState().checkin_count), 7);

  await page.screenshot({ path: join(ARTIFACTS, "frameworks-vue.png") });

  // Unmount: the component's listeners are gone and its channel unsubscribed.
  await page.click("#toggle");
  await until(page, "kiosk unmounted", () => !document.querySelector("#kiosk"));
  assert.equal(await listenersOn(page, "kiosk_1"), 0);
  await until(page, "the kiosk's channel is unsubscribed", (ch) => !window.store.channels.includes(ch), CHANNEL);
  checkIn(srv, "kiosk_1", "Dee", "D-4");
  await until(page, "the check-in after unmount arrived", () => window.seen.includes("AttendeeCheckedIn private.CheckIn.kiosk_1") && window.seen.filter((s) => s.endsWith("kiosk_1")).length === 3);

  // Mount again: exactly the new component's listeners.
  await page.click("#toggle");
  await until(page, "kiosk mounted again", () => !!document.querySelector("#kiosk"));
  assert.equal(await listenersOn(page, "kiosk_1"), 2);
  checkIn(srv, "kiosk_1", "Eve", "E-5");
  await until(page, "the new component renders the next check-in", () => document.querySelectorAll("#kiosk li").length === 1);
  assert.deepEqual(await page.locator("#kiosk li").allTextContents(), [`Eve @ ${CHANNEL}`]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("Vue: after store.loadManifest the bindings' listeners keep working and follow the manifest", { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${site.url}/?server=${encodeURIComponent(srv.url)}`);
  await until(page, "status shows connected", () => document.querySelector("#status")?.dataset.status === "connected");
  await until(page, "the kiosk's channel is subscribed", (ch) => window.store.channels.includes(ch), CHANNEL);
  await manifestReloads(page, srv);
  assert.deepEqual(errors, []);
  await page.close();
});
