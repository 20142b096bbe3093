//! The dev server's HTTP API (`plugwire serve`): `GET /events` (the event templates, kept in
//! `localStorage` for when the server is down) and `POST /emit`.

use js_sys::{Array, Object};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::js::{get, set, text};
use crate::json;
use crate::prefs;

/// A dev server event template.
#[derive(Clone, PartialEq)]
pub struct Template {
    /// The event name.
    pub event: String,
    /// Its default channel.
    pub channel: Option<String>,
    /// Its example payload, as JSON text.
    pub data: String,
}

/// The `events` list of `GET /events` (or of the cache), read with the browser's JSON.
fn templates_of(body: &str) -> Option<(f64, Vec<Template>)> {
    let v = json::parse(body).ok()?;
    let list = get(&v, "events");
    if !Array::is_array(&list) {
        return None;
    }
    let list = Array::from(&list)
        .iter()
        .map(|t| Template {
            event: text(&t, "event"),
            channel: get(&t, "channel").as_string(),
            data: json::stringify(&get(&t, "data")),
        })
        .collect();
    Some((get(&v, "time").as_f64().unwrap_or(0.0), list))
}

/// The templates last fetched from `url`, as kept for offline use: `{url, time, events}`.
fn cached(url: &str, list: &[Template]) -> String {
    let events: Array = list
        .iter()
        .map(|t| {
            let o = Object::new();
            set(&o, "event", &t.event.as_str().into());
            let channel = t.channel.as_deref().map_or(JsValue::NULL, JsValue::from);
            set(&o, "channel", &channel);
            set(&o, "data", &json::parse(&t.data).unwrap_or(JsValue::NULL));
            JsValue::from(o)
        })
        .collect();
    let o = Object::new();
    set(&o, "url", &url.into());
    set(&o, "time", &js_sys::Date::now().into());
    set(&o, "events", &events);
    json::stringify(&o)
}

/// The templates, and what to say about where they came from.
pub struct Templates {
    /// The templates (live or cached).
    pub list: Vec<Template>,
    /// `None` when fresh from the server; else why they are cached, or missing.
    pub note: Option<String>,
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

async fn body(resp: &web_sys::Response) -> Option<String> {
    JsFuture::from(resp.text().ok()?).await.ok()?.as_string()
}

async fn live(url: &str) -> Result<Vec<Template>, String> {
    let unreachable = || format!("dev server unreachable at {url} (run `plugwire serve`)");
    let resp = fetch(&format!("{url}/events"), None)
        .await
        .map_err(|_| unreachable())?;
    if !resp.ok() {
        return Err(format!("{url}/events answered {}", resp.status()));
    }
    let text = body(&resp).await.ok_or_else(unreachable)?;
    templates_of(&text)
        .map(|(_, list)| list)
        .ok_or_else(|| format!("{url}/events is not a template list"))
}

/// `GET {url}/events`; when it fails, the templates kept from the last success.
pub async fn templates(url: &str) -> Templates {
    match live(url).await {
        Ok(list) => {
            prefs::save_text("templates", &cached(url, &list));
            Templates { list, note: None }
        }
        Err(e) => {
            let (time, cached) = prefs::load_text("templates")
                .and_then(|t| templates_of(&t))
                .unwrap_or_default();
            if cached.is_empty() {
                Templates {
                    list: Vec::new(),
                    note: Some(format!("Templates unavailable: {e}.")),
                }
            } else {
                Templates {
                    note: Some(format!(
                        "Templates from the cache of {} ({e}).",
                        crate::record::clock_at(time)
                    )),
                    list: cached,
                }
            }
        }
    }
}

/// `POST {url}/emit`: how many clients received it, or the error in words.
pub async fn emit(url: &str, event: &str, channel: &str, data: &JsValue) -> Result<u64, String> {
    let req = Object::new();
    set(&req, "event", &event.into());
    let channel = if channel.is_empty() {
        JsValue::NULL
    } else {
        channel.into()
    };
    set(&req, "channel", &channel);
    set(&req, "data", data);
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    let headers = web_sys::Headers::new().map_err(|_| "cannot build the request".to_owned())?;
    let _ = headers.set("content-type", "application/json");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&json::stringify(&req)));
    let resp = fetch(&format!("{url}/emit"), Some(&init))
        .await
        .map_err(|_| format!("Dev server unreachable at {url}: is `plugwire serve` running?"))?;
    let answer = match body(&resp).await {
        Some(t) => json::parse(&t).unwrap_or(JsValue::NULL),
        None => JsValue::NULL,
    };
    if !resp.ok() {
        let msg = get(&answer, "error")
            .as_string()
            .unwrap_or_else(|| "no error message".into());
        return Err(format!("Dev server error ({}): {msg}", resp.status()));
    }
    Ok(get(&answer, "clients").as_f64().unwrap_or(0.0) as u64)
}

/// Measures one round trip on a socket with `plugwire:ping` (answered by `plugwire serve`), in
/// whole milliseconds; `None` when it is not connected or there is no answer within 2 s.
pub async fn ping(socket: &JsValue) -> Option<u32> {
    if !crate::js::get(socket, "connected").is_truthy() {
        return None;
    }
    let timed = crate::js::call(socket, "timeout", &[JsValue::from(2000)]).ok()?;
    let start = js_sys::Date::now();
    let p = crate::js::call(&timed, "emitWithAck", &["plugwire:ping".into()]).ok()?;
    crate::js::wait(p).await.ok()?;
    Some((js_sys::Date::now() - start).round() as u32)
}
