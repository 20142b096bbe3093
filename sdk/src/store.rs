//! The plugin store (wasm32): named listeners routed by event and channel, channel drivers,
//! shared state, connection status, local simulation and an event tap for the devtools.
//!
//! It sits on the socket layer's public JavaScript API (`onAny`, `on`, `emit`): the store never
//! sees packets. Listeners are kept here, one registry for the whole store, so that
//! unsubscribing is exact and counts are observable (no leaks).

use crate::prelude::*;

use alloc::rc::Rc;
use core::cell::{Cell, RefCell};

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::emitter::report_error;

/// How channel events reach the client.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Driver {
    /// Laravel Echo: `subscribe` / `unsubscribe` rooms, events arrive as `(event, channel, data)`.
    Echo,
    /// Plain Socket.IO: events arrive as `(data)`; listeners match on the event name alone.
    Relay,
}

/// The connection status shown to plugins.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Connecting for the first time.
    Connecting,
    /// Connected.
    Connected,
    /// Was connected; reconnecting.
    Disconnected,
    /// Could not connect (or gave up); still retrying unless reconnection ran out.
    Unavailable,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Connecting => "connecting",
            Status::Connected => "connected",
            Status::Disconnected => "disconnected",
            Status::Unavailable => "unavailable",
        }
    }
}

struct Entry {
    id: u32,
    event: String,
    /// `None`: any channel (primary listeners).
    channel: Option<String>,
    callback: Function,
    /// The dependency this listener belongs to (dropped by `loadManifest`).
    tag: Option<String>,
    /// `listenForStateChange`: merge the event's `changes` into the state before the callbacks.
    state_change: bool,
}

type Handler = Closure<dyn FnMut(JsValue, JsValue, JsValue)>;

/// The store.
pub struct StoreInner {
    socket: JsValue,
    driver: Driver,
    entries: RefCell<Vec<Entry>>,
    next_id: Cell<u32>,
    /// Echo driver: subscribed channels and how many listeners need each.
    channels: RefCell<Vec<(String, u32)>>,
    auth: JsValue,
    state: Object,
    status: Cell<Status>,
    ever_connected: Cell<bool>,
    status_listeners: RefCell<Vec<(u32, Function)>>,
    taps: RefCell<Vec<(u32, Function)>>,
    warned: RefCell<Vec<String>>,
    handlers: RefCell<Vec<(&'static str, bool, Handler)>>,
    closed: Cell<bool>,
}

fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn call_method(o: &JsValue, name: &str, args: &[JsValue]) -> JsValue {
    let f = get(o, name);
    match f.dyn_ref::<Function>() {
        Some(f) => f
            .apply(o, &args.iter().collect::<Array>())
            .unwrap_or(JsValue::UNDEFINED),
        None => JsValue::UNDEFINED,
    }
}

fn now() -> f64 {
    js_sys::Date::now()
}

impl StoreInner {
    /// A store over `socket` (a plugwire `Socket` object).
    pub fn new(socket: JsValue, driver: Driver, auth: JsValue) -> Rc<Self> {
        let store = Rc::new(StoreInner {
            socket,
            driver,
            entries: RefCell::default(),
            next_id: Cell::new(1),
            channels: RefCell::default(),
            auth,
            state: Object::new(),
            status: Cell::new(Status::Connecting),
            ever_connected: Cell::new(false),
            status_listeners: RefCell::default(),
            taps: RefCell::default(),
            warned: RefCell::default(),
            handlers: RefCell::default(),
            closed: Cell::new(false),
        });
        store.attach();
        store
    }

    fn attach(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        let mk = |f: fn(&StoreInner, JsValue, JsValue, JsValue)| {
            let weak = weak.clone();
            Closure::<dyn FnMut(JsValue, JsValue, JsValue)>::new(move |a, b, c| {
                if let Some(s) = weak.upgrade() {
                    f(&s, a, b, c);
                }
            })
        };
        // (method, on the manager?, handler)
        let handlers: Vec<(&'static str, bool, &'static str, Handler)> = vec![
            ("connect", false, "on", mk(|s, _, _, _| s.on_connect())),
            (
                "disconnect",
                false,
                "on",
                mk(|s, _, _, _| s.set_status(Status::Disconnected)),
            ),
            (
                "connect_error",
                false,
                "on",
                mk(|s, _, _, _| {
                    if !s.ever_connected.get() {
                        s.set_status(Status::Unavailable);
                    }
                }),
            ),
            (
                "reconnect_failed",
                true,
                "on",
                mk(|s, _, _, _| s.set_status(Status::Unavailable)),
            ),
            (
                "subscription_error",
                false,
                "on",
                mk(|s, channel, status, _| {
                    s.tap("error", "subscription_error", &channel, &status);
                    web_sys::console::warn_2(
                        &"plugwire: subscription refused for channel".into(),
                        &channel,
                    );
                }),
            ),
        ];
        let io = get(&self.socket, "io");
        let mut kept = Vec::new();
        for (event, on_manager, method, h) in handlers {
            let target = if on_manager { &io } else { &self.socket };
            call_method(target, method, &[event.into(), h.as_ref().clone()]);
            kept.push((event, on_manager, h));
        }
        // Every incoming event, and every outgoing one for the tap.
        let incoming = {
            let weak = weak.clone();
            Closure::<dyn FnMut(JsValue, JsValue, JsValue)>::new(move |event: JsValue, a, b| {
                if let Some(s) = weak.upgrade() {
                    s.on_event(event, a, b);
                }
            })
        };
        call_method(&self.socket, "onAny", &[incoming.as_ref().clone()]);
        kept.push(("*in", false, incoming));
        let outgoing =
            Closure::<dyn FnMut(JsValue, JsValue, JsValue)>::new(move |event: JsValue, a, b| {
                if let Some(s) = weak.upgrade() {
                    let name = event.as_string().unwrap_or_default();
                    if name == "subscribe" || name == "unsubscribe" {
                        s.tap("out", &name, &get(&a, "channel"), &a);
                    } else {
                        s.tap("out", &name, &JsValue::NULL, &a);
                        let _ = b;
                    }
                }
            });
        call_method(&self.socket, "onAnyOutgoing", &[outgoing.as_ref().clone()]);
        kept.push(("*out", false, outgoing));
        *self.handlers.borrow_mut() = kept;
        if get(&self.socket, "connected").as_bool() == Some(true) {
            self.on_connect();
        }
    }

    fn on_connect(&self) {
        self.ever_connected.set(true);
        self.set_status(Status::Connected);
        // Echo: (re)subscribe every channel someone listens on.
        let channels: Vec<String> = self
            .channels
            .borrow()
            .iter()
            .map(|(c, _)| c.clone())
            .collect();
        for c in channels {
            self.send_subscription("subscribe", &c);
        }
    }

    fn set_status(&self, status: Status) {
        if self.status.replace(status) == status || self.closed.get() {
            return;
        }
        let listeners: Vec<Function> = self
            .status_listeners
            .borrow()
            .iter()
            .map(|(_, f)| f.clone())
            .collect();
        for f in listeners {
            if let Err(e) = f.call1(&JsValue::UNDEFINED, &status.as_str().into()) {
                report_error(&e);
            }
        }
    }

    /// The primary socket (a plugwire `Socket` object).
    pub fn socket(&self) -> JsValue {
        self.socket.clone()
    }

    /// `connectionStatus`.
    pub fn status(&self) -> &'static str {
        self.status.get().as_str()
    }

    /// Splits an incoming event's arguments into `(channel, data)` for the driver.
    fn route_args(&self, a: JsValue, b: JsValue) -> (JsValue, JsValue) {
        match self.driver {
            Driver::Echo if !b.is_undefined() && (a.is_string() || a.is_null()) => (a, b),
            _ => (JsValue::NULL, a),
        }
    }

    fn on_event(&self, event: JsValue, a: JsValue, b: JsValue) {
        let (channel, data) = self.route_args(a, b);
        let name = event.as_string().unwrap_or_default();
        self.deliver(&name, &channel, &data, false);
    }

    /// Delivers an event to the listeners it is for; `simulated` marks local injections.
    fn deliver(&self, event: &str, channel: &JsValue, data: &JsValue, simulated: bool) {
        if self.closed.get() {
            return;
        }
        self.tap(
            if simulated { "simulated" } else { "in" },
            event,
            channel,
            data,
        );
        let ch = channel.as_string();
        let matching: Vec<(Function, bool)> = self
            .entries
            .borrow()
            .iter()
            .filter(|e| {
                e.event == event
                    && match (&e.channel, &ch) {
                        (None, _) => true,
                        // Relay, or an echo event without channel: match on the name alone.
                        (Some(_), None) => true,
                        (Some(want), Some(got)) => want == got,
                    }
            })
            .map(|e| (e.callback.clone(), e.state_change))
            .collect();
        if matching.iter().any(|(_, s)| *s) {
            self.merge_state(data);
        }
        let meta = Object::new();
        let _ = Reflect::set(&meta, &"event".into(), &event.into());
        let _ = Reflect::set(&meta, &"channel".into(), channel);
        for (f, _) in matching {
            if let Err(e) = f.call2(&JsValue::UNDEFINED, data, &meta) {
                self.tap("error", event, channel, &e);
                report_error(&e);
            }
        }
    }

    fn merge_state(&self, data: &JsValue) {
        let changes = get(data, "changes");
        let source = if changes.is_object() {
            changes
        } else {
            data.clone()
        };
        if source.is_object() {
            Object::assign(&self.state, source.unchecked_ref());
        }
    }

    fn tap(&self, direction: &str, event: &str, channel: &JsValue, payload: &JsValue) {
        // `plugwire:*` events are the tools' own (the devtools' ping), not the plugin's.
        if event.starts_with("plugwire:") {
            return;
        }
        let taps: Vec<Function> = self.taps.borrow().iter().map(|(_, f)| f.clone()).collect();
        if taps.is_empty() {
            return;
        }
        let record = Object::new();
        let _ = Reflect::set(&record, &"time".into(), &now().into());
        let _ = Reflect::set(&record, &"direction".into(), &direction.into());
        let _ = Reflect::set(&record, &"socket".into(), &"primary".into());
        let _ = Reflect::set(&record, &"event".into(), &event.into());
        let _ = Reflect::set(&record, &"channel".into(), channel);
        let _ = Reflect::set(&record, &"payload".into(), payload);
        for f in taps {
            if let Err(e) = f.call1(&JsValue::UNDEFINED, &record) {
                report_error(&e);
            }
        }
    }

    fn send_subscription(&self, kind: &str, channel: &str) {
        if self.driver != Driver::Echo {
            return;
        }
        let msg = Object::new();
        let _ = Reflect::set(&msg, &"channel".into(), &channel.into());
        let auth = if self.auth.is_object() {
            self.auth.clone()
        } else {
            let a = Object::new();
            let _ = Reflect::set(&a, &"headers".into(), &Object::new());
            a.into()
        };
        if kind == "subscribe" {
            let _ = Reflect::set(&msg, &"auth".into(), &auth);
        }
        if get(&self.socket, "connected").as_bool() == Some(true) {
            call_method(&self.socket, "emit", &[kind.into(), msg.into()]);
        }
    }

    /// Adds a listener; returns its id (for [`StoreInner::unlisten`]).
    pub fn listen(
        &self,
        event: String,
        channel: Option<String>,
        callback: Function,
        tag: Option<String>,
        state_change: bool,
    ) -> u32 {
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        if let Some(c) = channel.as_ref().filter(|_| self.driver == Driver::Echo) {
            let first = {
                let mut chans = self.channels.borrow_mut();
                match chans.iter_mut().find(|(k, _)| k == c) {
                    Some((_, n)) => {
                        *n += 1;
                        false
                    }
                    None => {
                        chans.push((c.clone(), 1));
                        true
                    }
                }
            };
            if first {
                self.send_subscription("subscribe", c);
            }
        }
        self.entries.borrow_mut().push(Entry {
            id,
            event,
            channel,
            callback,
            tag,
            state_change,
        });
        id
    }

    /// Removes a listener (idempotent); unsubscribes its channel when it was the last one.
    pub fn unlisten(&self, id: u32) {
        let removed = {
            let mut entries = self.entries.borrow_mut();
            entries
                .iter()
                .position(|e| e.id == id)
                .map(|i| entries.swap_remove(i))
        };
        if let Some(Entry {
            channel: Some(c), ..
        }) = removed
        {
            self.release_channel(&c);
        }
    }

    fn release_channel(&self, c: &str) {
        let last = {
            let mut chans = self.channels.borrow_mut();
            match chans.iter().position(|(k, _)| k == c) {
                Some(i) => {
                    let n = chans.get_mut(i).map(|(_, n)| {
                        *n -= 1;
                        *n
                    });
                    if n == Some(0) {
                        chans.swap_remove(i);
                        true
                    } else {
                        false
                    }
                }
                None => false,
            }
        };
        if last {
            self.send_subscription("unsubscribe", c);
        }
    }

    /// Removes every listener tagged `tag` (a dependency), or every tagged one for `None`.
    pub fn drop_tagged(&self, tag: Option<&str>) {
        let ids: Vec<u32> = self
            .entries
            .borrow()
            .iter()
            .filter(|e| match (tag, &e.tag) {
                (_, None) => false,
                (None, Some(_)) => true,
                (Some(t), Some(et)) => t == et,
            })
            .map(|e| e.id)
            .collect();
        for id in ids {
            self.unlisten(id);
        }
    }

    /// Number of registered listeners.
    pub fn listener_count(&self) -> usize {
        self.entries.borrow().len()
    }

    /// Listeners per socket: `{primary: n, <dependency>: n, …}`.
    pub fn listener_counts(&self) -> JsValue {
        let counts = Object::new();
        for e in self.entries.borrow().iter() {
            let key = JsValue::from(e.tag.as_deref().unwrap_or("primary"));
            let n = Reflect::get(&counts, &key)
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(0.0);
            let _ = Reflect::set(&counts, &key, &(n + 1.0).into());
        }
        counts.into()
    }

    /// Channels currently subscribed (echo driver).
    pub fn channels(&self) -> Array {
        self.channels
            .borrow()
            .iter()
            .map(|(c, _)| JsValue::from(c.as_str()))
            .collect()
    }

    /// `emitSocket`: emits on the connection (`args` may end with an ack).
    pub fn emit(&self, event: &JsValue, data: &JsValue, ack: &JsValue) {
        let mut args = vec![event.clone(), data.clone()];
        if ack.is_function() {
            args.push(ack.clone());
        }
        call_method(&self.socket, "emit", &args);
    }

    /// Warns once per unknown socket name.
    pub fn warn_unknown(&self, name: &str, known: &str) {
        let mut warned = self.warned.borrow_mut();
        if warned.iter().any(|w| w == name) {
            return;
        }
        warned.push(name.to_owned());
        let mut m = String::from("plugwire: emitSocket: unknown socket \"");
        m.push_str(name);
        m.push_str("\"; known sockets: ");
        m.push_str(known);
        web_sys::console::warn_1(&m.into());
    }

    /// `simulate(event, data, {channel})`: delivered exactly as if it came from the server.
    pub fn simulate(&self, event: &str, data: &JsValue, channel: &JsValue) {
        self.deliver(event, channel, data, true);
    }

    /// The shared state object.
    pub fn state(&self) -> JsValue {
        self.state.clone().into()
    }

    /// `updateState(key, value)`.
    pub fn update_state(&self, key: &JsValue, value: &JsValue) {
        let _ = Reflect::set(&self.state, key, value);
    }

    /// Adds a status listener or a tap; returns its id.
    pub fn add_callback(&self, tap: bool, f: Function) -> u32 {
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        if tap {
            self.taps.borrow_mut().push((id, f));
        } else {
            self.status_listeners.borrow_mut().push((id, f));
        }
        id
    }

    /// Removes a status listener or a tap.
    pub fn remove_callback(&self, id: u32) {
        self.taps.borrow_mut().retain(|(i, _)| *i != id);
        self.status_listeners.borrow_mut().retain(|(i, _)| *i != id);
    }

    /// `close()`: releases every listener and handler, and disconnects.
    pub fn close(&self) {
        if self.closed.replace(true) {
            return;
        }
        self.entries.borrow_mut().clear();
        self.channels.borrow_mut().clear();
        self.taps.borrow_mut().clear();
        self.status_listeners.borrow_mut().clear();
        let io = get(&self.socket, "io");
        for (event, on_manager, h) in self.handlers.borrow().iter() {
            match *event {
                "*in" => call_method(&self.socket, "offAny", &[h.as_ref().clone()]),
                "*out" => call_method(&self.socket, "offAnyOutgoing", &[h.as_ref().clone()]),
                e => call_method(
                    if *on_manager { &io } else { &self.socket },
                    "off",
                    &[e.into(), h.as_ref().clone()],
                ),
            };
        }
        call_method(&self.socket, "disconnect", &[]);
        self.status.set(Status::Disconnected);
    }
}
