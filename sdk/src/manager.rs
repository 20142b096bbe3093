//! The connection manager, sans-IO: one Engine.IO session per server, shared by the namespaces
//! (sockets) of that server; reconnection with backoff; the connection timeout; decoding of
//! Socket.IO packets. Semantics follow socket.io-client 4.8's `Manager`.

use crate::engine::{Action, CloseReason, Engine, EngineConfig, Frame, TransportKind};
use crate::prelude::*;
use crate::protocol::binary::{Message, Reassembler};
use crate::protocol::engine::Handshake;
use crate::protocol::socketio::MAX_ATTACHMENTS;

/// Reconnection and timeout options (socket.io-client's names and defaults).
#[derive(Debug, Clone, PartialEq)]
pub struct ManagerConfig {
    /// Reconnect after an unexpected close (`reconnection`, default true).
    pub reconnection: bool,
    /// Attempts before giving up (`reconnectionAttempts`, default unlimited).
    pub reconnection_attempts: u32,
    /// First delay in ms (`reconnectionDelay`, 1000).
    pub reconnection_delay: f64,
    /// Largest delay in ms (`reconnectionDelayMax`, 5000).
    pub reconnection_delay_max: f64,
    /// Jitter, 0 to 1 (`randomizationFactor`, 0.5).
    pub randomization_factor: f64,
    /// Connection timeout in ms (`timeout`, 20000; `None`: no timeout).
    pub timeout: Option<f64>,
    /// Cap on binary attachments per packet.
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

/// The manager's connection state (`_readyState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadyState {
    /// Not connected.
    Closed,
    /// Connecting.
    Opening,
    /// Connected.
    Open,
}

/// What the runtime must do or report.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Transport I/O for the runtime (never an engine event: those become the ones below).
    Io(Action),
    /// The session is open (`open`).
    Open(Handshake),
    /// The session moved to another transport.
    Upgraded(TransportKind),
    /// An error (`error`); while connecting, sockets report it as `connect_error`.
    Error(String),
    /// The server pinged (`ping`).
    Ping,
    /// The session closed (`close`), with socket.io-client's reason.
    Close {
        /// `"transport close"`, `"ping timeout"`, `"forced close"`, …
        reason: &'static str,
        /// Details.
        description: Option<String>,
    },
    /// A reconnection attempt starts (`reconnect_attempt`, attempt number from 1).
    ReconnectAttempt(u32),
    /// Reconnected (`reconnect`, with the number of attempts it took).
    Reconnect(u32),
    /// A reconnection attempt failed (`reconnect_error`).
    ReconnectError(String),
    /// No more attempts (`reconnect_failed`).
    ReconnectFailed,
    /// A decoded Socket.IO packet, for the socket of its namespace.
    Packet(Message<'static>),
}

/// The manager.
#[derive(Debug)]
pub struct Manager {
    cfg: ManagerConfig,
    engine: Engine,
    ready: ReadyState,
    reconnecting: bool,
    skip_reconnect: bool,
    /// Backoff attempts so far.
    attempts: u32,
    /// When the pending reconnection attempt starts.
    reconnect_at: Option<f64>,
    /// When the opening attempt times out.
    open_deadline: Option<f64>,
    /// Whether the opening attempt is a reconnection.
    attempt_in_progress: bool,
    decoder: Reassembler,
    rng: u64,
    out: Vec<Event>,
}

impl Manager {
    /// A closed manager. `seed` feeds the backoff jitter.
    pub fn new(cfg: ManagerConfig, engine: EngineConfig, seed: u64) -> Self {
        let decoder = Reassembler::new(cfg.max_attachments);
        Manager {
            cfg,
            engine: Engine::new(engine),
            ready: ReadyState::Closed,
            reconnecting: false,
            skip_reconnect: true,
            attempts: 0,
            reconnect_at: None,
            open_deadline: None,
            attempt_in_progress: false,
            decoder,
            rng: seed | 1,
            out: Vec::new(),
        }
    }

    /// Events to handle, in order (drains them).
    pub fn take_events(&mut self) -> Vec<Event> {
        core::mem::take(&mut self.out)
    }

    /// The connection state.
    pub fn ready_state(&self) -> ReadyState {
        self.ready
    }

    /// Whether a reconnection is scheduled or in progress.
    pub fn reconnecting(&self) -> bool {
        self.reconnecting
    }

    /// The options.
    pub fn config(&self) -> &ManagerConfig {
        &self.cfg
    }

    /// Changes the options (socket.io-client's `reconnection(v)`, `timeout(v)`, … setters).
    pub fn config_mut(&mut self) -> &mut ManagerConfig {
        &mut self.cfg
    }

    /// The engine (session id, transport, writability).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Whether a packet written now goes out at once.
    pub fn writable(&self) -> bool {
        self.engine.writable()
    }

    /// Whether the server stopped pinging (checked against `now`); the session then closes.
    pub fn ping_expired(&mut self, now: f64) -> bool {
        let expired = self.engine.ping_expired(now);
        self.pump_engine(now);
        expired
    }

    /// The earliest time at which [`Manager::tick`] must run.
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

    fn random(&mut self) -> f64 {
        // xorshift64*: the jitter needs no more than this.
        let mut x = self.rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// The next backoff delay: `delay * 2^attempt`, ± jitter, capped — socket.io-client's formula.
    /// (Non-negative values truncate as `floor` does; no libm needed.)
    fn backoff(&mut self) -> f64 {
        let factor = if self.attempts < 64 {
            (1u64 << self.attempts) as f64
        } else {
            f64::INFINITY
        };
        let mut ms = self.cfg.reconnection_delay * factor;
        self.attempts = self.attempts.saturating_add(1);
        if self.cfg.randomization_factor > 0.0 {
            let rand = self.random();
            let deviation = (rand * self.cfg.randomization_factor * ms) as u64 as f64;
            ms = if ((rand * 10.0) as u64) & 1 == 0 {
                ms - deviation
            } else {
                ms + deviation
            };
        }
        ms.min(self.cfg.reconnection_delay_max).max(0.0) as u64 as f64
    }

    /// Opens the connection (`open()` / `connect()`); does nothing if opening or open.
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
        self.engine.abort();
        self.pump_engine_quiet();
        self.engine.open(now);
        self.pump_engine(now);
    }

    /// Writes a Socket.IO packet (its text, then its binary attachments).
    pub fn send(&mut self, text: String, attachments: Vec<Vec<u8>>, now: f64) {
        self.engine.send_text(text);
        for a in attachments {
            self.engine.send_binary(a);
        }
        self.pump_engine(now);
    }

    /// Closes the connection on purpose: no reconnection (`_close()`, "forced close").
    pub fn close(&mut self, now: f64) {
        self.skip_reconnect = true;
        self.reconnecting = false;
        self.reconnect_at = None;
        self.on_close(CloseReason::ForcedClose.as_str(), None, now);
    }

    /// The browser went offline.
    pub fn offline(&mut self, now: f64) {
        self.engine.offline();
        self.pump_engine(now);
    }

    /// Time passed: heartbeat, connection timeout, scheduled reconnection.
    pub fn tick(&mut self, now: f64) {
        self.engine.tick(now);
        self.pump_engine(now);
        if self.ready == ReadyState::Opening && self.open_deadline.is_some_and(|d| now >= d) {
            self.open_deadline = None;
            self.engine.abort();
            self.pump_engine_quiet();
            self.open_failed("timeout".into(), now);
        }
        if self.reconnect_at.is_some_and(|t| now >= t) {
            self.reconnect_at = None;
            if self.skip_reconnect {
                return;
            }
            self.out.push(Event::ReconnectAttempt(self.attempts));
            self.start(now, true);
        }
    }

    // ---- transport events, forwarded to the engine ----

    /// A WebSocket opened.
    pub fn on_open(&mut self, transport: u32, now: f64) {
        self.engine.on_open(transport);
        self.pump_engine(now);
    }

    /// A WebSocket text frame arrived.
    pub fn on_text(&mut self, transport: u32, text: &str, now: f64) {
        self.engine.on_text(transport, text, now);
        self.pump_engine(now);
    }

    /// A WebSocket binary frame arrived.
    pub fn on_binary(&mut self, transport: u32, bytes: Vec<u8>, now: f64) {
        self.engine.on_binary(transport, bytes, now);
        self.pump_engine(now);
    }

    /// A polling GET finished.
    pub fn on_poll(&mut self, transport: u32, result: Result<String, String>, now: f64) {
        self.engine.on_poll(transport, result, now);
        self.pump_engine(now);
    }

    /// A polling POST finished.
    pub fn on_post(&mut self, transport: u32, result: Result<(), String>, now: f64) {
        self.engine.on_post(transport, result);
        self.pump_engine(now);
    }

    /// A transport failed.
    pub fn on_transport_error(&mut self, transport: u32, message: String, now: f64) {
        self.engine.on_transport_error(transport, message);
        self.pump_engine(now);
    }

    /// A WebSocket closed.
    pub fn on_transport_close(&mut self, transport: u32, description: Option<String>, now: f64) {
        self.engine.on_transport_close(transport, description);
        self.pump_engine(now);
    }

    /// Forwards only the engine's I/O (used while abandoning a session).
    fn pump_engine_quiet(&mut self) {
        for a in self.engine.take_actions() {
            if is_io(&a) {
                self.out.push(Event::Io(a));
            }
        }
    }

    fn pump_engine(&mut self, now: f64) {
        loop {
            let actions = self.engine.take_actions();
            if actions.is_empty() {
                return;
            }
            for a in actions {
                self.on_engine(a, now);
            }
        }
    }

    fn on_engine(&mut self, action: Action, now: f64) {
        match action {
            a if is_io(&a) => self.out.push(Event::Io(a)),
            Action::Opened(h) => {
                self.open_deadline = None;
                self.ready = ReadyState::Open;
                self.out.push(Event::Open(h));
                if self.attempt_in_progress {
                    self.attempt_in_progress = false;
                    let attempts = self.attempts;
                    self.reconnecting = false;
                    self.attempts = 0;
                    self.out.push(Event::Reconnect(attempts));
                }
            }
            Action::Upgraded(kind) => self.out.push(Event::Upgraded(kind)),
            Action::Ping => self.out.push(Event::Ping),
            Action::Message(frame) => self.on_message(frame, now),
            Action::Error(message) => match self.ready {
                ReadyState::Opening => {
                    self.engine.abort();
                    self.pump_engine_quiet();
                    self.open_failed(message, now);
                }
                ReadyState::Open => self.out.push(Event::Error(message)),
                ReadyState::Closed => {}
            },
            Action::Closed {
                reason,
                description,
            } => match self.ready {
                ReadyState::Open => self.on_close(reason.as_str(), description, now),
                ReadyState::Opening => {
                    let message = description.unwrap_or_else(|| reason.as_str().to_owned());
                    self.open_failed(message, now);
                }
                ReadyState::Closed => {}
            },
            _ => {}
        }
    }

    fn on_message(&mut self, frame: Frame, now: f64) {
        let decoded = match frame {
            Frame::Text(t) => self
                .decoder
                .text(&t)
                .map(|m| m.map(|m| into_owned_message(m))),
            Frame::Binary(b) => self.decoder.binary(b),
        };
        match decoded {
            Ok(Some(m)) => self.out.push(Event::Packet(m)),
            Ok(None) => {}
            Err(e) => {
                self.out.push(Event::Error(e.as_str().into()));
                self.on_close(
                    CloseReason::ParseError.as_str(),
                    Some(e.as_str().into()),
                    now,
                );
            }
        }
    }

    /// An opening attempt failed (socket.io-client's `onError` inside `open()`).
    fn open_failed(&mut self, message: String, now: f64) {
        if self.ready != ReadyState::Opening {
            return;
        }
        self.ready = ReadyState::Closed;
        self.open_deadline = None;
        self.out.push(Event::Error(message.clone()));
        if self.attempt_in_progress {
            self.attempt_in_progress = false;
            self.reconnecting = false;
            self.reconnect(now);
            self.out.push(Event::ReconnectError(message));
        } else if !self.reconnecting && self.cfg.reconnection && self.attempts == 0 {
            self.reconnect(now);
        }
    }

    fn on_close(&mut self, reason: &'static str, description: Option<String>, now: f64) {
        if self.ready == ReadyState::Closed && reason != CloseReason::ForcedClose.as_str() {
            return;
        }
        let was = self.ready;
        self.engine.close();
        self.pump_engine_quiet();
        self.decoder.reset();
        self.attempts = 0;
        self.ready = ReadyState::Closed;
        self.open_deadline = None;
        self.attempt_in_progress = false;
        if was != ReadyState::Closed || reason == CloseReason::ForcedClose.as_str() {
            self.out.push(Event::Close {
                reason,
                description,
            });
        }
        if self.cfg.reconnection && !self.skip_reconnect {
            self.reconnect(now);
        }
    }

    fn reconnect(&mut self, now: f64) {
        if self.reconnecting || self.skip_reconnect {
            return;
        }
        if self.attempts >= self.cfg.reconnection_attempts {
            self.attempts = 0;
            self.reconnecting = false;
            self.out.push(Event::ReconnectFailed);
        } else {
            let delay = self.backoff();
            self.reconnecting = true;
            self.reconnect_at = Some(now + delay);
        }
    }
}

fn is_io(a: &Action) -> bool {
    matches!(
        a,
        Action::OpenWebSocket { .. }
            | Action::SendFrames { .. }
            | Action::Get { .. }
            | Action::Post { .. }
            | Action::CloseTransport { .. }
    )
}

fn into_owned_message(m: Message<'_>) -> Message<'static> {
    match m {
        Message::Packet(p) => Message::Packet(p.into_owned()),
        Message::Binary {
            packet,
            attachments,
        } => Message::Binary {
            packet,
            attachments,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPEN: &str =
        r#"0{"sid":"s1","upgrades":[],"pingInterval":1000,"pingTimeout":500,"maxPayload":1000}"#;

    fn manager(cfg: ManagerConfig) -> Manager {
        Manager::new(
            cfg,
            EngineConfig {
                authority: "h:1".into(),
                transports: vec![TransportKind::WebSocket],
                ..EngineConfig::default()
            },
            42,
        )
    }

    fn ws_id(events: &[Event]) -> u32 {
        events
            .iter()
            .find_map(|e| match e {
                Event::Io(Action::OpenWebSocket { transport, .. }) => Some(*transport),
                _ => None,
            })
            .expect("a websocket was opened")
    }

    fn connect(m: &mut Manager, now: f64) -> u32 {
        m.open(now);
        let t = ws_id(&m.take_events());
        m.on_open(t, now);
        m.on_text(t, OPEN, now);
        assert!(matches!(m.take_events().as_slice(), [Event::Open(_)]));
        t
    }

    #[test]
    fn backoff_follows_socket_io_client() {
        let mut m = manager(ManagerConfig {
            randomization_factor: 0.0,
            ..ManagerConfig::default()
        });
        let delays: Vec<f64> = (0..5).map(|_| m.backoff()).collect();
        assert_eq!(delays, [1000.0, 2000.0, 4000.0, 5000.0, 5000.0]);
        let mut m = manager(ManagerConfig::default());
        let mut jittered = false;
        for attempt in 0..8 {
            let raw = 1000.0 * 2f64.powi(attempt);
            let d = m.backoff();
            let (lo, hi) = (raw - (raw * 0.5).floor(), raw + (raw * 0.5).floor());
            assert!(d >= lo.min(5000.0) && d <= hi.min(5000.0), "{attempt}: {d}");
            jittered |= d != raw.min(5000.0);
        }
        assert!(jittered, "randomizationFactor 0.5 moves the delays");
    }

    #[test]
    fn decodes_packets_and_reports_ping() {
        let mut m = manager(ManagerConfig::default());
        let t = connect(&mut m, 0.0);
        m.on_text(t, "42[\"ev\",1]", 1.0);
        m.on_text(t, "2", 1.0);
        let ev = m.take_events();
        assert!(
            matches!(&ev[0], Event::Packet(Message::Packet(p)) if p.data.as_deref() == Some("[\"ev\",1]"))
        );
        assert_eq!(ev[1], Event::Ping);
    }

    #[test]
    fn unexpected_close_reconnects_with_events() {
        let mut m = manager(ManagerConfig {
            randomization_factor: 0.0,
            ..ManagerConfig::default()
        });
        let t = connect(&mut m, 0.0);
        m.on_transport_close(t, None, 100.0);
        let ev = m.take_events();
        assert!(ev.contains(&Event::Close {
            reason: "transport close",
            description: None
        }));
        assert!(m.reconnecting());
        assert_eq!(m.next_deadline(), Some(1100.0));
        m.tick(1099.0);
        assert!(m.take_events().is_empty());
        m.tick(1100.0);
        let ev = m.take_events();
        assert_eq!(ev[0], Event::ReconnectAttempt(1));
        let t2 = ws_id(&ev);
        // The attempt fails: reconnect_error, and a longer delay.
        m.on_transport_error(t2, "websocket error".into(), 1150.0);
        let ev = m.take_events();
        assert!(ev.contains(&Event::Error("websocket error".into())));
        assert!(ev.contains(&Event::ReconnectError("websocket error".into())));
        assert_eq!(m.next_deadline(), Some(3150.0));
        m.tick(3150.0);
        let ev = m.take_events();
        assert_eq!(ev[0], Event::ReconnectAttempt(2));
        let t3 = ws_id(&ev);
        m.on_open(t3, 3200.0);
        m.on_text(t3, OPEN, 3200.0);
        let ev = m.take_events();
        assert!(matches!(ev[0], Event::Open(_)));
        assert_eq!(ev[1], Event::Reconnect(2));
        assert!(!m.reconnecting());
    }

    #[test]
    fn attempts_run_out_with_reconnect_failed() {
        let mut m = manager(ManagerConfig {
            reconnection_attempts: 2,
            randomization_factor: 0.0,
            ..ManagerConfig::default()
        });
        m.open(0.0);
        let t = ws_id(&m.take_events());
        m.on_transport_error(t, "down".into(), 0.0);
        let mut failed = false;
        let mut attempts = Vec::new();
        for _ in 0..5 {
            let Some(at) = m.next_deadline() else { break };
            m.tick(at);
            for e in m.take_events() {
                match e {
                    Event::ReconnectAttempt(n) => attempts.push(n),
                    Event::Io(Action::OpenWebSocket { transport, .. }) => {
                        m.on_transport_error(transport, "down".into(), at)
                    }
                    _ => {}
                }
            }
            for e in m.take_events() {
                if e == Event::ReconnectFailed {
                    failed = true;
                }
            }
        }
        assert_eq!(attempts, [1, 2]);
        assert!(failed);
        assert_eq!(m.next_deadline(), None);
    }

    #[test]
    fn connection_timeout() {
        let mut m = manager(ManagerConfig {
            timeout: Some(500.0),
            reconnection: false,
            ..ManagerConfig::default()
        });
        m.open(0.0);
        m.take_events();
        m.tick(500.0);
        let ev = m.take_events();
        assert!(ev.contains(&Event::Error("timeout".into())));
        assert_eq!(m.ready_state(), ReadyState::Closed);
        assert_eq!(m.next_deadline(), None, "no reconnection when disabled");
    }

    #[test]
    fn forced_close_does_not_reconnect() {
        let mut m = manager(ManagerConfig::default());
        connect(&mut m, 0.0);
        m.close(10.0);
        let ev = m.take_events();
        assert!(ev.contains(&Event::Close {
            reason: "forced close",
            description: None
        }));
        assert!(!m.reconnecting());
        assert_eq!(m.next_deadline(), None);
    }

    #[test]
    fn parse_errors_close_and_reconnect() {
        let mut m = manager(ManagerConfig::default());
        let t = connect(&mut m, 0.0);
        m.on_text(t, "4{oops", 5.0);
        let ev = m.take_events();
        assert!(ev.iter().any(|e| matches!(
            e,
            Event::Close {
                reason: "parse error",
                ..
            }
        )));
        assert!(m.reconnecting());
    }

    #[test]
    fn ping_timeout_reconnects() {
        let mut m = manager(ManagerConfig::default());
        connect(&mut m, 0.0);
        assert_eq!(m.next_deadline(), Some(1500.0));
        m.tick(1501.0);
        let ev = m.take_events();
        assert!(ev.contains(&Event::Close {
            reason: "ping timeout",
            description: None
        }));
        assert!(m.reconnecting());
    }
}
