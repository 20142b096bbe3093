//! plugwire: a Socket.IO client for the browser, written in Rust and compiled to WebAssembly.
//!
//! Layers, bottom up (each only talks to the one below it):
//! - [`protocol`]: Engine.IO v4 and Socket.IO v5 codecs, pure Rust, tested natively;
//! - `transport` (wasm32): WebSocket and HTTP long-polling, carrying out the engine's I/O;
//! - [`engine`]: the Engine.IO session, a sans-IO state machine tested natively;
//! - [`manager`]: reconnection and multiplexing, sans-IO, tested natively;
//! - `runtime` (wasm32): drives the manager with the browser and dispatches its events;
//! - `socket` (wasm32): one namespace: listeners, emits, acks, buffers;
//! - `js` (wasm32): the JavaScript bindings published in the npm package.

pub mod engine;
pub mod manager;
pub mod protocol;

#[cfg(target_arch = "wasm32")]
mod emitter;
#[cfg(target_arch = "wasm32")]
mod js;
#[cfg(target_arch = "wasm32")]
mod runtime;
#[cfg(target_arch = "wasm32")]
mod socket;
#[cfg(target_arch = "wasm32")]
mod transport;

/// The package version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
