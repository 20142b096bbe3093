//! The payload editor's JSON: validation with a position, pretty-printing, arguments.

use serde_json::Value;

/// `None` when `text` is valid JSON, else the error with its line and column.
pub fn validate(text: &str) -> Option<String> {
    match serde_json::from_str::<Value>(text) {
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
    serde_json::from_str::<Value>(text)
        .ok()
        .map(|v| pretty_value(&v))
        .unwrap_or_else(|| text.to_owned())
}

/// A value as indented JSON text.
pub fn pretty_value(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// The arguments of a send: the payload, or (`spread`) the elements of a JSON array.
pub fn arguments(text: &str, spread: bool) -> Result<Vec<Value>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("Invalid JSON: {e}"))?;
    match v {
        Value::Array(list) if spread => Ok(list),
        _ if spread => Err("Several arguments: the payload must be a JSON array of them.".into()),
        v => Ok(vec![v]),
    }
}
