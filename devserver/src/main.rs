//! `plugwire`: the dev socket server and CLI.

use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::NonEmptyStringValueParser;
use clap::{Args, Parser, Subcommand};
use plugwire_devserver::access::Access;
use plugwire_devserver::auth::Rules;
use plugwire_devserver::cli::{self, parse_url, SendOptions};
use plugwire_devserver::server::{self, Config};

const DEFAULT_PORT: u16 = 3069;

/// plugwire dev socket server and CLI: simulate platform events without production systems.
#[derive(Parser)]
#[command(
    name = "plugwire",
    version,
    after_help = "The dev server listens on http://127.0.0.1:3069 unless --port or SOCKET_IO_PORT \
                  says otherwise; `plugwire send` posts there by default."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the dev Socket.IO server (also serves the demo: www/ at / and pkg/ at /pkg/).
    Serve(ServeArgs),
    /// List the event templates.
    List {
        /// Directory of the event templates.
        #[arg(long, default_value = "socket-events")]
        events: PathBuf,
    },
    /// Send an event template through the running dev server.
    Send(SendArgs),
}

/// `serve --parser`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum WireParser {
    /// socket.io-parser's: JSON, binary as attachments.
    Default,
    /// socket.io-msgpack-parser's: the whole packet MessagePack-encoded.
    Msgpack,
}

#[derive(Args)]
struct ServeArgs {
    /// Port to listen on.
    #[arg(long, env = "SOCKET_IO_PORT", default_value_t = DEFAULT_PORT)]
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
    /// The Socket.IO parser: `default` (JSON, binary as attachments) or `msgpack`
    /// (socket.io-msgpack-parser's format; clients need the same parser).
    #[arg(long, value_enum, default_value_t = WireParser::Default)]
    parser: WireParser,
    /// Directory holding www/ and pkg/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Serve HTTPS with CERT_PATH and KEY_PATH.
    #[arg(long, env = "USE_HTTPS", default_value_t = false, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    https: bool,
    /// TLS certificate (PEM), with --https / USE_HTTPS=true.
    #[arg(
        long,
        env = "CERT_PATH",
        value_name = "CERT_PATH",
        required_if_eq("https", "true")
    )]
    cert: Option<PathBuf>,
    /// TLS private key (PEM), with --https / USE_HTTPS=true.
    #[arg(
        long,
        env = "KEY_PATH",
        value_name = "KEY_PATH",
        required_if_eq("https", "true")
    )]
    key: Option<PathBuf>,
    /// Channel authorisation rules (JSON): which subscriptions are refused, with which status.
    #[arg(long, value_name = "FILE")]
    channel_rules: Option<PathBuf>,
    /// Refuse subscriptions to channels matching PATTERN (`*` wildcard) with 403. Repeatable.
    #[arg(long, value_name = "PATTERN", value_parser = NonEmptyStringValueParser::new())]
    deny: Vec<String>,
    /// Also accept requests and sockets from pages of this origin (`*`: any). Repeatable.
    #[arg(long, value_name = "ORIGIN", value_parser = NonEmptyStringValueParser::new())]
    allow_origin: Vec<String>,
    /// Also accept this host name in the Host header (`*`: any). Repeatable.
    #[arg(long, value_name = "NAME", value_parser = NonEmptyStringValueParser::new())]
    allow_host: Vec<String>,
    /// Largest template or static file read, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 128)]
    max_file_mib: u64,
}

#[derive(Args)]
struct SendArgs {
    /// Event to send (reads <events>/<EVENT>.json; without that file, --data / --channel make it).
    #[arg(long, value_parser = NonEmptyStringValueParser::new())]
    event: String,
    /// Rewrite the channel's identifier: private.Model.old -> private.Model.IDENTIFIER.
    #[arg(long, value_parser = NonEmptyStringValueParser::new())]
    identifier: Option<String>,
    /// Payload to send instead of the template's: JSON, or @file.json.
    #[arg(long)]
    data: Option<String>,
    /// Channel to send on instead of the template's.
    #[arg(long, value_parser = NonEmptyStringValueParser::new())]
    channel: Option<String>,
    /// Dev server URL [default: http://127.0.0.1:3069; the port from SOCKET_IO_PORT, https with USE_HTTPS=true].
    #[arg(long, value_parser = parse_url)]
    url: Option<String>,
    /// Directory of the event templates.
    #[arg(long, default_value = "socket-events")]
    events: PathBuf,
}

fn default_url() -> String {
    let port = std::env::var("SOCKET_IO_PORT").unwrap_or_else(|_| DEFAULT_PORT.to_string());
    let https = std::env::var("USE_HTTPS").is_ok_and(|v| v == "true" || v == "1");
    format!(
        "{}://127.0.0.1:{port}",
        if https { "https" } else { "http" }
    )
}

fn serve(args: ServeArgs) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,socketioxide=warn,engineioxide=warn".into()),
        )
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .compact()
        .init();
    let rules = match Rules::load(args.channel_rules.as_deref(), &args.deny) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let config = Config {
        addr: SocketAddr::new(args.host, args.port),
        events_dir: args.events,
        rooms: args.rooms,
        msgpack: args.parser == WireParser::Msgpack,
        static_root: args.root,
        // clap requires both when https is set.
        tls: args.cert.zip(args.key).filter(|_| args.https),
        rules,
        access: Access::new(&args.allow_origin, &args.allow_host),
        max_file_size: args.max_file_mib.saturating_mul(1 << 20),
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

fn send(args: SendArgs) -> ExitCode {
    let opts = SendOptions {
        event: args.event,
        identifier: args.identifier,
        data: args.data,
        channel: args.channel,
        url: args.url.unwrap_or_else(default_url),
        events_dir: args.events,
    };
    match cli::send(&opts) {
        Ok(answer) => {
            let clients = answer.get("clients").and_then(|c| c.as_u64()).unwrap_or(0);
            let channel = answer.get("channel").and_then(|c| c.as_str());
            let event = answer
                .get("event")
                .and_then(|e| e.as_str())
                .unwrap_or(&opts.event);
            println!(
                "Sent {event} on {} to {clients} client(s)",
                channel.unwrap_or("-")
            );
            if clients == 0 {
                eprintln!(
                    "warning: no client received it: none is connected to {}{}",
                    opts.url,
                    channel.map_or(String::new(), |c| format!(
                        " (or, with serve --rooms, subscribed to {c})"
                    ))
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Serve(args) => serve(args),
        Command::List { events } => {
            print!("{}", cli::list(&events, std::io::stdout().is_terminal()));
            ExitCode::SUCCESS
        }
        Command::Send(args) => send(args),
    }
}
