//! plugwire devtools: the in-page overlay (Leptos, client-side rendered), opened with
//! Ctrl+Shift+D. Three tabs: the Socket Simulator (fire events at the page, or from it, and see
//! which listeners received them), the Event Log (every event in and out, per socket; export,
//! import, replay) and the Connection (per socket). It sees the page through the hub of
//! `devtools.js` — the store's public JavaScript API and the sockets made with `io()` — and
//! the dev server through its HTTP API (`GET /events`, `POST /emit`).
//!
//! The model (`page`, `record`, `prefs`, `server`, `send`, `conn`, `json`) comes first; the
//! state every component shares (`state`) is given by context; the components (`ui`) are small.

mod conn;
mod js;
mod json;
mod page;
mod prefs;
mod record;
mod send;
mod server;
mod state;
mod style;
mod ui;

use std::any::Any;

use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// A mounted overlay; `unmount()` removes it and releases its listeners.
#[wasm_bindgen]
pub struct Mounted {
    handle: Option<Box<dyn Any>>,
}

#[wasm_bindgen]
impl Mounted {
    /// Removes the overlay.
    pub fn unmount(&mut self) {
        self.handle = None;
    }
}

/// Mounts the overlay into `container` (inside a shadow root) for the page seen through `hub`;
/// `host` is the fixed-position element around the shadow root (docked and sized from the
/// preferences).
#[wasm_bindgen]
pub fn mount(container: web_sys::HtmlElement, hub: JsValue, host: web_sys::HtmlElement) -> Mounted {
    let handle = mount_to(container, move || {
        view! { <ui::shell::App hub=page::Hub(hub) host=host/> }
    });
    Mounted {
        handle: Some(Box::new(handle)),
    }
}
