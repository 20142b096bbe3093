// plugwire/react in a real Vite + React app under <StrictMode>, served by Vite's dev server
// (React's development build: every effect mounts, unmounts and mounts again), in headless
// Chromium against `plugwire serve`, driven by `plugwire send`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { createServer } from "vite";
import { ARTIFACTS, checkIn, launch, listenersOn, manifestReloads, post, recordIncoming, startServer, until } from "./harness.mjs";

const ROOT = new URL("../../", import.meta.url).pathname;
const CHANNEL = "private.CheckIn.kiosk_1";
let srv;
let vite;
let browser;

before(async () => {
  srv = await startServer();
  vite = await createServer({ configFile: join(ROOT, "tests/frameworks/react/vite.config.js"), server: { port: 0, host: "127.0.0.1" } });
  await vite.listen();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await vite?.close();
  await srv?.stop();
});

test("React under StrictMode: one listener per hook, state and status via useSyncExternalStore, removed on unmount", { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`${vite.resolvedUrls.local[0]}?server=${encodeURIComponent(srv.url)}`);
  await until(page, "status shows connected", () => document.querySelector("#status")?.dataset.status === "connected", undefined, 20_000);
  await until(page, "the kiosk's channel is subscribed", (ch) => window.store.channels.includes(ch), CHANNEL);
  await recordIncoming(page);
  // StrictMode mounted every effect twice; useListen + useLastEvent leave one listener each.
  assert.equal(await page.evaluate(() => window.appMounts), 2, "StrictMode's double mount happened");
  assert.equal(await listenersOn(page, "kiosk_1"), 2);

  checkIn(srv, "kiosk_1", "Ada", "A-1");
  checkIn(srv, "kiosk_2", "Bob", "B-2");
  checkIn(srv, "kiosk_1", "Cy", "C-3");
  await until(page, "two kiosk_1 check-ins rendered", () => document.querySelectorAll("#kiosk li").length >= 2);
  await until(page, "every sent check-in arrived", () => window.seen.length === 3);
  // Each event delivered once (a doubled listener would render four).
  assert.deepEqual(await page.locator("#kiosk li").allTextContents(), [`Ada @ ${CHANNEL}`, `Cy @ ${CHANNEL}`]);
  assert.equal(await page.locator("#last").textContent(), "C-3");

  // State: the store's updateState, then a server `state-change` merge.
  await page.click("#bump");
  await until(page, "updateState rendered", () => document.querySelector("#count").textContent === "1");
  await page.evaluate(() => window.store.sockets.primary.listenForStateChange(() => {}));
  assert.equal((await post(srv.url, { event: "state-change", data: { changes: { checkin_count: 41 } } })).status, 200);
  await until(page, "state-change merged and rendered", () => document.querySelector("#count").textContent === "41");
  await page.click("#bump");
  await until(page, "updateState after the merge rendered", () => document.querySelector("#count").textContent === "42");

  await page.screenshot({ path: join(ARTIFACTS, "frameworks-react.png") });

  // Unmount: listeners gone, channel unsubscribed; an event after it reaches no component.
  await page.click("#toggle");
  await until(page, "kiosk unmounted", () => !document.querySelector("#kiosk"));
  assert.equal(await listenersOn(page, "kiosk_1"), 0);
  await until(page, "the kiosk's channel is unsubscribed", (ch) => !window.store.channels.includes(ch), CHANNEL);
  checkIn(srv, "kiosk_1", "Dee", "D-4");
  await until(page, "the check-in after unmount arrived", () => window.seen.length === 5);

  // Mount again (StrictMode doubles it again): one listener per hook, each event once.
  await page.click("#toggle");
  await until(page, "kiosk mounted again", () => !!document.querySelector("#kiosk"));
  assert.equal(await listenersOn(page, "kiosk_1"), 2);
  checkIn(srv, "kiosk_1", "Eve", "E-5");
  await until(page, "the next check-in arrived", () => window.seen.length === 6);
  await until(page, "the new component renders it", () => document.querySelectorAll("#kiosk li").length === 1);
  assert.deepEqual(await page.locator("#kiosk li").allTextContents(), [`Eve @ ${CHANNEL}`]);
  assert.equal(await page.locator("#last").textContent(), "E-5");
  assert.deepEqual(errors, []);
  await page.close();
});

test("React under StrictMode: after store.loadManifest the bindings' listeners keep working and follow the manifest", { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${vite.resolvedUrls.local[0]}?server=${encodeURIComponent(srv.url)}`);
  await until(page, "status shows connected", () => document.querySelector("#status")?.dataset.status === "connected", undefined, 20_000);
  await until(page, "the kiosk's channel is subscribed", (ch) => window.store.channels.includes(ch), CHANNEL);
  await manifestReloads(page, srv);
  assert.deepEqual(errors, []);
  await page.close();
});
