//! Small helpers for calling JavaScript. The listener lists themselves live in the binding
//! layer (`pkg/index.js`), which Rust reaches through [`crate::js::glue::fire`] and
//! [`crate::js::glue::dispatch`].

use crate::prelude::*;

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// `String(v)`: the text of a number, the listener key of an event name.
pub fn event_key(v: &JsValue) -> String {
    if let Some(s) = v.as_string() {
        return s;
    }
    let global = js_sys::global();
    Reflect::get(&global, &"String".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call1(&JsValue::UNDEFINED, v).ok())
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// Calls each function with `this` and `args`; a throwing one is reported and the others run.
pub fn call_all(fns: &[Function], this: &JsValue, args: &Array) {
    for f in fns {
        if let Err(e) = f.apply(this, args) {
            report_error(&e);
        }
    }
}

/// Reports an exception as uncaught (the page's `error` event and the console), without
/// unwinding through the SDK.
pub fn report_error(e: &JsValue) {
    let global = js_sys::global();
    match Reflect::get(&global, &"reportError".into()).map(JsCast::dyn_into::<Function>) {
        Ok(Ok(report)) => {
            let _ = report.call1(&global, e);
        }
        _ => web_sys::console::error_1(e),
    }
}
