//! Receive throughput of the Rust API against socket.io-client, in one headless Chromium page,
//! against the Node socket.io 4.8 server (`node tests/run-browser.mjs bench`, a release
//! build). Each client asks for `burst` events over a WebSocket and is timed until the last
//! one has reached its listener; the numbers are printed, the test checks every event arrived.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use futures::channel::oneshot;
use js_sys::{Array, Function, Object, Reflect};
use plugwire::web::{io, Options, SocketEvent, Transport};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SERVERS: &str = match option_env!("PLUGWIRE_WEB_SERVERS") {
    Some(s) => s,
    None => "{}",
};
const EVENTS: u32 = 20_000;
const ROUNDS: usize = 3;

async fn within<T>(ms: u32, step: &str, f: impl Future<Output = T>) -> T {
    let f = std::pin::pin!(f);
    let t = std::pin::pin!(gloo_timers::future::TimeoutFuture::new(ms));
    match futures::future::select(f, t).await {
        futures::future::Either::Left((v, _)) => v,
        futures::future::Either::Right(_) => panic!("{step}: nothing within {ms} ms"),
    }
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Loads socket.io-client's browser build (a classic script: no CORS needed); its `io`.
async fn load_socket_io_client(origin: &str) -> Function {
    let doc = web_sys::window().unwrap().document().unwrap();
    let script: web_sys::HtmlScriptElement = doc.create_element("script").unwrap().unchecked_into();
    script.set_src(&format!("{origin}/sioc/socket.io.min.js"));
    let (tx, rx) = oneshot::channel::<()>();
    let tx = Rc::new(Cell::new(Some(tx)));
    let on_load = Closure::<dyn FnMut()>::new(move || {
        if let Some(tx) = tx.take() {
            let _ = tx.send(());
        }
    });
    script.set_onload(Some(on_load.as_ref().unchecked_ref()));
    let src = script.src();
    let on_error =
        Closure::<dyn FnMut()>::new(move || panic!("socket.io-client failed to load from {src}"));
    script.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    doc.body().unwrap().append_child(&script).unwrap();
    within(10_000, "socket.io-client loads", rx).await.unwrap();
    drop(on_load);
    Reflect::get(&web_sys::window().unwrap(), &"io".into())
        .unwrap()
        .unchecked_into()
}

/// Milliseconds for `EVENTS` events to reach a socket.io-client listener.
async fn socket_io_client_round(io_fn: &Function, url: &str) -> f64 {
    let opts = Object::new();
    Reflect::set(&opts, &"forceNew".into(), &true.into()).unwrap();
    Reflect::set(
        &opts,
        &"transports".into(),
        &Array::of1(&"websocket".into()),
    )
    .unwrap();
    let socket = io_fn.call2(&JsValue::NULL, &url.into(), &opts).unwrap();
    let method = |name: &str| -> Function {
        Reflect::get(&socket, &name.into())
            .unwrap()
            .unchecked_into()
    };
    let (tx, rx) = oneshot::channel::<()>();
    let tx = Rc::new(Cell::new(Some(tx)));
    let connected = Closure::<dyn FnMut()>::new({
        let tx = tx.clone();
        move || {
            if let Some(tx) = tx.take() {
                let _ = tx.send(());
            }
        }
    });
    method("once")
        .call2(&socket, &"connect".into(), connected.as_ref())
        .unwrap();
    within(5000, "socket.io-client connects", rx).await.unwrap();
    let count = Rc::new(Cell::new(0u32));
    let (done_tx, done_rx) = oneshot::channel::<()>();
    let done_tx = Rc::new(Cell::new(Some(done_tx)));
    let c = count.clone();
    let on_burst = Closure::<dyn FnMut(JsValue)>::new(move |_v: JsValue| {
        c.set(c.get() + 1);
        if c.get() == EVENTS {
            if let Some(tx) = done_tx.take() {
                let _ = tx.send(());
            }
        }
    });
    method("on")
        .call2(&socket, &"burst".into(), on_burst.as_ref())
        .unwrap();
    let start = now();
    method("emit")
        .call2(&socket, &"burst".into(), &EVENTS.into())
        .unwrap();
    within(60_000, "socket.io-client receives", done_rx)
        .await
        .unwrap();
    let ms = now() - start;
    method("disconnect").call0(&socket).unwrap();
    assert_eq!(count.get(), EVENTS);
    ms
}

/// Milliseconds for `EVENTS` events to reach a typed listener of the Rust API.
async fn rust_round(url: &str) -> f64 {
    let s = io(
        url,
        Options {
            force_new: true,
            transports: vec![Transport::WebSocket],
            ..Options::default()
        },
    )
    .unwrap();
    let (tx, rx) = oneshot::channel::<()>();
    let tx = Rc::new(Cell::new(Some(tx)));
    let _c = s.on_state(move |e| {
        if *e == SocketEvent::Connect {
            if let Some(tx) = tx.take() {
                let _ = tx.send(());
            }
        }
    });
    within(5000, "Rust API connects", rx).await.unwrap();
    let count = Rc::new(Cell::new(0u32));
    let (done_tx, done_rx) = oneshot::channel::<()>();
    let done_tx = Rc::new(Cell::new(Some(done_tx)));
    let c = count.clone();
    let _l = s.on("burst", move |v: Result<u32, _>| {
        if v.is_ok() {
            c.set(c.get() + 1);
        }
        if c.get() == EVENTS {
            if let Some(tx) = done_tx.take() {
                let _ = tx.send(());
            }
        }
    });
    let start = now();
    s.emit("burst", &EVENTS).unwrap();
    within(60_000, "Rust API receives", done_rx).await.unwrap();
    let ms = now() - start;
    s.disconnect();
    assert_eq!(count.get(), EVENTS);
    ms
}

#[wasm_bindgen_test]
async fn receive_throughput_against_socket_io_client() {
    let servers: Value = serde_json::from_str(SERVERS).unwrap();
    let url = servers["main"].as_str().expect("server url").to_owned();
    let io_fn = load_socket_io_client(&url).await;
    let (mut rust, mut js) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        js.push(socket_io_client_round(&io_fn, &url).await);
        rust.push(rust_round(&url).await);
    }
    let best = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    let rate = |ms: f64| f64::from(EVENTS) / ms * 1000.0;
    console_log!(
        "bench: receive {} events, best of {}: plugwire Rust API {:.0} ms ({:.0}/s), socket.io-client {:.0} ms ({:.0}/s), ratio {:.2}",
        EVENTS,
        ROUNDS,
        best(&rust),
        rate(best(&rust)),
        best(&js),
        rate(best(&js)),
        best(&rust) / best(&js)
    );
}
