//! An incoming event as raw listeners see it, and the answer to the server's ack request.

use std::cell::Cell;
use std::rc::Rc;

use serde::Serialize;

use super::payload::{encode, Payload};
use super::runtime::rt;
use super::Error;
use crate::command::SocketId;

/// An incoming event, for raw listeners: its name, its arguments, and the ack the server
/// asked for.
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// # let socket = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
/// socket.on_raw("question", |e| {
///     if let Some(ack) = e.ack() {
///         let _ = ack.send(&"yes");
///     }
/// }).forget();
/// # }
/// ```
#[derive(Debug)]
pub struct Event {
    pub(crate) name: String,
    pub(crate) payload: Payload,
    pub(crate) ack: Option<AckResponder>,
}

impl Event {
    /// The event's name.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let socket = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// socket.on_any(|e| web_sys::console::log_1(&e.name().into())).forget();
    /// # }
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its arguments.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let socket = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// socket.on_raw("pair", |e| {
    ///     let pair: Result<(String, u32), _> = e.payload().all();
    ///     # let _ = pair;
    /// }).forget();
    /// # }
    /// ```
    pub fn payload(&self) -> &Payload {
        &self.payload
    }

    /// The server's ack, when it asked for one.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let socket = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
    /// socket.on_raw("ping-me", |e| { e.ack().map(|a| a.send(&"pong")); }).forget();
    /// # }
    /// ```
    pub fn ack(&self) -> Option<&AckResponder> {
        self.ack.as_ref()
    }
}

/// Answers the server's ack request (once: later answers are ignored, as socket.io-client
/// ignores them).
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// # let socket = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
/// socket.on_raw("ask", |e| {
///     if let Some(ack) = e.ack() {
///         ack.send_args(&("answer", 42)).ok();
///     }
/// }).forget();
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct AckResponder {
    socket: SocketId,
    id: u64,
    sent: Rc<Cell<bool>>,
}

impl AckResponder {
    pub(crate) fn new(socket: SocketId, id: u64) -> Self {
        AckResponder {
            socket,
            id,
            sent: Rc::default(),
        }
    }

    /// Answers with one argument.
    ///
    /// ```no_run
    /// # fn f(ack: &plugwire::web::AckResponder) {
    /// ack.send(&serde_json::json!({"ok": true})).unwrap();
    /// # }
    /// ```
    pub fn send(&self, data: &impl Serialize) -> Result<(), Error> {
        self.answer(encode(None, &[data], true)?)
    }

    /// Answers with the elements of a tuple or sequence as the arguments (`&()`: none).
    ///
    /// ```no_run
    /// # fn f(ack: &plugwire::web::AckResponder) {
    /// ack.send_args(&(1, "two")).unwrap();
    /// # }
    /// ```
    pub fn send_args(&self, args: &impl Serialize) -> Result<(), Error> {
        self.answer(encode(None, args, true)?)
    }

    fn answer(&self, (json, atts): (String, Vec<Vec<u8>>)) -> Result<(), Error> {
        if self.sent.replace(true) {
            return Ok(());
        }
        let (sid, id) = (self.socket, self.id);
        rt().run(|c, now| c.send_ack(sid, id, json, atts, now));
        Ok(())
    }
}
