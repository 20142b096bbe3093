// A Vue plugin app as a plugin author writes it: the store provided by the plugin.
import { createApp } from "vue";
import { createPlugwire } from "plugwire/vue";
import App from "./App.vue";

const server = new URLSearchParams(location.search).get("server");
const plugwire = createPlugwire({
  url: server,
  devtools: false,
  manifest: {
    dependencies: [{ identifiers: ["kiosk_1", "kiosk_2"], model: "CheckIn", events: { checkedIn: "AttendeeCheckedIn" } }],
  },
});
window.store = plugwire.store; // for the test's checks
// `state-change` events merge their `changes` into the state (and so re-render useStoreState).
plugwire.store.sockets.primary.listenForStateChange(() => {});
createApp(App).use(plugwire).mount("#app");
