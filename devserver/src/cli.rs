//! `plugwire list` and `plugwire send`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{json, Value};

use crate::files::{read_limited, FileError};
use crate::templates::{load_dir, parse_template, rewrite_channel, DEFAULT_MAX_FILE_SIZE};

/// Why a CLI command failed. [`CliError::exit_code`] gives the process exit code.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// No `X.json` in the templates directory, and no `--data` / `--channel` to send instead.
    #[error("Event file not found: {file}\n{available}\nTo send an event without a template, give --data and/or --channel.")]
    EventNotFound {
        /// The file looked for.
        file: String,
        /// The events there are, as a sentence.
        available: String,
    },
    /// The template file exists but is broken.
    #[error("Invalid template {file}: {message}")]
    BadTemplate {
        /// The file.
        file: String,
        /// The parse error, with line and column.
        message: String,
    },
    /// `--data` is not JSON.
    #[error("Invalid --data JSON: {0}")]
    BadData(String),
    /// `--identifier` cannot be applied to the channel.
    #[error("{0}")]
    Channel(String),
    /// The dev server did not answer.
    #[error("Cannot connect to dev server at {url}: {reason}\nStart it with: plugwire serve")]
    Unreachable {
        /// Where we tried.
        url: String,
        /// Why it failed.
        reason: String,
    },
    /// The dev server refused the event.
    #[error("Dev server at {url} refused the event ({status}): {message}")]
    Server {
        /// Where we sent it.
        url: String,
        /// HTTP status.
        status: u16,
        /// The server's error message.
        message: String,
    },
}

impl CliError {
    /// Exit code: 1 for bad input, 3 when the server is unreachable, 4 when it refused.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Unreachable { .. } => 3,
            CliError::Server { .. } => 4,
            _ => 1,
        }
    }
}

struct Paint(bool);
impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
}

/// The text `plugwire list` prints for the templates in `dir`.
pub fn list(dir: &Path, color: bool) -> String {
    let p = Paint(color);
    let (templates, errors) = load_dir(dir, DEFAULT_MAX_FILE_SIZE);
    let mut out = String::new();
    if templates.is_empty() {
        out.push_str(&format!("No socket events in {}/\n", dir.display()));
    } else {
        out.push_str(&format!(
            "{} ({}/)\n\n",
            p.wrap("1", "Available socket events"),
            dir.display()
        ));
        let width = templates.iter().map(|t| t.event.len()).max().unwrap_or(0);
        for t in &templates {
            out.push_str(&format!(
                "  {}  {}\n",
                p.wrap("1;36", &format!("{:width$}", t.event)),
                t.channel
                    .as_deref()
                    .map_or_else(|| p.wrap("2", "(no channel)"), str::to_owned)
            ));
        }
    }
    if !errors.is_empty() {
        out.push_str(&format!("\n{}\n", p.wrap("1;31", "Broken templates:")));
        for e in &errors {
            let at = if e.line > 0 {
                format!(" (line {}, column {})", e.line, e.column)
            } else {
                String::new()
            };
            out.push_str(&format!("  {}{at}: {}\n", e.file, e.message));
        }
    }
    out.push_str(&format!("\n{}\n", p.wrap("1", "Usage:")));
    let example = templates.first().map_or("EventName", |t| t.event.as_str());
    out.push_str(&format!("  plugwire send --event {example}\n"));
    if let Some(t) = templates.iter().find(|t| t.channel.is_some()) {
        out.push_str(&format!(
            "  plugwire send --event {} --identifier my_identifier\n",
            t.event
        ));
    }
    out.push_str("  plugwire send --event NAME --data '{\"id\": 1}' --channel private.Model.id\n");
    out
}

/// Options of `plugwire send`.
#[derive(Debug, Clone)]
pub struct SendOptions {
    /// Template to send (`<events_dir>/<event>.json`).
    pub event: String,
    /// Rewrites the channel's identifier (`private.Model.old` → `private.Model.<identifier>`).
    pub identifier: Option<String>,
    /// Replaces the template's data: JSON text, or `@path` to read it from a file.
    pub data: Option<String>,
    /// Replaces the template's channel.
    pub channel: Option<String>,
    /// Base URL of the dev server.
    pub url: String,
    /// Templates directory.
    pub events_dir: PathBuf,
}

fn available(dir: &Path) -> String {
    let (templates, _) = load_dir(dir, DEFAULT_MAX_FILE_SIZE);
    if templates.is_empty() {
        format!("No events in {}/", dir.display())
    } else {
        let names: Vec<_> = templates.iter().map(|t| t.event.as_str()).collect();
        format!("Available events: {}", names.join(", "))
    }
}

/// Builds the `/emit` body for `opts` from its template and overrides. Without a template
/// file, `--data` and `--channel` make the event (as `POST /emit` accepts it).
pub fn build_request(opts: &SendOptions) -> Result<Value, CliError> {
    let file = format!("{}.json", opts.event);
    let path = opts.events_dir.join(&file);
    let bad = |message: String| CliError::BadTemplate {
        file: file.clone(),
        message,
    };
    let (event, template_channel, template_data) =
        match read_limited(&opts.events_dir, &path, DEFAULT_MAX_FILE_SIZE) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| bad("not UTF-8 text".into()))?;
                let t = parse_template(&file, &text).map_err(|e| {
                    bad(if e.line > 0 {
                        format!("{} at line {} column {}", e.message, e.line, e.column)
                    } else {
                        e.message
                    })
                })?;
                (t.event, t.channel, t.data)
            }
            Err(FileError::NotFound) if opts.data.is_some() || opts.channel.is_some() => {
                (opts.event.clone(), None, Value::Null)
            }
            Err(FileError::NotFound) => {
                return Err(CliError::EventNotFound {
                    file: file.clone(),
                    available: available(&opts.events_dir),
                })
            }
            Err(e) => return Err(bad(e.to_string())),
        };
    let data = match &opts.data {
        None => template_data,
        Some(d) => {
            let text = match d.strip_prefix('@') {
                Some(p) => std::fs::read_to_string(p)
                    .map_err(|e| CliError::BadData(format!("cannot read {p}: {e}")))?,
                None => d.clone(),
            };
            serde_json::from_str(&text).map_err(|e| CliError::BadData(e.to_string()))?
        }
    };
    let mut channel = opts.channel.clone().or(template_channel);
    if let Some(id) = &opts.identifier {
        let c = channel.as_deref().ok_or_else(|| {
            CliError::Channel(format!(
                "--identifier needs a channel, and {file} has none (use --channel)"
            ))
        })?;
        channel = Some(rewrite_channel(c, id).map_err(CliError::Channel)?);
    }
    Ok(json!({ "event": event, "channel": channel, "data": data }))
}

/// Checks a `--url`: an `http` or `https` URL with a host (for clap: a bad one is a usage error).
pub fn parse_url(s: &str) -> Result<String, String> {
    let uri: ureq::http::Uri = s
        .parse()
        .map_err(|e| format!("not a URL ({e}); expected e.g. http://127.0.0.1:3069"))?;
    match (uri.scheme_str(), uri.host()) {
        (Some("http" | "https"), Some(h)) if !h.is_empty() => Ok(s.to_owned()),
        _ => Err(
            "expected an http:// or https:// URL with a host, e.g. http://127.0.0.1:3069".into(),
        ),
    }
}

/// Sends the event to the running dev server; returns its JSON answer.
pub fn send(opts: &SendOptions) -> Result<Value, CliError> {
    let body = build_request(opts)?;
    let url = format!("{}/emit", opts.url.trim_end_matches('/'));
    let local = ["://localhost", "://127.0.0.1", "://[::1]"]
        .iter()
        .any(|h| opts.url.contains(h));
    // The dev server's certificate is usually self-signed: trust it on this machine only.
    let tls = ureq::tls::TlsConfig::builder()
        .disable_verification(local)
        .build();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .tls_config(tls)
        .build()
        .into();
    let mut resp = agent
        .post(&url)
        .send_json(&body)
        .map_err(|e| CliError::Unreachable {
            url: opts.url.clone(),
            reason: e.to_string(),
        })?;
    let status = resp.status().as_u16();
    let answer: Value = resp.body_mut().read_json().unwrap_or(Value::Null);
    if status >= 400 {
        let message = answer
            .get("error")
            .and_then(Value::as_str)
            .unwrap_or("no error message")
            .to_owned();
        return Err(CliError::Server {
            url: opts.url.clone(),
            status,
            message,
        });
    }
    Ok(answer)
}
