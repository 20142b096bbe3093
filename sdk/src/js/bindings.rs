//! JavaScript bindings (wasm32): the [`Core`] object the npm package's JavaScript (`pkg/src/`)
//! builds the public API on.
//!
//! Only numbers, strings and bytes cross the boundary, through four numbered entry points
//! (each export costs wrapper code): `call`, `input`, `bytes` and `read`, whose codes are the
//! families of [`super::abi`]. The JavaScript side (the [`Host`]) keeps every JavaScript value
//! — listeners, arguments, ack callbacks, `auth`, the store's callbacks — and does the
//! browser's I/O; the Rust side keeps every decision. Commands left by the sans-IO [`Client`]
//! are carried out through the host's three functions once no borrow is held, so a listener may
//! call back in at any moment. A code that is not in the table does nothing but report itself
//! ([`HostS::Unknown`]).

use crate::prelude::*;
use core::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;

use super::abi::{
    AckCode, ArgKind, Bytes, Call, EmitFlags, HostB, HostN, HostS, Input, Io, ManagerFlag,
    ManagerOption, ManagerState, Read, Ready, SocketState, Transport,
};
use crate::client::Client;
use crate::command::{Arg, Cmd, Target};
use crate::engine::{
    Details, EngineConfig, Frame, Io as EngineIo, Protocol, SessionError, TransportKind,
};
use crate::manager::{Manager, ManagerConfig, ReadyState};
use crate::payload::{PayloadError, PayloadKind};
use crate::protocol::{json, split_byte};
use crate::socket::{AckMode, Emit, Flags, SocketOptions};
use crate::store::StoreCore;

/// The JavaScript half of the bindings: three functions of `pkg/src/host.js` (the path is the
/// glue's, `pkg/dist/`), which dispatch to the operation tables `pkg/src/core.js` and the
/// modules beside it fill in. Imported as module functions, not as methods of an object handed
/// to [`Core::new`]: no JavaScript value lives in the wasm, so it carries no externref table,
/// and a host call needs no receiver.
#[wasm_bindgen(raw_module = "../src/host.js")]
extern "C" {
    #[wasm_bindgen(js_name = n)]
    fn host_n(op: u32, a: u32, b: u32, c: f64);
    #[wasm_bindgen(js_name = s)]
    #[allow(clippy::too_many_arguments)]
    fn host_s(op: u32, a: u32, b: u32, c: f64, s1: &str, s2: &str, s3: &str);
    #[wasm_bindgen(js_name = b)]
    fn host_b(op: u32, a: u32, b: u32, data: &[u8]);
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Date)]
    fn now() -> f64;
}

/// The host (`pkg/src/host.js`).
pub struct Host;

impl Host {
    pub(super) fn n(&self, op: HostN, a: u32, b: u32, c: f64) {
        host_n(op.code(), a, b, c);
    }

    pub(super) fn bin(&self, op: HostB, a: u32, b: u32, data: &[u8]) {
        host_b(op.code(), a, b, data);
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn s(&self, op: HostS, a: u32, b: u32, c: f64, x: &str, y: &str, z: &str) {
        host_s(op.code(), a, b, c, x, y, z);
    }

    fn io(&self, mid: u32, tid: u32, io: Io, x: &str, y: &str) {
        self.s(HostS::Io, mid, tid, f64::from(io.code()), x, y, "");
    }

    /// Reports a code of `family` that is not in the table.
    pub(super) fn unknown(&self, family: &str, code: u32) {
        self.s(HostS::Unknown, code, 0, 0.0, family, "", "");
    }
}

/// How the host builds the arguments of an event it fires: `(kind, a, b, n)`.
fn arg_parts(arg: &Arg) -> (ArgKind, &str, &str, f64) {
    let error = |e: &SessionError| match e {
        SessionError::Transport { status, .. } => (true, f64::from(*status)),
        _ => (false, 0.0),
    };
    match arg {
        Arg::None => (ArgKind::None, "", "", 0.0),
        Arg::Num(n) => (ArgKind::Num, "", "", *n),
        Arg::Error(e) => match error(e) {
            (true, status) => (ArgKind::TransportError, e.message(), "", status),
            _ => (ArgKind::Error, e.message(), "", 0.0),
        },
        Arg::Close(reason, Details::None) => (ArgKind::Close, reason, "", 0.0),
        Arg::Close(reason, Details::Description(d)) => (ArgKind::CloseDescription, reason, d, 0.0),
        Arg::Close(reason, Details::Error(e)) => match error(e) {
            (true, status) => (ArgKind::CloseTransportError, reason, e.message(), status),
            _ => (ArgKind::CloseError, reason, e.message(), 0.0),
        },
        Arg::Transport(name) => (ArgKind::Transport, name, "", 0.0),
        Arg::ConnectError(id) => (ArgKind::ConnectError, "", "", f64::from(*id)),
        Arg::Packet(kind, Frame::Text(t)) => (ArgKind::Packet, kind, t, 0.0),
        Arg::Packet(kind, Frame::Binary(_)) => (ArgKind::Packet, kind, "", 1.0),
    }
}

/// The managers, sockets and stores of the page.
#[wasm_bindgen]
pub struct Core {
    /// The page has one core for its whole life: leaking it spares the binary the drop code
    /// of the core itself (managers and sockets are freed one by one, see [`Call::FreeManager`]).
    inner: &'static Inner,
}

/// The state behind [`Core`].
pub struct Inner {
    client: RefCell<Client>,
    pub(super) stores: RefCell<Vec<StoreCore>>,
    pub(super) host: Host,
    /// Attachments handed over for the next emit or ack.
    pending: RefCell<Vec<Vec<u8>>>,
    /// The host's answer to [`HostS::Json`].
    json: RefCell<Option<String>>,
    /// The command loop's list, kept between calls with its capacity (a call made from within
    /// the loop, by a listener, finds it taken and uses a list of its own).
    cmds: Cell<Vec<Cmd>>,
}

/// The host's `JSON.parse` as the codecs' reader of the handshake and CONNECT data (see
/// [`json::Fields`]): the browser bundle carries no JSON reader, and reads them as
/// socket.io-client does. The host answers [`HostS::Json`] within the call, with
/// [`Input::Json`].
impl json::Fields for Inner {
    fn fields(&self, text: &str) -> Result<Vec<(String, json::Field)>, json::JsonError> {
        self.host.s(HostS::Json, 0, 0, 0.0, text, "", "");
        let answer = self.json.try_borrow_mut().ok().and_then(|mut a| a.take());
        let answer = answer
            .filter(|a| a != "!")
            .ok_or(json::JsonError::Unexpected(0))?;
        let mut parts = split_byte(&answer, 0);
        let mut out = Vec::new();
        while let (Some(key), Some(value)) = (parts.next(), parts.next()) {
            let rest = || value.get(1..).unwrap_or("");
            let field = match value.as_bytes().first() {
                Some(b's') => json::Field::Str(rest().into()),
                Some(b'n') => json::Field::Num(rest().into()),
                Some(b'a') if rest().is_empty() => json::Field::Strings(Vec::new()),
                Some(b'a') => json::Field::Strings(split_byte(rest(), 1).map(Into::into).collect()),
                _ => json::Field::Other,
            };
            out.push((key.into(), field));
        }
        Ok(out)
    }
}

impl core::ops::Deref for Core {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        self.inner
    }
}

fn opt(n: f64) -> Option<f64> {
    (!n.is_nan()).then_some(n)
}

/// 2^32: numbers the host splits in two (`c % 2^32`, `c / 2^32`).
const TWO_32: f64 = 4_294_967_296.0;

fn flag(b: bool) -> f64 {
    f64::from(u8::from(b))
}

#[wasm_bindgen]
impl Core {
    /// A core whose commands the host (`pkg/src/host.js`) carries out.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Core {
        let inner = alloc::boxed::Box::leak(alloc::boxed::Box::new(Inner {
            client: RefCell::default(),
            stores: RefCell::default(),
            host: Host,
            pending: RefCell::default(),
            json: RefCell::default(),
            cmds: Cell::default(),
        }));
        if let Ok(mut c) = inner.client.try_borrow_mut() {
            c.read_json_with(inner);
        }
        Core { inner }
    }

    /// A new manager. `address` holds, separated by NUL: the engine's `host[:port]`, its path,
    /// its encoded query and the transport names (comma-separated); then `secure`, the
    /// [`ManagerFlag`]s, the reconnection options (NaN: default; `timeout` NaN: none) and a
    /// random `seed`.
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
        let on = |bit: u32| flags & bit != 0;
        let engine = EngineConfig {
            authority,
            secure,
            path,
            query,
            transports: crate::protocol::split_byte(&transports, b',')
                .filter_map(TransportKind::from_name)
                .collect(),
            upgrade: on(ManagerFlag::Upgrade),
            remember_upgrade: on(ManagerFlag::RememberUpgrade),
            prior_websocket: on(ManagerFlag::PriorWebsocket),
            try_all_transports: on(ManagerFlag::TryAllTransports),
            timestamp_requests: on(ManagerFlag::TimestampRequests),
            protocol: match (on(ManagerFlag::Eio3), on(ManagerFlag::Eio4)) {
                (true, _) => Protocol::V3,
                (_, true) => Protocol::V4,
                _ => Protocol::Auto,
            },
        };
        let cfg = ManagerConfig {
            reconnection: on(ManagerFlag::Reconnection),
            reconnection_attempts: opt(attempts).map_or(d.reconnection_attempts, attempts_of),
            reconnection_delay: opt(delay).unwrap_or(d.reconnection_delay),
            reconnection_delay_max: opt(delay_max).unwrap_or(d.reconnection_delay_max),
            randomization_factor: opt(factor).unwrap_or(d.randomization_factor),
            timeout: opt(timeout),
            max_attachments: d.max_attachments,
        };
        let mut out = 0;
        self.run(|c, _| out = c.new_manager(cfg, engine, seed as u64).get());
        out
    }

    /// A numbered operation ([`Call`]) on a manager, socket or store with numeric arguments;
    /// its result (0 when there is none).
    pub fn call(&self, op: u32, id: u32, a: f64, b: f64, c: f64) -> f64 {
        let Some(op) = Call::from_code(op) else {
            self.host.unknown("Call", op);
            return f64::NAN;
        };
        let (mid, sid) = (id.into(), id.into());
        match op {
            Call::Open => self.run(|cl, now| cl.with_manager(mid, now, Manager::open)),
            Call::Close => self.run(|cl, now| cl.with_manager(mid, now, Manager::close)),
            Call::Offline => self.run(|cl, now| cl.with_manager(mid, now, Manager::offline)),
            Call::EngineClose => {
                self.run(|cl, now| cl.with_manager(mid, now, Manager::close_engine))
            }
            Call::EngineListen => self.run(|cl, _| cl.listen_engine(mid, a as u32)),
            Call::Tick => self.run(|cl, now| cl.tick(mid, now)),
            Call::Deliver => {
                let mut more = false;
                self.run(|cl, now| more = cl.deliver(mid, now));
                return flag(more);
            }
            Call::State => return f64::from(self.manager_state(id)),
            Call::Option => return self.option(id, a as u32, b),
            Call::FreeManager => {
                let mut freed = false;
                self.run(|cl, _| freed = cl.free_manager(mid, a == 1.0));
                return flag(freed);
            }
            Call::Connect => self.run(|cl, now| cl.connect(sid, now)),
            Call::Disconnect => self.run(|cl, now| cl.disconnect(sid, now)),
            Call::FreeSocket => self.run(|cl, _| cl.free_socket(sid)),
            Call::PayloadError => {
                let error = if b == 1.0 {
                    PayloadError::Attachments
                } else {
                    PayloadError::Invalid
                };
                self.run(|cl, now| cl.payload_error(mid, a as u32, error, now));
            }
            Call::SocketState => {
                return f64::from(self.read_client(|cl| {
                    let s = cl.socket(sid)?;
                    let bit = |on: bool, b: u32| if on { b } else { 0 };
                    Some(
                        bit(s.connected(), SocketState::Connected)
                            | bit(s.active(), SocketState::Active)
                            | bit(s.recovered(), SocketState::Recovered)
                            | bit(s.has_pid(), SocketState::Pid)
                            | bit(s.joined(), SocketState::Joined),
                    )
                }))
            }
            store_op => return f64::from(self.store(store_op, id, a as u32, b as u32, c as u32)),
        }
        0.0
    }

    /// A numbered operation carrying text ([`Input`]): transport events, CONNECT, acks,
    /// emits, new sockets.
    pub fn input(&self, op: u32, id: u32, a: f64, b: f64, c: u32, text: String) -> u32 {
        let Some(op) = Input::from_code(op) else {
            self.host.unknown("Input", op);
            return 0;
        };
        let sid = id.into();
        match op {
            // The answer to `HostS::Json`, within a core call (see `Inner`'s `fields`): nothing else
            // is touched.
            Input::Json => {
                if let Ok(mut a) = self.json.try_borrow_mut() {
                    *a = Some(text);
                }
            }
            Input::Join => {
                let auth = (!text.is_empty()).then_some(text);
                self.run(|cl, now| cl.join(sid, auth.as_deref(), now));
            }
            Input::Answer => {
                let atts = self.take_pending();
                self.run(|cl, now| cl.send_ack(sid, a as u64, text, atts, now));
            }
            Input::Emit => {
                let e = Emit {
                    handle: a as u32,
                    json: text,
                    attachments: self.take_pending(),
                    ack: match AckCode::from_code(c & EmitFlags::AckMask) {
                        Some(AckCode::Callback) => AckMode::Callback,
                        Some(AckCode::Promise) => AckMode::Promise,
                        _ => AckMode::None,
                    },
                    flags: Flags {
                        volatile: c & EmitFlags::Volatile != 0,
                        timeout: opt(b),
                    },
                };
                self.run(|cl, now| cl.emit(sid, e, now));
            }
            Input::Offset => self.run(|cl, _| cl.set_offset(id.into(), text)),
            Input::Socket => {
                let opts = SocketOptions {
                    ack_timeout: opt(a),
                    retries: opt(b).filter(|r| *r > 0.0).map(|r| r as u32),
                };
                let mut out = 0;
                self.run(|cl, _| out = cl.new_socket(id.into(), text, opts).map_or(0, |s| s.get()));
                return out;
            }
            transport => {
                let (tid, status) = (a as u32, b as u16);
                let event = match transport {
                    Input::TransportOpen => EngineInput::Open,
                    Input::TransportText => EngineInput::Text(text),
                    Input::TransportClosed => EngineInput::Closed(Some(text)),
                    Input::TransportError => EngineInput::Error(text, status),
                    Input::PollDone => EngineInput::Poll(Ok(text)),
                    Input::PollFailed => EngineInput::Poll(Err((text, status))),
                    Input::PostDone => EngineInput::Post(Ok(())),
                    _ => EngineInput::Post(Err((text, status))),
                };
                self.run(|cl, now| {
                    cl.with_manager(id.into(), now, |m, now| m.handle(tid, event, now))
                });
            }
        }
        0
    }

    /// Bytes ([`Bytes`]): an attachment of the next emit or ack, or a binary WebSocket frame
    /// of manager `id`'s transport `tid`.
    pub fn bytes(&self, op: u32, id: u32, tid: u32, data: Vec<u8>) {
        match Bytes::from_code(op) {
            Some(Bytes::Attach) => {
                if let Ok(mut p) = self.pending.try_borrow_mut() {
                    p.push(data);
                }
            }
            Some(Bytes::Binary) => self.run(|cl, now| {
                cl.with_manager(id.into(), now, |m, now| {
                    m.handle(tid, EngineInput::Binary(data), now)
                })
            }),
            None => self.host.unknown("Bytes", op),
        }
    }

    /// Reads text ([`Read`]): session ids and the socket buffers, handed to the host's
    /// [`HostS::Text`] (nothing when there is none).
    pub fn read(&self, op: u32, id: u32) {
        let Some(op) = Read::from_code(op) else {
            return self.host.unknown("Read", op);
        };
        let text = self
            .client
            .try_borrow()
            .ok()
            .and_then(|cl| text_of(&cl, op, id));
        if let Some(t) = text {
            self.host.s(HostS::Text, 0, 0, 0.0, &t, "", "");
        }
    }
}

use crate::engine::Input as EngineInput;

/// Not exported.
impl Core {
    /// Runs `f` on the client, then carries out the commands it left (with no borrow held).
    fn run(&self, f: impl FnOnce(&mut Client, f64)) {
        match self.client.try_borrow_mut() {
            Ok(mut c) => f(&mut c, now()),
            Err(_) => return,
        }
        self.exec_all();
    }

    /// Takes the client's commands and carries them out. Not generic nor inlined: the command
    /// loop exists once in the binary.
    #[inline(never)]
    fn exec_all(&self) {
        let mut cmds = self.cmds.take();
        if let Ok(mut c) = self.client.try_borrow_mut() {
            c.drain_cmds(&mut cmds);
        }
        for cmd in &cmds {
            self.exec(cmd);
        }
        cmds.clear();
        self.cmds.set(cmds);
    }

    fn exec(&self, cmd: &Cmd) {
        let h = &self.host;
        match cmd {
            Cmd::Io(mid, io) => {
                let mid = mid.get();
                match io {
                    EngineIo::OpenWebSocket { transport, url } => {
                        h.io(mid, *transport, Io::OpenWebSocket, url, "")
                    }
                    EngineIo::SendFrames { transport, frames } => {
                        for f in frames {
                            match f {
                                Frame::Text(t) => h.io(mid, *transport, Io::SendText, t, ""),
                                Frame::Binary(b) => h.bin(HostB::Send, mid, *transport, b),
                            }
                        }
                    }
                    EngineIo::Get { transport, url } => h.io(mid, *transport, Io::Get, url, ""),
                    EngineIo::Post {
                        transport,
                        url,
                        body,
                    } => h.io(mid, *transport, Io::Post, url, body),
                    EngineIo::CloseTransport { transport } => {
                        h.io(mid, *transport, Io::Close, "", "")
                    }
                }
            }
            Cmd::Timer(mid, ms) => h.n(HostN::Timer, mid.get(), 0, *ms),
            Cmd::Deliver(mid) => h.n(HostN::Microtask, mid.get(), 0, 0.0),
            Cmd::PriorWebsocket(ok) => h.n(HostN::Prior, u32::from(*ok), 0, 0.0),
            Cmd::NewEngine(mid) => h.n(HostN::NewEngine, mid.get(), 0, 0.0),
            Cmd::Fire(target, event, arg) => {
                let (t, id) = match target {
                    Target::Manager(id) => (super::abi::Target::Manager, id.get()),
                    Target::Engine(id) => (super::abi::Target::Engine, id.get()),
                    Target::Socket(id) => (super::abi::Target::Socket, id.get()),
                };
                self.fire(t, id, event, arg);
            }
            Cmd::Settle(mid, error) => h.s(
                HostS::Settle,
                mid.get(),
                u32::from(error.is_some()),
                0.0,
                error.as_deref().unwrap_or(""),
                "",
                "",
            ),
            Cmd::Join(sid) => h.n(HostN::Join, sid.get(), 0, 0.0),
            Cmd::Parse {
                manager,
                id,
                kind,
                span,
            } => {
                let op = match kind {
                    PayloadKind::Event => HostN::ParseEvent,
                    PayloadKind::Ack => HostN::ParseAck,
                    PayloadKind::ConnectError => HostN::ParseConnectError,
                };
                let end = f64::from(span.end16) + f64::from(manager.get()) * TWO_32;
                h.n(op, *id, span.start16, end);
            }
            Cmd::Revive {
                manager,
                id,
                attachments,
            } => {
                self.attach(attachments);
                h.n(HostN::Revive, *id, manager.get(), 0.0);
            }
            Cmd::Drop(id) => h.n(HostN::Drop, *id, 0, 0.0),
            Cmd::Event {
                socket,
                payload,
                ack,
                recovering,
            } => {
                let op = if *recovering {
                    HostN::EventRecovering
                } else {
                    HostN::Event
                };
                h.n(op, socket.get(), *payload, ack.map_or(-1.0, |id| id as f64));
            }
            Cmd::Ack {
                socket,
                handle,
                payload,
                err_first,
            } => h.n(
                HostN::Ack,
                socket.get(),
                *handle,
                f64::from(*payload) + flag(*err_first) * TWO_32,
            ),
            Cmd::AckError {
                socket,
                handle,
                failure,
                report,
            } => h.s(
                HostS::AckError,
                socket.get(),
                *handle,
                flag(*report),
                failure.message(),
                "",
                "",
            ),
            Cmd::Outgoing {
                socket,
                handle,
                release,
            } => h.n(HostN::Outgoing, socket.get(), *handle, flag(*release)),
            Cmd::Release(handle) => h.n(HostN::Release, *handle, 0, 0.0),
        }
    }

    fn fire(&self, target: super::abi::Target, id: u32, event: &str, arg: &Arg) {
        if let Arg::Packet(_, Frame::Binary(bytes)) = arg {
            self.host.bin(HostB::Attach, 0, 0, bytes);
        }
        let (kind, a, b, n) = arg_parts(arg);
        let tk = target.code() * 16 + kind.code();
        self.host.s(HostS::Fire, id, tk, n, event, a, b);
    }

    fn attach(&self, attachments: &[Vec<u8>]) {
        for a in attachments {
            self.host.bin(HostB::Attach, 0, 0, a);
        }
    }

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
            let m = c.manager(mid.into())?;
            let ready = match m.ready_state() {
                ReadyState::Closed => Ready::Closed,
                ReadyState::Opening => Ready::Opening,
                ReadyState::Open => Ready::Open,
            };
            let e = m.engine();
            let transport = match e.transport() {
                None => Transport::None,
                Some(TransportKind::Polling) => Transport::Polling,
                Some(TransportKind::WebSocket) => Transport::WebSocket,
            };
            let open = if e.is_open() {
                ManagerState::EngineOpen
            } else if e.is_opening() {
                ManagerState::EngineOpening
            } else {
                0
            };
            Some(ready.code() | open | transport.code() << ManagerState::TransportShift)
        })
    }

    fn option(&self, mid: u32, which: u32, value: f64) -> f64 {
        let Some(which) = ManagerOption::from_code(which) else {
            self.host.unknown("ManagerOption", which);
            return f64::NAN;
        };
        let mut out = f64::NAN;
        self.run(|c, _| {
            let Some(cfg) = c.config_mut(mid.into()) else {
                return;
            };
            let set = opt(value);
            out = match which {
                ManagerOption::Reconnection => {
                    if let Some(v) = set {
                        cfg.reconnection = v != 0.0;
                    }
                    flag(cfg.reconnection)
                }
                ManagerOption::ReconnectionAttempts => {
                    if let Some(v) = set {
                        cfg.reconnection_attempts = attempts_of(v);
                    }
                    match cfg.reconnection_attempts {
                        u32::MAX => f64::INFINITY,
                        n => n.into(),
                    }
                }
                ManagerOption::ReconnectionDelay => *set_f(&mut cfg.reconnection_delay, set),
                ManagerOption::ReconnectionDelayMax => *set_f(&mut cfg.reconnection_delay_max, set),
                ManagerOption::RandomizationFactor => *set_f(&mut cfg.randomization_factor, set),
                ManagerOption::Timeout => {
                    if let Some(v) = set {
                        cfg.timeout = (v >= 0.0).then_some(v);
                    }
                    cfg.timeout.unwrap_or(-1.0)
                }
            };
            c.reconnection_changed(mid.into());
        });
        out
    }
}

/// The text `read` hands over.
fn text_of(cl: &Client, op: Read, id: u32) -> Option<String> {
    match op {
        Read::EngineId => cl.manager(id.into())?.engine().sid().map(ToOwned::to_owned),
        Read::SocketId => cl.socket(id.into())?.id().map(ToOwned::to_owned),
        Read::ReceiveBuffer => {
            let mut out = String::from("[");
            for (i, (payload, _)) in cl.socket(id.into())?.receive_buffer().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                crate::protocol::socketio::push_u64(&mut out, payload.into());
            }
            out.push(']');
            Some(out)
        }
        Read::SendBuffer => {
            let mut out = String::from("[");
            for (i, (h, ack)) in cl.socket(id.into())?.send_buffer().enumerate() {
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
