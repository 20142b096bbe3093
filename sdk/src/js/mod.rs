//! JavaScript bindings (wasm32): the [`Core`] object `pkg/src/index.js` and
//! `pkg/src/store.js` build the public API on.
//!
//! Only numbers, strings and bytes cross the boundary, through a handful of entry points
//! (each export costs wrapper code, so operations are numbered, see [`op`]). The JavaScript
//! side (the [`Host`]) keeps every JavaScript value — listeners, arguments, ack callbacks,
//! `auth`, the store's callbacks — and does the browser's I/O; the Rust side keeps every
//! decision. Commands left by the sans-IO [`Client`] are carried out through the host's
//! methods once no borrow is held, so a listener may call back in at any moment.

use crate::prelude::*;
use core::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::client::{Arg, Client, Cmd, Target};
use crate::engine::{Action, EngineConfig, Frame, TransportKind};
use crate::manager::{Manager, ManagerConfig, ReadyState};
use crate::socket::{AckMode, Emit, Flags, SocketOptions};
use crate::store::{Driver, SocketEvent, Status, StoreCore, Subscription};

/// Operation numbers of [`Core::call`], [`Core::input`], [`Core::bytes`] and [`Core::read`]
/// (mirrored in `pkg/src/index.js`).
pub mod op {
    /// `call(OPEN, manager)`: `manager.open()`.
    pub const OPEN: u32 = 0;
    /// `call(CLOSE, manager)`: `manager.close()`.
    pub const CLOSE: u32 = 1;
    /// `call(OFFLINE, manager)`: the window's `offline` event.
    pub const OFFLINE: u32 = 2;
    /// `call(TICK, manager)`: the manager's timer fired.
    pub const TICK: u32 = 3;
    /// `call(DELIVER, manager)`: delivers the next received packet; 1 when more wait.
    pub const DELIVER: u32 = 4;
    /// `call(STATE, manager)`: bits 0-1 `_readyState` (closed, opening, open), bit 2 the
    /// engine is open, bits 3-4 its transport (none, polling, websocket).
    pub const STATE: u32 = 5;
    /// `call(OPTION, manager, which, value)`: reads (value NaN) or sets an option: 0
    /// `reconnection` (1/0), 1 `reconnectionAttempts`, 2 `reconnectionDelay`, 3
    /// `reconnectionDelayMax`, 4 `randomizationFactor`, 5 `timeout` (-1: none).
    pub const OPTION: u32 = 6;
    /// `call(CONNECT, socket)`: `socket.connect()`.
    pub const CONNECT: u32 = 10;
    /// `call(DISCONNECT, socket)`: `socket.disconnect()`.
    pub const DISCONNECT: u32 = 11;
    /// `call(SOCKET_STATE, socket)`: bit 0 connected, bit 1 active, bit 2 recovered.
    pub const SOCKET_STATE: u32 = 12;
    /// `call(STORE, _, echo)`: a new store core (echo driver when `echo` is 1); its id.
    pub const STORE: u32 = 20;
    /// `call(LISTEN, store, event, channel, tag)`: a listener (channel 0: any; tag 0:
    /// primary); its id.
    pub const LISTEN: u32 = 21;
    /// `call(UNLISTEN, store, id)`.
    pub const UNLISTEN: u32 = 22;
    /// `call(DROP_TAGGED, store, tag)`: removes a dependency's listeners (0: every one's).
    pub const DROP_TAGGED: u32 = 23;
    /// `call(ROUTE, store, event, channel)`: reports (`hit`) the listeners an event is for.
    pub const ROUTE: u32 = 24;
    /// `call(STORE_ON, store, what)`: a socket event (0 connect, 1 disconnect, 2
    /// connect_error, 3 reconnect_failed); the new status, or 0 when unchanged.
    pub const STORE_ON: u32 = 25;
    /// `call(STATUS, store)`: 1 connecting, 2 connected, 3 disconnected, 4 unavailable.
    pub const STATUS: u32 = 26;
    /// `call(SIZE, store)`: number of listeners.
    pub const SIZE: u32 = 27;
    /// `call(COUNTS, store)`: reports (`count`) the listeners per dependency tag.
    pub const COUNTS: u32 = 28;
    /// `call(CHANNELS, store)`: reports (`channel`) the channels subscribed.
    pub const CHANNELS: u32 = 29;
    /// `call(WARN, store, name)`: 1 the first time an unknown socket `name` is used.
    pub const WARN: u32 = 30;
    /// `call(STORE_CLOSE, store)`: forgets everything; 1 unless already closed.
    pub const STORE_CLOSE: u32 = 31;

    /// `input(0..=7, manager, transport, _, _, text)`: a transport event: 0 open, 1 text, 2
    /// closed (text: reason), 3 error, 4 poll answered, 5 poll failed, 6 post done, 7 post
    /// failed.
    pub const TRANSPORT_CLOSED: u32 = 2;
    /// `input(JOIN, socket, _, _, _, auth)`: the CONNECT packet (`auth` JSON, or "").
    pub const JOIN: u32 = 10;
    /// `input(ANSWER, socket, ack id, _, _, json)`: answers the server's ack request.
    pub const ANSWER: u32 = 11;
    /// `input(EMIT, socket, handle, timeout, flags, json)`: an emit; flags bits 0-1 the ack
    /// (0 none, 1 callback, 2 promise), bit 2 volatile; timeout NaN when not set.
    pub const EMIT: u32 = 12;
    /// `input(SOCKET, manager, ackTimeout, retries, _, nsp)`: a new socket; its id.
    pub const SOCKET: u32 = 13;

    /// `bytes(ATTACH, ..)`: an attachment of the next emit or ack.
    pub const ATTACH: u32 = 0;
    /// `bytes(BINARY, manager, transport)`: a binary WebSocket frame.
    pub const BINARY: u32 = 1;

    /// `read(ENGINE_ID, manager)`: the engine's session id.
    pub const ENGINE_ID: u32 = 0;
    /// `read(SOCKET_ID, socket)`: the socket's id while connected.
    pub const SOCKET_ID: u32 = 1;
    /// `read(RECEIVE_BUFFER, socket)`: JSON array of the `[event, ...args]` received early.
    pub const RECEIVE_BUFFER: u32 = 2;
    /// `read(SEND_BUFFER, socket)`: JSON array `[handle, ack id (-1: none), …]`.
    pub const SEND_BUFFER: u32 = 3;
}

#[wasm_bindgen]
extern "C" {
    /// The JavaScript half of the bindings (in `pkg/src/index.js`).
    pub type Host;

    /// Transport I/O: `op` 0 open a WebSocket to `a`, 1 send text `a`, 2 GET `a`, 3 POST `b`
    /// to `a`, 4 close.
    #[wasm_bindgen(method)]
    fn io(this: &Host, mid: u32, op: u32, tid: u32, a: &str, b: &str);
    /// Sends a binary WebSocket frame.
    #[wasm_bindgen(method)]
    fn bytes(this: &Host, mid: u32, tid: u32, data: &[u8]);
    /// Re-arms the manager's timer (`ms < 0`: none).
    #[wasm_bindgen(method)]
    fn timer(this: &Host, mid: u32, ms: f64);
    /// Calls `call(DELIVER, mid)` from a microtask.
    #[wasm_bindgen(method)]
    fn microtask(this: &Host, mid: u32);
    /// Records whether a WebSocket has worked in this page.
    #[wasm_bindgen(method)]
    fn prior(this: &Host, ok: bool);
    /// Fires `event` on a manager (0), engine (1) or socket (2); `kind` says how to build the
    /// arguments from `a`, `b`, `n` (see [`arg_parts`]).
    #[wasm_bindgen(method)]
    fn fire(this: &Host, target: u32, id: u32, event: &str, kind: u32, a: &str, b: &str, n: f64);
    /// Settles `manager.open(callback)` callbacks (`error`: the message, if failed).
    #[wasm_bindgen(method)]
    fn settle(this: &Host, mid: u32, failed: bool, error: &str);
    /// Asks for the socket's CONNECT (`auth` is computed in JavaScript).
    #[wasm_bindgen(method)]
    fn join(this: &Host, sid: u32);
    /// An attachment of the next `event` or `ack`.
    #[wasm_bindgen(method)]
    fn attach(this: &Host, data: &[u8]);
    /// An incoming event (`ack < 0`: none requested).
    #[wasm_bindgen(method)]
    fn event(this: &Host, sid: u32, json: &str, ack: f64);
    /// An emit's ack arrived.
    #[wasm_bindgen(method)]
    fn ack(this: &Host, sid: u32, handle: u32, json: &str, err_first: bool);
    /// An emit's ack failed.
    #[wasm_bindgen(method, js_name = ackError)]
    fn ack_error(this: &Host, sid: u32, handle: u32, message: &str, report: bool);
    /// An emit was written.
    #[wasm_bindgen(method)]
    fn outgoing(this: &Host, sid: u32, handle: u32, release: bool);
    /// An emit's handle is no longer needed.
    #[wasm_bindgen(method)]
    fn release(this: &Host, handle: u32);
    /// A store result (a listener id from `ROUTE`, a count from `COUNTS`, a channel from
    /// `CHANNELS`): the JavaScript side only collects them, so no callback runs while the
    /// core is busy.
    #[wasm_bindgen(method)]
    fn result(this: &Host, a: u32, b: u32);
    /// A channel the store must subscribe (`true`) or unsubscribe.
    #[wasm_bindgen(method)]
    fn sub(this: &Host, store: u32, channel: u32, subscribe: bool);

    #[wasm_bindgen(js_namespace = Date)]
    fn now() -> f64;
}

/// How [`Host::fire`] builds the arguments: `(kind, a, b, n)`.
fn arg_parts(arg: &Arg) -> (u32, &str, &str, f64) {
    match arg {
        Arg::None => (0, "", "", 0.0),
        Arg::Num(n) => (1, "", "", *n),
        Arg::Error(m) => (2, m, "", 0.0),
        Arg::Close(reason, None, _) => (3, reason, "", 0.0),
        Arg::Close(reason, Some(d), false) => (4, reason, d, 0.0),
        Arg::Close(reason, Some(d), true) => (5, reason, d, 0.0),
        Arg::Transport(name) => (6, name, "", 0.0),
        Arg::ConnectError(json) => (7, json, "", 0.0),
    }
}

/// The plugwire version, e.g. `"0.1.0"`.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_owned()
}

/// The managers and sockets of the page.
#[wasm_bindgen]
pub struct Core {
    client: RefCell<Client>,
    stores: RefCell<Vec<StoreCore>>,
    host: Host,
    /// Attachments handed over for the next emit or ack.
    pending: RefCell<Vec<Vec<u8>>>,
}

/// Manager option flags of [`Core::manager`].
const UPGRADE: u32 = 1;
const REMEMBER_UPGRADE: u32 = 2;
const TRY_ALL: u32 = 4;
const TIMESTAMPS: u32 = 8;
const PRIOR_WEBSOCKET: u32 = 16;
const RECONNECTION: u32 = 32;

fn opt(n: f64) -> Option<f64> {
    (!n.is_nan()).then_some(n)
}

#[wasm_bindgen]
impl Core {
    /// A core whose commands `host` carries out.
    #[wasm_bindgen(constructor)]
    pub fn new(host: Host) -> Core {
        Core {
            client: RefCell::new(Client::new()),
            stores: RefCell::default(),
            host,
            pending: RefCell::default(),
        }
    }

    /// Runs `f` on the client, then carries out the commands it left (with no borrow held).
    fn run(&self, f: impl FnOnce(&mut Client, f64)) {
        let cmds = match self.client.try_borrow_mut() {
            Ok(mut c) => {
                f(&mut c, now());
                c.take_cmds()
            }
            Err(_) => return,
        };
        self.exec_all(cmds);
    }

    /// Not generic nor inlined: the command loop exists once in the binary.
    #[inline(never)]
    fn exec_all(&self, cmds: Vec<Cmd>) {
        for cmd in cmds {
            self.exec(cmd);
        }
    }

    fn exec(&self, cmd: Cmd) {
        let h = &self.host;
        match cmd {
            Cmd::Io(mid, action) => match action {
                Action::OpenWebSocket { transport, url } => h.io(mid, 0, transport, &url, ""),
                Action::SendFrames { transport, frames } => {
                    for f in frames {
                        match f {
                            Frame::Text(t) => h.io(mid, 1, transport, &t, ""),
                            Frame::Binary(b) => h.bytes(mid, transport, &b),
                        }
                    }
                }
                Action::Get { transport, url } => h.io(mid, 2, transport, &url, ""),
                Action::Post {
                    transport,
                    url,
                    body,
                } => h.io(mid, 3, transport, &url, &body),
                Action::CloseTransport { transport } => h.io(mid, 4, transport, "", ""),
                _ => {}
            },
            Cmd::Timer(mid, ms) => h.timer(mid, ms),
            Cmd::Deliver(mid) => h.microtask(mid),
            Cmd::PriorWebsocket(ok) => h.prior(ok),
            Cmd::Fire(target, event, arg) => {
                let (t, id) = match target {
                    Target::Manager(id) => (0, id),
                    Target::Engine(id) => (1, id),
                    Target::Socket(id) => (2, id),
                };
                let (kind, a, b, n) = arg_parts(&arg);
                h.fire(t, id, event, kind, a, b, n);
            }
            Cmd::Settle(mid, error) => {
                h.settle(mid, error.is_some(), error.as_deref().unwrap_or(""))
            }
            Cmd::Join(sid) => h.join(sid),
            Cmd::Event {
                socket,
                json,
                attachments,
                ack,
            } => {
                for a in &attachments {
                    h.attach(a);
                }
                h.event(socket, &json, ack.map_or(-1.0, |id| id as f64));
            }
            Cmd::Ack {
                socket,
                handle,
                json,
                attachments,
                err_first,
            } => {
                for a in &attachments {
                    h.attach(a);
                }
                h.ack(socket, handle, &json, err_first);
            }
            Cmd::AckError {
                socket,
                handle,
                message,
                report,
            } => h.ack_error(socket, handle, message, report),
            Cmd::Outgoing {
                socket,
                handle,
                release,
            } => h.outgoing(socket, handle, release),
            Cmd::Release(handle) => h.release(handle),
        }
    }

    // ---------- managers ----------

    /// A new manager: the engine's address (`authority` `host[:port]`, `secure`, `path`,
    /// encoded `query`), `transports` (names, comma-separated), option `flags`, the
    /// reconnection options (NaN: default; `timeout` NaN: none) and a random `seed`.
    #[allow(clippy::too_many_arguments)]
    pub fn manager(
        &self,
        authority: String,
        secure: bool,
        path: String,
        query: String,
        transports: &str,
        flags: u32,
        attempts: f64,
        delay: f64,
        delay_max: f64,
        factor: f64,
        timeout: f64,
        seed: f64,
    ) -> u32 {
        let d = ManagerConfig::default();
        let engine = EngineConfig {
            authority,
            secure,
            path,
            query,
            transports: transports
                .split(',')
                .filter_map(TransportKind::from_name)
                .collect(),
            upgrade: flags & UPGRADE != 0,
            remember_upgrade: flags & REMEMBER_UPGRADE != 0,
            prior_websocket: flags & PRIOR_WEBSOCKET != 0,
            try_all_transports: flags & TRY_ALL != 0,
            timestamp_requests: flags & TIMESTAMPS != 0,
        };
        let cfg = ManagerConfig {
            reconnection: flags & RECONNECTION != 0,
            reconnection_attempts: opt(attempts).map_or(d.reconnection_attempts, attempts_of),
            reconnection_delay: opt(delay).unwrap_or(d.reconnection_delay),
            reconnection_delay_max: opt(delay_max).unwrap_or(d.reconnection_delay_max),
            randomization_factor: opt(factor).unwrap_or(d.randomization_factor),
            timeout: opt(timeout),
            max_attachments: d.max_attachments,
        };
        let mut out = 0;
        self.run(|c, _| out = c.new_manager(cfg, engine, seed as u64));
        out
    }

    /// A numbered operation on a manager, socket or store with numeric arguments (see
    /// [`op`]); returns its result (0 when there is none).
    pub fn call(&self, op: u32, id: u32, a: f64, b: f64, c: f64) -> f64 {
        match op {
            op::OPEN => self.run(|cl, now| cl.with_manager(id, now, Manager::open)),
            op::CLOSE => self.run(|cl, now| cl.with_manager(id, now, Manager::close)),
            op::OFFLINE => self.run(|cl, now| cl.with_manager(id, now, Manager::offline)),
            op::TICK => self.run(|cl, now| cl.tick(id, now)),
            op::DELIVER => {
                let mut more = false;
                self.run(|cl, now| more = cl.deliver(id, now));
                return f64::from(u8::from(more));
            }
            op::STATE => return f64::from(self.manager_state(id)),
            op::OPTION => return self.option(id, a as u32, b),
            op::CONNECT => self.run(|cl, now| cl.connect(id, now)),
            op::DISCONNECT => self.run(|cl, now| cl.disconnect(id, now)),
            op::SOCKET_STATE => {
                return f64::from(self.read_client(|cl| {
                    let s = cl.socket(id)?;
                    let bits = u32::from(s.connected())
                        | u32::from(s.active()) << 1
                        | u32::from(s.recovered()) << 2;
                    Some(bits)
                }))
            }
            _ => return f64::from(self.store(op, id, a as u32, b as u32, c as u32)),
        }
        0.0
    }

    /// A numbered operation carrying text (see [`op`]): transport events, CONNECT, acks,
    /// emits, new sockets.
    pub fn input(&self, op: u32, id: u32, a: f64, b: f64, c: u32, text: String) -> u32 {
        match op {
            op::JOIN => {
                let auth = (!text.is_empty()).then_some(text);
                self.run(|cl, now| cl.join(id, auth.as_deref(), now));
            }
            op::ANSWER => {
                let atts = self.take_pending();
                self.run(|cl, now| cl.send_ack(id, a as u64, text, atts, now));
            }
            op::EMIT => {
                let e = Emit {
                    handle: a as u32,
                    json: text,
                    attachments: self.take_pending(),
                    ack: match c & 3 {
                        0 => AckMode::None,
                        1 => AckMode::Callback,
                        _ => AckMode::Promise,
                    },
                    flags: Flags {
                        volatile: c & 4 != 0,
                        timeout: opt(b),
                    },
                };
                self.run(|cl, now| cl.emit(id, e, now));
            }
            op::SOCKET => {
                let opts = SocketOptions {
                    ack_timeout: opt(a),
                    retries: opt(b).filter(|r| *r > 0.0).map(|r| r as u32),
                };
                let mut sid = 0;
                self.run(|cl, _| sid = cl.new_socket(id, text, opts));
                return sid;
            }
            kind => {
                let tid = a as u32;
                self.run(|cl, now| {
                    cl.with_manager(id, now, |m, now| match kind {
                        0 => m.on_open(tid, now),
                        1 => m.on_text(tid, &text, now),
                        op::TRANSPORT_CLOSED => m.on_transport_close(tid, Some(text), now),
                        3 => m.on_transport_error(tid, text, now),
                        4 => m.on_poll(tid, Ok(text), now),
                        5 => m.on_poll(tid, Err(text), now),
                        6 => m.on_post(tid, Ok(()), now),
                        _ => m.on_post(tid, Err(text), now),
                    })
                });
            }
        }
        0
    }

    /// Bytes: an attachment of the next emit or ack (`ATTACH`), or a binary WebSocket frame
    /// of manager `id`'s transport `tid` (`BINARY`).
    pub fn bytes(&self, op: u32, id: u32, tid: u32, data: Vec<u8>) {
        if op == op::ATTACH {
            if let Ok(mut p) = self.pending.try_borrow_mut() {
                p.push(data);
            }
        } else {
            self.run(|cl, now| cl.with_manager(id, now, |m, now| m.on_binary(tid, data, now)));
        }
    }

    /// Reads text (see [`op`]): session ids and the socket buffers.
    pub fn read(&self, op: u32, id: u32) -> Option<String> {
        self.read_client(|cl| match op {
            op::ENGINE_ID => Some(cl.manager(id)?.engine().sid().map(ToOwned::to_owned)),
            op::SOCKET_ID => Some(cl.socket(id)?.id().map(ToOwned::to_owned)),
            op::RECEIVE_BUFFER => Some(Some(json_list(cl.socket(id)?.receive_buffer()))),
            _ => {
                let mut out = String::from("[");
                for (i, (h, ack)) in cl.socket(id)?.send_buffer().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    crate::protocol::socketio::push_u64(&mut out, h.into());
                    out.push(',');
                    match ack {
                        Some(a) => crate::protocol::socketio::push_u64(&mut out, a),
                        None => out.push_str("-1"),
                    }
                }
                out.push(']');
                Some(Some(out))
            }
        })
    }
}

/// Not exported.
impl Core {
    fn read_client<R: Default>(&self, f: impl FnOnce(&Client) -> Option<R>) -> R {
        self.client
            .try_borrow()
            .ok()
            .and_then(|c| f(&c))
            .unwrap_or_default()
    }

    fn take_pending(&self) -> Vec<Vec<u8>> {
        self.pending
            .try_borrow_mut()
            .map(|mut p| core::mem::take(&mut *p))
            .unwrap_or_default()
    }

    fn manager_state(&self, mid: u32) -> u32 {
        self.read_client(|c| {
            let m = c.manager(mid)?;
            let ready = match m.ready_state() {
                ReadyState::Closed => 0,
                ReadyState::Opening => 1,
                ReadyState::Open => 2,
            };
            let e = m.engine();
            let transport = match e.transport() {
                None => 0,
                Some(TransportKind::Polling) => 1,
                Some(TransportKind::WebSocket) => 2,
            };
            Some(ready | u32::from(e.is_open()) << 2 | transport << 3)
        })
    }

    fn option(&self, mid: u32, which: u32, value: f64) -> f64 {
        let mut out = f64::NAN;
        self.run(|c, _| {
            let Some(cfg) = c.config_mut(mid) else { return };
            let set = opt(value);
            out = match which {
                0 => {
                    if let Some(v) = set {
                        cfg.reconnection = v != 0.0;
                    }
                    f64::from(u8::from(cfg.reconnection))
                }
                1 => {
                    if let Some(v) = set {
                        cfg.reconnection_attempts = attempts_of(v);
                    }
                    match cfg.reconnection_attempts {
                        u32::MAX => f64::INFINITY,
                        n => n.into(),
                    }
                }
                2 => *set_f(&mut cfg.reconnection_delay, set),
                3 => *set_f(&mut cfg.reconnection_delay_max, set),
                4 => *set_f(&mut cfg.randomization_factor, set),
                _ => {
                    if let Some(v) = set {
                        cfg.timeout = (v >= 0.0).then_some(v);
                    }
                    cfg.timeout.unwrap_or(-1.0)
                }
            };
        });
        out
    }

    /// The store operations of [`Core::call`].
    fn store(&self, op: u32, id: u32, a: u32, b: u32, c: u32) -> u32 {
        let Ok(mut stores) = self.stores.try_borrow_mut() else {
            return 0;
        };
        if op == op::STORE {
            let driver = if a == 1 { Driver::Echo } else { Driver::Relay };
            stores.push(StoreCore::new(driver));
            return (stores.len() - 1) as u32;
        }
        let Some(s) = stores.get_mut(id as usize) else {
            return 0;
        };
        let h = &self.host;
        let r = match op {
            op::LISTEN => s.listen(a, name(b), name(c)),
            op::UNLISTEN => {
                s.unlisten(a);
                0
            }
            op::DROP_TAGGED => {
                s.drop_tagged(name(a));
                0
            }
            op::ROUTE => {
                for l in s.route(a, name(b)) {
                    h.result(l, 0);
                }
                0
            }
            op::STORE_ON => {
                let ev = match a {
                    0 => SocketEvent::Connect,
                    1 => SocketEvent::Disconnect,
                    2 => SocketEvent::ConnectError,
                    _ => SocketEvent::ReconnectFailed,
                };
                s.on_socket(ev).map_or(0, status_code)
            }
            op::STATUS => status_code(s.status()),
            op::SIZE => s.listener_count() as u32,
            op::COUNTS => {
                for (tag, n) in s.listener_counts() {
                    h.result(tag.unwrap_or(0), n);
                }
                0
            }
            op::CHANNELS => {
                for ch in s.channels() {
                    h.result(ch, 0);
                }
                0
            }
            op::WARN => u32::from(s.should_warn(a)),
            _ => {
                let first = !s.is_closed();
                s.close();
                u32::from(first)
            }
        };
        for o in s.take_ops() {
            match o {
                Subscription::Subscribe(ch) => h.sub(id, ch, true),
                Subscription::Unsubscribe(ch) => h.sub(id, ch, false),
            }
        }
        r
    }
}

fn json_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::from("[");
    for (i, json) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(json);
    }
    out.push(']');
    out
}

fn name(n: u32) -> Option<u32> {
    (n != 0).then_some(n)
}

fn status_code(s: Status) -> u32 {
    match s {
        Status::Connecting => 1,
        Status::Connected => 2,
        Status::Disconnected => 3,
        Status::Unavailable => 4,
    }
}

fn attempts_of(v: f64) -> u32 {
    if v.is_finite() {
        v.max(0.0) as u32
    } else {
        u32::MAX
    }
}

fn set_f(slot: &mut f64, value: Option<f64>) -> &mut f64 {
    if let Some(v) = value {
        *slot = v;
    }
    slot
}
