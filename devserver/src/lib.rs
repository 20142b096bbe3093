//! The plugwire dev socket server and CLI: `plugwire serve | list | send`.
//!
//! - [`templates`]: the `socket-events/*.json` catalog;
//! - [`server`]: the Socket.IO server, its HTTP API and the demo's static files;
//! - [`cli`]: the `list` and `send` commands;
//! - [`tls`]: HTTPS from PEM files.

pub mod cli;
pub mod server;
pub mod templates;
pub mod tls;
