//! JavaScript bindings (wasm32): the [`Core`] and [`Store`] objects `pkg/index.js` and
//! `pkg/store.js` build the public API on.
//!
//! Only numbers, strings and bytes cross the boundary. The JavaScript side (the [`Host`])
//! keeps every JavaScript value — listeners, arguments, ack callbacks, `auth` — and does the
//! browser's I/O; the Rust side keeps every decision. Commands left by the sans-IO
//! [`Client`] are carried out through the host's methods once no borrow is held, so a
//! listener may call back in at any moment.

use crate::prelude::*;
use core::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::client::{Arg, Client, Cmd, Target};
use crate::engine::{Action, EngineConfig, Frame, TransportKind};
use crate::manager::{Manager, ManagerConfig, ReadyState};
use crate::socket::{AckMode, Emit, Flags, SocketOptions};
use crate::store::{Driver, SocketEvent, StoreCore, Subscription};

#[wasm_bindgen]
extern "C" {
    /// The JavaScript half of the bindings (in `pkg/index.js`).
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
    /// Calls `deliver(mid)` from a microtask.
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

    fn read<R: Default>(&self, f: impl FnOnce(&Client) -> Option<R>) -> R {
        self.client
            .try_borrow()
            .ok()
            .and_then(|c| f(&c))
            .unwrap_or_default()
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

    /// `manager.open()`.
    pub fn open(&self, mid: u32) {
        self.run(|c, now| c.with_manager(mid, now, Manager::open));
    }

    /// `manager.close()` (no reconnection).
    pub fn close(&self, mid: u32) {
        self.run(|c, now| c.with_manager(mid, now, Manager::close));
    }

    /// The window's `offline` event.
    pub fn offline(&self, mid: u32) {
        self.run(|c, now| c.with_manager(mid, now, Manager::offline));
    }

    /// The manager's timer fired.
    pub fn tick(&self, mid: u32) {
        self.run(|c, now| c.tick(mid, now));
    }

    /// Delivers the next received packet; returns whether more are waiting.
    pub fn deliver(&self, mid: u32) -> bool {
        let mut more = false;
        self.run(|c, now| more = c.deliver(mid, now));
        more
    }

    /// Reads (`value` NaN) or sets a reconnection option: 0 `reconnection` (1/0),
    /// 1 `reconnectionAttempts`, 2 `reconnectionDelay`, 3 `reconnectionDelayMax`,
    /// 4 `randomizationFactor`, 5 `timeout` (-1: none).
    pub fn option(&self, mid: u32, which: u32, value: f64) -> f64 {
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

    /// The manager's state: bits 0-1 `_readyState` (0 closed, 1 opening, 2 open), bit 2 the
    /// engine is open, bits 3-4 its transport (0 none, 1 polling, 2 websocket).
    pub fn state(&self, mid: u32) -> u32 {
        self.read(|c| {
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

    /// The engine's session id.
    pub fn engine_id(&self, mid: u32) -> Option<String> {
        self.read(|c| Some(c.manager(mid)?.engine().sid().map(ToOwned::to_owned)))
    }

    /// A transport event: `kind` 0 open, 1 text `s`, 2 closed (`s`: reason), 3 error `s`,
    /// 4 poll answered `s`, 5 poll failed `s`, 6 post done, 7 post failed `s`.
    pub fn transport(&self, mid: u32, tid: u32, kind: u32, s: String) {
        self.run(|c, now| {
            c.with_manager(mid, now, |m, now| match kind {
                0 => m.on_open(tid, now),
                1 => m.on_text(tid, &s, now),
                2 => m.on_transport_close(tid, Some(s), now),
                3 => m.on_transport_error(tid, s, now),
                4 => m.on_poll(tid, Ok(s), now),
                5 => m.on_poll(tid, Err(s), now),
                6 => m.on_post(tid, Ok(()), now),
                _ => m.on_post(tid, Err(s), now),
            })
        });
    }

    /// A binary WebSocket frame.
    pub fn binary(&self, mid: u32, tid: u32, data: Vec<u8>) {
        self.run(|c, now| c.with_manager(mid, now, |m, now| m.on_binary(tid, data, now)));
    }

    // ---------- sockets ----------

    /// A new socket for namespace `nsp` on manager `mid` (`ackTimeout`, `retries`: NaN when
    /// not set).
    pub fn socket(&self, mid: u32, nsp: String, ack_timeout: f64, retries: f64) -> u32 {
        let opts = SocketOptions {
            ack_timeout: opt(ack_timeout),
            retries: opt(retries).filter(|r| *r > 0.0).map(|r| r as u32),
        };
        let mut out = 0;
        self.run(|c, _| out = c.new_socket(mid, nsp, opts));
        out
    }

    /// `socket.connect()`.
    pub fn connect(&self, sid: u32) {
        self.run(|c, now| c.connect(sid, now));
    }

    /// `socket.disconnect()`.
    pub fn disconnect(&self, sid: u32) {
        self.run(|c, now| c.disconnect(sid, now));
    }

    /// Sends the socket's CONNECT with `auth` (JSON), after a `join` request.
    pub fn join(&self, sid: u32, auth: Option<String>) {
        self.run(|c, now| c.join(sid, auth.as_deref(), now));
    }

    /// Hands over an attachment of the next emit or ack.
    pub fn attach(&self, data: Vec<u8>) {
        if let Ok(mut p) = self.pending.try_borrow_mut() {
            p.push(data);
        }
    }

    fn take_pending(&self) -> Vec<Vec<u8>> {
        self.pending
            .try_borrow_mut()
            .map(|mut p| core::mem::take(&mut *p))
            .unwrap_or_default()
    }

    /// An emit: `json` is `[event, ...args]` (placeholders for the attachments handed over
    /// before); `ack` 0 none, 1 callback, 2 promise; `timeout` NaN when not set.
    pub fn emit(
        &self,
        sid: u32,
        handle: u32,
        json: String,
        ack: u32,
        timeout: f64,
        volatile: bool,
    ) {
        let e = Emit {
            handle,
            json,
            attachments: self.take_pending(),
            ack: match ack {
                0 => AckMode::None,
                1 => AckMode::Callback,
                _ => AckMode::Promise,
            },
            flags: Flags {
                volatile,
                timeout: opt(timeout),
            },
        };
        self.run(|c, now| c.emit(sid, e, now));
    }

    /// Answers the server's ack request `id` with `json` (an array).
    pub fn answer(&self, sid: u32, id: f64, json: String) {
        let atts = self.take_pending();
        self.run(|c, now| c.send_ack(sid, id as u64, json, atts, now));
    }

    /// The socket's state: bit 0 connected, bit 1 active, bit 2 recovered.
    pub fn socket_state(&self, sid: u32) -> u32 {
        self.read(|c| {
            let s = c.socket(sid)?;
            Some(
                u32::from(s.connected())
                    | u32::from(s.active()) << 1
                    | u32::from(s.recovered()) << 2,
            )
        })
    }

    /// The socket's id while connected.
    pub fn socket_id(&self, sid: u32) -> Option<String> {
        self.read(|c| Some(c.socket(sid)?.id().map(ToOwned::to_owned)))
    }

    /// The send buffer: `[handle, ack id (-1: none), …]`.
    pub fn send_buffer(&self, sid: u32) -> Vec<f64> {
        self.read(|c| {
            Some(
                c.socket(sid)?
                    .send_buffer()
                    .flat_map(|(h, id)| [h.into(), id.map_or(-1.0, |i| i as f64)])
                    .collect(),
            )
        })
    }

    /// The receive buffer as a JSON array of `[event, ...args]` arrays.
    pub fn receive_buffer(&self, sid: u32) -> String {
        self.read(|c| {
            let mut out = String::from("[");
            for (i, json) in c.socket(sid)?.receive_buffer().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(json);
            }
            out.push(']');
            Some(out)
        })
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

/// The core of a plugin store (`createStore` in `pkg/store.js` builds the public object).
#[wasm_bindgen]
pub struct Store {
    core: RefCell<StoreCore>,
}

#[wasm_bindgen]
impl Store {
    /// A store core with the echo (`true`) or relay driver.
    #[wasm_bindgen(constructor)]
    pub fn new(echo: bool) -> Store {
        Store {
            core: RefCell::new(StoreCore::new(if echo {
                Driver::Echo
            } else {
                Driver::Relay
            })),
        }
    }

    fn with<R: Default>(&self, f: impl FnOnce(&mut StoreCore) -> R) -> R {
        self.core
            .try_borrow_mut()
            .map(|mut c| f(&mut c))
            .unwrap_or_default()
    }

    /// Adds a listener; returns its id.
    pub fn listen(&self, event: String, channel: Option<String>, tag: Option<String>) -> u32 {
        self.with(|c| c.listen(event, channel, tag))
    }

    /// Removes a listener.
    pub fn unlisten(&self, id: u32) {
        self.with(|c| c.unlisten(id));
    }

    /// Removes the listeners of a dependency (all dependencies for `undefined`).
    #[wasm_bindgen(js_name = dropTagged)]
    pub fn drop_tagged(&self, tag: Option<String>) {
        self.with(|c| c.drop_tagged(tag.as_deref()));
    }

    /// The subscription changes to send: `"+channel"` / `"-channel"`, separated by NUL.
    pub fn ops(&self) -> String {
        self.with(|c| {
            let mut out = String::new();
            for op in c.take_ops() {
                if !out.is_empty() {
                    out.push('\0');
                }
                let (sign, ch) = match &op {
                    Subscription::Subscribe(ch) => ('+', ch),
                    Subscription::Unsubscribe(ch) => ('-', ch),
                };
                out.push(sign);
                out.push_str(ch);
            }
            out
        })
    }

    /// The listener ids an event is for, in order.
    pub fn route(&self, event: &str, channel: Option<String>) -> Vec<u32> {
        self.with(|c| c.route(event, channel.as_deref()))
    }

    /// Feeds a socket event (0 connect, 1 disconnect, 2 connect_error, 3 reconnect_failed);
    /// returns the new status, or "" when unchanged.
    pub fn on(&self, what: u32) -> String {
        let ev = match what {
            0 => SocketEvent::Connect,
            1 => SocketEvent::Disconnect,
            2 => SocketEvent::ConnectError,
            _ => SocketEvent::ReconnectFailed,
        };
        self.with(|c| {
            c.on_socket(ev)
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default()
        })
    }

    /// `connectionStatus`.
    pub fn status(&self) -> String {
        self.with(|c| c.status().as_str().to_owned())
    }

    /// Number of listeners.
    pub fn count(&self) -> u32 {
        self.with(|c| c.listener_count() as u32)
    }

    /// Listeners per socket (JSON object).
    pub fn counts(&self) -> String {
        self.with(|c| c.listener_counts_json())
    }

    /// Channels subscribed (JSON array).
    pub fn channels(&self) -> String {
        self.with(|c| c.channels_json())
    }

    /// Whether to warn about the unknown socket `name` (once per name).
    pub fn warn(&self, name: &str) -> bool {
        self.with(|c| c.should_warn(name))
    }

    /// Forgets everything; returns false when already closed.
    pub fn close(&self) -> bool {
        self.with(|c| {
            let first = !c.is_closed();
            c.close();
            first
        })
    }
}
