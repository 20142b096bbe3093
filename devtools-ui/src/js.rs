//! Small helpers over JavaScript values — property access and method calls that never throw
//! into Rust — and the two guards every listener goes through, so that nothing the overlay
//! registers on the page outlives it (the gloo-events model: removed on `Drop`).

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// `value[key]`, or `undefined`.
pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// `value[key]` as a string, or "".
pub fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

/// Sets `object[key] = value` (on a plain object: cannot fail).
pub fn set(object: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &key.into(), value);
}

/// The message of a thrown value (an `Error`'s `message`, or the value as text).
pub fn message(error: &JsValue) -> String {
    get(error, "message")
        .as_string()
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "failed".into())
}

/// Calls `target[method](...args)`; a missing method or a throw becomes its message.
pub fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let f = get(target, method)
        .dyn_into::<Function>()
        .map_err(|_| format!("{method} is not a function"))?;
    f.apply(target, &args.iter().collect::<Array>())
        .map_err(|e| message(&e))
}

/// Awaits a Promise (a non-Promise value is its own result).
pub async fn wait(value: JsValue) -> Result<JsValue, String> {
    let promise = js_sys::Promise::resolve(&value);
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| message(&e))
}

/// A listener on a socket.io-style emitter (`on` / `off`), removed when dropped.
pub struct Listener {
    target: JsValue,
    event: &'static str,
    callback: Closure<dyn FnMut(JsValue)>,
}

impl Listener {
    /// `target.on(event, f)`.
    pub fn new(target: &JsValue, event: &'static str, f: impl FnMut(JsValue) + 'static) -> Self {
        let callback = Closure::<dyn FnMut(JsValue)>::new(f);
        let _ = call(target, "on", &[event.into(), callback.as_ref().clone()]);
        Listener {
            target: target.clone(),
            event,
            callback,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = call(
            &self.target,
            "off",
            &[self.event.into(), self.callback.as_ref().clone()],
        );
    }
}

/// A subscription made through an API that returns its unsubscribe function (`inspect`): the
/// function is called, and the callback released, when this is dropped.
pub struct Subscription {
    unsubscribe: JsValue,
    _callback: Closure<dyn FnMut(JsValue)>,
}

impl Subscription {
    /// `target[method](f, ...rest)`, keeping what it returns to call on drop.
    pub fn new(
        target: &JsValue,
        method: &str,
        rest: &[JsValue],
        f: impl FnMut(JsValue) + 'static,
    ) -> Self {
        let callback = Closure::<dyn FnMut(JsValue)>::new(f);
        let mut args = vec![callback.as_ref().clone()];
        args.extend_from_slice(rest);
        Subscription {
            unsubscribe: call(target, method, &args).unwrap_or(JsValue::UNDEFINED),
            _callback: callback,
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(f) = self.unsubscribe.dyn_ref::<Function>() {
            let _ = f.call0(&JsValue::UNDEFINED);
        }
    }
}

/// A browser timer (`setInterval`), cleared when dropped.
pub struct Interval {
    id: i32,
    _callback: Closure<dyn FnMut()>,
}

impl Interval {
    /// Calls `f` every `ms` milliseconds.
    pub fn new(ms: i32, f: impl FnMut() + 'static) -> Option<Self> {
        let callback = Closure::<dyn FnMut()>::new(f);
        let id = web_sys::window()?
            .set_interval_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                ms,
            )
            .ok()?;
        Some(Interval {
            id,
            _callback: callback,
        })
    }
}

impl Drop for Interval {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_interval_with_handle(self.id);
        }
    }
}
