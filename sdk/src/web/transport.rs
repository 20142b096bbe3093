//! The transports' I/O on web-sys: WebSockets (`arraybuffer` frames) and `fetch` for
//! long-polling, reporting back to the core what happened, with `now`.

use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, BinaryType, CloseEvent, MessageEvent, RequestInit, Response, WebSocket,
};

use super::manager::ManagerShared;
use super::runtime::rt;
use crate::command::ManagerId;
use crate::engine::{Frame, Input, Io};

/// One transport of a manager, as the host holds it.
pub(crate) enum Handle {
    /// A WebSocket and its listeners (removed when dropped).
    WebSocket(WebSocket, [EventListener; 4]),
    /// Polling: the in-flight GET's abort controller (POSTs are never aborted: the last one may
    /// carry the close packet).
    Polling(Option<AbortController>),
}

impl Handle {
    /// Closes without reporting anything more.
    pub(crate) fn close(self) {
        match self {
            Handle::WebSocket(ws, listeners) => {
                drop(listeners);
                let _ = ws.close();
            }
            Handle::Polling(Some(abort)) => abort.abort(),
            Handle::Polling(None) => {}
        }
    }
}

/// Reports a transport event to the core.
fn feed(mid: ManagerId, tid: u32, input: Input) {
    rt().feed(mid, tid, input);
}

/// Carries out one I/O command of manager `m`.
pub(crate) fn perform(m: &Rc<ManagerShared>, io: Io) {
    let mid = m.id;
    match io {
        Io::OpenWebSocket { transport, url } => match open_websocket(mid, transport, &url) {
            Some(h) => m.set_transport(transport, h),
            None => feed(mid, transport, Input::Error("websocket error".into(), 0)),
        },
        Io::SendFrames { transport, frames } => {
            let Some(ws) = m.websocket(transport) else {
                return;
            };
            for f in frames {
                let sent = match f {
                    Frame::Text(t) => ws.send_with_str(&t),
                    Frame::Binary(b) => ws.send_with_u8_array(&b),
                };
                if sent.is_err() {
                    feed(mid, transport, Input::Error("websocket error".into(), 0));
                    return;
                }
            }
        }
        Io::Get { transport, url } => {
            let abort = AbortController::new().ok();
            let signal = abort.as_ref().map(|a| a.signal());
            m.set_transport(transport, Handle::Polling(abort));
            let init = m.request_init("GET", None);
            init.set_signal(signal.as_ref());
            wasm_bindgen_futures::spawn_local(async move {
                let input = match request(&url, &init).await {
                    Ok((true, _, body)) => Input::Poll(Ok(body)),
                    Ok((false, status, _)) => Input::Poll(Err(("xhr poll error".into(), status))),
                    Err(()) => Input::Poll(Err(("xhr poll error".into(), 0))),
                };
                feed(mid, transport, input);
            });
        }
        Io::Post {
            transport,
            url,
            body,
        } => {
            let init = m.request_init("POST", Some(&body));
            wasm_bindgen_futures::spawn_local(async move {
                let input = match request(&url, &init).await {
                    Ok((true, _, _)) => Input::Post(Ok(())),
                    Ok((false, status, _)) => Input::Post(Err(("xhr post error".into(), status))),
                    Err(()) => Input::Post(Err(("xhr post error".into(), 0))),
                };
                feed(mid, transport, input);
            });
        }
        Io::CloseTransport { transport } => {
            if let Some(h) = m.take_transport(transport) {
                h.close();
            }
        }
    }
}

/// `fetch`: whether the status is OK, the status, and the body.
async fn request(url: &str, init: &RequestInit) -> Result<(bool, u16, String), ()> {
    let window = web_sys::window().ok_or(())?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, init))
        .await
        .map_err(|_| ())?
        .dyn_into()
        .map_err(|_| ())?;
    let text = match response.text() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()),
        Err(_) => None,
    };
    match (response.ok(), text) {
        (true, Some(body)) => Ok((true, response.status(), body)),
        (true, None) => Err(()),
        (false, body) => Ok((false, response.status(), body.unwrap_or_default())),
    }
}

fn open_websocket(mid: ManagerId, tid: u32, url: &str) -> Option<Handle> {
    let ws = WebSocket::new(url).ok()?;
    ws.set_binary_type(BinaryType::Arraybuffer);
    let on_open = EventListener::new(&ws, "open", move |_| feed(mid, tid, Input::Open));
    let on_message = EventListener::new(&ws, "message", move |e| {
        let Some(e) = e.dyn_ref::<MessageEvent>() else {
            return;
        };
        let data: JsValue = e.data();
        let input = if let Some(text) = data.as_string() {
            Input::Text(text)
        } else if let Some(buf) = data.dyn_ref::<ArrayBuffer>() {
            Input::Binary(Uint8Array::new(buf).to_vec())
        } else {
            Input::Error("unexpected websocket data".into(), 0)
        };
        feed(mid, tid, input);
    });
    let on_close = EventListener::new(&ws, "close", move |e| {
        let reason = e
            .dyn_ref::<CloseEvent>()
            .map(CloseEvent::reason)
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| "websocket connection closed".into());
        feed(mid, tid, Input::Closed(Some(reason)));
    });
    let on_error = EventListener::new(&ws, "error", move |_| {
        feed(mid, tid, Input::Error("websocket error".into(), 0))
    });
    Some(Handle::WebSocket(
        ws,
        [on_open, on_message, on_close, on_error],
    ))
}
