// plugwire/vue and plugwire/react as components use them. Compiled with `tsc --strict`.
import { createApp, defineComponent, h, type Ref } from "vue";
import { createPlugwire, useConnectionStatus as useVueStatus, useLastEvent as useVueLast, useListen as useVueListen, useStoreState as useVueState } from "plugwire/vue";
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";
import { PlugwireProvider, configurePlugwire, useConnectionStatus, useLastEvent, useListen, useStoreState } from "plugwire/react";
import { createStore, type ConnectionStatus } from "plugwire";

interface CheckIn {
  attendee_name: string;
  badge_number: string;
}

const CheckIns = defineComponent({
  setup() {
    const names: Ref<string[]> = useVueState<{ names: string[] }, "names">("names");
    const status = useVueStatus();
    const last = useVueLast<CheckIn>("kiosk_1", "checkedIn");
    const { listening, stop } = useVueListen<CheckIn>("primary", ["AttendeeCheckedIn"], (data, meta) => {
      console.log(data.attendee_name, meta.channel);
    });
    const state = useVueState<{ count: number }>();
    return () => h("p", [status.value, last.value?.badge_number, String(listening.value), state.value.count, names.value.join(), typeof stop]);
  },
});
createApp(CheckIns).use(createPlugwire({ manifest: "/app-manifest.json" })).mount("#app");

function Kiosk({ id }: { id: string }) {
  const [seen, setSeen] = useState<string[]>([]);
  const control = useListen<CheckIn>(id, "checkedIn", (data) => setSeen((s) => [...s, data.attendee_name]));
  const last = useLastEvent<CheckIn>(id, "checkedIn");
  const status: ConnectionStatus = useConnectionStatus();
  const count = useStoreState<{ count: number }, "count">("count");
  const total = useStoreState((s: { count?: number }) => s.count ?? 0);
  return (
    <p onClick={control.stop}>
      {status} {last?.badge_number} {seen.join(", ")} {count} {total}
    </p>
  );
}
const store = createStore({ manifest: "/app-manifest.json" });
configurePlugwire(store);
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <PlugwireProvider store={store}>
      <Kiosk id="kiosk_1" />
    </PlugwireProvider>
  </StrictMode>,
);
