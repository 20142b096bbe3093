//! What the overlay keeps in `localStorage` (as JSON objects, written and read with the
//! browser's `JSON`): the preferences, the simulator's draft, the saved payloads and the send
//! history. A missing or unreadable value (or field) is the default, never an error: the overlay
//! must open whatever the page left there. (serde with serde_json did the same for about 15 KB
//! of gzipped wasm; the overlay has a size cap.)

use js_sys::{Array, Object};
use wasm_bindgen::JsValue;

use crate::js::{get, set};
use crate::json;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The text kept under `plugwire.devtools.<key>`.
pub fn load_text(key: &str) -> Option<String> {
    storage()?
        .get_item(&format!("plugwire.devtools.{key}"))
        .ok()?
}

/// Writes the text `plugwire.devtools.<key>` (a full or blocked storage is not the overlay's
/// problem).
pub fn save_text(key: &str, text: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(&format!("plugwire.devtools.{key}"), text);
    }
}

/// A value kept as a JSON object (or array) of its fields.
pub trait Stored: Default {
    /// The value as a JavaScript value.
    fn to_js(&self) -> JsValue;
    /// The value read back; missing or mistyped fields take their defaults.
    fn from_js(v: &JsValue) -> Self;
}

/// Reads `plugwire.devtools.<key>`; the default when absent or not what we wrote.
pub fn load<T: Stored>(key: &str) -> T {
    load_text(key)
        .and_then(|text| json::parse(&text).ok())
        .filter(JsValue::is_object)
        .map_or_else(T::default, |v| T::from_js(&v))
}

/// Writes `plugwire.devtools.<key>`.
pub fn save<T: Stored>(key: &str, value: &T) {
    save_text(key, &json::stringify(&value.to_js()));
}

/// A field that is a string, or `default`.
fn text_or(v: &JsValue, key: &str, default: &str) -> String {
    get(v, key).as_string().unwrap_or_else(|| default.into())
}

/// A field that is one of a [`Choice`]'s keys, or `default`.
fn choice_or<C: Choice>(v: &JsValue, key: &str, default: C) -> C {
    get(v, key)
        .as_string()
        .and_then(|k| C::ALL.iter().copied().find(|c| c.key() == k))
        .unwrap_or(default)
}

/// A field that is a whole number of pixels, or `default`.
fn pixels_or(v: &JsValue, key: &str, default: u32) -> u32 {
    get(v, key)
        .as_f64()
        .filter(|n| n.is_finite() && *n >= 0.0)
        .map_or(default, |n| n as u32)
}

/// An object of fields.
fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        set(&o, k, v);
    }
    o.into()
}

/// The overlay's tabs.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// Fire events at the page, or from it.
    #[default]
    Simulator,
    /// Every event in and out.
    Log,
    /// The sockets' connections.
    Connection,
}

impl Tab {
    /// In the order shown.
    pub const ALL: [Tab; 3] = [Tab::Simulator, Tab::Log, Tab::Connection];

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            Tab::Simulator => "Socket Simulator",
            Tab::Log => "Event Log",
            Tab::Connection => "Connection",
        }
    }

    /// The id stem of the tab and its panel.
    pub fn id(self) -> &'static str {
        self.key()
    }
}

impl Choice for Tab {
    const ALL: &'static [Self] = &Tab::ALL;
    fn key(self) -> &'static str {
        match self {
            Tab::Simulator => "simulator",
            Tab::Log => "log",
            Tab::Connection => "connection",
        }
    }
}

/// Where the overlay sits.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum Dock {
    /// Along the bottom edge, full width.
    #[default]
    Bottom,
    /// Along the right edge, full height.
    Right,
}

/// The colour scheme.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follows `prefers-color-scheme`.
    #[default]
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

/// A value shown in a `<select>`: its key there.
pub trait Choice: Copy + PartialEq + 'static {
    /// Every value, in the order shown.
    const ALL: &'static [Self];
    /// The option's value (and label).
    fn key(self) -> &'static str;
    /// The value of an option.
    fn from_key(key: &str) -> Self {
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.key() == key)
            .unwrap_or(Self::ALL[0])
    }
}

impl Choice for Dock {
    const ALL: &'static [Self] = &[Dock::Bottom, Dock::Right];
    fn key(self) -> &'static str {
        match self {
            Dock::Bottom => "bottom",
            Dock::Right => "right",
        }
    }
}

impl Choice for Theme {
    const ALL: &'static [Self] = &[Theme::System, Theme::Light, Theme::Dark];
    fn key(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// The persisted preferences.
#[derive(Clone, PartialEq)]
pub struct Prefs {
    /// The tab last shown.
    pub tab: Tab,
    /// Where the overlay sits.
    pub dock: Dock,
    /// The colour scheme.
    pub theme: Theme,
    /// Height (docked at the bottom) in CSS pixels, set by dragging the edge.
    pub height: u32,
    /// Width (docked right) in CSS pixels.
    pub width: u32,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            tab: Tab::Simulator,
            dock: Dock::Bottom,
            theme: Theme::System,
            height: 360,
            width: 600,
        }
    }
}

/// Where the simulator sends.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Server → page: `POST /emit` on the dev server, which sends it to every client.
    #[default]
    Server,
    /// Into the page only, as if it came from the server (`store.simulate`).
    Local,
    /// Page → server: emitted on the page's socket, optionally waiting for an ack.
    Emit,
}

impl Choice for Mode {
    const ALL: &'static [Self] = &[Mode::Server, Mode::Local, Mode::Emit];
    fn key(self) -> &'static str {
        match self {
            Mode::Server => "server",
            Mode::Local => "local",
            Mode::Emit => "emit",
        }
    }
}

impl Mode {
    /// The radio button's label.
    pub fn label(self) -> &'static str {
        match self {
            Mode::Server => "via dev server",
            Mode::Local => "local inject",
            Mode::Emit => "emit to server",
        }
    }
}

/// The simulator's editor, kept across close and reload.
#[derive(Clone, PartialEq)]
pub struct Draft {
    /// The event name (free text).
    pub event: String,
    /// The channel ("" for none).
    pub channel: String,
    /// The page's socket used for local inject and emit ("" for the first).
    pub socket: String,
    /// The payload editor's text.
    pub payload: String,
    /// What "Reset to template" restores.
    pub original: String,
    /// Where Send sends.
    pub mode: Mode,
    /// Emit: wait for the server's ack and show it.
    pub ack: bool,
    /// Emit: the payload is a JSON array of arguments.
    pub spread: bool,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            event: String::new(),
            channel: String::new(),
            socket: String::new(),
            payload: "{}".into(),
            original: "{}".into(),
            mode: Mode::Server,
            ack: false,
            spread: false,
        }
    }
}

/// A payload kept for later: saved by name, or sent (the history, named by its time).
#[derive(Clone, PartialEq, Default)]
pub struct Saved {
    /// The name given, or the time sent.
    pub name: String,
    /// The event.
    pub event: String,
    /// The channel ("" for none).
    pub channel: String,
    /// The payload as JSON text.
    pub payload: String,
}

impl Stored for Prefs {
    fn to_js(&self) -> JsValue {
        object(&[
            ("tab", self.tab.key().into()),
            ("dock", self.dock.key().into()),
            ("theme", self.theme.key().into()),
            ("height", self.height.into()),
            ("width", self.width.into()),
        ])
    }
    fn from_js(v: &JsValue) -> Self {
        let d = Prefs::default();
        Prefs {
            tab: choice_or(v, "tab", d.tab),
            dock: choice_or(v, "dock", d.dock),
            theme: choice_or(v, "theme", d.theme),
            height: pixels_or(v, "height", d.height),
            width: pixels_or(v, "width", d.width),
        }
    }
}

impl Stored for Draft {
    fn to_js(&self) -> JsValue {
        object(&[
            ("event", self.event.as_str().into()),
            ("channel", self.channel.as_str().into()),
            ("socket", self.socket.as_str().into()),
            ("payload", self.payload.as_str().into()),
            ("original", self.original.as_str().into()),
            ("mode", self.mode.key().into()),
            ("ack", self.ack.into()),
            ("spread", self.spread.into()),
        ])
    }
    fn from_js(v: &JsValue) -> Self {
        let d = Draft::default();
        Draft {
            event: text_or(v, "event", &d.event),
            channel: text_or(v, "channel", &d.channel),
            socket: text_or(v, "socket", &d.socket),
            payload: text_or(v, "payload", &d.payload),
            original: text_or(v, "original", &d.original),
            mode: choice_or(v, "mode", d.mode),
            ack: get(v, "ack").as_bool().unwrap_or(d.ack),
            spread: get(v, "spread").as_bool().unwrap_or(d.spread),
        }
    }
}

impl Stored for Saved {
    fn to_js(&self) -> JsValue {
        object(&[
            ("name", self.name.as_str().into()),
            ("event", self.event.as_str().into()),
            ("channel", self.channel.as_str().into()),
            ("payload", self.payload.as_str().into()),
        ])
    }
    fn from_js(v: &JsValue) -> Self {
        Saved {
            name: text_or(v, "name", ""),
            event: text_or(v, "event", ""),
            channel: text_or(v, "channel", ""),
            payload: text_or(v, "payload", "{}"),
        }
    }
}

/// A list: a JSON array of its items (items that are not objects are dropped).
impl<T: Stored> Stored for Vec<T> {
    fn to_js(&self) -> JsValue {
        self.iter().map(T::to_js).collect::<Array>().into()
    }
    fn from_js(v: &JsValue) -> Self {
        if !Array::is_array(v) {
            return Vec::new();
        }
        Array::from(v)
            .iter()
            .filter(JsValue::is_object)
            .map(|x| T::from_js(&x))
            .collect()
    }
}
