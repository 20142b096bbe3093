//! The Engine.IO client session, as a state machine with no I/O ("sans-IO").
//!
//! The runtime feeds it what happened — a transport opened, a frame or a polling response
//! arrived, a request failed, time passed — and performs the [`Action`]s it asks for: open a
//! WebSocket, issue a GET or a POST, close a transport, report events to the manager. It never
//! calls out while it runs, so no callback can re-enter it, and it is tested natively.
//!
//! Behaviour follows engine.io-client 6 (socket.io-client 4.8): the heartbeat is the server's
//! ping answered by a pong, with the deadline checked against wall-clock time; at most one GET
//! and one POST in flight; batches bounded by `maxPayload`; the polling → WebSocket upgrade with
//! the `2probe` / `3probe` / `5` sequence; pending writes drained before a forced close.

use crate::prelude::*;
use crate::protocol::engine::{
    batch_len, decode_payload, encode_payload, Data, Handshake, Packet, PacketType,
};

/// A transport kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    /// HTTP long-polling.
    Polling,
    /// WebSocket.
    WebSocket,
}

impl TransportKind {
    /// The name used on the wire and in options (`"polling"`, `"websocket"`).
    pub fn name(self) -> &'static str {
        match self {
            TransportKind::Polling => "polling",
            TransportKind::WebSocket => "websocket",
        }
    }

    /// The kind for a name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "polling" => Some(TransportKind::Polling),
            "websocket" => Some(TransportKind::WebSocket),
            _ => None,
        }
    }
}

/// Why a session closed: the reasons socket.io-client reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseReason {
    /// The server closed the transport, or the network went away.
    TransportClose,
    /// The transport failed.
    TransportError,
    /// No ping from the server within `pingInterval + pingTimeout`.
    PingTimeout,
    /// The server sent something that could not be decoded.
    ParseError,
    /// The client closed the session.
    ForcedClose,
}

impl CloseReason {
    /// The reason string socket.io-client uses.
    pub fn as_str(self) -> &'static str {
        match self {
            CloseReason::TransportClose => "transport close",
            CloseReason::TransportError => "transport error",
            CloseReason::PingTimeout => "ping timeout",
            CloseReason::ParseError => "parse error",
            CloseReason::ForcedClose => "forced close",
        }
    }
}

/// A message frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// Text.
    Text(String),
    /// Bytes.
    Binary(Vec<u8>),
}

/// What the runtime must do for the engine.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Open a WebSocket to `url` (for `transport`).
    OpenWebSocket {
        /// Transport id, quoted back in the events of this WebSocket.
        transport: u32,
        /// Full URL.
        url: String,
    },
    /// Send frames on a WebSocket.
    SendFrames {
        /// Transport id.
        transport: u32,
        /// Frames, in order.
        frames: Vec<Frame>,
    },
    /// Issue a polling GET; report with [`Engine::on_poll`].
    Get {
        /// Transport id.
        transport: u32,
        /// Full URL.
        url: String,
    },
    /// Issue a polling POST; report with [`Engine::on_post`].
    Post {
        /// Transport id.
        transport: u32,
        /// Full URL.
        url: String,
        /// Request body (a polling payload).
        body: String,
    },
    /// Close the WebSocket / abort the requests of a transport; report nothing more for it.
    CloseTransport {
        /// Transport id.
        transport: u32,
    },
    /// The session is open.
    Opened(Handshake),
    /// A message for the layer above.
    Message(Frame),
    /// The server pinged (the pong is already queued).
    Ping,
    /// The session moved to another transport.
    Upgraded(TransportKind),
    /// The session closed; nothing more will happen until [`Engine::open`].
    Closed {
        /// Why.
        reason: CloseReason,
        /// Details, when there are any.
        description: Option<String>,
    },
    /// An error before or while closing (reported to `error` listeners).
    Error(String),
}

/// How to reach the server.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineConfig {
    /// `host:port` (brackets around an IPv6 host).
    pub authority: String,
    /// TLS (`https:` / `wss:`).
    pub secure: bool,
    /// Path, with its trailing slash (`/socket.io/`).
    pub path: String,
    /// Extra query parameters, already URL-encoded, without the leading `&` (may be empty).
    pub query: String,
    /// Transports to use, in order of preference.
    pub transports: Vec<TransportKind>,
    /// Upgrade polling to WebSocket when the server offers it.
    pub upgrade: bool,
    /// Start with WebSocket when a previous session upgraded to it (see `prior_websocket`).
    pub remember_upgrade: bool,
    /// Whether a previous session's WebSocket worked (kept by the runtime across sessions).
    pub prior_websocket: bool,
    /// On a failure while opening, try the next transport in the list.
    pub try_all_transports: bool,
    /// Add a `t=` cache-busting parameter to polling requests.
    pub timestamp_requests: bool,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            authority: String::new(),
            secure: false,
            path: "/socket.io/".into(),
            query: String::new(),
            transports: vec![TransportKind::Polling, TransportKind::WebSocket],
            upgrade: true,
            remember_upgrade: false,
            prior_websocket: false,
            try_all_transports: false,
            timestamp_requests: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Closed,
    Opening,
    Open,
    /// A forced close waits for the write buffer to drain.
    Closing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// WebSocket connecting.
    Connecting,
    /// Usable.
    Open,
    /// Polling: stop polling and writing, then upgrade.
    Pausing,
    /// Polling: paused, waiting for the upgrade to finish.
    Paused,
}

#[derive(Debug, Clone)]
struct Transport {
    id: u32,
    kind: TransportKind,
    phase: Phase,
    get_in_flight: bool,
    post_in_flight: bool,
}

/// The Engine.IO client session.
#[derive(Debug)]
pub struct Engine {
    cfg: EngineConfig,
    transports: Vec<TransportKind>,
    state: State,
    handshake: Option<Handshake>,
    active: Option<Transport>,
    probe: Option<Transport>,
    next_id: u32,
    /// Packets waiting to be written.
    buffer: Vec<Packet<'static>>,
    /// Packets handed to an in-flight POST.
    in_flight: usize,
    /// Wall-clock time (ms) after which the session is dead without a ping.
    ping_deadline: f64,
    stamp: u64,
    websocket_succeeded: bool,
    out: Vec<Action>,
}

fn push_query(url: &mut String, key: &str, value: &str) {
    url.push(if crate::protocol::find_byte(url, b'?').is_some() {
        '&'
    } else {
        '?'
    });
    url.push_str(key);
    url.push('=');
    url.push_str(value);
}

impl Engine {
    /// A closed engine; [`Engine::open`] starts a session.
    pub fn new(cfg: EngineConfig) -> Self {
        let transports = cfg.transports.clone();
        Engine {
            cfg,
            transports,
            state: State::Closed,
            handshake: None,
            active: None,
            probe: None,
            next_id: 0,
            buffer: Vec::new(),
            in_flight: 0,
            ping_deadline: 0.0,
            stamp: 0,
            websocket_succeeded: false,
            out: Vec::new(),
        }
    }

    /// The actions to perform, in order (drains them).
    pub fn take_actions(&mut self) -> Vec<Action> {
        core::mem::take(&mut self.out)
    }

    /// The session id, once open.
    pub fn sid(&self) -> Option<&str> {
        self.handshake.as_ref().map(|h| h.sid.as_str())
    }

    /// The handshake, once open.
    pub fn handshake(&self) -> Option<&Handshake> {
        self.handshake.as_ref()
    }

    /// Whether the session is open.
    pub fn is_open(&self) -> bool {
        self.state == State::Open
    }

    /// The transport in use.
    pub fn transport(&self) -> Option<TransportKind> {
        self.active.as_ref().map(|t| t.kind)
    }

    /// Whether a WebSocket has carried this session (for `rememberUpgrade`).
    pub fn websocket_succeeded(&self) -> bool {
        self.websocket_succeeded
    }

    /// Whether a packet written now would go out at once (socket.io-client's
    /// `transport.writable`, used to drop `volatile` emits).
    pub fn writable(&self) -> bool {
        match &self.active {
            Some(t) if self.state == State::Open && t.phase == Phase::Open => match t.kind {
                TransportKind::WebSocket => true,
                TransportKind::Polling => !t.post_in_flight,
            },
            _ => false,
        }
    }

    /// Wall-clock time (ms) at which [`Engine::tick`] must be called, if any.
    pub fn deadline(&self) -> Option<f64> {
        (self.state == State::Open || self.state == State::Closing).then_some(self.ping_deadline)
    }

    /// Whether the ping deadline has passed at `now`; if so the session closes with
    /// "ping timeout" (socket.io-client checks this before every emit).
    pub fn ping_expired(&mut self, now: f64) -> bool {
        if self.state == State::Open && now > self.ping_deadline {
            self.on_close(CloseReason::PingTimeout, None);
            return true;
        }
        false
    }

    fn url(&mut self, kind: TransportKind, sid: Option<&str>) -> String {
        let scheme = match (kind, self.cfg.secure) {
            (TransportKind::Polling, false) => "http",
            (TransportKind::Polling, true) => "https",
            (TransportKind::WebSocket, false) => "ws",
            (TransportKind::WebSocket, true) => "wss",
        };
        let mut url = String::with_capacity(64);
        url.push_str(scheme);
        url.push_str("://");
        url.push_str(&self.cfg.authority);
        url.push_str(&self.cfg.path);
        push_query(&mut url, "EIO", "4");
        push_query(&mut url, "transport", kind.name());
        if let Some(sid) = sid {
            push_query(&mut url, "sid", sid);
        }
        if !self.cfg.query.is_empty() {
            url.push('&');
            url.push_str(&self.cfg.query);
        }
        if kind == TransportKind::Polling && self.cfg.timestamp_requests {
            self.stamp += 1;
            let mut t = String::new();
            crate::protocol::socketio::push_u64(&mut t, self.stamp);
            push_query(&mut url, "t", &t);
        }
        url
    }

    fn new_transport(&mut self, kind: TransportKind) -> Transport {
        self.next_id += 1;
        Transport {
            id: self.next_id,
            kind,
            phase: match kind {
                TransportKind::WebSocket => Phase::Connecting,
                TransportKind::Polling => Phase::Open,
            },
            get_in_flight: false,
            post_in_flight: false,
        }
    }

    /// Starts a session (does nothing when one is opening or open).
    pub fn open(&mut self, now: f64) {
        if self.state != State::Closed {
            return;
        }
        let Some(&first) = self.transports.first() else {
            self.out
                .push(Action::Error("No transports available".into()));
            return;
        };
        let kind = if self.cfg.remember_upgrade
            && self.cfg.prior_websocket
            && self.transports.contains(&TransportKind::WebSocket)
        {
            TransportKind::WebSocket
        } else {
            first
        };
        self.state = State::Opening;
        self.handshake = None;
        self.buffer.clear();
        self.in_flight = 0;
        self.ping_deadline = now;
        let t = self.new_transport(kind);
        self.active = Some(t.clone());
        self.start(&t);
    }

    fn start(&mut self, t: &Transport) {
        let sid = if self.state == State::Open {
            self.handshake.as_ref().map(|h| h.sid.clone())
        } else {
            None
        };
        let url = self.url(t.kind, sid.as_deref());
        self.out.push(match t.kind {
            TransportKind::WebSocket => Action::OpenWebSocket {
                transport: t.id,
                url,
            },
            TransportKind::Polling => Action::Get {
                transport: t.id,
                url,
            },
        });
        if t.kind == TransportKind::Polling {
            if let Some(a) = self.active.as_mut().filter(|a| a.id == t.id) {
                a.get_in_flight = true;
            }
        }
    }

    /// Queues a packet (normally a `message`) and writes what the transport can take now.
    pub fn send(&mut self, packet: Packet<'static>) {
        if matches!(self.state, State::Opening | State::Open) {
            self.buffer.push(packet);
            self.flush();
        }
    }

    /// Queues a `message` carrying Socket.IO text.
    pub fn send_text(&mut self, text: String) {
        self.send(Packet::text(PacketType::Message, text));
    }

    /// Queues a `message` carrying bytes (a binary attachment).
    pub fn send_binary(&mut self, bytes: Vec<u8>) {
        self.send(Packet::binary(bytes));
    }

    fn flush(&mut self) {
        if self.state == State::Closed || self.buffer.is_empty() {
            return;
        }
        let sid = self.handshake.as_ref().map(|h| h.sid.clone());
        let Some(t) = self.active.as_mut() else {
            return;
        };
        if t.phase != Phase::Open || sid.is_none() {
            return;
        }
        match t.kind {
            TransportKind::WebSocket => {
                let id = t.id;
                let frames = self
                    .buffer
                    .drain(..)
                    .map(|p| match p.data {
                        Data::Binary(b) => Frame::Binary(b.into_owned()),
                        Data::Text(_) => Frame::Text(p.to_text()),
                    })
                    .collect();
                self.out.push(Action::SendFrames {
                    transport: id,
                    frames,
                });
                self.drained();
            }
            TransportKind::Polling => {
                if t.post_in_flight {
                    return;
                }
                t.post_in_flight = true;
                let id = t.id;
                let max = self
                    .handshake
                    .as_ref()
                    .map_or(0, |h| usize::try_from(h.max_payload).unwrap_or(usize::MAX));
                let n = batch_len(&self.buffer, max);
                let body = encode_payload(self.buffer.get(..n).unwrap_or(&[]));
                self.in_flight = n;
                let url = self.url(TransportKind::Polling, sid.as_deref());
                self.out.push(Action::Post {
                    transport: id,
                    url,
                    body,
                });
            }
        }
    }

    /// Called when the write buffer is empty: finishes a pending forced close.
    fn drained(&mut self) {
        if self.state == State::Closing && self.buffer.is_empty() && self.probe.is_none() {
            self.finish_forced_close();
        }
    }

    /// A WebSocket opened.
    pub fn on_open(&mut self, transport: u32) {
        if let Some(p) = self.probe.as_mut().filter(|p| p.id == transport) {
            p.phase = Phase::Open;
            let id = p.id;
            self.out.push(Action::SendFrames {
                transport: id,
                frames: vec![Frame::Text("2probe".into())],
            });
        } else if let Some(a) = self.active.as_mut().filter(|a| a.id == transport) {
            a.phase = Phase::Open;
        }
    }

    /// A WebSocket text frame arrived.
    pub fn on_text(&mut self, transport: u32, text: &str, now: f64) {
        if self.probe.as_ref().is_some_and(|p| p.id == transport) {
            self.on_probe_frame(text);
            return;
        }
        if !self.is_active(transport) {
            return;
        }
        match Packet::decode_text(text) {
            Ok(p) => self.on_packet(p, now),
            Err(_) => self.on_decode_error("parser error".into()),
        }
    }

    /// A WebSocket binary frame arrived.
    pub fn on_binary(&mut self, transport: u32, bytes: Vec<u8>, now: f64) {
        if self.is_active(transport) {
            self.on_packet(Packet::binary(bytes), now);
        }
    }

    fn is_active(&self, transport: u32) -> bool {
        self.state != State::Closed && self.active.as_ref().is_some_and(|a| a.id == transport)
    }

    /// A polling GET finished: its body, or why it failed.
    pub fn on_poll(&mut self, transport: u32, result: Result<String, String>, now: f64) {
        if !self.is_active(transport) {
            return;
        }
        if let Some(a) = self.active.as_mut() {
            a.get_in_flight = false;
        }
        let body = match result {
            Ok(b) => b,
            Err(e) => return self.on_transport_error(transport, e),
        };
        for packet in decode_payload(&body) {
            match packet {
                Ok(p) => {
                    let close = p.kind == PacketType::Close;
                    self.on_packet(p.into_owned(), now);
                    if close || self.state == State::Closed {
                        return;
                    }
                }
                Err(_) => return self.on_decode_error("parser error".into()),
            }
        }
        self.after_poll();
    }

    fn after_poll(&mut self) {
        let Some(a) = self.active.as_mut() else {
            return;
        };
        match a.phase {
            Phase::Open if matches!(self.state, State::Open | State::Closing) => {
                let t = a.clone();
                self.start(&t);
            }
            Phase::Pausing => self.try_pause(),
            _ => {}
        }
    }

    /// A polling POST finished.
    pub fn on_post(&mut self, transport: u32, result: Result<(), String>) {
        if !self.is_active(transport) {
            return;
        }
        if let Err(e) = result {
            return self.on_transport_error(transport, e);
        }
        if let Some(a) = self.active.as_mut() {
            a.post_in_flight = false;
        }
        let n = self.in_flight.min(self.buffer.len());
        self.buffer.drain(..n);
        self.in_flight = 0;
        if self.buffer.is_empty() {
            self.drained();
        }
        if self
            .active
            .as_ref()
            .is_some_and(|a| a.phase == Phase::Pausing)
        {
            self.try_pause();
        } else {
            self.flush();
        }
    }

    /// A transport failed (WebSocket error, request error).
    pub fn on_transport_error(&mut self, transport: u32, message: String) {
        if self.probe.as_ref().is_some_and(|p| p.id == transport) {
            self.fail_probe(message);
            return;
        }
        if !self.is_active(transport) {
            return;
        }
        if self.state == State::Opening && self.cfg.try_all_transports && self.transports.len() > 1
        {
            self.out.push(Action::CloseTransport { transport });
            self.transports.remove(0);
            self.state = State::Closed;
            self.active = None;
            let now = self.ping_deadline;
            self.open(now);
            return;
        }
        self.out.push(Action::Error(message.clone()));
        self.on_close(CloseReason::TransportError, Some(message));
    }

    /// A WebSocket closed.
    pub fn on_transport_close(&mut self, transport: u32, description: Option<String>) {
        if self.probe.as_ref().is_some_and(|p| p.id == transport) {
            self.fail_probe("transport closed".into());
            return;
        }
        if self.is_active(transport) {
            self.on_close(CloseReason::TransportClose, description);
        }
    }

    /// The network went away (the window's `offline` event).
    pub fn offline(&mut self) {
        if self.state != State::Closed {
            self.on_close(
                CloseReason::TransportClose,
                Some("network connection lost".into()),
            );
        }
    }

    /// Time passed: closes the session if the server stopped pinging.
    pub fn tick(&mut self, now: f64) {
        if matches!(self.state, State::Open | State::Closing) && now > self.ping_deadline {
            self.on_close(CloseReason::PingTimeout, None);
        }
    }

    /// Closes the session from this side, after writing what is queued ("forced close").
    pub fn close(&mut self) {
        match self.state {
            State::Opening => self.finish_forced_close(),
            State::Open => {
                self.state = State::Closing;
                if self.buffer.is_empty() && self.probe.is_none() {
                    self.finish_forced_close();
                }
            }
            State::Closing | State::Closed => {}
        }
    }

    /// Closes the session at once, dropping what is queued ("forced close").
    pub fn abort(&mut self) {
        if self.state != State::Closed {
            self.on_close(CloseReason::ForcedClose, None);
        }
    }

    fn finish_forced_close(&mut self) {
        // A polling transport tells the server with a close packet.
        if let Some(a) = &self.active {
            if a.kind == TransportKind::Polling && self.handshake.is_some() {
                let id = a.id;
                let sid = self.handshake.as_ref().map(|h| h.sid.clone());
                let url = self.url(TransportKind::Polling, sid.as_deref());
                self.out.push(Action::Post {
                    transport: id,
                    url,
                    body: "1".into(),
                });
            }
        }
        self.on_close(CloseReason::ForcedClose, None);
    }

    fn on_decode_error(&mut self, message: String) {
        self.out.push(Action::Error(message.clone()));
        self.on_close(CloseReason::ParseError, Some(message));
    }

    fn on_close(&mut self, reason: CloseReason, description: Option<String>) {
        if self.state == State::Closed {
            return;
        }
        for t in [self.probe.take(), self.active.take()]
            .into_iter()
            .flatten()
        {
            self.out.push(Action::CloseTransport { transport: t.id });
        }
        self.state = State::Closed;
        self.handshake = None;
        self.buffer.clear();
        self.in_flight = 0;
        self.out.push(Action::Closed {
            reason,
            description,
        });
    }

    fn reset_ping(&mut self, now: f64) {
        if let Some(h) = &self.handshake {
            self.ping_deadline = now + (h.ping_interval + h.ping_timeout) as f64;
        }
    }

    fn on_packet(&mut self, packet: Packet<'_>, now: f64) {
        match packet.kind {
            PacketType::Open if self.state == State::Opening => {
                let text = packet.as_text().unwrap_or("");
                match Handshake::parse(text) {
                    Ok(h) => self.on_handshake(h, now),
                    Err(_) => self.on_decode_error("parser error".into()),
                }
            }
            PacketType::Ping => {
                self.reset_ping(now);
                self.out.push(Action::Ping);
                self.buffer.push(Packet::text(PacketType::Pong, ""));
                self.flush();
            }
            PacketType::Message => {
                let frame = match packet.data {
                    Data::Text(t) => Frame::Text(t.into_owned()),
                    Data::Binary(b) => Frame::Binary(b.into_owned()),
                };
                self.out.push(Action::Message(frame));
            }
            PacketType::Close => self.on_close(
                CloseReason::TransportClose,
                Some("transport closed by the server".into()),
            ),
            // noop (during upgrades), pong, upgrade, or a stray open: nothing to do
            _ => {}
        }
    }

    fn on_handshake(&mut self, h: Handshake, now: f64) {
        let upgrade = self.cfg.upgrade
            && h.upgrades.iter().any(|u| u == "websocket")
            && self.transports.contains(&TransportKind::WebSocket);
        self.handshake = Some(h.clone());
        self.state = State::Open;
        self.reset_ping(now);
        let kind = self.active.as_ref().map(|a| a.kind);
        if kind == Some(TransportKind::WebSocket) {
            self.websocket_succeeded = true;
        }
        self.out.push(Action::Opened(h));
        self.flush();
        // The open packet came in a GET: `on_poll` issues the next one. Meanwhile, probe.
        if kind == Some(TransportKind::Polling) && upgrade {
            let p = self.new_transport(TransportKind::WebSocket);
            let sid = self.handshake.as_ref().map(|h| h.sid.clone());
            let url = self.url(TransportKind::WebSocket, sid.as_deref());
            self.out.push(Action::OpenWebSocket {
                transport: p.id,
                url,
            });
            self.probe = Some(p);
        }
    }

    fn on_probe_frame(&mut self, text: &str) {
        if text == "3probe" {
            if let Some(a) = self.active.as_mut() {
                a.phase = Phase::Pausing;
            }
            self.try_pause();
        } else {
            self.fail_probe("probe error".into());
        }
    }

    fn fail_probe(&mut self, _why: String) {
        if let Some(p) = self.probe.take() {
            self.out.push(Action::CloseTransport { transport: p.id });
        }
        if let Some(a) = self.active.as_mut() {
            if matches!(a.phase, Phase::Pausing | Phase::Paused) {
                a.phase = Phase::Open;
                let t = a.clone();
                if !t.get_in_flight {
                    self.start(&t);
                }
            }
        }
        self.flush();
        self.drained();
    }

    /// Polling pauses once its GET and POST are done; then the upgrade completes.
    fn try_pause(&mut self) {
        let Some(a) = self.active.as_mut() else {
            return;
        };
        if a.get_in_flight || a.post_in_flight {
            return;
        }
        a.phase = Phase::Paused;
        let Some(mut p) = self.probe.take() else {
            return;
        };
        if let Some(old) = self.active.take() {
            self.out.push(Action::CloseTransport { transport: old.id });
        }
        p.phase = Phase::Open;
        let id = p.id;
        self.out.push(Action::SendFrames {
            transport: id,
            frames: vec![Frame::Text("5".into())],
        });
        self.active = Some(p);
        self.websocket_succeeded = true;
        self.out.push(Action::Upgraded(TransportKind::WebSocket));
        self.flush();
        self.drained();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPEN: &str = r#"0{"sid":"abc","upgrades":["websocket"],"pingInterval":100,"pingTimeout":50,"maxPayload":30}"#;
    const OPEN_WS: &str =
        r#"0{"sid":"abc","upgrades":[],"pingInterval":100,"pingTimeout":50,"maxPayload":1000}"#;

    fn cfg(transports: &[TransportKind]) -> EngineConfig {
        EngineConfig {
            authority: "127.0.0.1:3000".into(),
            transports: transports.to_vec(),
            timestamp_requests: false,
            ..EngineConfig::default()
        }
    }

    fn ws_engine() -> (Engine, u32) {
        let mut e = Engine::new(cfg(&[TransportKind::WebSocket]));
        e.open(0.0);
        let t = match e.take_actions().as_slice() {
            [Action::OpenWebSocket { transport, url }] => {
                assert_eq!(
                    url,
                    "ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket"
                );
                *transport
            }
            other => panic!("{other:?}"),
        };
        e.on_open(t);
        e.on_text(t, OPEN_WS, 0.0);
        assert!(matches!(e.take_actions().as_slice(), [Action::Opened(h)] if h.sid == "abc"));
        (e, t)
    }

    #[test]
    fn websocket_session_opens_pings_and_sends() {
        let (mut e, t) = ws_engine();
        assert!(e.is_open());
        assert!(e.writable());
        e.on_text(t, "2", 10.0);
        assert_eq!(
            e.take_actions(),
            vec![
                Action::Ping,
                Action::SendFrames {
                    transport: t,
                    frames: vec![Frame::Text("3".into())]
                }
            ]
        );
        e.send_text("2[\"a\"]".into());
        e.send_binary(vec![1, 2]);
        assert_eq!(
            e.take_actions(),
            vec![
                Action::SendFrames {
                    transport: t,
                    frames: vec![Frame::Text("42[\"a\"]".into())]
                },
                Action::SendFrames {
                    transport: t,
                    frames: vec![Frame::Binary(vec![1, 2])]
                }
            ]
        );
        e.on_text(t, "42[\"b\"]", 20.0);
        e.on_binary(t, vec![9], 20.0);
        assert_eq!(
            e.take_actions(),
            vec![
                Action::Message(Frame::Text("2[\"b\"]".into())),
                Action::Message(Frame::Binary(vec![9]))
            ]
        );
    }

    #[test]
    fn ping_timeout_uses_wall_clock() {
        let (mut e, t) = ws_engine();
        assert_eq!(e.deadline(), Some(150.0));
        e.tick(149.0);
        assert!(e.take_actions().is_empty());
        e.on_text(t, "2", 140.0);
        e.take_actions();
        assert_eq!(e.deadline(), Some(290.0));
        // A throttled timer fires late: the wall clock says the session is dead.
        assert!(!e.ping_expired(290.0));
        assert!(e.ping_expired(291.0));
        assert_eq!(
            e.take_actions(),
            vec![
                Action::CloseTransport { transport: t },
                Action::Closed {
                    reason: CloseReason::PingTimeout,
                    description: None
                }
            ]
        );
        assert_eq!(e.deadline(), None);
    }

    #[test]
    fn close_reasons() {
        let (mut e, t) = ws_engine();
        e.on_transport_close(t, None);
        assert!(matches!(
            e.take_actions().last(),
            Some(Action::Closed {
                reason: CloseReason::TransportClose,
                ..
            })
        ));

        let (mut e, t) = ws_engine();
        e.on_transport_error(t, "websocket error".into());
        let a = e.take_actions();
        assert_eq!(a[0], Action::Error("websocket error".into()));
        assert!(matches!(
            a.last(),
            Some(Action::Closed {
                reason: CloseReason::TransportError,
                ..
            })
        ));

        let (mut e, t) = ws_engine();
        e.on_text(t, "9", 0.0);
        assert!(matches!(
            e.take_actions().last(),
            Some(Action::Closed {
                reason: CloseReason::ParseError,
                ..
            })
        ));

        let (mut e, t) = ws_engine();
        e.on_text(t, "1", 0.0);
        assert!(matches!(
            e.take_actions().last(),
            Some(Action::Closed {
                reason: CloseReason::TransportClose,
                ..
            })
        ));

        let (mut e, _) = ws_engine();
        e.offline();
        assert!(matches!(
            e.take_actions().last(),
            Some(Action::Closed { reason: CloseReason::TransportClose, description: Some(d) }) if d == "network connection lost"
        ));

        let (mut e, t) = ws_engine();
        e.close();
        assert_eq!(
            e.take_actions(),
            vec![
                Action::CloseTransport { transport: t },
                Action::Closed {
                    reason: CloseReason::ForcedClose,
                    description: None
                }
            ]
        );
        // Nothing after close; events of the old transport are ignored.
        e.on_text(t, "42[\"late\"]", 0.0);
        e.close();
        assert!(e.take_actions().is_empty());
    }

    #[test]
    fn bad_handshake_is_a_parse_error() {
        let mut e = Engine::new(cfg(&[TransportKind::WebSocket]));
        e.open(0.0);
        e.take_actions();
        e.on_open(1);
        e.on_text(1, "0{\"nosid\":1}", 0.0);
        assert!(matches!(
            e.take_actions().last(),
            Some(Action::Closed {
                reason: CloseReason::ParseError,
                ..
            })
        ));
    }

    fn polling_open() -> Engine {
        let mut e = Engine::new(cfg(&[TransportKind::Polling, TransportKind::WebSocket]));
        e.open(0.0);
        assert_eq!(
            e.take_actions(),
            vec![Action::Get {
                transport: 1,
                url: "http://127.0.0.1:3000/socket.io/?EIO=4&transport=polling".into()
            }]
        );
        e
    }

    #[test]
    fn polling_keeps_one_get_and_one_post_in_flight_and_batches() {
        let mut e = Engine::new(EngineConfig {
            upgrade: false,
            ..cfg(&[TransportKind::Polling])
        });
        e.open(0.0);
        e.take_actions();
        e.on_poll(1, Ok(OPEN.into()), 0.0);
        let a = e.take_actions();
        assert!(matches!(&a[0], Action::Opened(_)));
        assert_eq!(
            a[1],
            Action::Get {
                transport: 1,
                url: "http://127.0.0.1:3000/socket.io/?EIO=4&transport=polling&sid=abc".into()
            }
        );
        assert_eq!(a.len(), 2, "no probe with upgrade: false");
        // First write goes at once; the next ones wait for the POST.
        e.send_text("2[\"one\"]".into());
        e.send_text("2[\"two\"]".into());
        e.send_text("2[\"three\"]".into());
        let a = e.take_actions();
        assert_eq!(a.len(), 1);
        assert!(matches!(&a[0], Action::Post { body, .. } if body == "42[\"one\"]"));
        assert!(!e.writable());
        e.on_post(1, Ok(()));
        // maxPayload 30: "42[\"two\"]" (9) and "42[\"three\"]" (11): 1+8+2+10 = 21 <= 30.
        let a = e.take_actions();
        assert!(
            matches!(&a[..], [Action::Post { body, .. }] if body == "42[\"two\"]\u{1e}42[\"three\"]")
        );
        // A poll with a ping and a message; the pong is written after the POST completes.
        e.on_poll(1, Ok("2\u{1e}42[\"hi\"]".into()), 10.0);
        let a = e.take_actions();
        assert_eq!(a[0], Action::Ping);
        assert_eq!(a[1], Action::Message(Frame::Text("2[\"hi\"]".into())));
        assert!(matches!(&a[2], Action::Get { .. }));
        assert_eq!(a.len(), 3);
        e.on_post(1, Ok(()));
        assert!(matches!(&e.take_actions()[..], [Action::Post { body, .. }] if body == "3"));
    }

    #[test]
    fn polling_errors_close_with_transport_error() {
        let mut e = polling_open();
        e.on_poll(1, Ok(OPEN.into()), 0.0);
        e.take_actions();
        e.on_poll(1, Err("xhr poll error".into()), 0.0);
        let a = e.take_actions();
        assert!(matches!(
            a.last(),
            Some(Action::Closed {
                reason: CloseReason::TransportError,
                ..
            })
        ));
    }

    #[test]
    fn upgrade_probe_pause_and_switch() {
        let mut e = polling_open();
        e.on_poll(1, Ok(OPEN.into()), 0.0);
        let a = e.take_actions();
        assert!(a.contains(&Action::OpenWebSocket {
            transport: 2,
            url: "ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket&sid=abc".into()
        }));
        assert!(matches!(a.last(), Some(Action::Get { transport: 1, .. })));
        e.on_open(2);
        assert_eq!(
            e.take_actions(),
            vec![Action::SendFrames {
                transport: 2,
                frames: vec![Frame::Text("2probe".into())]
            }]
        );
        e.on_text(2, "3probe", 5.0);
        // The GET is still in flight: pausing. Writes wait.
        assert!(e.take_actions().is_empty());
        e.send_text("2[\"queued\"]".into());
        assert!(e.take_actions().is_empty());
        // The server ends the GET with a noop: paused, upgrade, flush on the WebSocket.
        e.on_poll(1, Ok("6".into()), 6.0);
        assert_eq!(
            e.take_actions(),
            vec![
                Action::CloseTransport { transport: 1 },
                Action::SendFrames {
                    transport: 2,
                    frames: vec![Frame::Text("5".into())]
                },
                Action::Upgraded(TransportKind::WebSocket),
                Action::SendFrames {
                    transport: 2,
                    frames: vec![Frame::Text("42[\"queued\"]".into())]
                },
            ]
        );
        assert_eq!(e.transport(), Some(TransportKind::WebSocket));
        assert!(e.websocket_succeeded());
        e.on_text(2, "42[\"after\"]", 7.0);
        assert_eq!(
            e.take_actions(),
            vec![Action::Message(Frame::Text("2[\"after\"]".into()))]
        );
        // Late events of the old polling transport are ignored.
        e.on_poll(1, Ok("42[\"stale\"]".into()), 8.0);
        assert!(e.take_actions().is_empty());
    }

    #[test]
    fn failed_probe_keeps_polling() {
        let mut e = polling_open();
        e.on_poll(1, Ok(OPEN.into()), 0.0);
        e.take_actions();
        e.on_transport_error(2, "websocket error".into());
        assert_eq!(
            e.take_actions(),
            vec![Action::CloseTransport { transport: 2 }]
        );
        assert_eq!(e.transport(), Some(TransportKind::Polling));
        assert!(e.is_open());
        e.on_poll(1, Ok("42[\"x\"]".into()), 1.0);
        assert!(matches!(
            e.take_actions().last(),
            Some(Action::Get { transport: 1, .. })
        ));
    }

    #[test]
    fn remember_upgrade_starts_with_websocket() {
        let mut e = Engine::new(EngineConfig {
            remember_upgrade: true,
            prior_websocket: true,
            ..cfg(&[TransportKind::Polling, TransportKind::WebSocket])
        });
        e.open(0.0);
        assert!(matches!(
            e.take_actions().as_slice(),
            [Action::OpenWebSocket { .. }]
        ));
    }

    #[test]
    fn try_all_transports_falls_back() {
        let mut e = Engine::new(EngineConfig {
            try_all_transports: true,
            ..cfg(&[TransportKind::WebSocket, TransportKind::Polling])
        });
        e.open(0.0);
        e.take_actions();
        e.on_transport_error(1, "websocket error".into());
        let a = e.take_actions();
        assert_eq!(a[0], Action::CloseTransport { transport: 1 });
        assert!(matches!(&a[1], Action::Get { transport: 2, .. }));
    }

    #[test]
    fn forced_close_drains_the_write_buffer_first() {
        let mut e = polling_open();
        e.on_poll(1, Ok(OPEN.into()), 0.0);
        e.take_actions();
        e.on_transport_error(2, "no ws".into());
        e.take_actions();
        e.send_text("1".into()); // a Socket.IO DISCONNECT
        e.send_text("2[\"x\"]".into());
        e.take_actions();
        e.close();
        assert!(e.take_actions().is_empty(), "waits for the POST");
        e.on_post(1, Ok(()));
        let a = e.take_actions();
        assert!(matches!(&a[0], Action::Post { body, .. } if body == "42[\"x\"]"));
        e.on_post(1, Ok(()));
        let a = e.take_actions();
        assert!(matches!(&a[0], Action::Post { body, .. } if body == "1"));
        assert!(matches!(
            a.last(),
            Some(Action::Closed {
                reason: CloseReason::ForcedClose,
                ..
            })
        ));
    }
}
