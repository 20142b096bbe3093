// A React plugin app as a plugin author writes it, under StrictMode (served by Vite's dev
// server, so React runs its development build: every effect mounts, unmounts and mounts again).
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { createStore } from "plugwire";
import { PlugwireProvider, useConnectionStatus, useLastEvent, useListen, useStoreState } from "plugwire/react";

const server = new URLSearchParams(location.search).get("server");
// Created once, outside React: a render (run twice under StrictMode) must not open connections.
const store = createStore({
  url: server,
  devtools: false,
  manifest: {
    dependencies: [{ identifiers: ["kiosk_1", "kiosk_2"], model: "CheckIn", events: { checkedIn: "AttendeeCheckedIn" } }],
  },
});
window.store = store; // for the test's checks

function Kiosk({ identifier }) {
  const [names, setNames] = useState([]);
  useListen(identifier, "checkedIn", (data, meta) => setNames((n) => [...n, `${data.attendee_name} @ ${meta.channel}`]));
  const last = useLastEvent(identifier, "checkedIn");
  return (
    <section id="kiosk">
      <h2>{identifier}</h2>
      <p id="last">{last?.badge_number ?? "no check-in yet"}</p>
      <ul>{names.map((n, i) => <li key={i}>{n}</li>)}</ul>
    </section>
  );
}

function App() {
  const status = useConnectionStatus();
  const count = useStoreState("checkin_count");
  const [showKiosk, setShowKiosk] = useState(true);
  // Counts mounts: 2 under StrictMode's development double mount (the test checks it happened).
  useEffect(() => {
    window.appMounts = (window.appMounts ?? 0) + 1;
  }, []);
  return (
    <>
      <p id="status" data-status={status}>{status}</p>
      <p id="count">{count ?? "none"}</p>
      <button id="bump" onClick={() => store.updateState("checkin_count", (count ?? 0) + 1)}>+1</button>
      <button id="toggle" onClick={() => setShowKiosk((s) => !s)}>{showKiosk ? "unmount" : "mount"} kiosk</button>
      {showKiosk && <Kiosk identifier="kiosk_1" />}
    </>
  );
}

createRoot(document.getElementById("root")).render(
  <StrictMode>
    <PlugwireProvider store={store}>
      <App />
    </PlugwireProvider>
  </StrictMode>,
);
