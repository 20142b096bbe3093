//! Event records: what the log shows, filters, exports and replays. A record names the socket it
//! went through — "primary", a dependency (the store's events on that dependency's channel) or
//! an `io()` socket — and, for an event delivered in the page, the listeners that received it.

use js_sys::{Array, Object};
use wasm_bindgen::{JsCast, JsValue};

use crate::js;
use crate::json::{self, array_text};
use crate::page::Dependency;

/// Which way an event went.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From the server.
    In,
    /// To the server.
    Out,
    /// Injected in the page (`simulate`, or a replay).
    Simulated,
    /// A listener threw, or a subscription was refused.
    Error,
}

impl Direction {
    /// Every direction, in the order the filter lists them.
    pub const ALL: [Direction; 4] = [
        Direction::In,
        Direction::Out,
        Direction::Simulated,
        Direction::Error,
    ];

    /// The name shown (and the filter's key).
    pub fn key(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
            Direction::Simulated => "simulated",
            Direction::Error => "error",
        }
    }

    /// A direction by name.
    pub fn from_key(key: &str) -> Option<Direction> {
        Direction::ALL.into_iter().find(|d| d.key() == key)
    }
}

/// A listener that received an event.
#[derive(Clone, PartialEq)]
pub struct Reached {
    /// "primary", a dependency, or an `io()` socket.
    pub socket: String,
    /// The callback's name ("" for an anonymous function).
    pub listener: String,
}

impl Reached {
    /// `[{socket, listener}]` from JavaScript (`simulate`, a record, a file); `None` if absent.
    pub fn list_of(v: &JsValue) -> Option<Vec<Reached>> {
        js_sys::Array::is_array(v).then(|| {
            js_sys::Array::from(v)
                .iter()
                .map(|l| Reached {
                    socket: js::text(&l, "socket"),
                    listener: js::text(&l, "listener"),
                })
                .collect()
        })
    }

    /// `{socket, listener}`.
    fn to_js(&self) -> JsValue {
        let o = Object::new();
        js::set(&o, "socket", &self.socket.as_str().into());
        js::set(&o, "listener", &self.listener.as_str().into());
        o.into()
    }
}

/// One event in or out.
#[derive(Clone, PartialEq)]
pub struct EventRecord {
    /// Position in the log (not exported: an import numbers its records afresh).
    pub id: u64,
    /// Milliseconds since the epoch.
    pub time: f64,
    /// Which way it went.
    pub direction: Direction,
    /// The socket or dependency.
    pub socket: String,
    /// The event name.
    pub event: String,
    /// The channel, when it had one.
    pub channel: Option<String>,
    /// The arguments as JSON texts (a store event has one: its payload).
    pub args: Vec<String>,
    /// For an event delivered in the page: the listeners that received it.
    pub listeners: Option<Vec<Reached>>,
    /// The payload shown, as compact JSON text: the one argument, or the list of them (for the
    /// size column, the text filter and the tree).
    pub text: String,
}

impl EventRecord {
    /// A record of the hub's tap. The store calls every one of its sockets "primary": an event on
    /// a dependency's channel is shown as that dependency's.
    pub fn from_js(id: u64, rec: &JsValue, deps: &[Dependency]) -> EventRecord {
        let channel = js::get(rec, "channel").as_string();
        let mut socket = js::text(rec, "socket");
        if let Some(d) = deps.iter().find(|d| Some(&d.channel) == channel.as_ref()) {
            if socket == "primary" {
                socket = d.identifier.clone();
            }
        }
        let args = js::get(rec, "args");
        let args = js_sys::Array::from(&args)
            .iter()
            .map(|a| {
                if a.is_instance_of::<js_sys::Error>() {
                    json::stringify(&js::message(&a).into())
                } else {
                    json::stringify(&a)
                }
            })
            .collect();
        let listeners = Reached::list_of(&js::get(rec, "listeners"));
        EventRecord {
            id,
            time: js::get(rec, "time").as_f64().unwrap_or(0.0),
            direction: Direction::from_key(&js::text(rec, "direction")).unwrap_or(Direction::In),
            socket,
            event: js::text(rec, "event"),
            channel,
            args,
            listeners,
            text: String::new(),
        }
        .finish(id)
    }

    /// Numbers the record and fills in its text.
    pub fn finish(mut self, id: u64) -> EventRecord {
        self.id = id;
        self.text = match self.args.as_slice() {
            [one] => one.clone(),
            many => array_text(many),
        };
        self
    }

    /// The record as exported: `{time, direction, socket, event, channel, args, listeners?}`.
    fn to_js(&self) -> JsValue {
        let o = Object::new();
        js::set(&o, "time", &self.time.into());
        js::set(&o, "direction", &self.direction.key().into());
        js::set(&o, "socket", &self.socket.as_str().into());
        js::set(&o, "event", &self.event.as_str().into());
        let channel = self.channel.as_deref().map_or(JsValue::NULL, JsValue::from);
        js::set(&o, "channel", &channel);
        js::set(&o, "args", &json::values(&self.args));
        if let Some(list) = &self.listeners {
            js::set(
                &o,
                "listeners",
                &list.iter().map(Reached::to_js).collect::<Array>(),
            );
        }
        o.into()
    }

    /// The time, `HH:MM:SS.mmm`.
    pub fn clock(&self) -> String {
        clock_at(self.time)
    }
}

/// What the log shows: every filter must match.
#[derive(Clone, PartialEq, Default)]
pub struct Filter {
    /// Text searched in the event, channel, socket and payload (case-insensitive).
    pub text: String,
    /// One direction, or all.
    pub direction: Option<Direction>,
    /// One socket or dependency ("" for all).
    pub socket: String,
    /// One event name ("" for all).
    pub event: String,
}

impl Filter {
    /// Whether `r` is shown.
    pub fn matches(&self, r: &EventRecord) -> bool {
        let text = self.text.to_ascii_lowercase();
        let found = |s: &str| s.to_ascii_lowercase().contains(&text);
        self.direction.is_none_or(|d| d == r.direction)
            && (self.socket.is_empty() || self.socket == r.socket)
            && (self.event.is_empty() || self.event == r.event)
            && (text.is_empty()
                || found(&r.event)
                || found(&r.socket)
                || r.channel.as_deref().is_some_and(found)
                || found(&r.text))
    }
}

/// A recorded session, as exported and imported: `{format, records}`, the records oldest first.
pub struct Session;

/// What an exported file says it is.
pub const FORMAT: &str = "plugwire-devtools-session/1";

impl Session {
    /// The file's text.
    pub fn export(records: &[EventRecord]) -> String {
        let o = Object::new();
        js::set(&o, "format", &FORMAT.into());
        js::set(
            &o,
            "records",
            &records.iter().map(EventRecord::to_js).collect::<Array>(),
        );
        json::pretty_value(&o)
    }

    /// The last `cap` records of an exported file, numbered from `first_id(count)`, or why it
    /// is not one. Read as JavaScript records, exactly as the tap gives them.
    pub fn import(
        text: &str,
        cap: usize,
        first_id: impl FnOnce(u64) -> u64,
    ) -> Result<Vec<EventRecord>, String> {
        let not = |why: String| format!("Not a plugwire devtools session: {why}");
        let v = js_sys::JSON::parse(text).map_err(|e| not(js::message(&e)))?;
        let format = js::text(&v, "format");
        if format != FORMAT {
            return Err(not(format!(
                "format is \"{format}\", expected \"{FORMAT}\""
            )));
        }
        let list = js::get(&v, "records");
        if !js_sys::Array::is_array(&list) {
            return Err(not("no records".into()));
        }
        let list = js_sys::Array::from(&list);
        let skip = (list.length() as usize).saturating_sub(cap);
        let first = first_id((list.length() as usize - skip) as u64);
        Ok(list
            .iter()
            .skip(skip)
            .zip(first..)
            .map(|(r, id)| EventRecord::from_js(id, &r, &[]))
            .collect())
    }
}

fn pad(n: u32, width: usize) -> String {
    format!("{n:0width$}")
}

/// `HH:MM:SS.mmm` of a time in milliseconds since the epoch (local time).
pub fn clock_at(ms: f64) -> String {
    let d = js_sys::Date::new(&JsValue::from(ms));
    format!(
        "{}:{}:{}.{}",
        pad(d.get_hours(), 2),
        pad(d.get_minutes(), 2),
        pad(d.get_seconds(), 2),
        pad(d.get_milliseconds(), 3)
    )
}

/// The time now, `HH:MM:SS.mmm`.
pub fn clock() -> String {
    clock_at(js_sys::Date::now())
}
