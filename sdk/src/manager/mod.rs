//! The connection manager, sans-IO: one Engine.IO session per server, shared by the namespaces
//! (sockets) of that server; reconnection with backoff; the connection timeout; decoding of
//! Socket.IO packets. Semantics follow socket.io-client 4.8's `Manager`.
//!
//! ## Call contract (the engine's shape, one layer up)
//! - Inputs carry `now`: [`Manager::open`], [`Manager::close`], [`Manager::close_engine`],
//!   [`Manager::send`], [`Manager::handle`] (a transport's report, passed to the engine),
//!   [`Manager::tick`], [`Manager::offline`].
//! - Outputs are drained after each input: [`Manager::poll`] gives the engine's I/O and the
//!   manager's [`Event`]s in the order decided (see the engine's contract for why one queue),
//!   [`Manager::next_deadline`] when to call [`Manager::tick`].

use crate::engine::{
    CloseReason, Details, Engine, EngineConfig, Event as EngineEvent, Frame, Input, Listen,
    Output as EngineOutput, SessionError, TransportKind,
};
use crate::payload::{PayloadError, PayloadKind, Payloads, Span};
use crate::prelude::*;
use crate::protocol::engine::{Handshake, PacketType};
use crate::protocol::json;
use crate::protocol::socketio::MAX_ATTACHMENTS;

mod backoff;
mod decode;
#[cfg(test)]
mod tests;

use backoff::Backoff;
use decode::Decoder;
pub use decode::{Data, Incoming};

/// Reconnection and timeout options (socket.io-client's defaults).
#[derive(Debug, Clone, PartialEq)]
pub struct ManagerConfig {
    /// `reconnection`.
    pub reconnection: bool,
    /// `reconnectionAttempts` (`u32::MAX`: Infinity).
    pub reconnection_attempts: u32,
    /// `reconnectionDelay` (ms).
    pub reconnection_delay: f64,
    /// `reconnectionDelayMax` (ms).
    pub reconnection_delay_max: f64,
    /// `randomizationFactor`.
    pub randomization_factor: f64,
    /// `timeout` (ms) of a connection attempt; `None`: none.
    pub timeout: Option<f64>,
    /// Attachments a binary packet may announce.
    pub max_attachments: usize,
}

impl Default for ManagerConfig {
    fn default() -> Self {
        ManagerConfig {
            reconnection: true,
            reconnection_attempts: u32::MAX,
            reconnection_delay: 1000.0,
            reconnection_delay_max: 5000.0,
            randomization_factor: 0.5,
            timeout: Some(20000.0),
            max_attachments: MAX_ATTACHMENTS,
        }
    }
}

/// socket.io-client's `_readyState`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadyState {
    /// `"closed"`.
    Closed,
    /// `"opening"`.
    Opening,
    /// `"open"`.
    Open,
}

/// What happened, for the layer above.
#[derive(Debug, PartialEq)]
pub enum Event {
    /// A new Engine.IO session starts (the host makes a new `engine` object).
    NewEngine,
    /// The connection is open.
    Open(Handshake),
    /// The session upgraded its transport.
    Upgraded(TransportKind),
    /// The upgrade probe failed.
    UpgradeError(String),
    /// An engine packet arrived (only while listened to).
    EnginePacket(PacketType, Frame),
    /// An engine packet is queued (only while listened to).
    EnginePacketCreate(PacketType, Frame),
    /// The engine's write buffer is empty (only while listened to).
    EngineDrain,
    /// The engine session closed (engine `close`), whether it had opened or not.
    EngineClose(CloseReason, Details),
    /// An error (`error` listeners; `connect_error` of sockets not connected).
    Error(SessionError),
    /// A heartbeat.
    Ping,
    /// The connection closed.
    Close(CloseReason, Details),
    /// A reconnection attempt starts (its number).
    ReconnectAttempt(u32),
    /// Reconnected after this many attempts.
    Reconnect(u32),
    /// A reconnection attempt failed.
    ReconnectError(SessionError),
    /// Reconnection gave up.
    ReconnectFailed,
    /// A packet arrived whose payload the host parses now and keeps under `id`, or reports
    /// malformed (see [`crate::payload`]).
    Parse {
        /// The id the host keeps the value under.
        id: u32,
        /// The shape it must have.
        kind: PayloadKind,
        /// Where it lies in the host's input.
        span: Span,
    },
    /// The attachments of the held payload `id` are all in: the host puts them in place of its
    /// placeholders now (reporting a placeholder that names none).
    Revive {
        /// The held payload.
        id: u32,
        /// The attachments, in order.
        attachments: Vec<Vec<u8>>,
    },
    /// A decoded Socket.IO packet, for its socket.
    Packet(Incoming),
}

/// Over Engine.IO v3 (a Socket.IO 2.x server), where the server's implicit connection of the
/// session to `/` is: a socket for `/` must neither miss it nor ask for a second one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Root3 {
    /// Not arrived yet (a socket for `/` waits for it).
    #[default]
    Pending,
    /// Arrived when no socket for `/` was there: the first one to join takes it.
    Orphan,
    /// A socket for `/` has it.
    Held,
    /// The socket for `/` left (sent DISCONNECT): joining again needs a CONNECT.
    Left,
}

/// One connection to a server.
#[derive(Debug)]
pub struct Manager {
    cfg: ManagerConfig,
    engine: Engine,
    ready: ReadyState,
    reconnecting: bool,
    skip_reconnect: bool,
    backoff: Backoff,
    reconnect_at: Option<f64>,
    open_deadline: Option<f64>,
    attempt_in_progress: bool,
    decoder: Decoder,
    root3: Root3,
    out: Vec<Output>,
}

/// The manager's outputs: the engine's I/O and the manager's events, in order.
pub type Output = EngineOutput<Event>;

impl Manager {
    /// A closed manager; `seed` drives the backoff's jitter.
    pub fn new(cfg: ManagerConfig, engine: EngineConfig, seed: u64) -> Self {
        let decoder = Decoder::new(cfg.max_attachments);
        Manager {
            cfg,
            engine: Engine::new(engine),
            ready: ReadyState::Closed,
            reconnecting: false,
            skip_reconnect: true,
            backoff: Backoff::new(seed),
            reconnect_at: None,
            open_deadline: None,
            attempt_in_progress: false,
            decoder,
            root3: Root3::Pending,
            out: Vec::new(),
        }
    }

    /// The outputs, in order (drains them).
    pub fn poll(&mut self) -> Vec<Output> {
        core::mem::take(&mut self.out)
    }

    /// Puts events back at the end of the queue (a socket that must order the I/O of its
    /// writes before its own commands takes the I/O and returns the rest).
    pub fn requeue(&mut self, events: Vec<Event>) {
        self.out.extend(events.into_iter().map(Output::Event));
    }

    fn push_event(&mut self, event: Event) {
        self.out.push(Output::Event(event));
    }

    /// Tests: the I/O only (the events stay queued).
    #[cfg(test)]
    pub(crate) fn poll_io(&mut self) -> Vec<crate::engine::Io> {
        crate::engine::split_io(&mut self.out)
    }

    /// Tests: the events only (the I/O stays queued).
    #[cfg(test)]
    pub(crate) fn poll_events(&mut self) -> Vec<Event> {
        crate::engine::split_events(&mut self.out)
    }

    /// `_readyState`.
    pub fn ready_state(&self) -> ReadyState {
        self.ready
    }

    /// Whether a reconnection is scheduled or running.
    pub fn reconnecting(&self) -> bool {
        self.reconnecting
    }

    /// The options.
    pub fn config(&self) -> &ManagerConfig {
        &self.cfg
    }

    /// The options, to change (`manager.reconnectionDelay(2000)`); then
    /// [`Manager::options_changed`].
    pub fn config_mut(&mut self) -> &mut ManagerConfig {
        &mut self.cfg
    }

    /// socket.io-client's `reconnection(false)` also stops a running reconnection loop.
    pub fn options_changed(&mut self) {
        if !self.cfg.reconnection {
            self.skip_reconnect = true;
        }
    }

    /// The Engine.IO session.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Where the session's implicit `/` connection is (Engine.IO v3 only).
    pub fn root3(&self) -> Root3 {
        self.root3
    }

    /// Records where the implicit `/` connection went.
    pub fn set_root3(&mut self, root: Root3) {
        self.root3 = root;
    }

    /// Which per-packet engine events to report.
    pub fn listen_engine(&mut self, listen: Listen) {
        self.engine.listen(listen);
    }

    /// Whether a packet written now goes out at once.
    pub fn writable(&self) -> bool {
        self.engine.writable()
    }

    /// Whether the heartbeat deadline passed (closing the session if so).
    pub fn ping_expired(&mut self, now: f64) -> bool {
        let expired = self.engine.ping_expired(now);
        self.pump_engine(now);
        expired
    }

    /// When [`Manager::tick`] must be called next.
    pub fn next_deadline(&self) -> Option<f64> {
        [
            self.engine.deadline(),
            self.reconnect_at,
            self.open_deadline,
        ]
        .into_iter()
        .flatten()
        .reduce(f64::min)
    }

    /// `manager.open()`.
    pub fn open(&mut self, now: f64) {
        if self.ready != ReadyState::Closed {
            return;
        }
        self.skip_reconnect = false;
        self.start(now, false);
    }

    fn start(&mut self, now: f64, is_reconnect: bool) {
        self.ready = ReadyState::Opening;
        self.attempt_in_progress = is_reconnect;
        self.open_deadline = self.cfg.timeout.map(|t| now + t);
        self.decoder.reset();
        self.root3 = Root3::Pending;
        self.engine.abort(now);
        self.pump_engine_quiet();
        self.push_event(Event::NewEngine);
        self.engine.open(now);
        self.pump_engine(now);
    }

    /// Writes a Socket.IO packet's text and its attachments.
    pub fn send(&mut self, text: String, attachments: Vec<Vec<u8>>, now: f64) {
        self.engine.send_text(text, now);
        for a in attachments {
            self.engine.send_binary(a, now);
        }
        self.pump_engine(now);
    }

    /// `manager._close()`: closes without reconnecting.
    pub fn close(&mut self, now: f64) {
        self.skip_reconnect = true;
        self.reconnecting = false;
        self.reconnect_at = None;
        self.on_close(CloseReason::ForcedClose, Details::None, now);
    }

    /// `manager.engine.close()`: the session ends as a forced close, and the manager
    /// reconnects as after any other close (socket.io-client does).
    pub fn close_engine(&mut self, now: f64) {
        self.engine.close(now);
        self.pump_engine(now);
    }

    /// The window's `offline` event.
    pub fn offline(&mut self, now: f64) {
        self.engine.offline(now);
        self.pump_engine(now);
    }

    /// What transport `transport` reported.
    pub fn handle(&mut self, transport: u32, input: Input, now: f64) {
        self.engine.handle(transport, input, now);
        self.pump_engine(now);
    }

    /// Time passed: heartbeat, connection timeout, reconnection.
    pub fn tick(&mut self, now: f64) {
        self.engine.tick(now);
        self.pump_engine(now);
        if self.ready == ReadyState::Opening && self.open_deadline.is_some_and(|d| now >= d) {
            self.open_deadline = None;
            self.engine.abort(now);
            self.pump_engine_quiet();
            self.open_failed(SessionError::Other("timeout".into()), now);
        }
        if self.reconnect_at.is_some_and(|t| now >= t) {
            self.reconnect_at = None;
            if self.skip_reconnect {
                return;
            }
            self.push_event(Event::ReconnectAttempt(self.backoff.attempts));
            self.start(now, true);
        }
    }

    /// Takes the engine's output without acting on its events (the manager caused them), but
    /// for the engine's own `close` event.
    fn pump_engine_quiet(&mut self) {
        for o in self.engine.poll() {
            match o {
                EngineOutput::Io(io) => self.out.push(Output::Io(io)),
                EngineOutput::Event(EngineEvent::Closed { reason, details }) => {
                    self.push_event(Event::EngineClose(reason, details))
                }
                EngineOutput::Event(_) => {}
            }
        }
    }

    fn pump_engine(&mut self, now: f64) {
        loop {
            let outputs = self.engine.poll();
            if outputs.is_empty() {
                return;
            }
            for o in outputs {
                match o {
                    EngineOutput::Io(io) => self.out.push(Output::Io(io)),
                    EngineOutput::Event(e) => self.on_engine(e, now),
                }
            }
        }
    }

    fn on_engine(&mut self, event: EngineEvent, now: f64) {
        match event {
            EngineEvent::Opened(h) => {
                self.open_deadline = None;
                self.ready = ReadyState::Open;
                self.push_event(Event::Open(h));
                if self.attempt_in_progress {
                    self.attempt_in_progress = false;
                    let attempts = self.backoff.attempts;
                    self.reconnecting = false;
                    self.backoff.reset();
                    self.push_event(Event::Reconnect(attempts));
                }
            }
            EngineEvent::Upgraded(kind) => self.push_event(Event::Upgraded(kind)),
            EngineEvent::UpgradeError(e) => self.push_event(Event::UpgradeError(e)),
            EngineEvent::Packet(k, f) => self.push_event(Event::EnginePacket(k, f)),
            EngineEvent::PacketCreate(k, f) => self.push_event(Event::EnginePacketCreate(k, f)),
            EngineEvent::Drain => self.push_event(Event::EngineDrain),
            EngineEvent::Ping => self.push_event(Event::Ping),
            // Once closed (a parse error earlier in the same payload), the rest is not read, as
            // socket.io-client's manager stops listening to the engine's data.
            EngineEvent::Message(..) if self.ready != ReadyState::Open => {}
            EngineEvent::Message(frame, span) => self.on_message(frame, span, now),
            EngineEvent::Error(error) => match self.ready {
                ReadyState::Opening => {
                    self.engine.abort(now);
                    self.pump_engine_quiet();
                    self.open_failed(error, now);
                }
                ReadyState::Open => self.push_event(Event::Error(error)),
                ReadyState::Closed => {}
            },
            EngineEvent::Closed { reason, details } => {
                self.push_event(Event::EngineClose(reason, details.clone()));
                match self.ready {
                    ReadyState::Open => self.on_close(reason, details, now),
                    ReadyState::Opening => {
                        let error = match details {
                            Details::Error(e) => e,
                            Details::Description(d) => SessionError::Other(d),
                            Details::None => SessionError::Other(reason.as_str().into()),
                        };
                        self.open_failed(error, now);
                    }
                    ReadyState::Closed => {}
                }
            }
        }
    }

    fn on_message(&mut self, frame: Frame, span: Span, now: f64) {
        let decoded = match frame {
            Frame::Text(t) => self.decoder.text(&t, span, &mut self.out),
            Frame::Binary(b) => self.decoder.binary(b, &mut self.out),
        };
        if let Err(message) = decoded {
            self.parse_error(message, now);
        }
    }

    /// The host found a payload malformed: the connection closes as socket.io-client's does
    /// when its decoder throws (`onclose("parse error", error)`, and no `error` event).
    pub fn payload_error(&mut self, error: PayloadError, now: f64) {
        self.parse_error(error.as_str(), now);
    }

    fn parse_error(&mut self, message: &str, now: f64) {
        self.on_close(
            CloseReason::ParseError,
            Details::Error(SessionError::Other(message.into())),
            now,
        );
    }

    /// Shares the page's payload ids (so that the host can keep every held payload in one
    /// table).
    pub fn share_payloads(&mut self, payloads: Payloads) {
        self.decoder.payloads = payloads;
    }

    /// Reads the handshake and CONNECT data with `json` (the host's parser, see
    /// [`json::Fields`]).
    pub fn read_json_with(&mut self, json: json::Reader) {
        self.engine.json = json;
        self.decoder.json = json;
    }

    fn open_failed(&mut self, error: SessionError, now: f64) {
        if self.ready != ReadyState::Opening {
            return;
        }
        self.ready = ReadyState::Closed;
        self.open_deadline = None;
        self.push_event(Event::Error(error.clone()));
        if self.attempt_in_progress {
            self.attempt_in_progress = false;
            self.reconnecting = false;
            self.reconnect(now);
            self.push_event(Event::ReconnectError(error));
        } else if !self.reconnecting && self.cfg.reconnection && self.backoff.attempts == 0 {
            self.reconnect(now);
        }
    }

    fn on_close(&mut self, reason: CloseReason, details: Details, now: f64) {
        let forced = reason == CloseReason::ForcedClose;
        if self.ready == ReadyState::Closed && !forced {
            return;
        }
        let was = self.ready;
        self.engine.close(now);
        self.pump_engine_quiet();
        self.decoder.reset();
        self.backoff.reset();
        self.ready = ReadyState::Closed;
        self.open_deadline = None;
        self.attempt_in_progress = false;
        if was != ReadyState::Closed || forced {
            self.push_event(Event::Close(reason, details));
        }
        if self.cfg.reconnection && !self.skip_reconnect {
            self.reconnect(now);
        }
    }

    fn reconnect(&mut self, now: f64) {
        if self.reconnecting || self.skip_reconnect {
            return;
        }
        if self.backoff.attempts >= self.cfg.reconnection_attempts {
            self.backoff.reset();
            self.reconnecting = false;
            self.push_event(Event::ReconnectFailed);
        } else {
            let c = &self.cfg;
            let delay = self.backoff.duration(
                c.reconnection_delay,
                c.reconnection_delay_max,
                c.randomization_factor,
            );
            self.reconnecting = true;
            self.reconnect_at = Some(now + delay);
        }
    }
}
