// A client wrapper written for socket.io.min.js (a classic script, no modules): it calls `io()`
// synchronously, before plugwire's core has compiled, and registers its handlers at once.
const server = new URLSearchParams(location.search).get("server");
const log = (window.log = []);
const show = (...entry) => {
  log.push(entry);
  const li = document.createElement("li");
  li.textContent = JSON.stringify(entry);
  document.getElementById("log")?.append(li);
};

class Realtime {
  constructor(url) {
    this.socket = io(url, { transports: ["websocket", "polling"], reconnectionDelay: 1000 });
    this.socket.on("connect", () => show("connect", typeof this.socket.id, this.socket.connected));
    this.socket.io.on("reconnect_attempt", (n) => show("reconnect_attempt", n));
  }
  on(event, cb) {
    this.socket.on(event, cb);
    return this;
  }
  emit(event, data, ack) {
    this.socket.emit(event, data, ack);
  }
}

const realtime = new Realtime(server);
show("sync", realtime.socket.connected, realtime.socket.id === undefined, typeof io.connect);
realtime.on("AttendeeCheckedIn", (data) => show("socket AttendeeCheckedIn", data.attendee_name));
// socket.io's error-first ack after timeout(ms), chained before the core is ready.
realtime.socket.timeout(5000).emit("hello-everyone", { from: "script" }, (err, res) => show("ack", err, res?.ok));
// A Promise made before the core is ready can be awaited.
realtime.socket.emitWithAck("hello-again", 2).then((res) => show("emitWithAck", res.ok));

// The store, also usable at once.
const store = plugwire.createStore({
  url: server,
  devtools: false,
  manifest: { dependencies: [{ identifiers: ["kiosk_1", "kiosk_2"], model: "CheckIn", events: { checkedIn: "AttendeeCheckedIn" } }] },
});
window.store = store;
show("store sync", store.connectionStatus);
store.sockets.kiosk_2.checkedIn.listen((data, meta) => show("store kiosk_2", data.attendee_name, meta.channel));
store.sockets.kiosk_1.checkedIn.listen((data) => show("store kiosk_1", data.attendee_name));
// An unsubscribe function returned before the core is ready: calling it at once removes the listener.
const off = store.sockets.kiosk_2.checkedIn.listen((data) => show("removed listener", data.attendee_name));
off();
store.onStatusChange((s) => {
  document.getElementById("status").textContent = s;
  show("status", s);
});
plugwire.ready.then(() => show("ready", typeof plugwire.version(), io("/unused", { autoConnect: false }).connected));
