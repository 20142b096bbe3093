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

fn new_runtime(t: &options::Target, opts: &JsValue) -> Rc<Runtime> {
    let (engine, cfg, http, auto_connect) = options::manager_settings(t, opts);
    // `manager.opts`: the options given, with socket.io-client's defaults for `path`.
    let shown = js_sys::Object::new();
    if opts.is_object() {
        js_sys::Object::assign(&shown, opts.unchecked_ref());
    }
    if options::get(&shown, "path").is_undefined() {
        let _ = Reflect::set(&shown, &"path".into(), &"/socket.io".into());
    }
    let rt = Runtime::new(
        engine,
        cfg,
        http,
        auto_connect,
        t.source.clone(),
        shown.into(),
    );
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

/// `(url?, opts?)` as socket.io-client reads it (the URL may be left out): the target and the
/// options.
fn resolve(uri: JsValue, opts: JsValue) -> Result<(options::Target, JsValue), JsValue> {
    let (uri, opts) = if uri.is_object() {
        (JsValue::UNDEFINED, uri)
    } else {
        (uri, opts)
    };
    let path = options::path_of(&opts);
    let t = options::target(uri.as_string(), path.trim_end_matches('/'))?;
    Ok((t, opts))
}

/// `io(url?, opts?)`: a socket for the URL's namespace, on a manager shared per server unless
/// `forceNew`, `multiplex: false`, or the namespace is already open on the shared one.
#[wasm_bindgen]
pub fn io(uri: JsValue, opts: JsValue) -> Result<JsValue, JsValue> {
    let (t, opts) = resolve(uri, opts)?;
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
/// Listener methods and property getters are added by `pkg/index.js`.
#[wasm_bindgen]
pub struct Manager {
    rt: Rc<Runtime>,
}

#[wasm_bindgen]
impl Manager {
    /// `new Manager(url?, opts?)`.
    #[wasm_bindgen(constructor)]
    pub fn new(uri: JsValue, opts: JsValue) -> Result<Manager, JsValue> {
        let (t, opts) = resolve(uri, opts)?;
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
    #[wasm_bindgen(js_name = "__open")]
    pub fn open(&self, callback: Option<Function>) {
        self.rt.open_with(callback);
    }

    /// Closes the connection, without reconnecting.
    #[wasm_bindgen(js_name = "__close")]
    pub fn disconnect(&self) {
        self.rt.close();
    }

    /// Reads a property: `"_readyState"`, `"engine"`, `"uri"` or `"opts"`.
    #[wasm_bindgen(js_name = "__get")]
    pub fn get(&self, name: &str) -> JsValue {
        match name {
            "engine" => self.rt.engine_this.borrow().clone(),
            "uri" => self.rt.uri.as_str().into(),
            "opts" => self.rt.opts.clone(),
            _ => match self.rt.core().ready_state() {
                crate::manager::ReadyState::Closed => "closed",
                crate::manager::ReadyState::Opening => "opening",
                crate::manager::ReadyState::Open => "open",
            }
            .into(),
        }
    }

    /// Reads, or sets when `value` is defined, an option: `reconnection`,
    /// `reconnectionAttempts`, `reconnectionDelay`, `reconnectionDelayMax`,
    /// `randomizationFactor`, `timeout`.
    #[wasm_bindgen(js_name = "__option")]
    pub fn option(&self, name: &str, value: JsValue) -> JsValue {
        let set = !value.is_undefined();
        let f = value.as_f64();
        let mut out = JsValue::UNDEFINED;
        self.rt.configure(|c| {
            let num = |slot: &mut f64| {
                if let Some(f) = f {
                    *slot = f;
                }
                JsValue::from(*slot)
            };
            out = match name {
                "reconnection" => {
                    if set {
                        c.reconnection = value.as_bool().unwrap_or(true);
                    }
                    c.reconnection.into()
                }
                "reconnectionAttempts" => {
                    if let Some(f) = f {
                        c.reconnection_attempts = if f.is_finite() {
                            f.max(0.0) as u32
                        } else {
                            u32::MAX
                        };
                    }
                    if c.reconnection_attempts == u32::MAX {
                        f64::INFINITY
                    } else {
                        c.reconnection_attempts as f64
                    }
                    .into()
                }
                "reconnectionDelay" => num(&mut c.reconnection_delay),
                "reconnectionDelayMax" => num(&mut c.reconnection_delay_max),
                "randomizationFactor" => num(&mut c.randomization_factor),
                "timeout" => {
                    if set {
                        c.timeout = f;
                    }
                    c.timeout.map_or(JsValue::FALSE, JsValue::from)
                }
                _ => JsValue::UNDEFINED,
            };
        });
        out
    }
}

/// The Engine.IO session of a manager (the parts of engine.io-client's `Socket` users read).
#[wasm_bindgen]
pub struct Engine {
    rt: Rc<Runtime>,
}

#[wasm_bindgen]
impl Engine {
    /// Reads a property: `"id"`, `"transport"` (`{name}`) or `"readyState"`.
    #[wasm_bindgen(js_name = "__get")]
    pub fn get(&self, name: &str) -> JsValue {
        let core = self.rt.core();
        let engine = core.engine();
        match name {
            "id" => engine.sid().map_or(JsValue::UNDEFINED, JsValue::from),
            "transport" => {
                let o = js_sys::Object::new();
                let t = engine.transport().map(|t| t.name());
                let _ = Reflect::set(
                    &o,
                    &"name".into(),
                    &t.map_or(JsValue::UNDEFINED, JsValue::from),
                );
                o.into()
            }
            _ => if engine.is_open() { "open" } else { "closed" }.into(),
        }
    }
}

/// One namespace (socket.io-client's `Socket`). Listener methods, getters and the call-shape
/// sugar are added by `pkg/index.js`.
#[wasm_bindgen]
pub struct Socket {
    inner: Rc<SocketInner>,
}

#[wasm_bindgen]
impl Socket {
    /// Reads a property: `id`, `connected`, `active`, `recovered`, `nsp`, `io`, `auth`,
    /// `sendBufferLength`.
    #[wasm_bindgen(js_name = "__get")]
    pub fn get(&self, name: &str) -> JsValue {
        let s = &self.inner;
        match name {
            "id" => s.id().map_or(JsValue::UNDEFINED, JsValue::from),
            "connected" => s.connected().into(),
            "active" => s.active().into(),
            "recovered" => s.recovered().into(),
            "nsp" => s.nsp().into(),
            "io" => s.rt_this(),
            "auth" => s.auth(),
            "sendBufferLength" => (s.buffered().0 as f64).into(),
            "sendBuffer" => s.send_buffer().into(),
            "receiveBuffer" => s.receive_buffer().into(),
            _ => JsValue::UNDEFINED,
        }
    }

    /// Sets `auth` for the next connection.
    #[wasm_bindgen(js_name = "__setAuth")]
    pub fn set_auth(&self, auth: JsValue) {
        self.inner.set_auth(auth);
    }

    /// `connect()` (true) or `disconnect()` (false).
    #[wasm_bindgen(js_name = "__connection")]
    pub fn connection(&self, open: bool) {
        if open {
            self.inner.connect();
        } else {
            self.inner.disconnect();
        }
    }

    /// `emit(event, ...args)`.
    #[wasm_bindgen(js_name = "__emit")]
    pub fn emit(&self, event: JsValue, args: Array) -> Result<(), JsValue> {
        self.inner.emit(event, args)
    }

    /// `emitWithAck(event, ...args)`.
    #[wasm_bindgen(js_name = "__emitWithAck")]
    pub fn emit_with_ack(&self, event: JsValue, args: Array) -> Promise {
        self.inner.emit_with_ack(event, args)
    }

    /// Flags the next emit: `timeout(ms)` (a number) or `volatile` (undefined).
    #[wasm_bindgen(js_name = "__flag")]
    pub fn flag(&self, timeout: Option<f64>) {
        self.inner.set_flags(|f| match timeout {
            Some(ms) => f.timeout = Some(ms),
            None => f.volatile = true,
        });
    }
}

/// The core of a plugin store (`createStore` in `pkg/store.js` builds the public object).
#[wasm_bindgen]
pub struct StoreCore {
    inner: Rc<crate::store::StoreInner>,
}

/// Creates the store core: connects the primary socket to `options.url` (default: the page's
/// host, port 3069) with the driver's wire (`echo` declares `?wire=echo`).
#[wasm_bindgen(js_name = "__createStore")]
pub fn create_store(options: JsValue) -> Result<StoreCore, JsValue> {
    use crate::store::{Driver, StoreInner};
    let get = |k: &str| options::get(&options, k);
    let driver = match get("driver").as_string().as_deref() {
        None | Some("echo") => Driver::Echo,
        Some("relay") => Driver::Relay,
        Some(_) => return Err(js_sys::Error::new("driver must be \"echo\" or \"relay\"").into()),
    };
    let url = match get("url").as_string() {
        Some(u) => u,
        None => {
            let loc = Reflect::get(&js_sys::global(), &"location".into())?;
            let field = |k: &str| {
                Reflect::get(&loc, &k.into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default()
            };
            options::concat(&[&field("protocol"), "//", &field("hostname"), ":3069"])
        }
    };
    let opts = js_sys::Object::new();
    let extra = get("io");
    if extra.is_object() {
        js_sys::Object::assign(&opts, extra.unchecked_ref());
    }
    for key in ["path", "auth"] {
        let v = get(key);
        if !v.is_undefined() {
            Reflect::set(&opts, &key.into(), &v)?;
        }
    }
    Reflect::set(&opts, &"forceNew".into(), &JsValue::TRUE)?;
    if driver == Driver::Echo {
        let query = js_sys::Object::new();
        let q = options::get(&extra, "query");
        if q.is_object() {
            js_sys::Object::assign(&query, q.unchecked_ref());
        }
        Reflect::set(&query, &"wire".into(), &"echo".into())?;
        Reflect::set(&opts, &"query".into(), &query)?;
    }
    let socket = io(url.into(), opts.into())?;
    Ok(StoreCore {
        inner: StoreInner::new(socket, driver, get("channelAuth")),
    })
}

#[wasm_bindgen]
impl StoreCore {
    /// Adds a listener for `event` (on `channel`, or any); returns its id.
    #[wasm_bindgen(js_name = "__listen")]
    pub fn listen(
        &self,
        event: String,
        channel: Option<String>,
        callback: Function,
        tag: Option<String>,
        state_change: bool,
    ) -> u32 {
        self.inner
            .listen(event, channel, callback, tag, state_change)
    }

    /// Removes a listener.
    #[wasm_bindgen(js_name = "__unlisten")]
    pub fn unlisten(&self, id: u32) {
        self.inner.unlisten(id);
    }

    /// Removes the listeners of a dependency (all dependencies for `undefined`).
    #[wasm_bindgen(js_name = "__dropTagged")]
    pub fn drop_tagged(&self, tag: Option<String>) {
        self.inner.drop_tagged(tag.as_deref());
    }

    /// Emits on the connection.
    #[wasm_bindgen(js_name = "__emit")]
    pub fn emit(&self, event: JsValue, data: JsValue, ack: JsValue) {
        self.inner.emit(&event, &data, &ack);
    }

    /// Warns once that `name` is not a socket of this store.
    #[wasm_bindgen(js_name = "__warnUnknown")]
    pub fn warn_unknown(&self, name: &str, known: &str) {
        self.inner.warn_unknown(name, known);
    }

    /// Delivers an event locally, exactly as if it came from the server.
    pub fn simulate(&self, event: String, data: JsValue, channel: JsValue) {
        let channel = if channel.is_string() {
            channel
        } else {
            JsValue::NULL
        };
        self.inner.simulate(&event, &data, &channel);
    }

    /// Adds a status listener (`tap: false`) or an event tap (`tap: true`); returns its id.
    #[wasm_bindgen(js_name = "__callback")]
    pub fn callback(&self, tap: bool, f: Function) -> u32 {
        self.inner.add_callback(tap, f)
    }

    /// Removes a status listener or tap.
    #[wasm_bindgen(js_name = "__removeCallback")]
    pub fn remove_callback(&self, id: u32) {
        self.inner.remove_callback(id);
    }

    /// Reads a property: `state`, `connectionStatus`, `listenerCount`, `channels`, `socket` (the
    /// primary Socket).
    #[wasm_bindgen(js_name = "__get")]
    pub fn get(&self, name: &str) -> JsValue {
        match name {
            "state" => self.inner.state(),
            "connectionStatus" => self.inner.status().into(),
            "listenerCount" => (self.inner.listener_count() as f64).into(),
            "listenerCounts" => self.inner.listener_counts(),
            "channels" => self.inner.channels().into(),
            "socket" => self.inner.socket(),
            _ => JsValue::UNDEFINED,
        }
    }

    /// `updateState(key, value)`.
    #[wasm_bindgen(js_name = "updateState")]
    pub fn update_state(&self, key: JsValue, value: JsValue) {
        self.inner.update_state(&key, &value);
    }

    /// Releases everything and disconnects.
    pub fn close(&self) {
        self.inner.close();
    }
}
