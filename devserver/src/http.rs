//! The HTTP API (`/health`, `/events`, `/emit`) and the guards in front of every route.
//!
//! Anything that reads files or serialises a template runs on tokio's blocking threads: a
//! 100 MB template being sent must not hold an async worker, or `/health` and every other
//! client would wait for it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::{json, Value};
use socketioxide::SocketIo;
use tracing::{info, warn};

use crate::access::Access;
use crate::files::{check_servable, static_target, FileError};
use crate::templates::{Catalog, Template};
use crate::wire::{deliver, is_reserved};

/// Shared state of the HTTP handlers.
#[derive(Clone)]
pub struct AppState {
    /// The Socket.IO server, to deliver events.
    pub io: SocketIo,
    /// The templates.
    pub catalog: Arc<Catalog>,
    /// When the server started (for `uptime`).
    pub started: Instant,
    /// Deliver channel events to the channel's subscribers only.
    pub rooms: bool,
    /// Allowed hosts and origins.
    pub access: Arc<Access>,
    /// `www/` (served at `/`) and `pkg/` (at `/pkg/`).
    pub www: PathBuf,
    /// See `www`.
    pub pkg: PathBuf,
    /// Largest file served or read as a template, in bytes.
    pub max_file_size: u64,
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

fn json_bytes(bytes: Vec<u8>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        Body::from(bytes),
    )
        .into_response()
}

/// Runs `f` on a blocking thread; a panic there becomes a 500 rather than a dropped connection.
async fn blocking(f: impl FnOnce() -> Response + Send + 'static) -> Response {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| {
        error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("internal error: {e}"),
        )
    })
}

/// Refuses requests whose `Host` or `Origin` is not allowed (see [`crate::access`]).
pub async fn check_access(State(st): State<AppState>, req: Request, next: Next) -> Response {
    // Owned copies: a borrow of the request (not `Sync`) must not live across the await.
    let (host, origin) = {
        let header = |name| {
            req.headers()
                .get(name)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        };
        (header(header::HOST), header(header::ORIGIN))
    };
    match st.access.check(host.as_deref(), origin.as_deref()) {
        Ok(()) => next.run(req).await,
        Err(refused) => {
            warn!(method = %req.method(), path = ?req.uri().path(), host = ?host, origin = ?origin, "refused: {refused}");
            error(StatusCode::FORBIDDEN, refused.to_string())
        }
    }
}

/// Lets the static file service serve only regular files inside `www/` and `pkg/`.
pub async fn check_static(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let (root, rest) = match path.strip_prefix("/pkg") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => (st.pkg.clone(), rest),
        _ => (st.www.clone(), path.as_str()),
    };
    let Some(target) = static_target(&root, rest) else {
        return next.run(req).await; // refused by the file service itself (404)
    };
    let limit = st.max_file_size;
    let checked = tokio::task::spawn_blocking(move || check_servable(&root, &target, limit)).await;
    match checked {
        Ok(Ok(())) | Ok(Err(FileError::NotFound)) => next.run(req).await,
        Ok(Err(e)) => {
            warn!(path = ?path, "static file refused: {e}");
            error(StatusCode::FORBIDDEN, format!("{path}: {e}"))
        }
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// Reloads the templates if their directory changed, and logs what was found. Blocks.
pub fn refresh(catalog: &Catalog) {
    if catalog.refresh() {
        let (templates, errors) = catalog.snapshot();
        info!(dir = ?catalog.dir(), events = templates.len(), errors = errors.len(), "templates loaded");
        for e in errors {
            warn!(file = ?e.file, line = e.line, column = e.column, message = ?e.message, "broken template");
        }
    }
}

/// `GET /health`.
pub async fn health(State(st): State<AppState>) -> Json<Value> {
    Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "protocol": { "socketio": 5, "engineio": 4 },
        "uptime": st.started.elapsed().as_secs_f64(),
        "clients": st.io.sockets().len(),
        "mode": if st.rooms { "rooms" } else { "broadcast" },
    }))
}

/// `GET /events`: the templates, reloaded if their folder changed.
pub async fn events(State(st): State<AppState>) -> Response {
    blocking(move || {
        refresh(&st.catalog);
        let (templates, errors) = st.catalog.snapshot();
        let templates: Vec<&Template> = templates.iter().map(|t| &**t).collect();
        match serde_json::to_vec(&json!({
            "dir": st.catalog.dir().display().to_string(),
            "events": templates,
            "errors": errors,
        })) {
            Ok(bytes) => json_bytes(bytes),
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    })
    .await
}

/// Whether a `Content-Type` is JSON (`application/json`, or `application/x+json`).
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || essence
            .strip_prefix("application/")
            .is_some_and(|s| s.ends_with("+json"))
}

/// The answer of `POST /emit`, borrowing the (possibly large) data rather than copying it.
#[derive(Serialize)]
struct Sent<'a> {
    ok: bool,
    event: &'a str,
    channel: Option<&'a str>,
    data: &'a Value,
    clients: usize,
    #[serde(rename = "sentAt")]
    sent_at: u64,
}

/// `POST /emit {event, channel?, data?}`. Missing `channel` / `data` come from the event's
/// template when there is one. The body must be JSON *and say so*: a cross-site page can post
/// `text/plain` without asking, but not `application/json`.
pub async fn emit(State(st): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    if !is_json(&headers) {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type must be application/json",
        );
    }
    let req: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return error(StatusCode::BAD_REQUEST, format!("Invalid JSON body: {e}")),
    };
    let Some(event) = req
        .get("event")
        .and_then(Value::as_str)
        .filter(|e| !e.trim().is_empty())
        .map(str::to_owned)
    else {
        return error(StatusCode::BAD_REQUEST, "Event name is required");
    };
    if is_reserved(&event) {
        return error(
            StatusCode::BAD_REQUEST,
            format!(
                "{event:?} is reserved by Socket.IO and cannot be sent (clients would disconnect)"
            ),
        );
    }
    let channel = match req.get("channel") {
        None | Some(Value::Null) => None,
        Some(Value::String(c)) => Some(c.clone()),
        Some(_) => return error(StatusCode::BAD_REQUEST, "channel must be a string"),
    };
    blocking(move || {
        refresh(&st.catalog);
        let template = st.catalog.find(&event);
        let channel = channel.or_else(|| template.as_ref().and_then(|t| t.channel.clone()));
        let data = match (req.get("data"), &template) {
            (Some(d), _) => d,
            (None, Some(t)) => &t.data,
            (None, None) => &Value::Null,
        };
        let clients = tokio::runtime::Handle::current().block_on(deliver(
            &st.io,
            st.rooms,
            &event,
            channel.as_deref(),
            data,
        ));
        let sent_at = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        let answer = Sent {
            ok: true,
            event: &event,
            channel: channel.as_deref(),
            data,
            clients,
            sent_at,
        };
        match serde_json::to_vec(&answer) {
            Ok(bytes) => json_bytes(bytes),
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    })
    .await
}
