//! JSON in the overlay: payloads are kept as JSON text and read, printed and converted with the
//! browser's own `JSON` (serde_json and a JSON value type in the wasm cost tens of KB, and the
//! overlay has a size cap).

use js_sys::{Array, JSON};
use wasm_bindgen::JsValue;

/// `None` when `text` is valid JSON, else the parser's error with its line and column. The
/// browser says `… in JSON at position 26 (line 3 column 1)`: shown as `… (line 3, column 1)`.
pub fn validate(text: &str) -> Option<String> {
    let e = parse(text).err()?;
    Some(match e.split_once(" in JSON at position ") {
        Some((what, at)) => match at.split_once(" (line ") {
            Some((_, line)) => format!("{what} (line {}", line.replacen(" column", ", column", 1)),
            None => what.to_owned(),
        },
        None => e,
    })
}

/// `JSON.parse(text)`, or the parser's message.
pub fn parse(text: &str) -> Result<JsValue, String> {
    JSON::parse(text).map_err(|e| crate::js::message(&e))
}

/// `JSON.stringify(value)` ("null" for what JSON cannot say: `undefined`, functions, cycles).
pub fn stringify(value: &JsValue) -> String {
    JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "null".into())
}

/// A value as JSON text indented by two spaces.
pub fn pretty_value(value: &JsValue) -> String {
    JSON::stringify_with_replacer_and_space(value, &JsValue::NULL, &JsValue::from(2))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "null".into())
}

/// JSON text, pretty-printed (unchanged if it is not JSON).
pub fn pretty(text: &str) -> String {
    parse(text).map_or_else(|_| text.to_owned(), |v| pretty_value(&v))
}

/// A list of JSON texts as one JSON array's text.
pub fn array_text(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

/// JSON texts (each valid) as a JavaScript array of their values.
pub fn values(items: &[String]) -> Array {
    parse(&array_text(items)).map_or_else(|_| Array::new(), |v| Array::from(&v))
}

/// The arguments of a send: the payload, or (`spread`) the elements of a JSON array.
pub fn arguments(text: &str, spread: bool) -> Result<Array, String> {
    let v = parse(text).map_err(|e| format!("Invalid JSON: {e}"))?;
    if !spread {
        return Ok(Array::of1(&v));
    }
    if Array::is_array(&v) {
        Ok(Array::from(&v))
    } else {
        Err("Several arguments: the payload must be a JSON array of them.".into())
    }
}
