//! Browser tests of the Rust API's options and settings in headless Chromium, against the
//! official Node socket.io 4.8 server started by `tests/run-browser.mjs`: `auth` providers,
//! the manager's options on a running connection, the Engine.IO session's events, transports,
//! `extra_headers` and `with_credentials`, and the window's `offline` and `beforeunload`.
//! Each scenario is one socket.io-client pins down in `tests/client/` (the same steps, the same
//! expected results). Every wait has a deadline and names its step.
#![cfg(target_arch = "wasm32")]

mod web_support;

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use futures::channel::mpsc;
use futures::StreamExt;
use plugwire::web::{
    io, AckError, Auth, DisconnectReason, EngineEvent, Error, Manager, ManagerEvent, Options,
    SocketEvent, Transport,
};
use serde_json::{json, Value};
use wasm_bindgen_test::*;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The `hello` the server sends on every connection: the `auth` it got.
fn hellos(s: &plugwire::web::Socket) -> plugwire::web::EventStream<Value> {
    s.stream::<Value>("hello")
}

#[wasm_bindgen_test]
async fn an_auth_provider_is_asked_again_for_each_reconnection() {
    let asked = Rc::new(Cell::new(0u32));
    let n = asked.clone();
    let auth = Auth::with(move || {
        n.set(n.get() + 1);
        json!({ "token": format!("t{}", n.get()) })
    });
    let s = io(
        &server("main"),
        Options {
            auth: Some(auth),
            ..fresh()
        },
    )
    .unwrap();
    let mut hello = hellos(&s);
    let first = within(5000, "first hello", hello.next()).await.unwrap();
    assert_eq!(first.unwrap()["token"], "t1");
    // The server closes the transport: the reconnection asks the provider again.
    s.emit("close-transport", &()).unwrap();
    let second = within(5000, "hello after the reconnection", hello.next())
        .await
        .unwrap();
    assert_eq!(second.unwrap()["token"], "t2");
    assert_eq!(asked.get(), 2);
    s.disconnect();
}

#[wasm_bindgen_test]
async fn an_async_auth_provider_is_awaited_before_connect() {
    let auth = Auth::with_future(|| async {
        gloo_timers::future::TimeoutFuture::new(50).await;
        json!({"token": "fetched"})
    });
    let s = io(
        &server("main"),
        Options {
            auth: Some(auth),
            ..fresh()
        },
    )
    .unwrap();
    let mut hello = hellos(&s);
    let got = within(5000, "hello", hello.next()).await.unwrap().unwrap();
    assert_eq!(got, json!({"token": "fetched"}));
    // `set_auth` changes what the next connection sends.
    s.set_auth(Some(json!({"token": "fixed"}).into()));
    assert_eq!(
        s.auth().and_then(|a| a.value().cloned()),
        Some(json!({"token": "fixed"}))
    );
    s.emit("close-transport", &()).unwrap();
    let again = within(5000, "hello after the reconnection", hello.next())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again["token"], "fixed");
    s.disconnect();
}

/// A manager of a port nothing listens on (every attempt fails at once), 20 ms apart.
fn failing_manager() -> Manager {
    Manager::new(
        "http://127.0.0.1:1",
        Options {
            reconnection_delay: Duration::from_millis(20),
            reconnection_delay_max: Duration::from_millis(20),
            randomization_factor: 0.0,
            ..Options::default()
        },
    )
    .unwrap()
}

#[wasm_bindgen_test]
async fn reconnection_off_from_a_reconnect_error_listener_stops_the_running_loop() {
    let m = failing_manager();
    let log = Rc::new(RefCell::new(Vec::new()));
    let (tx, mut errors) = mpsc::unbounded();
    let (handle, l) = (m.clone(), log.clone());
    let listener = m.on_event(move |e| {
        if matches!(
            e,
            ManagerEvent::ReconnectAttempt(_)
                | ManagerEvent::ReconnectError(_)
                | ManagerEvent::ReconnectFailed
        ) {
            l.borrow_mut().push(e.clone());
        }
        if let ManagerEvent::ReconnectError(_) = e {
            handle.set_reconnection(false);
            let _ = tx.unbounded_send(());
        }
    });
    within(5000, "reconnect_error", errors.next()).await;
    // Nothing more may happen: the next attempt would have been due 20 ms later (the same
    // bounded wait for an absence as the socket.io-client scenario).
    gloo_timers::future::TimeoutFuture::new(300).await;
    assert!(
        matches!(
            log.borrow().as_slice(),
            [
                ManagerEvent::ReconnectAttempt(1),
                ManagerEvent::ReconnectError(_)
            ]
        ),
        "{:?}",
        log.borrow()
    );
    assert!(!m.reconnection());
    drop(listener);
    m.close();
}

#[wasm_bindgen_test]
async fn manager_options_read_back_and_apply_to_the_running_loop() {
    let m = failing_manager();
    assert_eq!(m.reconnection_attempts(), None);
    assert_eq!(m.reconnection_delay(), Duration::from_millis(20));
    assert_eq!(m.reconnection_delay_max(), Duration::from_millis(20));
    assert_eq!(m.randomization_factor(), 0.0);
    assert_eq!(m.timeout(), Some(Duration::from_secs(20)));
    assert!(m.reconnection());
    m.set_timeout(None);
    m.set_randomization_factor(0.1);
    m.set_reconnection_delay(Duration::from_millis(30));
    m.set_reconnection_delay_max(Duration::from_millis(40));
    assert_eq!(m.timeout(), None);
    assert_eq!(m.randomization_factor(), 0.1);
    assert_eq!(m.reconnection_delay(), Duration::from_millis(30));
    assert_eq!(m.reconnection_delay_max(), Duration::from_millis(40));
    // The first attempt is under way: limiting the attempts now ends the loop after two.
    m.set_reconnection_attempts(Some(2));
    assert_eq!(m.reconnection_attempts(), Some(2));
    let (tx, mut events) = mpsc::unbounded();
    let _l = m.on_event(move |e| {
        let _ = tx.unbounded_send(e.clone());
    });
    let mut attempts = Vec::new();
    loop {
        match within(5000, "reconnect_failed", events.next())
            .await
            .unwrap()
        {
            ManagerEvent::ReconnectAttempt(n) => attempts.push(n),
            ManagerEvent::ReconnectFailed => break,
            _ => {}
        }
    }
    assert_eq!(attempts, vec![1, 2]);
    m.close();
}

/// The manager's Engine.IO events, as a stream.
fn engine_events(
    m: &Manager,
) -> (
    mpsc::UnboundedReceiver<EngineEvent>,
    plugwire::web::Listener,
) {
    let (tx, rx) = mpsc::unbounded();
    let l = m.on_engine_event(move |e| {
        let _ = tx.unbounded_send(e.clone());
    });
    (rx, l)
}

/// A socket for the server's path `name` that does not connect by itself, its manager, and
/// the manager's Engine.IO events from before the first open.
fn unconnected(
    name: &str,
) -> (
    plugwire::web::Socket,
    Manager,
    mpsc::UnboundedReceiver<EngineEvent>,
    plugwire::web::Listener,
) {
    let s = io(
        &server(name),
        Options {
            auto_connect: false,
            ..fresh()
        },
    )
    .unwrap();
    let m = s.manager();
    let (engine, l) = engine_events(&m);
    (s, m, engine, l)
}

#[wasm_bindgen_test]
async fn engine_events_open_upgrade_and_a_forced_close() {
    let (s, m, mut engine, _l) = unconnected("main");
    let mut states = States::of(&s);
    s.connect();
    assert_eq!(
        within(5000, "open", engine.next()).await,
        Some(EngineEvent::Open)
    );
    assert_eq!(states.next("connect").await, SocketEvent::Connect);
    assert!(m.engine_id().is_some());
    assert_eq!(
        within(5000, "upgrade", engine.next()).await,
        Some(EngineEvent::Upgrade(Transport::WebSocket))
    );
    assert_eq!(m.transport(), Some(Transport::WebSocket));
    let name: String = within(5000, "transport", s.emit_args_with_ack("transport", &()))
        .await
        .unwrap();
    assert_eq!(name, "websocket");
    // `engine.close()`: "forced close", then the manager reconnects.
    let before = m.engine_id();
    m.close_engine();
    assert_eq!(
        within(5000, "close", engine.next()).await,
        Some(EngineEvent::Close(DisconnectReason::ForcedClose))
    );
    assert_eq!(
        states.next("disconnect").await,
        SocketEvent::Disconnect(DisconnectReason::ForcedClose)
    );
    assert_eq!(
        within(5000, "open again", engine.next()).await,
        Some(EngineEvent::Open)
    );
    assert_eq!(states.next("reconnect").await, SocketEvent::Connect);
    assert_ne!(m.engine_id(), before, "a new session");
    s.disconnect();
}

#[wasm_bindgen_test]
async fn a_refused_upgrade_is_an_upgrade_error_and_polling_goes_on() {
    let (s, m, mut engine, _l) = unconnected("noupgrade");
    s.connect();
    assert_eq!(
        within(5000, "open", engine.next()).await,
        Some(EngineEvent::Open)
    );
    assert_eq!(
        within(5000, "upgradeError", engine.next()).await,
        Some(EngineEvent::UpgradeError(
            "probe error: Error: websocket error".into()
        ))
    );
    assert_eq!(m.transport(), Some(Transport::Polling));
    let echoed: String = within(5000, "echo over polling", s.emit_with_ack("echo", &"p"))
        .await
        .unwrap();
    assert_eq!(echoed, "p");
    s.disconnect();
}

#[wasm_bindgen_test]
async fn polling_only_never_upgrades_and_carries_binary() {
    let opts = Options {
        transports: vec![Transport::Polling],
        ..fresh()
    };
    let s = io(&server("main"), opts).unwrap();
    let (mut engine, _l) = engine_events(&s.manager());
    let mut states = States::of(&s);
    assert_eq!(states.next("connect").await, SocketEvent::Connect);
    let bytes = serde_bytes::ByteBuf::from((0..=255).collect::<Vec<u8>>());
    let back: serde_bytes::ByteBuf = within(5000, "binary echo", s.emit_with_ack("echo", &bytes))
        .await
        .unwrap();
    assert_eq!(back, bytes);
    let name: String = within(5000, "transport", s.emit_args_with_ack("transport", &()))
        .await
        .unwrap();
    assert_eq!(name, "polling");
    assert_eq!(s.manager().transport(), Some(Transport::Polling));
    assert_eq!(engine.try_recv().ok(), Some(EngineEvent::Open));
    assert!(engine.try_recv().is_err(), "no upgrade was tried");
    s.disconnect();
}

/// What the server saw of the session's polling requests.
async fn request_headers(opts: Options) -> Value {
    let s = io(&server("cookie"), opts).unwrap();
    let mut states = States::of(&s);
    assert_eq!(states.next("connect").await, SocketEvent::Connect);
    let seen: Value = within(
        5000,
        "request-headers",
        s.emit_args_with_ack("request-headers", &()),
    )
    .await
    .unwrap();
    s.disconnect();
    seen
}

#[wasm_bindgen_test]
async fn extra_headers_and_cookies_with_credentials_over_polling() {
    let polling = |with_credentials| Options {
        transports: vec![Transport::Polling],
        extra_headers: vec![("X-Plugwire".into(), "h1".into())],
        with_credentials,
        ..fresh()
    };
    let seen = request_headers(polling(true)).await;
    assert_eq!(seen["handshake"], "h1", "on the handshake");
    assert_eq!(seen["header"], "h1", "on a later request");
    let cookie = seen["cookie"].as_str().unwrap_or_default();
    assert!(
        cookie.contains("io="),
        "the server's cookie came back: {seen}"
    );
    // Without credentials, a cross-origin request carries no cookie.
    let seen = request_headers(polling(false)).await;
    assert_eq!(seen["header"], "h1");
    assert_eq!(seen["cookie"], Value::Null);
}

fn dispatch(event: &str) {
    let w = web_sys::window().expect("window");
    let e = web_sys::Event::new(event).expect("event");
    w.dispatch_event(&e).expect("dispatch");
}

#[wasm_bindgen_test]
async fn the_window_going_offline_closes_the_connection_which_reconnects() {
    let opts = Options {
        transports: vec![Transport::WebSocket],
        ..fresh()
    };
    let (s, mut states) = connected(&server("main"), opts).await;
    dispatch("offline");
    assert_eq!(
        states.next("disconnect").await,
        SocketEvent::Disconnect(DisconnectReason::TransportClose)
    );
    assert_eq!(states.next("reconnect").await, SocketEvent::Connect);
    s.disconnect();
}

#[wasm_bindgen_test]
async fn close_on_beforeunload_closes_the_transport_silently() {
    let opts = |close_on_beforeunload| Options {
        transports: vec![Transport::WebSocket],
        close_on_beforeunload,
        reconnection: false,
        ..fresh()
    };
    let (a, _sa) = connected(&server("main"), opts(true)).await;
    let (b, _sb) = connected(&server("main"), opts(false)).await;
    let events = Rc::new(RefCell::new(Vec::new()));
    let e = events.clone();
    let _l = a.on_state(move |s| e.borrow_mut().push(s.clone()));
    dispatch("beforeunload");
    // Well within the heartbeat's deadline (ping interval 600 ms + timeout 400 ms), so only
    // the closed transport can explain a lost ack.
    let from_a = a
        .timeout(Duration::from_millis(200))
        .emit_with_ack::<String>("echo", &"a");
    let from_b = b
        .timeout(Duration::from_millis(200))
        .emit_with_ack::<String>("echo", &"b");
    let (from_a, from_b) = within(5000, "acks", futures::future::join(from_a, from_b)).await;
    assert_eq!(from_a, Err(Error::Ack(AckError::TimedOut)));
    assert_eq!(from_b, Ok("b".into()));
    assert!(
        events.borrow().is_empty(),
        "silently: {:?}",
        events.borrow()
    );
    a.disconnect();
    b.disconnect();
}
