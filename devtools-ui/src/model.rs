//! What the overlay knows: the store (through its public JavaScript API), the dev server's HTTP
//! API, event records, JSON validation and the persisted preferences.

use js_sys::{Array, Function, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A plugwire store, used through its public JavaScript API only.
#[derive(Clone)]
pub struct Store(pub JsValue);

/// A manifest dependency, as the store reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct Dependency {
    pub identifier: String,
    pub channel: String,
    /// (event type, event name)
    pub events: Vec<(String, String)>,
}

/// What the Connection tab shows.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Snapshot {
    pub status: String,
    pub url: String,
    pub transport: String,
    pub sid: String,
    pub channels: Vec<String>,
    pub listeners: u32,
    /// `primary 4, badge_printer_1 3`.
    pub listener_counts: String,
    pub dependencies: String,
}

fn string_of(v: &JsValue) -> String {
    v.as_string().unwrap_or_default()
}

impl Store {
    pub fn get(&self, key: &str) -> JsValue {
        Reflect::get(&self.0, &key.into()).unwrap_or(JsValue::UNDEFINED)
    }

    pub fn call_result(&self, method: &str, args: &[JsValue]) -> Result<JsValue, String> {
        let f = self
            .get(method)
            .dyn_into::<Function>()
            .map_err(|_| format!("{method} is not a function"))?;
        f.apply(&self.0, &args.iter().collect::<Array>())
            .map_err(|e| {
                Reflect::get(&e, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
                    .unwrap_or_else(|| "failed".into())
            })
    }

    pub fn call(&self, method: &str, args: &[JsValue]) -> JsValue {
        self.call_result(method, args).unwrap_or(JsValue::UNDEFINED)
    }

    pub fn url(&self) -> String {
        string_of(&self.get("url")).trim_end_matches('/').to_owned()
    }

    pub fn status(&self) -> String {
        string_of(&self.get("connectionStatus"))
    }

    pub fn dependencies(&self) -> Vec<Dependency> {
        let list = self.get("dependencies");
        if !Array::is_array(&list) {
            return Vec::new();
        }
        Array::from(&list)
            .iter()
            .map(|d| {
                let get = |k: &str| Reflect::get(&d, &k.into()).unwrap_or(JsValue::UNDEFINED);
                let events = js_sys::Object::entries(&get("events").unchecked_into())
                    .iter()
                    .map(|e| {
                        let pair = Array::from(&e);
                        (string_of(&pair.get(0)), string_of(&pair.get(1)))
                    })
                    .collect();
                Dependency {
                    identifier: string_of(&get("identifier")),
                    channel: string_of(&get("channel")),
                    events,
                }
            })
            .collect()
    }

    pub fn snapshot(&self) -> Snapshot {
        let socket = Store(self.get("socket"));
        let engine = Store(Store(socket.get("io")).get("engine"));
        let transport = string_of(&Store(engine.get("transport")).get("name"));
        let channels = self.get("channels");
        Snapshot {
            status: self.status(),
            url: self.url(),
            transport: if transport.is_empty() {
                "—".into()
            } else {
                transport
            },
            sid: socket.get("id").as_string().unwrap_or_else(|| "—".into()),
            channels: if Array::is_array(&channels) {
                Array::from(&channels)
                    .iter()
                    .map(|c| string_of(&c))
                    .collect()
            } else {
                Vec::new()
            },
            listeners: self.get("listenerCount").as_f64().unwrap_or(0.0) as u32,
            listener_counts: {
                let counts = self.get("listenerCounts");
                let parts: Vec<String> = if counts.is_object() {
                    js_sys::Object::entries(&counts.unchecked_into())
                        .iter()
                        .map(|e| {
                            let pair = Array::from(&e);
                            format!(
                                "{} {}",
                                string_of(&pair.get(0)),
                                pair.get(1).as_f64().unwrap_or(0.0)
                            )
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                if parts.is_empty() {
                    "none".into()
                } else {
                    parts.join(", ")
                }
            },
            dependencies: {
                let d: Vec<String> = self
                    .dependencies()
                    .into_iter()
                    .map(|d| d.identifier)
                    .collect();
                if d.is_empty() {
                    "none".into()
                } else {
                    d.join(", ")
                }
            },
        }
    }
}

/// One record of the store's event tap, with the payload as JSON text (shown as text only).
#[derive(Clone, Debug, PartialEq)]
pub struct EventRecord {
    pub id: u64,
    pub time: String,
    pub direction: String,
    pub socket: String,
    pub event: String,
    pub channel: String,
    pub payload: String,
}

impl EventRecord {
    pub fn from_js(id: u64, rec: &JsValue) -> Self {
        let get = |k: &str| Reflect::get(rec, &k.into()).unwrap_or(JsValue::UNDEFINED);
        let payload = get("payload");
        let text = if payload.is_instance_of::<js_sys::Error>() {
            serde_json::to_string(&string_of(
                &Reflect::get(&payload, &"message".into()).unwrap_or_default(),
            ))
            .unwrap_or_default()
        } else {
            JSON::stringify(&payload)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_else(|| "null".into())
        };
        let time = get("time").as_f64().map(clock_at).unwrap_or_default();
        EventRecord {
            id,
            time,
            direction: string_of(&get("direction")),
            socket: string_of(&get("socket")),
            event: string_of(&get("event")),
            channel: get("channel").as_string().unwrap_or_else(|| "—".into()),
            payload: text,
        }
    }

    /// Lower-case text the filter searches.
    pub fn haystack(&self) -> String {
        format!(
            "{} {} {} {}",
            self.direction, self.event, self.channel, self.payload
        )
        .to_lowercase()
    }
}

/// A dev server event template.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    pub event: String,
    pub channel: Option<String>,
    /// The data as JSON text.
    pub data: String,
}

/// `None` when `text` is valid JSON, else the error with its line and column.
pub fn validate(text: &str) -> Option<String> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(_) => None,
        Err(e) => {
            let full = e.to_string();
            let at = format!(" at line {} column {}", e.line(), e.column());
            let msg = full.strip_suffix(&at).unwrap_or(&full).to_owned();
            Some(format!("{msg} (line {}, column {})", e.line(), e.column()))
        }
    }
}

/// JSON text, pretty-printed (unchanged if it is not JSON).
pub fn pretty(text: &str) -> String {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| text.to_owned())
}

fn clock_at(ms: f64) -> String {
    let d = js_sys::Date::new(&JsValue::from(ms));
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds(),
        d.get_milliseconds()
    )
}

/// The time now, `HH:MM:SS.mmm`.
pub fn clock() -> String {
    clock_at(js_sys::Date::now())
}

async fn fetch(
    url: &str,
    init: Option<&web_sys::RequestInit>,
) -> Result<web_sys::Response, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from("no window"))?;
    let p = match init {
        Some(i) => window.fetch_with_str_and_init(url, i),
        None => window.fetch_with_str(url),
    };
    JsFuture::from(p).await?.dyn_into()
}

async fn json_of(resp: &web_sys::Response) -> Option<serde_json::Value> {
    let text = JsFuture::from(resp.text().ok()?).await.ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

/// `GET {url}/events`: the dev server's templates.
pub async fn fetch_templates(url: &str) -> Result<Vec<Template>, String> {
    let unreachable = || {
        format!("Templates unavailable: dev server unreachable at {url} (run `plugwire serve`).")
    };
    let resp = fetch(&format!("{url}/events"), None)
        .await
        .map_err(|_| unreachable())?;
    if !resp.ok() {
        return Err(format!(
            "Templates unavailable: {url}/events answered {}.",
            resp.status()
        ));
    }
    let body = json_of(&resp).await.ok_or_else(unreachable)?;
    Ok(body
        .get("events")
        .and_then(|e| e.as_array())
        .map(|list| {
            list.iter()
                .map(|t| Template {
                    event: t
                        .get("event")
                        .and_then(|e| e.as_str())
                        .unwrap_or_default()
                        .to_owned(),
                    channel: t.get("channel").and_then(|c| c.as_str()).map(str::to_owned),
                    data: serde_json::to_string(t.get("data").unwrap_or(&serde_json::Value::Null))
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default())
}

/// `POST {url}/emit`: returns how many clients received it, or the error in words.
pub async fn emit(url: &str, event: &str, channel: &str, data: &str) -> Result<u64, String> {
    let data: serde_json::Value =
        serde_json::from_str(data).map_err(|e| format!("Invalid JSON: {e}"))?;
    let body = serde_json::json!({
        "event": event,
        "channel": if channel.is_empty() { serde_json::Value::Null } else { channel.into() },
        "data": data,
    });
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    let headers = web_sys::Headers::new().map_err(|_| "cannot build the request".to_owned())?;
    let _ = headers.set("content-type", "application/json");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&body.to_string()));
    let resp = fetch(&format!("{url}/emit"), Some(&init))
        .await
        .map_err(|_| format!("Dev server unreachable at {url}: is `plugwire serve` running?"))?;
    let answer = json_of(&resp).await;
    if !resp.ok() {
        let msg = answer
            .as_ref()
            .and_then(|a| a.get("error"))
            .and_then(|e| e.as_str())
            .unwrap_or("no error message")
            .to_owned();
        return Err(format!("Dev server error ({}): {msg}", resp.status()));
    }
    Ok(answer
        .and_then(|a| a.get("clients").and_then(|c| c.as_u64()))
        .unwrap_or(0))
}

/// Preferences kept in localStorage.
pub struct Prefs {
    pub tab: String,
    pub dock: String,
    pub theme: String,
    pub size: String,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

impl Prefs {
    pub fn load() -> Prefs {
        let get = |k: &str, d: &str| {
            storage()
                .and_then(|s| s.get_item(&format!("plugwire.devtools.{k}")).ok().flatten())
                .unwrap_or_else(|| d.to_owned())
        };
        Prefs {
            tab: get("tab", "simulator"),
            dock: get("dock", "bottom"),
            theme: get("theme", "system"),
            size: get("size", "medium"),
        }
    }

    pub fn save(key: &str, value: &str) {
        if let Some(s) = storage() {
            let _ = s.set_item(&format!("plugwire.devtools.{key}"), value);
        }
    }
}

/// Measures one round trip to the server: `plugwire:ping`, answered by `plugwire serve`.
pub async fn ping_rtt(socket: &JsValue) -> Option<f64> {
    let s = Store(socket.clone());
    if s.get("connected").as_bool() != Some(true) {
        return None;
    }
    let timed = s.call_result("timeout", &[JsValue::from(2000)]).ok()?;
    let start = js_sys::Date::now();
    let promise = Store(timed)
        .call_result("emitWithAck", &["plugwire:ping".into()])
        .ok()?;
    JsFuture::from(promise.dyn_into::<js_sys::Promise>().ok()?)
        .await
        .ok()?;
    Some(js_sys::Date::now() - start)
}

/// A payload kept for later: saved by name, or sent (history).
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    pub name: String,
    pub event: String,
    pub channel: String,
    pub payload: String,
}

impl Saved {
    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "name": self.name, "event": self.event, "channel": self.channel, "payload": self.payload })
    }

    /// Reads a list kept in localStorage under `plugwire.devtools.<key>`.
    pub fn load(key: &str) -> Vec<Saved> {
        let text = storage()
            .and_then(|s| {
                s.get_item(&format!("plugwire.devtools.{key}"))
                    .ok()
                    .flatten()
            })
            .unwrap_or_default();
        let list: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap_or_default();
        list.iter()
            .map(|v| {
                let f = |k: &str| {
                    v.get(k)
                        .and_then(|x| x.as_str())
                        .unwrap_or_default()
                        .to_owned()
                };
                Saved {
                    name: f("name"),
                    event: f("event"),
                    channel: f("channel"),
                    payload: f("payload"),
                }
            })
            .collect()
    }

    /// Keeps a list in localStorage.
    pub fn store(key: &str, list: &[Saved]) {
        let json = serde_json::Value::Array(list.iter().map(Saved::to_json).collect());
        Prefs::save(key, &json.to_string());
    }
}
