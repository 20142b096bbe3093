//! What the store takes and what it hands out: its options, the origin of a delivered event,
//! and the records `inspect` sees.

use serde_json::Value;

use crate::store::Driver;
use crate::web::{Manifest, Options};

/// What `Store::new` takes (the JavaScript `createStore` options).
///
/// ```
/// use plugwire::web::{StoreOptions, Driver};
/// let opts = StoreOptions { url: Some("http://127.0.0.1:3069".into()), driver: Driver::Relay, ..StoreOptions::default() };
/// # let _ = opts;
/// ```
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// The socket server (default: the page's host on port 3069).
    pub url: Option<String>,
    /// `auth` of the connection.
    pub auth: Option<Value>,
    /// How channel events arrive (default [`Driver::Echo`]).
    pub driver: Driver,
    /// The plugin's manifest (its dependency sockets).
    pub manifest: Manifest,
    /// `auth` sent with each channel `subscribe` (echo driver; default `{"headers": {}}`).
    pub channel_auth: Option<Value>,
    /// Further socket options (`force_new` is always on: each store has its connection).
    pub io: Options,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            url: None,
            auth: None,
            driver: Driver::Echo,
            manifest: Manifest::default(),
            channel_auth: None,
            io: Options::default(),
        }
    }
}

/// Where a delivered event came from: its name and channel.
///
/// ```no_run
/// # fn f(store: &plugwire::web::Store) {
/// store.listen_socket("primary", "ping", |_: Result<serde_json::Value, _>, meta| {
///     web_sys::console::log_1(&meta.event.clone().into());
/// }).forget();
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// The event's name.
    pub event: String,
    /// Its channel (echo driver), if it had one.
    pub channel: Option<String>,
}

/// Which way an inspected event went.
///
/// ```
/// use plugwire::web::Direction;
/// assert_ne!(Direction::In, Direction::Out);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Received from the server.
    In,
    /// Sent to the server.
    Out,
    /// Injected with `simulate`.
    Simulated,
}

/// One event seen by `inspect`.
///
/// ```no_run
/// # fn f(store: &plugwire::web::Store) {
/// store.inspect(|r| web_sys::console::log_1(&format!("{:?} {}", r.direction, r.event).into())).forget();
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// `Date.now()` when it happened.
    pub time: f64,
    /// Which way.
    pub direction: Direction,
    /// The event's name.
    pub event: String,
    /// Its channel, if any.
    pub channel: Option<String>,
    /// Its data.
    pub payload: Value,
    /// The sockets ("primary" or a dependency) whose listeners received it (inbound only).
    pub reached: Vec<String>,
}
