//! The vocabulary between the sans-IO core and its host: the ids of managers and sockets, the
//! typed reasons, and the [`Cmd`]s a host carries out.
//!
//! It sits below [`crate::socket`] and [`crate::client`] (both speak it, neither imports the
//! other for it). Reasons stay enums until the host shows them: strings live only in their
//! `as_str`, where they are exactly socket.io-client's.

use crate::engine::{CloseReason, Details, Frame, Io, SessionError};
use crate::payload::{PayloadKind, Span};
use crate::prelude::*;

macro_rules! id {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            /// The number the host knows it by.
            pub fn get(self) -> u32 {
                self.0
            }
        }

        impl From<u32> for $name {
            fn from(n: u32) -> Self {
                $name(n)
            }
        }
    };
}

id! {
    /// A manager: one connection to a server. Its slot is reused once it is freed.
    ManagerId
}

id! {
    /// A socket: one namespace on a manager's connection. Its slot is reused once it is freed.
    SocketId
}

/// Why a socket disconnected (socket.io-client's `disconnect` reasons).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DisconnectReason {
    /// The server sent a DISCONNECT packet.
    IoServerDisconnect,
    /// `socket.disconnect()`.
    IoClientDisconnect,
    /// The connection closed.
    Closed(CloseReason),
}

impl DisconnectReason {
    /// The reason string socket.io-client reports.
    pub fn as_str(self) -> &'static str {
        match self {
            DisconnectReason::IoServerDisconnect => "io server disconnect",
            DisconnectReason::IoClientDisconnect => "io client disconnect",
            DisconnectReason::Closed(r) => r.as_str(),
        }
    }
}

/// Why an ack will never come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AckFailure {
    /// `timeout(ms)` / `ackTimeout` ran out.
    TimedOut,
    /// The connection was lost first.
    Disconnected,
}

impl AckFailure {
    /// The error message socket.io-client uses.
    pub fn message(self) -> &'static str {
        match self {
            AckFailure::TimedOut => "operation has timed out",
            AckFailure::Disconnected => "socket has been disconnected",
        }
    }
}

/// Whose listeners an event is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A `Manager`.
    Manager(ManagerId),
    /// A manager's `engine`.
    Engine(ManagerId),
    /// A `Socket`.
    Socket(SocketId),
}

/// The arguments of a fired event, as the host builds them.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// No argument.
    None,
    /// A number.
    Num(f64),
    /// An error: `Error(message)`, or engine.io-client's `TransportError`.
    Error(SessionError),
    /// `(reason, details)`.
    Close(&'static str, Details),
    /// `{name}` of a transport.
    Transport(&'static str),
    /// The held payload of a CONNECT_ERROR packet (a string or `{message, data}`): an `Error`
    /// with its `message` and `data`.
    ConnectError(u32),
    /// An Engine.IO packet `{type, data}`.
    Packet(&'static str, Frame),
}

/// What the host must do, in order.
#[derive(Debug, PartialEq)]
pub enum Cmd {
    /// Transport I/O of a manager.
    Io(ManagerId, Io),
    /// (Re)arm the manager's timer to call `Client::tick` in this many ms; negative: none.
    Timer(ManagerId, f64),
    /// Call `Client::deliver` from a microtask.
    Deliver(ManagerId),
    /// Whether a WebSocket has worked in this page (engine.io-client's `priorWebsocketSuccess`).
    PriorWebsocket(bool),
    /// The manager opens a new Engine.IO session: the host makes a new `engine` object for it
    /// (engine.io-client makes one socket per connection, so listeners do not pile up).
    NewEngine(ManagerId),
    /// Fire an event.
    Fire(Target, &'static str, Arg),
    /// Settle the manager's `open(callback)` callbacks, with an error or not.
    Settle(ManagerId, Option<String>),
    /// Compute the socket's `auth` and call `Client::join`.
    Join(SocketId),
    /// Parse the payload at `span` of the text just passed in (see [`crate::payload`]); keep it
    /// under `id`, or report it with `Client::payload_error` once the input call has returned.
    Parse {
        /// The manager whose input it is.
        manager: ManagerId,
        /// The id to keep the value under.
        id: u32,
        /// The shape it must have.
        kind: PayloadKind,
        /// Where it lies.
        span: Span,
    },
    /// Put `attachments` in place of the placeholders of the held payload `id` (reporting a
    /// placeholder that names none, as for [`Cmd::Parse`]).
    Revive {
        /// The manager whose input it is.
        manager: ManagerId,
        /// The held payload.
        id: u32,
        /// The attachments, in order.
        attachments: Vec<Vec<u8>>,
    },
    /// Forget the held payload `id`: the core dropped its packet.
    Drop(u32),
    /// An incoming event for the socket's listeners: the held payload `payload`
    /// (`[event, ...args]`, forgotten once delivered); `ack`: the id to answer with
    /// `Client::send_ack`.
    Event {
        /// Socket.
        socket: SocketId,
        /// The held `[event, ...args]`.
        payload: u32,
        /// Ack id requested by the server.
        ack: Option<u64>,
        /// The socket recovers its state: when the event's last argument is a string (and no
        /// ack is asked), it is the offset to resume from (`Client::set_offset`).
        recovering: bool,
    },
    /// An emit's ack arrived: the held payload `payload` (its arguments).
    Ack {
        /// Socket.
        socket: SocketId,
        /// The emit's handle.
        handle: u32,
        /// The held arguments.
        payload: u32,
        /// Call the callback error-first (`null` first).
        err_first: bool,
    },
    /// An emit's ack failed: reject its promise; call its callback with an `Error` when
    /// `report` (error-first callbacks).
    AckError {
        /// Socket.
        socket: SocketId,
        /// The emit's handle.
        handle: u32,
        /// Why.
        failure: AckFailure,
        /// Whether a callback hears of it.
        report: bool,
    },
    /// An emit is written: outgoing catch-all listeners; forget it after when `release`.
    Outgoing {
        /// Socket.
        socket: SocketId,
        /// The emit's handle.
        handle: u32,
        /// No ack will come for it.
        release: bool,
    },
    /// Forget an emit's handle (dropped, or done).
    Release(u32),
}
