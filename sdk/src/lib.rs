//! plugwire: a Socket.IO client for the browser, written in Rust and compiled to WebAssembly.
//!
//! Layers, bottom up (each only talks to the one below it), all sans-IO and tested natively
//! but the last:
//! - [`protocol`]: Engine.IO v4 and Socket.IO v5 codecs;
//! - [`engine`]: the Engine.IO session: handshake, heartbeat, transports and upgrade, batching;
//! - [`manager`]: reconnection with backoff, the connection timeout, packet decoding;
//! - [`socket`]: one namespace: connection, emits, acks, retries, buffers, recovery;
//! - [`command`]: the ids, typed reasons and commands the core and its hosts share;
//! - [`client`]: every manager and socket of the page, and the commands they leave for the
//!   browser (transport I/O, timers, events to fire);
//! - [`store`]: the plugin store: listener routing by event and channel, channel
//!   subscriptions, connection status;
//! - `js` (wasm32, left out with `web`): the JavaScript bindings. Only numbers, strings
//!   and bytes cross them: the npm package's JavaScript keeps the JavaScript values (listeners,
//!   arguments) and runs the browser's WebSocket, `fetch` and timers as the client commands;
//! - `web` (feature `web`): the Rust host on web-sys and the Rust API for Rust web apps: the
//!   same client driven from Rust, with serde-typed events and futures.
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

pub mod client;
pub mod command;
pub mod engine;
pub mod manager;
pub mod payload;
pub mod protocol;
pub mod socket;
pub mod store;

#[cfg(test)]
mod test_host;
#[cfg(test)]
mod tests_v2;

pub mod js;

#[cfg(feature = "web")]
pub mod web;

#[cfg(all(feature = "bundle", feature = "web"))]
compile_error!("`bundle` is the npm package's no_std build; the Rust API (`web`) needs std");

/// The published bundle's allocator and panic handler: a panic (a bug: plugwire does not panic
/// on input) traps at once instead of formatting a message nobody can read.
#[cfg(all(target_arch = "wasm32", feature = "bundle"))]
mod bundle {
    /// A sorted free list that merges neighbours: the SDK's allocations are small and short-
    /// lived, and it is the smallest allocator that reuses memory.
    #[global_allocator]
    static ALLOC: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
        lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

    #[panic_handler]
    fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
        core::arch::wasm32::unreachable()
    }
}

/// The package version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
