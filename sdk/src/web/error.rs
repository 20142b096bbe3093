//! The Rust API's errors: one enum for the calls, one for acks. No dependency type leaks out.

use super::payload::PayloadError;

/// What a call of the Rust API can fail with.
///
/// ```
/// # #[cfg(target_arch = "wasm32")] {
/// use plugwire::web::{io, Error, Options};
/// let socket = io("http://127.0.0.1:3069", Options { auto_connect: false, ..Options::default() }).unwrap();
/// assert!(matches!(socket.emit("connect", &1), Err(Error::ReservedEvent(_))));
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The URL given to `io()` or `Manager::new` does not parse.
    #[error("invalid URL: {0}")]
    InvalidUrl(String),
    /// `connect`, `disconnect` and the other names socket.io reserves cannot be emitted.
    #[error("\"{0}\" is a reserved event name")]
    ReservedEvent(String),
    /// A payload could not be written, or read as the type asked for.
    #[error(transparent)]
    Payload(#[from] PayloadError),
    /// An ack did not come.
    #[error(transparent)]
    Ack(#[from] AckError),
    /// The connection could not be opened (`Manager::open`'s callback).
    #[error("connection failed: {0}")]
    Connection(String),
}

/// Why an ack will never come.
///
/// ```
/// use plugwire::web::AckError;
/// assert_eq!(AckError::TimedOut.to_string(), "operation has timed out");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AckError {
    /// The timeout (`timeout(..)` or the socket's `ack_timeout`) ran out, after the retries.
    #[error("operation has timed out")]
    TimedOut,
    /// The connection was lost before the ack came.
    #[error("socket has been disconnected")]
    Disconnected,
    /// The emit was dropped before it was sent (a `volatile` emit while disconnected).
    #[error("the emit was dropped before it was sent")]
    Dropped,
}
