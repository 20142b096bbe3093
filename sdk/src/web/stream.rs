//! Events as a `Stream` (built on a listener: dropping the stream removes it).

use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_channel::mpsc::UnboundedReceiver;
use futures_channel::oneshot;
use futures_core::Stream;
use serde::de::DeserializeOwned;

use super::listener::Listener;
use super::payload::{Payload, PayloadError};
use super::{AckError, Error};

/// The arguments of one event, as a stream of typed values (see `Socket::stream`).
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")]
/// # async fn demo() {
/// use futures::StreamExt;
/// let socket = plugwire::web::io("http://127.0.0.1:3069", Default::default()).unwrap();
/// let mut scans = socket.stream::<String>("scan");
/// while let Some(Ok(badge)) = scans.next().await {
///     web_sys::console::log_1(&badge.into());
/// }
/// # }
/// ```
pub struct EventStream<T> {
    pub(crate) rx: UnboundedReceiver<Result<T, PayloadError>>,
    pub(crate) _listener: Listener,
}

impl<T> Stream for EventStream<T> {
    type Item = Result<T, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.get_mut().rx).poll_next(cx)
    }
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream").finish_non_exhaustive()
    }
}

/// The server's ack of an emit, read as an `R` (see `Socket::emit_with_ack`). The emit is sent
/// when `emit_with_ack` is called, not when the future is first polled.
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")]
/// # async fn demo() -> Result<(), plugwire::web::Error> {
/// let socket = plugwire::web::io("http://127.0.0.1:3069", Default::default())?;
/// let pending = socket.emit_args_with_ack::<u32>("count", &());
/// let n = pending.await?;
/// # let _ = n; Ok(()) }
/// ```
#[must_use = "the ack is lost unless the future is awaited"]
pub struct AckFuture<R> {
    pub(crate) state: Option<Result<oneshot::Receiver<Result<Payload, AckError>>, Error>>,
    pub(crate) _r: PhantomData<fn() -> R>,
}

impl<R: DeserializeOwned> std::future::Future for AckFuture<R> {
    type Output = Result<R, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let Some(state) = this.state.as_mut() else {
            return Poll::Ready(Err(Error::Ack(AckError::Dropped)));
        };
        let out = match state {
            Err(e) => Err(e.clone()),
            Ok(rx) => match Pin::new(rx).poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Ok(Ok(payload))) => payload.arg::<R>(0).map_err(Error::Payload),
                Poll::Ready(Ok(Err(e))) => Err(Error::Ack(e)),
                Poll::Ready(Err(oneshot::Canceled)) => Err(Error::Ack(AckError::Dropped)),
            },
        };
        this.state = None;
        Poll::Ready(out)
    }
}

impl<R> std::fmt::Debug for AckFuture<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AckFuture").finish_non_exhaustive()
    }
}
