//! Leptos bindings (feature `leptos`): a socket's connection state, a store's status and an
//! event's latest value as signals. Each hook registers a listener whose handle belongs to the
//! current reactive owner: when the owner is disposed (the component unmounts), the listener
//! is removed.
//!
//! ```no_run
//! # #[cfg(target_arch = "wasm32")] {
//! use leptos::prelude::*;
//! use plugwire::web::{io, leptos::{use_connection_state, use_event}, Options};
//!
//! #[component]
//! fn Live() -> impl IntoView {
//!     let socket = io("http://127.0.0.1:3069", Options::default()).unwrap();
//!     let state = use_connection_state(&socket);
//!     let last = use_event::<String>(&socket, "news");
//!     view! { <p>{move || state.get().as_str()} ": " {move || last.get().unwrap_or_default()}</p> }
//! }
//! # }
//! ```

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;

use super::{ConnectionState, Listener, Meta, PayloadError, Socket, SocketEvent, Status, Store};

/// Removes `listener` when the current owner is disposed (kept for good without an owner).
fn own(listener: Listener) {
    if Owner::current().is_some() {
        let held = SendWrapper::new(listener);
        on_cleanup(move || drop(held.take()));
    } else {
        listener.forget();
    }
}

fn warn(event: &str, e: &PayloadError) {
    web_sys::console::warn_1(&format!("plugwire: \"{event}\": {e}").into());
}

/// The socket's connection state as a signal.
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// # use leptos::prelude::*;
/// # let socket = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
/// let state = plugwire::web::leptos::use_connection_state(&socket);
/// let online = move || state.get() == plugwire::web::ConnectionState::Connected;
/// # let _ = online; }
/// ```
pub fn use_connection_state(socket: &Socket) -> ReadSignal<ConnectionState> {
    let (read, write) = signal(socket.state());
    let s = socket.clone();
    own(socket.on_state(move |_: &SocketEvent| write.set(s.state())));
    read
}

/// The latest first argument of `event`, read as a `T` (`None` until one arrives). A payload
/// of the wrong shape leaves the last value and is reported on the console.
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// # use leptos::prelude::*;
/// # let socket = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
/// let count = plugwire::web::leptos::use_event::<u32>(&socket, "count");
/// let text = move || count.get().map_or("-".to_owned(), |n| n.to_string());
/// # let _ = text; }
/// ```
pub fn use_event<T>(socket: &Socket, event: &str) -> ReadSignal<Option<T>>
where
    T: DeserializeOwned + Send + Sync + 'static,
{
    let (read, write) = signal(None);
    let name = event.to_owned();
    own(socket.on(event, move |r: Result<T, PayloadError>| match r {
        Ok(v) => write.set(Some(v)),
        Err(e) => warn(&name, &e),
    }));
    read
}

/// The store's connection status as a signal.
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// # use leptos::prelude::*;
/// # let store = plugwire::web::Store::new(Default::default()).unwrap();
/// let status = plugwire::web::leptos::use_store_status(&store);
/// let label = move || status.get().as_str();
/// # let _ = label; }
/// ```
pub fn use_store_status(store: &Store) -> ReadSignal<Status> {
    let (read, write) = signal(store.connection_status());
    own(store.on_status_change(move |s| write.set(s)));
    read
}

/// The latest data of a dependency's event (a manifest event type such as `"completed"`, or an
/// event name), on its channel, as a signal.
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// # use leptos::prelude::*;
/// # let store = plugwire::web::Store::new(Default::default()).unwrap();
/// let job = plugwire::web::leptos::use_socket_listener::<serde_json::Value>(&store, "badge_printer_1", "completed");
/// # let _ = job; }
/// ```
pub fn use_socket_listener<T>(store: &Store, dependency: &str, event: &str) -> ReadSignal<Option<T>>
where
    T: DeserializeOwned + Send + Sync + 'static,
{
    let (read, write) = signal(None);
    own(store.use_socket_listener(
        dependency,
        event,
        move |r: Result<T, PayloadError>, meta: &Meta| match r {
            Ok(v) => write.set(Some(v)),
            Err(e) => warn(&meta.event, &e),
        },
    ));
    read
}

/// The latest data of `event` on a socket of the store (`"primary"`: any channel), as a signal.
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// # use leptos::prelude::*;
/// # let store = plugwire::web::Store::new(Default::default()).unwrap();
/// let checked_in = plugwire::web::leptos::use_store_event::<serde_json::Value>(&store, "primary", "AttendeeCheckedIn");
/// # let _ = checked_in; }
/// ```
pub fn use_store_event<T>(store: &Store, socket: &str, event: &str) -> ReadSignal<Option<T>>
where
    T: DeserializeOwned + Send + Sync + 'static,
{
    let (read, write) = signal(None);
    own(store.listen_socket(
        socket,
        event,
        move |r: Result<T, PayloadError>, meta: &Meta| match r {
            Ok(v) => write.set(Some(v)),
            Err(e) => warn(&meta.event, &e),
        },
    ));
    read
}
