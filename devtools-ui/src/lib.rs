//! plugwire devtools overlay.
//!
//! The Leptos overlay (Socket Simulator, Event Log, Connection) is built in its own issue; this
//! crate exists so the workspace and the build pipeline already include it.

/// The overlay's version, the same as the SDK's.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
