//! Browser tests of the Rust API (`plugwire::web`, feature `web`) in headless Chromium,
//! against the official Node socket.io 4.8 server and deliberately broken peers, all started
//! by `tests/run-browser.mjs` on free ports. Every wait has a deadline and names its step.
#![cfg(target_arch = "wasm32")]

mod web_support;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use futures::channel::mpsc;
use futures::StreamExt;
use plugwire::web::{
    io, AckError, ConnectionState, DisconnectReason, Error, ManagerEvent, Options, Payload,
    PayloadError, SocketEvent, Transport,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use wasm_bindgen_test::*;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn connects_with_auth_and_query_and_reads_typed_arguments() {
    let opts = Options {
        auth: Some(json!({"token": "t1"}).into()),
        query: vec![("q".into(), "v w".into())],
        ..fresh()
    };
    let s = io(&server("main"), opts).expect("io()");
    let (tx, mut hello) = mpsc::unbounded();
    let _l = s.on_args(
        "hello",
        move |r: Result<(Value, Option<String>, String), _>| {
            let _ = tx.unbounded_send(r);
        },
    );
    let wrong = Rc::new(RefCell::new(None));
    let w = wrong.clone();
    let _typed = s.on("hello", move |r: Result<u32, PayloadError>| {
        *w.borrow_mut() = Some(r)
    });
    let (auth, q, _transport) = within(5000, "hello", hello.next()).await.unwrap().unwrap();
    assert_eq!(auth, json!({"token": "t1"}));
    assert_eq!(q.as_deref(), Some("v w"));
    // A payload of the wrong shape reaches the handler as an error.
    assert!(matches!(
        &*wrong.borrow(),
        Some(Err(PayloadError::Shape(_)))
    ));
    assert_eq!(s.state(), ConnectionState::Connected);
    assert!(s.id().is_some());
    s.disconnect();
    assert_eq!(s.state(), ConnectionState::Disconnected);
}

#[wasm_bindgen_test]
async fn connect_error_carries_the_middleware_message_and_data() {
    let s = io(&format!("{}/private", server("main")), fresh()).expect("io()");
    let mut states = States::of(&s);
    match states.next("connect_error").await {
        SocketEvent::ConnectError(e) => {
            assert_eq!(e.message, "not authorized");
            assert_eq!(e.data, Some(json!({"code": 7})));
        }
        other => panic!("expected connect_error, got {other:?}"),
    }
    assert!(!s.active());
}

#[wasm_bindgen_test]
async fn acks_by_future_callback_timeout_and_to_the_server() {
    let (s, _states) = connected(&server("main"), fresh()).await;
    let echoed: String = within(5000, "echo", s.emit_with_ack("echo", &"hi"))
        .await
        .unwrap();
    assert_eq!(echoed, "hi");

    let (tx, mut rx) = mpsc::unbounded();
    s.emit_with_callback("echo", &5, move |r: Result<u32, Error>| {
        let _ = tx.unbounded_send(r);
    })
    .unwrap();
    assert_eq!(within(5000, "callback", rx.next()).await.unwrap(), Ok(5));

    let late = s
        .timeout(Duration::from_millis(100))
        .emit_with_ack::<String>("ack-later", &1000);
    assert_eq!(
        within(5000, "timeout", late).await,
        Err(Error::Ack(AckError::TimedOut))
    );

    // The server asks us; our answer comes back in its ack.
    s.on_raw("question-event", |e| {
        assert_eq!(e.payload().arg::<String>(0).unwrap(), "question");
        e.ack()
            .expect("an ack was asked for")
            .send(&"answer")
            .unwrap();
    })
    .forget();
    let answer: Vec<String> = within(5000, "ask", s.emit_with_ack("ask", &"question-event"))
        .await
        .unwrap();
    assert_eq!(answer, vec!["answer"]);
    // A reply of the wrong shape is an error, not a panic.
    let wrong = within(5000, "shape", s.emit_with_ack::<u32>("echo", &"x")).await;
    assert!(matches!(wrong, Err(Error::Payload(PayloadError::Shape(_)))));
    s.disconnect();
}

#[wasm_bindgen_test]
async fn retries_resend_exactly_once_then_time_out() {
    let opts = Options {
        retries: Some(1),
        ack_timeout: Some(Duration::from_millis(150)),
        ..fresh()
    };
    let (s, _states) = connected(&server("main"), opts).await;
    let seen = Rc::new(RefCell::new(Vec::new()));
    let log = seen.clone();
    let _l = s.on_args("flaky-seen", move |r: Result<(String, u32), _>| {
        log.borrow_mut().push(r.unwrap())
    });
    // Each try is written, and heard by the outgoing catch-alls (as socket.io-client's are).
    let tries = Rc::new(RefCell::new(Vec::new()));
    let t = tries.clone();
    let _out = s.on_any_outgoing(move |e| {
        t.borrow_mut()
            .push(e.payload().arg::<String>(0).unwrap_or_default())
    });
    // Acked from the second delivery: the one retry gets it.
    let n: u32 = within(
        5000,
        "retry succeeds",
        s.emit_args_with_ack("flaky", &("a", 2)),
    )
    .await
    .unwrap();
    assert_eq!(n, 2);
    // Acked only from the third: one retry is not enough.
    let r = within(
        5000,
        "retry gives up",
        s.emit_args_with_ack::<u32>("flaky", &("b", 3)),
    )
    .await;
    assert_eq!(r, Err(Error::Ack(AckError::TimedOut)));
    let b: Vec<u32> = seen
        .borrow()
        .iter()
        .filter(|(id, _)| id == "b")
        .map(|(_, n)| *n)
        .collect();
    assert_eq!(b, vec![1, 2], "sent once, retried exactly once");
    assert_eq!(*tries.borrow(), vec!["a", "a", "b", "b"]);
    s.disconnect();
}

#[wasm_bindgen_test]
fn reserved_names_cannot_be_emitted() {
    let s = io(
        &server("main"),
        Options {
            auto_connect: false,
            ..fresh()
        },
    )
    .unwrap();
    for name in [
        "connect",
        "connect_error",
        "disconnect",
        "disconnecting",
        "newListener",
        "removeListener",
    ] {
        assert_eq!(s.emit(name, &1), Err(Error::ReservedEvent(name.into())));
    }
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Scan {
    badge: String,
    #[serde(with = "serde_bytes")]
    photo: Vec<u8>,
    parts: Vec<serde_bytes::ByteBuf>,
}

#[wasm_bindgen_test]
async fn binary_anywhere_in_a_payload_both_ways() {
    let (s, _states) = connected(&server("main"), fresh()).await;
    let scan = Scan {
        badge: "b1".into(),
        photo: (0..=255).collect(),
        parts: vec![
            serde_bytes::ByteBuf::from(vec![1, 2]),
            serde_bytes::ByteBuf::from(vec![]),
        ],
    };
    let back: Scan = within(5000, "binary echo", s.emit_with_ack("echo", &scan))
        .await
        .unwrap();
    assert_eq!(back, scan);
    s.disconnect();
}

#[wasm_bindgen_test]
async fn namespaces_share_one_connection() {
    let url = server("main");
    let opts = || Options {
        reconnection_delay: Duration::from_millis(100),
        ..Options::default()
    };
    let (main, _a) = connected(&url, opts()).await;
    let (admin, _b) = connected(&format!("{url}/admin"), opts()).await;
    assert_eq!(main.manager(), admin.manager(), "one manager");
    assert_eq!(admin.nsp(), "/admin");
    let a: String = within(5000, "admin echo", admin.emit_with_ack("echo", &"a"))
        .await
        .unwrap();
    let m: String = within(5000, "main echo", main.emit_with_ack("echo", &"m"))
        .await
        .unwrap();
    assert_eq!((a.as_str(), m.as_str()), ("a", "m"));
    // The same namespace again gets a new connection (socket.io-client's rule).
    let again = io(
        &url,
        Options {
            auto_connect: false,
            ..opts()
        },
    )
    .unwrap();
    assert_ne!(again.manager(), main.manager());
    main.disconnect();
    admin.disconnect();
}

#[wasm_bindgen_test]
async fn emits_wait_while_disconnected_and_volatile_ones_are_dropped() {
    let s = io(
        &server("main"),
        Options {
            auto_connect: false,
            ..fresh()
        },
    )
    .unwrap();
    let first = s.emit_with_ack::<u32>("echo", &1);
    let dropped = s.volatile().emit_with_ack::<u32>("echo", &2);
    let second = s.emit_with_ack::<u32>("echo", &3);
    assert_eq!(
        within(1000, "volatile", dropped).await,
        Err(Error::Ack(AckError::Dropped))
    );
    let mut states = States::of(&s);
    s.connect();
    assert_eq!(states.next("connect").await, SocketEvent::Connect);
    assert_eq!(within(5000, "first", first).await, Ok(1));
    assert_eq!(within(5000, "second", second).await, Ok(3));
    s.disconnect();
}

#[wasm_bindgen_test]
async fn events_as_a_stream_and_listeners_removed_on_drop() {
    let (s, _states) = connected(&server("main"), fresh()).await;
    let mut burst = s.stream::<u32>("burst");
    let count = Rc::new(RefCell::new(0));
    let c = count.clone();
    let dropped = s.on("burst", move |_: Result<u32, _>| *c.borrow_mut() += 1);
    drop(dropped);
    let n: u32 = within(5000, "burst", s.emit_with_ack("burst", &5))
        .await
        .unwrap();
    assert_eq!(n, 5);
    let mut got = Vec::new();
    for _ in 0..5 {
        got.push(
            within(5000, "stream item", burst.next())
                .await
                .unwrap()
                .unwrap(),
        );
    }
    assert_eq!(got, vec![0, 1, 2, 3, 4]);
    assert_eq!(*count.borrow(), 0, "a dropped listener hears nothing");
    s.disconnect();
}

#[wasm_bindgen_test]
async fn reconnects_with_backoff_after_a_server_restart() {
    // WebSocket only: a stop while still on polling would end with "transport error" instead.
    let opts = Options {
        transports: vec![Transport::WebSocket],
        ..fresh()
    };
    let (s, mut states) = connected(&server("restart"), opts).await;
    let (mut events, _l) = manager_events(&s);
    get(&format!("{}/stop", server("control"))).await;
    assert_eq!(
        states.next("disconnect").await,
        SocketEvent::Disconnect(DisconnectReason::TransportClose)
    );
    // At least two failed attempts, numbered, before the server is back.
    let mut attempts = Vec::new();
    while attempts.len() < 2 {
        if let ManagerEvent::ReconnectAttempt(n) =
            within(5000, "attempt", events.next()).await.unwrap()
        {
            attempts.push(n);
        }
    }
    assert_eq!(attempts, vec![1, 2]);
    get(&format!("{}/start", server("control"))).await;
    loop {
        match states.next("reconnect").await {
            SocketEvent::Connect => break,
            SocketEvent::ConnectError(_) => continue,
            other => panic!("unexpected {other:?}"),
        }
    }
    let echoed: String = within(5000, "echo after restart", s.emit_with_ack("echo", &"back"))
        .await
        .unwrap();
    assert_eq!(echoed, "back");
    s.disconnect();
}

#[wasm_bindgen_test]
async fn connection_state_recovery_after_a_transport_close() {
    let (s, mut states) = connected(&server("main"), fresh()).await;
    assert!(!s.recovered());
    let before = s.id();
    s.emit("close-transport", &()).unwrap();
    assert_eq!(
        states.next("disconnect").await,
        SocketEvent::Disconnect(DisconnectReason::TransportClose)
    );
    assert_eq!(states.next("reconnect").await, SocketEvent::Connect);
    assert!(s.recovered(), "the session was recovered");
    assert_eq!(s.id(), before, "same id after recovery");
    s.disconnect();
}

#[wasm_bindgen_test]
async fn ping_timeout_when_the_server_goes_silent() {
    let opts = Options {
        transports: vec![Transport::WebSocket],
        reconnection: false,
        ..fresh()
    };
    let (s, mut states) = connected(&server("silent"), opts).await;
    assert_eq!(
        states.next("ping timeout").await,
        SocketEvent::Disconnect(DisconnectReason::PingTimeout)
    );
    // As with socket.io-client, the socket stays active (it would reconnect if allowed).
    assert!(!s.connected());
}

#[wasm_bindgen_test]
async fn a_packet_that_does_not_decode_closes_with_parse_error() {
    let opts = Options {
        transports: vec![Transport::WebSocket],
        reconnection: false,
        ..fresh()
    };
    let s = io(&server("parse"), opts).unwrap();
    let after = Rc::new(RefCell::new(false));
    let a = after.clone();
    let _l = s.on_raw("after", move |_| *a.borrow_mut() = true);
    let mut states = States::of(&s);
    assert_eq!(states.next("connect").await, SocketEvent::Connect);
    assert_eq!(
        states.next("parse error").await,
        SocketEvent::Disconnect(DisconnectReason::ParseError)
    );
    assert!(
        !*after.borrow(),
        "nothing is delivered after the bad packet"
    );
}

/// What a catch-all listener heard: who, the event's name, its arguments.
type Heard = Rc<RefCell<Vec<(&'static str, String, Payload)>>>;

fn hear(log: &Heard, who: &'static str) -> impl FnMut(&plugwire::web::Event) + 'static {
    let log = log.clone();
    move |e| {
        log.borrow_mut()
            .push((who, e.name().to_owned(), e.payload().clone()));
    }
}

/// Who heard which event, with its arguments as JSON (no binary).
fn heard_json(log: &Heard) -> Vec<(&'static str, String, Value)> {
    log.borrow()
        .iter()
        .map(|(w, n, p)| (*w, n.clone(), Value::Array(p.args().to_vec())))
        .collect()
}

#[wasm_bindgen_test]
async fn outgoing_catch_alls_hear_each_packet_as_it_is_written() {
    let s = io(
        &server("main"),
        Options {
            auto_connect: false,
            ..fresh()
        },
    )
    .unwrap();
    let log: Heard = Rc::default();
    let _second = s.on_any_outgoing(hear(&log, "appended"));
    let _first = s.prepend_any_outgoing(hear(&log, "prepended"));
    let dropped = s.on_any_outgoing(hear(&log, "dropped"));
    drop(dropped);
    // Buffered while disconnected: heard when the buffer is written, on connect; a volatile
    // emit that cannot be sent is never heard.
    s.emit_args("echo", &(1, "a")).unwrap();
    s.volatile().emit("echo", &2).unwrap();
    assert!(log.borrow().is_empty(), "nothing is written before connect");
    let mut states = States::of(&s);
    s.connect();
    assert_eq!(states.next("connect").await, SocketEvent::Connect);
    assert_eq!(
        heard_json(&log),
        vec![
            ("prepended", "echo".to_owned(), json!([1, "a"])),
            ("appended", "echo".to_owned(), json!([1, "a"])),
        ]
    );
    log.borrow_mut().clear();
    // Binary arguments are heard as bytes; the ack is not an argument.
    let bytes = serde_bytes::ByteBuf::from(vec![7, 8]);
    let back: serde_bytes::ByteBuf = within(5000, "binary echo", s.emit_with_ack("echo", &bytes))
        .await
        .unwrap();
    assert_eq!(back, bytes);
    let heard: Vec<(&str, String, serde_bytes::ByteBuf)> = log
        .borrow()
        .iter()
        .map(|(w, n, p)| (*w, n.clone(), p.arg(0).unwrap()))
        .collect();
    assert_eq!(
        heard,
        vec![
            ("prepended", "echo".to_owned(), bytes.clone()),
            ("appended", "echo".to_owned(), bytes.clone()),
        ]
    );
    log.borrow_mut().clear();
    // `off_any_outgoing` removes them all; incoming events never reach them.
    s.off_any_outgoing();
    let n: u32 = within(5000, "burst", s.emit_with_ack("burst", &2))
        .await
        .unwrap();
    assert_eq!(n, 2);
    assert!(log.borrow().is_empty(), "{:?}", log.borrow());
    s.disconnect();
}

#[wasm_bindgen_test]
async fn incoming_catch_alls_prepended_first_and_all_removed_by_off_any() {
    let (s, _states) = connected(&server("main"), fresh()).await;
    let log: Heard = Rc::default();
    let _any = s.on_any(hear(&log, "any"));
    let _first = s.prepend_any(hear(&log, "prepended"));
    let _named = s.on_raw("burst", hear(&log, "named"));
    let n: u32 = within(5000, "burst", s.emit_with_ack("burst", &1))
        .await
        .unwrap();
    assert_eq!(n, 1);
    let who: Vec<&str> = log.borrow().iter().map(|(w, _, _)| *w).collect();
    assert_eq!(who, vec!["prepended", "any", "named"]);
    log.borrow_mut().clear();
    s.off_any();
    within(5000, "burst again", s.emit_with_ack::<u32>("burst", &1))
        .await
        .unwrap();
    let who: Vec<&str> = log.borrow().iter().map(|(w, _, _)| *w).collect();
    assert_eq!(who, vec!["named"], "the event's own listener stays");
    s.disconnect();
}

#[wasm_bindgen_test]
async fn send_emits_a_message_event() {
    let (s, _states) = connected(&server("main"), fresh()).await;
    let sent: Heard = Rc::default();
    let _out = s.on_any_outgoing(hear(&sent, "out"));
    let mut seen = s.stream::<Vec<Value>>("message-seen");
    s.send(&"hi").unwrap();
    s.send_args(&("a", 2)).unwrap();
    let first = within(5000, "message 1", seen.next())
        .await
        .unwrap()
        .unwrap();
    let second = within(5000, "message 2", seen.next())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (first, second),
        (vec![json!("hi")], vec![json!("a"), json!(2)])
    );
    let names: Vec<String> = sent.borrow().iter().map(|(_, n, _)| n.clone()).collect();
    assert_eq!(names, vec!["message", "message"]);
    s.disconnect();
}
