// Unit tests of a plugin under vitest (run with happy-dom and with jsdom): the store without a
// server (`autoConnect: false`, events injected with `simulate`), a Vue component and a React
// component using the bindings, and io() against a real server.
import { afterEach, expect, test } from "vitest";
import { createApp, h, nextTick, ref } from "vue";
import { act, createElement } from "react";
import { createRoot } from "react-dom/client";
import { createStore, io } from "plugwire";
import { createPlugwire, useLastEvent, useListen } from "plugwire/vue";
import { PlugwireProvider, useStoreState } from "plugwire/react";
import { trackCheckIns } from "./checkins.js";

const manifest = { dependencies: [{ identifiers: ["kiosk_1", "kiosk_2"], model: "CheckIn", events: { checkedIn: "AttendeeCheckedIn" } }] };
// No connection: the plugin is tested on events injected locally, exactly as if they came in.
const offline = () => createStore({ manifest, devtools: false, io: { autoConnect: false } });
const checkIn = (store, kiosk, name) => store.simulate("AttendeeCheckedIn", { attendee_name: name }, { channel: `private.CheckIn.${kiosk}` });
const cleanup = [];
afterEach(() => cleanup.splice(0).forEach((fn) => fn()));

test("a plugin's listeners, fed with store.simulate", () => {
  const store = offline();
  cleanup.push(() => store.close());
  const stop = trackCheckIns(store, ["kiosk_1", "kiosk_2"]);
  checkIn(store, "kiosk_2", "Ada");
  checkIn(store, "kiosk_9", "nobody"); // another channel
  checkIn(store, "kiosk_1", "Bob");
  expect(store.getState().checkins).toEqual(["Ada at kiosk_2", "Bob at kiosk_1"]);
  stop();
  expect(store.listenerCount).toBe(0);
});

test("a Vue component: rendered from the composable, listener removed on unmount", async () => {
  const plugwire = createPlugwire(offline());
  cleanup.push(() => plugwire.store.close());
  const Badge = { setup: () => { const last = useLastEvent("kiosk_1", "checkedIn"); return () => h("p", last.value?.attendee_name ?? "none"); } };
  const el = document.createElement("div");
  document.body.append(el);
  const app = createApp(Badge).use(plugwire);
  app.mount(el);
  expect(el.textContent).toBe("none");
  checkIn(plugwire.store, "kiosk_1", "Ada");
  await nextTick();
  expect(el.textContent).toBe("Ada");
  expect(plugwire.store.listenerCount).toBe(1);
  app.unmount();
  expect(plugwire.store.listenerCount).toBe(0);
});

test("a Vue plugin closes the store it created when the app unmounts, not one it was given", () => {
  const created = createPlugwire({ manifest, devtools: false, io: { autoConnect: false } });
  const given = createPlugwire(offline());
  cleanup.push(() => given.store.close());
  for (const p of [created, given]) {
    const app = createApp({ render: () => h("p") }).use(p);
    app.mount(document.createElement("div"));
    app.unmount();
    p.store.listenSocket("primary", "x", () => {}); // a closed store registers nothing
  }
  expect([created.store.listenerCount, given.store.listenerCount]).toEqual([0, 1]);
});

test("a Vue listener on a ref follows it from one kiosk to another", async () => {
  const plugwire = createPlugwire(offline());
  cleanup.push(() => plugwire.store.close());
  const kiosk = ref("kiosk_1");
  const got = [];
  const app = createApp({ setup: () => (useListen(kiosk, "checkedIn", (d, meta) => got.push(`${d.attendee_name} ${meta.channel}`)), () => h("p")) }).use(plugwire);
  app.mount(document.createElement("div"));
  checkIn(plugwire.store, "kiosk_1", "Ada");
  kiosk.value = "kiosk_2";
  await nextTick();
  checkIn(plugwire.store, "kiosk_1", "Bob"); // no longer listened to
  checkIn(plugwire.store, "kiosk_2", "Cy");
  expect(got).toEqual(["Ada private.CheckIn.kiosk_1", "Cy private.CheckIn.kiosk_2"]);
  expect(plugwire.store.listenerCounts).toEqual({ kiosk_2: 1 });
  app.unmount();
  expect(plugwire.store.listenerCount).toBe(0);
});

test("a React component: state read with useSyncExternalStore", async () => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  const store = offline();
  cleanup.push(() => store.close());
  const Count = () => createElement("p", null, String(useStoreState("checkin_count") ?? "none"));
  const el = document.createElement("div");
  document.body.append(el);
  const root = createRoot(el);
  await act(() => root.render(createElement(PlugwireProvider, { store }, createElement(Count))));
  expect(el.textContent).toBe("none");
  await act(() => store.updateState("checkin_count", 3));
  expect(el.textContent).toBe("3");
  await act(() => root.unmount());
});

test("io() connects to a real socket.io server from the test environment", async () => {
  const url = process.env.PLUGWIRE_TEST_SERVER;
  expect(url, "PLUGWIRE_TEST_SERVER: the Node socket.io server started by tests/node/node.test.mjs").toBeTruthy();
  const socket = io(url, { forceNew: true, reconnection: false });
  cleanup.push(() => socket.disconnect());
  await new Promise((ok, fail) => {
    socket.once("connect", ok);
    socket.once("connect_error", fail);
  });
  expect(await socket.timeout(5000).emitWithAck("echo", { from: "vitest" })).toEqual({ from: "vitest" });
});
