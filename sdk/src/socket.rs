//! One namespace on a manager's connection (wasm32): listeners, emits with acks (callback,
//! promise, timeout, retries), `volatile`, the send and receive buffers, connection and
//! disconnection, and connection state recovery — socket.io-client 4.8's `Socket`.
//!
//! Arguments are plain JavaScript values: they are written with the browser's `JSON.stringify`
//! (or, when they hold bytes, through the Rust binary codec) and read with `JSON.parse`.

use crate::prelude::*;
use alloc::collections::VecDeque;
use alloc::rc::{Rc, Weak};
use core::cell::{Cell, RefCell};

use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::emitter::report_error;
use crate::js::convert;
use crate::js::glue;
use crate::protocol::binary::{self, Message};
use crate::protocol::json::Value;
use crate::protocol::socketio::{is_reserved, Packet, PacketKind};
use crate::runtime::Runtime;

/// Flags for the next emit (`volatile`, `timeout(ms)`, `compress(b)`).
#[derive(Clone, Copy, Default)]
pub struct Flags {
    /// Drop the packet when it cannot be written now.
    pub volatile: bool,
    /// Ack timeout for this emit.
    pub timeout: Option<f64>,
    /// Set when the emit comes from the retry queue.
    from_queue: bool,
}

/// Per-socket options.
#[derive(Clone, Default)]
pub struct SocketOptions {
    /// `auth`: an object, or a function `(cb) => cb(data)`.
    pub auth: JsValue,
    /// `ackTimeout` (ms) for every emit with an ack.
    pub ack_timeout: Option<f64>,
    /// `retries`: re-send until acked, this many times at most.
    pub retries: Option<u32>,
}

enum AckKind {
    /// A callback; `with_error` makes it error-first (timeouts, `emitWithAck`).
    Callback { f: Function, with_error: bool },
    /// The promise of `emitWithAck`.
    Promise { resolve: Function, reject: Function },
    /// The ack of the retry queue's head.
    Queue { seq: u64 },
}

struct Ack {
    kind: AckKind,
    timer: Option<(i32, Closure<dyn FnMut()>)>,
}

/// A packet waiting in the send buffer.
struct Outgoing {
    id: Option<u64>,
    /// `[event, ...args]`, for the outgoing catch-all listeners.
    args: Array,
    text: String,
    attachments: Vec<Vec<u8>>,
}

struct Queued {
    seq: u64,
    event: JsValue,
    args: Array,
    ack: Option<Function>,
    flags: Flags,
    tries: u32,
    pending: bool,
}

#[derive(Default)]
struct State {
    id: Option<String>,
    connected: bool,
    recovered: bool,
    active: bool,
    pid: Option<String>,
    last_offset: Option<String>,
    receive_buffer: Vec<Array>,
    send_buffer: Vec<Outgoing>,
    next_ack: u64,
    /// Pending acks by id (few at a time: a list beats a map in size and speed).
    acks: Vec<(u64, Ack)>,
    flags: Flags,
    queue: VecDeque<Queued>,
    queue_seq: u64,
}

impl State {
    fn take_ack(&mut self, id: u64) -> Option<Ack> {
        let i = self.acks.iter().position(|(k, _)| *k == id)?;
        Some(self.acks.swap_remove(i).1)
    }
}

/// The socket of one namespace.
pub struct SocketInner {
    rt: Rc<Runtime>,
    nsp: String,
    opts: RefCell<SocketOptions>,
    st: RefCell<State>,
    /// The JavaScript `Socket` object (`this` for listeners).
    pub this: RefCell<JsValue>,
    me: Weak<SocketInner>,
}

fn error(message: &str) -> JsValue {
    js_sys::Error::new(message).into()
}

impl SocketInner {
    /// A socket for `nsp` on `rt`.
    pub fn new(rt: Rc<Runtime>, nsp: String, opts: SocketOptions) -> Rc<Self> {
        Rc::new_cyclic(|me| SocketInner {
            rt,
            nsp,
            opts: RefCell::new(opts),
            st: RefCell::default(),
            this: RefCell::new(JsValue::UNDEFINED),
            me: me.clone(),
        })
    }

    /// The namespace.
    pub fn nsp(&self) -> &str {
        &self.nsp
    }

    /// The session id of this namespace, while connected.
    pub fn id(&self) -> Option<String> {
        self.st.borrow().id.clone()
    }

    /// Whether connected.
    pub fn connected(&self) -> bool {
        self.st.borrow().connected
    }

    /// Whether the last connection restored the previous session.
    pub fn recovered(&self) -> bool {
        self.st.borrow().recovered
    }

    /// Whether the socket follows its manager (connected, or will reconnect).
    pub fn active(&self) -> bool {
        self.st.borrow().active
    }

    /// The JavaScript `Manager` object of this socket.
    pub fn rt_this(&self) -> JsValue {
        self.rt.this.borrow().clone()
    }

    /// The `auth` option.
    pub fn auth(&self) -> JsValue {
        self.opts.borrow().auth.clone()
    }

    /// Replaces the `auth` option (used for the next connection).
    pub fn set_auth(&self, auth: JsValue) {
        self.opts.borrow_mut().auth = auth;
    }

    /// Sets flags for the next emit.
    pub fn set_flags(&self, f: impl FnOnce(&mut Flags)) {
        f(&mut self.st.borrow_mut().flags);
    }

    fn emit_reserved(&self, event: &str, args: &[JsValue]) {
        let this = self.this.borrow().clone();
        glue::fire(&this, event, &args.iter().collect());
    }

    // ---------- lifecycle ----------

    /// `connect()` / `open()`.
    pub fn connect(&self) {
        if self.connected() {
            return;
        }
        self.st.borrow_mut().active = true;
        if !self.rt.reconnecting() {
            self.rt.open();
        }
        if self.rt.is_open() {
            self.on_open();
        }
    }

    /// `disconnect()` / `close()`.
    pub fn disconnect(&self) {
        let connected = self.connected();
        if connected {
            self.send_packet(
                Packet::new(PacketKind::Disconnect, self.nsp.as_str(), None).encode(),
                Vec::new(),
            );
        }
        self.destroy();
        if connected {
            self.on_close("io client disconnect", &JsValue::UNDEFINED);
        }
    }

    fn destroy(&self) {
        self.st.borrow_mut().active = false;
        self.rt.socket_destroyed();
    }

    /// The manager's session opened: join the namespace (with `auth`).
    pub fn on_open(&self) {
        let auth = self.opts.borrow().auth.clone();
        match auth.dyn_ref::<Function>() {
            Some(f) => {
                let me = self.me.clone();
                let cb = Closure::once_into_js(move |data: JsValue| {
                    if let Some(s) = me.upgrade() {
                        s.send_connect(&data);
                    }
                });
                if let Err(e) = f.call1(&JsValue::UNDEFINED, &cb) {
                    report_error(&e);
                }
            }
            None => self.send_connect(&auth),
        }
    }

    fn send_connect(&self, auth: &JsValue) {
        let (pid, offset) = {
            let st = self.st.borrow();
            (st.pid.clone(), st.last_offset.clone())
        };
        let payload: JsValue = match pid {
            Some(pid) => {
                let o = Object::new();
                let _ = Reflect::set(&o, &"pid".into(), &pid.into());
                let _ = Reflect::set(
                    &o,
                    &"offset".into(),
                    &offset.map_or(JsValue::UNDEFINED, JsValue::from),
                );
                if auth.is_object() {
                    Object::assign(&o, auth.unchecked_ref());
                }
                o.into()
            }
            None => auth.clone(),
        };
        let data = if payload.is_object() {
            JSON::stringify(&payload).ok().and_then(|s| s.as_string())
        } else {
            None
        };
        let p = Packet::new(PacketKind::Connect, self.nsp.as_str(), data.map(Into::into));
        self.send_packet(p.encode(), Vec::new());
    }

    /// The manager reported an error: before connecting, it is this socket's `connect_error`.
    pub fn on_error(&self, err: &JsValue) {
        if !self.connected() {
            self.emit_reserved("connect_error", core::slice::from_ref(err));
        }
    }

    /// The connection closed (or this socket left): `disconnect` with the reason.
    pub fn on_close(&self, reason: &str, details: &JsValue) {
        {
            let mut st = self.st.borrow_mut();
            st.connected = false;
            st.id = None;
        }
        self.emit_reserved("disconnect", &[reason.into(), details.clone()]);
        self.clear_acks();
    }

    fn clear_acks(&self) {
        let dropped: Vec<Ack> = {
            let mut st = self.st.borrow_mut();
            let buffered: Vec<u64> = st.send_buffer.iter().filter_map(|p| p.id).collect();
            let (keep, dropped): (Vec<_>, Vec<_>) = core::mem::take(&mut st.acks)
                .into_iter()
                .partition(|(id, _)| buffered.contains(id));
            st.acks = keep;
            dropped.into_iter().map(|(_, a)| a).collect()
        };
        for ack in dropped {
            self.fail_ack(ack, "socket has been disconnected");
        }
    }

    fn fail_ack(&self, ack: Ack, message: &str) {
        if let Some((handle, closure)) = ack.timer {
            self.rt.clear_timeout(handle);
            self.rt.retire(closure);
        }
        match ack.kind {
            AckKind::Callback {
                f,
                with_error: true,
            } => {
                if let Err(e) = f.call1(&self.this.borrow(), &error(message)) {
                    report_error(&e);
                }
            }
            AckKind::Callback { .. } => {}
            AckKind::Promise { reject, .. } => {
                let _ = reject.call1(&JsValue::UNDEFINED, &error(message));
            }
            AckKind::Queue { seq } => self.on_queue_ack(seq, Err(error(message))),
        }
    }

    // ---------- incoming ----------

    /// A packet for this namespace.
    pub fn on_packet(&self, message: Message<'static>) {
        let (kind, id, data) = match &message {
            Message::Packet(p) => (p.kind, p.id, None),
            Message::Binary { packet, args } => {
                (packet.kind, packet.id, Some(convert::to_js(args)))
            }
        };
        let parsed = || -> JsValue {
            match (&data, &message) {
                (Some(d), _) => d.clone(),
                (None, Message::Packet(p)) => p
                    .data
                    .as_deref()
                    .and_then(|t| JSON::parse(t).ok())
                    .unwrap_or(JsValue::UNDEFINED),
                _ => JsValue::UNDEFINED,
            }
        };
        match kind {
            PacketKind::Connect => {
                let d = parsed();
                let sid = Reflect::get(&d, &"sid".into())
                    .ok()
                    .and_then(|v| v.as_string());
                let pid = Reflect::get(&d, &"pid".into())
                    .ok()
                    .and_then(|v| v.as_string());
                match sid {
                    Some(sid) => self.on_connect(sid, pid),
                    None => self.emit_reserved(
                        "connect_error",
                        &[error("It seems you are trying to reach a Socket.IO server in v2.x with a v3.x client, but they are not compatible (more information here: https://socket.io/docs/v3/migrating-from-2-x-to-3-0/)")],
                    ),
                }
            }
            PacketKind::Event | PacketKind::BinaryEvent => {
                let args: Array = parsed().dyn_into().unwrap_or_default();
                if let Some(id) = id {
                    args.push(&self.ack_fn(id));
                }
                if self.connected() {
                    self.emit_event(&args);
                } else {
                    self.st.borrow_mut().receive_buffer.push(args);
                }
            }
            PacketKind::Ack | PacketKind::BinaryAck => {
                let args: Array = parsed().dyn_into().unwrap_or_default();
                if let Some(id) = id {
                    self.on_ack(id, args);
                }
            }
            PacketKind::Disconnect => {
                self.destroy();
                self.on_close("io server disconnect", &JsValue::UNDEFINED);
            }
            PacketKind::ConnectError => {
                self.destroy();
                let d = parsed();
                let message = match d.as_string() {
                    Some(s) => s,
                    None => Reflect::get(&d, &"message".into())
                        .ok()
                        .and_then(|m| m.as_string())
                        .unwrap_or_default(),
                };
                let err = error(&message);
                if let Ok(extra) = Reflect::get(&d, &"data".into()) {
                    if !extra.is_undefined() {
                        let _ = Reflect::set(&err, &"data".into(), &extra);
                    }
                }
                self.emit_reserved("connect_error", &[err]);
            }
        }
    }

    fn on_connect(&self, sid: String, pid: Option<String>) {
        let (received, sent) = {
            let mut st = self.st.borrow_mut();
            st.recovered = pid.is_some() && st.pid == pid;
            st.pid = pid;
            st.id = Some(sid);
            st.connected = true;
            (
                core::mem::take(&mut st.receive_buffer),
                core::mem::take(&mut st.send_buffer),
            )
        };
        for args in received {
            self.emit_event(&args);
        }
        for p in sent {
            self.notify_outgoing(&p.args);
            self.send_packet(p.text, p.attachments);
        }
        self.drain_queue(true);
        self.emit_reserved("connect", &[]);
    }

    fn emit_event(&self, args: &Array) {
        let this = self.this.borrow().clone();
        glue::dispatch(&this, args, false);
        let mut st = self.st.borrow_mut();
        if st.pid.is_some() && args.length() > 0 {
            if let Some(offset) = args.get(args.length() - 1).as_string() {
                st.last_offset = Some(offset);
            }
        }
    }

    /// The function handed to listeners of an event that asked for an ack.
    fn ack_fn(&self, id: u64) -> JsValue {
        let me = self.me.clone();
        let sent = Rc::new(Cell::new(false));
        let f = Closure::<dyn FnMut(Array)>::new(move |args: Array| {
            if sent.replace(true) {
                return;
            }
            if let Some(s) = me.upgrade() {
                let (text, atts) = s.encode(PacketKind::Ack, Some(id), &args);
                s.send_packet(text, atts);
            }
        });
        crate::js::variadic(&f.into_js_value())
    }

    fn on_ack(&self, id: u64, args: Array) {
        let Some(ack) = self.st.borrow_mut().take_ack(id) else {
            return;
        };
        if let Some((handle, closure)) = ack.timer {
            self.rt.clear_timeout(handle);
            self.rt.retire(closure);
        }
        match ack.kind {
            AckKind::Callback { f, with_error } => {
                if with_error {
                    args.unshift(&JsValue::NULL);
                }
                if let Err(e) = f.apply(&self.this.borrow(), &args) {
                    report_error(&e);
                }
            }
            AckKind::Promise { resolve, .. } => {
                let _ = resolve.call1(&JsValue::UNDEFINED, &args.get(0));
            }
            AckKind::Queue { seq } => self.on_queue_ack(seq, Ok(args)),
        }
    }

    // ---------- outgoing ----------

    /// `emit(event, ...args)`; the last argument may be an ack callback.
    pub fn emit(&self, event: JsValue, args: Array) -> Result<(), JsValue> {
        self.check_event(&event)?;
        let ack = match args
            .get(args.length().wrapping_sub(1))
            .dyn_into::<Function>()
        {
            Ok(f) if args.length() > 0 => {
                args.pop();
                Some(AckKind::Callback {
                    f,
                    with_error: false,
                })
            }
            _ => None,
        };
        self.emit_with(event, args, ack);
        Ok(())
    }

    /// `emitWithAck(event, ...args)`: a promise of the ack's first argument.
    pub fn emit_with_ack(&self, event: JsValue, args: Array) -> Promise {
        if let Err(e) = self.check_event(&event) {
            return Promise::reject(&e);
        }
        let mut kind = None;
        let promise = Promise::new(&mut |resolve, reject| {
            kind = Some(AckKind::Promise { resolve, reject });
        });
        self.emit_with(event, args, kind);
        promise
    }

    fn check_event(&self, event: &JsValue) -> Result<(), JsValue> {
        match event.as_string() {
            Some(name) if is_reserved(&name) => {
                let mut m = String::from("\"");
                m.push_str(&name);
                m.push_str("\" is a reserved event name");
                Err(error(&m))
            }
            _ => Ok(()),
        }
    }

    fn emit_with(&self, event: JsValue, args: Array, ack: Option<AckKind>) {
        let (flags, retries) = {
            let mut st = self.st.borrow_mut();
            (core::mem::take(&mut st.flags), self.opts.borrow().retries)
        };
        if retries.is_some() && !flags.from_queue && !flags.volatile {
            self.enqueue(event, args, ack, flags);
            return;
        }
        args.unshift(&event);
        let id = ack.map(|kind| self.register_ack(kind, flags.timeout));
        let (text, attachments) = self.encode(PacketKind::Event, id, &args);
        let writable = self.rt.writable();
        let connected = self.connected() && !self.rt.ping_expired();
        if flags.volatile && !writable {
            if let Some(id) = id {
                // A dropped volatile emit never gets its ack.
                drop(self.st.borrow_mut().take_ack(id));
            }
        } else if connected {
            self.notify_outgoing(&args);
            self.send_packet(text, attachments);
        } else {
            self.st.borrow_mut().send_buffer.push(Outgoing {
                id,
                args,
                text,
                attachments,
            });
        }
    }

    fn register_ack(&self, kind: AckKind, flag_timeout: Option<f64>) -> u64 {
        let id = {
            let mut st = self.st.borrow_mut();
            let id = st.next_ack;
            st.next_ack += 1;
            id
        };
        let timeout = flag_timeout.or(self.opts.borrow().ack_timeout);
        let kind = match kind {
            AckKind::Callback { f, .. } if timeout.is_some() => AckKind::Callback {
                f,
                with_error: true,
            },
            k => k,
        };
        let timer = timeout.map(|ms| {
            let me = self.me.clone();
            let closure = Closure::<dyn FnMut()>::new(move || {
                if let Some(s) = me.upgrade() {
                    s.ack_timed_out(id);
                }
            });
            let handle = self.rt.set_timeout(closure.as_ref().unchecked_ref(), ms);
            (handle, closure)
        });
        self.st.borrow_mut().acks.push((id, Ack { kind, timer }));
        id
    }

    fn ack_timed_out(&self, id: u64) {
        let ack = {
            let mut st = self.st.borrow_mut();
            st.send_buffer.retain(|p| p.id != Some(id));
            st.take_ack(id)
        };
        if let Some(mut ack) = ack {
            if let Some((_, closure)) = ack.timer.take() {
                // This closure is running now: drop it later.
                self.rt.retire(closure);
            }
            self.fail_ack(ack, "operation has timed out");
        }
    }

    fn encode(&self, kind: PacketKind, id: Option<u64>, args: &Array) -> (String, Vec<Vec<u8>>) {
        if convert::has_binary(args) {
            binary::encode(kind, &self.nsp, id, convert::from_js(args))
        } else {
            let data = JSON::stringify(args)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_else(|| Value::Array(Vec::new()).to_json());
            let p = Packet {
                id,
                ..Packet::new(kind, self.nsp.as_str(), Some(data.into()))
            };
            (p.encode(), Vec::new())
        }
    }

    fn send_packet(&self, text: String, attachments: Vec<Vec<u8>>) {
        self.rt.send(text, attachments);
    }

    fn notify_outgoing(&self, args: &Array) {
        let this = self.this.borrow().clone();
        glue::dispatch(&this, args, true);
    }

    /// `sendBuffer`: the packets waiting for the connection, as socket.io-client shows them
    /// (`{type: 2, data: [event, ...args], options, id?}`).
    pub fn send_buffer(&self) -> Array {
        self.st
            .borrow()
            .send_buffer
            .iter()
            .map(|p| {
                let o = Object::new();
                let _ = Reflect::set(&o, &"type".into(), &2.into());
                let _ = Reflect::set(&o, &"data".into(), &p.args);
                let options = Object::new();
                let _ = Reflect::set(&options, &"compress".into(), &JsValue::TRUE);
                let _ = Reflect::set(&o, &"options".into(), &options);
                if let Some(id) = p.id {
                    let _ = Reflect::set(&o, &"id".into(), &(id as f64).into());
                }
                JsValue::from(o)
            })
            .collect()
    }

    /// `receiveBuffer`: events received before `connect`, as `[event, ...args]`.
    pub fn receive_buffer(&self) -> Array {
        self.st
            .borrow()
            .receive_buffer
            .iter()
            .map(JsValue::from)
            .collect()
    }

    /// Events waiting in the send and receive buffers.
    pub fn buffered(&self) -> (usize, usize) {
        let st = self.st.borrow();
        (st.send_buffer.len(), st.receive_buffer.len())
    }

    // ---------- retries ----------

    fn enqueue(&self, event: JsValue, args: Array, ack: Option<AckKind>, flags: Flags) {
        let ack = match ack {
            Some(AckKind::Callback { f, .. }) => Some(f),
            Some(AckKind::Promise { resolve, reject }) => {
                // emitWithAck with retries: settle the promise from an error-first callback.
                let cb =
                    Closure::<dyn FnMut(JsValue, JsValue)>::new(move |err: JsValue, v: JsValue| {
                        let _ = if err.is_null() || err.is_undefined() {
                            resolve.call1(&JsValue::UNDEFINED, &v)
                        } else {
                            reject.call1(&JsValue::UNDEFINED, &err)
                        };
                    });
                Some(cb.into_js_value().unchecked_into())
            }
            _ => None,
        };
        {
            let mut st = self.st.borrow_mut();
            let seq = st.queue_seq;
            st.queue_seq += 1;
            st.queue.push_back(Queued {
                seq,
                event,
                args,
                ack,
                flags: Flags {
                    from_queue: true,
                    ..flags
                },
                tries: 0,
                pending: false,
            });
        }
        self.drain_queue(false);
    }

    fn drain_queue(&self, force: bool) {
        let next = {
            let mut st = self.st.borrow_mut();
            if !st.connected {
                return;
            }
            let Some(head) = st.queue.front_mut() else {
                return;
            };
            if head.pending && !force {
                return;
            }
            head.pending = true;
            head.tries += 1;
            let h = (
                head.seq,
                head.event.clone(),
                head.args.slice(0, head.args.length()),
                head.flags,
            );
            st.flags = h.3;
            h
        };
        let (seq, event, args, _) = next;
        self.emit_with(event, args, Some(AckKind::Queue { seq }));
    }

    fn on_queue_ack(&self, seq: u64, result: Result<Array, JsValue>) {
        let retries = self.opts.borrow().retries.unwrap_or(0);
        let done = {
            let mut st = self.st.borrow_mut();
            let Some(head) = st.queue.front_mut() else {
                return;
            };
            if head.seq != seq {
                return;
            }
            head.pending = false;
            let finished = match &result {
                Ok(_) => true,
                Err(_) => head.tries > retries,
            };
            if finished {
                st.queue.pop_front()
            } else {
                None
            }
        };
        if let Some(q) = done {
            if let Some(f) = q.ack {
                let args = match result {
                    Ok(args) => {
                        args.unshift(&JsValue::NULL);
                        args
                    }
                    Err(e) => Array::of1(&e),
                };
                if let Err(e) = f.apply(&self.this.borrow(), &args) {
                    report_error(&e);
                }
            }
        }
        self.drain_queue(false);
    }
}
