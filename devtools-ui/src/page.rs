//! The page as the overlay sees it: the hub built by `devtools.js` around the store's public API
//! (`inspect`, `simulate`, `connectionStatus`, `dependencies`, …) and the sockets made with
//! `io()` (their public socket.io-client API). Nothing here reaches into plugwire's internals.

use js_sys::{Array, Object};
use wasm_bindgen::{JsCast, JsValue};

use crate::js;
use crate::record::Reached;

/// A manifest dependency, as the store reports it.
#[derive(Clone, PartialEq)]
pub struct Dependency {
    /// e.g. `kiosk_1`.
    pub identifier: String,
    /// `private.{Model}.{identifier}`.
    pub channel: String,
    /// (event type, event name), e.g. `("checkedIn", "AttendeeCheckedIn")`.
    pub events: Vec<(String, String)>,
}

/// One of the page's sockets: the store's ("primary") or one made with `io()`.
#[derive(Clone)]
pub struct PageSocket {
    /// "primary", or `io {namespace}` (numbered when several share a namespace).
    pub name: String,
    /// The socket.io-client compatible `Socket`.
    pub socket: JsValue,
    /// Whether it is the store's: its status is the store's, and it has dependencies.
    pub store: bool,
}

/// A socket's connection facts, read now.
#[derive(Clone, PartialEq, Default)]
pub struct SocketFacts {
    /// connecting, connected, disconnected or unavailable.
    pub status: String,
    /// The URL it connects to.
    pub url: String,
    /// polling or websocket ("—" when closed).
    pub transport: String,
    /// The socket id ("—" when not connected).
    pub sid: String,
}

/// The hub (`devtools.js`, `createHub`).
#[derive(Clone)]
pub struct Hub(pub JsValue);

impl Hub {
    /// The store, when the page made one.
    pub fn store(&self) -> Option<JsValue> {
        let s = js::get(&self.0, "store");
        (!s.is_null() && !s.is_undefined()).then_some(s)
    }

    /// The page's sockets, the store's first.
    pub fn sockets(&self) -> Vec<PageSocket> {
        let list = js::call(&self.0, "sockets", &[]).unwrap_or(JsValue::UNDEFINED);
        Array::from(&list)
            .iter()
            .map(|e| PageSocket {
                name: js::text(&e, "name"),
                socket: js::get(&e, "socket"),
                store: js::get(&e, "store").is_truthy(),
            })
            .collect()
    }

    /// The dev server's URL: the store's, else the first socket's origin.
    pub fn url(&self) -> String {
        if let Some(s) = self.store() {
            return js::text(&s, "url").trim_end_matches('/').to_owned();
        }
        let uri = self
            .sockets()
            .first()
            .map(|s| js::text(&js::get(&s.socket, "io"), "uri"))
            .unwrap_or_default();
        origin(&uri)
    }

    /// The manifest's dependencies (none without a store).
    pub fn dependencies(&self) -> Vec<Dependency> {
        let Some(store) = self.store() else {
            return Vec::new();
        };
        Array::from(&js::get(&store, "dependencies"))
            .iter()
            .map(|d| Dependency {
                identifier: js::text(&d, "identifier"),
                channel: js::text(&d, "channel"),
                events: entries(&js::get(&d, "events"))
                    .into_iter()
                    .map(|(k, v)| (k, v.as_string().unwrap_or_default()))
                    .collect(),
            })
            .collect()
    }

    /// Resolves when the store's manifest is loaded (at once without a store).
    pub async fn ready(&self) {
        if let Some(store) = self.store() {
            let _ = js::wait(js::get(&store, "ready")).await;
        }
    }

    /// Delivers an event in the page as if the server had sent it; returns who received it.
    pub fn inject(
        &self,
        socket: &str,
        event: &str,
        args: &Array,
        channel: &str,
    ) -> Result<Vec<Reached>, String> {
        let channel = if channel.is_empty() {
            JsValue::NULL
        } else {
            channel.into()
        };
        let reached = js::call(
            &self.0,
            "inject",
            &[socket.into(), event.into(), args.into(), channel],
        )?;
        Ok(reached_of(&reached))
    }

    /// Emits from the page; with `ack`, waits (at most `timeout_ms`) for the answer's arguments.
    pub async fn send(
        &self,
        socket: &str,
        event: &str,
        args: &Array,
        ack: bool,
        timeout_ms: u32,
    ) -> Result<Option<JsValue>, String> {
        let p = js::call(
            &self.0,
            "send",
            &[
                socket.into(),
                event.into(),
                args.into(),
                JsValue::from_bool(ack),
                timeout_ms.into(),
            ],
        )?;
        let answer = js::wait(p).await?;
        Ok(ack.then_some(answer))
    }

    /// Copies `text` to the clipboard.
    pub async fn copy(&self, text: &str) -> Result<(), String> {
        js::wait(js::call(&self.0, "copy", &[text.into()])?)
            .await
            .map(|_| ())
    }

    /// Offers `text` as a download named `file`.
    pub fn download(&self, file: &str, text: &str) {
        let _ = js::call(&self.0, "download", &[file.into(), text.into()]);
    }

    /// Asks the user for a file; its text.
    pub async fn pick_file(&self) -> Result<String, String> {
        let text = js::wait(js::call(&self.0, "pickFile", &[])?).await?;
        text.as_string()
            .ok_or_else(|| "the file is not text".into())
    }

    /// Closes the overlay.
    pub fn close(&self) {
        let _ = js::call(&self.0, "close", &[]);
    }
}

impl PageSocket {
    /// The connection as it is now (the store's status for the store's socket).
    pub fn facts(&self, store: Option<&JsValue>) -> SocketFacts {
        let s = &self.socket;
        let connected = js::get(s, "connected").is_truthy();
        let status = match store.filter(|_| self.store) {
            Some(store) => js::text(store, "connectionStatus"),
            None if connected => "connected".into(),
            None if js::get(s, "active").is_truthy() => "connecting".into(),
            None => "disconnected".into(),
        };
        let io = js::get(s, "io");
        let transport = js::text(&js::get(&js::get(&io, "engine"), "transport"), "name");
        SocketFacts {
            status,
            url: js::text(&io, "uri"),
            transport: if transport.is_empty() || !connected {
                "—".into()
            } else {
                transport
            },
            sid: js::get(s, "id")
                .as_string()
                .filter(|_| connected)
                .unwrap_or_else(|| "—".into()),
        }
    }
}

/// `scheme://host[:port]` of a URL.
fn origin(uri: &str) -> String {
    match uri.find("://") {
        Some(i) => {
            let rest = &uri[i + 3..];
            let end = rest.find('/').map_or(uri.len(), |j| i + 3 + j);
            uri[..end].to_owned()
        }
        None => uri.to_owned(),
    }
}

/// `Object.entries(value)` as (key, value) pairs.
pub fn entries(value: &JsValue) -> Vec<(String, JsValue)> {
    if !value.is_object() {
        return Vec::new();
    }
    Object::entries(value.unchecked_ref())
        .iter()
        .map(|e| {
            let pair = Array::from(&e);
            (pair.get(0).as_string().unwrap_or_default(), pair.get(1))
        })
        .collect()
}

fn reached_of(v: &JsValue) -> Vec<Reached> {
    Reached::list_of(v).unwrap_or_default()
}
