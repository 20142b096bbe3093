//! What sockets and managers report, as enums (strings only in `as_str`).

use serde_json::Value;

use super::Transport;
use crate::command::Arg;
use crate::engine::SessionError;

/// Why a socket disconnected, or a connection closed (socket.io-client's reasons).
///
/// ```
/// use plugwire::web::DisconnectReason;
/// assert_eq!(DisconnectReason::PingTimeout.as_str(), "ping timeout");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisconnectReason {
    /// The server disconnected the socket (`socket.disconnect()` on the server): no reconnection.
    IoServerDisconnect,
    /// `Socket::disconnect`: no reconnection.
    IoClientDisconnect,
    /// The connection was closed (the server stopped, the network went away).
    TransportClose,
    /// The transport failed.
    TransportError,
    /// The server stopped sending pings.
    PingTimeout,
    /// The server sent something that does not decode.
    ParseError,
    /// The client closed the session.
    ForcedClose,
}

impl DisconnectReason {
    /// The reason string socket.io-client reports.
    ///
    /// ```
    /// # use plugwire::web::DisconnectReason;
    /// assert_eq!(DisconnectReason::IoServerDisconnect.as_str(), "io server disconnect");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            DisconnectReason::IoServerDisconnect => "io server disconnect",
            DisconnectReason::IoClientDisconnect => "io client disconnect",
            DisconnectReason::TransportClose => "transport close",
            DisconnectReason::TransportError => "transport error",
            DisconnectReason::PingTimeout => "ping timeout",
            DisconnectReason::ParseError => "parse error",
            DisconnectReason::ForcedClose => "forced close",
        }
    }

    fn from_str(s: &str) -> Self {
        match s {
            "io server disconnect" => DisconnectReason::IoServerDisconnect,
            "io client disconnect" => DisconnectReason::IoClientDisconnect,
            "transport error" => DisconnectReason::TransportError,
            "ping timeout" => DisconnectReason::PingTimeout,
            "parse error" => DisconnectReason::ParseError,
            "forced close" => DisconnectReason::ForcedClose,
            _ => DisconnectReason::TransportClose,
        }
    }
}

/// The error a `connect_error` carries: a middleware's refusal (`message` and `data`), or why
/// the connection could not be made.
///
/// ```
/// use plugwire::web::ConnectError;
/// let e = ConnectError { message: "not authorized".into(), data: None };
/// assert_eq!(e.message, "not authorized");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectError {
    /// The error's message.
    pub message: String,
    /// The data the server attached (`err.data` on the server), if any.
    pub data: Option<Value>,
}

/// What a socket reports about its connection.
///
/// ```
/// use plugwire::web::{DisconnectReason, SocketEvent};
/// let e = SocketEvent::Disconnect(DisconnectReason::TransportClose);
/// assert!(matches!(e, SocketEvent::Disconnect(_)));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum SocketEvent {
    /// Connected to the namespace.
    Connect,
    /// The connection, or the namespace, refused.
    ConnectError(ConnectError),
    /// Disconnected; the socket reconnects unless the reason says otherwise (a payload that does
    /// not parse closes the connection: [`DisconnectReason::ParseError`]).
    Disconnect(DisconnectReason),
}

/// The state of a socket's connection, as a value (for signals and status badges).
///
/// ```
/// use plugwire::web::ConnectionState;
/// assert_eq!(ConnectionState::Connected.as_str(), "connected");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ConnectionState {
    /// Not connected, and not trying (`disconnect()`, or before `connect()`).
    #[default]
    Disconnected,
    /// Connecting or reconnecting.
    Connecting,
    /// Connected to the namespace.
    Connected,
}

impl ConnectionState {
    /// A name for display.
    ///
    /// ```
    /// # use plugwire::web::ConnectionState;
    /// assert_eq!(ConnectionState::Connecting.as_str(), "connecting");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionState::Disconnected => "disconnected",
            ConnectionState::Connecting => "connecting",
            ConnectionState::Connected => "connected",
        }
    }
}

/// What a manager (the shared connection) reports.
///
/// ```
/// use plugwire::web::ManagerEvent;
/// assert!(matches!(ManagerEvent::ReconnectAttempt(1), ManagerEvent::ReconnectAttempt(n) if n == 1));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum ManagerEvent {
    /// The connection opened.
    Open,
    /// The connection closed.
    Close(DisconnectReason),
    /// The connection failed (the error's message).
    Error(String),
    /// The server pinged.
    Ping,
    /// A reconnection attempt starts (its number, from 1).
    ReconnectAttempt(u32),
    /// Reconnected after this many attempts.
    Reconnect(u32),
    /// A reconnection attempt failed.
    ReconnectError(String),
    /// Reconnection gave up (`reconnection_attempts` ran out).
    ReconnectFailed,
}

/// What the manager's Engine.IO session reports (engine.io-client's `Socket` events, as
/// `socket.io.engine.on(..)` hears them): every session's, one after the other.
///
/// ```
/// use plugwire::web::{EngineEvent, Transport};
/// let e = EngineEvent::Upgrade(Transport::WebSocket);
/// assert!(matches!(e, EngineEvent::Upgrade(Transport::WebSocket)));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum EngineEvent {
    /// The session opened (the handshake arrived).
    Open,
    /// The session moved to this transport (polling to WebSocket).
    Upgrade(Transport),
    /// The upgrade failed (the error's message); the session stays on polling.
    UpgradeError(String),
    /// The session closed.
    Close(DisconnectReason),
}

impl EngineEvent {
    /// The enum for a fired engine event; `None` for the per-packet ones, which the Rust API
    /// does not ask for.
    pub(crate) fn from_fired(event: &str, arg: &Arg) -> Option<Self> {
        Some(match event {
            "open" => EngineEvent::Open,
            "upgrade" => match arg {
                Arg::Transport(name) => EngineEvent::Upgrade(Transport::from_name(name)?),
                _ => return None,
            },
            "upgradeError" => EngineEvent::UpgradeError(error_message(arg)),
            "close" => match arg {
                Arg::Close(r, _) => EngineEvent::Close(DisconnectReason::from_str(r)),
                _ => EngineEvent::Close(DisconnectReason::TransportClose),
            },
            _ => return None,
        })
    }
}

fn error_message(arg: &Arg) -> String {
    match arg {
        Arg::Error(e) => e.message().to_owned(),
        _ => String::new(),
    }
}

impl ManagerEvent {
    /// The enum for a fired manager event; `None` for those the Rust API does not surface.
    pub(crate) fn from_fired(event: &str, arg: &Arg) -> Option<Self> {
        let n = match arg {
            Arg::Num(n) => *n as u32,
            _ => 0,
        };
        Some(match event {
            "open" => ManagerEvent::Open,
            "close" => match arg {
                Arg::Close(r, _) => ManagerEvent::Close(DisconnectReason::from_str(r)),
                _ => ManagerEvent::Close(DisconnectReason::TransportClose),
            },
            "error" => ManagerEvent::Error(error_message(arg)),
            "ping" => ManagerEvent::Ping,
            "reconnect_attempt" => ManagerEvent::ReconnectAttempt(n),
            "reconnect" => ManagerEvent::Reconnect(n),
            "reconnect_error" => ManagerEvent::ReconnectError(error_message(arg)),
            "reconnect_failed" => ManagerEvent::ReconnectFailed,
            _ => return None,
        })
    }
}

impl SocketEvent {
    /// The enum for a fired socket event.
    pub(crate) fn from_fired(event: &str, arg: &Arg) -> Option<Self> {
        Some(match event {
            "connect" => SocketEvent::Connect,
            "disconnect" => match arg {
                Arg::Close(r, _) => SocketEvent::Disconnect(DisconnectReason::from_str(r)),
                _ => SocketEvent::Disconnect(DisconnectReason::TransportClose),
            },
            "connect_error" => SocketEvent::ConnectError(match arg {
                Arg::ConnectError(id) => connect_error(super::runtime::rt().take_held(*id)),
                Arg::Error(SessionError::Transport { message, .. }) => ConnectError {
                    message: message.clone(),
                    data: None,
                },
                other => ConnectError {
                    message: error_message(other),
                    data: None,
                },
            }),
            _ => return None,
        })
    }
}

/// A CONNECT_ERROR packet's data: a string, or `{message, data}` (the host checked its shape).
fn connect_error(value: Option<Value>) -> ConnectError {
    match value {
        Some(Value::String(message)) => ConnectError {
            message,
            data: None,
        },
        Some(Value::Object(mut o)) => ConnectError {
            message: match o.remove("message") {
                Some(Value::String(m)) => m,
                Some(other) => other.to_string(),
                None => String::new(),
            },
            data: o.remove("data"),
        },
        other => ConnectError {
            message: other.map(|v| v.to_string()).unwrap_or_default(),
            data: None,
        },
    }
}
