//! Transports: their kinds, their state in a session, and the URLs they use.

use crate::prelude::*;

use super::EngineConfig;

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

/// Where a transport is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    /// WebSocket connecting.
    Connecting,
    /// Usable.
    Open,
    /// Polling: stop polling and writing, then upgrade.
    Pausing,
    /// Polling: paused, waiting for the upgrade to finish.
    Paused,
}

/// One transport of the session: the active one, or the WebSocket being probed.
#[derive(Debug, Clone)]
pub(super) struct Transport {
    pub(super) id: u32,
    pub(super) kind: TransportKind,
    pub(super) phase: Phase,
    pub(super) get_in_flight: bool,
    pub(super) post_in_flight: bool,
}

impl Transport {
    pub(super) fn new(id: u32, kind: TransportKind) -> Self {
        Transport {
            id,
            kind,
            phase: match kind {
                TransportKind::WebSocket => Phase::Connecting,
                TransportKind::Polling => Phase::Open,
            },
            get_in_flight: false,
            post_in_flight: false,
        }
    }
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

/// The URL of a transport request: `{scheme}://{authority}{path}?EIO=4&transport=…[&sid=…]`
/// (`EIO=3` in a v3 session), the user's query, and for polling a `t=` cache-buster when
/// `stamp` is given. A polling handshake that may reach a v3 server asks for base64 binary
/// data (`b64=1`: engine.io 3 reads it at the handshake only, and v4 always uses base64 in
/// polling), so no payload is ever in v3's binary framing.
pub(super) fn url(
    cfg: &EngineConfig,
    kind: TransportKind,
    sid: Option<&str>,
    stamp: Option<u64>,
    v3: bool,
) -> String {
    let scheme = match (kind, cfg.secure) {
        (TransportKind::Polling, false) => "http",
        (TransportKind::Polling, true) => "https",
        (TransportKind::WebSocket, false) => "ws",
        (TransportKind::WebSocket, true) => "wss",
    };
    let mut url = String::with_capacity(64);
    url.push_str(scheme);
    url.push_str("://");
    url.push_str(&cfg.authority);
    url.push_str(&cfg.path);
    push_query(&mut url, "EIO", if v3 { "3" } else { "4" });
    push_query(&mut url, "transport", kind.name());
    match sid {
        Some(sid) => push_query(&mut url, "sid", sid),
        None if kind == TransportKind::Polling && cfg.protocol != super::Protocol::V4 => {
            push_query(&mut url, "b64", "1")
        }
        None => {}
    }
    if !cfg.query.is_empty() {
        url.push('&');
        url.push_str(&cfg.query);
    }
    if let Some(stamp) = stamp {
        let mut t = String::new();
        crate::protocol::socketio::push_u64(&mut t, stamp);
        push_query(&mut url, "t", &t);
    }
    url
}
