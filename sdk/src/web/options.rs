//! What `io()` and `Manager::new` take (socket.io-client's options, with its defaults), and
//! how a URL is resolved, as socket.io-client's `url()` resolves it.

use std::time::Duration;

use super::{Auth, Error};
use crate::engine::{EngineConfig, TransportKind};
use crate::manager::ManagerConfig;
use crate::socket::SocketOptions;

/// A transport (`transports` option).
///
/// ```
/// use plugwire::web::{Options, Transport};
/// let websocket_only = Options { transports: vec![Transport::WebSocket], ..Options::default() };
/// # let _ = websocket_only;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// HTTP long-polling (`fetch`).
    Polling,
    /// WebSocket.
    WebSocket,
}

/// The options of `io()` / `Manager::new` / `Manager::socket`: every option socket.io-client's
/// `io()` takes, with its defaults. Build with struct update syntax.
///
/// ```
/// use std::time::Duration;
/// use plugwire::web::Options;
/// let opts = Options {
///     auth: Some(serde_json::json!({"token": "abc"}).into()),
///     ack_timeout: Some(Duration::from_secs(5)),
///     retries: Some(2),
///     ..Options::default()
/// };
/// assert_eq!(opts.path, "/socket.io");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// `path` (default `/socket.io`).
    pub path: String,
    /// `addTrailingSlash` (default true).
    pub add_trailing_slash: bool,
    /// `query`: extra query parameters of every request (added to the URL's own).
    pub query: Vec<(String, String)>,
    /// `transports`, in order of preference (default polling, then WebSocket).
    pub transports: Vec<Transport>,
    /// `upgrade`: move from polling to WebSocket when the server offers it (default true).
    pub upgrade: bool,
    /// `rememberUpgrade` (default false).
    pub remember_upgrade: bool,
    /// `tryAllTransports` (default false).
    pub try_all_transports: bool,
    /// `timestampRequests`: a `t=` cache-buster on polling requests (default true).
    pub timestamp_requests: bool,
    /// Which Engine.IO protocol to speak: recognise a Socket.IO 2.x server from its handshake
    /// (the default), or pin v3 or v4 (the JavaScript `io()`'s `protocol` option).
    pub protocol: crate::engine::Protocol,
    /// `withCredentials`: send cookies on cross-origin polling requests (default false).
    pub with_credentials: bool,
    /// `extraHeaders` of polling requests.
    pub extra_headers: Vec<(String, String)>,
    /// `closeOnBeforeunload` (default false).
    pub close_on_beforeunload: bool,
    /// `reconnection` (default true).
    pub reconnection: bool,
    /// `reconnectionAttempts` (default `None`: no limit).
    pub reconnection_attempts: Option<u32>,
    /// `reconnectionDelay` (default 1 s).
    pub reconnection_delay: Duration,
    /// `reconnectionDelayMax` (default 5 s).
    pub reconnection_delay_max: Duration,
    /// `randomizationFactor` (default 0.5).
    pub randomization_factor: f64,
    /// `timeout` of a connection attempt (default 20 s; `None`: none).
    pub timeout: Option<Duration>,
    /// `autoConnect` (default true).
    pub auto_connect: bool,
    /// `forceNew`: a new manager, never a shared one (default false).
    pub force_new: bool,
    /// `multiplex`: share a manager between namespaces of one server (default true).
    pub multiplex: bool,
    /// `auth`: the CONNECT packet's credentials — a JSON object (`json!({..}).into()`), or a
    /// provider asked on every connection attempt ([`Auth::with`], [`Auth::with_future`]).
    pub auth: Option<Auth>,
    /// `ackTimeout` of every emit with an ack.
    pub ack_timeout: Option<Duration>,
    /// `retries`: re-send an emit until acked, this many times at most.
    pub retries: Option<u32>,
}

impl Transport {
    /// The name used on the wire and in socket.io-client's options.
    ///
    /// ```
    /// use plugwire::web::Transport;
    /// assert_eq!(Transport::WebSocket.as_str(), "websocket");
    /// ```
    pub fn as_str(self) -> &'static str {
        self.kind().name()
    }

    pub(crate) fn kind(self) -> TransportKind {
        match self {
            Transport::Polling => TransportKind::Polling,
            Transport::WebSocket => TransportKind::WebSocket,
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Transport> {
        Some(match TransportKind::from_name(name)? {
            TransportKind::Polling => Transport::Polling,
            TransportKind::WebSocket => Transport::WebSocket,
        })
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            path: "/socket.io".into(),
            add_trailing_slash: true,
            query: Vec::new(),
            transports: vec![Transport::Polling, Transport::WebSocket],
            upgrade: true,
            remember_upgrade: false,
            try_all_transports: false,
            timestamp_requests: true,
            protocol: crate::engine::Protocol::Auto,
            with_credentials: false,
            extra_headers: Vec::new(),
            close_on_beforeunload: false,
            reconnection: true,
            reconnection_attempts: None,
            reconnection_delay: Duration::from_millis(1000),
            reconnection_delay_max: Duration::from_millis(5000),
            randomization_factor: 0.5,
            timeout: Some(Duration::from_millis(20_000)),
            auto_connect: true,
            force_new: false,
            multiplex: true,
            auth: None,
            ack_timeout: None,
            retries: None,
        }
    }
}

pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

impl Options {
    /// The path with its leading slash, and its trailing one unless `add_trailing_slash` is off.
    fn engine_path(&self) -> String {
        let mut path = self.path.clone();
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        if self.add_trailing_slash && !path.ends_with('/') {
            path.push('/');
        }
        path
    }

    pub(crate) fn socket_options(&self) -> SocketOptions {
        SocketOptions {
            ack_timeout: self.ack_timeout.map(ms),
            retries: self.retries.filter(|r| *r > 0),
        }
    }

    pub(crate) fn configs(
        &self,
        t: &Target,
        prior_websocket: bool,
    ) -> (ManagerConfig, EngineConfig) {
        let d = ManagerConfig::default();
        let cfg = ManagerConfig {
            reconnection: self.reconnection,
            reconnection_attempts: self.reconnection_attempts.unwrap_or(u32::MAX),
            reconnection_delay: ms(self.reconnection_delay),
            reconnection_delay_max: ms(self.reconnection_delay_max),
            randomization_factor: self.randomization_factor,
            timeout: self.timeout.map(ms),
            max_attachments: d.max_attachments,
        };
        let query = if self.query.is_empty() {
            t.query.clone()
        } else {
            let mut parts: Vec<String> = Vec::new();
            if !t.query.is_empty() {
                parts.push(t.query.clone());
            }
            for (k, v) in &self.query {
                parts.push(format!("{}={}", encode(k), encode(v)));
            }
            parts.join("&")
        };
        let engine = EngineConfig {
            authority: t.authority.clone(),
            secure: t.secure,
            path: self.engine_path(),
            query,
            transports: self.transports.iter().map(|t| t.kind()).collect(),
            upgrade: self.upgrade,
            remember_upgrade: self.remember_upgrade,
            prior_websocket,
            try_all_transports: self.try_all_transports,
            timestamp_requests: self.timestamp_requests,
            protocol: self.protocol,
        };
        (cfg, engine)
    }

    /// The key of the shared manager for this server and path.
    pub(crate) fn cache_key(&self, t: &Target) -> String {
        format!("{}{}", t.id, self.engine_path().trim_end_matches('/'))
    }
}

fn encode(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// A URL resolved as socket.io-client resolves it.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// `scheme://host:port` (the manager cache key, with the path).
    pub id: String,
    /// The host is `localhost` (going offline does not close it).
    pub local: bool,
    pub authority: String,
    pub secure: bool,
    /// The namespace (the URL's path).
    pub nsp: String,
    /// The URL's query, without `?`.
    pub query: String,
    /// The URL, completed.
    pub source: String,
}

/// Resolves `uri` relative to the page: default ports, the namespace from the path.
pub(crate) fn target(uri: &str) -> Result<Target, Error> {
    let location = web_sys::window().map(|w| w.location());
    let protocol = location
        .as_ref()
        .and_then(|l| l.protocol().ok())
        .unwrap_or_else(|| "https:".into());
    let page_host = location
        .as_ref()
        .and_then(|l| l.host().ok())
        .unwrap_or_default();
    let mut uri = if uri.is_empty() {
        format!("{protocol}//{page_host}")
    } else {
        uri.to_owned()
    };
    if uri.starts_with("//") {
        uri = format!("{protocol}{uri}");
    } else if uri.starts_with('/') {
        uri = format!("{page_host}{uri}");
    }
    let lower = uri.to_ascii_lowercase();
    if !["http://", "https://", "ws://", "wss://"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        let scheme = if page_host.is_empty() {
            "https:".to_owned()
        } else {
            protocol.clone()
        };
        uri = format!("{scheme}//{uri}");
    }
    let url = web_sys::Url::new(&uri).map_err(|_| Error::InvalidUrl(uri.clone()))?;
    let scheme = url.protocol().trim_end_matches(':').to_ascii_lowercase();
    let secure = scheme == "https" || scheme == "wss";
    let default_port = if secure { "443" } else { "80" };
    let port = match url.port() {
        p if p.is_empty() => default_port.to_owned(),
        p => p,
    };
    let hostname = url.hostname();
    let authority = if port == default_port {
        url.host()
    } else {
        format!("{hostname}:{port}")
    };
    let path = url.pathname();
    Ok(Target {
        id: format!("{scheme}://{hostname}:{port}"),
        local: hostname == "localhost",
        authority,
        secure,
        nsp: if path.is_empty() { "/".into() } else { path },
        query: url.search().trim_start_matches('?').to_owned(),
        source: uri,
    })
}
