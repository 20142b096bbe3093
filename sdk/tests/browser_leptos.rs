//! Browser test of the Leptos bindings (feature `leptos`) against the reference server:
//! signals follow the socket, and a disposed owner's listeners are removed.
#![cfg(target_arch = "wasm32")]

use std::future::Future;
use std::time::Duration;

use futures::StreamExt;
use leptos::prelude::*;
use plugwire::web::leptos::{use_connection_state, use_event};
use plugwire::web::{io, ConnectionState, Options, SocketEvent};
use serde_json::Value;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SERVERS: &str = match option_env!("PLUGWIRE_WEB_SERVERS") {
    Some(s) => s,
    None => "{}",
};

async fn within<T>(ms: u32, step: &str, f: impl Future<Output = T>) -> T {
    let f = std::pin::pin!(f);
    let t = std::pin::pin!(gloo_timers::future::TimeoutFuture::new(ms));
    match futures::future::select(f, t).await {
        futures::future::Either::Left((v, _)) => v,
        futures::future::Either::Right(_) => panic!("{step}: nothing within {ms} ms"),
    }
}

#[wasm_bindgen_test]
async fn signals_follow_the_socket_and_go_with_their_owner() {
    let servers: Value = serde_json::from_str(SERVERS).unwrap();
    let url = servers["main"].as_str().expect("server url");
    let socket = io(
        url,
        Options {
            force_new: true,
            reconnection_delay: Duration::from_millis(100),
            ..Options::default()
        },
    )
    .unwrap();
    let owner = Owner::new();
    let (state, burst) = owner.with(|| {
        (
            use_connection_state(&socket),
            use_event::<u32>(&socket, "burst"),
        )
    });
    // Listeners run in the order they were added: once this one hears `connect`, the
    // signal's (added first) has run.
    let (tx, mut rx) = futures::channel::mpsc::unbounded();
    let _l = socket.on_state(move |e| {
        let _ = tx.unbounded_send(e.clone());
    });
    assert_eq!(
        within(5000, "connect", rx.next()).await,
        Some(SocketEvent::Connect)
    );
    assert_eq!(state.get_untracked(), ConnectionState::Connected);
    // The server sends the burst before its ack: when the ack is in, so is the last value.
    let n: u32 = within(5000, "burst", socket.emit_with_ack("burst", &3))
        .await
        .unwrap();
    assert_eq!(n, 3);
    assert_eq!(burst.get_untracked(), Some(2));
    assert!(socket.has_listeners("burst"));
    drop(owner);
    assert!(
        !socket.has_listeners("burst"),
        "the owner's listener is removed"
    );
    socket.disconnect();
}
