//! The plugin store in Rust: the same core ([`crate::store::StoreCore`]: routing by event and
//! channel, the echo driver's subscriptions, the connection status) as the JavaScript store,
//! with serde-typed callbacks and listener handles.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

mod types;

pub use types::{Direction, Meta, Record, StoreOptions};

use super::listener::{Listener, Registry};
use super::manifest::{DependencySocket, Manifest};
use super::payload::{Payload, PayloadError};
use super::{io, Error, ManagerEvent, Options, Socket, SocketEvent};
use crate::store::{Driver, Name, SocketEvent as CoreEvent, Status, StoreCore, Subscription};

type Callback = Rc<RefCell<dyn FnMut(&Value, &Meta)>>;

struct Entry {
    cb: Callback,
    state_change: bool,
    tag: Option<String>,
}

/// Strings as the numbers the core routes by (0 is never a name).
#[derive(Default)]
struct Names {
    ids: HashMap<String, Name>,
    strings: Vec<String>,
}

impl Names {
    fn of(&mut self, s: &str) -> Name {
        if let Some(n) = self.ids.get(s) {
            return *n;
        }
        self.strings.push(s.to_owned());
        let n = self.strings.len() as Name;
        self.ids.insert(s.to_owned(), n);
        n
    }

    fn get(&self, n: Name) -> Option<&str> {
        self.strings
            .get((n as usize).checked_sub(1)?)
            .map(String::as_str)
    }
}

struct StoreShared {
    core: RefCell<StoreCore>,
    socket: Socket,
    echo: bool,
    channel_auth: Value,
    names: RefCell<Names>,
    entries: RefCell<HashMap<u32, Entry>>,
    deps: RefCell<Vec<DependencySocket>>,
    state: RefCell<Map<String, Value>>,
    status: Rc<Registry<(), Status>>,
    taps: Rc<Registry<(), Record>>,
    subscriptions: RefCell<Vec<Listener>>,
}

/// The plugin store: the primary socket, the manifest's dependency sockets, shared state and
/// the connection status, on one connection.
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// use plugwire::web::{Manifest, Store, StoreOptions};
/// let manifest: Manifest = serde_json::from_str(r#"{"dependencies": [{"identifier": "badge_printer_1",
///   "model": "BadgePrinter", "events": {"completed": "BadgePrintJobCompleted"}}]}"#).unwrap();
/// let store = Store::new(StoreOptions { manifest, ..StoreOptions::default() }).unwrap();
/// store.use_socket_listener("badge_printer_1", "completed", |job: Result<serde_json::Value, _>, _meta| {
///     web_sys::console::log_1(&format!("{job:?}").into());
/// }).forget();
/// # }
/// ```
#[derive(Clone)]
pub struct Store(Rc<StoreShared>);

fn now() -> f64 {
    js_sys::Date::now()
}

impl Store {
    /// Connects a store (a connection of its own).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// let store = plugwire::web::Store::new(Default::default()).unwrap();
    /// # let _ = store; }
    /// ```
    pub fn new(opts: StoreOptions) -> Result<Store, Error> {
        let echo = opts.driver == Driver::Echo;
        let url = match opts.url {
            Some(u) => u,
            None => {
                let loc = web_sys::window().map(|w| w.location());
                let protocol = loc.as_ref().and_then(|l| l.protocol().ok());
                let host = loc.as_ref().and_then(|l| l.hostname().ok());
                format!(
                    "{}//{}:3069",
                    protocol.as_deref().unwrap_or("http:"),
                    host.as_deref().unwrap_or("localhost")
                )
            }
        };
        let mut io_opts = Options {
            force_new: true,
            ..opts.io
        };
        if opts.auth.is_some() {
            io_opts.auth = opts.auth.map(Into::into);
        }
        if echo {
            // The echo driver declares its wire to the dev server.
            io_opts.query.push(("wire".into(), "echo".into()));
        }
        let socket = io(&url, io_opts)?;
        let shared = Rc::new(StoreShared {
            core: RefCell::new(StoreCore::new(opts.driver)),
            socket: socket.clone(),
            echo,
            channel_auth: opts.channel_auth.unwrap_or_else(|| json!({"headers": {}})),
            names: RefCell::default(),
            entries: RefCell::default(),
            deps: RefCell::new(opts.manifest.sockets()),
            state: RefCell::default(),
            status: Registry::new(),
            taps: Registry::new(),
            subscriptions: RefCell::default(),
        });
        let weak = Rc::downgrade(&shared);
        let on_state = socket.on_state({
            let weak = weak.clone();
            move |e| {
                let ev = match e {
                    SocketEvent::Connect => CoreEvent::Connect,
                    SocketEvent::Disconnect(_) => CoreEvent::Disconnect,
                    SocketEvent::ConnectError(_) => CoreEvent::ConnectError,
                };
                with(&weak, |s| s.on_socket(ev));
            }
        });
        let on_failed = socket.manager().on_event({
            let weak = weak.clone();
            move |e| {
                if *e == ManagerEvent::ReconnectFailed {
                    with(&weak, |s| s.on_socket(CoreEvent::ReconnectFailed));
                }
            }
        });
        let on_any = socket.on_any(move |e| {
            with(&weak, |s| s.incoming(e.name(), e.payload()));
        });
        *shared.subscriptions.borrow_mut() = vec![on_state, on_failed, on_any];
        if socket.connected() {
            shared.on_socket(CoreEvent::Connect);
        }
        Ok(Store(shared))
    }

    /// The primary socket (a full [`Socket`]).
    ///
    /// ```no_run
    /// # fn f(store: &plugwire::web::Store) {
    /// let connected = store.socket().connected();
    /// # let _ = connected; }
    /// ```
    pub fn socket(&self) -> &Socket {
        &self.0.socket
    }

    /// Listens for `event` on a socket: `"primary"` (any channel) or a dependency's
    /// identifier (its channel). An unknown socket name gets a warning and no listener.
    ///
    /// ```no_run
    /// # fn f(store: &plugwire::web::Store) {
    /// store.listen_socket("badge_printer_1", "BadgePrintJobCompleted", |job: Result<serde_json::Value, _>, meta| {
    ///     let _ = (job, meta);
    /// }).forget();
    /// # }
    /// ```
    pub fn listen_socket<T: DeserializeOwned + 'static>(
        &self,
        socket: &str,
        event: &str,
        cb: impl FnMut(Result<T, PayloadError>, &Meta) + 'static,
    ) -> Listener {
        if socket == "primary" {
            return self.listen(event, None, None, false, typed(cb));
        }
        match self.dependency(socket) {
            Some(d) => self.listen(
                event,
                Some(&d.channel),
                Some(&d.identifier),
                false,
                typed(cb),
            ),
            None => {
                self.warn(
                    socket,
                    &format!("listen_socket: unknown socket \"{socket}\""),
                );
                Listener::from_fn(|| {})
            }
        }
    }

    /// Listens on a dependency's channel for one of its manifest event types (`"completed"`)
    /// or an event name.
    ///
    /// ```no_run
    /// # fn f(store: &plugwire::web::Store) {
    /// store.use_socket_listener("badge_printer_1", "completed", |job: Result<serde_json::Value, _>, _| {
    ///     let _ = job;
    /// }).forget();
    /// # }
    /// ```
    pub fn use_socket_listener<T: DeserializeOwned + 'static>(
        &self,
        dependency: &str,
        event_type_or_name: &str,
        cb: impl FnMut(Result<T, PayloadError>, &Meta) + 'static,
    ) -> Listener {
        let Some(d) = self.dependency(dependency) else {
            self.warn(
                dependency,
                &format!("use_socket_listener: unknown dependency \"{dependency}\""),
            );
            return Listener::from_fn(|| {});
        };
        let event = d
            .events
            .get(event_type_or_name)
            .cloned()
            .unwrap_or_else(|| event_type_or_name.to_owned());
        self.listen(
            &event,
            Some(&d.channel),
            Some(&d.identifier),
            false,
            typed(cb),
        )
    }

    /// Emits `event` with `data` on a socket; `Ok(false)` (and a warning, once) for an unknown
    /// socket name.
    ///
    /// ```no_run
    /// # fn f(store: &plugwire::web::Store) {
    /// store.emit_socket("primary", "checked-in", &serde_json::json!({"badge": "b1"})).unwrap();
    /// # }
    /// ```
    pub fn emit_socket(
        &self,
        socket: &str,
        event: &str,
        data: &impl Serialize,
    ) -> Result<bool, Error> {
        if socket != "primary" && self.dependency(socket).is_none() {
            self.warn(socket, &format!("emit_socket: unknown socket \"{socket}\""));
            return Ok(false);
        }
        self.0.socket.emit(event, data)?;
        if let Ok(payload) = serde_json::to_value(data) {
            self.0.tap(Direction::Out, event, None, payload, Vec::new());
        }
        Ok(true)
    }

    /// Listens for `state-change` events; their `changes` are merged into [`Store::state`]
    /// before `cb` runs.
    ///
    /// ```no_run
    /// # fn f(store: &plugwire::web::Store) {
    /// store.listen_for_state_change(|_: Result<serde_json::Value, _>, _| {}).forget();
    /// # }
    /// ```
    pub fn listen_for_state_change<T: DeserializeOwned + 'static>(
        &self,
        cb: impl FnMut(Result<T, PayloadError>, &Meta) + 'static,
    ) -> Listener {
        self.listen("state-change", None, None, true, typed(cb))
    }

    /// The shared state.
    ///
    /// ```no_run
    /// # fn f(store: &plugwire::web::Store) {
    /// let theme = store.state().get("theme").cloned();
    /// # let _ = theme; }
    /// ```
    pub fn state(&self) -> Map<String, Value> {
        self.0.state.borrow().clone()
    }

    /// Sets one key of the shared state.
    ///
    /// ```no_run
    /// # fn f(store: &plugwire::web::Store) {
    /// store.update_state("theme", serde_json::json!("dark"));
    /// # }
    /// ```
    pub fn update_state(&self, key: &str, value: Value) {
        self.0.state.borrow_mut().insert(key.to_owned(), value);
    }

    /// The connection status.
    ///
    /// ```no_run
    /// # fn f(store: &plugwire::web::Store) {
    /// web_sys::console::log_1(&store.connection_status().as_str().into());
    /// # }
    /// ```
    pub fn connection_status(&self) -> Status {
        self.0.core.borrow().status()
    }

    /// Calls `cb` on every connection status change.
    ///
    /// ```no_run
    /// # fn f(store: &plugwire::web::Store) {
    /// store.on_status_change(|s| web_sys::console::log_1(&s.as_str().into())).forget();
    /// # }
    /// ```
    pub fn on_status_change(&self, mut cb: impl FnMut(Status) + 'static) -> Listener {
        self.0.status.add((), move |s| cb(*s))
    }

    /// The channels subscribed on the server (echo driver).
    ///
    /// ```no_run
    /// # fn f(store: &plugwire::web::Store) {
    /// let subscribed = store.channels().contains(&"private.BadgePrinter.badge_printer_1".to_owned());
    /// # let _ = subscribed; }
    /// ```
    pub fn channels(&self) -> Vec<String> {
        let names = self.0.names.borrow();
        let core = self.0.core.borrow();
        core.channels()
            .filter_map(|c| names.get(c).map(ToOwned::to_owned))
            .collect()
    }

    /// How many listeners are registered (for leak checks).
    ///
    /// ```no_run
    /// # fn f(store: &plugwire::web::Store) {
    /// assert_eq!(store.listener_count(), 0);
    /// # }
    /// ```
    pub fn listener_count(&self) -> usize {
        self.0.core.borrow().listener_count()
    }

    /// The dependency sockets of the manifest.
    ///
    /// ```no_run
    /// # fn f(store: &plugwire::web::Store) {
    /// for d in store.dependencies() { web_sys::console::log_1(&d.channel.into()); }
    /// # }
    /// ```
    pub fn dependencies(&self) -> Vec<DependencySocket> {
        self.0.deps.borrow().clone()
    }

    /// Replaces the manifest: the old dependency listeners are dropped (their handles then
    /// do nothing).
    ///
    /// ```no_run
    /// # fn f(store: &plugwire::web::Store) {
    /// store.load_manifest(plugwire::web::Manifest::default());
    /// # }
    /// ```
    pub fn load_manifest(&self, manifest: Manifest) {
        self.0.core.borrow_mut().drop_tagged(None);
        self.0.entries.borrow_mut().retain(|_, e| e.tag.is_none());
        *self.0.deps.borrow_mut() = manifest.sockets();
        self.0.flush();
    }

    /// Delivers an event locally, exactly as if it came from the server; the sockets whose
    /// listeners received it.
    ///
    /// ```no_run
    /// # fn f(store: &plugwire::web::Store) {
    /// let reached = store.simulate("BadgePrintJobCompleted", serde_json::json!({"id": 1}),
    ///     Some("private.BadgePrinter.badge_printer_1"));
    /// # let _ = reached; }
    /// ```
    pub fn simulate(&self, event: &str, data: Value, channel: Option<&str>) -> Vec<String> {
        self.0.deliver(event, channel, data, Direction::Simulated)
    }

    /// Taps every inbound, outbound and simulated event.
    ///
    /// ```no_run
    /// # fn f(store: &plugwire::web::Store) {
    /// let _tap = store.inspect(|r| web_sys::console::log_1(&r.event.clone().into()));
    /// # }
    /// ```
    pub fn inspect(&self, cb: impl FnMut(&Record) + 'static) -> Listener {
        self.0.taps.add((), cb)
    }

    /// Releases every listener and disconnects.
    ///
    /// ```no_run
    /// # fn f(store: plugwire::web::Store) {
    /// store.close();
    /// # }
    /// ```
    pub fn close(&self) {
        if self.0.core.borrow().is_closed() {
            return;
        }
        self.0.core.borrow_mut().close();
        self.0.entries.borrow_mut().clear();
        self.0.subscriptions.borrow_mut().clear();
        self.0.socket.disconnect();
    }

    fn dependency(&self, identifier: &str) -> Option<DependencySocket> {
        self.0
            .deps
            .borrow()
            .iter()
            .find(|d| d.identifier == identifier)
            .cloned()
    }

    /// Warns about an unknown socket or dependency, once per name (as the JavaScript store).
    fn warn(&self, name: &str, message: &str) {
        let n = self.0.names.borrow_mut().of(name);
        if self.0.core.borrow_mut().should_warn(n) {
            web_sys::console::warn_1(&format!("plugwire: {message}").into());
        }
    }

    fn listen(
        &self,
        event: &str,
        channel: Option<&str>,
        tag: Option<&str>,
        state_change: bool,
        cb: Callback,
    ) -> Listener {
        let s = &self.0;
        if s.core.borrow().is_closed() {
            return Listener::from_fn(|| {});
        }
        let (e, c, t) = {
            let mut names = s.names.borrow_mut();
            (
                names.of(event),
                channel.map(|c| names.of(c)),
                tag.map(|t| names.of(t)),
            )
        };
        let id = s.core.borrow_mut().listen(e, c, t);
        s.entries.borrow_mut().insert(
            id,
            Entry {
                cb,
                state_change,
                tag: tag.map(ToOwned::to_owned),
            },
        );
        s.flush();
        let weak = Rc::downgrade(s);
        Listener::from_fn(move || {
            with(&weak, |s| {
                s.entries.borrow_mut().remove(&id);
                s.core.borrow_mut().unlisten(id);
                s.flush();
            })
        })
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("status", &self.connection_status())
            .finish()
    }
}

/// Runs `f` on the store if it still exists.
fn with(weak: &Weak<StoreShared>, f: impl FnOnce(&StoreShared)) {
    if let Some(s) = weak.upgrade() {
        f(&s);
    }
}

/// A typed callback as the store keeps it (the data read as a `T`, or the shape error).
fn typed<T: DeserializeOwned + 'static>(
    mut cb: impl FnMut(Result<T, PayloadError>, &Meta) + 'static,
) -> Callback {
    Rc::new(RefCell::new(move |v: &Value, meta: &Meta| {
        cb(Payload::from_values(vec![v.clone()]).arg::<T>(0), meta)
    }))
}

impl StoreShared {
    fn on_socket(&self, ev: CoreEvent) {
        let changed = self.core.borrow_mut().on_socket(ev);
        if let Some(status) = changed {
            self.status.emit(&(), None, &status);
        }
        self.flush();
    }

    /// Sends the subscription changes the core decided (echo driver), while connected.
    fn flush(&self) {
        let ops = self.core.borrow_mut().poll_subscriptions();
        for op in ops {
            if !self.socket.connected() {
                continue;
            }
            let (event, name) = match op {
                Subscription::Subscribe(c) => ("subscribe", c),
                Subscription::Unsubscribe(c) => ("unsubscribe", c),
            };
            let Some(channel) = self.names.borrow().get(name).map(ToOwned::to_owned) else {
                continue;
            };
            let data = if event == "subscribe" {
                json!({"channel": channel, "auth": self.channel_auth})
            } else {
                json!({"channel": channel})
            };
            if self.socket.emit(event, &data).is_ok() {
                self.tap(Direction::Out, event, Some(&channel), data, Vec::new());
            }
        }
    }

    /// An event from the server: echo `(channel, data)`, relay (or no channel) `(data)`.
    fn incoming(&self, event: &str, payload: &Payload) {
        let args = payload.args();
        let routed = self.echo
            && args.len() >= 2
            && matches!(args.first(), Some(Value::String(_) | Value::Null));
        let (channel, data) = if routed {
            (
                args.first().and_then(Value::as_str),
                payload.arg::<Value>(1),
            )
        } else {
            (None, payload.arg::<Value>(0))
        };
        let data = data.unwrap_or(Value::Null);
        self.deliver(event, channel, data, Direction::In);
    }

    /// Delivers to the listeners an event is for; the sockets reached.
    fn deliver(
        &self,
        event: &str,
        channel: Option<&str>,
        data: Value,
        direction: Direction,
    ) -> Vec<String> {
        if self.core.borrow().is_closed() {
            return Vec::new();
        }
        let (e, c) = {
            let mut names = self.names.borrow_mut();
            (names.of(event), channel.map(|c| names.of(c)))
        };
        let ids = self.core.borrow().route(e, c);
        let matching: Vec<(Callback, bool, Option<String>)> = {
            let entries = self.entries.borrow();
            ids.iter()
                .filter_map(|id| entries.get(id))
                .map(|en| (en.cb.clone(), en.state_change, en.tag.clone()))
                .collect()
        };
        let reached: Vec<String> = matching
            .iter()
            .map(|(_, _, tag)| tag.clone().unwrap_or_else(|| "primary".into()))
            .collect();
        self.tap(direction, event, channel, data.clone(), reached.clone());
        if matching.iter().any(|(_, state_change, _)| *state_change) {
            let source = match data.get("changes") {
                Some(Value::Object(o)) => Some(o.clone()),
                _ => data.as_object().cloned(),
            };
            if let Some(changes) = source {
                self.state.borrow_mut().extend(changes);
            }
        }
        let meta = Meta {
            event: event.to_owned(),
            channel: channel.map(ToOwned::to_owned),
        };
        for (cb, _, _) in matching {
            if let Ok(mut f) = cb.try_borrow_mut() {
                f(&data, &meta);
            }
        }
        reached
    }

    fn tap(
        &self,
        direction: Direction,
        event: &str,
        channel: Option<&str>,
        payload: Value,
        reached: Vec<String>,
    ) {
        // `plugwire:*` events are the tools' own, not the plugin's.
        if event.starts_with("plugwire:") {
            return;
        }
        let record = Record {
            time: now(),
            direction,
            event: event.to_owned(),
            channel: channel.map(ToOwned::to_owned),
            payload,
            reached,
        };
        self.taps.emit(&(), None, &record);
    }
}
