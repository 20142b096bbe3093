//! What the Rust API's browser tests share: the servers `tests/run-browser.mjs` started (their
//! URLs compiled in), waits with deadlines that name their step, and event streams.
#![allow(dead_code)] // each test crate uses its own part

use std::future::Future;
use std::time::Duration;

use futures::channel::mpsc;
use futures::StreamExt;
use plugwire::web::{io, ManagerEvent, Options, Socket, SocketEvent};
use serde_json::Value;

/// The servers' URLs, as `tests/run-browser.mjs` started them (compiled in).
pub const SERVERS: &str = match option_env!("PLUGWIRE_WEB_SERVERS") {
    Some(s) => s,
    None => "{}",
};

pub fn server(name: &str) -> String {
    let all: Value = serde_json::from_str(SERVERS).expect("server list");
    all[name].as_str().expect("server url").to_owned()
}

/// Awaits `f`, or fails the test naming `step` after `ms`.
pub async fn within<T>(ms: u32, step: &str, f: impl Future<Output = T>) -> T {
    let f = std::pin::pin!(f);
    let t = std::pin::pin!(gloo_timers::future::TimeoutFuture::new(ms));
    match futures::future::select(f, t).await {
        futures::future::Either::Left((v, _)) => v,
        futures::future::Either::Right(_) => panic!("{step}: nothing within {ms} ms"),
    }
}

/// A socket's connection events, in order, as a stream (the listener lives with it).
pub struct States {
    rx: mpsc::UnboundedReceiver<SocketEvent>,
    _l: plugwire::web::Listener,
}

impl States {
    pub fn of(s: &Socket) -> States {
        let (tx, rx) = mpsc::unbounded();
        let l = s.on_state(move |e| {
            let _ = tx.unbounded_send(e.clone());
        });
        States { rx, _l: l }
    }

    pub async fn next(&mut self, step: &str) -> SocketEvent {
        within(5000, step, self.rx.next())
            .await
            .expect("listener alive")
    }
}

/// A manager's events as a stream.
pub fn manager_events(
    s: &Socket,
) -> (
    mpsc::UnboundedReceiver<ManagerEvent>,
    plugwire::web::Listener,
) {
    let (tx, rx) = mpsc::unbounded();
    let l = s.manager().on_event(move |e| {
        let _ = tx.unbounded_send(e.clone());
    });
    (rx, l)
}

pub fn fresh() -> Options {
    Options {
        force_new: true,
        reconnection_delay: Duration::from_millis(100),
        reconnection_delay_max: Duration::from_millis(200),
        ..Options::default()
    }
}

pub async fn connected(url: &str, opts: Options) -> (Socket, States) {
    let s = io(url, opts).expect("io()");
    let mut states = States::of(&s);
    assert_eq!(states.next("connect").await, SocketEvent::Connect);
    (s, states)
}

pub async fn get(url: &str) {
    let w = web_sys::window().expect("window");
    within(
        5000,
        url,
        wasm_bindgen_futures::JsFuture::from(w.fetch_with_str(url)),
    )
    .await
    .expect("control request");
}
