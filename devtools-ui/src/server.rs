//! The dev server's HTTP API (`plugwire serve`): `GET /events` (the event templates, kept in
//! `localStorage` for when the server is down) and `POST /emit`.

use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::prefs;

/// A dev server event template.
#[derive(Clone, PartialEq, Serialize)]
pub struct Template {
    /// The event name.
    pub event: String,
    /// Its default channel.
    pub channel: Option<String>,
    /// Its example payload.
    pub data: Value,
}

/// The templates last fetched from a server, for offline use.
#[derive(Serialize)]
struct Cached<'a> {
    url: &'a str,
    time: f64,
    events: &'a [Template],
}

/// The `events` list of `GET /events` (or of the cache), read with the browser's JSON.
fn templates_of(text: &str) -> Option<(f64, Vec<Template>)> {
    let v = js_sys::JSON::parse(text).ok()?;
    let list = crate::js::get(&v, "events");
    if !js_sys::Array::is_array(&list) {
        return None;
    }
    let list = js_sys::Array::from(&list)
        .iter()
        .map(|t| Template {
            event: crate::js::text(&t, "event"),
            channel: crate::js::get(&t, "channel").as_string(),
            data: js_sys::JSON::stringify(&crate::js::get(&t, "data"))
                .ok()
                .and_then(|s| s.as_string())
                .and_then(|s| serde_json::from_str(&s).ok())
                .unwrap_or(Value::Null),
        })
        .collect();
    Some((crate::js::get(&v, "time").as_f64().unwrap_or(0.0), list))
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
            prefs::save(
                "templates",
                &Cached {
                    url,
                    time: js_sys::Date::now(),
                    events: &list,
                },
            );
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
pub async fn emit(url: &str, event: &str, channel: &str, data: &Value) -> Result<u64, String> {
    let body = serde_json::json!({
        "event": event,
        "channel": if channel.is_empty() { Value::Null } else { channel.into() },
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
    let answer: Value = body_json(&resp).await;
    if !resp.ok() {
        let msg = answer
            .get("error")
            .and_then(Value::as_str)
            .unwrap_or("no error message");
        return Err(format!("Dev server error ({}): {msg}", resp.status()));
    }
    Ok(answer.get("clients").and_then(Value::as_u64).unwrap_or(0))
}

async fn body_json(resp: &web_sys::Response) -> Value {
    body(resp)
        .await
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(Value::Null)
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
