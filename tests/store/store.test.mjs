// The plugin store against the plugwire dev server (echo wire), in headless Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, post, cli } from "../devserver/harness.mjs";
import { openPage, inPage, MANIFEST } from "./harness.mjs";

const T = { timeout: 30_000 };
let srv;
let browser;
let page;
before(async () => {
  srv = await startServer();
  ({ browser, page } = await openPage(srv.url));
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test("channel isolation: a dependency listener fires for its channel only; primary sees both", T, async () => {
  const sent = inPage(page, async ({ createStore, url, manifest }) => {
    const store = createStore({ url, manifest });
    await T.until(() => store.connectionStatus === "connected");
    const got = { bp1: [], bp2: [], primary: [], hook: [] };
    store.sockets.badge_printer_1.completed.listen((d, meta) => got.bp1.push([d.id, meta.channel, meta.event]));
    store.sockets.badge_printer_2.completed.listen((d) => got.bp2.push(d.id));
    store.listenSocket("primary", "BadgePrintJobCompleted", (d) => got.primary.push(d.id));
    store.useSocketListener("badge_printer_1", "completed", (d) => got.hook.push(d.id));
    window.isoStore = store;
    window.isoGot = got;
    return store.sockets.badge_printer_1.channel;
  }, { url: srv.url, manifest: MANIFEST });
  assert.equal(await sent, "private.BadgePrinter.badge_printer_1");
  await post(srv.url, { event: "BadgePrintJobCompleted", channel: "private.BadgePrinter.badge_printer_2", data: { id: 2 } });
  await post(srv.url, { event: "BadgePrintJobCompleted", channel: "private.BadgePrinter.badge_printer_1", data: { id: 1 } });
  const got = await page.evaluate(async () => {
    await T.until(() => window.isoGot.primary.length === 2);
    window.isoStore.close();
    return window.isoGot;
  });
  assert.deepEqual(got, {
    bp1: [[1, "private.BadgePrinter.badge_printer_1", "BadgePrintJobCompleted"]],
    bp2: [2],
    primary: [2, 1],
    hook: [1],
  });
});

test("the seed guide's store examples work as written", T, async () => {
  const r = inPage(page, async ({ createStore, url, manifest }) => {
    const store = createStore({ url, manifest });
    await T.until(() => store.connectionStatus === "connected");
    const log = [];
    store.listenSocket("primary", "AiSessionMessageCreated", (data) => log.push(["ai", data.type]));
    store.useSocketListener("badge_printer_1", "completed", (result) => { if (result.success) log.push(["badge printed"]); });
    const socket = store.sockets.primary;
    socket.listenForStateChange((newState) => {
      log.push(["state", newState.value, store.state.theme, store.state.remote_value]);
      store.updateState("remote_value", newState.value);
    });
    store.sockets["badge_printer_1"].created.listen((data) => log.push(["created", data.status]));
    store.listenSocket("primary", "AttendeeCheckedIn", function handleCheckIn(data) {
      store.updateState("last_checkin", data);
      store.emitSocket("primary", "PrintBadge", { attendee_id: data.attendee_id, badge_number: data.badge_number });
      log.push(["checkin", data.attendee_name]);
    });
    const emitted = store.emitSocket("primary", "user-action", { action: "button_click", button_id: "checkin-submit", timestamp: new Date().toISOString() });
    window.seedStore = store;
    window.seedLog = log;
    return emitted;
  }, { url: srv.url, manifest: MANIFEST });
  assert.equal(await r, true);
  for (const event of ["AiSessionMessageCreated", "BadgePrintJobCreated", "BadgePrintJobCompleted", "state-change", "AttendeeCheckedIn"]) {
    const res = cli(["send", "--event", event, "--url", srv.url, "--events", srv.events]);
    assert.equal(res.code, 0, res.stderr);
  }
  const out = await page.evaluate(async () => {
    await T.until(() => window.seedLog.length === 5);
    const state = { ...window.seedStore.state };
    window.seedStore.close();
    return { log: window.seedLog, remote: state.remote_value, last: state.last_checkin?.badge_number };
  });
  assert.deepEqual(out.log, [["ai", "completion"], ["created", "queued"], ["badge printed"], ["state", 42, "dark", 42], ["checkin", "John Doe"]]);
  assert.equal(out.remote, 42);
  assert.equal(out.last, "A-0042");
});

test("unknown socket names: emitSocket returns false and warns once, naming the known sockets", T, async () => {
  page.warnings.length = 0;
  const r = await inPage(page, async ({ createStore, url, manifest }) => {
    const store = createStore({ url, manifest });
    const results = [store.emitSocket("nope", "x", {}), store.emitSocket("nope", "x", {}), store.emitSocket("badge_printer_1", "x", {})];
    store.close();
    return results;
  }, { url: srv.url, manifest: MANIFEST });
  assert.deepEqual(r, [false, false, true]);
  const warnings = page.warnings.filter((w) => w.includes('unknown socket "nope"'));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /known sockets: primary, badge_printer_1, badge_printer_2, kiosk_1, kiosk_2/);
});

test("listeners: unsubscribe works, 10,000 cycles leave nothing, loadManifest twice leaves no duplicates", T, async () => {
  const r = await inPage(page, async ({ createStore, url, manifest }) => {
    const store = createStore({ url, manifest });
    await T.until(() => store.connectionStatus === "connected");
    for (let i = 0; i < 10000; i++) {
      const off = store.sockets.kiosk_1.checkedIn.listen(() => {});
      const off2 = store.listenSocket("primary", "x", () => {});
      off();
      off2();
      off();
    }
    const afterCycles = [store.listenerCount, store.channels.length];
    let calls = 0;
    store.loadManifest(manifest);
    store.sockets.kiosk_2.checkedIn.listen(() => calls++);
    await store.loadManifest(manifest);
    const afterReload = [store.listenerCount, store.channels.length];
    store.sockets.kiosk_2.checkedIn.listen(() => calls++);
    store.simulate("AttendeeCheckedIn", { id: 1 }, { channel: "private.CheckIn.kiosk_2" });
    store.close();
    return { afterCycles, afterReload, calls, noEvents: "ai_interface_background_remover" in store.sockets && !("created" in store.sockets.ai_interface_background_remover) };
  }, { url: srv.url, manifest: MANIFEST });
  assert.deepEqual(r, { afterCycles: [0, 0], afterReload: [0, 0], calls: 1, noEvents: true });
});

test("simulate reaches the right listeners and the inspect tap sees events in and out", T, async () => {
  const r = await inPage(page, async ({ createStore, url, manifest }) => {
    const store = createStore({ url, manifest });
    await T.until(() => store.connectionStatus === "connected");
    const records = [];
    const offTap = store.inspect((rec) => records.push([rec.direction, rec.event, rec.channel, typeof rec.time]));
    const got = [];
    store.sockets.kiosk_1.checkedIn.listen((d) => got.push(["k1", d.n]));
    store.sockets.kiosk_2.checkedIn.listen((d) => got.push(["k2", d.n]));
    store.simulate("AttendeeCheckedIn", { n: 1 }, { channel: "private.CheckIn.kiosk_2" });
    store.simulate("AttendeeCheckedIn", { n: 2 }, { channel: "private.CheckIn.kiosk_1" });
    store.emitSocket("primary", "hello", { a: 1 });
    offTap();
    store.simulate("AttendeeCheckedIn", { n: 3 }, { channel: "private.CheckIn.kiosk_1" });
    store.close();
    return { got, records: records.filter((r) => r[1] !== "subscribe") };
  }, { url: srv.url, manifest: MANIFEST });
  assert.deepEqual(r.got, [["k2", 1], ["k1", 2], ["k1", 3]]);
  assert.deepEqual(r.records, [
    ["simulated", "AttendeeCheckedIn", "private.CheckIn.kiosk_2", "number"],
    ["simulated", "AttendeeCheckedIn", "private.CheckIn.kiosk_1", "number"],
    ["out", "hello", null, "number"],
  ]);
});

test("a throwing callback is reported and does not stop the others", T, async () => {
  page.errors.length = 0;
  const r = await inPage(page, async ({ createStore, url }) => {
    const store = createStore({ url });
    const got = [];
    const errors = [];
    store.inspect((rec) => rec.direction === "error" && errors.push(rec.event));
    store.listenSocket("primary", "E", () => { throw new Error("listener bug"); });
    store.listenSocket("primary", "E", (d) => got.push(d));
    store.simulate("E", 7);
    store.close();
    return { got, errors };
  }, { url: srv.url });
  assert.deepEqual(r, { got: [7], errors: ["E"] });
  await page.waitForTimeout(50);
  assert.ok(page.errors.some((e) => e.includes("listener bug")), "reported as an uncaught error");
});
