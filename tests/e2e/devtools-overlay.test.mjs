// The devtools overlay itself, with `plugwire serve`: on an io()-only page, the Connection tab
// across a reconnect, the keyboard (WAI-ARIA tabs, focus in and out), resizing, 400 px, and
// screenshots of every tab in both docks and both themes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { startServer, post } from "../devserver/harness.mjs";
import { ARTIFACTS } from "./browser.mjs";
import { serveAndLaunch, dt, demo, compose, sendAndWait, mode, openTab, setting, until } from "./devtools-page.mjs";

const T = { timeout: 90_000 };
/** `plugwire serve` and Chromium, for every test of this file. */
const env = serveAndLaunch();

/** A port free right now (for a server that is stopped and started again on it). */
const freePort = () =>
  new Promise((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

/** The dev server's io()-only page (www/io.html): a socket and a listener, no store. */
async function ioPage(context, socketUrl) {
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  await page.goto(`${env.server.url}/io.html?socket=${encodeURIComponent(socketUrl)}`);
  await page.locator("#status[data-state=connected]").waitFor({ timeout: 10_000 });
  return page;
}

test("an io()-only page gets the overlay: its socket's traffic is logged and it can be simulated", T, async () => {
  const context = await env.browser.newContext();
  const page = await ioPage(context, env.server.url);
  await page.keyboard.press("Control+Shift+D");
  await dt(page, "input[aria-label=event]").waitFor();
  assert.equal(await dt(page, "select[aria-label=socket]").inputValue(), "io /");
  // Through the dev server: it reaches the page's socket, and says which listener got it.
  await compose(page, "Greeting", "", '{"hello": "from the server"}');
  assert.match(await sendAndWait(page, "ok"), /^Sent Greeting to 1 client at [\d:.]+; received by 1 listener:$/);
  assert.deepEqual(await dt(page, "ul.reached li").allTextContents(), ["io / · onGreeting()"]);
  await page.locator("#got li", { hasText: "from the server" }).waitFor();
  // Local inject calls the socket's listeners.
  await compose(page, "Greeting", "", '{"hello": "injected"}');
  await mode(page, "local");
  assert.match(await sendAndWait(page, "ok"), /^Injected Greeting locally at [\d:.]+; received by 1 listener:$/);
  await page.locator("#got li", { hasText: "injected" }).waitFor();
  // Emit with an ack.
  await compose(page, "io-ping", "", '{"x": 1}');
  await mode(page, "emit");
  await dt(page, "input[aria-label='wait for ack']").check();
  assert.match(await sendAndWait(page, "ok"), /^Emitted io-ping on io \/ \(1 argument\) at [\d:.]+; the server answered:$/);
  // All of it is in the log, on the io() socket.
  await openTab(page, "Event Log");
  await dt(page, "tr.entry[data-direction=in]:has-text('Greeting')").first().waitFor();
  await dt(page, "tr.entry[data-direction=out]:has-text('io-ping')").waitFor();
  assert.deepEqual([...new Set(await dt(page, "tr.entry td:nth-child(3)").allTextContents())], ["io /"]);
  await openTab(page, "Connection");
  await dt(page, ".card:has-text('io /') .status[data-status=connected]").waitFor();
  assert.equal(await dt(page, ".card").count(), 1, "no store card on an io()-only page");
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("an io()-only page's traffic from before the overlay opened is in the log, per socket and direction", T, async () => {
  const context = await env.browser.newContext();
  const page = await ioPage(context, env.server.url);
  const loaded = [];
  page.on("request", (r) => r.url().includes("devtools") && loaded.push(r.url()));
  // A second io() socket emits (with an ack) before the overlay is ever opened.
  const answer = await page.evaluate(async (url) => {
    const { io } = await import("plugwire");
    window.second = io(url, { forceNew: true });
    await new Promise((ok, fail) => {
      window.second.once("connect", ok);
      setTimeout(() => fail(new Error("second socket: no connect within 10 s")), 10_000);
    });
    return window.second.timeout(5000).emitWithAck("io-ping", { before: "open" });
  }, env.server.url);
  assert.ok(answer, "the server answered io-ping");
  // The server sends Greeting to every client: both sockets receive it.
  await post(env.server.url, { event: "Greeting", data: { hello: "before the overlay" } });
  await page.locator("#got li", { hasText: "before the overlay" }).waitFor();
  assert.equal(await page.evaluate(() => window.plugwireDevtools.isOpen()), false);
  assert.deepEqual(loaded, [], "the overlay was not loaded yet");
  await page.keyboard.press("Control+Shift+D");
  await openTab(page, "Event Log");
  const row = (dir, socket, event) =>
    dt(page, `tr.entry[data-direction=${dir}]`).filter({ has: page.locator(`td:nth-child(3)`, { hasText: new RegExp(`^${socket}$`) }) }).filter({ hasText: event });
  await row("in", "io /", "Greeting").waitFor();
  await row("in", "io / #2", "Greeting").waitFor();
  await row("out", "io / #2", "io-ping").waitFor();
  assert.equal(await row("out", "io /", "io-ping").count(), 0, "the emit is on the socket that made it");
  // The incoming event names the listener that received it; the emit's payload is the one sent.
  await row("in", "io /", "Greeting").click();
  await dt(page, "tr.payload .details:has-text('Received by: io / · onGreeting()')").waitFor();
  await row("out", "io / #2", "io-ping").click();
  await dt(page, "tr.payload .tree:has-text('\"open\"')").waitFor();
  assert.equal(await dt(page, "tr.entry:has-text('plugwire:')").count(), 0, "the tools' own events are not logged");
  await page.screenshot({ path: `${ARTIFACTS}devtools-io-history.png` });
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("the Connection tab stays true across a reconnect", T, async () => {
  const port = await freePort();
  let socketServer = await startServer({ port });
  const context = await env.browser.newContext();
  const page = await demo(context, env.server.url, socketServer.url);
  await openTab(page, "Connection");
  const card = dt(page, ".card").first();
  const facts = () => card.textContent();
  await until(page, "a round trip measured", () => /\d+ ms \(plugwire:ping\)/.test(document.querySelector("plugwire-devtools").shadowRoot.querySelector(".card").textContent));
  await socketServer.stop();
  await dt(page, ".card .status[data-status=disconnected]").waitFor({ timeout: 10_000 });
  await until(page, "reconnection attempts counted", () => /reconnect attempts[1-9]/.test(document.querySelector("plugwire-devtools").shadowRoot.querySelector(".card").textContent), null, 15_000);
  let text = await facts();
  assert.match(text, /ping round tripn\/a \(not connected\)/);
  assert.match(text, /last error.+ at \d\d:\d\d/);
  await page.screenshot({ path: `${ARTIFACTS}devtools-connection-down.png` });

  socketServer = await startServer({ port });
  await dt(page, ".card .status[data-status=connected]").waitFor({ timeout: 20_000 });
  await until(page, "a round trip measured again", () => /\d+ ms \(plugwire:ping\)/.test(document.querySelector("plugwire-devtools").shadowRoot.querySelector(".card").textContent));
  text = await facts();
  assert.match(text, /reconnect attempts0 \(\d+ before the last reconnect\)/);
  assert.match(text, /reconnects1/);
  assert.match(text, /last errornone since connected \(before: .+\)/);
  assert.doesNotMatch(text, /not connected/);
  await context.close();
  await socketServer.stop();
});

test("keyboard: focus moves into the overlay and back; tabs follow the arrow keys", T, async () => {
  const context = await env.browser.newContext();
  const page = await demo(context, env.server.url);
  await page.evaluate(() => {
    const b = document.createElement("button");
    b.id = "page-button";
    b.textContent = "page";
    document.body.prepend(b);
    b.focus();
  });
  await page.keyboard.press("Control+Shift+D");
  await dt(page, "[role=tablist]").waitFor();
  const focused = () => page.evaluate(() => document.querySelector("plugwire-devtools")?.shadowRoot.activeElement?.id ?? document.activeElement?.id);
  assert.equal(await focused(), "pw-tab-simulator");
  assert.equal(await dt(page, "#pw-panel-simulator").getAttribute("role"), "tabpanel");
  assert.equal(await dt(page, "#pw-panel-simulator").getAttribute("aria-labelledby"), "pw-tab-simulator");
  assert.equal(await dt(page, "#pw-tab-simulator").getAttribute("aria-controls"), "pw-panel-simulator");
  await page.keyboard.press("ArrowRight");
  assert.equal(await focused(), "pw-tab-log");
  assert.equal(await dt(page, "#pw-tab-log").getAttribute("aria-selected"), "true");
  assert.equal(await dt(page, "#pw-tab-simulator").getAttribute("tabindex"), "-1");
  assert.equal(await dt(page, "#pw-panel-log").isVisible(), true);
  assert.equal(await dt(page, "#pw-panel-simulator").isVisible(), false);
  await page.keyboard.press("End");
  assert.equal(await focused(), "pw-tab-connection");
  await page.keyboard.press("ArrowRight");
  assert.equal(await focused(), "pw-tab-simulator", "wraps around");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await focused(), "pw-tab-connection");
  await page.keyboard.press("Home");
  assert.equal(await focused(), "pw-tab-simulator");
  await page.keyboard.press("Escape");
  await page.locator("plugwire-devtools").waitFor({ state: "detached" });
  assert.equal(await page.evaluate(() => document.activeElement?.id), "page-button");
  await context.close();
});

test("drag the edge to resize; at 400 px the header is one row and nothing is clipped", T, async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await demo(context, env.server.url);
  await openTab(page, "Socket Simulator");
  const host = page.locator("plugwire-devtools");
  const before = (await host.boundingBox()).height;
  const edge = await dt(page, "[role=separator]").boundingBox();
  await page.mouse.move(edge.x + 200, edge.y + edge.height / 2);
  await page.mouse.down();
  await page.mouse.move(edge.x + 200, edge.y - 120, { steps: 5 });
  await page.mouse.up();
  const after = (await host.boundingBox()).height;
  assert.ok(Math.abs(after - before - 120) <= 4, `height ${before} -> ${after}`);
  // The keyboard resizes too, and the size persists.
  await dt(page, "[role=separator]").focus();
  await page.keyboard.press("ArrowDown");
  assert.ok(Math.abs((await host.boundingBox()).height - (after - 20)) <= 2);
  await page.reload();
  await dt(page, "[role=tablist]").waitFor({ timeout: 10_000 });
  assert.ok(Math.abs((await host.boundingBox()).height - (after - 20)) <= 2, "the size persists");
  // The send confirmation is in view at 1280×800.
  await compose(page, "AttendeeCheckedIn", "private.CheckIn.kiosk_1");
  await sendAndWait(page, "ok");
  assert.equal(await dt(page, "p.outcome").isVisible(), true);
  const line = await dt(page, "p.outcome").boundingBox();
  assert.ok(line.y + line.height <= 800, "the outcome is above the fold");

  await page.setViewportSize({ width: 400, height: 720 });
  for (const tab of ["Socket Simulator", "Event Log", "Connection"]) {
    await openTab(page, tab);
    const header = await dt(page, "header").boundingBox();
    assert.ok(header.height < 44, `${tab}: one header row (${header.height} px)`);
    for (const t of await dt(page, "button[role=tab]").all()) {
      const b = await t.boundingBox();
      assert.ok(b.x >= 0 && b.x + b.width <= 400, `${tab}: the tab ${await t.textContent()} is inside the 400 px`);
    }
    const overflow = await page.evaluate(() => {
      const main = document.querySelector("plugwire-devtools").shadowRoot.querySelector("main");
      return main.scrollWidth - main.clientWidth;
    });
    assert.ok(overflow <= 0, `${tab}: no horizontal overflow (${overflow} px)`);
  }
  await context.close();
});

test("screenshots: every tab, both docks, both themes, and 400 px", T, async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await demo(context, env.server.url);
  // Something to show: a send, log rows, a payload open.
  await compose(page, "AttendeeCheckedIn", "private.CheckIn.kiosk_2");
  await sendAndWait(page, "ok");
  await openTab(page, "Event Log");
  await dt(page, "tr.entry[data-direction=in]:has-text('AttendeeCheckedIn')").first().click();
  await openTab(page, "Connection");
  await until(page, "a round trip measured", () => /\d+ ms/.test(document.querySelector("plugwire-devtools").shadowRoot.querySelector(".card").textContent));
  const shots = [];
  for (const theme of ["light", "dark"]) {
    await setting(page, "theme", theme);
    for (const dock of ["bottom", "right"]) {
      await setting(page, "dock", dock);
      for (const [tab, name] of [["Socket Simulator", "simulator"], ["Event Log", "log"], ["Connection", "connection"]]) {
        await openTab(page, tab);
        const path = `${ARTIFACTS}devtools-${name}-${dock}-${theme}.png`;
        await page.screenshot({ path });
        shots.push(path);
      }
    }
  }
  await setting(page, "theme", "light");
  await setting(page, "dock", "bottom");
  await page.setViewportSize({ width: 400, height: 760 });
  await dt(page, "[role=separator]").focus();
  for (let i = 0; i < 8; i++) await page.keyboard.press("ArrowUp");
  for (const [tab, name] of [["Socket Simulator", "simulator"], ["Event Log", "log"], ["Connection", "connection"]]) {
    await openTab(page, tab);
    const path = `${ARTIFACTS}devtools-${name}-400px.png`;
    await page.screenshot({ path });
    shots.push(path);
  }
  assert.equal(shots.length, 15);
  assert.deepEqual(page.errors, []);
  await context.close();
});
