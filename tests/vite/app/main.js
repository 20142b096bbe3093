// A Vite app using plugwire as a plugin author would: a bare import, no init call.
import { io, createStore, version } from "plugwire";

const status = document.getElementById("status");
const server = new URLSearchParams(location.search).get("server");
const socket = io(server, { transports: ["websocket"] });
socket.on("connect", async () => {
  const echoed = await socket.emitWithAck("echo", { from: "vite" });
  const store = createStore({ url: server, driver: "relay", devtools: false });
  status.textContent = `plugwire ${version()} connected; echo ${echoed.from}; store ${store.connectionStatus}`;
  status.dataset.state = "ok";
});
