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

/// Operation numbers of the host's three methods (mirrored in `pkg/src/core.js`): `n`
/// (numbers), `s` (numbers and up to three strings) and `b` (bytes). Three generic imports
/// instead of one per operation keep both the wasm and its glue small.
pub mod host_op {
    /// `n(TIMER, manager, _, ms)`: re-arm the manager's timer (`ms < 0`: none).
    pub const TIMER: u32 = 0;
    /// `n(MICROTASK, manager)`: call `call(DELIVER, manager)` from a microtask.
    pub const MICROTASK: u32 = 1;
    /// `n(PRIOR, ok)`: whether a WebSocket has worked in this page.
    pub const PRIOR: u32 = 2;
    /// `n(JOIN, socket)`: compute `auth` and send the CONNECT (`input(JOIN, ...)`).
    pub const JOIN: u32 = 3;
    /// `n(OUTGOING, socket, handle, release)`: an emit was written.
    pub const OUTGOING: u32 = 4;
    /// `n(RELEASE, handle)`: an emit's handle is no longer needed.
    pub const RELEASE: u32 = 5;
    /// `n(RESULT, a, b)`: a store result (listener id, count, channel), only collected.
    pub const RESULT: u32 = 6;
    /// `n(SUB, store, channel, subscribe)`: a channel to (un)subscribe.
    pub const SUB: u32 = 7;

    /// `s(IO, manager, transport, op, a, b)`: transport I/O: `op` 0 open a WebSocket to `a`,
    /// 1 send text `a`, 2 GET `a`, 3 POST `b` to `a`, 4 close.
    pub const IO: u32 = 0;
    /// `s(SETTLE, manager, failed, _, error)`: settle `manager.open(callback)` callbacks.
    pub const SETTLE: u32 = 1;
    /// `s(EVENT, socket, _, ack, json)`: an incoming event (`ack < 0`: none requested).
    pub const EVENT: u32 = 2;
    /// `s(ACK, socket, handle, err_first, json)`: an emit's ack arrived.
    pub const ACK: u32 = 3;
    /// `s(ACK_ERROR, socket, handle, report, message)`: an emit's ack failed.
    pub const ACK_ERROR: u32 = 4;
    /// `s(TEXT, _, _, _, text)`: the answer of `read`.
    pub const TEXT: u32 = 5;
    /// `s(FIRE, id, target * 16 + kind, n, event, a, b)`: fire `event` on a manager (target
    /// 0), engine (1) or socket (2); `kind` says how to build the arguments (see
    /// [`super::arg_parts`]).
    pub const FIRE: u32 = 6;

    /// `b(SEND, manager, transport, data)`: a binary WebSocket frame to send.
    pub const SEND: u32 = 0;
    /// `b(ATTACH, _, _, data)`: an attachment of the next `EVENT` or `ACK`.
    pub const ATTACH: u32 = 1;
}

#[wasm_bindgen]
extern "C" {
    /// The JavaScript half of the bindings (`pkg/src/core.js` and the modules that fill in its
    /// operation tables).
    pub type Host;

    #[wasm_bindgen(method, js_name = n)]
    fn num(this: &Host, op: u32, a: u32, b: u32, c: f64);
    #[wasm_bindgen(method, js_name = s)]
    #[allow(clippy::too_many_arguments)]
    fn strs(this: &Host, op: u32, a: u32, b: u32, c: f64, s1: &str, s2: &str, s3: &str);
    #[wasm_bindgen(method, js_name = b)]
    fn bin(this: &Host, op: u32, a: u32, b: u32, data: &[u8]);

    #[wasm_bindgen(js_namespace = Date)]
    fn now() -> f64;
}

/// How the host builds the arguments of an event it fires: `(kind, a, b, n)`.
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

/// The managers, sockets and stores of the page.
#[wasm_bindgen]
pub struct Core {
    /// The page has one core for its whole life: leaking it spares the binary the drop code
    /// of every manager, socket and store.
    inner: &'static Inner,
}

/// The state behind [`Core`].
pub struct Inner {
    client: RefCell<Client>,
    stores: RefCell<Vec<StoreCore>>,
    host: Host,
    /// Attachments handed over for the next emit or ack.
    pending: RefCell<Vec<Vec<u8>>>,
}

impl core::ops::Deref for Core {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        self.inner
    }
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
            inner: alloc::boxed::Box::leak(alloc::boxed::Box::new(Inner {
                client: RefCell::new(Client::new()),
                stores: RefCell::default(),
                host,
                pending: RefCell::default(),
            })),
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
                Action::OpenWebSocket { transport, url } => {
                    h.strs(host_op::IO, mid, transport, 0.0, &url, "", "")
                }
                Action::SendFrames { transport, frames } => {
                    for f in frames {
                        match f {
                            Frame::Text(t) => h.strs(host_op::IO, mid, transport, 1.0, &t, "", ""),
                            Frame::Binary(b) => h.bin(host_op::SEND, mid, transport, &b),
                        }
                    }
                }
                Action::Get { transport, url } => {
                    h.strs(host_op::IO, mid, transport, 2.0, &url, "", "")
                }
                Action::Post {
                    transport,
                    url,
                    body,
                } => h.strs(host_op::IO, mid, transport, 3.0, &url, &body, ""),
                Action::CloseTransport { transport } => {
                    h.strs(host_op::IO, mid, transport, 4.0, "", "", "")
                }
                _ => {}
            },
            Cmd::Timer(mid, ms) => h.num(host_op::TIMER, mid, 0, ms),
            Cmd::Deliver(mid) => h.num(host_op::MICROTASK, mid, 0, 0.0),
            Cmd::PriorWebsocket(ok) => h.num(host_op::PRIOR, u32::from(ok), 0, 0.0),
            Cmd::Fire(target, event, arg) => {
                let (t, id) = match target {
                    Target::Manager(id) => (0, id),
                    Target::Engine(id) => (1, id),
                    Target::Socket(id) => (2, id),
                };
                let (kind, a, b, n) = arg_parts(&arg);
                h.strs(host_op::FIRE, id, t * 16 + kind, n, event, a, b);
            }
            Cmd::Settle(mid, error) => h.strs(
                host_op::SETTLE,
                mid,
                u32::from(error.is_some()),
                0.0,
                error.as_deref().unwrap_or(""),
                "",
                "",
            ),
            Cmd::Join(sid) => h.num(host_op::JOIN, sid, 0, 0.0),
            Cmd::Event {
                socket,
                json,
                attachments,
                ack,
            } => {
                for a in &attachments {
                    h.bin(host_op::ATTACH, 0, 0, a);
                }
                h.strs(
                    host_op::EVENT,
                    socket,
                    0,
                    ack.map_or(-1.0, |id| id as f64),
                    &json,
                    "",
                    "",
                );
            }
            Cmd::Ack {
                socket,
                handle,
                json,
                attachments,
                err_first,
            } => {
                for a in &attachments {
                    h.bin(host_op::ATTACH, 0, 0, a);
                }
                h.strs(host_op::ACK, socket, handle, flag(err_first), &json, "", "");
            }
            Cmd::AckError {
                socket,
                handle,
                message,
                report,
            } => h.strs(
                host_op::ACK_ERROR,
                socket,
                handle,
                flag(report),
                message,
                "",
                "",
            ),
            Cmd::Outgoing {
                socket,
                handle,
                release,
            } => h.num(host_op::OUTGOING, socket, handle, flag(release)),
            Cmd::Release(handle) => h.num(host_op::RELEASE, handle, 0, 0.0),
        }
    }

    // ---------- managers ----------

    /// A new manager. `address` holds, separated by NUL: the engine's `host[:port]`, its path,
    /// its encoded query and the transport names (comma-separated); then `secure`, option
    /// `flags`, the reconnection options (NaN: default; `timeout` NaN: none) and a random
    /// `seed`.
    #[allow(clippy::too_many_arguments)]
    pub fn manager(
        &self,
        address: &str,
        secure: bool,
        flags: u32,
        attempts: f64,
        delay: f64,
        delay_max: f64,
        factor: f64,
        timeout: f64,
        seed: f64,
    ) -> u32 {
        let d = ManagerConfig::default();
        let mut parts = crate::protocol::split_byte(address, 0);
        let mut part = || parts.next().unwrap_or("").to_owned();
        let (authority, path, query, transports) = (part(), part(), part(), part());
        let engine = EngineConfig {
            authority,
            secure,
            path,
            query,
            transports: crate::protocol::split_byte(&transports, b',')
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

    /// Reads text (see [`op`]): session ids and the socket buffers, handed to the host's
    /// `text` (nothing when there is none).
    pub fn read(&self, op: u32, id: u32) {
        let text = self
            .client
            .try_borrow()
            .ok()
            .and_then(|cl| text_of(&cl, op, id));
        if let Some(t) = text {
            self.host.strs(host_op::TEXT, 0, 0, 0.0, &t, "", "");
        }
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
                    h.num(host_op::RESULT, l, 0, 0.0);
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
                    h.num(host_op::RESULT, tag.unwrap_or(0), n, 0.0);
                }
                0
            }
            op::CHANNELS => {
                for ch in s.channels() {
                    h.num(host_op::RESULT, ch, 0, 0.0);
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
                Subscription::Subscribe(ch) => h.num(host_op::SUB, id, ch, 1.0),
                Subscription::Unsubscribe(ch) => h.num(host_op::SUB, id, ch, 0.0),
            }
        }
        r
    }
}

/// The text `read` hands over.
fn text_of(cl: &Client, op: u32, id: u32) -> Option<String> {
    match op {
        op::ENGINE_ID => cl.manager(id)?.engine().sid().map(ToOwned::to_owned),
        op::SOCKET_ID => cl.socket(id)?.id().map(ToOwned::to_owned),
        op::RECEIVE_BUFFER => Some(json_list(cl.socket(id)?.receive_buffer())),
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
            Some(out)
        }
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

fn flag(b: bool) -> f64 {
    f64::from(u8::from(b))
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
