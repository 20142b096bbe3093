//! The few JavaScript helpers the bindings need, in one inline module: rest-parameter
//! functions, page-global state (the shared managers, engine.io-client's
//! `priorWebsocketSuccess`) and `fetch` reduced to one callback.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const managers = new Map();
let prior = false;
export function variadic(f) { return function (...args) { return f(args); }; }
export function cachedManager(id) { return managers.get(id); }
export function cacheManager(id, manager) { managers.set(id, manager); }
export function priorWebsocket() { return prior; }
export function setPriorWebsocket(value) { prior = value; }
export function fire(target, event, args) { target.__fire(event, args); }
export function dispatch(target, args, outgoing) { target.__dispatch(args, outgoing); }
export function fetchText(url, init, done) {
  fetch(url, init).then(
    (r) => (r.ok ? r.text().then((t) => done(0, t), () => done(-1, "")) : done(r.status, "")),
    () => done(-1, ""),
  );
}
"#)]
extern "C" {
    /// Wraps `f(args)` as a function taking `...args`.
    pub fn variadic(f: &JsValue) -> JsValue;
    /// The manager `io()` shares for `id`, if any.
    #[wasm_bindgen(js_name = cachedManager)]
    pub fn cached_manager(id: &str) -> JsValue;
    /// Shares `manager` for `id`.
    #[wasm_bindgen(js_name = cacheManager)]
    pub fn cache_manager(id: &str, manager: &JsValue);
    /// Whether a WebSocket has worked in this page.
    #[wasm_bindgen(js_name = priorWebsocket)]
    pub fn prior_websocket() -> bool;
    /// Records whether a WebSocket has worked in this page.
    #[wasm_bindgen(js_name = setPriorWebsocket)]
    pub fn set_prior_websocket(value: bool);
    /// Calls the listeners of `event` on `target` (the emitter of `pkg/index.js`).
    pub fn fire(target: &JsValue, event: &str, args: &js_sys::Array);
    /// Calls a socket's catch-all listeners (incoming or outgoing), then, for incoming events,
    /// the listeners of the event (`args[0]`) with the other arguments.
    pub fn dispatch(target: &JsValue, args: &js_sys::Array, outgoing: bool);
    /// `fetch(url, init)`, then `done(0, text)`, `done(status, "")` for an HTTP error, or
    /// `done(-1, "")` for a network error.
    #[wasm_bindgen(js_name = fetchText)]
    pub fn fetch_text(url: &str, init: &JsValue, done: &JsValue);
}
