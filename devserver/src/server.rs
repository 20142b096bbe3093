//! `plugwire serve`: the dev Socket.IO server, its HTTP API and the demo's static files.
//!
//! Two wires, chosen by each client in its handshake query:
//! - plain (default): events arrive as `(data)`, like the tool plugwire replaces;
//! - echo (`?wire=echo`): events arrive as `(event, channel, data)`, like laravel-echo-server,
//!   and the client may `subscribe` / `unsubscribe` `{channel, auth}` to channel rooms.
//!
//! By default every channel event reaches every client (dev convenience); with `rooms` set, an
//! event with a channel reaches only the clients subscribed to that channel.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::{SeqAccess, Visitor};
use serde::ser::SerializeTuple;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Value};
use socketioxide::extract::{AckSender, Data, Event, SocketRef};
use socketioxide::SocketIo;
use tower_http::cors::CorsLayer;
use tower_http::services::ServeDir;
use tracing::{info, warn};

use crate::templates::Catalog;

const PLAIN: &str = "wire:plain";
const ECHO: &str = "wire:echo";

/// Room of the clients subscribed to `channel`.
fn channel_room(channel: &str) -> String {
    format!("channel:{channel}")
}

/// Settings of one server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on (port 0: any free port).
    pub addr: SocketAddr,
    /// Directory of the event templates.
    pub events_dir: PathBuf,
    /// Deliver channel events only to the channel's subscribers.
    pub rooms: bool,
    /// Directory holding `www/` and `pkg/`, served as `/` and `/pkg/`.
    pub static_root: PathBuf,
    /// TLS certificate and key (PEM files), for HTTPS.
    pub tls: Option<(PathBuf, PathBuf)>,
}

/// Shared state of the HTTP handlers.
#[derive(Clone)]
struct AppState {
    io: SocketIo,
    catalog: Arc<Catalog>,
    started: Instant,
    rooms: bool,
}

/// Every argument of an event, kept as sent (binary included), so relays are faithful.
#[derive(Debug, Clone)]
struct Args(Vec<rmpv::Value>);

impl<'de> Deserialize<'de> for Args {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Args;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("event arguments")
            }
            fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Args, S::Error> {
                let mut items = Vec::new();
                while let Some(v) = seq.next_element()? {
                    items.push(v);
                }
                Ok(Args(items))
            }
        }
        // A tuple, so socketioxide hands over every argument rather than the first.
        d.deserialize_tuple(usize::MAX, V)
    }
}

impl Serialize for Args {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut t = s.serialize_tuple(self.0.len())?;
        for v in &self.0 {
            t.serialize_element(v)?;
        }
        t.end()
    }
}

/// `{channel, auth}` of a subscribe / unsubscribe request.
#[derive(Debug, Deserialize)]
struct Subscription {
    channel: Option<String>,
}

/// `{channel, event, data}` of a client event (a "whisper").
#[derive(Debug, Deserialize)]
struct Whisper {
    channel: String,
    event: String,
    #[serde(default)]
    data: Value,
}

fn wire_of(socket: &SocketRef) -> &'static str {
    let query = socket.req_parts().uri.query().unwrap_or("");
    if query.split('&').any(|kv| kv == "wire=echo") {
        ECHO
    } else {
        PLAIN
    }
}

fn on_connect(socket: SocketRef) {
    let wire = wire_of(&socket);
    socket.join(wire);
    info!(socket = %socket.id, wire, "client connected");

    socket.on(
        "subscribe",
        |s: SocketRef, Data(sub): Data<Subscription>, ack: AckSender| {
            subscription(s, sub, ack, true)
        },
    );
    socket.on(
        "unsubscribe",
        |s: SocketRef, Data(sub): Data<Subscription>, ack: AckSender| {
            subscription(s, sub, ack, false)
        },
    );
    // The devtools measure the round trip with this: answered at once, never relayed.
    socket.on("plugwire:ping", async |ack: AckSender| {
        let _ = ack.send(&json!({ "pong": true }));
    });
    socket.on(
        "client event",
        async |s: SocketRef, Data(w): Data<Whisper>| {
            info!(socket = %s.id, channel = %w.channel, event = %w.event, "in  whisper");
            let room = channel_room(&w.channel);
            let echo_args = (&w.channel, &w.data);
            let echo = s.to(room.clone()).except(PLAIN).emit(&w.event, &echo_args);
            let plain = s.to(room).except(ECHO).emit(&w.event, &w.data);
            let _ = tokio::join!(echo, plain);
        },
    );
    socket.on_fallback(async |s: SocketRef, Event(event): Event, Data(args): Data<Args>, ack: AckSender| {
        let others = s.broadcast().sockets().len();
        info!(socket = %s.id, event = %event, args = args.0.len(), relayed_to = others, "in  relay");
        if let Err(e) = s.broadcast().emit(&event, &args).await {
            warn!(event = %event, error = %e, "relay failed");
        }
        let _ = ack.send(&json!({ "ok": true, "clients": others }));
    });
    socket.on_disconnect(
        async |s: SocketRef, reason: socketioxide::socket::DisconnectReason| {
            info!(socket = %s.id, ?reason, "client disconnected");
        },
    );
}

async fn subscription(socket: SocketRef, sub: Subscription, ack: AckSender, join: bool) {
    let Some(channel) = sub.channel.filter(|c| !c.is_empty()) else {
        warn!(socket = %socket.id, "subscription without a channel");
        let _ = socket.emit("subscription_error", &(Value::Null, 400));
        let _ = ack.send(&json!({ "ok": false, "error": "channel is required" }));
        return;
    };
    if join {
        socket.join(channel_room(&channel));
    } else {
        socket.leave(channel_room(&channel));
    }
    info!(socket = %socket.id, channel = %channel, "in  {}", if join { "subscribe" } else { "unsubscribe" });
    let _ = ack.send(&json!({ "ok": true, "channel": channel }));
}

/// Sends `event` to the clients it is for, in each one's wire format. Returns how many.
async fn deliver(
    io: &SocketIo,
    rooms: bool,
    event: &str,
    channel: Option<&str>,
    data: &Value,
) -> usize {
    let (echo, plain) = match (channel, rooms) {
        (Some(c), true) => {
            let room = channel_room(c);
            (io.to(room.clone()).except(PLAIN), io.to(room).except(ECHO))
        }
        _ => (io.to(ECHO), io.to(PLAIN)),
    };
    let count = echo.clone().sockets().len() + plain.clone().sockets().len();
    let echo_args = (channel, data);
    let (a, b) = tokio::join!(echo.emit(event, &echo_args), plain.emit(event, data));
    if let Err(e) = a.and(b) {
        warn!(event, error = %e, "emit failed");
    }
    info!(
        event,
        channel = channel.unwrap_or("-"),
        clients = count,
        "out event"
    );
    count
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

/// Reloads the templates if their directory changed, and logs what was found.
fn refresh(catalog: &Catalog) {
    if catalog.refresh() {
        let (templates, errors) = catalog.snapshot();
        info!(dir = %catalog.dir().display(), events = templates.len(), errors = errors.len(), "templates loaded");
        for e in errors {
            warn!(file = %e.file, line = e.line, column = e.column, "broken template: {}", e.message);
        }
    }
}

async fn health(State(st): State<AppState>) -> Json<Value> {
    Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "protocol": { "socketio": 5, "engineio": 4 },
        "uptime": st.started.elapsed().as_secs_f64(),
        "clients": st.io.sockets().len(),
        "mode": if st.rooms { "rooms" } else { "broadcast" },
    }))
}

async fn events(State(st): State<AppState>) -> Json<Value> {
    refresh(&st.catalog);
    let (templates, errors) = st.catalog.snapshot();
    Json(json!({
        "dir": st.catalog.dir().display().to_string(),
        "events": templates,
        "errors": errors,
    }))
}

/// `POST /emit {event, channel?, data?}`. Missing `channel` / `data` come from the event's
/// template when there is one.
async fn emit(State(st): State<AppState>, body: Bytes) -> Response {
    let req: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return error(StatusCode::BAD_REQUEST, format!("Invalid JSON body: {e}")),
    };
    let Some(event) = req
        .get("event")
        .and_then(Value::as_str)
        .filter(|e| !e.trim().is_empty())
    else {
        return error(StatusCode::BAD_REQUEST, "Event name is required");
    };
    let channel = match req.get("channel") {
        None | Some(Value::Null) => None,
        Some(Value::String(c)) => Some(c.clone()),
        Some(_) => return error(StatusCode::BAD_REQUEST, "channel must be a string"),
    };
    refresh(&st.catalog);
    let template = st.catalog.find(event);
    let channel = channel.or_else(|| template.as_ref().and_then(|t| t.channel.clone()));
    let data = match req.get("data") {
        Some(d) => d.clone(),
        None => template.map(|t| t.data).unwrap_or(Value::Null),
    };
    let clients = deliver(&st.io, st.rooms, event, channel.as_deref(), &data).await;
    let sent_at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    Json(json!({
        "ok": true,
        "event": event,
        "channel": channel,
        "data": data,
        "clients": clients,
        "sentAt": sent_at,
    }))
    .into_response()
}

/// The application: Socket.IO at `/socket.io/`, the HTTP API, and the static demo.
pub fn app(config: &Config, catalog: Arc<Catalog>) -> Router {
    let (layer, io) = SocketIo::builder().build_layer();
    io.ns("/", async |s: SocketRef| on_connect(s));
    let state = AppState {
        io,
        catalog,
        started: Instant::now(),
        rooms: config.rooms,
    };
    let www = ServeDir::new(config.static_root.join("www"));
    let pkg = ServeDir::new(config.static_root.join("pkg"));
    Router::new()
        .route("/health", get(health))
        .route("/events", get(events))
        .route("/emit", post(emit))
        .nest_service("/pkg", pkg)
        .fallback_service(www)
        .with_state(state)
        .layer(layer)
        .layer(CorsLayer::very_permissive())
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The TLS certificate or key could not be used.
    #[error("{0}")]
    Tls(String),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
}

/// Runs the server until Ctrl+C. Prints `listening on <url>` once bound.
pub async fn serve(config: Config) -> Result<(), ServeError> {
    let catalog = Arc::new(Catalog::new(config.events_dir.clone()));
    refresh(&catalog);
    let watcher = catalog.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(500));
        loop {
            tick.tick().await;
            refresh(&watcher);
        }
    });

    let app = app(&config, catalog).into_make_service();
    let tls = match &config.tls {
        Some((cert, key)) => Some(crate::tls::rustls_config(cert, key).map_err(ServeError::Tls)?),
        None => None,
    };
    let listener = std::net::TcpListener::bind(config.addr).map_err(|source| ServeError::Bind {
        addr: config.addr,
        source,
    })?;
    let _ = listener.set_nonblocking(true);
    let local = listener.local_addr().unwrap_or(config.addr);
    let scheme = if tls.is_some() { "https" } else { "http" };
    println!("plugwire dev server listening on {scheme}://{local}/");
    info!(
        mode = if config.rooms { "rooms" } else { "broadcast" },
        "ready"
    );

    let handle = axum_server::Handle::new();
    let shutdown = handle.clone();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        shutdown.graceful_shutdown(Some(Duration::from_secs(1)));
    });
    let result = match tls {
        Some(tls) => {
            axum_server::from_tcp_rustls(listener, tls)
                .map_err(|source| ServeError::Bind {
                    addr: local,
                    source,
                })?
                .handle(handle)
                .serve(app)
                .await
        }
        None => {
            axum_server::from_tcp(listener)
                .map_err(|source| ServeError::Bind {
                    addr: local,
                    source,
                })?
                .handle(handle)
                .serve(app)
                .await
        }
    };
    result.map_err(|source| ServeError::Bind {
        addr: local,
        source,
    })
}
