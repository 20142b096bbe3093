//! An event-day check-in dashboard in Leptos, on plugwire's Rust API: the plugin store with
//! the manifest's dependency sockets (two kiosks, a badge printer), its connection status as a
//! signal, and live lists fed by channel events. `plugwire serve` serves it; `plugwire send`
//! drives it.
//!
//! The page's socket server is `?socket=<url>` (default: the store's, port 3069 of the page's
//! host).

#[cfg(target_arch = "wasm32")]
mod app;

fn main() {
    #[cfg(target_arch = "wasm32")]
    leptos::mount::mount_to_body(app::App);
}
