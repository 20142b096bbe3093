//! The client, sans-IO: every manager of the page and their sockets, driven by the bindings.
//!
//! The bindings call in with what happened (an API call, a transport event, a timer, a
//! microtask) and the current time; the client updates the managers and sockets and leaves a
//! list of [`Cmd`]s — I/O to carry out, timers to set, events to fire, JSON to hand to
//! listeners — which the bindings execute in order, holding no borrow, so that a listener may
//! call back in at any moment.

use crate::prelude::*;
use alloc::collections::VecDeque;

use crate::engine::{Action, EngineConfig, TransportKind};
use crate::manager::{Event, Manager, ManagerConfig, ReadyState};
use crate::protocol::binary::Message;
use crate::protocol::socketio::Packet;
use crate::socket::{Emit, SocketCore, SocketOptions};

/// Whose listeners an event is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A `Manager`.
    Manager(u32),
    /// A manager's `engine`.
    Engine(u32),
    /// A `Socket`.
    Socket(u32),
}

/// The arguments of a fired event, as the bindings build them.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// No argument.
    None,
    /// A number.
    Num(f64),
    /// `new Error(message)`.
    Error(String),
    /// `(reason, details)`: details are `undefined` (`None`), `new Error(text)` (`true`) or
    /// `{description: text}`.
    Close(&'static str, Option<String>, bool),
    /// `{name}` of a transport.
    Transport(&'static str),
    /// The data of a CONNECT_ERROR packet (JSON): an `Error` with its `message` and `data`.
    ConnectError(String),
}

/// What the bindings must do, in order.
#[derive(Debug, PartialEq)]
pub enum Cmd {
    /// Transport I/O of a manager.
    Io(u32, Action),
    /// (Re)arm the manager's timer to call [`Client::tick`] in this many ms; negative: none.
    Timer(u32, f64),
    /// Call [`Client::deliver`] from a microtask.
    Deliver(u32),
    /// Whether a WebSocket has worked in this page (engine.io-client's `priorWebsocketSuccess`).
    PriorWebsocket(bool),
    /// Fire an event.
    Fire(Target, &'static str, Arg),
    /// Settle the manager's `open(callback)` callbacks, with an error or not.
    Settle(u32, Option<String>),
    /// Compute the socket's `auth` and call [`Client::join`].
    Join(u32),
    /// An incoming event for the socket's listeners (`[event, ...args]` as JSON); `ack`: the id
    /// to answer with [`Client::send_ack`].
    Event {
        /// Socket.
        socket: u32,
        /// `[event, ...args]` with placeholders.
        json: String,
        /// The placeholders' buffers.
        attachments: Vec<Vec<u8>>,
        /// Ack id requested by the server.
        ack: Option<u64>,
    },
    /// An emit's ack arrived (`json`: its arguments).
    Ack {
        /// Socket.
        socket: u32,
        /// The emit's handle.
        handle: u32,
        /// The ack's arguments, JSON array with placeholders.
        json: String,
        /// The placeholders' buffers.
        attachments: Vec<Vec<u8>>,
        /// Call the callback error-first (`null` first).
        err_first: bool,
    },
    /// An emit's ack failed: reject its promise; call its callback with an `Error` when
    /// `report` (error-first callbacks).
    AckError {
        /// Socket.
        socket: u32,
        /// The emit's handle.
        handle: u32,
        /// The error's message.
        message: &'static str,
        /// Whether a callback hears of it.
        report: bool,
    },
    /// An emit is written: outgoing catch-all listeners; forget it after when `release`.
    Outgoing {
        /// Socket.
        socket: u32,
        /// The emit's handle.
        handle: u32,
        /// No ack will come for it.
        release: bool,
    },
    /// Forget an emit's handle (dropped, or done).
    Release(u32),
}

#[derive(Debug)]
struct Mgr {
    core: Manager,
    sockets: Vec<u32>,
    inbox: VecDeque<Message<'static>>,
    delivering: bool,
    timer: Option<f64>,
    remember_upgrade: bool,
}

/// Every manager and socket of the page.
#[derive(Debug, Default)]
pub struct Client {
    managers: Vec<Option<Mgr>>,
    sockets: Vec<Option<(u32, SocketCore)>>,
    out: Vec<Cmd>,
}

impl Client {
    /// No managers.
    pub fn new() -> Self {
        Self::default()
    }

    /// The commands to execute, in order (drains them).
    pub fn take_cmds(&mut self) -> Vec<Cmd> {
        core::mem::take(&mut self.out)
    }

    fn mgr(&mut self, mid: u32) -> Option<&mut Mgr> {
        self.managers.get_mut(mid as usize)?.as_mut()
    }

    fn mgr_ref(&self, mid: u32) -> Option<&Mgr> {
        self.managers.get(mid as usize)?.as_ref()
    }

    /// A new manager (closed).
    pub fn new_manager(&mut self, cfg: ManagerConfig, engine: EngineConfig, seed: u64) -> u32 {
        let remember_upgrade = engine.remember_upgrade;
        self.managers.push(Some(Mgr {
            core: Manager::new(cfg, engine, seed),
            sockets: Vec::new(),
            inbox: VecDeque::new(),
            delivering: false,
            timer: None,
            remember_upgrade,
        }));
        (self.managers.len() - 1) as u32
    }

    /// Reads a manager.
    pub fn manager(&self, mid: u32) -> Option<&Manager> {
        self.mgr_ref(mid).map(|m| &m.core)
    }

    /// Changes a manager's options.
    pub fn config_mut(&mut self, mid: u32) -> Option<&mut ManagerConfig> {
        self.mgr(mid).map(|m| m.core.config_mut())
    }

    /// Runs `f` on a manager, then handles what it produced.
    pub fn with_manager(&mut self, mid: u32, now: f64, f: impl FnOnce(&mut Manager, f64)) {
        if let Some(m) = self.mgr(mid) {
            f(&mut m.core, now);
        }
        self.pump(mid, now);
    }

    /// Time passed for a manager: heartbeat, timeouts, reconnection, ack deadlines.
    pub fn tick(&mut self, mid: u32, now: f64) {
        if let Some(m) = self.mgr(mid) {
            m.timer = None;
            m.core.tick(now);
        }
        self.pump(mid, now);
        for sid in self.sockets_of(mid) {
            self.with_socket(sid, now, |s, m, now, out| s.tick(m, now, out));
        }
    }

    fn sockets_of(&self, mid: u32) -> Vec<u32> {
        self.mgr_ref(mid)
            .map(|m| m.sockets.clone())
            .unwrap_or_default()
    }

    /// Handles the manager's events, then re-arms its timer.
    fn pump(&mut self, mid: u32, now: f64) {
        loop {
            let events = match self.mgr(mid) {
                Some(m) => m.core.take_events(),
                None => return,
            };
            if events.is_empty() {
                break;
            }
            for ev in events {
                self.on_event(mid, ev, now);
            }
        }
        self.schedule(mid, now);
    }

    fn schedule(&mut self, mid: u32, now: f64) {
        let socket_deadline = self
            .sockets_of(mid)
            .iter()
            .filter_map(|sid| self.socket(*sid)?.deadline())
            .reduce(f64::min);
        let Some(m) = self.mgr(mid) else { return };
        let want = match (m.core.next_deadline(), socket_deadline) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if m.timer == want {
            return;
        }
        m.timer = want;
        let delay = want.map_or(-1.0, |at| (at - now).max(0.0));
        self.out.push(Cmd::Timer(mid, delay));
    }

    fn active_sockets(&self, mid: u32) -> Vec<u32> {
        self.sockets_of(mid)
            .into_iter()
            .filter(|sid| self.socket(*sid).is_some_and(SocketCore::active))
            .collect()
    }

    fn on_event(&mut self, mid: u32, ev: Event, now: f64) {
        let me = Target::Manager(mid);
        match ev {
            Event::Io(a) => self.out.push(Cmd::Io(mid, a)),
            Event::Open(_) => {
                if self
                    .manager(mid)
                    .is_some_and(|m| m.engine().websocket_succeeded())
                {
                    self.out.push(Cmd::PriorWebsocket(true));
                }
                for sid in self.active_sockets(mid) {
                    self.with_socket_quiet(sid, now, |s, _, _, out| s.on_open(out));
                }
                self.out.push(Cmd::Fire(me, "open", Arg::None));
                self.out.push(Cmd::Settle(mid, None));
            }
            Event::Upgraded(kind) => {
                let remember = self.mgr_ref(mid).is_some_and(|m| m.remember_upgrade);
                self.out.push(Cmd::PriorWebsocket(
                    remember || kind == TransportKind::WebSocket,
                ));
                let t = Arg::Transport(kind.name());
                self.out.push(Cmd::Fire(Target::Engine(mid), "upgrade", t));
            }
            Event::Error(message) => {
                for sid in self.active_sockets(mid) {
                    let arg = Arg::Error(message.clone());
                    self.with_socket_quiet(sid, now, |s, _, _, out| {
                        s.on_error(arg, out);
                    });
                }
                self.out
                    .push(Cmd::Fire(me, "error", Arg::Error(message.clone())));
                if self.manager(mid).map(Manager::ready_state) == Some(ReadyState::Closed) {
                    self.out.push(Cmd::Settle(mid, Some(message)));
                }
            }
            Event::Ping => self.out.push(Cmd::Fire(me, "ping", Arg::None)),
            Event::Close {
                reason,
                description,
            } => {
                // engine.io-client's details: an Error for failures, `{description}` otherwise.
                let error = matches!(reason, "transport error" | "parse error");
                let arg = Arg::Close(reason, description, error);
                // Sockets subscribed when they were created: before the user's listeners.
                for sid in self.active_sockets(mid) {
                    let a = arg.clone();
                    self.with_socket_quiet(sid, now, |s, m, now, out| s.on_close(m, now, a, out));
                }
                self.out.push(Cmd::Fire(me, "close", arg));
            }
            Event::ReconnectAttempt(n) => {
                self.out
                    .push(Cmd::Fire(me, "reconnect_attempt", Arg::Num(n.into())))
            }
            Event::Reconnect(n) => self
                .out
                .push(Cmd::Fire(me, "reconnect", Arg::Num(n.into()))),
            Event::ReconnectError(message) => {
                self.out
                    .push(Cmd::Fire(me, "reconnect_error", Arg::Error(message)))
            }
            Event::ReconnectFailed => self.out.push(Cmd::Fire(me, "reconnect_failed", Arg::None)),
            Event::Packet(message) => {
                if let Some(m) = self.mgr(mid) {
                    m.inbox.push_back(message);
                    if !m.delivering {
                        m.delivering = true;
                        self.out.push(Cmd::Deliver(mid));
                    }
                }
            }
        }
    }

    /// Delivers the next decoded packet to its socket (socket.io-client delivers them one
    /// tick after decoding); returns whether more are waiting.
    pub fn deliver(&mut self, mid: u32, now: f64) -> bool {
        let Some(m) = self.mgr(mid) else { return false };
        let Some(message) = m.inbox.pop_front() else {
            m.delivering = false;
            return false;
        };
        let (packet, attachments): (Packet<'static>, Vec<Vec<u8>>) = match message {
            Message::Packet(p) => (p, Vec::new()),
            Message::Binary {
                packet,
                attachments,
            } => (packet, attachments),
        };
        let target = self
            .active_sockets(mid)
            .into_iter()
            .find(|sid| self.socket(*sid).is_some_and(|s| s.nsp() == packet.nsp));
        if let Some(sid) = target {
            let mut ended = None;
            self.with_socket(sid, now, |s, m, now, out| {
                ended = s.on_packet(m, now, &packet, attachments, out);
            });
            if let Some(e) = ended {
                self.release_if_idle(mid, now);
                self.with_socket(sid, now, |s, m, now, out| s.ended(m, now, e, out));
            }
        }
        let more = self.mgr_ref(mid).is_some_and(|m| !m.inbox.is_empty());
        if !more {
            if let Some(m) = self.mgr(mid) {
                m.delivering = false;
            }
        }
        more
    }

    // ---------- sockets ----------

    /// Reads a socket.
    pub fn socket(&self, sid: u32) -> Option<&SocketCore> {
        self.sockets.get(sid as usize)?.as_ref().map(|(_, s)| s)
    }

    /// A new socket for namespace `nsp` of manager `mid` (not connected).
    pub fn new_socket(&mut self, mid: u32, nsp: String, opts: SocketOptions) -> u32 {
        let sid = self.sockets.len() as u32;
        self.sockets
            .push(Some((mid, SocketCore::new(sid, nsp, opts))));
        if let Some(m) = self.mgr(mid) {
            m.sockets.push(sid);
        }
        sid
    }

    /// Runs `f` on a socket and its manager, without handling the manager's events.
    fn with_socket_quiet(
        &mut self,
        sid: u32,
        now: f64,
        f: impl FnOnce(&mut SocketCore, &mut Manager, f64, &mut Vec<Cmd>),
    ) -> Option<u32> {
        let Client {
            managers,
            sockets,
            out,
        } = self;
        let (mid, s) = sockets.get_mut(sid as usize)?.as_mut()?;
        let m = managers.get_mut(*mid as usize)?.as_mut()?;
        f(s, &mut m.core, now, out);
        Some(*mid)
    }

    /// Runs `f` on a socket and its manager, then handles the manager's events.
    pub fn with_socket(
        &mut self,
        sid: u32,
        now: f64,
        f: impl FnOnce(&mut SocketCore, &mut Manager, f64, &mut Vec<Cmd>),
    ) {
        if let Some(mid) = self.with_socket_quiet(sid, now, f) {
            self.pump(mid, now);
        }
    }

    /// Closes the connection when no socket of the manager is active any more.
    fn release_if_idle(&mut self, mid: u32, now: f64) {
        if self.active_sockets(mid).is_empty() {
            self.with_manager(mid, now, Manager::close);
        }
    }

    /// `socket.connect()`.
    pub fn connect(&mut self, sid: u32, now: f64) {
        self.with_socket(sid, now, |s, m, now, out| s.connect(m, now, out));
    }

    /// `socket.disconnect()`.
    pub fn disconnect(&mut self, sid: u32, now: f64) {
        let mut connected = false;
        let Some(mid) = self.with_socket_quiet(sid, now, |s, m, now, _| {
            connected = s.leave(m, now);
        }) else {
            return;
        };
        self.pump(mid, now);
        self.release_if_idle(mid, now);
        if connected {
            let arg = Arg::Close("io client disconnect", None, false);
            self.with_socket(sid, now, |s, m, now, out| s.on_close(m, now, arg, out));
        }
    }

    /// Sends the socket's CONNECT packet with its `auth` (JSON), after [`Cmd::Join`].
    pub fn join(&mut self, sid: u32, auth: Option<&str>, now: f64) {
        self.with_socket(sid, now, |s, m, now, _| s.join(m, now, auth));
    }

    /// `socket.emit(...)`.
    pub fn emit(&mut self, sid: u32, e: Emit, now: f64) {
        self.with_socket(sid, now, |s, m, now, out| s.emit(m, now, e, out));
    }

    /// Answers the server's ack request `id`.
    pub fn send_ack(&mut self, sid: u32, id: u64, json: String, atts: Vec<Vec<u8>>, now: f64) {
        self.with_socket(sid, now, |s, m, now, _| s.send_ack(m, now, id, json, atts));
    }
}
