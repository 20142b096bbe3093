//! The client, sans-IO: every manager of the page and their sockets, driven by a host.
//!
//! ## Call contract (the layers' common shape, at the top)
//! - Inputs carry `now`: [`Client::with_manager`] (an API call or a transport's report, applied
//!   to a manager), [`Client::tick`], [`Client::deliver`] (from a microtask, as the host was
//!   asked with [`Cmd::Deliver`]), and the socket operations ([`Client::connect`],
//!   [`Client::emit`], …).
//! - Output: [`Client::poll_cmds`] drains the [`Cmd`]s — I/O to carry out, timers to set,
//!   events to fire, JSON to hand to listeners — which the host executes in order, holding no
//!   borrow, so that a listener may call back in at any moment.
//! - Slots: a manager or socket the host no longer references is freed
//!   ([`Client::free_manager`], [`Client::free_socket`]) and its slot reused, so a page that
//!   makes many `forceNew` sockets does not grow.

use crate::prelude::*;
use alloc::collections::VecDeque;

use crate::command::{Arg, Cmd, DisconnectReason, ManagerId, SocketId, Target};
use crate::engine::{Details, EngineConfig, Listen, TransportKind};
use crate::manager::{Event, Incoming, Manager, ManagerConfig, Output, ReadyState, Root3};
use crate::payload::{PayloadError, Payloads};
use crate::protocol::engine::PacketType;
use crate::protocol::json;
use crate::protocol::socketio::PacketKind;
use crate::socket::{Emit, SocketCore, SocketOptions};

#[derive(Debug)]
struct Mgr {
    core: Manager,
    sockets: Vec<SocketId>,
    inbox: VecDeque<Incoming>,
    delivering: bool,
    timer: Option<f64>,
    remember_upgrade: bool,
}

/// Slots that are reused once freed: ids stay small and memory flat.
#[derive(Debug)]
struct Slots<T> {
    items: Vec<Option<T>>,
    free: Vec<u32>,
}

impl<T> Default for Slots<T> {
    fn default() -> Self {
        Slots {
            items: Vec::new(),
            free: Vec::new(),
        }
    }
}

impl<T> Slots<T> {
    fn insert(&mut self, item: T) -> u32 {
        match self.free.pop() {
            Some(i) => {
                if let Some(slot) = self.items.get_mut(i as usize) {
                    *slot = Some(item);
                }
                i
            }
            None => {
                self.items.push(Some(item));
                (self.items.len() - 1) as u32
            }
        }
    }

    fn remove(&mut self, i: u32) -> Option<T> {
        let item = self.items.get_mut(i as usize)?.take()?;
        self.free.push(i);
        Some(item)
    }

    fn get(&self, i: u32) -> Option<&T> {
        self.items.get(i as usize)?.as_ref()
    }

    fn get_mut(&mut self, i: u32) -> Option<&mut T> {
        self.items.get_mut(i as usize)?.as_mut()
    }
}

/// Every manager and socket of the page.
#[derive(Debug, Default)]
pub struct Client {
    managers: Slots<Mgr>,
    sockets: Slots<(ManagerId, SocketCore)>,
    payloads: Payloads,
    /// How its managers read JSON (see [`json::Fields`]).
    json: json::Reader,
    out: Vec<Cmd>,
}

/// engine.io-client's name of a packet type.
fn packet_type(kind: PacketType) -> &'static str {
    match kind {
        PacketType::Open => "open",
        PacketType::Close => "close",
        PacketType::Ping => "ping",
        PacketType::Pong => "pong",
        PacketType::Message => "message",
        PacketType::Upgrade => "upgrade",
        PacketType::Noop => "noop",
    }
}

impl Client {
    /// No managers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Its managers read JSON with `json` (the host's parser).
    pub fn read_json_with(&mut self, json: json::Reader) {
        self.json = json;
    }

    /// The commands to execute, in order (drains them).
    pub fn poll_cmds(&mut self) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        self.drain_cmds(&mut cmds);
        cmds
    }

    /// [`Client::poll_cmds`] onto the end of `cmds`: a host that keeps one list for its
    /// command loop allocates nothing per call (both lists keep their capacity).
    pub fn drain_cmds(&mut self, cmds: &mut Vec<Cmd>) {
        self.payloads.drain_dropped(&mut self.out, Cmd::Drop);
        cmds.append(&mut self.out);
    }

    fn mgr(&mut self, mid: ManagerId) -> Option<&mut Mgr> {
        self.managers.get_mut(mid.get())
    }

    fn mgr_ref(&self, mid: ManagerId) -> Option<&Mgr> {
        self.managers.get(mid.get())
    }

    /// A new manager (closed).
    pub fn new_manager(
        &mut self,
        cfg: ManagerConfig,
        engine: EngineConfig,
        seed: u64,
    ) -> ManagerId {
        let remember_upgrade = engine.remember_upgrade;
        let mut core = Manager::new(cfg, engine, seed);
        core.share_payloads(self.payloads.clone());
        core.read_json_with(self.json);
        ManagerId::from(self.managers.insert(Mgr {
            core,
            sockets: Vec::new(),
            inbox: VecDeque::new(),
            delivering: false,
            timer: None,
            remember_upgrade,
        }))
    }

    /// Forgets a closed manager and its sockets: one the host no longer references, or, with
    /// `only_idle`, one nothing is left to happen on (no timer, nothing to deliver, every socket
    /// inactive with nothing buffered and no ack awaited), which the host makes again if it is
    /// used later. Whether it was freed.
    pub fn free_manager(&mut self, mid: ManagerId, only_idle: bool) -> bool {
        let Some(m) = self.mgr_ref(mid) else {
            return false;
        };
        let idle = || {
            m.timer.is_none()
                && m.inbox.is_empty()
                && m.sockets
                    .iter()
                    .all(|sid| self.sockets.get(sid.get()).is_none_or(|(_, s)| s.is_idle()))
        };
        if m.core.ready_state() != ReadyState::Closed || (only_idle && !idle()) {
            return false;
        }
        let sockets = self
            .mgr(mid)
            .map(|m| core::mem::take(&mut m.sockets))
            .unwrap_or_default();
        for sid in sockets {
            self.sockets.remove(sid.get());
        }
        self.managers.remove(mid.get());
        true
    }

    /// Forgets a socket the host no longer references (an active one is kept: its manager
    /// still delivers to it).
    pub fn free_socket(&mut self, sid: SocketId) {
        let Some((mid, s)) = self.sockets.get(sid.get()) else {
            return;
        };
        if s.active() {
            return;
        }
        let mid = *mid;
        self.sockets.remove(sid.get());
        if let Some(m) = self.mgr(mid) {
            m.sockets.retain(|s| *s != sid);
        }
    }

    /// Reads a manager.
    pub fn manager(&self, mid: ManagerId) -> Option<&Manager> {
        self.mgr_ref(mid).map(|m| &m.core)
    }

    /// Changes a manager's options; then [`Client::reconnection_changed`].
    pub fn config_mut(&mut self, mid: ManagerId) -> Option<&mut ManagerConfig> {
        self.mgr(mid).map(|m| m.core.config_mut())
    }

    /// The manager's options changed (`reconnection(false)` stops a running loop).
    pub fn reconnection_changed(&mut self, mid: ManagerId) {
        if let Some(m) = self.mgr(mid) {
            m.core.options_changed();
        }
    }

    /// Which per-packet engine events the host listens to ([`Listen`] bits).
    pub fn listen_engine(&mut self, mid: ManagerId, bits: u32) {
        if let Some(m) = self.mgr(mid) {
            m.core.listen_engine(Listen(bits));
        }
    }

    /// Runs `f` on a manager, then handles what it produced.
    pub fn with_manager(&mut self, mid: ManagerId, now: f64, f: impl FnOnce(&mut Manager, f64)) {
        if let Some(m) = self.mgr(mid) {
            f(&mut m.core, now);
        }
        self.pump(mid, now);
    }

    /// Time passed for a manager: heartbeat, timeouts, reconnection, ack deadlines.
    pub fn tick(&mut self, mid: ManagerId, now: f64) {
        if let Some(m) = self.mgr(mid) {
            m.timer = None;
            m.core.tick(now);
        }
        self.pump(mid, now);
        for sid in self.sockets_of(mid) {
            self.with_socket(sid, now, |s, m, now| s.tick(m, now));
        }
    }

    /// The manager's socket ids, copied (for loops that change the sockets).
    fn sockets_of(&self, mid: ManagerId) -> Vec<SocketId> {
        self.mgr_ref(mid)
            .map(|m| m.sockets.clone())
            .unwrap_or_default()
    }

    /// The manager's sockets, read in place (no copy: this runs for every frame).
    fn socket_cores(&self, mid: ManagerId) -> impl Iterator<Item = (SocketId, &SocketCore)> + '_ {
        let ids = self
            .mgr_ref(mid)
            .map(|m| m.sockets.as_slice())
            .unwrap_or(&[]);
        ids.iter()
            .filter_map(|sid| Some((*sid, self.socket(*sid)?)))
    }

    /// Handles the manager's output, then re-arms its timer.
    fn pump(&mut self, mid: ManagerId, now: f64) {
        loop {
            let outputs = match self.mgr(mid) {
                Some(m) => m.core.poll(),
                None => return,
            };
            if outputs.is_empty() {
                break;
            }
            for o in outputs {
                match o {
                    Output::Io(io) => self.out.push(Cmd::Io(mid, io)),
                    Output::Event(ev) => self.on_event(mid, ev, now),
                }
            }
        }
        self.schedule(mid, now);
    }

    fn schedule(&mut self, mid: ManagerId, now: f64) {
        let socket_deadline = self
            .socket_cores(mid)
            .filter_map(|(_, s)| s.deadline())
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

    /// The ids of the manager's active sockets, copied (for loops that change them).
    fn active_sockets(&self, mid: ManagerId) -> Vec<SocketId> {
        self.socket_cores(mid)
            .filter(|(_, s)| s.active())
            .map(|(sid, _)| sid)
            .collect()
    }

    fn fire(&mut self, target: Target, event: &'static str, arg: Arg) {
        self.out.push(Cmd::Fire(target, event, arg));
    }

    fn on_event(&mut self, mid: ManagerId, ev: Event, now: f64) {
        let me = Target::Manager(mid);
        let engine = Target::Engine(mid);
        match ev {
            Event::NewEngine => self.out.push(Cmd::NewEngine(mid)),
            Event::Open(_) => {
                if self
                    .manager(mid)
                    .is_some_and(|m| m.engine().websocket_succeeded())
                {
                    self.out.push(Cmd::PriorWebsocket(true));
                }
                self.fire(engine, "open", Arg::None);
                for sid in self.active_sockets(mid) {
                    self.with_socket_quiet(sid, now, |s, _, _| s.on_open());
                }
                self.fire(me, "open", Arg::None);
                self.out.push(Cmd::Settle(mid, None));
            }
            Event::Upgraded(kind) => {
                let remember = self.mgr_ref(mid).is_some_and(|m| m.remember_upgrade);
                self.out.push(Cmd::PriorWebsocket(
                    remember || kind == TransportKind::WebSocket,
                ));
                self.fire(engine, "upgrade", Arg::Transport(kind.name()));
            }
            Event::UpgradeError(message) => {
                let error = crate::engine::SessionError::Other(message);
                self.fire(engine, "upgradeError", Arg::Error(error));
            }
            Event::EnginePacket(kind, frame) => {
                self.fire(engine, "packet", Arg::Packet(packet_type(kind), frame))
            }
            Event::EnginePacketCreate(kind, frame) => self.fire(
                engine,
                "packetCreate",
                Arg::Packet(packet_type(kind), frame),
            ),
            Event::EngineDrain => self.fire(engine, "drain", Arg::None),
            Event::EngineClose(reason, details) => {
                self.fire(engine, "close", Arg::Close(reason.as_str(), details))
            }
            Event::Error(error) => {
                for sid in self.active_sockets(mid) {
                    let arg = Arg::Error(error.clone());
                    self.with_socket_quiet(sid, now, |s, _, _| s.on_error(arg));
                }
                let message = error.message().to_owned();
                self.fire(me, "error", Arg::Error(error));
                if self.manager(mid).map(Manager::ready_state) == Some(ReadyState::Closed) {
                    self.out.push(Cmd::Settle(mid, Some(message)));
                }
            }
            Event::Ping => self.fire(me, "ping", Arg::None),
            Event::Close(reason, details) => {
                // Sockets subscribed when they were created: before the user's listeners.
                for sid in self.active_sockets(mid) {
                    let d = details.clone();
                    self.with_socket_quiet(sid, now, |s, m, now| {
                        s.on_close(m, now, DisconnectReason::Closed(reason), d)
                    });
                }
                self.fire(me, "close", Arg::Close(reason.as_str(), details));
            }
            Event::ReconnectAttempt(n) => self.fire(me, "reconnect_attempt", Arg::Num(n.into())),
            Event::Reconnect(n) => self.fire(me, "reconnect", Arg::Num(n.into())),
            Event::ReconnectError(error) => self.fire(me, "reconnect_error", Arg::Error(error)),
            Event::ReconnectFailed => self.fire(me, "reconnect_failed", Arg::None),
            Event::Parse { id, kind, span } => self.out.push(Cmd::Parse {
                manager: mid,
                id,
                kind,
                span,
            }),
            Event::Revive { id, attachments } => self.out.push(Cmd::Revive {
                manager: mid,
                id,
                attachments,
            }),
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

    /// The host found the held payload `id` malformed ([`Cmd::Parse`], [`Cmd::Revive`]): that
    /// packet and those decoded after it are dropped, and the connection closes with
    /// `"parse error"`, as socket.io-client's manager closes when its decoder throws.
    pub fn payload_error(&mut self, mid: ManagerId, id: u32, error: PayloadError, now: f64) {
        if let Some(m) = self.mgr(mid) {
            if let Some(at) = m.inbox.iter().position(|p| p.held() == Some(id)) {
                m.inbox.truncate(at);
            }
        }
        self.with_manager(mid, now, |m, now| m.payload_error(error, now));
    }

    /// The host delivered an event ending in a string to a socket recovering its state (see
    /// [`Cmd::Event`]): the offset to resume from.
    pub fn set_offset(&mut self, sid: SocketId, offset: String) {
        if let Some((_, s)) = self.sockets.get_mut(sid.get()) {
            s.set_offset(offset);
        }
    }

    /// Delivers the next decoded packet to its socket (socket.io-client delivers them one
    /// by one, so a listener that disconnects stops the packets after it); whether more wait.
    pub fn deliver(&mut self, mid: ManagerId, now: f64) -> bool {
        let Some(m) = self.mgr(mid) else { return false };
        let Some(packet) = m.inbox.pop_front() else {
            m.delivering = false;
            return false;
        };
        let target = self
            .socket_cores(mid)
            .find(|(_, s)| s.active() && s.nsp() == packet.nsp)
            .map(|(sid, _)| sid);
        if target.is_none() && packet.kind == PacketKind::Connect && packet.nsp == "/" {
            // A Socket.IO 2.x server's implicit `/` connection, before any socket wants it.
            if let Some(m) = self.mgr(mid) {
                m.core.set_root3(Root3::Orphan);
            }
        }
        if let Some(sid) = target {
            let mut ended = None;
            self.with_socket(sid, now, |s, m, now| {
                ended = s.on_packet(m, now, packet);
            });
            if let Some(e) = ended {
                self.release_if_idle(mid, now);
                self.with_socket(sid, now, |s, m, now| s.ended(m, now, e));
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
    pub fn socket(&self, sid: SocketId) -> Option<&SocketCore> {
        self.sockets.get(sid.get()).map(|(_, s)| s)
    }

    /// A new socket for namespace `nsp` on a manager (`None` when there is no such manager).
    pub fn new_socket(
        &mut self,
        mid: ManagerId,
        nsp: String,
        opts: SocketOptions,
    ) -> Option<SocketId> {
        self.mgr_ref(mid)?;
        let next = self.sockets.free.last().copied();
        let sid = SocketId::from(next.unwrap_or(self.sockets.items.len() as u32));
        let got = self
            .sockets
            .insert((mid, SocketCore::new(sid, mid, nsp, opts)));
        debug_assert_eq!(got, sid.get());
        if let Some(m) = self.mgr(mid) {
            m.sockets.push(sid);
        }
        Some(sid)
    }

    fn with_socket_quiet(
        &mut self,
        sid: SocketId,
        now: f64,
        f: impl FnOnce(&mut SocketCore, &mut Manager, f64),
    ) -> Option<ManagerId> {
        let (mid, s) = self.sockets.get_mut(sid.get())?;
        let m = self.managers.get_mut(mid.get())?;
        f(s, &mut m.core, now);
        let mid = *mid;
        self.drain_socket(sid);
        Some(mid)
    }

    /// Moves what a socket left ([`SocketCore::poll`]) to the client's commands; not
    /// generic, so it exists once in the binary.
    #[inline(never)]
    fn drain_socket(&mut self, sid: SocketId) {
        if let Some((_, s)) = self.sockets.get_mut(sid.get()) {
            s.drain_into(&mut self.out);
        }
    }

    /// Runs `f` on a socket and its manager, then handles what the manager produced.
    pub fn with_socket(
        &mut self,
        sid: SocketId,
        now: f64,
        f: impl FnOnce(&mut SocketCore, &mut Manager, f64),
    ) {
        if let Some(mid) = self.with_socket_quiet(sid, now, f) {
            self.pump(mid, now);
        }
    }

    fn release_if_idle(&mut self, mid: ManagerId, now: f64) {
        if !self.socket_cores(mid).any(|(_, s)| s.active()) {
            self.with_manager(mid, now, Manager::close);
        }
    }

    /// `socket.connect()`.
    pub fn connect(&mut self, sid: SocketId, now: f64) {
        self.with_socket(sid, now, |s, m, now| s.connect(m, now));
    }

    /// `socket.disconnect()`: leaves the namespace; the connection closes when no socket
    /// uses it any more.
    pub fn disconnect(&mut self, sid: SocketId, now: f64) {
        let mut connected = false;
        let Some(mid) = self.with_socket_quiet(sid, now, |s, m, now| {
            connected = s.leave(m, now);
        }) else {
            return;
        };
        self.pump(mid, now);
        self.release_if_idle(mid, now);
        if connected {
            self.with_socket(sid, now, |s, m, now| {
                s.on_close(m, now, DisconnectReason::IoClientDisconnect, Details::None)
            });
        }
    }

    /// Sends the socket's CONNECT with `auth` (JSON), as the host computed it.
    pub fn join(&mut self, sid: SocketId, auth: Option<&str>, now: f64) {
        self.with_socket(sid, now, |s, m, now| s.join(m, now, auth));
    }

    /// An emit.
    pub fn emit(&mut self, sid: SocketId, e: Emit, now: f64) {
        self.with_socket(sid, now, |s, m, now| s.emit(m, now, e));
    }

    /// Answers the server's ack request `id`.
    pub fn send_ack(&mut self, sid: SocketId, id: u64, json: String, atts: Vec<Vec<u8>>, now: f64) {
        self.with_socket(sid, now, |s, m, now| s.send_ack(m, now, id, json, atts));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::AckFailure;
    use crate::engine::{Input, Io};
    use crate::socket::{AckMode, Flags};
    use crate::test_host::{keep_parsed, sent};

    const OPEN: &str =
        r#"0{"sid":"e1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000}"#;

    /// A client with one manager (WebSocket only) and one socket for `/`.
    struct Page {
        c: Client,
        mid: ManagerId,
        sid: SocketId,
        tid: u32,
        now: f64,
        /// The host's held payloads (their text; a real host keeps the parsed value).
        held: alloc::collections::BTreeMap<u32, String>,
    }

    /// The transport id of a WebSocket the commands open.
    fn opened_websocket(cmds: &[Cmd]) -> Option<u32> {
        cmds.iter().find_map(|c| match c {
            Cmd::Io(_, Io::OpenWebSocket { transport, .. }) => Some(*transport),
            _ => None,
        })
    }

    /// The manager closes, then the socket reports `disconnect` with `reason` (socket.io-client
    /// destroys the socket, which closes the idle connection, before `onclose`).
    fn assert_closed_then_disconnected(p: &Page, cmds: &[Cmd], reason: &'static str) {
        let fired: Vec<_> = fired(cmds)
            .into_iter()
            .filter(|(t, _)| !matches!(t, Target::Engine(_)))
            .collect();
        assert_eq!(
            fired,
            vec![
                (Target::Manager(p.mid), "close"),
                (Target::Socket(p.sid), "disconnect")
            ]
        );
        let arg = Arg::Close(reason, Details::None);
        assert!(cmds.contains(&Cmd::Fire(Target::Socket(p.sid), "disconnect", arg)));
    }

    fn fired(cmds: &[Cmd]) -> Vec<(Target, &'static str)> {
        cmds.iter()
            .filter_map(|c| match c {
                Cmd::Fire(t, e, _) => Some((*t, *e)),
                _ => None,
            })
            .collect()
    }

    impl Page {
        fn new(opts: SocketOptions) -> Page {
            let mut c = Client::new();
            let engine = EngineConfig {
                authority: "h:1".into(),
                transports: vec![TransportKind::WebSocket],
                ..EngineConfig::default()
            };
            let mid = c.new_manager(ManagerConfig::default(), engine, 7);
            let sid = c
                .new_socket(mid, "/".into(), opts)
                .expect("the manager exists");
            let mut p = Page {
                c,
                mid,
                sid,
                tid: 0,
                now: 1000.0,
                held: Default::default(),
            };
            p.c.connect(sid, p.now);
            p.tid = opened_websocket(&p.take()).expect("a WebSocket is opened");
            p
        }

        fn take(&mut self) -> Vec<Cmd> {
            self.c.poll_cmds()
        }

        /// A text frame from the server, then the microtask that delivers its packets; plays
        /// the host's part for held payloads (keeps their text, reports offsets).
        fn server(&mut self, text: &str) -> Vec<Cmd> {
            let (tid, now) = (self.tid, self.now);
            self.c.with_manager(self.mid, now, |m, now| {
                m.handle(tid, Input::Text(text.into()), now)
            });
            let mut cmds = self.take();
            keep_parsed(text, &cmds, &mut self.held);
            if cmds.iter().any(|c| matches!(c, Cmd::Deliver(_))) {
                while self.c.deliver(self.mid, now) {}
                let delivered = self.take();
                for c in &delivered {
                    if let Cmd::Event {
                        payload,
                        ack: None,
                        recovering: true,
                        ..
                    } = c
                    {
                        let json = &self.held[payload];
                        if let Some(at) = json.rfind(",\"") {
                            let offset = json[at + 2..json.len() - 2].to_owned();
                            self.c.set_offset(self.sid, offset);
                        }
                    }
                }
                cmds.extend(delivered);
            }
            cmds
        }

        /// The text of a held payload.
        fn payload(&self, id: u32) -> &str {
            &self.held[&id]
        }

        /// The WebSocket opens and the handshake arrives; the socket is asked to join, and
        /// joins with `auth`. Returns the frames the client sent.
        fn open_session(&mut self, auth: Option<&str>) -> Vec<String> {
            let (tid, now) = (self.tid, self.now);
            self.c
                .with_manager(self.mid, now, |m, now| m.handle(tid, Input::Open, now));
            let cmds = self.server(OPEN);
            assert!(cmds.contains(&Cmd::Join(self.sid)), "{cmds:?}");
            self.c.join(self.sid, auth, now);
            sent(&self.take())
        }

        /// Opens the session and joins `/` (the server answers `sid_json`); returns the frames
        /// the client sent.
        fn connect(&mut self, sid_json: &str) -> Vec<String> {
            let out = self.open_session(None);
            let cmds = self.server(&["40", sid_json].concat());
            assert!(fired(&cmds).contains(&(Target::Socket(self.sid), "connect")));
            out
        }

        fn emit(&mut self, handle: u32, json: &str, ack: AckMode, flags: Flags) -> Vec<Cmd> {
            let e = Emit {
                handle,
                json: json.into(),
                attachments: Vec::new(),
                ack,
                flags,
            };
            self.c.emit(self.sid, e, self.now);
            self.take()
        }
    }

    #[test]
    fn a_socket_call_leaves_its_commands_in_order_in_the_client_and_none_in_the_socket() {
        let mut p = Page::new(SocketOptions::default());
        p.connect(r#"{"sid":"s1"}"#);
        // An ack a socket waits for, then the server's DISCONNECT: the socket fires
        // `disconnect` and fails the ack, in that order (socket.io-client's onclose).
        let handle = 5;
        p.emit(handle, r#"["a"]"#, AckMode::Callback, Flags::default());
        let cmds = p.server("41");
        let disconnect = cmds
            .iter()
            .position(|c| matches!(c, Cmd::Fire(Target::Socket(_), "disconnect", _)));
        let failed = cmds
            .iter()
            .position(|c| matches!(c, Cmd::AckError { handle: 5, .. }));
        assert!(disconnect.is_some() && disconnect < failed, "{cmds:?}");
        let s = &mut p.c.sockets.get_mut(p.sid.get()).unwrap().1;
        assert!(s.poll().is_empty(), "the client drained the socket");
    }

    #[test]
    fn joins_after_the_handshake_and_fires_connect() {
        let mut p = Page::new(SocketOptions::default());
        assert_eq!(p.connect(r#"{"sid":"s1"}"#), vec!["40"]);
        let s = p.c.socket(p.sid).unwrap();
        assert!(s.connected() && s.active());
        assert_eq!(s.id(), Some("s1"));
    }

    #[test]
    fn emits_while_disconnected_wait_in_order_and_volatile_ones_are_dropped() {
        let mut p = Page::new(SocketOptions::default());
        let none = Flags::default();
        assert!(sent(&p.emit(1, r#"["a",1]"#, AckMode::None, none)).is_empty());
        let volatile = Flags {
            volatile: true,
            ..none
        };
        assert_eq!(
            p.emit(2, r#"["v"]"#, AckMode::None, volatile),
            vec![Cmd::Release(2)]
        );
        p.emit(3, r#"["b"]"#, AckMode::Callback, none);
        let buffered: Vec<_> = p.c.socket(p.sid).unwrap().send_buffer().collect();
        assert_eq!(buffered, vec![(1, None), (3, Some(0))]);

        p.open_session(None);
        let cmds = p.server(r#"40{"sid":"s1"}"#);
        // Flushed in order, each announced to the outgoing listeners first, then `connect`.
        assert_eq!(sent(&cmds), vec![r#"42["a",1]"#, r#"420["b"]"#]);
        let order: Vec<_> = cmds
            .iter()
            .filter(|c| matches!(c, Cmd::Outgoing { .. } | Cmd::Fire(..)))
            .collect();
        assert!(matches!(
            order.as_slice(),
            [
                Cmd::Outgoing {
                    handle: 1,
                    release: true,
                    ..
                },
                Cmd::Outgoing {
                    handle: 3,
                    release: false,
                    ..
                },
                Cmd::Fire(_, "connect", _)
            ]
        ));
        // The ack arrives.
        let cmds = p.server(r#"430["ok"]"#);
        let ack = cmds.iter().find_map(|c| match c {
            Cmd::Ack {
                socket,
                handle: 3,
                payload,
                err_first: false,
            } if *socket == p.sid => Some(*payload),
            _ => None,
        });
        assert_eq!(p.payload(ack.expect("acked")), r#"["ok"]"#);
    }

    #[test]
    fn an_ack_timeout_fails_the_ack_error_first() {
        let mut p = Page::new(SocketOptions::default());
        p.connect(r#"{"sid":"s1"}"#);
        let flags = Flags {
            timeout: Some(100.0),
            ..Flags::default()
        };
        let cmds = p.emit(5, r#"["slow"]"#, AckMode::Callback, flags);
        assert_eq!(sent(&cmds), vec![r#"420["slow"]"#]);
        assert!(cmds.contains(&Cmd::Timer(p.mid, 100.0)), "{cmds:?}");
        p.c.tick(p.mid, p.now + 99.0);
        assert!(!p.take().iter().any(|c| matches!(c, Cmd::AckError { .. })));
        p.c.tick(p.mid, p.now + 100.0);
        assert!(p.take().contains(&Cmd::AckError {
            socket: p.sid,
            handle: 5,
            failure: AckFailure::TimedOut,
            report: true,
        }));
        // A late ack is ignored.
        assert!(!p
            .server(r#"430["late"]"#)
            .iter()
            .any(|c| matches!(c, Cmd::Ack { .. })));
    }

    #[test]
    fn client_disconnect_closes_the_connection_first_then_reports() {
        let mut p = Page::new(SocketOptions::default());
        p.connect(r#"{"sid":"s1"}"#);
        p.emit(9, r#"["x"]"#, AckMode::Promise, Flags::default());
        p.emit(10, r#"["y"]"#, AckMode::Callback, Flags::default());
        p.c.disconnect(p.sid, p.now);
        let cmds = p.take();
        assert_eq!(sent(&cmds), vec!["41"]);
        assert_closed_then_disconnected(&p, &cmds, "io client disconnect");
        // `emitWithAck`'s promise is rejected; a plain callback is dropped silently (as
        // socket.io-client does).
        assert!(cmds.contains(&Cmd::AckError {
            socket: p.sid,
            handle: 9,
            failure: AckFailure::Disconnected,
            report: true,
        }));
        assert!(cmds.contains(&Cmd::AckError {
            socket: p.sid,
            handle: 10,
            failure: AckFailure::Disconnected,
            report: false,
        }));
        assert!(!p.c.socket(p.sid).unwrap().active());
    }

    #[test]
    fn server_disconnect_and_connect_error() {
        let mut p = Page::new(SocketOptions::default());
        p.connect(r#"{"sid":"s1"}"#);
        let cmds = p.server("41");
        assert_closed_then_disconnected(&p, &cmds, "io server disconnect");

        let mut p = Page::new(SocketOptions::default());
        p.open_session(None);
        let cmds = p.server(r#"44{"message":"nope","data":{"code":7}}"#);
        let refused = cmds.iter().find_map(|c| match c {
            Cmd::Fire(Target::Socket(s), "connect_error", Arg::ConnectError(id)) if *s == p.sid => {
                Some(*id)
            }
            _ => None,
        });
        assert_eq!(
            p.payload(refused.expect("refused")),
            r#"{"message":"nope","data":{"code":7}}"#
        );
        assert!(!p.c.socket(p.sid).unwrap().active());
    }

    #[test]
    fn events_before_connect_wait_in_the_receive_buffer() {
        let mut p = Page::new(SocketOptions::default());
        p.open_session(None);
        let cmds = p.server(r#"42["early",1]"#);
        assert!(!cmds.iter().any(|c| matches!(c, Cmd::Event { .. })));
        let early: Vec<_> = p.c.socket(p.sid).unwrap().receive_buffer().collect();
        assert_eq!(early.len(), 1);
        assert_eq!(p.payload(early[0].0), r#"["early",1]"#);
        let cmds = p.server(r#"40{"sid":"s1"}"#);
        let i = cmds
            .iter()
            .position(|c| matches!(c, Cmd::Event { .. }))
            .unwrap();
        let j = cmds
            .iter()
            .position(|c| matches!(c, Cmd::Fire(_, "connect", _)))
            .unwrap();
        assert!(i < j, "buffered events come before connect");
        // An event asking for an ack, and the answer.
        let cmds = p.server(r#"427["ask"]"#);
        let asked = cmds.iter().find_map(|c| match c {
            Cmd::Event {
                socket,
                payload,
                ack: Some(7),
                recovering: false,
            } if *socket == p.sid => Some(*payload),
            _ => None,
        });
        assert_eq!(p.payload(asked.expect("delivered")), r#"["ask"]"#);
        p.c.send_ack(p.sid, 7, r#"["yes"]"#.into(), Vec::new(), p.now);
        assert_eq!(sent(&p.take()), vec![r#"437["yes"]"#]);
    }

    #[test]
    fn retries_resend_until_acked_then_give_up() {
        let opts = SocketOptions {
            ack_timeout: Some(50.0),
            retries: Some(2),
        };
        let mut p = Page::new(opts);
        p.connect(r#"{"sid":"s1"}"#);
        let cmds = p.emit(4, r#"["job"]"#, AckMode::Callback, Flags::default());
        assert_eq!(sent(&cmds), vec![r#"420["job"]"#]);
        // A second emit waits for the first (one packet in flight).
        assert!(sent(&p.emit(6, r#"["next"]"#, AckMode::None, Flags::default())).is_empty());
        p.c.tick(p.mid, p.now + 50.0);
        assert_eq!(sent(&p.take()), vec![r#"421["job"]"#]);
        p.c.tick(p.mid, p.now + 100.0);
        assert_eq!(sent(&p.take()), vec![r#"422["job"]"#]);
        p.c.tick(p.mid, p.now + 150.0);
        let cmds = p.take();
        assert!(cmds.contains(&Cmd::AckError {
            socket: p.sid,
            handle: 4,
            failure: AckFailure::TimedOut,
            report: true,
        }));
        // Then the next one goes; its ack completes it (released: no callback).
        assert_eq!(sent(&cmds), vec![r#"423["next"]"#]);
        let cmds = p.server(r#"433[]"#);
        assert!(cmds.contains(&Cmd::Release(6)));
    }

    #[test]
    fn recovery_sends_pid_and_offset_and_reports_recovered() {
        let mut p = Page::new(SocketOptions::default());
        p.connect(r#"{"sid":"s1","pid":"p1"}"#);
        p.server(r#"42["news",1,"off-1"]"#);
        // The connection drops; the manager reconnects after its backoff.
        let (tid, now) = (p.tid, p.now);
        p.c.with_manager(p.mid, now, |m, now| {
            m.handle(tid, Input::Closed(Some("gone".into())), now)
        });
        p.take();
        p.now += 10_000.0;
        p.c.tick(p.mid, p.now);
        p.tid = opened_websocket(&p.take()).expect("reconnecting");
        assert_eq!(
            p.open_session(Some(r#"{"token":"t","pid":"mine"}"#)),
            vec![r#"40{"pid":"p1","offset":"off-1","token":"t","pid":"mine"}"#]
        );
        p.server(r#"40{"sid":"s2","pid":"p1"}"#);
        assert!(p.c.socket(p.sid).unwrap().recovered());
    }
}
