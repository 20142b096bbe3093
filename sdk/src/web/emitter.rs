//! One emit: its options (`timeout`, `volatile`), its arguments, and how its ack comes back.

use std::marker::PhantomData;
use std::time::Duration;

use futures_channel::oneshot;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::options::ms;
use super::payload::encode;
use super::runtime::{rt, PendingAck};
use super::socket::Socket;
use super::stream::AckFuture;
use super::Error;
use crate::socket::{AckMode, Emit, Flags};

/// One emit's options (`Socket::timeout`, `Socket::volatile`), then the emit.
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")]
/// # async fn demo(s: plugwire::web::Socket) {
/// use std::time::Duration;
/// let r = s.volatile().timeout(Duration::from_secs(1)).emit_with_ack::<u8>("probe", &()).await;
/// # let _ = r; }
/// ```
#[derive(Debug)]
pub struct Emitter<'a> {
    pub(crate) socket: &'a Socket,
    pub(crate) timeout: Option<Duration>,
    pub(crate) volatile: bool,
}

impl Emitter<'_> {
    /// The ack fails with [`super::AckError::TimedOut`] after `timeout`.
    ///
    /// ```no_run
    /// # fn f(s: &plugwire::web::Socket) {
    /// s.volatile().timeout(std::time::Duration::from_secs(1)).emit("x", &()).ok();
    /// # }
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The emit is dropped if it cannot be sent at once.
    ///
    /// ```no_run
    /// # fn f(s: &plugwire::web::Socket) {
    /// s.timeout(std::time::Duration::from_secs(1)).volatile().emit("x", &()).ok();
    /// # }
    /// ```
    pub fn volatile(mut self) -> Self {
        self.volatile = true;
        self
    }

    /// Emits `event` with one argument.
    ///
    /// ```no_run
    /// # fn f(s: &plugwire::web::Socket) {
    /// s.volatile().emit("position", &(1.0, 2.0)).unwrap();
    /// # }
    /// ```
    pub fn emit(self, event: &str, data: &impl Serialize) -> Result<(), Error> {
        let parts = encode(Some(checked(event)?), &[data], true)?;
        self.send(parts, AckMode::None, None);
        Ok(())
    }

    /// Emits `event` with the elements of a tuple or sequence as its arguments.
    ///
    /// ```no_run
    /// # fn f(s: &plugwire::web::Socket) {
    /// s.volatile().emit_args("pair", &("a", 1)).unwrap();
    /// # }
    /// ```
    pub fn emit_args(self, event: &str, args: &impl Serialize) -> Result<(), Error> {
        let parts = encode(Some(checked(event)?), args, true)?;
        self.send(parts, AckMode::None, None);
        Ok(())
    }

    /// Emits `event` and waits for the ack's first argument as an `R`.
    ///
    /// ```no_run
    /// # async fn f(s: &plugwire::web::Socket) {
    /// let r: Result<String, _> = s.timeout(std::time::Duration::from_secs(1)).emit_with_ack("echo", &"x").await;
    /// # let _ = r; }
    /// ```
    pub fn emit_with_ack<R: DeserializeOwned>(
        self,
        event: &str,
        data: &impl Serialize,
    ) -> AckFuture<R> {
        self.emit_args_with_ack(event, &[data])
    }

    /// Emits `event` with the elements of a tuple or sequence as its arguments (`&()`: none)
    /// and waits for the ack's first argument as an `R`.
    ///
    /// ```no_run
    /// # async fn f(s: &plugwire::web::Socket) {
    /// let n: Result<u32, _> = s.timeout(std::time::Duration::from_secs(1)).emit_args_with_ack("add", &(1, 2)).await;
    /// # let _ = n; }
    /// ```
    pub fn emit_args_with_ack<R: DeserializeOwned>(
        self,
        event: &str,
        args: &impl Serialize,
    ) -> AckFuture<R> {
        let state = checked(event)
            .and_then(|event| Ok(encode(Some(event), args, true)?))
            .map(|parts| {
                let (tx, rx) = oneshot::channel();
                let ack: PendingAck = Box::new(move |r| {
                    let _ = tx.send(r);
                });
                self.send(parts, AckMode::Promise, Some(ack));
                rx
            });
        AckFuture {
            state: Some(state),
            _r: PhantomData,
        }
    }

    /// Emits `event`; `callback` gets the ack's first argument as an `R`, or the timeout.
    /// As with socket.io-client, a callback without a timeout is not called when the
    /// connection is lost.
    ///
    /// ```no_run
    /// # fn f(s: &plugwire::web::Socket) {
    /// s.timeout(std::time::Duration::from_secs(1))
    ///     .emit_with_callback("echo", &"x", |r: Result<String, _>| { let _ = r; })
    ///     .unwrap();
    /// # }
    /// ```
    pub fn emit_with_callback<R: DeserializeOwned + 'static>(
        self,
        event: &str,
        data: &impl Serialize,
        callback: impl FnOnce(Result<R, Error>) + 'static,
    ) -> Result<(), Error> {
        let parts = encode(Some(checked(event)?), &[data], true)?;
        let ack: PendingAck = Box::new(move |r| {
            callback(match r {
                Ok(p) => p.arg::<R>(0).map_err(Error::Payload),
                Err(e) => Err(Error::Ack(e)),
            })
        });
        self.send(parts, AckMode::Callback, Some(ack));
        Ok(())
    }

    fn send(
        self,
        (json, attachments): (String, Vec<Vec<u8>>),
        ack: AckMode,
        pending: Option<PendingAck>,
    ) {
        let rt = rt();
        let s = &self.socket.0;
        rt.keep_manager(&s.manager);
        // The packet is kept for the outgoing catch-alls when they may hear it: now, or later
        // (written from the buffer or the retry queue, once a listener may have been added).
        let later = s.queued || !self.socket.connected();
        let sent = (later || s.has_outgoing()).then(|| (json.clone(), attachments.clone()));
        let handle = rt.new_handle(pending, sent);
        let e = Emit {
            handle,
            json,
            attachments,
            ack,
            flags: Flags {
                volatile: self.volatile,
                timeout: self.timeout.map(ms),
            },
        };
        let sid = s.id;
        rt.run(|c, now| c.emit(sid, e, now));
    }
}

fn checked(event: &str) -> Result<&str, Error> {
    if crate::protocol::socketio::is_reserved(event) {
        return Err(Error::ReservedEvent(event.to_owned()));
    }
    Ok(event)
}
