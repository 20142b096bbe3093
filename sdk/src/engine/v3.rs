//! Engine.IO v3 sessions (Socket.IO 2.x servers such as laravel-echo-server): which revision a
//! session speaks, and v3's heartbeat, where the client pings.
//!
//! Detection, in [`Protocol::Auto`], costs no round trip: the first request is the usual v4
//! one, and a v3 server answers it in v3 (engine.io 3 does not check `EIO`), so the session it
//! opened is simply continued in v3.
//! - Polling: a v3 payload is framed `<length>:<packet>` (`97:0{"sid":…}2:40`); a v4 one starts
//!   with the open packet itself.
//! - WebSocket: the open packet is the same, but a v4 server (engine.io 6.2 and later: every
//!   socket.io 4.5+ server) sends `maxPayload` in it and a v3 server never does. An older v4
//!   server reached WebSocket-first needs [`Protocol::V4`] (documented in the README).
//!
//! Heartbeat (engine.io-client 3): `pingInterval` after the open, and after each pong, the
//! client sends a ping and expects the pong within `pingTimeout`; any packet from the server
//! proves it alive for `pingInterval + pingTimeout`. The deadlines are wall-clock times, as in
//! v4, and a ping that is due is sent before the timeout is judged (a throttled timer must not
//! turn our own late ping into a "ping timeout").

use crate::protocol::engine::{Packet, PacketType};
use crate::protocol::engine3;

use super::{Engine, Event, State};

/// Which Engine.IO revision to speak (the `protocol` option).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Protocol {
    /// Recognise a v3 server from its handshake (the default).
    #[default]
    Auto,
    /// Engine.IO v3 only (`EIO=3`, Socket.IO 2.x servers).
    V3,
    /// Engine.IO v4 only (`EIO=4`, Socket.IO 3.x and later).
    V4,
}

impl Engine {
    /// Whether the current session speaks Engine.IO v3 (and so Socket.IO v4, the protocol
    /// of socket.io 2.x: implicit default namespace, string errors, no CONNECT payload).
    pub fn v3(&self) -> bool {
        self.v3
    }

    /// The user's query, URL-encoded (v3 repeats it in a namespace's CONNECT).
    pub fn query(&self) -> &str {
        &self.cfg.query
    }

    /// A polling body while opening in [`Protocol::Auto`]: v3 framing means a v3 server.
    pub(super) fn sniff_payload(&mut self, body: &str) {
        if self.cfg.protocol == Protocol::Auto
            && self.state == State::Opening
            && engine3::is_framed(body)
        {
            self.v3 = true;
        }
    }

    /// The handshake over WebSocket in [`Protocol::Auto`]: no `maxPayload` means a v3 server.
    /// Then starts v3's heartbeat if the session speaks v3.
    pub(super) fn on_open3(&mut self, websocket: bool, max_payload: u64, now: f64) {
        if self.cfg.protocol == Protocol::Auto && websocket && max_payload == 0 {
            self.v3 = true;
        }
        if self.v3 {
            self.schedule_ping(now);
        }
    }

    fn schedule_ping(&mut self, now: f64) {
        self.next_ping = self
            .handshake
            .as_ref()
            .map(|h| now + h.ping_interval as f64);
    }

    /// A v3 packet from the server: it is alive; a pong schedules the next ping. Returns
    /// whether the packet is handled (v3 ignores a server's ping).
    pub(super) fn on_packet3(&mut self, kind: PacketType, now: f64) -> bool {
        self.reset_ping(now);
        match kind {
            PacketType::Pong => {
                self.schedule_ping(now);
                true
            }
            PacketType::Ping => true,
            _ => false,
        }
    }

    /// Sends the ping if it is due (`ping` is reported as socket.io-client 2 does, when the
    /// client pings), the pong then due within `pingTimeout`.
    pub(super) fn heartbeat3(&mut self, now: f64) {
        if !self.v3 || self.state != State::Open || self.next_ping.is_none_or(|t| now < t) {
            return;
        }
        self.next_ping = None;
        if let Some(h) = &self.handshake {
            self.ping_deadline = now + h.ping_timeout as f64;
        }
        self.push_event(Event::Ping);
        self.queue(Packet::text(PacketType::Ping, ""));
        self.flush();
    }
}
