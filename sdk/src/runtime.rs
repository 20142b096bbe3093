//! The runtime of one manager (wasm32): it drives the sans-IO [`Manager`] with the browser —
//! transports, one timer for every deadline, the window's `offline` event — and dispatches the
//! manager's events to the manager's listeners and to its sockets.
//!
//! Nothing is borrowed while JavaScript runs: events are queued and handled one at a time, so a
//! listener may call back into plugwire (emit, disconnect, …) at any moment.

use crate::prelude::*;
use alloc::collections::VecDeque;
use alloc::rc::{Rc, Weak};
use core::cell::{Cell, RefCell};

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::emitter::call_all;
use crate::engine::{EngineConfig, TransportKind};
use crate::js::glue;
use crate::manager::{Event, Manager, ManagerConfig, ReadyState};
use crate::protocol::binary::Message;
use crate::socket::{SocketInner, SocketOptions};
use crate::transport::{HttpOptions, TransportEvent, Transports};

/// Wall-clock time in ms.
pub fn now() -> f64 {
    js_sys::Date::now()
}

type Callback = Closure<dyn FnMut(JsValue)>;

/// The runtime of one manager.
pub struct Runtime {
    core: RefCell<Manager>,
    transports: RefCell<Transports>,
    sockets: RefCell<Vec<Rc<SocketInner>>>,
    /// The JavaScript `Manager` object (`this` for its listeners, `socket.io`).
    pub this: RefCell<JsValue>,
    /// The JavaScript `Engine` object (`manager.engine`).
    pub engine_this: RefCell<JsValue>,
    /// Decoded packets waiting for their microtask (socket.io-client's `ondecoded` nextTick).
    packets: RefCell<VecDeque<Message<'static>>>,
    deliver: RefCell<Option<Callback>>,
    delivering: Cell<bool>,
    timer: Cell<Option<(i32, f64)>>,
    tick: RefCell<Option<Closure<dyn FnMut()>>>,
    offline: RefCell<Option<Closure<dyn FnMut()>>>,
    retired: RefCell<Vec<Closure<dyn FnMut()>>>,
    open_callbacks: RefCell<Vec<Function>>,
    /// `autoConnect`.
    pub auto_connect: Cell<bool>,
    /// `manager.uri`.
    pub uri: String,
    /// `manager.opts`.
    pub opts: JsValue,
    remember_upgrade: bool,
}

impl Runtime {
    /// A runtime for a manager with these settings (not connected).
    pub fn new(
        mut engine: EngineConfig,
        cfg: ManagerConfig,
        http: HttpOptions,
        auto_connect: bool,
        uri: String,
        opts: JsValue,
    ) -> Rc<Self> {
        engine.prior_websocket = glue::prior_websocket();
        let remember_upgrade = engine.remember_upgrade;
        let seed = (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64;
        let rt = Rc::new_cyclic(|me: &Weak<Runtime>| {
            let sink_me = me.clone();
            let sink = Rc::new(move |id: u32, ev: TransportEvent| {
                if let Some(rt) = sink_me.upgrade() {
                    rt.on_transport(id, ev);
                }
            });
            Runtime {
                core: RefCell::new(Manager::new(cfg, engine, seed)),
                transports: RefCell::new(Transports::new(sink, http)),
                sockets: RefCell::default(),
                this: RefCell::new(JsValue::UNDEFINED),
                engine_this: RefCell::new(JsValue::UNDEFINED),
                packets: RefCell::default(),
                deliver: RefCell::new(None),
                delivering: Cell::new(false),
                timer: Cell::new(None),
                tick: RefCell::new(None),
                offline: RefCell::new(None),
                retired: RefCell::default(),
                open_callbacks: RefCell::default(),
                auto_connect: Cell::new(auto_connect),
                uri,
                opts,
                remember_upgrade,
            }
        });
        let me = Rc::downgrade(&rt);
        *rt.tick.borrow_mut() = Some(Closure::new(move || {
            if let Some(rt) = me.upgrade() {
                rt.on_timer();
            }
        }));
        let me = Rc::downgrade(&rt);
        *rt.deliver.borrow_mut() = Some(Closure::new(move |_| {
            if let Some(rt) = me.upgrade() {
                rt.deliver_packets();
            }
        }));
        let me = Rc::downgrade(&rt);
        let offline = Closure::<dyn FnMut()>::new(move || {
            if let Some(rt) = me.upgrade() {
                rt.with_core(|m, now| m.offline(now));
            }
        });
        let global = js_sys::global();
        if let Ok(add) =
            Reflect::get(&global, &"addEventListener".into()).and_then(|f| f.dyn_into::<Function>())
        {
            let _ = add.call2(&global, &"offline".into(), offline.as_ref());
        }
        *rt.offline.borrow_mut() = Some(offline);
        rt
    }

    /// Runs `f` on the manager, then handles what it produced, in order and at once (as
    /// socket.io-client's synchronous emitters do). No borrow is held while handlers run, so
    /// they may call back in.
    pub fn with_core<R>(self: &Rc<Self>, f: impl FnOnce(&mut Manager, f64) -> R) -> R {
        let (r, events) = {
            let mut core = self.core.borrow_mut();
            let r = f(&mut core, now());
            (r, core.take_events())
        };
        for ev in events {
            self.handle(ev);
        }
        self.schedule();
        r
    }

    /// Reads the manager.
    pub fn core(&self) -> core::cell::Ref<'_, Manager> {
        self.core.borrow()
    }

    /// Changes the manager's options.
    pub fn configure(&self, f: impl FnOnce(&mut ManagerConfig)) {
        f(self.core.borrow_mut().config_mut());
    }

    fn deliver_packets(self: &Rc<Self>) {
        self.delivering.set(false);
        loop {
            let next = self.packets.borrow_mut().pop_front();
            let Some(message) = next else { break };
            let nsp = match &message {
                Message::Packet(p) => p.nsp.clone(),
                Message::Binary { packet, .. } => packet.nsp.clone(),
            };
            let socket = self
                .sockets
                .borrow()
                .iter()
                .find(|s| s.active() && s.nsp() == nsp)
                .cloned();
            if let Some(s) = socket {
                s.on_packet(message);
            }
        }
    }

    fn schedule(&self) {
        let deadline = self.core.borrow().next_deadline();
        let sweep = !self.retired.borrow().is_empty();
        let want = match (deadline, sweep) {
            (_, true) => Some(now()),
            (Some(d), false) => Some(d),
            (None, false) => None,
        };
        let current = self.timer.get();
        if current.map(|c| c.1) == want {
            return;
        }
        if let Some((handle, _)) = current {
            self.clear_timeout(handle);
        }
        self.timer.set(want.and_then(|at| {
            let tick = self.tick.borrow();
            let f = tick.as_ref()?.as_ref().unchecked_ref::<Function>().clone();
            Some((self.set_timeout(&f, (at - now()).max(0.0)), at))
        }));
    }

    fn on_timer(self: &Rc<Self>) {
        self.timer.set(None);
        self.retired.borrow_mut().clear();
        self.transports.borrow_mut().sweep();
        self.with_core(|m, now| m.tick(now));
    }

    /// Keeps a closure alive until no callback can be running it.
    pub fn retire(&self, closure: Closure<dyn FnMut()>) {
        self.retired.borrow_mut().push(closure);
    }

    /// `setTimeout(f, ms)`.
    pub fn set_timeout(&self, f: &Function, ms: f64) -> i32 {
        let global = js_sys::global();
        Reflect::get(&global, &"setTimeout".into())
            .ok()
            .and_then(|st| st.dyn_into::<Function>().ok())
            .and_then(|st| st.call2(&global, f, &JsValue::from(ms)).ok())
            .and_then(|h| h.as_f64())
            .map_or(0, |h| h as i32)
    }

    /// `clearTimeout(handle)`.
    pub fn clear_timeout(&self, handle: i32) {
        let global = js_sys::global();
        if let Ok(Ok(ct)) =
            Reflect::get(&global, &"clearTimeout".into()).map(JsCast::dyn_into::<Function>)
        {
            let _ = ct.call1(&global, &JsValue::from(handle));
        }
    }

    fn on_transport(self: &Rc<Self>, id: u32, ev: TransportEvent) {
        self.with_core(|m, now| match ev {
            TransportEvent::Open => m.on_open(id, now),
            TransportEvent::Text(t) => m.on_text(id, &t, now),
            TransportEvent::Binary(b) => m.on_binary(id, b, now),
            TransportEvent::Close(d) => m.on_transport_close(id, d, now),
            TransportEvent::Error(e) => m.on_transport_error(id, e, now),
            TransportEvent::Polled(r) => m.on_poll(id, r, now),
            TransportEvent::Posted(r) => m.on_post(id, r, now),
        });
    }

    fn emit(&self, event: &str, args: &[JsValue]) {
        let this = self.this.borrow().clone();
        glue::fire(&this, event, &args.iter().collect());
    }

    fn active_sockets(&self) -> Vec<Rc<SocketInner>> {
        self.sockets
            .borrow()
            .iter()
            .filter(|s| s.active())
            .cloned()
            .collect()
    }

    fn handle(self: &Rc<Self>, ev: Event) {
        match ev {
            Event::Io(a) => {
                let failed = self.transports.borrow_mut().execute(a);
                if let Some((id, ev)) = failed {
                    self.on_transport(id, ev);
                }
            }
            Event::Open(_) => {
                if self.core.borrow().engine().websocket_succeeded() {
                    glue::set_prior_websocket(true);
                }
                for s in self.active_sockets() {
                    s.on_open();
                }
                self.emit("open", &[]);
                self.settle_open(None);
            }
            Event::Upgraded(kind) => {
                glue::set_prior_websocket(
                    self.remember_upgrade || kind == TransportKind::WebSocket,
                );
                let transport = js_sys::Object::new();
                let _ = Reflect::set(&transport, &"name".into(), &kind.name().into());
                let engine = self.engine_this.borrow().clone();
                glue::fire(&engine, "upgrade", &Array::of1(&transport));
            }
            Event::Error(message) => {
                let err: JsValue = js_sys::Error::new(&message).into();
                for s in self.active_sockets() {
                    s.on_error(&err);
                }
                self.emit("error", core::slice::from_ref(&err));
                if self.core.borrow().ready_state() == ReadyState::Closed {
                    self.settle_open(Some(&err));
                }
            }
            Event::Ping => self.emit("ping", &[]),
            Event::Close {
                reason,
                description,
            } => {
                // engine.io-client's `details`: an Error for failures, `{description}` otherwise.
                let details: JsValue = match (reason, description) {
                    (_, None) => JsValue::UNDEFINED,
                    ("transport error" | "parse error", Some(d)) => js_sys::Error::new(&d).into(),
                    (_, Some(d)) => {
                        let o = js_sys::Object::new();
                        let _ = Reflect::set(&o, &"description".into(), &d.into());
                        o.into()
                    }
                };
                // Sockets subscribed when they were created: before the user's listeners.
                for s in self.active_sockets() {
                    s.on_close(reason, &details);
                }
                self.emit("close", &[reason.into(), details]);
            }
            Event::ReconnectAttempt(n) => self.emit("reconnect_attempt", &[n.into()]),
            Event::Reconnect(n) => self.emit("reconnect", &[n.into()]),
            Event::ReconnectError(message) => {
                self.emit("reconnect_error", &[js_sys::Error::new(&message).into()])
            }
            Event::ReconnectFailed => self.emit("reconnect_failed", &[]),
            Event::Packet(message) => {
                self.packets.borrow_mut().push_back(message);
                if !self.delivering.replace(true) {
                    if let Some(f) = self.deliver.borrow().as_ref() {
                        let _ = js_sys::Promise::resolve(&JsValue::UNDEFINED).then(f);
                    }
                }
            }
        }
    }

    fn settle_open(&self, err: Option<&JsValue>) {
        let callbacks = core::mem::take(&mut *self.open_callbacks.borrow_mut());
        let arg = err.cloned().unwrap_or(JsValue::UNDEFINED);
        call_all(&callbacks, &self.this.borrow(), &Array::of1(&arg));
    }

    // ---------- used by sockets and the bindings ----------

    /// `open(callback?)`.
    pub fn open_with(self: &Rc<Self>, callback: Option<Function>) {
        if let Some(f) = callback {
            self.open_callbacks.borrow_mut().push(f);
        }
        self.with_core(|m, now| m.open(now));
    }

    /// Opens the connection if closed.
    pub fn open(self: &Rc<Self>) {
        self.open_with(None);
    }

    /// Whether the connection is open.
    pub fn is_open(&self) -> bool {
        self.core.borrow().ready_state() == ReadyState::Open
    }

    /// Whether a reconnection is under way.
    pub fn reconnecting(&self) -> bool {
        self.core.borrow().reconnecting()
    }

    /// Whether a packet written now goes out at once.
    pub fn writable(&self) -> bool {
        self.core.borrow().writable()
    }

    /// Whether the server stopped pinging (closes the session if so).
    pub fn ping_expired(self: &Rc<Self>) -> bool {
        self.with_core(|m, now| m.ping_expired(now))
    }

    /// Writes a Socket.IO packet and its attachments.
    pub fn send(self: &Rc<Self>, text: String, attachments: Vec<Vec<u8>>) {
        self.with_core(|m, now| m.send(text, attachments, now));
    }

    /// Closes the connection on purpose (no reconnection).
    pub fn close(self: &Rc<Self>) {
        self.with_core(|m, now| m.close(now));
    }

    /// A socket left: close the connection when no socket is active any more.
    pub fn socket_destroyed(self: &Rc<Self>) {
        if self.sockets.borrow().iter().all(|s| !s.active()) {
            self.close();
        }
    }

    /// The socket for `nsp`, created (and connected with `autoConnect`) if needed.
    pub fn socket(self: &Rc<Self>, nsp: &str, opts: SocketOptions) -> (Rc<SocketInner>, bool) {
        let existing = self
            .sockets
            .borrow()
            .iter()
            .find(|s| s.nsp() == nsp)
            .cloned();
        match existing {
            Some(s) => {
                if self.auto_connect.get() && !s.active() {
                    s.connect();
                }
                (s, false)
            }
            None => {
                let s = SocketInner::new(self.clone(), nsp.to_owned(), opts);
                self.sockets.borrow_mut().push(s.clone());
                (s, true)
            }
        }
    }

    /// Whether a socket for `nsp` exists.
    pub fn has_socket(&self, nsp: &str) -> bool {
        self.sockets.borrow().iter().any(|s| s.nsp() == nsp)
    }
}
