//! plugwire: a Socket.IO client for the browser, written in Rust and compiled to WebAssembly.
//!
//! Layers, bottom up (each only talks to the one below it):
//! - [`protocol`]: Engine.IO v4 and Socket.IO v5 codecs, pure Rust, tested natively.
//! - `js` (wasm32 only): the JavaScript bindings published in the npm package.

pub mod engine;
pub mod manager;
pub mod protocol;

#[cfg(target_arch = "wasm32")]
mod js;

/// The package version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
