//! JavaScript bindings (wasm32): `io()`, `Manager`, `Socket` and `Engine`, a thin layer over
//! the runtime and socket modules. `pkg/index.js` adds the variadic and chaining sugar
//! (`emit(ev, ...args)`, methods returning `this`, the `volatile` getter).

use crate::prelude::*;
pub mod convert;
pub mod glue;
pub mod options;

pub use glue::variadic;

use alloc::rc::Rc;

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;

use crate::runtime::Runtime;
use crate::socket::SocketInner;

/// The plugwire version, e.g. `"0.1.0"`.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_owned()
}

use crate::emitter::event_key as event_name;

fn new_runtime(t: &options::Target, opts: &JsValue) -> Rc<Runtime> {
    let (engine, cfg, http, auto_connect) = options::manager_settings(t, opts);
    let rt = Runtime::new(engine, cfg, http, auto_connect);
    *rt.this.borrow_mut() = Manager { rt: rt.clone() }.into();
    *rt.engine_this.borrow_mut() = Engine { rt: rt.clone() }.into();
    rt
}

fn socket_of(rt: &Rc<Runtime>, nsp: &str, opts: &JsValue) -> JsValue {
    let (inner, created) = rt.socket(nsp, options::socket_options(opts));
    if created {
        *inner.this.borrow_mut() = Socket {
            inner: inner.clone(),
        }
        .into();
        if rt.auto_connect.get() {
            inner.connect();
        }
    }
    let this = inner.this.borrow().clone();
    this
}

/// `io(url?, opts?)`: a socket for the URL's namespace, on a manager shared per server unless
/// `forceNew`, `multiplex: false`, or the namespace is already open on the shared one.
#[wasm_bindgen]
pub fn io(uri: JsValue, opts: JsValue) -> Result<JsValue, JsValue> {
    let (uri, opts) = if uri.is_object() {
        (JsValue::UNDEFINED, uri)
    } else {
        (uri, opts)
    };
    let path = options::path_of(&opts);
    let t = options::target(uri.as_string(), path.trim_end_matches('/'))?;
    let force = options::get(&opts, "forceNew").as_bool() == Some(true)
        || options::get(&opts, "force new connection").as_bool() == Some(true)
        || options::get(&opts, "multiplex").as_bool() == Some(false);
    // Managers are shared through a page-global map of their JavaScript objects.
    let cached = glue::cached_manager(&t.id);
    let same_nsp = !cached.is_undefined()
        && call(&cached, "__hasSocket", &t.nsp.as_str().into()).as_bool() == Some(true);
    if !cached.is_undefined() && !force && !same_nsp {
        let socket = Reflect::get(&cached, &"socket".into())?.dyn_into::<Function>()?;
        return socket.call2(&cached, &t.nsp.as_str().into(), &opts);
    }
    let rt = new_runtime(&t, &opts);
    if !force && !same_nsp {
        glue::cache_manager(&t.id, &rt.this.borrow());
    }
    Ok(socket_of(&rt, &t.nsp, &opts))
}

fn call(target: &JsValue, method: &str, arg: &JsValue) -> JsValue {
    Reflect::get(target, &method.into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call1(target, arg).ok())
        .unwrap_or(JsValue::UNDEFINED)
}

/// A connection to one server, shared by its namespaces (socket.io-client's `Manager`).
#[wasm_bindgen]
pub struct Manager {
    rt: Rc<Runtime>,
}

#[wasm_bindgen]
impl Manager {
    /// `new Manager(url?, opts?)`.
    #[wasm_bindgen(constructor)]
    pub fn new(uri: JsValue, opts: JsValue) -> Result<Manager, JsValue> {
        let (uri, opts) = if uri.is_object() {
            (JsValue::UNDEFINED, uri)
        } else {
            (uri, opts)
        };
        let path = options::path_of(&opts);
        let t = options::target(uri.as_string(), path.trim_end_matches('/'))?;
        let rt = new_runtime(&t, &opts);
        if rt.auto_connect.get() {
            rt.open();
        }
        Ok(Manager { rt })
    }

    /// The socket of namespace `nsp` (created on first use).
    pub fn socket(&self, nsp: String, opts: JsValue) -> JsValue {
        socket_of(&self.rt, &nsp, &opts)
    }

    /// Whether a socket exists for `nsp` (for `io()`'s sharing rule).
    #[wasm_bindgen(js_name = "__hasSocket")]
    pub fn has_socket(&self, nsp: &str) -> bool {
        self.rt.has_socket(nsp)
    }

    /// Opens the connection; `callback(err?)` once it is open or failed.
    pub fn open(&self, callback: Option<Function>) {
        self.rt.open_with(callback);
    }

    /// Closes the connection, without reconnecting.
    pub fn disconnect(&self) {
        self.rt.close();
    }

    /// `_readyState`: `"closed"`, `"opening"` or `"open"`.
    #[wasm_bindgen(getter, js_name = "_readyState")]
    pub fn ready_state(&self) -> String {
        match self.rt.core().ready_state() {
            crate::manager::ReadyState::Closed => "closed",
            crate::manager::ReadyState::Opening => "opening",
            crate::manager::ReadyState::Open => "open",
        }
        .into()
    }

    /// The Engine.IO session (`transport.name`, `id`, `on("upgrade", …)`).
    #[wasm_bindgen(getter)]
    pub fn engine(&self) -> JsValue {
        self.rt.engine_this.borrow().clone()
    }

    /// `reconnection(v?)`: reads or sets the option.
    #[wasm_bindgen(js_name = "__option")]
    pub fn option(&self, name: &str, value: JsValue) -> JsValue {
        let set = !value.is_undefined();
        let mut out = JsValue::UNDEFINED;
        self.rt.configure(|c| {
            let f = value.as_f64();
            match name {
                "reconnection" => {
                    if set {
                        c.reconnection = value.as_bool().unwrap_or(true);
                    }
                    out = c.reconnection.into();
                }
                "reconnectionAttempts" => {
                    if let Some(f) = f {
                        c.reconnection_attempts = if f.is_finite() {
                            f.max(0.0) as u32
                        } else {
                            u32::MAX
                        };
                    }
                    out = if c.reconnection_attempts == u32::MAX {
                        f64::INFINITY
                    } else {
                        c.reconnection_attempts as f64
                    }
                    .into();
                }
                "reconnectionDelay" => {
                    if let Some(f) = f {
                        c.reconnection_delay = f;
                    }
                    out = c.reconnection_delay.into();
                }
                "reconnectionDelayMax" => {
                    if let Some(f) = f {
                        c.reconnection_delay_max = f;
                    }
                    out = c.reconnection_delay_max.into();
                }
                "randomizationFactor" => {
                    if let Some(f) = f {
                        c.randomization_factor = f;
                    }
                    out = c.randomization_factor.into();
                }
                "timeout" => {
                    if set {
                        c.timeout = f;
                    }
                    out = c.timeout.map_or(JsValue::FALSE, JsValue::from);
                }
                _ => {}
            }
        });
        out
    }

    /// Adds a listener.
    pub fn on(&self, event: JsValue, f: Function) {
        self.rt.emitter.borrow_mut().on(event_name(&event), f);
    }

    /// Adds a one-time listener.
    pub fn once(&self, event: JsValue, f: Function) {
        self.rt.emitter.borrow_mut().once(event_name(&event), f);
    }

    /// Removes listeners (one, all of an event, or all).
    pub fn off(&self, event: JsValue, f: Option<Function>) {
        let name = (!event.is_undefined()).then(|| event_name(&event));
        self.rt
            .emitter
            .borrow_mut()
            .off(name.as_deref(), f.as_ref());
    }

    /// The listeners of an event.
    pub fn listeners(&self, event: JsValue) -> Array {
        self.rt.emitter.borrow().listeners(&event_name(&event))
    }

    /// Whether an event has listeners.
    #[wasm_bindgen(js_name = "hasListeners")]
    pub fn has_listeners(&self, event: JsValue) -> bool {
        self.rt.emitter.borrow().has(&event_name(&event))
    }
}

/// The Engine.IO session of a manager (the parts of engine.io-client's `Socket` users read).
#[wasm_bindgen]
pub struct Engine {
    rt: Rc<Runtime>,
}

#[wasm_bindgen]
impl Engine {
    /// The session id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> Option<String> {
        self.rt.core().engine().sid().map(str::to_owned)
    }

    /// `{name: "polling" | "websocket"}`.
    #[wasm_bindgen(getter)]
    pub fn transport(&self) -> JsValue {
        let name = self.rt.core().engine().transport().map(|t| t.name());
        let o = js_sys::Object::new();
        let _ = js_sys::Reflect::set(
            &o,
            &"name".into(),
            &name.map_or(JsValue::UNDEFINED, JsValue::from),
        );
        o.into()
    }

    /// `"open"` or `"closed"`.
    #[wasm_bindgen(getter, js_name = "readyState")]
    pub fn ready_state(&self) -> String {
        if self.rt.core().engine().is_open() {
            "open"
        } else {
            "closed"
        }
        .into()
    }

    /// Adds a listener (`"upgrade"`).
    pub fn on(&self, event: JsValue, f: Function) {
        self.rt
            .engine_emitter
            .borrow_mut()
            .on(event_name(&event), f);
    }

    /// Adds a one-time listener.
    pub fn once(&self, event: JsValue, f: Function) {
        self.rt
            .engine_emitter
            .borrow_mut()
            .once(event_name(&event), f);
    }

    /// Removes listeners.
    pub fn off(&self, event: JsValue, f: Option<Function>) {
        let name = (!event.is_undefined()).then(|| event_name(&event));
        self.rt
            .engine_emitter
            .borrow_mut()
            .off(name.as_deref(), f.as_ref());
    }
}

/// One namespace (socket.io-client's `Socket`).
#[wasm_bindgen]
pub struct Socket {
    inner: Rc<SocketInner>,
}

#[wasm_bindgen]
impl Socket {
    /// The session id, while connected.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> Option<String> {
        self.inner.id()
    }

    /// Whether connected.
    #[wasm_bindgen(getter)]
    pub fn connected(&self) -> bool {
        self.inner.connected()
    }

    /// Whether not connected.
    #[wasm_bindgen(getter)]
    pub fn disconnected(&self) -> bool {
        !self.inner.connected()
    }

    /// Whether the socket will (re)connect with its manager.
    #[wasm_bindgen(getter)]
    pub fn active(&self) -> bool {
        self.inner.active()
    }

    /// Whether the connection restored the previous session (connection state recovery).
    #[wasm_bindgen(getter)]
    pub fn recovered(&self) -> bool {
        self.inner.recovered()
    }

    /// The namespace.
    #[wasm_bindgen(getter)]
    pub fn nsp(&self) -> String {
        self.inner.nsp().to_owned()
    }

    /// The manager.
    #[wasm_bindgen(getter)]
    pub fn io(&self) -> JsValue {
        self.inner.rt_this()
    }

    /// The `auth` option.
    #[wasm_bindgen(getter)]
    pub fn auth(&self) -> JsValue {
        self.inner.auth()
    }

    /// Sets `auth` for the next connection.
    #[wasm_bindgen(setter)]
    pub fn set_auth(&self, auth: JsValue) {
        self.inner.set_auth(auth);
    }

    /// Connects (`connect()` / `open()`).
    #[wasm_bindgen(js_name = "__connect")]
    pub fn connect(&self) {
        self.inner.connect();
    }

    /// Disconnects (`disconnect()` / `close()`).
    #[wasm_bindgen(js_name = "__disconnect")]
    pub fn disconnect(&self) {
        self.inner.disconnect();
    }

    /// `emit(event, ...args)` (the sugar is in `pkg/index.js`).
    #[wasm_bindgen(js_name = "__emit")]
    pub fn emit(&self, event: JsValue, args: Array) -> Result<(), JsValue> {
        self.inner.emit(event, args)
    }

    /// `emitWithAck(event, ...args)`.
    #[wasm_bindgen(js_name = "__emitWithAck")]
    pub fn emit_with_ack(&self, event: JsValue, args: Array) -> Promise {
        self.inner.emit_with_ack(event, args)
    }

    /// Flags the next emit: `timeout(ms)`.
    #[wasm_bindgen(js_name = "__timeout")]
    pub fn timeout(&self, ms: f64) {
        self.inner.set_flags(|f| f.timeout = Some(ms));
    }

    /// Flags the next emit as volatile.
    #[wasm_bindgen(js_name = "__volatile")]
    pub fn volatile(&self) {
        self.inner.set_flags(|f| f.volatile = true);
    }

    /// Adds a listener.
    #[wasm_bindgen(js_name = "__on")]
    pub fn on(&self, event: JsValue, f: Function) {
        self.inner.emitter().borrow_mut().on(event_name(&event), f);
    }

    /// Adds a one-time listener.
    #[wasm_bindgen(js_name = "__once")]
    pub fn once(&self, event: JsValue, f: Function) {
        self.inner
            .emitter()
            .borrow_mut()
            .once(event_name(&event), f);
    }

    /// Removes listeners (one, all of an event, or all).
    #[wasm_bindgen(js_name = "__off")]
    pub fn off(&self, event: JsValue, f: Option<Function>) {
        let name = (!event.is_undefined()).then(|| event_name(&event));
        self.inner
            .emitter()
            .borrow_mut()
            .off(name.as_deref(), f.as_ref());
    }

    /// The listeners of an event.
    pub fn listeners(&self, event: JsValue) -> Array {
        self.inner.emitter().borrow().listeners(&event_name(&event))
    }

    /// Whether an event has listeners.
    #[wasm_bindgen(js_name = "hasListeners")]
    pub fn has_listeners(&self, event: JsValue) -> bool {
        self.inner.emitter().borrow().has(&event_name(&event))
    }

    /// Adds (`prepend`: at the front) a catch-all listener, incoming or outgoing.
    #[wasm_bindgen(js_name = "__any")]
    pub fn any(&self, outgoing: bool, prepend: bool, f: Function) {
        let mut list = self.inner.any_lists(outgoing).borrow_mut();
        if prepend {
            list.insert(0, f);
        } else {
            list.push(f);
        }
    }

    /// Removes one catch-all listener, or all.
    #[wasm_bindgen(js_name = "__offAny")]
    pub fn off_any(&self, outgoing: bool, f: Option<Function>) {
        let mut list = self.inner.any_lists(outgoing).borrow_mut();
        match f {
            Some(f) => {
                if let Some(i) = list
                    .iter()
                    .position(|l| JsValue::from(l) == JsValue::from(&f))
                {
                    list.remove(i);
                }
            }
            None => list.clear(),
        }
    }

    /// The catch-all listeners, incoming or outgoing.
    #[wasm_bindgen(js_name = "__listenersAny")]
    pub fn listeners_any(&self, outgoing: bool) -> Array {
        self.inner
            .any_lists(outgoing)
            .borrow()
            .iter()
            .map(JsValue::from)
            .collect()
    }

    /// Packets waiting to be sent until the socket connects.
    #[wasm_bindgen(getter, js_name = "sendBufferLength")]
    pub fn send_buffer_length(&self) -> usize {
        self.inner.buffered().0
    }
}
