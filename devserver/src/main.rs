//! `plugwire`: the dev socket server and CLI.

use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use plugwire_devserver::cli::{self, SendOptions};
use plugwire_devserver::server::{self, Config};

/// plugwire dev socket server and CLI: simulate platform events without production systems.
#[derive(Parser)]
#[command(name = "plugwire", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the dev Socket.IO server (also serves the demo: www/ at / and pkg/ at /pkg/).
    Serve {
        /// Port to listen on.
        #[arg(long, env = "SOCKET_IO_PORT", default_value_t = 3069)]
        port: u16,
        /// Address to listen on (0.0.0.0 to reach it from other devices).
        #[arg(long, default_value = "127.0.0.1")]
        host: IpAddr,
        /// Directory of the event templates.
        #[arg(long, default_value = "socket-events")]
        events: PathBuf,
        /// Deliver channel events only to clients subscribed to the channel (production-faithful).
        #[arg(long)]
        rooms: bool,
        /// Directory holding www/ and pkg/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Serve HTTPS with CERT_PATH and KEY_PATH.
        #[arg(long, env = "USE_HTTPS", default_value_t = false, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
        https: bool,
        /// TLS certificate (PEM), with --https / USE_HTTPS=true.
        #[arg(long, env = "CERT_PATH")]
        cert: Option<PathBuf>,
        /// TLS private key (PEM), with --https / USE_HTTPS=true.
        #[arg(long, env = "KEY_PATH")]
        key: Option<PathBuf>,
    },
    /// List the event templates.
    List {
        /// Directory of the event templates.
        #[arg(long, default_value = "socket-events")]
        events: PathBuf,
    },
    /// Send an event template through the running dev server.
    Send {
        /// Event to send (reads <events>/<EVENT>.json).
        #[arg(long)]
        event: String,
        /// Rewrite the channel's identifier: private.Model.old -> private.Model.IDENTIFIER.
        #[arg(long)]
        identifier: Option<String>,
        /// Payload to send instead of the template's: JSON, or @file.json.
        #[arg(long)]
        data: Option<String>,
        /// Channel to send on instead of the template's.
        #[arg(long)]
        channel: Option<String>,
        /// Dev server URL [default: http://127.0.0.1:$SOCKET_IO_PORT, or https with USE_HTTPS=true].
        #[arg(long)]
        url: Option<String>,
        /// Directory of the event templates.
        #[arg(long, default_value = "socket-events")]
        events: PathBuf,
    },
}

fn default_url() -> String {
    let port = std::env::var("SOCKET_IO_PORT").unwrap_or_else(|_| "3069".into());
    let https = std::env::var("USE_HTTPS").is_ok_and(|v| v == "true" || v == "1");
    format!(
        "{}://127.0.0.1:{port}",
        if https { "https" } else { "http" }
    )
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve {
            port,
            host,
            events,
            rooms,
            root,
            https,
            cert,
            key,
        } => {
            tracing_subscriber::fmt()
                .with_env_filter(
                    tracing_subscriber::EnvFilter::try_from_default_env()
                        .unwrap_or_else(|_| "info,socketioxide=warn,engineioxide=warn".into()),
                )
                .with_ansi(std::io::stderr().is_terminal())
                .with_writer(std::io::stderr)
                .compact()
                .init();
            let tls = if https {
                match (cert, key) {
                    (Some(c), Some(k)) => Some((c, k)),
                    (c, k) => {
                        let missing: Vec<_> =
                            [("CERT_PATH", c.is_none()), ("KEY_PATH", k.is_none())]
                                .into_iter()
                                .filter_map(|(n, m)| m.then_some(n))
                                .collect();
                        eprintln!(
                            "error: USE_HTTPS=true needs {} (PEM files)",
                            missing.join(" and ")
                        );
                        return ExitCode::from(1);
                    }
                }
            } else {
                None
            };
            let config = Config {
                addr: SocketAddr::new(host, port),
                events_dir: events,
                rooms,
                static_root: root,
                tls,
            };
            let rt = match tokio::runtime::Runtime::new() {
                Ok(rt) => rt,
                Err(e) => {
                    eprintln!("error: cannot start the runtime: {e}");
                    return ExitCode::from(1);
                }
            };
            match rt.block_on(server::serve(config)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::List { events } => {
            print!("{}", cli::list(&events, std::io::stdout().is_terminal()));
            ExitCode::SUCCESS
        }
        Command::Send {
            event,
            identifier,
            data,
            channel,
            url,
            events,
        } => {
            let opts = SendOptions {
                event,
                identifier,
                data,
                channel,
                url: url.unwrap_or_else(default_url),
                events_dir: events,
            };
            match cli::send(&opts) {
                Ok(answer) => {
                    let clients = answer.get("clients").and_then(|c| c.as_u64()).unwrap_or(0);
                    let channel = answer
                        .get("channel")
                        .and_then(|c| c.as_str())
                        .unwrap_or("-");
                    println!("Sent {} on {channel} to {clients} client(s)", opts.event);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(e.exit_code())
                }
            }
        }
    }
}
