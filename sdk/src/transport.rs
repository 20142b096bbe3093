//! Transports (wasm32): they carry out the engine's I/O actions — open a WebSocket
//! (`binaryType = "arraybuffer"`), send frames, issue long-polling GETs and POSTs with `fetch`,
//! close — and report what happens to a [`Sink`]. They make no decisions: the engine does.

use crate::prelude::*;
use alloc::rc::Rc;

use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    AbortController, BinaryType, CloseEvent, MessageEvent, RequestCredentials, RequestInit,
    WebSocket,
};

use crate::engine::{Action, Frame};

/// What happened on a transport.
pub enum TransportEvent {
    /// The WebSocket opened.
    Open,
    /// A WebSocket text frame.
    Text(String),
    /// A WebSocket binary frame.
    Binary(Vec<u8>),
    /// The WebSocket closed.
    Close(Option<String>),
    /// The transport failed.
    Error(String),
    /// A polling GET finished.
    Polled(Result<String, String>),
    /// A polling POST finished.
    Posted(Result<(), String>),
}

/// Receives transport events: `(transport id, event)`.
pub type Sink = Rc<dyn Fn(u32, TransportEvent)>;

/// Request settings shared by the polling requests.
#[derive(Clone, Default)]
pub struct HttpOptions {
    /// Send cookies cross-origin (`withCredentials`).
    pub with_credentials: bool,
    /// Extra request headers (`extraHeaders`); browsers cannot set them on a WebSocket.
    pub extra_headers: Vec<(String, String)>,
}

struct Ws {
    socket: WebSocket,
    _handlers: [Closure<dyn FnMut(JsValue)>; 4],
}

enum Conn {
    Ws(Ws),
    Polling(Option<AbortController>),
}

/// The live transports of one manager.
pub struct Transports {
    sink: Sink,
    http: HttpOptions,
    conns: Vec<(u32, Conn)>,
    /// Handlers of closed WebSockets, dropped later: one may be running right now.
    retired: Vec<Ws>,
}

impl Transports {
    /// No transports yet; events go to `sink`.
    pub fn new(sink: Sink, http: HttpOptions) -> Self {
        Transports {
            sink,
            http,
            conns: Vec::new(),
            retired: Vec::new(),
        }
    }

    fn get(&self, id: u32) -> Option<&Conn> {
        self.conns.iter().find(|(k, _)| *k == id).map(|(_, c)| c)
    }

    fn remove(&mut self, id: u32) -> Option<Conn> {
        let i = self.conns.iter().position(|(k, _)| *k == id)?;
        Some(self.conns.swap_remove(i).1)
    }

    /// Drops handlers of transports closed earlier (call when no transport callback runs).
    pub fn sweep(&mut self) {
        self.retired.clear();
    }

    /// Carries out an I/O action. A failure found at once is returned, not reported to the
    /// sink: the caller reports it once it holds no borrow.
    pub fn execute(&mut self, action: Action) -> Option<(u32, TransportEvent)> {
        match action {
            Action::OpenWebSocket { transport, url } => return self.open_ws(transport, &url),
            Action::SendFrames { transport, frames } => {
                if let Some(Conn::Ws(ws)) = self.get(transport) {
                    for f in frames {
                        let sent = match f {
                            Frame::Text(t) => ws.socket.send_with_str(&t),
                            Frame::Binary(b) => ws.socket.send_with_u8_array(&b),
                        };
                        if sent.is_err() {
                            return Some((
                                transport,
                                TransportEvent::Error("websocket error".into()),
                            ));
                        }
                    }
                }
            }
            Action::Get { transport, url } => {
                let abort = AbortController::new().ok();
                self.request(transport, url, None, abort.as_ref());
                self.remove(transport);
                self.conns.push((transport, Conn::Polling(abort)));
            }
            Action::Post {
                transport,
                url,
                body,
            } => self.request(transport, url, Some(body), None),
            Action::CloseTransport { transport } => match self.remove(transport) {
                Some(Conn::Ws(ws)) => {
                    ws.socket.set_onopen(None);
                    ws.socket.set_onmessage(None);
                    ws.socket.set_onclose(None);
                    ws.socket.set_onerror(None);
                    let _ = ws.socket.close();
                    self.retired.push(ws);
                }
                // Only the long-poll is cut; a POST (such as the close packet) completes.
                Some(Conn::Polling(Some(abort))) => abort.abort(),
                _ => {}
            },
            _ => {}
        }
        None
    }

    fn open_ws(&mut self, id: u32, url: &str) -> Option<(u32, TransportEvent)> {
        let socket = match WebSocket::new(url) {
            Ok(s) => s,
            Err(_) => return Some((id, TransportEvent::Error("websocket error".into()))),
        };
        socket.set_binary_type(BinaryType::Arraybuffer);
        let handler = |f: fn(JsValue) -> TransportEvent| {
            let sink = self.sink.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| sink(id, f(e)))
        };
        let handlers = [
            handler(|_| TransportEvent::Open),
            handler(|e| {
                let data = e.unchecked_into::<MessageEvent>().data();
                match data.as_string() {
                    Some(t) => TransportEvent::Text(t),
                    None => match data.dyn_into::<ArrayBuffer>() {
                        Ok(buf) => TransportEvent::Binary(Uint8Array::new(&buf).to_vec()),
                        Err(_) => TransportEvent::Error("unexpected websocket data".into()),
                    },
                }
            }),
            handler(|e| {
                let reason = e.unchecked_into::<CloseEvent>().reason();
                TransportEvent::Close(Some(if reason.is_empty() {
                    "websocket connection closed".into()
                } else {
                    reason
                }))
            }),
            handler(|_| TransportEvent::Error("websocket error".into())),
        ];
        socket.set_onopen(Some(handlers[0].as_ref().unchecked_ref()));
        socket.set_onmessage(Some(handlers[1].as_ref().unchecked_ref()));
        socket.set_onclose(Some(handlers[2].as_ref().unchecked_ref()));
        socket.set_onerror(Some(handlers[3].as_ref().unchecked_ref()));
        self.conns.push((
            id,
            Conn::Ws(Ws {
                socket,
                _handlers: handlers,
            }),
        ));
        None
    }

    fn request(&self, id: u32, url: String, body: Option<String>, abort: Option<&AbortController>) {
        let init = RequestInit::new();
        init.set_credentials(if self.http.with_credentials {
            RequestCredentials::Include
        } else {
            RequestCredentials::SameOrigin
        });
        let headers = js_sys::Object::new();
        for (k, v) in &self.http.extra_headers {
            let _ = js_sys::Reflect::set(&headers, &k.into(), &v.into());
        }
        let is_post = body.is_some();
        if let Some(b) = body {
            init.set_method("POST");
            let _ = js_sys::Reflect::set(
                &headers,
                &"content-type".into(),
                &"text/plain;charset=UTF-8".into(),
            );
            init.set_body(&JsValue::from_str(&b));
        }
        init.set_headers(&headers);
        if let Some(a) = abort {
            init.set_signal(Some(&a.signal()));
        }
        let sink = self.sink.clone();
        let done = Closure::once_into_js(move |status: i32, text: String| {
            let err = || {
                let mut s = String::from(if is_post {
                    "xhr post error"
                } else {
                    "xhr poll error"
                });
                if status > 0 {
                    s.push(' ');
                    crate::protocol::socketio::push_u64(&mut s, status as u64);
                }
                s
            };
            let ev = match (is_post, status) {
                (true, 0) => TransportEvent::Posted(Ok(())),
                (true, _) => TransportEvent::Posted(Err(err())),
                (false, 0) => TransportEvent::Polled(Ok(text)),
                (false, _) => TransportEvent::Polled(Err(err())),
            };
            sink(id, ev);
        });
        crate::js::glue::fetch_text(&url, &init, &done);
    }
}
