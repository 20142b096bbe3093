//! Event listeners with socket.io-client's (component-emitter's) semantics: `on`, `once`, `off`
//! by function or by event or all, `listeners`, `hasListeners`; a listener added or removed
//! while an event is dispatched does not change that dispatch. A listener that throws is
//! reported (as an uncaught error would be) and the others still run.

use crate::prelude::*;
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

#[derive(Clone)]
struct Listener {
    event: String,
    f: Function,
    once: bool,
}

/// A list of listeners.
#[derive(Default)]
pub struct Emitter {
    listeners: Vec<Listener>,
}

impl Emitter {
    /// Adds a listener.
    pub fn on(&mut self, event: String, f: Function) {
        self.listeners.push(Listener {
            event,
            f,
            once: false,
        });
    }

    /// Adds a listener removed after its first call.
    pub fn once(&mut self, event: String, f: Function) {
        self.listeners.push(Listener {
            event,
            f,
            once: true,
        });
    }

    /// Removes the first registration of `f` for `event`, every listener of `event` when `f`
    /// is `None`, or every listener when `event` is `None` too.
    pub fn off(&mut self, event: Option<&str>, f: Option<&Function>) {
        match (event, f) {
            (None, _) => self.listeners.clear(),
            (Some(e), None) => self.listeners.retain(|l| l.event != e),
            (Some(e), Some(f)) => {
                if let Some(i) = self
                    .listeners
                    .iter()
                    .position(|l| l.event == e && JsValue::from(&l.f) == JsValue::from(f))
                {
                    self.listeners.remove(i);
                }
            }
        }
    }

    /// The listeners of `event`, in order.
    pub fn listeners(&self, event: &str) -> Array {
        self.listeners
            .iter()
            .filter(|l| l.event == event)
            .map(|l| JsValue::from(&l.f))
            .collect()
    }

    /// Whether `event` has listeners.
    pub fn has(&self, event: &str) -> bool {
        self.listeners.iter().any(|l| l.event == event)
    }

    /// Takes the functions to call for `event` now, removing `once` listeners. The caller calls
    /// them (with [`call_all`]) after releasing any borrow of the emitter.
    pub fn take_for(&mut self, event: &str) -> Vec<Function> {
        let fns = self
            .listeners
            .iter()
            .filter(|l| l.event == event)
            .map(|l| l.f.clone())
            .collect();
        self.listeners.retain(|l| !(l.once && l.event == event));
        fns
    }
}

/// `String(v)`: the listener key of an event name, the text of a number.
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

/// Calls each function with `this` and `args`; a throwing listener is reported and the others
/// still run.
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
