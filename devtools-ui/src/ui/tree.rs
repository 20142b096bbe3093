//! A collapsible JSON tree: objects and arrays are `<details>` (open to the depth given),
//! scalars are text. Payloads are only ever shown as text, never as HTML.

use js_sys::Array;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::json;
use crate::page::entries;

/// Levels open at first.
const OPEN_DEPTH: usize = 2;

/// The class of a scalar (`null`, `bool`, `num`, `str`), or `None` for an object or array.
fn scalar(v: &JsValue) -> Option<&'static str> {
    Some(if v.is_null() {
        "null"
    } else if v.as_bool().is_some() {
        "bool"
    } else if v.as_f64().is_some() {
        "num"
    } else if v.is_string() {
        "str"
    } else {
        return None;
    })
}

fn node(key: Option<String>, v: &JsValue, depth: usize) -> AnyView {
    let label = key.map(|k| view! { <span class="key">{k}": "</span> });
    if let Some(class) = scalar(v) {
        return view! { <div class="leaf">{label}<span class=class>{json::stringify(v)}</span></div> }
            .into_any();
    }
    let array = Array::is_array(v);
    let children: Vec<(String, JsValue)> = if array {
        Array::from(v)
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect()
    } else {
        entries(v)
    };
    let (open, close) = if array { ("[", "]") } else { ("{", "}") };
    let summary = format!("{open}{} {close}", children.len());
    let items = children
        .into_iter()
        .map(|(k, v)| node(Some(k), &v, depth + 1))
        .collect_view();
    view! {
        <details class="branch" open=depth < OPEN_DEPTH>
            <summary>{label}<span class="muted">{summary}</span></summary>
            <div class="children">{items}</div>
        </details>
    }
    .into_any()
}

/// The tree of a JSON text.
#[component]
pub fn JsonTree(text: String) -> impl IntoView {
    let value = json::parse(&text).unwrap_or(JsValue::NULL);
    view! { <div class="tree" role="group" aria-label="payload">{node(None, &value, 0)}</div> }
}
