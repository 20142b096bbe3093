//! A socket's listeners: events with serde-typed arguments, raw events, incoming and
//! outgoing catch-alls, connection events, and events as a `Stream`. Each returns a
//! [`Listener`] that removes it when dropped.

use futures_channel::mpsc;
use serde::de::DeserializeOwned;

use super::Socket;
use crate::web::event::Event;
use crate::web::events::SocketEvent;
use crate::web::listener::Listener;
use crate::web::payload::PayloadError;
use crate::web::stream::EventStream;

impl Socket {
    /// Listens to `event`; the handler gets its first argument as a `T`, or the error if the
    /// argument does not have that shape (never a panic).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// #[derive(serde::Deserialize)]
    /// struct News { title: String }
    /// let listener = s.on("news", |n: Result<News, _>| match n {
    ///     Ok(n) => web_sys::console::log_1(&n.title.into()),
    ///     Err(e) => web_sys::console::warn_1(&e.to_string().into()),
    /// });
    /// # listener.forget(); }
    /// ```
    pub fn on<T: DeserializeOwned + 'static>(
        &self,
        event: &str,
        mut f: impl FnMut(Result<T, PayloadError>) + 'static,
    ) -> Listener {
        self.on_raw(event, move |e| f(e.payload.arg::<T>(0)))
    }

    /// Listens to `event`; the handler gets all its arguments as one `T` (a tuple, a `Vec`).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// s.on_args("hello", |args: Result<(serde_json::Value, Option<String>), _>| { let _ = args; }).forget();
    /// # }
    /// ```
    pub fn on_args<T: DeserializeOwned + 'static>(
        &self,
        event: &str,
        mut f: impl FnMut(Result<T, PayloadError>) + 'static,
    ) -> Listener {
        self.on_raw(event, move |e| f(e.payload.all::<T>()))
    }

    /// Listens to `event` with its raw arguments and the server's ack request.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// s.on_raw("anything", |e| web_sys::console::log_1(&e.payload().len().into())).forget();
    /// # }
    /// ```
    pub fn on_raw(&self, event: &str, f: impl FnMut(&Event) + 'static) -> Listener {
        self.0.events.add(Some(event.to_owned()), f)
    }

    /// Whether `event` has listeners (socket.io-client's `hasListeners`).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// let l = s.on_raw("news", |_| {});
    /// assert!(s.has_listeners("news"));
    /// drop(l);
    /// assert!(!s.has_listeners("news"));
    /// # }
    /// ```
    pub fn has_listeners(&self, event: &str) -> bool {
        self.0.events.has(&Some(event.to_owned()))
    }

    /// Listens to every incoming event (socket.io-client's `onAny`), before the event's own
    /// listeners.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// s.on_any(|e| web_sys::console::log_1(&e.name().into())).forget();
    /// # }
    /// ```
    pub fn on_any(&self, f: impl FnMut(&Event) + 'static) -> Listener {
        self.0.events.add(None, f)
    }

    /// Listens to every incoming event before the catch-all listeners already there
    /// (socket.io-client's `prependAny`).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// let _later = s.on_any(|_| {});
    /// s.prepend_any(|e| web_sys::console::log_1(&format!("first: {}", e.name()).into())).forget();
    /// # }
    /// ```
    pub fn prepend_any(&self, f: impl FnMut(&Event) + 'static) -> Listener {
        self.0.events.prepend(None, f)
    }

    /// Removes every incoming catch-all listener (socket.io-client's `offAny()`; to remove one,
    /// drop its handle).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// s.on_any(|_| {}).forget();
    /// s.off_any();
    /// # }
    /// ```
    pub fn off_any(&self) {
        self.0.events.clear(&None);
    }

    /// Listens to every event this socket sends, as it is written to the connection
    /// (socket.io-client's `onAnyOutgoing`): an emit buffered while disconnected is heard when
    /// the buffer is flushed; a volatile emit that is dropped is never heard. The event has no
    /// ack ([`Event::ack`] is `None`); acks sent to the server are not events.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// let _log = s.on_any_outgoing(|e| web_sys::console::log_1(&format!("sent {}", e.name()).into()));
    /// s.emit("hello", &1).unwrap();
    /// # }
    /// ```
    pub fn on_any_outgoing(&self, f: impl FnMut(&Event) + 'static) -> Listener {
        self.0.outgoing.add((), f)
    }

    /// Listens to every sent event, before the outgoing catch-all listeners already there
    /// (socket.io-client's `prependAnyOutgoing`).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// s.prepend_any_outgoing(|e| { let _ = e.payload().len(); }).forget();
    /// # }
    /// ```
    pub fn prepend_any_outgoing(&self, f: impl FnMut(&Event) + 'static) -> Listener {
        self.0.outgoing.prepend((), f)
    }

    /// Removes every outgoing catch-all listener (socket.io-client's `offAnyOutgoing()`).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// s.on_any_outgoing(|_| {}).forget();
    /// s.off_any_outgoing();
    /// # }
    /// ```
    pub fn off_any_outgoing(&self) {
        self.0.outgoing.clear(&());
    }

    /// Listens to the socket's connection events (`connect`, `connect_error`, `disconnect`).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let s = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// use plugwire::web::SocketEvent;
    /// s.on_state(|e| if let SocketEvent::Disconnect(r) = e {
    ///     web_sys::console::log_1(&r.as_str().into());
    /// }).forget();
    /// # }
    /// ```
    pub fn on_state(&self, f: impl FnMut(&SocketEvent) + 'static) -> Listener {
        self.0.state.add((), f)
    }

    /// `event`'s first argument as a stream of `T`s (the listener goes with the stream).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")]
    /// # async fn demo(s: plugwire::web::Socket) {
    /// use futures::StreamExt;
    /// let mut ticks = s.stream::<u64>("tick");
    /// let first = ticks.next().await;
    /// # let _ = first; }
    /// ```
    pub fn stream<T: DeserializeOwned + 'static>(&self, event: &str) -> EventStream<T> {
        let (tx, rx) = mpsc::unbounded();
        let listener = self.on(event, move |v: Result<T, PayloadError>| {
            let _ = tx.unbounded_send(v);
        });
        EventStream {
            rx,
            _listener: listener,
        }
    }
}
