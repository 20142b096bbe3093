//! The Rust host: the page's one [`Client`], the command loop, and the tables that find a
//! manager or socket again when the core speaks of it.
//!
//! Every input goes through [`Runtime::run`]: it borrows the client, applies the input with
//! `now`, drains [`Client::poll_cmds`], releases the borrow, and only then carries the commands
//! out — so a listener may call back into plugwire (emit, disconnect) at any moment, exactly
//! as the JavaScript host allows.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use gloo_events::EventListener;

use super::event::{AckResponder, Event};
use super::events::{EngineEvent, ManagerEvent, SocketEvent};
use super::manager::ManagerShared;
use super::payload::Payload;
use super::socket::SocketShared;
use super::AckError;
use crate::client::Client;
use crate::command::{AckFailure, Cmd, ManagerId, SocketId, Target};
use crate::payload::{PayloadError as Refused, PayloadKind, Span};
use crate::protocol::socketio::is_reserved;
use serde_json::Value;

/// An emit's ack, waiting for the core's verdict.
pub(crate) type PendingAck = Box<dyn FnOnce(Result<Payload, AckError>)>;

/// An emit's `[event, ...args]` JSON and attachments, kept for the outgoing catch-all
/// listeners until the core writes it.
pub(crate) type Sent = (String, Vec<Vec<u8>>);

/// The page's client and what the host keeps beside it.
pub(crate) struct Runtime {
    client: RefCell<Client>,
    /// Every manager and socket, by id (weak: the application's handles own them).
    managers: RefCell<HashMap<u32, Weak<ManagerShared>>>,
    sockets: RefCell<HashMap<u32, Weak<SocketShared>>>,
    /// Kept alive while the core may still call back about them (a connection in use, an
    /// active socket), as the JavaScript host keeps them reachable.
    kept_managers: RefCell<HashMap<u32, Rc<ManagerShared>>>,
    kept_sockets: RefCell<HashMap<u32, Rc<SocketShared>>>,
    acks: RefCell<HashMap<u32, PendingAck>>,
    sent: RefCell<HashMap<u32, Sent>>,
    next_handle: Cell<u32>,
    prior_websocket: Cell<bool>,
    /// Shared managers by server and path (`io()`'s cache).
    pub(crate) cache: RefCell<HashMap<String, Weak<ManagerShared>>>,
    /// The text of the transport input being handled: the core's `Cmd::Parse` spans point
    /// into it (see `crate::payload`).
    input: RefCell<Option<String>>,
    /// Payloads parsed and held for the core, by id, with their attachments once revived.
    held: RefCell<HashMap<u32, HeldPayload>>,
    /// A payload refused during the input being handled, reported once it returns.
    refused: Cell<Option<(ManagerId, u32, Refused)>>,
    _window: Vec<EventListener>,
}

/// A parsed payload and the attachments its placeholders name (once revived).
type HeldPayload = (Value, Vec<Vec<u8>>);

thread_local! {
    static RUNTIME: Rc<Runtime> = Runtime::start();
}

/// The page's runtime (made on first use).
pub(crate) fn rt() -> Rc<Runtime> {
    RUNTIME.with(Rc::clone)
}

/// The wall clock, in ms, as every input of the core wants it.
pub(crate) fn now() -> f64 {
    js_sys::Date::now()
}

impl Runtime {
    fn start() -> Rc<Runtime> {
        let mut window = Vec::new();
        if let Some(w) = web_sys::window() {
            // engine.io-client: going offline closes every connection but those to localhost.
            window.push(EventListener::new(&w, "offline", |_| {
                let rt = rt();
                for m in rt.live_managers() {
                    if !m.local {
                        rt.run(|c, now| {
                            c.with_manager(m.id, now, crate::manager::Manager::offline)
                        });
                    }
                }
            }));
            // `close_on_beforeunload`: the transports close silently when the page unloads.
            window.push(EventListener::new(&w, "beforeunload", |_| {
                for m in rt().live_managers() {
                    if m.close_on_unload {
                        m.close_transports_silently();
                    }
                }
            }));
        }
        Rc::new(Runtime {
            client: RefCell::new({
                let mut client = Client::new();
                client.read_json_with(&super::payload::SerdeFields);
                client
            }),
            managers: RefCell::default(),
            sockets: RefCell::default(),
            kept_managers: RefCell::default(),
            kept_sockets: RefCell::default(),
            acks: RefCell::default(),
            sent: RefCell::default(),
            next_handle: Cell::new(0),
            prior_websocket: Cell::new(false),
            cache: RefCell::default(),
            input: RefCell::default(),
            held: RefCell::default(),
            refused: Cell::new(None),
            _window: window,
        })
    }

    /// Applies an input to the client, then carries out the commands it left (no borrow held).
    /// `None` when the client is busy (an input from inside the core, which cannot happen).
    pub(crate) fn run<R>(&self, f: impl FnOnce(&mut Client, f64) -> R) -> Option<R> {
        let (out, cmds) = {
            let mut c = self.client.try_borrow_mut().ok()?;
            let out = f(&mut c, now());
            (out, c.poll_cmds())
        };
        for cmd in cmds {
            self.exec(cmd);
        }
        Some(out)
    }

    /// Reads the client.
    pub(crate) fn read<R: Default>(&self, f: impl FnOnce(&Client) -> Option<R>) -> R {
        self.client
            .try_borrow()
            .ok()
            .and_then(|c| f(&c))
            .unwrap_or_default()
    }

    pub(crate) fn prior_websocket(&self) -> bool {
        self.prior_websocket.get()
    }

    pub(crate) fn register_manager(&self, m: &Rc<ManagerShared>) {
        self.managers
            .borrow_mut()
            .insert(m.id.get(), Rc::downgrade(m));
    }

    pub(crate) fn register_socket(&self, s: &Rc<SocketShared>) {
        self.sockets
            .borrow_mut()
            .insert(s.id.get(), Rc::downgrade(s));
    }

    /// The core may call back about this manager: keep it alive.
    pub(crate) fn keep_manager(&self, m: &Rc<ManagerShared>) {
        self.kept_managers
            .borrow_mut()
            .insert(m.id.get(), m.clone());
    }

    pub(crate) fn keep_socket(&self, s: &Rc<SocketShared>) {
        self.kept_sockets.borrow_mut().insert(s.id.get(), s.clone());
        self.keep_manager(&s.manager);
    }

    /// Forgets a dropped object's slot (from its `Drop`; the slot is reused).
    pub(crate) fn forget_manager(&self, id: ManagerId) {
        self.managers.borrow_mut().remove(&id.get());
        self.run(|c, _| {
            c.free_manager(id, false);
        });
    }

    pub(crate) fn forget_socket(&self, id: SocketId) {
        self.sockets.borrow_mut().remove(&id.get());
        self.run(|c, _| c.free_socket(id));
    }

    /// A new emit handle, with its ack (if any) and its packet for the outgoing listeners
    /// (if any may hear it) waiting under it.
    pub(crate) fn new_handle(&self, ack: Option<PendingAck>, sent: Option<Sent>) -> u32 {
        let h = self.next_handle.get().wrapping_add(1);
        self.next_handle.set(h);
        if let Some(ack) = ack {
            self.acks.borrow_mut().insert(h, ack);
        }
        if let Some(sent) = sent {
            self.sent.borrow_mut().insert(h, sent);
        }
        h
    }

    pub(crate) fn manager(&self, id: ManagerId) -> Option<Rc<ManagerShared>> {
        self.managers.borrow().get(&id.get())?.upgrade()
    }

    fn socket(&self, id: SocketId) -> Option<Rc<SocketShared>> {
        self.sockets.borrow().get(&id.get())?.upgrade()
    }

    fn live_managers(&self) -> Vec<Rc<ManagerShared>> {
        self.managers
            .borrow()
            .values()
            .filter_map(Weak::upgrade)
            .collect()
    }

    /// The core is done with an emit handle: its ack, if any (its packet is forgotten).
    fn take_ack(&self, handle: u32) -> Option<PendingAck> {
        self.sent.borrow_mut().remove(&handle);
        self.acks.borrow_mut().remove(&handle)
    }

    /// An emit is written: the socket's outgoing catch-all listeners hear it. Its packet is
    /// kept only while the retry queue may write it again.
    fn outgoing(&self, sid: SocketId, handle: u32) {
        let s = self.socket(sid);
        let sent = if s.as_ref().is_some_and(|s| s.queued) {
            self.sent.borrow().get(&handle).cloned()
        } else {
            self.sent.borrow_mut().remove(&handle)
        };
        let (Some(s), Some((json, attachments))) = (s, sent) else {
            return;
        };
        if !s.has_outgoing() {
            return;
        }
        let Ok(Value::Array(args)) = serde_json::from_str::<Value>(&json) else {
            return;
        };
        let mut payload = Payload::from_parts(args, attachments);
        let name = payload.take_event_name().unwrap_or_default();
        s.dispatch_outgoing(&Event {
            name,
            payload,
            ack: None,
        });
    }

    /// The manager has nothing more to say until it is used: closed, no timer, no transport.
    fn release_if_idle(&self, m: &ManagerShared) {
        let closed = self
            .read(|c| Some(c.manager(m.id)?.ready_state() == crate::manager::ReadyState::Closed));
        if closed && m.is_idle() {
            let released = self.kept_managers.borrow_mut().remove(&m.id.get());
            drop(released);
        }
    }

    /// Hands a transport's report to the core, keeping its text for the payloads the core asks
    /// to parse; reports a payload refused meanwhile (the session closes with "parse error").
    pub(crate) fn feed(&self, mid: ManagerId, tid: u32, input: crate::engine::Input) {
        use crate::engine::Input;
        let text = match &input {
            Input::Text(t) | Input::Poll(Ok(t)) => Some(t.clone()),
            _ => None,
        };
        *self.input.borrow_mut() = text;
        self.run(|c, now| c.with_manager(mid, now, |m, now| m.handle(tid, input, now)));
        self.input.borrow_mut().take();
        if let Some((m, id, error)) = self.refused.take() {
            self.run(|c, now| c.payload_error(m, id, error, now));
        }
    }

    /// The one place where a received payload's text is parsed (events, acks and
    /// CONNECT_ERRORs alike), and its shape checked as socket.io-parser checks it.
    fn parse(&self, manager: ManagerId, id: u32, kind: PayloadKind, span: Span) {
        if self.refused.get().is_some_and(|(m, _, _)| m == manager) {
            return; // the rest of that input is dropped with the bad packet
        }
        let value = self
            .input
            .borrow()
            .as_deref()
            .and_then(|t| serde_json::from_str::<Value>(span.in_text(t)?).ok());
        let ok = match (&value, kind) {
            (Some(Value::Array(a)), PayloadKind::Event) => match a.first() {
                Some(Value::Number(_)) => true,
                Some(Value::String(name)) => !is_reserved(name),
                _ => false,
            },
            (Some(Value::Array(_)), PayloadKind::Ack) => true,
            (Some(Value::String(_) | Value::Object(_)), PayloadKind::ConnectError) => true,
            _ => false,
        };
        match value {
            Some(v) if ok => {
                self.held.borrow_mut().insert(id, (v, Vec::new()));
            }
            _ => self.refused.set(Some((manager, id, Refused::Invalid))),
        }
    }

    /// The attachments of a held payload are in: every placeholder must name one.
    fn revive(&self, manager: ManagerId, id: u32, attachments: Vec<Vec<u8>>) {
        let mut held = self.held.borrow_mut();
        let Some((value, atts)) = held.get_mut(&id) else {
            return;
        };
        if placeholders_fit(value, attachments.len()) {
            *atts = attachments;
        } else {
            held.remove(&id);
            self.refused.set(Some((manager, id, Refused::Attachments)));
        }
    }

    /// Takes a held payload's value (a CONNECT_ERROR's).
    pub(crate) fn take_held(&self, id: u32) -> Option<Value> {
        self.held.borrow_mut().remove(&id).map(|(v, _)| v)
    }

    fn take_payload(&self, id: u32) -> Option<Payload> {
        let (value, attachments) = self.held.borrow_mut().remove(&id)?;
        match value {
            Value::Array(args) => Some(Payload::from_parts(args, attachments)),
            _ => None,
        }
    }

    fn exec(&self, cmd: Cmd) {
        match cmd {
            Cmd::Io(mid, io) => {
                if let Some(m) = self.manager(mid) {
                    super::transport::perform(&m, io);
                }
            }
            Cmd::Timer(mid, delay) => {
                if let Some(m) = self.manager(mid) {
                    m.set_timer(delay);
                    if delay < 0.0 {
                        self.release_if_idle(&m);
                    }
                }
            }
            Cmd::Deliver(mid) => wasm_bindgen_futures::spawn_local(async move {
                let rt = rt();
                while rt.run(|c, now| c.deliver(mid, now)) == Some(true) {}
            }),
            Cmd::PriorWebsocket(ok) => self.prior_websocket.set(ok),
            Cmd::NewEngine(mid) => {
                self.run(|c, _| c.listen_engine(mid, 0));
            }
            Cmd::Fire(Target::Manager(mid), event, arg) => {
                if let (Some(m), Some(e)) =
                    (self.manager(mid), ManagerEvent::from_fired(event, &arg))
                {
                    m.listeners.emit(&(), None, &e);
                }
            }
            Cmd::Fire(Target::Engine(mid), event, arg) => {
                if let (Some(m), Some(e)) =
                    (self.manager(mid), EngineEvent::from_fired(event, &arg))
                {
                    m.engine_listeners.emit(&(), None, &e);
                }
            }
            Cmd::Fire(Target::Socket(sid), event, arg) => {
                let Some(s) = self.socket(sid) else { return };
                if let Some(e) = SocketEvent::from_fired(event, &arg) {
                    s.state.emit(&(), None, &e);
                }
                // A socket that will hear nothing more is no longer kept (`connect()` keeps
                // it again).
                let active = self.read(|c| Some(c.socket(sid)?.active()));
                if !active {
                    let released = self.kept_sockets.borrow_mut().remove(&sid.get());
                    drop(released);
                }
            }
            Cmd::Settle(mid, error) => {
                if let Some(m) = self.manager(mid) {
                    m.settle(error);
                }
            }
            Cmd::Join(sid) => {
                if let Some(s) = self.socket(sid) {
                    s.join();
                }
            }
            Cmd::Parse {
                manager,
                id,
                kind,
                span,
            } => self.parse(manager, id, kind, span),
            Cmd::Revive {
                manager,
                id,
                attachments,
            } => self.revive(manager, id, attachments),
            Cmd::Drop(id) => {
                self.held.borrow_mut().remove(&id);
            }
            Cmd::Event {
                socket,
                payload,
                ack,
                recovering,
            } => {
                let Some(mut payload) = self.take_payload(payload) else {
                    return;
                };
                let Some(s) = self.socket(socket) else { return };
                // Connection state recovery: a last string argument is the offset to resume
                // from (socket.io-client's `_lastOffset`).
                if recovering && ack.is_none() {
                    if let Some(Value::String(offset)) = payload.args().last() {
                        let offset = offset.clone();
                        self.run(|c, _| c.set_offset(socket, offset));
                    }
                }
                let name = payload.take_event_name().unwrap_or_default();
                let ack = ack.map(|id| AckResponder::new(socket, id));
                s.dispatch(name, payload, ack);
            }
            Cmd::Ack {
                handle, payload, ..
            } => {
                let ack = self.take_ack(handle);
                let payload = self.take_payload(payload);
                if let (Some(ack), Some(payload)) = (ack, payload) {
                    ack(Ok(payload));
                }
            }
            Cmd::AckError {
                handle,
                failure,
                report,
                ..
            } => {
                let ack = self.take_ack(handle);
                if let (Some(ack), true) = (ack, report) {
                    ack(Err(match failure {
                        AckFailure::TimedOut => AckError::TimedOut,
                        AckFailure::Disconnected => AckError::Disconnected,
                    }));
                }
            }
            Cmd::Outgoing {
                socket,
                handle,
                release,
            } => {
                self.outgoing(socket, handle);
                if release {
                    self.take_ack(handle);
                }
            }
            Cmd::Release(handle) => {
                if let Some(ack) = self.take_ack(handle) {
                    ack(Err(AckError::Dropped));
                }
            }
        }
    }
}

/// Whether every placeholder (`{"_placeholder": true, "num": n}`) in `v` names one of `count`
/// attachments, as socket.io-parser's `_reconstructPacket` requires.
fn placeholders_fit(v: &Value, count: usize) -> bool {
    match v {
        Value::Object(o) if o.get("_placeholder") == Some(&Value::Bool(true)) => o
            .get("num")
            .and_then(Value::as_u64)
            .is_some_and(|n| n < count as u64),
        Value::Object(o) => o.values().all(|v| placeholders_fit(v, count)),
        Value::Array(a) => a.iter().all(|v| placeholders_fit(v, count)),
        _ => true,
    }
}
