//! Browser tests of the Rust plugin store (`plugwire::web::Store`) in headless Chromium against
//! `plugwire serve --rooms`, started (and restarted) by `tests/run-browser.mjs` on a free port.
//! Events are sent through the dev server's `POST /emit`, as `plugwire send` does. Every wait
//! has a deadline and names its step.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::time::Duration;

use futures::channel::mpsc;
use futures::StreamExt;
use plugwire::web::{Direction, Manifest, Options, PayloadError, Status, Store, StoreOptions};
use serde::Deserialize;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SERVERS: &str = match option_env!("PLUGWIRE_STORE_SERVERS") {
    Some(s) => s,
    None => "{}",
};

fn server(name: &str) -> String {
    let all: Value = serde_json::from_str(SERVERS).expect("server list");
    all[name].as_str().expect("server url").to_owned()
}

const P1: &str = "private.BadgePrinter.badge_printer_1";
const P2: &str = "private.BadgePrinter.badge_printer_2";

fn manifest() -> Manifest {
    serde_json::from_value(json!({"dependencies": [
        {"identifier": "badge_printer_1", "model": "BadgePrinter",
         "events": {"completed": "BadgePrintJobCompleted"}},
        {"identifier": "badge_printer_2", "model": "BadgePrinter",
         "events": {"completed": "BadgePrintJobCompleted"}}
    ]}))
    .expect("manifest")
}

fn store() -> Store {
    Store::new(StoreOptions {
        url: Some(server("rooms")),
        manifest: manifest(),
        io: Options {
            reconnection_delay: Duration::from_millis(100),
            reconnection_delay_max: Duration::from_millis(300),
            ..Options::default()
        },
        ..StoreOptions::default()
    })
    .expect("store")
}

async fn within<T>(ms: u32, step: &str, f: impl Future<Output = T>) -> T {
    let f = std::pin::pin!(f);
    let t = std::pin::pin!(gloo_timers::future::TimeoutFuture::new(ms));
    match futures::future::select(f, t).await {
        futures::future::Either::Left((v, _)) => v,
        futures::future::Either::Right(_) => panic!("{step}: nothing within {ms} ms"),
    }
}

/// The store's status changes as a stream.
fn statuses(s: &Store) -> (mpsc::UnboundedReceiver<Status>, plugwire::web::Listener) {
    let (tx, rx) = mpsc::unbounded();
    let l = s.on_status_change(move |st| {
        let _ = tx.unbounded_send(st);
    });
    (rx, l)
}

async fn wait_status(rx: &mut mpsc::UnboundedReceiver<Status>, want: Status, step: &str) {
    loop {
        let got = within(10_000, step, rx.next())
            .await
            .expect("listener alive");
        if got == want {
            return;
        }
    }
}

/// `GET`s or `POST`s a URL; the JSON answer (`null` for none).
async fn fetch(url: &str, body: Option<Value>) -> Value {
    let w = web_sys::window().expect("window");
    let init = web_sys::RequestInit::new();
    if let Some(b) = body {
        init.set_method("POST");
        init.set_body(&b.to_string().into());
        let h = web_sys::Headers::new().expect("headers");
        h.append("content-type", "application/json")
            .expect("header");
        init.set_headers(&h);
    }
    let r = within(
        5000,
        url,
        wasm_bindgen_futures::JsFuture::from(w.fetch_with_str_and_init(url, &init)),
    )
    .await
    .expect("request");
    let r: web_sys::Response = r.dyn_into().expect("a response");
    let text = within(
        5000,
        url,
        wasm_bindgen_futures::JsFuture::from(r.text().expect("text")),
    )
    .await
    .expect("body");
    serde_json::from_str(&text.as_string().unwrap_or_default()).unwrap_or(Value::Null)
}

/// `plugwire send`'s request: the number of clients the server delivered to.
async fn send(channel: &str, id: u32) -> u64 {
    let body = json!({"event": "BadgePrintJobCompleted", "channel": channel, "data": {"id": id}});
    let r = fetch(&format!("{}/emit", server("rooms")), Some(body)).await;
    r["clients"].as_u64().unwrap_or(0)
}

/// Sends until the server delivers to `want` clients (the subscription may still be on its
/// way); every try is an observable answer, and the attempts are bounded.
async fn send_until(channel: &str, id: u32, want: u64) -> u64 {
    let mut clients = u64::MAX;
    for _ in 0..60 {
        clients = send(channel, id).await;
        if clients == want {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(50).await;
    }
    clients
}

#[derive(Debug, Deserialize, PartialEq)]
struct Job {
    id: u32,
}

/// Ids received by a listener, and a stream that wakes a waiter.
type Got = Rc<RefCell<Vec<u32>>>;

fn collector() -> (Got, mpsc::UnboundedSender<()>, mpsc::UnboundedReceiver<()>) {
    let (tx, rx) = mpsc::unbounded();
    (Rc::default(), tx, rx)
}

#[wasm_bindgen_test]
async fn channels_are_isolated_and_primary_hears_every_channel() {
    let store = store();
    let (mut st, _s) = statuses(&store);
    let (p1, tx1, mut rx1) = collector();
    let (p2, tx2, mut rx2) = collector();
    let (all, txa, _rxa) = collector();
    let g = p1.clone();
    let _l1 = store.use_socket_listener(
        "badge_printer_1",
        "completed",
        move |j: Result<Job, _>, meta| {
            assert_eq!(meta.channel.as_deref(), Some(P1));
            g.borrow_mut().push(j.unwrap().id);
            let _ = tx1.unbounded_send(());
        },
    );
    let g = p2.clone();
    let _l2 = store.listen_socket(
        "badge_printer_2",
        "BadgePrintJobCompleted",
        move |j: Result<Job, _>, _| {
            g.borrow_mut().push(j.unwrap().id);
            let _ = tx2.unbounded_send(());
        },
    );
    let g = all.clone();
    let _la = store.listen_socket(
        "primary",
        "BadgePrintJobCompleted",
        move |j: Result<Job, _>, _| {
            g.borrow_mut().push(j.unwrap().id);
            let _ = txa.unbounded_send(());
        },
    );
    wait_status(&mut st, Status::Connected, "connected").await;
    assert_eq!(
        send_until(P1, 1, 1).await,
        1,
        "subscribed to badge_printer_1"
    );
    within(5000, "p1 receives", rx1.next()).await;
    assert_eq!(
        send_until(P2, 2, 1).await,
        1,
        "subscribed to badge_printer_2"
    );
    within(5000, "p2 receives", rx2.next()).await;
    assert_eq!(*p1.borrow(), vec![1]);
    assert_eq!(*p2.borrow(), vec![2]);
    assert_eq!(*all.borrow(), vec![1, 2]);
    let mut channels = store.channels();
    channels.sort();
    assert_eq!(channels, vec![P1.to_owned(), P2.to_owned()]);
    store.close();
}

#[wasm_bindgen_test]
async fn echo_driver_resubscribes_after_a_server_restart_and_unsubscribes_after_the_last_listener()
{
    let store = store();
    let (mut st, _s) = statuses(&store);
    let (got, tx, mut rx) = collector();
    let g = got.clone();
    let listener = store.use_socket_listener(
        "badge_printer_1",
        "completed",
        move |j: Result<Job, _>, _| {
            g.borrow_mut().push(j.unwrap().id);
            let _ = tx.unbounded_send(());
        },
    );
    wait_status(&mut st, Status::Connected, "connected").await;
    assert_eq!(send_until(P1, 1, 1).await, 1, "subscribed");
    within(5000, "first event", rx.next()).await;

    fetch(&format!("{}/stop", server("control")), None).await;
    wait_status(&mut st, Status::Disconnected, "disconnected").await;
    fetch(&format!("{}/start", server("control")), None).await;
    wait_status(&mut st, Status::Connected, "reconnected").await;
    assert_eq!(
        send_until(P1, 2, 1).await,
        1,
        "resubscribed after the restart"
    );
    within(5000, "event after the restart", rx.next()).await;
    assert_eq!(*got.borrow(), vec![1, 2]);

    drop(listener);
    assert!(store.channels().is_empty());
    assert_eq!(send_until(P1, 3, 0).await, 0, "unsubscribed on the server");
    assert_eq!(store.listener_count(), 0);
    store.close();
}

#[wasm_bindgen_test]
async fn simulate_inspect_state_and_shape_errors() {
    let store = store();
    let records = Rc::new(RefCell::new(Vec::new()));
    let r = records.clone();
    let _tap = store.inspect(move |rec| r.borrow_mut().push((rec.direction, rec.event.clone())));
    let errors = Rc::new(RefCell::new(0));
    let e = errors.clone();
    let _wrong = store.use_socket_listener(
        "badge_printer_1",
        "completed",
        move |j: Result<u32, PayloadError>, _| {
            assert!(matches!(j, Err(PayloadError::Shape(_))));
            *e.borrow_mut() += 1;
        },
    );
    let _state = store.listen_for_state_change(|_: Result<Value, _>, _| {});
    let reached = store.simulate("BadgePrintJobCompleted", json!({"id": 9}), Some(P1));
    assert_eq!(reached, vec!["badge_printer_1".to_owned()]);
    assert_eq!(
        *errors.borrow(),
        1,
        "the wrong shape reached the handler as an error"
    );
    assert!(store
        .simulate("BadgePrintJobCompleted", json!({"id": 9}), Some(P2))
        .is_empty());
    store.simulate("state-change", json!({"changes": {"theme": "dark"}}), None);
    assert_eq!(store.state().get("theme"), Some(&json!("dark")));
    store.update_state("count", json!(2));
    assert_eq!(store.state().get("count"), Some(&json!(2)));
    assert!(records
        .borrow()
        .contains(&(Direction::Simulated, "state-change".to_owned())));
    // Unknown names: no listener, no emit.
    let none = store.listen_socket("nope", "x", |_: Result<Value, _>, _| {});
    drop(none);
    assert_eq!(store.emit_socket("nope", "x", &1), Ok(false));
    assert_eq!(store.emit_socket("primary", "x", &1), Ok(true));
    store.load_manifest(Manifest::default());
    assert!(store.dependencies().is_empty());
    assert_eq!(store.listener_count(), 1, "only the primary listener stays");
    store.close();
    assert_eq!(store.listener_count(), 0);
}

#[wasm_bindgen_test]
async fn unavailable_when_no_server_answers() {
    let store = Store::new(StoreOptions {
        url: Some("http://127.0.0.1:9".into()),
        io: Options {
            reconnection: false,
            ..Options::default()
        },
        ..StoreOptions::default()
    })
    .unwrap();
    assert_eq!(store.connection_status(), Status::Connecting);
    let (mut st, _s) = statuses(&store);
    wait_status(&mut st, Status::Unavailable, "unavailable").await;
    store.close();
}
