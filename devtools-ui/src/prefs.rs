//! What the overlay keeps in `localStorage` (as JSON, through serde): the preferences, the
//! simulator's draft, the saved payloads and the send history. A missing or unreadable value is
//! the default, never an error: the overlay must open whatever the page left there.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The text kept under `plugwire.devtools.<key>`.
pub fn load_text(key: &str) -> Option<String> {
    storage()?
        .get_item(&format!("plugwire.devtools.{key}"))
        .ok()?
}

/// Reads `plugwire.devtools.<key>`; the default when absent or not what we wrote.
pub fn load<T: DeserializeOwned + Default>(key: &str) -> T {
    load_text(key)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Writes `plugwire.devtools.<key>` (a full or blocked storage is not the overlay's problem).
pub fn save<T: Serialize>(key: &str, value: &T) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(value)) {
        let _ = s.set_item(&format!("plugwire.devtools.{key}"), &text);
    }
}

/// The overlay's tabs.
#[derive(Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
        match self {
            Tab::Simulator => "simulator",
            Tab::Log => "log",
            Tab::Connection => "connection",
        }
    }
}

/// Where the overlay sits.
#[derive(Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dock {
    /// Along the bottom edge, full width.
    #[default]
    Bottom,
    /// Along the right edge, full height.
    Right,
}

/// The colour scheme.
#[derive(Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
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
#[derive(Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
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
#[derive(Clone, PartialEq, Serialize, Deserialize)]
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
