//! `Socket`: one namespace — emits (see `emitter`), the connection state, its `auth`, and
//! `io()`; its listeners are in `listen`.

mod listen;

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::auth::{connect_json, Resolved};
use super::emitter::Emitter;
use super::event::{AckResponder, Event};
use super::events::{ConnectionState, SocketEvent};
use super::listener::Registry;
use super::manager::{Manager, ManagerShared};
use super::options::{target, Options};
use super::payload::Payload;
use super::runtime::rt;
use super::stream::AckFuture;
use super::{Auth, Error};
use crate::command::SocketId;
use crate::manager::ReadyState;

/// What the host keeps for one socket.
pub(crate) struct SocketShared {
    pub(crate) id: SocketId,
    pub(crate) manager: Rc<ManagerShared>,
    nsp: String,
    auth: RefCell<Option<Auth>>,
    /// The CONNECT the core last asked for (a provider's late answer to an earlier one is
    /// dropped).
    join_attempt: Cell<u32>,
    /// Event listeners, keyed by event name (`None`: every event).
    events: Rc<Registry<Option<String>, Event>>,
    /// Outgoing catch-all listeners.
    outgoing: Rc<Registry<(), Event>>,
    /// Emits wait in the core's retry queue (`retries`): they are written later.
    pub(crate) queued: bool,
    pub(crate) state: Rc<Registry<(), SocketEvent>>,
}

impl SocketShared {
    /// The core asks for the CONNECT packet: its `auth` is computed now (a provider is asked on
    /// every attempt, as socket.io-client calls an `auth` function), or once an async provider
    /// answers, if the connection is still waiting for it then.
    pub(crate) fn join(self: &Rc<Self>) {
        let attempt = self.join_attempt.get().wrapping_add(1);
        self.join_attempt.set(attempt);
        let auth = self.auth.borrow().clone();
        match auth.map(|a| a.resolve()) {
            None => self.send_connect(Ok(Value::Null)),
            Some(Resolved::Ready(r)) => self.send_connect(r),
            Some(Resolved::Pending(fut)) => {
                let weak = Rc::downgrade(self);
                wasm_bindgen_futures::spawn_local(async move {
                    let r = fut.await;
                    if let Some(s) = weak.upgrade() {
                        if s.join_attempt.get() == attempt && s.awaits_connect() {
                            s.send_connect(r);
                        }
                    }
                });
            }
        }
    }

    /// Active, not connected, and its connection open: the CONNECT is still to be sent.
    fn awaits_connect(&self) -> bool {
        let mid = self.manager.id;
        rt().read(|c| {
            let s = c.socket(self.id)?;
            let open = c.manager(mid)?.ready_state() == ReadyState::Open;
            Some(s.active() && !s.connected() && open)
        })
    }

    fn send_connect(&self, auth: Result<Value, String>) {
        match auth {
            Ok(v) => {
                let (sid, json) = (self.id, connect_json(&v));
                rt().run(|c, now| c.join(sid, json.as_deref(), now));
            }
            // As the JavaScript host reports a throwing `auth` function: no CONNECT is sent.
            Err(e) => web_sys::console::error_1(&e.into()),
        }
    }

    /// Hands an event this socket writes to its outgoing catch-all listeners.
    pub(crate) fn dispatch_outgoing(&self, event: &Event) {
        self.outgoing.emit(&(), None, event);
    }

    /// Whether anyone listens to outgoing events.
    pub(crate) fn has_outgoing(&self) -> bool {
        self.outgoing.has(&())
    }

    /// Hands an incoming event to its listeners, catch-all ones first.
    pub(crate) fn dispatch(&self, name: String, payload: Payload, ack: Option<AckResponder>) {
        let event = Event { name, payload, ack };
        self.events.emit(&None, None, &event);
        let key = Some(event.name.clone());
        if self.events.has(&key) {
            self.events.emit(&key, None, &event);
        }
    }
}

impl Drop for SocketShared {
    fn drop(&mut self) {
        rt().forget_socket(self.id);
    }
}

/// One namespace on a manager's connection (socket.io-client's `Socket`). Clones share it.
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")]
/// # async fn demo() -> Result<(), plugwire::web::Error> {
/// use plugwire::web::{io, Options, SocketEvent};
/// let socket = io("http://127.0.0.1:3069/admin", Options::default())?;
/// socket.on_state(|e| if let SocketEvent::ConnectError(err) = e {
///     web_sys::console::warn_1(&err.message.clone().into());
/// }).forget();
/// socket.emit("hello", &"world")?;
/// let echoed: String = socket.timeout(std::time::Duration::from_secs(2)).emit_with_ack("echo", &"hi").await?;
/// # let _ = echoed; Ok(()) }
/// ```
#[derive(Clone)]
pub struct Socket(pub(crate) Rc<SocketShared>);

/// `io(url, options)`: a socket for the URL's namespace, on a manager shared per server and
/// path unless `force_new`, `multiplex: false`, or the namespace is already open on it.
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// use plugwire::web::{io, Options};
/// let main = io("http://127.0.0.1:3069", Options::default()).unwrap();
/// let admin = io("http://127.0.0.1:3069/admin", Options::default()).unwrap();
/// // Both namespaces share one connection.
/// # let _ = (main, admin); }
/// ```
pub fn io(url: &str, opts: Options) -> Result<Socket, Error> {
    let t = target(url)?;
    let key = opts.cache_key(&t);
    let rt = rt();
    let shared = rt
        .cache
        .borrow()
        .get(&key)
        .and_then(std::rc::Weak::upgrade)
        .map(Manager);
    let same_namespace = shared.as_ref().is_some_and(|m| m.has_namespace(&t.nsp));
    let manager = match shared {
        Some(m) if !(opts.force_new || !opts.multiplex || same_namespace) => m,
        _ => {
            let fresh = opts.force_new || !opts.multiplex || same_namespace;
            let m = Manager::new(&t.source, opts.clone())?;
            if !fresh {
                rt.cache.borrow_mut().insert(key, Rc::downgrade(&m.0));
            }
            m
        }
    };
    Ok(manager.socket(&t.nsp, opts))
}

impl Socket {
    pub(crate) fn new(manager: Manager, nsp: &str, opts: &Options) -> Socket {
        let rt = rt();
        let mid = manager.0.id;
        let so = opts.socket_options();
        let queued = so.retries.is_some();
        // The manager exists: its handle is alive.
        let id = rt
            .run(|c, _| c.new_socket(mid, nsp.to_owned(), so))
            .flatten()
            .unwrap_or_else(|| SocketId::from(u32::MAX));
        let shared = Rc::new(SocketShared {
            id,
            manager: manager.0,
            nsp: nsp.to_owned(),
            auth: RefCell::new(opts.auth.clone()),
            join_attempt: Cell::new(0),
            events: Registry::new(),
            outgoing: Registry::new(),
            queued,
            state: Registry::new(),
        });
        rt.register_socket(&shared);
        Socket(shared)
    }

    /// The namespace.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// let s = plugwire::web::io("http://127.0.0.1:3069/admin", Default::default()).unwrap();
    /// assert_eq!(s.nsp(), "/admin");
    /// # }
    /// ```
    pub fn nsp(&self) -> &str {
        &self.0.nsp
    }

    /// Its manager (the shared connection).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// s.manager().on_event(|e| web_sys::console::log_1(&format!("{e:?}").into())).forget();
    /// # }
    /// ```
    pub fn manager(&self) -> Manager {
        Manager(self.0.manager.clone())
    }

    /// The session id the server gave the socket, while connected.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// let id: Option<String> = s.id();
    /// # let _ = id; }
    /// ```
    pub fn id(&self) -> Option<String> {
        let sid = self.0.id;
        rt().read(|c| Some(c.socket(sid)?.id().map(ToOwned::to_owned)))
    }

    /// Whether the socket is connected to its namespace.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// if s.connected() { s.emit("hi", &()).ok(); }
    /// # }
    /// ```
    pub fn connected(&self) -> bool {
        let sid = self.0.id;
        rt().read(|c| Some(c.socket(sid)?.connected()))
    }

    /// Whether the socket is connected or trying to (it reconnects by itself).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// if !s.active() { s.connect(); }
    /// # }
    /// ```
    pub fn active(&self) -> bool {
        let sid = self.0.id;
        rt().read(|c| Some(c.socket(sid)?.active()))
    }

    /// Whether the last connection recovered the session (connection state recovery).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// let missed_nothing = s.recovered();
    /// # let _ = missed_nothing; }
    /// ```
    pub fn recovered(&self) -> bool {
        let sid = self.0.id;
        rt().read(|c| Some(c.socket(sid)?.recovered()))
    }

    /// The connection state, as a value.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// web_sys::console::log_1(&s.state().as_str().into());
    /// # }
    /// ```
    pub fn state(&self) -> ConnectionState {
        let sid = self.0.id;
        rt().read(|c| {
            let s = c.socket(sid)?;
            Some(if s.connected() {
                ConnectionState::Connected
            } else if s.active() {
                ConnectionState::Connecting
            } else {
                ConnectionState::Disconnected
            })
        })
    }

    /// Connects (again).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", plugwire::web::Options { auto_connect: false, ..Default::default() }).unwrap();
    /// s.connect();
    /// # }
    /// ```
    pub fn connect(&self) {
        let rt = rt();
        rt.keep_socket(&self.0);
        let sid = self.0.id;
        rt.run(|c, now| c.connect(sid, now));
    }

    /// Disconnects; the connection closes when no socket uses it.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// s.disconnect();
    /// # }
    /// ```
    pub fn disconnect(&self) {
        let sid = self.0.id;
        rt().run(|c, now| c.disconnect(sid, now));
    }

    /// Changes the `auth` sent with the next CONNECT (socket.io-client's `socket.auth = ..`).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// s.set_auth(Some(serde_json::json!({"token": "new"}).into()));
    /// s.set_auth(Some(plugwire::web::Auth::with(|| serde_json::json!({"token": "fresh"}))));
    /// # }
    /// ```
    pub fn set_auth(&self, auth: Option<Auth>) {
        *self.0.auth.borrow_mut() = auth;
    }

    /// The `auth` option (a clone: a provider stays the same provider).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// let token = s.auth().and_then(|a| a.value().cloned());
    /// # let _ = token; }
    /// ```
    pub fn auth(&self) -> Option<Auth> {
        self.0.auth.borrow().clone()
    }

    /// Emit options for the next emit: an ack timeout.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")]
    /// # async fn demo(s: plugwire::web::Socket) {
    /// let r = s.timeout(std::time::Duration::from_millis(500)).emit_with_ack::<String>("slow", &()).await;
    /// # let _ = r; }
    /// ```
    pub fn timeout(&self, timeout: Duration) -> Emitter<'_> {
        self.emitter().timeout(timeout)
    }

    /// Emit options for the next emit: dropped if it cannot be sent at once.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// s.volatile().emit("cursor", &(10, 20)).ok();
    /// # }
    /// ```
    pub fn volatile(&self) -> Emitter<'_> {
        self.emitter().volatile()
    }

    fn emitter(&self) -> Emitter<'_> {
        Emitter {
            socket: self,
            timeout: None,
            volatile: false,
        }
    }

    /// Emits `event` with one argument.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// s.emit("check-in", &serde_json::json!({"badge": "b1"})).unwrap();
    /// # }
    /// ```
    pub fn emit(&self, event: &str, data: &impl Serialize) -> Result<(), Error> {
        self.emitter().emit(event, data)
    }

    /// Emits `event` with the elements of a tuple or sequence as its arguments (`&()`: none).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// s.emit_args("move", &(3, 4)).unwrap();
    /// # }
    /// ```
    pub fn emit_args(&self, event: &str, args: &impl Serialize) -> Result<(), Error> {
        self.emitter().emit_args(event, args)
    }

    /// Sends a `"message"` event with one argument (socket.io-client's `send`, for servers
    /// that listen to `"message"`).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// s.send(&"hello").unwrap(); // the server's `socket.on("message", ..)` gets "hello"
    /// # }
    /// ```
    pub fn send(&self, data: &impl Serialize) -> Result<(), Error> {
        self.emitter().emit("message", data)
    }

    /// Sends a `"message"` event with the elements of a tuple or sequence as its arguments.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// s.send_args(&("hello", 2)).unwrap();
    /// # }
    /// ```
    pub fn send_args(&self, args: &impl Serialize) -> Result<(), Error> {
        self.emitter().emit_args("message", args)
    }

    /// Emits `event` with one argument and waits for the server's ack, read as an
    /// `R` (its first argument).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")]
    /// # async fn demo(s: plugwire::web::Socket) -> Result<(), plugwire::web::Error> {
    /// let saved: bool = s.emit_with_ack("save", &serde_json::json!({"id": 1})).await?;
    /// # let _ = saved; Ok(()) }
    /// ```
    pub fn emit_with_ack<R: DeserializeOwned>(
        &self,
        event: &str,
        data: &impl Serialize,
    ) -> AckFuture<R> {
        self.emitter().emit_with_ack(event, data)
    }

    /// Emits `event` with the elements of a tuple or sequence as its arguments (`&()`: none)
    /// and waits for the server's ack, read as an `R`.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")]
    /// # async fn demo(s: plugwire::web::Socket) -> Result<(), plugwire::web::Error> {
    /// let count: u32 = s.emit_args_with_ack("count", &()).await?;
    /// # let _ = count; Ok(()) }
    /// ```
    pub fn emit_args_with_ack<R: DeserializeOwned>(
        &self,
        event: &str,
        args: &impl Serialize,
    ) -> AckFuture<R> {
        self.emitter().emit_args_with_ack(event, args)
    }

    /// Emits `event` with one argument; `callback` gets the ack (or its timeout).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// s.emit_with_callback("echo", &1, |r: Result<u32, _>| { let _ = r; }).unwrap();
    /// # }
    /// ```
    pub fn emit_with_callback<R: DeserializeOwned + 'static>(
        &self,
        event: &str,
        data: &impl Serialize,
        callback: impl FnOnce(Result<R, Error>) + 'static,
    ) -> Result<(), Error> {
        self.emitter().emit_with_callback(event, data, callback)
    }
}

impl std::fmt::Debug for Socket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Socket").field("nsp", &self.0.nsp).finish()
    }
}
