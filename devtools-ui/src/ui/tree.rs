//! A collapsible JSON tree: objects and arrays are `<details>` (open to the depth given),
//! scalars are text. Payloads are only ever shown as text, never as HTML.

use leptos::prelude::*;
use serde_json::Value;

/// Levels open at first.
const OPEN_DEPTH: usize = 2;

fn scalar(v: &Value) -> (&'static str, String) {
    match v {
        Value::Null => ("null", "null".into()),
        Value::Bool(b) => ("bool", b.to_string()),
        Value::Number(n) => ("num", n.to_string()),
        Value::String(s) => ("str", Value::String(s.clone()).to_string()),
        _ => ("", String::new()),
    }
}

fn node(key: Option<String>, v: &Value, depth: usize) -> AnyView {
    let label = key.map(|k| view! { <span class="key">{k}": "</span> });
    let children: Vec<(String, &Value)> = match v {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(list) => list
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => {
            let (class, text) = scalar(v);
            return view! { <div class="leaf">{label}<span class=class>{text}</span></div> }
                .into_any();
        }
    };
    let (open, close) = if v.is_array() { ("[", "]") } else { ("{", "}") };
    let summary = format!("{open}{} {close}", children.len());
    let items = children
        .into_iter()
        .map(|(k, v)| node(Some(k), v, depth + 1))
        .collect_view();
    view! {
        <details class="branch" open=depth < OPEN_DEPTH>
            <summary>{label}<span class="muted">{summary}</span></summary>
            <div class="children">{items}</div>
        </details>
    }
    .into_any()
}

/// The tree of `value`.
#[component]
pub fn JsonTree(value: Value) -> impl IntoView {
    view! { <div class="tree" role="group" aria-label="payload">{node(None, &value, 0)}</div> }
}
