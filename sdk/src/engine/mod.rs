//! The Engine.IO client session, as a state machine with no I/O ("sans-IO").
//!
//! ## Call contract (the same shape as every layer above)
//! - Inputs carry the wall-clock time `now` (ms): [`Engine::open`], [`Engine::send`],
//!   [`Engine::handle`] (one entry point for everything a transport reports), [`Engine::tick`],
//!   [`Engine::offline`], [`Engine::close`], [`Engine::abort`].
//! - Outputs are drained after each input: [`Engine::poll`] gives the [`Output`]s in the
//!   order they were decided — each the [`Io`] to perform or an [`Event`] to report, two
//!   types that never mix — and [`Engine::deadline`] when to call [`Engine::tick`]. One queue,
//!   not two: the host runs listeners synchronously, so I/O decided before an event must be
//!   performed before that event's listeners run (an `upgrade` listener's emit must not
//!   overtake the `5` packet), and I/O decided after it must come after (the next poll after
//!   the handshake's `open` work, as engine.io-client orders them).
//! - It never calls out while it runs, so nothing can re-enter it; it is tested natively.
//!
//! Behaviour follows engine.io-client 6 (socket.io-client 4.8): the heartbeat is the server's
//! ping answered by a pong, with the deadline checked against wall-clock time; at most one GET
//! and one POST in flight; batches bounded by `maxPayload`; the polling → WebSocket upgrade with
//! the `2probe` / `3probe` / `5` sequence (`upgrade.rs`); pending writes drained before a forced
//! close.

use crate::payload::{utf16_len, Span};
use crate::prelude::*;
use crate::protocol::engine::{batch_len, encode_payload, Data, Handshake, Packet, PacketType};
use crate::protocol::engine3;
use crate::protocol::json;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests3;
mod transport;
mod upgrade;
mod v3;

pub use transport::TransportKind;
use transport::{Phase, Transport};
pub use v3::Protocol;

/// Why a session closed: the reasons socket.io-client reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseReason {
    /// The server closed the transport, or the network went away.
    TransportClose,
    /// The transport failed.
    TransportError,
    /// No ping from the server within `pingInterval + pingTimeout`.
    PingTimeout,
    /// The server sent something that could not be decoded (Socket.IO level).
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

/// An error of the session, as engine.io-client builds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionError {
    /// A transport failed: engine.io-client's `TransportError` (`status`: the HTTP status of a
    /// polling request, 0 when there is none).
    Transport {
        /// `"xhr poll error"`, `"xhr post error"`, `"websocket error"`.
        message: String,
        /// HTTP status, or 0.
        status: u16,
    },
    /// The server sent an undecodable packet: `Error("server error")`.
    Server,
    /// Anything else: `Error(message)` ("timeout", "No transports available", "parser error"
    /// for a bad handshake, a Socket.IO decoding error).
    Other(String),
}

impl SessionError {
    /// The error's message.
    pub fn message(&self) -> &str {
        match self {
            SessionError::Transport { message, .. } | SessionError::Other(message) => message,
            SessionError::Server => "server error",
        }
    }
}

/// The details of a close, as engine.io-client passes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Details {
    /// None.
    None,
    /// `{description}`.
    Description(String),
    /// The error that closed it.
    Error(SessionError),
}

/// A message frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// Text.
    Text(String),
    /// Bytes.
    Binary(Vec<u8>),
}

/// I/O the host must perform for the engine.
#[derive(Debug, Clone, PartialEq)]
pub enum Io {
    /// Open a WebSocket to `url` (for `transport`).
    OpenWebSocket {
        /// Transport id, quoted back in the [`Input`]s of this WebSocket.
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
    /// Issue a polling GET; report with [`Input::Poll`].
    Get {
        /// Transport id.
        transport: u32,
        /// Full URL.
        url: String,
    },
    /// Issue a polling POST; report with [`Input::Post`].
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
}

/// What a transport reports ([`Engine::handle`]). A failed request carries its message and
/// HTTP status (0: none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A WebSocket opened.
    Open,
    /// A WebSocket text frame.
    Text(String),
    /// A WebSocket binary frame.
    Binary(Vec<u8>),
    /// A WebSocket closed (the close event's reason).
    Closed(Option<String>),
    /// The transport failed.
    Error(String, u16),
    /// A polling GET finished: its body, or why it failed.
    Poll(Result<String, (String, u16)>),
    /// A polling POST finished.
    Post(Result<(), (String, u16)>),
}

/// One output of a layer, in the order decided: I/O to perform, or an event (`E`: the
/// engine's [`Event`], or the manager's).
#[derive(Debug, Clone, PartialEq)]
pub enum Output<E = Event> {
    /// I/O to perform.
    Io(Io),
    /// An event to report.
    Event(E),
}

/// What happened in the session, for the manager.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The session is open.
    Opened(Handshake),
    /// A message for the layer above, and where its text lies in the host's input (see
    /// [`crate::payload`]).
    Message(Frame, Span),
    /// The server pinged (the pong is already queued).
    Ping,
    /// The session moved to another transport.
    Upgraded(TransportKind),
    /// The upgrade probe failed (the session stays on polling): the error's message.
    UpgradeError(String),
    /// A packet arrived (only while [`Engine::listen`] asks for [`Listen::PACKET`]).
    Packet(PacketType, Frame),
    /// A packet is queued for writing (only with [`Listen::PACKET_CREATE`]).
    PacketCreate(PacketType, Frame),
    /// The write buffer is empty (only with [`Listen::DRAIN`]).
    Drain,
    /// An error before or while closing (reported to `error` listeners).
    Error(SessionError),
    /// The session closed; nothing more will happen until [`Engine::open`].
    Closed {
        /// Why.
        reason: CloseReason,
        /// Details, when there are any.
        details: Details,
    },
}

/// Which per-packet events the host listens to: the others cost nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Listen(pub u32);

impl Listen {
    /// [`Event::Packet`].
    pub const PACKET: u32 = 1;
    /// [`Event::PacketCreate`].
    pub const PACKET_CREATE: u32 = 2;
    /// [`Event::Drain`].
    pub const DRAIN: u32 = 4;

    fn has(self, bit: u32) -> bool {
        self.0 & bit != 0
    }
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
    /// The Engine.IO revision to speak, or `Auto` to recognise a v3 server (`v3`).
    pub protocol: Protocol,
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
            protocol: Protocol::Auto,
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
    /// The session speaks Engine.IO v3 ([`v3`]).
    v3: bool,
    /// v3: when the client sends its next ping (none while a ping awaits its pong).
    next_ping: Option<f64>,
    stamp: u64,
    websocket_succeeded: bool,
    listen: Listen,
    /// Reads the handshake's JSON (see [`json::Fields`]).
    pub(crate) json: json::Reader,
    out: Vec<Output>,
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
            v3: false,
            next_ping: None,
            stamp: 0,
            websocket_succeeded: false,
            listen: Listen::default(),
            json: json::DEFAULT,
            out: Vec::new(),
        }
    }

    /// The outputs, in order (drains them).
    pub fn poll(&mut self) -> Vec<Output> {
        core::mem::take(&mut self.out)
    }

    fn push_io(&mut self, io: Io) {
        self.out.push(Output::Io(io));
    }

    fn push_event(&mut self, event: Event) {
        self.out.push(Output::Event(event));
    }

    /// Tests: the I/O only (the events stay queued).
    #[cfg(test)]
    pub(crate) fn poll_io(&mut self) -> Vec<Io> {
        split_io(&mut self.out)
    }

    /// Tests: the events only (the I/O stays queued).
    #[cfg(test)]
    pub(crate) fn poll_events(&mut self) -> Vec<Event> {
        split_events(&mut self.out)
    }

    /// Which per-packet events to report.
    pub fn listen(&mut self, listen: Listen) {
        self.listen = listen;
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

    /// Whether the session is opening.
    pub fn is_opening(&self) -> bool {
        self.state == State::Opening
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
        (self.state == State::Open || self.state == State::Closing).then_some(
            self.next_ping
                .map_or(self.ping_deadline, |t| t.min(self.ping_deadline)),
        )
    }

    /// Whether the ping deadline has passed at `now`; if so the session closes with
    /// "ping timeout" (socket.io-client checks this before every emit).
    pub fn ping_expired(&mut self, now: f64) -> bool {
        self.heartbeat3(now);
        if self.state == State::Open && now > self.ping_deadline {
            self.on_close(CloseReason::PingTimeout, Details::None);
            return true;
        }
        false
    }

    fn url(&mut self, kind: TransportKind) -> String {
        let sid = self.handshake.as_ref().map(|h| h.sid.as_str());
        let stamp = (kind == TransportKind::Polling && self.cfg.timestamp_requests).then(|| {
            self.stamp += 1;
            self.stamp
        });
        transport::url(&self.cfg, kind, sid, stamp, self.v3)
    }

    fn new_transport(&mut self, kind: TransportKind) -> Transport {
        self.next_id += 1;
        Transport::new(self.next_id, kind)
    }

    /// Starts a session (does nothing when one is opening or open).
    pub fn open(&mut self, now: f64) {
        if self.state != State::Closed {
            return;
        }
        let Some(&first) = self.transports.first() else {
            self.push_event(Event::Error(SessionError::Other(
                "No transports available".into(),
            )));
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
        self.v3 = self.cfg.protocol == Protocol::V3;
        self.next_ping = None;
        let t = self.new_transport(kind);
        self.active = Some(t.clone());
        self.start(&t);
    }

    /// Opens a WebSocket, or issues a GET, for `t` (the active transport).
    fn start(&mut self, t: &Transport) {
        let url = self.url(t.kind);
        let transport = t.id;
        self.push_io(match t.kind {
            TransportKind::WebSocket => Io::OpenWebSocket { transport, url },
            TransportKind::Polling => Io::Get { transport, url },
        });
        if t.kind == TransportKind::Polling {
            if let Some(a) = self.active.as_mut().filter(|a| a.id == t.id) {
                a.get_in_flight = true;
            }
        }
    }

    /// Queues a packet (normally a `message`) and writes what the transport can take now.
    pub fn send(&mut self, packet: Packet<'static>, _now: f64) {
        if matches!(self.state, State::Opening | State::Open) {
            self.queue(packet);
            self.flush();
        }
    }

    fn queue(&mut self, packet: Packet<'static>) {
        if self.listen.has(Listen::PACKET_CREATE) {
            self.push_event(Event::PacketCreate(packet.kind, frame_of(&packet.data)));
        }
        self.buffer.push(packet);
    }

    /// Queues a `message` carrying Socket.IO text.
    pub fn send_text(&mut self, text: String, now: f64) {
        self.send(Packet::text(PacketType::Message, text), now);
    }

    /// Queues a `message` carrying bytes (a binary attachment).
    pub fn send_binary(&mut self, bytes: Vec<u8>, now: f64) {
        self.send(Packet::binary(bytes), now);
    }

    fn flush(&mut self) {
        if self.state == State::Closed || self.buffer.is_empty() || self.handshake.is_none() {
            return;
        }
        let Some(t) = self.active.as_mut() else {
            return;
        };
        if t.phase != Phase::Open {
            return;
        }
        let transport = t.id;
        let v3 = self.v3;
        match t.kind {
            TransportKind::WebSocket => {
                // Taken whole (not `drain(..)`, whose range checks link a panic path).
                let frames = core::mem::take(&mut self.buffer)
                    .into_iter()
                    .map(|p| match p.data {
                        Data::Binary(b) if v3 => Frame::Binary(engine3::encode_frame(&b)),
                        Data::Binary(b) => Frame::Binary(b.into_owned()),
                        Data::Text(_) => Frame::Text(p.to_text()),
                    })
                    .collect();
                self.push_io(Io::SendFrames { transport, frames });
                self.drained();
            }
            TransportKind::Polling => {
                if t.post_in_flight {
                    return;
                }
                t.post_in_flight = true;
                let max = self
                    .handshake
                    .as_ref()
                    .map_or(0, |h| usize::try_from(h.max_payload).unwrap_or(usize::MAX));
                let n = batch_len(&self.buffer, max);
                let batch = self.buffer.get(..n).unwrap_or(&[]);
                let body = if v3 {
                    engine3::encode_payload(batch)
                } else {
                    encode_payload(batch)
                };
                self.in_flight = n;
                let url = self.url(TransportKind::Polling);
                self.push_io(Io::Post {
                    transport,
                    url,
                    body,
                });
            }
        }
    }

    /// Called when the write buffer is empty: `drain`, and a pending forced close finishes.
    fn drained(&mut self) {
        if self.listen.has(Listen::DRAIN) {
            self.push_event(Event::Drain);
        }
        self.close_if_drained();
    }

    /// A forced close waits for the write buffer and the probe; this finishes it.
    fn close_if_drained(&mut self) {
        if self.state == State::Closing && self.buffer.is_empty() && self.probe.is_none() {
            self.finish_forced_close();
        }
    }

    /// What a transport reported.
    pub fn handle(&mut self, transport: u32, input: Input, now: f64) {
        if self.probe.as_ref().is_some_and(|p| p.id == transport) {
            return self.on_probe(input);
        }
        if !self.is_active(transport) {
            return;
        }
        match input {
            Input::Open => {
                if let Some(a) = self.active.as_mut() {
                    a.phase = Phase::Open;
                }
            }
            Input::Text(text) => match Packet::decode_record(&text, self.v3) {
                Ok(p) => self.on_packet(p, now, Span::frame(1)),
                Err(_) => self.on_server_error(),
            },
            Input::Binary(bytes) if self.v3 => match engine3::decode_frame(&bytes) {
                Ok(p) => self.on_packet(p, now, Span::default()),
                Err(_) => self.on_server_error(),
            },
            Input::Binary(bytes) => self.on_packet(Packet::binary(bytes), now, Span::default()),
            Input::Closed(description) => self.on_close(
                CloseReason::TransportClose,
                description.map_or(Details::None, Details::Description),
            ),
            Input::Error(message, status) => self.on_transport_error(message, status, now),
            Input::Poll(Ok(body)) => self.on_poll(&body, now),
            Input::Poll(Err((message, status))) | Input::Post(Err((message, status))) => {
                self.on_transport_error(message, status, now)
            }
            Input::Post(Ok(())) => self.on_post(),
        }
    }

    fn is_active(&self, transport: u32) -> bool {
        self.state != State::Closed && self.active.as_ref().is_some_and(|a| a.id == transport)
    }

    fn on_poll(&mut self, body: &str, now: f64) {
        if let Some(a) = self.active.as_mut() {
            a.get_in_flight = false;
        }
        self.sniff_payload(body);
        // Where each record starts in the body, in bytes and UTF-16 units.
        let (mut at8, mut at16) = (0usize, 0u32);
        let mut rest = Some(body);
        while let Some(r) = rest {
            let (record, next) = engine3::next_record(r, self.v3);
            rest = next;
            let mut span = Span::default();
            if let Ok(raw) = record {
                let start = raw.as_ptr() as usize - body.as_ptr() as usize;
                at16 += utf16_len(body.get(at8..start).unwrap_or(""));
                at8 = start;
                span = Span::of(raw, start, at16).skip(raw.get(..1).unwrap_or(""));
            }
            match record.and_then(|r| Packet::decode_record(r, self.v3)) {
                Ok(p) => {
                    // A close packet ends a polling session (engine.io-client's polling
                    // transport; over WebSocket it is ignored, as there).
                    let close = p.kind == PacketType::Close;
                    self.on_packet(p, now, span);
                    if close {
                        self.on_close(
                            CloseReason::TransportClose,
                            Details::Description("transport closed by the server".into()),
                        );
                    }
                    if self.state == State::Closed {
                        return;
                    }
                }
                Err(_) => return self.on_server_error(),
            }
        }
        // Poll again while open; a closing or pausing session stops polling.
        let Some(a) = self.active.as_ref() else {
            return;
        };
        match a.phase {
            Phase::Open if self.state == State::Open => {
                let t = a.clone();
                self.start(&t);
            }
            Phase::Pausing => self.try_pause(),
            _ => {}
        }
    }

    fn on_post(&mut self) {
        if let Some(a) = self.active.as_mut() {
            a.post_in_flight = false;
        }
        // The first `in_flight` packets were sent (retain: no range check to panic on).
        let mut i = 0;
        self.buffer.retain(|_| {
            i += 1;
            i > self.in_flight
        });
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

    fn on_transport_error(&mut self, message: String, status: u16, now: f64) {
        if self.state == State::Opening && self.cfg.try_all_transports && self.transports.len() > 1
        {
            if let Some(a) = self.active.take() {
                self.push_io(Io::CloseTransport { transport: a.id });
            }
            self.transports = self.transports.iter().skip(1).copied().collect();
            self.state = State::Closed;
            self.open(now);
            return;
        }
        let error = SessionError::Transport { message, status };
        self.push_event(Event::Error(error.clone()));
        self.on_close(CloseReason::TransportError, Details::Error(error));
    }

    /// The network went away (the window's `offline` event).
    pub fn offline(&mut self, _now: f64) {
        if self.state != State::Closed {
            self.on_close(
                CloseReason::TransportClose,
                Details::Description("network connection lost".into()),
            );
        }
    }

    /// Time passed: closes the session if the server stopped pinging.
    pub fn tick(&mut self, now: f64) {
        self.heartbeat3(now);
        if matches!(self.state, State::Open | State::Closing) && now > self.ping_deadline {
            self.on_close(CloseReason::PingTimeout, Details::None);
        }
    }

    /// Closes the session from this side, after writing what is queued ("forced close").
    pub fn close(&mut self, _now: f64) {
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
    pub fn abort(&mut self, _now: f64) {
        if self.state != State::Closed {
            self.on_close(CloseReason::ForcedClose, Details::None);
        }
    }

    fn finish_forced_close(&mut self) {
        // A polling transport tells the server with a close packet.
        if let Some(a) = &self.active {
            if a.kind == TransportKind::Polling && self.handshake.is_some() {
                let transport = a.id;
                let url = self.url(TransportKind::Polling);
                self.push_io(Io::Post {
                    transport,
                    url,
                    body: if self.v3 { "1:1" } else { "1" }.into(),
                });
            }
        }
        self.on_close(CloseReason::ForcedClose, Details::None);
    }

    /// An undecodable frame: engine.io-client decodes it as an error packet and closes with
    /// "transport error" and `Error("server error")`.
    fn on_server_error(&mut self) {
        self.push_event(Event::Error(SessionError::Server));
        self.on_close(
            CloseReason::TransportError,
            Details::Error(SessionError::Server),
        );
    }

    fn on_close(&mut self, reason: CloseReason, details: Details) {
        if self.state == State::Closed {
            return;
        }
        for t in [self.probe.take(), self.active.take()]
            .into_iter()
            .flatten()
        {
            self.push_io(Io::CloseTransport { transport: t.id });
        }
        self.state = State::Closed;
        self.handshake = None;
        self.buffer.clear();
        self.in_flight = 0;
        self.push_event(Event::Closed { reason, details });
    }

    fn reset_ping(&mut self, now: f64) {
        if let Some(h) = &self.handshake {
            self.ping_deadline = now + (h.ping_interval + h.ping_timeout) as f64;
        }
    }

    fn on_packet(&mut self, packet: Packet<'_>, now: f64, span: Span) {
        if self.listen.has(Listen::PACKET) {
            self.push_event(Event::Packet(packet.kind, frame_of(&packet.data)));
        }
        if self.v3 && self.state == State::Open && self.on_packet3(packet.kind, now) {
            return;
        }
        match packet.kind {
            PacketType::Open if self.state == State::Opening => {
                let text = packet.as_text().unwrap_or("");
                match Handshake::parse_with(text, self.json) {
                    Ok(h) => self.on_handshake(h, now),
                    Err(_) => {
                        let error = SessionError::Other("parser error".into());
                        self.push_event(Event::Error(error.clone()));
                        self.on_close(CloseReason::ParseError, Details::Error(error));
                    }
                }
            }
            PacketType::Ping => {
                self.reset_ping(now);
                self.push_event(Event::Ping);
                self.queue(Packet::text(PacketType::Pong, ""));
                self.flush();
            }
            PacketType::Message => {
                let frame = match packet.data {
                    // The payload is the host's (see `crate::payload`): only the head is kept,
                    // unless the `packet` listeners have it whole.
                    Data::Text(t) if !self.listen.has(Listen::PACKET) => {
                        Frame::Text(crate::payload::head(&t).to_owned())
                    }
                    Data::Text(t) => Frame::Text(t.into_owned()),
                    Data::Binary(b) => Frame::Binary(b.into_owned()),
                };
                self.push_event(Event::Message(frame, span));
            }
            // close (handled by polling only), noop (during upgrades), pong, upgrade, or a
            // stray open: nothing to do
            _ => {}
        }
    }

    fn on_handshake(&mut self, h: Handshake, now: f64) {
        let upgrade = self.cfg.upgrade
            && h.upgrades.iter().any(|u| u == "websocket")
            && self.transports.contains(&TransportKind::WebSocket);
        let kind = self.active.as_ref().map(|a| a.kind);
        let max_payload = h.max_payload;
        self.handshake = Some(h.clone());
        self.state = State::Open;
        self.reset_ping(now);
        self.on_open3(kind == Some(TransportKind::WebSocket), max_payload, now);
        if kind == Some(TransportKind::WebSocket) {
            self.websocket_succeeded = true;
        }
        self.push_event(Event::Opened(h));
        self.flush();
        // The open packet came in a GET: `on_poll` issues the next one. Meanwhile, probe.
        if kind == Some(TransportKind::Polling) && upgrade {
            self.start_probe();
        }
    }
}

/// Tests: takes the I/O out of `out`, keeping the events.
#[cfg(test)]
pub(crate) fn split_io<E>(out: &mut Vec<Output<E>>) -> Vec<Io> {
    let (io, rest): (Vec<_>, Vec<_>) = core::mem::take(out)
        .into_iter()
        .partition(|o| matches!(o, Output::Io(_)));
    *out = rest;
    io.into_iter()
        .filter_map(|o| match o {
            Output::Io(io) => Some(io),
            Output::Event(_) => None,
        })
        .collect()
}

/// Tests: takes the events out of `out`, keeping the I/O.
#[cfg(test)]
pub(crate) fn split_events<E>(out: &mut Vec<Output<E>>) -> Vec<E> {
    let (events, rest): (Vec<_>, Vec<_>) = core::mem::take(out)
        .into_iter()
        .partition(|o| matches!(o, Output::Event(_)));
    *out = rest;
    events
        .into_iter()
        .filter_map(|o| match o {
            Output::Event(e) => Some(e),
            Output::Io(_) => None,
        })
        .collect()
}

/// A copy of a packet's data, for the per-packet events.
fn frame_of(data: &Data<'_>) -> Frame {
    match data {
        Data::Text(t) => Frame::Text(String::from(&**t)),
        Data::Binary(b) => Frame::Binary(b.to_vec()),
    }
}
