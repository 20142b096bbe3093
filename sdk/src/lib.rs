//! plugwire: a Socket.IO client for the browser, written in Rust and compiled to WebAssembly.
//!
//! Layers, bottom up (each only talks to the one below it):
//! - [`protocol`]: Engine.IO v4 and Socket.IO v5 codecs, pure Rust, tested natively;
//! - `transport` (wasm32): WebSocket and HTTP long-polling, carrying out the engine's I/O;
//! - [`engine`]: the Engine.IO session, a sans-IO state machine tested natively;
//! - [`manager`]: reconnection and multiplexing, sans-IO, tested natively;
//! - `runtime` (wasm32): drives the manager with the browser and dispatches its events;
//! - `socket` (wasm32): one namespace: listeners, emits, acks, buffers;
//! - `store` (wasm32): the plugin store: routing by event and channel, drivers, state, status;
//! - `js` (wasm32): the JavaScript bindings published in the npm package.
//!
//! The code uses `core` and `alloc` only. With the `bundle` feature (the published wasm) the
//! crate is `no_std`: no part of `std` is linked, so none of its panic and formatting machinery.
#![cfg_attr(feature = "bundle", no_std)]

extern crate alloc;

/// What `std`'s prelude would bring, from `alloc`.
mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

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
mod store;
#[cfg(target_arch = "wasm32")]
mod transport;

/// The published bundle's allocator and panic handler: a panic (a bug: plugwire does not panic
/// on input) traps at once instead of formatting a message nobody can read.
#[cfg(all(target_arch = "wasm32", feature = "bundle"))]
mod bundle {
    #[global_allocator]
    static ALLOC: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

    #[panic_handler]
    fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
        core::arch::wasm32::unreachable()
    }
}

/// The package version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
