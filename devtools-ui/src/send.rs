//! Sending the simulator's draft — through the dev server, into the page, or from the page —
//! and saying in words what happened: who in the page received it, or that nobody did.

use js_sys::Array;
use leptos::prelude::*;

use crate::json::{arguments, pretty_value, validate};
use crate::page::Dependency;
use crate::prefs::{Draft, Mode};
use crate::record::{clock, Direction, Reached};
use crate::server;
use crate::state::AppState;

/// How a send went.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Sent, and received by a listener (or answered).
    Ok,
    /// Sent, but nobody in the page received it.
    Warn,
    /// Not sent.
    Err,
    /// On its way: the line says so until the send ends, so an earlier outcome is never read
    /// as this one's.
    Pending,
}

impl Kind {
    /// The `data-kind` of the outcome line.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Ok => "ok",
            Kind::Warn => "warn",
            Kind::Err => "error",
            Kind::Pending => "pending",
        }
    }
}

/// What the simulator shows after a send.
#[derive(Clone, PartialEq)]
pub struct Outcome {
    /// Ok, warning or error.
    pub kind: Kind,
    /// One sentence.
    pub text: String,
    /// The listeners that received it, described.
    pub reached: Vec<String>,
    /// The server's ack, as JSON text.
    pub answer: Option<String>,
}

impl Outcome {
    fn new(kind: Kind, text: String) -> Outcome {
        Outcome {
            kind,
            text,
            reached: Vec::new(),
            answer: None,
        }
    }

    /// A failure before anything was sent.
    pub fn error(text: impl Into<String>) -> Outcome {
        Outcome::new(Kind::Err, text.into())
    }

    /// A send under way (an emit may wait seconds for its ack).
    pub fn pending(event: &str) -> Outcome {
        Outcome::new(Kind::Pending, format!("Sending {event}…"))
    }
}

/// How long the page may take to receive what the dev server sent.
const RECEIVE_MS: f64 = 2000.0;
/// How long an emit waits for its ack.
const ACK_MS: u32 = 5000;

fn on(ch: &str) -> String {
    if ch.is_empty() {
        String::new()
    } else {
        format!(" on {ch}")
    }
}

fn plural(n: usize, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

/// `kiosk_2 · checkedIn · handleCheckIn`: the socket or dependency, the event type (a
/// dependency's name for the event), the callback's name.
pub fn describe(r: &Reached, event: &str, deps: &[Dependency]) -> String {
    let kind = deps
        .iter()
        .find(|d| d.identifier == r.socket)
        .and_then(|d| d.events.iter().find(|(_, name)| name == event))
        .map(|(t, _)| format!(" · {t}"))
        .unwrap_or_default();
    let name = if r.listener.is_empty() {
        "anonymous function".to_owned()
    } else {
        format!("{}()", r.listener)
    };
    format!("{}{kind} · {name}", r.socket)
}

fn received(
    mut o: Outcome,
    reached: &[Reached],
    event: &str,
    ch: &str,
    deps: &[Dependency],
) -> Outcome {
    if reached.is_empty() {
        o.kind = Kind::Warn;
        o.text.push_str(&format!(
            ", but no listener received it: nothing in this page listens for {event}{}.",
            on(ch)
        ));
    } else {
        o.text.push_str(&format!(
            "; received by {}:",
            plural(reached.len(), "listener")
        ));
        o.reached = reached.iter().map(|r| describe(r, event, deps)).collect();
    }
    o
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |ok, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&ok, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// Sends `d`; the outcome in words.
pub async fn send(state: AppState, d: Draft) -> Outcome {
    let ev = d.event.trim().to_owned();
    if ev.is_empty() {
        return Outcome::error("Choose or type an event name first.");
    }
    if let Some(e) = validate(&d.payload) {
        return Outcome::error(format!("Invalid JSON: {e}"));
    }
    let args = match arguments(&d.payload, d.spread && d.mode == Mode::Emit) {
        Ok(a) => a,
        Err(e) => return Outcome::error(e),
    };
    let ch = d.channel.trim().to_owned();
    let deps = state.deps.get_untracked();
    let hub = state.hub.get_value();
    match d.mode {
        Mode::Local => {
            let socket = state.socket(&d.socket).map(|s| s.name).unwrap_or_default();
            match hub.inject(&socket, &ev, &args, &ch) {
                Ok(reached) => {
                    let o = Outcome::new(
                        Kind::Ok,
                        format!("Injected {ev} locally{} at {}", on(&ch), clock()),
                    );
                    received(o, &reached, &ev, &ch, &deps)
                }
                Err(e) => Outcome::error(format!("Local inject failed: {e}")),
            }
        }
        Mode::Emit => {
            let Some(socket) = state.socket(&d.socket) else {
                return Outcome::error("This page has no socket to emit on.");
            };
            let what = format!(
                "Emitted {ev} on {} ({}) at {}",
                socket.name,
                plural(args.length() as usize, "argument"),
                clock()
            );
            match hub.send(&socket.name, &ev, &args, d.ack, ACK_MS).await {
                Ok(None) => Outcome::new(Kind::Ok, format!("{what}.")),
                Ok(Some(answer)) => {
                    let mut o = Outcome::new(Kind::Ok, format!("{what}; the server answered:"));
                    let one = Array::is_array(&answer) && Array::from(&answer).length() == 1;
                    o.answer = Some(pretty_value(&if one {
                        Array::from(&answer).get(0)
                    } else {
                        answer
                    }));
                    o
                }
                Err(e) => Outcome::error(format!("{what}, but got no answer: {e}.")),
            }
        }
        Mode::Server => {
            let status = state
                .hub
                .with_value(|h| h.store().map(|s| crate::js::text(&s, "connectionStatus")))
                .unwrap_or_else(|| {
                    let connected = state
                        .socket("")
                        .is_some_and(|s| crate::js::get(&s.socket, "connected").is_truthy());
                    if connected {
                        "connected"
                    } else {
                        "disconnected"
                    }
                    .to_owned()
                });
            let from = state.peek_id();
            let clients = match server::emit(&state.url.get_value(), &ev, &ch, &args.get(0)).await {
                Ok(n) => n as usize,
                Err(e) => return Outcome::error(e),
            };
            let sent = format!(
                "Sent {ev}{} to {} at {}",
                on(&ch),
                plural(clients, "client"),
                clock()
            );
            if status != "connected" {
                return Outcome::error(format!(
                    "{sent}, but this page is not connected (status: {status}): it will not receive it."
                ));
            }
            let start = js_sys::Date::now();
            loop {
                let got = state.records.with_untracked(|list| {
                    list.iter()
                        .rev()
                        .take_while(|r| r.id >= from)
                        .find(|r| {
                            r.direction == Direction::In
                                && r.event == ev
                                && r.channel.as_deref().is_none_or(|c| c == ch)
                        })
                        .map(|r| r.listeners.clone().unwrap_or_default())
                });
                if let Some(reached) = got {
                    return received(Outcome::new(Kind::Ok, sent), &reached, &ev, &ch, &deps);
                }
                if state.paused.get_untracked() || js_sys::Date::now() - start > RECEIVE_MS {
                    return Outcome::new(
                        Kind::Warn,
                        format!("{sent}, but this page did not receive it within 2 s (is it subscribed to {}?).", if ch.is_empty() { "the event" } else { &ch }),
                    );
                }
                sleep(50).await;
            }
        }
    }
}
