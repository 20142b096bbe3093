//! What the Connection tab says about each socket, kept true across reconnects: the attempts and
//! the error belong to the current outage, and are put aside (not shown as current) once the
//! socket connects again.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::js::{self, Listener};
use crate::page::PageSocket;

/// An error and when it happened.
#[derive(Clone, PartialEq)]
pub struct Stamped {
    /// The error's message.
    pub message: String,
    /// Milliseconds since the epoch.
    pub time: f64,
}

/// One socket's connection history since the overlay opened.
#[derive(Clone, PartialEq, Default)]
pub struct ConnState {
    /// The socket's name.
    pub name: String,
    /// Reconnection attempts in the current outage (0 while connected).
    pub attempts: u32,
    /// Attempts it took the last time it reconnected.
    pub attempts_before: u32,
    /// How many times it reconnected.
    pub reconnects: u32,
    /// When it last connected.
    pub connected_at: Option<f64>,
    /// The last error since it last connected.
    pub error: Option<Stamped>,
    /// The error before the last (re)connection, kept as history.
    pub error_before: Option<Stamped>,
    /// The last heartbeat.
    pub last_ping: Option<f64>,
    /// The last round trip measured while connected (cleared on disconnect).
    pub rtt: Option<u32>,
}

/// The connection histories, one per socket, and the listeners that keep them.
#[derive(Clone, Copy)]
pub struct Connections {
    /// The histories.
    pub list: RwSignal<Vec<ConnState>>,
    guards: StoredValue<Vec<Listener>, LocalStorage>,
}

impl Connections {
    /// No sockets yet.
    pub fn new() -> Connections {
        Connections {
            list: RwSignal::new(Vec::new()),
            guards: StoredValue::new_local(Vec::new()),
        }
    }

    /// Drops every listener.
    pub fn release(&self) {
        self.guards.update_value(|g| g.clear());
    }

    /// Changes one socket's history.
    pub fn update(&self, name: &str, f: impl FnOnce(&mut ConnState)) {
        self.list.update(|list| {
            if let Some(c) = list.iter_mut().find(|c| c.name == name) {
                f(c);
            }
        });
    }

    /// Starts following a socket (once per name).
    pub fn follow(&self, s: &PageSocket) {
        if self
            .list
            .with_untracked(|l| l.iter().any(|c| c.name == s.name))
        {
            return;
        }
        let connected = js::get(&s.socket, "connected").is_truthy();
        self.list.update(|l| {
            l.push(ConnState {
                name: s.name.clone(),
                connected_at: connected.then(js_sys::Date::now),
                ..ConnState::default()
            })
        });
        let this = *self;
        let on = |target: &JsValue, event: &'static str, f: fn(&mut ConnState, JsValue)| {
            let name = s.name.clone();
            Listener::new(target, event, move |v| this.update(&name, |c| f(c, v)))
        };
        let io = js::get(&s.socket, "io");
        let guards = vec![
            on(&s.socket, "connect", |c, _| {
                if c.connected_at.is_some() || c.attempts > 0 || c.error.is_some() {
                    c.reconnects += 1;
                }
                c.connected_at = Some(js_sys::Date::now());
                c.attempts_before = c.attempts;
                c.attempts = 0;
                if let Some(e) = c.error.take() {
                    c.error_before = Some(e);
                }
            }),
            on(&s.socket, "disconnect", |c, _| c.rtt = None),
            on(&s.socket, "connect_error", |c, e| {
                c.rtt = None;
                c.error = Some(Stamped {
                    message: js::message(&e),
                    time: js_sys::Date::now(),
                });
            }),
            on(&io, "reconnect_attempt", |c, n| {
                c.attempts = n.as_f64().unwrap_or(0.0) as u32
            }),
            on(&io, "error", |c, e| {
                c.error = Some(Stamped {
                    message: js::message(&e),
                    time: js_sys::Date::now(),
                });
            }),
            on(&io, "ping", |c, _| c.last_ping = Some(js_sys::Date::now())),
        ];
        self.guards.update_value(|g| g.extend(guards));
    }
}
