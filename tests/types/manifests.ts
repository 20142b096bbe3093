// Manifests as plugins hold them: inline, in a variable, imported from JSON, with `identifiers`;
// and the store API the tool plugwire replaces. Compiled with `tsc --strict`.
import { createStore, type Store } from "plugwire";
import appManifest from "../../www/app-manifest.json";

// Inline, with `identifiers`: each identifier keeps its dependency's event types.
const inline = createStore({
  manifest: {
    dependencies: [
      { identifier: "badge_printer_1", model: "BadgePrinter", events: { created: "BadgePrintJobCreated", completed: "BadgePrintJobCompleted" } },
      { identifiers: ["kiosk_1", "kiosk_2"], model: "CheckIn", events: { checkedIn: "AttendeeCheckedIn" } },
    ],
  },
});
inline.sockets.kiosk_1.checkedIn.listen((data, meta) => console.log(data, meta.channel));
inline.sockets.kiosk_2.checkedIn.listen(() => {});
inline.sockets.badge_printer_1.completed.listen(() => {});
// @ts-expect-error: kiosks have no `completed` event type
inline.sockets.kiosk_1.completed.listen(() => {});
// @ts-expect-error: not an identifier of the manifest
inline.sockets.kiosk_3.checkedIn.listen(() => {});

// In a variable (types widened to string): any identifier, the declared event types.
const manifest = {
  dependencies: [
    { identifier: "badge_printer_1", model: "BadgePrinter", events: { created: "BadgePrintJobCreated", completed: "BadgePrintJobCompleted" } },
  ],
};
const fromVariable = createStore({ manifest });
fromVariable.sockets["badge_printer_1"].created.listen((data) => console.log("Print job created:", data));
const channel: string = fromVariable.sockets.badge_printer_1.channel;
// @ts-expect-error: not an event type the manifest declares
fromVariable.sockets.badge_printer_1.craeted.listen(() => {});

// Imported from app-manifest.json (resolveJsonModule).
const fromJson = createStore({ manifest: appManifest, url: "http://localhost:3069" });
fromJson.sockets.kiosk_2.checkedIn.listen(() => {});
fromJson.sockets["badge_printer_1"].updated.listen(() => {});

// From a URL: known only at run time, any identifier and event type.
const fromUrl = createStore({ manifest: "/app-manifest.json" });
fromUrl.sockets["badge_printer_1"].created.listen((data) => console.log(data));
const off = fromUrl.sockets["badge_printer_1"].completed.listen(() => {});
off();

// The names of the tool plugwire replaces, beside the guide's.
fromUrl.sockets.primary.listen("AttendeeCheckedIn", (data) => console.log(data));
fromUrl.sockets.primary.broadcast("user-action", { action: "button_click" });
fromUrl.listen("primary", "AttendeeCheckedIn", () => {});
fromUrl.listen("AttendeeCheckedIn", "kiosk_1", () => {});
const sent: boolean = fromUrl.broadcast("primary", "user-action", { action: "x" });

// A subscribable state.
const typed: Store<{ checkin_count: number }> = createStore<{ checkin_count: number }>();
const stop = typed.subscribe((state) => console.log(state.checkin_count + 1));
const count: number | undefined = typed.getState().checkin_count;
typed.updateState("checkin_count", 99);
stop();
console.log(inline, channel, fromJson, sent, count);
