//! Options and URLs, read as socket.io-client reads them.

use crate::prelude::*;
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::engine::{EngineConfig, TransportKind};
use crate::manager::ManagerConfig;
use crate::socket::SocketOptions;
use crate::transport::HttpOptions;

/// Reads option `key` of `opts` (undefined when absent or `opts` is not an object).
pub fn get(opts: &JsValue, key: &str) -> JsValue {
    if opts.is_object() {
        Reflect::get(opts, &key.into()).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

fn bool_or(opts: &JsValue, key: &str, default: bool) -> bool {
    get(opts, key).as_bool().unwrap_or(default)
}

fn num(opts: &JsValue, key: &str) -> Option<f64> {
    get(opts, key).as_f64()
}

/// A parsed `io()` URL.
pub struct Target {
    /// `scheme://host:port` + path: managers are shared per id.
    pub id: String,
    /// `host:port` for the engine (default ports left out).
    pub authority: String,
    /// TLS.
    pub secure: bool,
    /// The namespace (the URL's path).
    pub nsp: String,
    /// The URL's query, without `?`.
    pub query: String,
    /// The URL, completed (scheme, host) as socket.io-client completes it.
    pub source: String,
}

/// Joins string parts (instead of `format!`, which would bring the formatting machinery into
/// the wasm binary).
pub fn concat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

fn location(key: &str) -> Option<String> {
    let loc = Reflect::get(&js_sys::global(), &"location".into()).ok()?;
    Reflect::get(&loc, &key.into()).ok()?.as_string()
}

/// Resolves `uri` as socket.io-client's `url()` does: relative to the page when partial,
/// default ports from the scheme, the path as the namespace.
pub fn target(uri: Option<String>, path: &str) -> Result<Target, JsValue> {
    let protocol = location("protocol").unwrap_or_else(|| "https:".into());
    let page_host = location("host").unwrap_or_default();
    let mut uri = uri.unwrap_or_else(|| concat(&[&protocol, "//", &page_host]));
    if let Some(rest) = uri.strip_prefix("//") {
        uri = concat(&[&protocol, "//", rest]);
    } else if uri.starts_with('/') {
        uri = concat(&[&page_host, &uri]);
    }
    let lower = uri.to_ascii_lowercase();
    let has_scheme = ["http://", "https://", "ws://", "wss://"]
        .iter()
        .any(|s| lower.starts_with(s));
    if !has_scheme {
        uri = if page_host.is_empty() {
            concat(&["https://", &uri])
        } else {
            concat(&[&protocol, "//", &uri])
        };
    }
    let url = web_sys::Url::new(&uri)
        .map_err(|_| js_sys::Error::new(&concat(&["invalid URL: ", &uri])))?;
    let scheme = url.protocol().trim_end_matches(':').to_ascii_lowercase();
    let secure = scheme == "https" || scheme == "wss";
    let host = url.hostname();
    let port = match url.port() {
        p if !p.is_empty() => p,
        _ if secure => "443".into(),
        _ => "80".into(),
    };
    let default_port = (secure && port == "443") || (!secure && port == "80");
    let authority = if default_port {
        url.host()
    } else {
        concat(&[&host, ":", &port])
    };
    let nsp = match url.pathname() {
        p if p.is_empty() => "/".to_owned(),
        p => p,
    };
    let query = url.search().trim_start_matches('?').to_owned();
    Ok(Target {
        id: concat(&[&scheme, "://", &host, ":", &port, path]),
        authority,
        secure,
        nsp,
        query,
        source: uri,
    })
}

fn encode_query(q: &JsValue) -> String {
    if let Some(s) = q.as_string() {
        return s.trim_start_matches('?').to_owned();
    }
    if !q.is_object() {
        return String::new();
    }
    let mut out = String::new();
    for e in Object::entries(q.unchecked_ref()).iter() {
        let pair = Array::from(&e);
        let (k, v) = (pair.get(0), pair.get(1));
        if v.is_undefined() {
            continue;
        }
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&String::from(js_sys::encode_uri_component(
            &k.as_string().unwrap_or_default(),
        )));
        out.push('=');
        let v = js_sys::JsString::from(v);
        out.push_str(&String::from(js_sys::encode_uri_component(&String::from(
            v,
        ))));
    }
    out
}

/// The socket.io path option, with the trailing slash engine.io-client adds.
pub fn path_of(opts: &JsValue) -> String {
    let mut path = get(opts, "path")
        .as_string()
        .unwrap_or_else(|| "/socket.io".into());
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if bool_or(opts, "addTrailingSlash", true) && !path.ends_with('/') {
        path.push('/');
    }
    path
}

/// Everything a manager needs from `opts` (and the URL's own query).
pub fn manager_settings(
    t: &Target,
    opts: &JsValue,
) -> (EngineConfig, ManagerConfig, HttpOptions, bool) {
    let transports: Vec<TransportKind> = match get(opts, "transports") {
        v if Array::is_array(&v) => Array::from(&v)
            .iter()
            .filter_map(|n| n.as_string().and_then(|n| TransportKind::from_name(&n)))
            .collect(),
        _ => vec![TransportKind::Polling, TransportKind::WebSocket],
    };
    let q = get(opts, "query");
    let query = if q.is_undefined() || q.is_null() {
        t.query.clone()
    } else {
        encode_query(&q)
    };
    let engine = EngineConfig {
        authority: t.authority.clone(),
        secure: t.secure,
        path: path_of(opts),
        query,
        transports,
        upgrade: bool_or(opts, "upgrade", true),
        remember_upgrade: bool_or(opts, "rememberUpgrade", false),
        prior_websocket: false,
        try_all_transports: bool_or(opts, "tryAllTransports", false),
        timestamp_requests: bool_or(opts, "timestampRequests", true),
    };
    let d = ManagerConfig::default();
    let attempts = num(opts, "reconnectionAttempts")
        .map(|a| {
            if a.is_finite() {
                a.max(0.0) as u32
            } else {
                u32::MAX
            }
        })
        .unwrap_or(d.reconnection_attempts);
    let timeout = match get(opts, "timeout") {
        v if v.as_bool() == Some(false) => None,
        v => v.as_f64().or(d.timeout),
    };
    let manager = ManagerConfig {
        reconnection: bool_or(opts, "reconnection", true),
        reconnection_attempts: attempts,
        reconnection_delay: num(opts, "reconnectionDelay").unwrap_or(d.reconnection_delay),
        reconnection_delay_max: num(opts, "reconnectionDelayMax")
            .unwrap_or(d.reconnection_delay_max),
        randomization_factor: num(opts, "randomizationFactor").unwrap_or(d.randomization_factor),
        timeout,
        max_attachments: d.max_attachments,
    };
    let headers = get(opts, "extraHeaders");
    let extra_headers = if headers.is_object() {
        Object::entries(headers.unchecked_ref())
            .iter()
            .filter_map(|e| {
                let pair = Array::from(&e);
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect()
    } else {
        Vec::new()
    };
    let http = HttpOptions {
        with_credentials: bool_or(opts, "withCredentials", false),
        extra_headers,
    };
    (engine, manager, http, bool_or(opts, "autoConnect", true))
}

/// The per-socket options.
pub fn socket_options(opts: &JsValue) -> SocketOptions {
    let auth = get(opts, "auth");
    SocketOptions {
        auth: if auth.is_object() || auth.is_instance_of::<Function>() {
            auth
        } else {
            JsValue::UNDEFINED
        },
        ack_timeout: num(opts, "ackTimeout"),
        retries: num(opts, "retries")
            .filter(|r| *r > 0.0)
            .map(|r| r.min(u32::MAX as f64) as u32),
    }
}
