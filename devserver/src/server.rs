//! `plugwire serve`: the dev Socket.IO server, its HTTP API and the demo's static files.
//!
//! The wires and channels are in [`crate::wire`], the HTTP API and guards in `http`. By default
//! every channel event reaches every client (dev convenience); with `rooms` set, an event with a
//! channel reaches only the clients subscribed to that channel.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::Router;
use socketioxide::extract::SocketRef;
use socketioxide::{ParserConfig, SocketIo};
use tower_http::cors::{AllowHeaders, AllowMethods, AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tracing::{info, warn};

use crate::access::Access;
use crate::auth::Rules;
use crate::http::{self, AppState};
use crate::templates::Catalog;
use crate::wire::{self, Wires};

/// Settings of one server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on (port 0: any free port).
    pub addr: SocketAddr,
    /// Directory of the event templates.
    pub events_dir: PathBuf,
    /// Deliver channel events only to the channel's subscribers.
    pub rooms: bool,
    /// Speak socket.io-msgpack-parser's format instead of the default parser's.
    pub msgpack: bool,
    /// Directory holding `www/` and `pkg/`, served as `/` and `/pkg/`.
    pub static_root: PathBuf,
    /// TLS certificate and key (PEM files), for HTTPS.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// Which subscriptions are refused.
    pub rules: Rules,
    /// Hosts and origins allowed beyond the local ones.
    pub access: Access,
    /// Largest template or static file read, in bytes.
    pub max_file_size: u64,
}

/// The application: Socket.IO at `/socket.io/`, the HTTP API, and the static demo.
pub fn app(config: &Config, catalog: Arc<Catalog>) -> Router {
    let mut builder = SocketIo::builder();
    if config.msgpack {
        builder = builder.with_parser(ParserConfig::msgpack());
    }
    let (layer, io) = builder.build_layer();
    let wires = Wires {
        rules: Arc::new(config.rules.clone()),
        presence: Arc::default(),
    };
    io.ns("/", move |s: SocketRef| {
        let wires = wires.clone();
        async move { wire::on_connect(s, wires) }
    });
    let state = AppState {
        io,
        catalog,
        started: Instant::now(),
        rooms: config.rooms,
        access: Arc::new(config.access.clone()),
        www: config.static_root.join("www"),
        pkg: config.static_root.join("pkg"),
        max_file_size: config.max_file_size,
    };
    let files = Router::new()
        .nest_service("/pkg", ServeDir::new(&state.pkg))
        .fallback_service(ServeDir::new(&state.www))
        .layer(from_fn_with_state(state.clone(), http::check_static));
    // Origins that got past `check_access` are allowed: mirror them, with credentials.
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_methods(AllowMethods::mirror_request())
        .allow_headers(AllowHeaders::mirror_request())
        .allow_credentials(true);
    let inner = Router::new()
        .route("/health", get(http::health))
        .route("/events", get(http::events))
        .route("/emit", post(http::emit))
        .merge(files)
        .with_state(state.clone())
        .layer(layer)
        .layer(cors);
    // The escape work-around serves bridged WebSockets with `inner` itself.
    Router::new()
        .fallback_service(inner.clone())
        .layer(from_fn_with_state(inner, crate::escape::middleware))
        .layer(from_fn_with_state(state, http::check_access))
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

/// What `serve` prints once it listens: the URL, the demo page and how to send an event.
fn banner(config: &Config, scheme: &str, local: SocketAddr) -> String {
    let mut shown = local;
    if shown.ip().is_unspecified() {
        shown.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let url = format!("{scheme}://{shown}");
    let mut out = format!("plugwire dev server listening on {scheme}://{local}/\n");
    if config.static_root.join("www").is_dir() {
        out.push_str(&format!("  demo page:     {url}/\n"));
    }
    out.push_str(&format!(
        "  send an event: plugwire send --event AttendeeCheckedIn --url {url}\n"
    ));
    out
}

/// Warns about folders that are missing where the server looks for them.
fn check_folders(config: &Config) {
    if !config.events_dir.is_dir() {
        warn!(
            dir = ?config.events_dir,
            "no templates folder: GET /events lists nothing and POST /emit needs channel and data (create it, or pass --events DIR)"
        );
    }
    if !config.static_root.join("www").is_dir() {
        warn!(
            root = ?config.static_root,
            "no www/ folder here: the demo page is not served (run from the repository, or pass --root DIR)"
        );
    }
}

/// Runs the server until Ctrl+C. Prints `listening on <url>` once bound.
pub async fn serve(config: Config) -> Result<(), ServeError> {
    let catalog = Arc::new(Catalog::new(
        config.events_dir.clone(),
        config.max_file_size,
    ));
    check_folders(&config);
    // Reading the folder blocks (and a template may be large): a thread of its own.
    let watcher = catalog.clone();
    std::thread::spawn(move || loop {
        http::refresh(&watcher);
        std::thread::sleep(Duration::from_millis(500));
    });

    let app = app(&config, catalog).into_make_service();
    let tls = match &config.tls {
        Some((cert, key)) => Some(crate::tls::rustls_config(cert, key).map_err(ServeError::Tls)?),
        None => None,
    };
    let bind = |addr| move |source| ServeError::Bind { addr, source };
    let listener = std::net::TcpListener::bind(config.addr).map_err(bind(config.addr))?;
    let _ = listener.set_nonblocking(true);
    let local = listener.local_addr().unwrap_or(config.addr);
    let scheme = if tls.is_some() { "https" } else { "http" };
    print!("{}", banner(&config, scheme, local));
    info!(
        mode = if config.rooms { "rooms" } else { "broadcast" },
        channel_rules = config.rules.len(),
        "ready"
    );

    let handle = axum_server::Handle::new();
    let shutdown = handle.clone();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        shutdown.graceful_shutdown(Some(Duration::from_secs(1)));
    });
    let server = axum_server::from_tcp(listener)
        .map_err(bind(local))?
        .handle(handle);
    match tls {
        Some(tls) => {
            let acceptor = axum_server::tls_rustls::RustlsAcceptor::new(tls);
            server.acceptor(acceptor).serve(app).await
        }
        None => server.serve(app).await,
    }
    .map_err(bind(local))
}
