//! A work-around for event names that need JSON escapes (`"`, `\`, control characters).
//!
//! socketioxide (parser-common 0.17) reads an incoming event's name as a *borrowed* `&str`;
//! serde_json can only borrow a string that has no escapes, so `42["say \"hi\"",1]` fails with
//! `InvalidEventName` and the engine closes the client with `PacketParsingError`. socket.io-client
//! sends such names as any JSON string, so they are legal on the wire.
//!
//! Until that is fixed upstream, incoming packets are rewritten before socketioxide parses them:
//! such a name becomes [`ESCAPED`] followed by the hex of its UTF-8 bytes (no escapes needed),
//! and [`unescape_event`] gives the original back to the relay. Outgoing names are encoded
//! correctly by socketioxide and pass untouched.
//!
//! Polling requests are rewritten in place. A WebSocket is accepted here and bridged, frame by
//! frame, to socketioxide over an in-memory connection, rewriting the frames that need it.

use std::borrow::Cow;
use std::fmt::Write;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use futures_util::{SinkExt, StreamExt};
use hyper_util::rt::TokioIo;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;
use tracing::{debug, warn};

/// Prefix of a rewritten event name; the rest is the hex of the original's UTF-8 bytes.
pub const ESCAPED: &str = "plugwire:escaped:";

/// Largest polling body rewritten (socketioxide refuses larger ones anyway).
const MAX_POLL_BODY: usize = 16 << 20;

/// The original name of a rewritten event (any other name as is).
pub fn unescape_event(name: &str) -> Cow<'_, str> {
    let Some(hex) = name.strip_prefix(ESCAPED) else {
        return Cow::Borrowed(name);
    };
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|b| u8::from_str_radix(b, 16).ok())
        })
        .collect();
    match bytes.and_then(|b| String::from_utf8(b).ok()) {
        Some(s) => Cow::Owned(s),
        None => Cow::Borrowed(name),
    }
}

/// Rewrites one Socket.IO packet (`2…` event or `5…` binary event) whose event name is written
/// with escapes; `None` when it needs nothing.
pub fn rewrite_socketio(packet: &str) -> Option<String> {
    let bytes = packet.as_bytes();
    let mut i = match bytes.first()? {
        b'2' => 1,
        b'5' => 1 + packet[1..].find('-')? + 1, // attachments count, then '-'
        _ => return None,
    };
    if bytes.get(i) == Some(&b'/') {
        i += packet[i..].find(',')? + 1; // namespace, then ','
    }
    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1; // ack id
    }
    let rest = packet.get(i..)?.strip_prefix('[')?;
    let trimmed = rest.trim_start();
    let start = rest.len() - trimmed.len();
    let mut names = serde_json::Deserializer::from_str(trimmed).into_iter::<String>();
    let name = names.next()?.ok()?;
    let end = names.byte_offset();
    if !trimmed[..end].contains('\\') {
        return None;
    }
    let mut out = String::with_capacity(packet.len() + name.len() * 2);
    out.push_str(&packet[..i]);
    out.push('[');
    out.push_str(&rest[..start]);
    out.push('"');
    out.push_str(ESCAPED);
    for b in name.bytes() {
        let _ = write!(out, "{b:02x}");
    }
    out.push('"');
    out.push_str(&trimmed[end..]);
    Some(out)
}

/// Rewrites one Engine.IO text packet (`4` + Socket.IO packet); `None` when it needs nothing.
pub fn rewrite_engine(packet: &str) -> Option<String> {
    let inner = rewrite_socketio(packet.strip_prefix('4')?)?;
    Some(format!("4{inner}"))
}

/// Rewrites a polling body: Engine.IO packets separated by the record separator.
fn rewrite_payload(body: &str) -> Option<String> {
    let parts: Vec<&str> = body.split('\u{1e}').collect();
    let rewritten: Vec<Option<String>> = parts.iter().map(|p| rewrite_engine(p)).collect();
    if rewritten.iter().all(Option::is_none) {
        return None;
    }
    let joined: Vec<Cow<str>> = parts
        .iter()
        .zip(rewritten)
        .map(|(p, r)| r.map_or(Cow::Borrowed(*p), Cow::Owned))
        .collect();
    Some(joined.join("\u{1e}"))
}

fn is_websocket_upgrade(req: &Request) -> bool {
    req.headers()
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

/// In front of socketioxide: rewrites what it would refuse (see the module docs). `State` is
/// the application below this middleware, which the bridged WebSocket is served by.
pub async fn middleware(State(app): State<Router>, req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/socket.io") {
        return next.run(req).await;
    }
    if is_websocket_upgrade(&req) {
        return bridge(app, req).await;
    }
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_POLL_BODY).await {
        Ok(b) => b,
        Err(e) => return (StatusCode::PAYLOAD_TOO_LARGE, e.to_string()).into_response(),
    };
    let body = match std::str::from_utf8(&bytes).ok().and_then(rewrite_payload) {
        Some(text) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Body::from(text)
        }
        None => Body::from(bytes),
    };
    next.run(Request::from_parts(parts, body)).await
}

/// Accepts the client's WebSocket and bridges it to socketioxide over an in-memory connection.
async fn bridge(app: Router, mut req: Request) -> Response {
    let Some(key) = req.headers().get(header::SEC_WEBSOCKET_KEY).cloned() else {
        return (StatusCode::BAD_REQUEST, "missing Sec-WebSocket-Key").into_response();
    };
    let outer_upgrade = hyper::upgrade::on(&mut req);
    let path = req
        .uri()
        .path_and_query()
        .map_or("/socket.io/", |p| p.as_str());
    let mut inner_req = match format!("ws://localhost{path}").into_client_request() {
        Ok(r) => r,
        Err(e) => return (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    };
    // What socketioxide may look at, minus the WebSocket handshake of the outer connection.
    for (name, value) in req.headers() {
        let n = name.as_str();
        if !(n.starts_with("sec-websocket-") || matches!(n, "host" | "connection" | "upgrade")) {
            inner_req.headers_mut().append(name.clone(), value.clone());
        }
    }
    tokio::spawn(async move {
        let config = WebSocketConfig::default()
            .max_message_size(None)
            .max_frame_size(None);
        let (client_io, server_io) = tokio::io::duplex(256 << 10);
        let service = hyper_util::service::TowerToHyperService::new(app);
        tokio::spawn(async move {
            let conn = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(server_io), service)
                .with_upgrades();
            if let Err(e) = conn.await {
                debug!(error = %e, "bridged connection ended");
            }
        });
        let inner =
            tokio_tungstenite::client_async_with_config(inner_req, client_io, Some(config)).await;
        let outer = outer_upgrade.await;
        let (inner, outer) = match (inner, outer) {
            (Ok((inner, _)), Ok(outer)) => (
                inner,
                WebSocketStream::from_raw_socket(TokioIo::new(outer), Role::Server, Some(config))
                    .await,
            ),
            (Err(e), _) => return warn!(error = %e, "WebSocket bridge: socketioxide refused"),
            (_, Err(e)) => return warn!(error = %e, "WebSocket bridge: upgrade failed"),
        };
        let (mut outer_tx, mut outer_rx) = outer.split();
        let (mut inner_tx, mut inner_rx) = inner.split();
        let up = async {
            while let Some(Ok(msg)) = outer_rx.next().await {
                let msg = match msg {
                    Message::Text(t) => match rewrite_engine(t.as_str()) {
                        Some(r) => Message::text(r),
                        None => Message::Text(t),
                    },
                    m => m,
                };
                if inner_tx.send(msg).await.is_err() {
                    break;
                }
            }
            let _ = inner_tx.close().await;
        };
        let down = async {
            while let Some(Ok(msg)) = inner_rx.next().await {
                if outer_tx.send(msg).await.is_err() {
                    break;
                }
            }
            let _ = outer_tx.close().await;
        };
        tokio::join!(up, down);
    });
    let accept = derive_accept_key(key.as_bytes());
    let mut res = StatusCode::SWITCHING_PROTOCOLS.into_response();
    let h = res.headers_mut();
    h.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
    h.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
    if let Ok(v) = HeaderValue::from_str(&accept) {
        h.insert(header::SEC_WEBSOCKET_ACCEPT, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_only_names_written_with_escapes() {
        assert_eq!(rewrite_socketio(r#"2["plain",1]"#), None);
        assert_eq!(
            rewrite_socketio(r#"2["é☃",1]"#),
            None,
            "UTF-8 needs no escape"
        );
        let r = rewrite_socketio(r#"21["a\"b",{"x":"\""}]"#).unwrap();
        assert_eq!(r, r#"21["plugwire:escaped:612262",{"x":"\""}]"#);
        let r = rewrite_socketio(r#"51-/admin,7[ "t\tab",{"_placeholder":true,"num":0}]"#).unwrap();
        assert_eq!(
            r,
            r#"51-/admin,7[ "plugwire:escaped:74096162",{"_placeholder":true,"num":0}]"#
        );
        assert_eq!(
            rewrite_socketio(r#"3["a\"b"]"#),
            None,
            "acks carry no event name"
        );
        assert_eq!(rewrite_socketio(r#"2[1,2]"#), None);
        assert_eq!(rewrite_socketio("2[\"unterminated"), None);
        assert_eq!(
            rewrite_engine(r#"42["a\\b"]"#).unwrap(),
            r#"42["plugwire:escaped:615c62"]"#
        );
        assert_eq!(rewrite_engine("2probe"), None);
    }

    #[test]
    fn unescapes_what_it_rewrote() {
        for name in ["a\"b", "back\\slash", "nul\u{1}", "é ☃"] {
            let packet = serde_json::to_string(&(name, 1)).unwrap();
            let rewritten = rewrite_socketio(&format!("2{packet}"));
            let event = match &rewritten {
                Some(r) => serde_json::from_str::<(String, u8)>(&r[1..]).unwrap().0,
                None => name.to_owned(),
            };
            assert_eq!(unescape_event(&event), name);
        }
        assert_eq!(unescape_event("plugwire:escaped:zz"), "plugwire:escaped:zz");
        assert_eq!(
            unescape_event("plugwire:escaped:ff"),
            "plugwire:escaped:ff",
            "not UTF-8"
        );
    }

    #[test]
    fn rewrites_polling_payloads_record_by_record() {
        let body = "42[\"ok\",1]\u{1e}42[\"a\\\"b\",2]\u{1e}3";
        assert_eq!(
            rewrite_payload(body).unwrap(),
            "42[\"ok\",1]\u{1e}42[\"plugwire:escaped:612262\",2]\u{1e}3"
        );
        assert_eq!(rewrite_payload("42[\"ok\"]\u{1e}2"), None);
    }
}
