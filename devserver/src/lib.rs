//! The plugwire dev socket server and CLI: `plugwire serve | list | send`.
//!
//! - [`templates`]: the `socket-events/*.json` catalog;
//! - [`files`]: reading files safely (regular files inside their folder, size-limited);
//! - [`server`]: the Socket.IO server, its HTTP API and the demo's static files, with
//!   [`wire`] (wires, channels, presence, relays) and [`access`] (allowed hosts and origins);
//! - [`auth`]: channel authorisation rules; [`presence`]: presence channel members;
//! - [`escape`]: a work-around for event names socketioxide cannot parse;
//! - [`cli`]: the `list` and `send` commands;
//! - [`tls`]: HTTPS from PEM files.

pub mod access;
pub mod auth;
pub mod cli;
pub mod escape;
pub mod files;
mod http;
pub mod presence;
pub mod server;
pub mod templates;
pub mod tls;
pub mod wire;
