//! One namespace on a manager's connection, sans-IO: connection and disconnection, emits with
//! acks (callback, promise, timeout, retries), `volatile`, the send and receive buffers, and
//! connection state recovery — socket.io-client 4.8's `Socket`, without the JavaScript values.
//!
//! Arguments stay in JavaScript: an emit arrives as its JSON text (`[event, ...args]`, byte
//! buffers already replaced by placeholders) plus its attachments, and carries a *handle*, a
//! number the bindings use to find the JavaScript arguments and ack callback again. Incoming
//! events and acks are payloads the host holds ([`crate::payload`]): the socket routes their
//! ids.
//!
//! The call contract, the engine's and the manager's shape: every input carries `now` (and the
//! socket's manager, to which its packets go: the socket writes through it and reads its state,
//! but never drives it); what the socket wants done for the host (events to fire, payloads to
//! hand over, acks to settle) is kept in order until [`SocketCore::poll`] drains it. The client
//! drains it after each call, before it handles the manager's output (`Manager::poll`).

use crate::prelude::*;
use alloc::collections::VecDeque;

use crate::command::{AckFailure, Arg, Cmd, DisconnectReason, ManagerId, SocketId, Target};
use crate::engine::{Details, SessionError};
use crate::manager::{Data, Incoming, Manager, Output, ReadyState, Root3};
use crate::payload::Held;
use crate::protocol::json;
use crate::protocol::socketio::{Packet, PacketKind};

mod acks;
use acks::{Ack, AckKind, Queued};

/// Per-socket options.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SocketOptions {
    /// `ackTimeout` (ms) for every emit with an ack.
    pub ack_timeout: Option<f64>,
    /// `retries`: re-send until acked, this many times at most.
    pub retries: Option<u32>,
}

/// How an emit wants its ack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AckMode {
    /// No ack.
    None,
    /// A callback (error-first when a timeout applies).
    Callback,
    /// The promise of `emitWithAck`: settled with the ack's first argument, or rejected (on a
    /// timeout, or when the connection is lost).
    Promise,
}

/// Flags of one emit.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Flags {
    /// Drop the packet when it cannot be written now (`volatile`).
    pub volatile: bool,
    /// Ack timeout for this emit (`timeout(ms)`).
    pub timeout: Option<f64>,
}

/// An emit as the bindings hand it over.
#[derive(Debug)]
pub struct Emit {
    /// The bindings' handle of the arguments and the ack callback.
    pub handle: u32,
    /// `[event, ...args]` as JSON, with placeholders for the attachments.
    pub json: String,
    /// Byte buffers, in placeholder order.
    pub attachments: Vec<Vec<u8>>,
    /// Ack wanted.
    pub ack: AckMode,
    /// Flags.
    pub flags: Flags,
}

/// A packet waiting in the send buffer.
#[derive(Debug)]
struct Outgoing {
    id: Option<u64>,
    handle: u32,
    release: bool,
    text: String,
    attachments: Vec<Vec<u8>>,
}

/// An event received before `connect`.
#[derive(Debug)]
struct Received {
    payload: Held,
    ack: Option<u64>,
}

/// The socket of one namespace.
#[derive(Debug)]
pub struct SocketCore {
    me: SocketId,
    /// Its manager (for the I/O it must order before its own commands).
    mid: ManagerId,
    nsp: String,
    opts: SocketOptions,
    id: Option<String>,
    connected: bool,
    recovered: bool,
    joined: bool,
    active: bool,
    pid: Option<String>,
    last_offset: Option<String>,
    receive_buffer: Vec<Received>,
    send_buffer: Vec<Outgoing>,
    next_ack: u64,
    /// Pending acks (few at a time: a list beats a map in size and speed).
    acks: Vec<Ack>,
    queue: VecDeque<Queued>,
    queue_seq: u64,
    /// What this socket wants done, in order, until [`SocketCore::poll`] drains it.
    out: Vec<Cmd>,
}

/// How the server ended a socket.
#[derive(Debug)]
pub enum Ended {
    /// A DISCONNECT packet.
    Disconnect,
    /// A CONNECT_ERROR packet (its held data).
    Refused(Held),
}

/// The error a v2 server's CONNECT answer gets in a session pinned to Engine.IO v4.
const V2_SERVER: &str = "It seems you are trying to reach a Socket.IO server in v2.x with a v3.x client, but they are not compatible (more information here: https://socket.io/docs/v3/migrating-from-2-x-to-3-0/)";

impl SocketCore {
    /// Socket number `me` for namespace `nsp`.
    pub fn new(me: SocketId, mid: ManagerId, nsp: String, opts: SocketOptions) -> Self {
        SocketCore {
            me,
            mid,
            nsp,
            opts,
            id: None,
            connected: false,
            recovered: false,
            joined: false,
            active: false,
            pid: None,
            last_offset: None,
            receive_buffer: Vec::new(),
            send_buffer: Vec::new(),
            next_ack: 0,
            acks: Vec::new(),
            queue: VecDeque::new(),
            queue_seq: 0,
            out: Vec::new(),
        }
    }

    /// Drains the commands the last calls left (the client drains it after each call, as it
    /// drains the manager's [`Manager::poll`]).
    pub fn poll(&mut self) -> Vec<Cmd> {
        core::mem::take(&mut self.out)
    }

    /// [`SocketCore::poll`] onto the end of `cmds`, keeping this socket's list and its capacity
    /// (what the client uses: no allocation per call on the per-event path).
    pub fn drain_into(&mut self, cmds: &mut Vec<Cmd>) {
        cmds.append(&mut self.out);
    }

    /// The namespace.
    pub fn nsp(&self) -> &str {
        &self.nsp
    }

    /// The session id of this namespace, while connected.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// Whether connected.
    pub fn connected(&self) -> bool {
        self.connected
    }

    /// Whether the last connection restored the previous session.
    pub fn recovered(&self) -> bool {
        self.recovered
    }

    /// Whether the last CONNECT answer carried a recovery `pid` (socket.io-client's `recovered`
    /// is `undefined` after one that did not).
    pub fn has_pid(&self) -> bool {
        self.pid.is_some()
    }

    /// Whether the socket has connected at least once.
    pub fn joined(&self) -> bool {
        self.joined
    }

    /// Inactive, with nothing buffered either way, no ack awaited and no session to recover
    /// (a later `connect()` sends its `pid` and offset): nothing left in it but what the host
    /// can make again.
    pub fn is_idle(&self) -> bool {
        !self.active
            && self.pid.is_none()
            && self.send_buffer.is_empty()
            && self.receive_buffer.is_empty()
            && self.acks.is_empty()
            && self.queue.is_empty()
    }

    /// Whether the socket follows its manager (connected, or will reconnect).
    pub fn active(&self) -> bool {
        self.active
    }

    /// The handles and ack ids of the send buffer, in order.
    pub fn send_buffer(&self) -> impl Iterator<Item = (u32, Option<u64>)> + '_ {
        self.send_buffer.iter().map(|p| (p.handle, p.id))
    }

    /// The events of the receive buffer (JSON texts), in order.
    /// The held payloads of the events received before `connect` (and their ack ids).
    pub fn receive_buffer(&self) -> impl Iterator<Item = (u32, Option<u64>)> + '_ {
        self.receive_buffer.iter().map(|r| (r.payload.id(), r.ack))
    }

    /// The offset to resume from, as the host read it (see [`Cmd::Event`]).
    pub fn set_offset(&mut self, offset: String) {
        self.last_offset = Some(offset);
    }

    fn fire(&mut self, event: &'static str, arg: Arg) {
        self.out
            .push(Cmd::Fire(Target::Socket(self.me), event, arg));
    }

    fn write(&self, m: &mut Manager, now: f64, packet: Packet<'_>, attachments: Vec<Vec<u8>>) {
        m.send(packet.encode(), attachments, now);
    }

    // ---------- lifecycle ----------

    /// `connect()`: joins the namespace, opening the manager's connection if needed.
    pub fn connect(&mut self, m: &mut Manager, now: f64) {
        if self.connected {
            return;
        }
        self.active = true;
        if !m.reconnecting() {
            m.open(now);
        }
        if m.ready_state() == ReadyState::Open {
            self.on_open();
        }
    }

    /// The manager's session opened: the bindings compute `auth` and call [`SocketCore::join`].
    pub fn on_open(&mut self) {
        self.out.push(Cmd::Join(self.me));
    }

    /// Sends the CONNECT packet with `auth` (JSON text of an object, or `None`), adding the
    /// recovery fields (`pid`, `offset`) as socket.io-client does (`auth` wins on conflicts).
    pub fn join(&mut self, m: &mut Manager, now: f64, auth: Option<&str>) {
        if m.engine().v3() {
            return self.join3(m, now);
        }
        let auth = auth.filter(|a| a.starts_with('{'));
        let data = match &self.pid {
            Some(pid) => {
                let mut d = String::from("{\"pid\":");
                json::write_string(pid, &mut d);
                if let Some(offset) = &self.last_offset {
                    d.push_str(",\"offset\":");
                    json::write_string(offset, &mut d);
                }
                let inner = auth
                    .and_then(|a| a.get(1..a.len().saturating_sub(1)))
                    .map(str::trim_ascii)
                    .unwrap_or("");
                if !inner.is_empty() {
                    d.push(',');
                    d.push_str(inner);
                }
                d.push('}');
                Some(d)
            }
            None => auth.map(ToOwned::to_owned),
        };
        let p = Packet::new(PacketKind::Connect, self.nsp.as_str(), data.map(Into::into));
        self.write(m, now, p, Vec::new());
    }

    /// The manager reported an error: before connecting, it is this socket's `connect_error`.
    pub fn on_error(&mut self, arg: Arg) {
        if !self.connected {
            self.fire("connect_error", arg);
        }
    }

    /// The connection closed (or this socket left): `disconnect` with the reason and details.
    pub fn on_close(
        &mut self,
        m: &mut Manager,
        now: f64,
        reason: DisconnectReason,
        details: Details,
    ) {
        self.connected = false;
        self.id = None;
        self.fire("disconnect", Arg::Close(reason.as_str(), details));
        // Acks of packets still in the send buffer wait for the next connection.
        let buffered: Vec<u64> = self.send_buffer.iter().filter_map(|p| p.id).collect();
        let (keep, dropped): (Vec<Ack>, Vec<Ack>) = core::mem::take(&mut self.acks)
            .into_iter()
            .partition(|a| buffered.contains(&a.id));
        self.acks = keep;
        for ack in dropped {
            self.fail_ack(m, now, ack.kind, AckFailure::Disconnected);
        }
    }

    // ---------- incoming ----------

    /// A decoded packet for this namespace. When the server ended the socket, returns what to
    /// report once the caller has released the connection (socket.io-client's `destroy()`
    /// comes first).
    pub fn on_packet(&mut self, m: &mut Manager, now: f64, packet: Incoming) -> Option<Ended> {
        match (packet.kind, packet.data) {
            (PacketKind::Connect, data) => {
                let members = match data {
                    Data::Members(m) => m,
                    _ => Vec::new(),
                };
                let (mut sid, mut pid) = (None, None);
                if m.engine().v3() {
                    if self.nsp == "/" {
                        m.set_root3(Root3::Held);
                    }
                    sid = Some(self.sid3(m));
                }
                for (k, f) in members {
                    match (k.as_str(), f) {
                        ("sid", json::Field::Str(s)) => sid = sid.or(Some(s)),
                        ("pid", json::Field::Str(s)) => pid = pid.or(Some(s)),
                        _ => {}
                    }
                }
                match sid {
                    Some(sid) => self.on_connect(m, now, sid, pid),
                    None => self.fire(
                        "connect_error",
                        Arg::Error(SessionError::Other(V2_SERVER.into())),
                    ),
                }
            }
            (PacketKind::Event | PacketKind::BinaryEvent, Data::Held(payload)) => {
                let ev = Received {
                    payload,
                    ack: packet.id,
                };
                if self.connected {
                    self.dispatch(ev);
                } else {
                    self.receive_buffer.push(ev);
                }
            }
            (PacketKind::Ack | PacketKind::BinaryAck, Data::Held(payload)) => {
                if let Some(id) = packet.id {
                    self.on_ack(m, now, id, payload);
                }
            }
            (PacketKind::Disconnect, _) => {
                self.active = false;
                return Some(Ended::Disconnect);
            }
            (PacketKind::ConnectError, Data::Held(payload)) => {
                self.active = false;
                return Some(Ended::Refused(payload));
            }
            // The decoder holds the payload of every other packet.
            _ => {}
        }
        None
    }

    /// Reports the end of the socket (after [`SocketCore::on_packet`] returned it).
    pub fn ended(&mut self, m: &mut Manager, now: f64, ended: Ended) {
        match ended {
            Ended::Disconnect => {
                self.on_close(m, now, DisconnectReason::IoServerDisconnect, Details::None)
            }
            Ended::Refused(payload) => {
                let id = payload.hand_over();
                self.fire("connect_error", Arg::ConnectError(id))
            }
        }
    }

    /// Sends the DISCONNECT packet when connected and leaves (`disconnect()`'s first half;
    /// returns whether it was connected).
    pub fn leave(&mut self, m: &mut Manager, now: f64) -> bool {
        let connected = self.connected;
        if connected {
            let p = Packet::new(PacketKind::Disconnect, self.nsp.as_str(), None);
            self.write(m, now, p, Vec::new());
            if self.nsp == "/" {
                m.set_root3(Root3::Left);
            }
        }
        self.active = false;
        connected
    }

    fn on_connect(&mut self, m: &mut Manager, now: f64, sid: String, pid: Option<String>) {
        self.recovered = pid.is_some() && self.pid == pid;
        self.joined = true;
        self.pid = pid;
        self.id = Some(sid);
        self.connected = true;
        for ev in core::mem::take(&mut self.receive_buffer) {
            self.dispatch(ev);
        }
        for p in core::mem::take(&mut self.send_buffer) {
            self.out.push(Cmd::Outgoing {
                socket: self.me,
                handle: p.handle,
                release: p.release,
            });
            m.send(p.text, p.attachments, now);
        }
        self.drain_queue(m, now, true);
        // The flushed packets' I/O goes before `connect`: a listener that emits must not get
        // ahead of them (over WebSocket its frame would be sent first).
        let mid = self.mid;
        let mut events = Vec::new();
        for o in m.poll() {
            match o {
                Output::Io(io) => self.out.push(Cmd::Io(mid, io)),
                Output::Event(e) => events.push(e),
            }
        }
        m.requeue(events);
        self.fire("connect", Arg::None);
    }

    /// Joins over a Socket.IO v4 (socket.io 2.x) session: the server connects every client to
    /// `/` unprompted (a CONNECT for `/` would open a second socket there), so `/` waits for
    /// that connection, or takes it if it came first, and sends CONNECT only after leaving it;
    /// another namespace takes `CONNECT /nsp?query,` (the manager's query, as
    /// socket.io-client 2 sends it) with no `auth`: the protocol has no CONNECT payload.
    fn join3(&mut self, m: &mut Manager, now: f64) {
        let mut nsp = self.nsp.clone();
        if nsp == "/" {
            match m.root3() {
                Root3::Pending | Root3::Held => return,
                Root3::Orphan => {
                    m.set_root3(Root3::Held);
                    let sid = self.sid3(m);
                    return self.on_connect(m, now, sid, None);
                }
                Root3::Left => {}
            }
        } else if !m.engine().query().is_empty() {
            nsp.push('?');
            nsp.push_str(m.engine().query());
        }
        let p = Packet::new(PacketKind::Connect, nsp, None);
        self.write(m, now, p, Vec::new());
    }

    /// The socket id over a Socket.IO v4 session: the engine's id, `nsp#` before it outside `/`.
    fn sid3(&self, m: &Manager) -> String {
        let mut id = String::new();
        if self.nsp != "/" {
            id.push_str(&self.nsp);
            id.push('#');
        }
        id.push_str(m.engine().sid().unwrap_or(""));
        id
    }

    fn dispatch(&mut self, ev: Received) {
        self.out.push(Cmd::Event {
            socket: self.me,
            payload: ev.payload.hand_over(),
            ack: ev.ack,
            // Connection state recovery: the server appends the offset as the last argument.
            recovering: self.pid.is_some(),
        });
    }

    // ---------- outgoing ----------

    /// `emit(...)` / `emitWithAck(...)`.
    pub fn emit(&mut self, m: &mut Manager, now: f64, e: Emit) {
        if self.opts.retries.is_some() && !e.flags.volatile {
            let seq = self.queue_seq;
            self.queue_seq += 1;
            self.queue.push_back(Queued {
                seq,
                handle: e.handle,
                json: e.json,
                attachments: e.attachments,
                ack: e.ack,
                flags: e.flags,
                tries: 0,
                pending: false,
            });
            self.drain_queue(m, now, false);
            return;
        }
        let ack = match e.ack {
            AckMode::None => None,
            // socket.io-client 4.8 makes `emitWithAck`'s callback error-first: its promise is
            // rejected when the connection is lost, timeout or not.
            mode => Some(AckKind::User {
                handle: e.handle,
                err_first: mode == AckMode::Promise,
            }),
        };
        self.send_event(m, now, e.handle, e.json, e.attachments, ack, e.flags);
    }

    #[allow(clippy::too_many_arguments)]
    fn send_event(
        &mut self,
        m: &mut Manager,
        now: f64,
        handle: u32,
        json: String,
        attachments: Vec<Vec<u8>>,
        ack: Option<AckKind>,
        flags: Flags,
    ) {
        let id = ack.map(|kind| self.register_ack(kind, flags.timeout, now));
        let kind = if attachments.is_empty() {
            PacketKind::Event
        } else {
            PacketKind::BinaryEvent
        };
        let packet = Packet {
            id,
            attachments: attachments.len(),
            ..Packet::new(kind, self.nsp.as_str(), Some(json.into()))
        };
        let text = packet.encode();
        let writable = m.writable();
        let connected = self.connected && !m.ping_expired(now);
        // The bindings may forget the arguments once sent, unless an ack (or a retry) needs them.
        let release = ack.is_none();
        if flags.volatile && !writable {
            if let Some(id) = id {
                // A dropped volatile emit never gets its ack.
                self.acks.retain(|a| a.id != id);
            }
            self.out.push(Cmd::Release(handle));
        } else if connected {
            self.out.push(Cmd::Outgoing {
                socket: self.me,
                handle,
                release,
            });
            m.send(text, attachments, now);
        } else {
            self.send_buffer.push(Outgoing {
                id,
                handle,
                release,
                text,
                attachments,
            });
        }
    }

    /// Answers an incoming event's ack (`ack` callback handed to a listener).
    pub fn send_ack(
        &mut self,
        m: &mut Manager,
        now: f64,
        id: u64,
        json: String,
        attachments: Vec<Vec<u8>>,
    ) {
        let kind = if attachments.is_empty() {
            PacketKind::Ack
        } else {
            PacketKind::BinaryAck
        };
        let packet = Packet {
            id: Some(id),
            attachments: attachments.len(),
            ..Packet::new(kind, self.nsp.as_str(), Some(json.into()))
        };
        self.write(m, now, packet, attachments);
    }

    // ---------- retries ----------
}
