//! `Socket`: one namespace — listeners with serde-typed arguments, emits (see `emitter`), the
//! connection state, and `io()`.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use futures_channel::mpsc;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::emitter::Emitter;
use super::event::{AckResponder, Event};
use super::events::{ConnectionState, SocketEvent};
use super::listener::{Listener, Registry};
use super::manager::{Manager, ManagerShared};
use super::options::{target, Options};
use super::payload::{Payload, PayloadError};
use super::runtime::rt;
use super::stream::{AckFuture, EventStream};
use super::Error;
use crate::command::SocketId;

/// What the host keeps for one socket.
pub(crate) struct SocketShared {
    pub(crate) id: SocketId,
    pub(crate) manager: Rc<ManagerShared>,
    nsp: String,
    auth: RefCell<Option<Value>>,
    /// Event listeners, keyed by event name (`None`: every event).
    events: Rc<Registry<Option<String>, Event>>,
    pub(crate) state: Rc<Registry<(), SocketEvent>>,
}

impl SocketShared {
    /// The CONNECT packet's `auth` (an object, or none).
    pub(crate) fn auth_json(&self) -> Option<String> {
        match &*self.auth.borrow() {
            Some(v @ Value::Object(_)) => Some(v.to_string()),
            _ => None,
        }
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
            events: Registry::new(),
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

    /// Changes the `auth` sent with the next CONNECT (a JSON object).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// s.set_auth(Some(serde_json::json!({"token": "new"})));
    /// # }
    /// ```
    pub fn set_auth(&self, auth: Option<Value>) {
        *self.0.auth.borrow_mut() = auth;
    }

    /// Listens to `event`; the handler gets its first argument as a `T`, or the error if the
    /// argument does not have that shape (never a panic).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// #[derive(serde::Deserialize)]
    /// struct News { title: String }
    /// let listener = s.on("news", |n: Result<News, _>| match n {
    ///     Ok(n) => web_sys::console::log_1(&n.title.into()),
    ///     Err(e) => web_sys::console::warn_1(&e.to_string().into()),
    /// });
    /// # listener.forget(); }
    /// ```
    pub fn on<T: DeserializeOwned + 'static>(
        &self,
        event: &str,
        mut f: impl FnMut(Result<T, PayloadError>) + 'static,
    ) -> Listener {
        self.on_raw(event, move |e| f(e.payload.arg::<T>(0)))
    }

    /// Listens to `event`; the handler gets all its arguments as one `T` (a tuple, a `Vec`).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// s.on_args("hello", |args: Result<(serde_json::Value, Option<String>), _>| { let _ = args; }).forget();
    /// # }
    /// ```
    pub fn on_args<T: DeserializeOwned + 'static>(
        &self,
        event: &str,
        mut f: impl FnMut(Result<T, PayloadError>) + 'static,
    ) -> Listener {
        self.on_raw(event, move |e| f(e.payload.all::<T>()))
    }

    /// Listens to `event` with its raw arguments and the server's ack request.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// s.on_raw("anything", |e| web_sys::console::log_1(&e.payload().len().into())).forget();
    /// # }
    /// ```
    pub fn on_raw(&self, event: &str, f: impl FnMut(&Event) + 'static) -> Listener {
        self.0.events.add(Some(event.to_owned()), f)
    }

    /// Whether `event` has listeners (socket.io-client's `hasListeners`).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// let l = s.on_raw("news", |_| {});
    /// assert!(s.has_listeners("news"));
    /// drop(l);
    /// assert!(!s.has_listeners("news"));
    /// # }
    /// ```
    pub fn has_listeners(&self, event: &str) -> bool {
        self.0.events.has(&Some(event.to_owned()))
    }

    /// Listens to every incoming event (socket.io-client's `onAny`), before the event's own
    /// listeners.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// s.on_any(|e| web_sys::console::log_1(&e.name().into())).forget();
    /// # }
    /// ```
    pub fn on_any(&self, f: impl FnMut(&Event) + 'static) -> Listener {
        self.0.events.add(None, f)
    }

    /// Listens to the socket's connection events (`connect`, `connect_error`, `disconnect`).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// use plugwire::web::SocketEvent;
    /// s.on_state(|e| if let SocketEvent::Disconnect(r) = e {
    ///     web_sys::console::log_1(&r.as_str().into());
    /// }).forget();
    /// # }
    /// ```
    pub fn on_state(&self, f: impl FnMut(&SocketEvent) + 'static) -> Listener {
        self.0.state.add((), f)
    }

    /// `event`'s first argument as a stream of `T`s (the listener goes with the stream).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")]
    /// # async fn demo(s: plugwire::web::Socket) {
    /// use futures::StreamExt;
    /// let mut ticks = s.stream::<u64>("tick");
    /// let first = ticks.next().await;
    /// # let _ = first; }
    /// ```
    pub fn stream<T: DeserializeOwned + 'static>(&self, event: &str) -> EventStream<T> {
        let (tx, rx) = mpsc::unbounded();
        let listener = self.on(event, move |v: Result<T, PayloadError>| {
            let _ = tx.unbounded_send(v);
        });
        EventStream {
            rx,
            _listener: listener,
        }
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
