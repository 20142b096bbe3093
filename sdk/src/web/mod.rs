//! plugwire for Rust apps: the Rust host of the sans-IO core and an API with
//! socket.io-client's semantics, for Leptos, Yew, Dioxus or plain wasm-bindgen code.
//!
//! The core ([`crate::client::Client`]) decides everything; this module performs what it asks
//! for on web-sys — WebSockets (`arraybuffer` binary type), `fetch` for long-polling, one timer
//! per manager, microtasks, the window's `offline` and `beforeunload` — and hands events to
//! Rust listeners with serde-typed arguments. It plays the role `pkg/src/client.js` plays for
//! the npm package, on the same core, so both clients behave the same.
//!
//! ```no_run
//! # #[cfg(target_arch = "wasm32")]
//! # async fn demo() -> Result<(), plugwire::web::Error> {
//! use plugwire::web::{io, Options};
//! use serde::Deserialize;
//!
//! #[derive(Deserialize)]
//! struct CheckIn { name: String }
//!
//! let socket = io("http://127.0.0.1:3069", Options::default())?;
//! let listener = socket.on("check-in", |r: Result<CheckIn, _>| {
//!     if let Ok(c) = r { web_sys::console::log_1(&c.name.into()); }
//! });
//! let count: u32 = socket.emit_args_with_ack("count", &()).await?;
//! listener.forget();
//! # let _ = count; Ok(()) }
//! ```
//!
//! Layout: [`payload`] (serde values and binary placeholders) and `auth` (fixed credentials or
//! a provider asked on every connection attempt), both also built natively; and on wasm32:
//! `options` (what `io()` takes, URL resolution), `runtime` (the host: the command loop,
//! timers, the window's events) and `transport` (WebSocket and fetch), `manager` (with its
//! `settings` on the running connection and its Engine.IO session, `engine`) and `socket`
//! (emits, and its listeners in `listen`), `events`, `error`, `listener` (handles removed on
//! drop), `stream` (events as a `Stream`, acks as futures), and `store` (the plugin store on
//! the same core as the JavaScript one; `manifest` is its input).

mod auth;
mod manifest;
pub mod payload;

pub use crate::store::{Driver, Status};
pub use auth::Auth;
pub use manifest::{Dependency, DependencySocket, Manifest};
pub use payload::{Payload, PayloadError};

#[cfg(target_arch = "wasm32")]
mod emitter;
#[cfg(target_arch = "wasm32")]
mod error;
#[cfg(target_arch = "wasm32")]
mod event;
#[cfg(target_arch = "wasm32")]
mod events;
#[cfg(all(target_arch = "wasm32", feature = "leptos"))]
pub mod leptos;
#[cfg(target_arch = "wasm32")]
mod listener;
#[cfg(target_arch = "wasm32")]
mod manager;
#[cfg(target_arch = "wasm32")]
mod options;
#[cfg(target_arch = "wasm32")]
mod runtime;
#[cfg(target_arch = "wasm32")]
mod socket;
#[cfg(target_arch = "wasm32")]
mod store;
#[cfg(target_arch = "wasm32")]
mod stream;
#[cfg(target_arch = "wasm32")]
mod transport;

#[cfg(target_arch = "wasm32")]
pub use emitter::Emitter;
#[cfg(target_arch = "wasm32")]
pub use error::{AckError, Error};
#[cfg(target_arch = "wasm32")]
pub use event::{AckResponder, Event};
#[cfg(target_arch = "wasm32")]
pub use events::{
    ConnectError, ConnectionState, DisconnectReason, EngineEvent, ManagerEvent, SocketEvent,
};
#[cfg(target_arch = "wasm32")]
pub use listener::Listener;
#[cfg(target_arch = "wasm32")]
pub use manager::Manager;
#[cfg(target_arch = "wasm32")]
pub use options::{Options, Transport};
#[cfg(target_arch = "wasm32")]
pub use socket::io;
#[cfg(target_arch = "wasm32")]
pub use socket::Socket;
#[cfg(target_arch = "wasm32")]
pub use store::{Direction, Meta, Record, Store, StoreOptions};
#[cfg(target_arch = "wasm32")]
pub use stream::{AckFuture, EventStream};
