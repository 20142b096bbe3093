//! The Connection tab: one card per socket (status, URL, transport, id, round trip, heartbeat,
//! reconnections and errors — current ones apart from those before the last reconnect), then
//! the store's channels, listeners and dependencies.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::conn::{ConnState, Stamped};
use crate::js::{self, Interval};
use crate::page::{entries, SocketFacts};
use crate::record::clock_at;
use crate::server;
use crate::state::use_state;

/// Seconds, with one decimal, from milliseconds (integer arithmetic: no float formatting).
fn seconds(ms: f64) -> String {
    let tenths = (ms.max(0.0) / 100.0).round() as u64;
    format!("{}.{} s", tenths / 10, tenths % 10)
}

fn stamped(e: &Option<Stamped>) -> Option<String> {
    e.as_ref()
        .map(|e| format!("{} at {}", e.message, clock_at(e.time)))
}

/// The Connection tab.
#[component]
pub fn Connection() -> impl IntoView {
    let state = use_state();
    // The round trip of every connected socket, every 2 s (and at once).
    let measure = move || {
        for s in state.hub.with_value(|h| h.sockets()) {
            spawn_local(async move {
                let rtt = server::ping(&s.socket).await;
                state.conns.update(&s.name, |c| c.rtt = rtt);
            });
        }
    };
    measure();
    let timer = StoredValue::new_local(Interval::new(2000, measure));
    on_cleanup(move || timer.set_value(None));
    view! {
        <section class="connection cards" aria-label="Connection">
            {move || state.sockets.get().into_iter().map(|name| view! { <SocketCard name=name/> }).collect_view()}
            {state.hub.with_value(|h| h.store().is_some()).then(|| view! { <StoreFacts/> })}
        </section>
    }
}

/// A table of facts, rebuilt as a whole when any of them changes (one reactive node per table,
/// not one per row).
fn facts(rows: impl Fn() -> Vec<(&'static str, String)> + Send + Sync + 'static) -> impl IntoView {
    view! {
        <table class="facts"><tbody>
            {move || rows().into_iter().map(|(label, value)| view! { <tr><th scope="row">{label}</th><td>{value}</td></tr> }).collect_view()}
        </tbody></table>
    }
}

/// One socket's connection.
#[component]
fn SocketCard(name: String) -> impl IntoView {
    let state = use_state();
    let key = name.clone();
    let now = Memo::new(move |_| {
        state.now.track();
        let store = state.hub.with_value(|h| h.store());
        let f = state
            .socket(&key)
            .map(|s| s.facts(store.as_ref()))
            .unwrap_or_default();
        let c = state
            .conns
            .list
            .with(|l| l.iter().find(|c| c.name == key).cloned())
            .unwrap_or_default();
        (f, c)
    });
    let status = move || now.with(|(f, _)| f.status.clone());
    view! {
        <div class="card">
            <h3>{name}" "<span class="status" data-status=status>{status}</span></h3>
            {facts(move || now.with(|(f, c)| lines(f, c, state.now.get_untracked())))}
        </div>
    }
}

/// What the card says: the facts now, and the history kept true across reconnects.
fn lines(f: &SocketFacts, c: &ConnState, now: f64) -> Vec<(&'static str, String)> {
    let connected = f.status == "connected";
    vec![
        ("URL", f.url.clone()),
        ("transport", f.transport.clone()),
        ("socket id", f.sid.clone()),
        (
            "ping round trip",
            match (connected, c.rtt) {
                (false, _) => "n/a (not connected)".into(),
                (true, None) => "measuring… (plugwire:ping)".into(),
                (true, Some(ms)) => format!("{ms} ms (plugwire:ping)"),
            },
        ),
        (
            "last heartbeat",
            c.last_ping.map_or_else(
                || "none yet".into(),
                |t| format!("{} ago", seconds(now - t)),
            ),
        ),
        (
            "connected since",
            match (connected, c.connected_at) {
                (false, _) => "not connected".into(),
                (true, None) => "before the overlay opened".into(),
                (true, Some(t)) => clock_at(t),
            },
        ),
        (
            "reconnect attempts",
            if c.attempts == 0 && c.attempts_before > 0 {
                format!("0 ({} before the last reconnect)", c.attempts_before)
            } else {
                c.attempts.to_string()
            },
        ),
        ("reconnects", c.reconnects.to_string()),
        (
            "last error",
            stamped(&c.error).unwrap_or_else(|| match stamped(&c.error_before) {
                Some(e) => format!("none since connected (before: {e})"),
                None => "none".into(),
            }),
        ),
    ]
}

/// The store's subscriptions, listeners and dependencies.
#[component]
fn StoreFacts() -> impl IntoView {
    let state = use_state();
    let store = move |key: &'static str| {
        state.now.track();
        state
            .hub
            .with_value(|h| h.store().map(|s| js::get(&s, key)))
            .unwrap_or(wasm_bindgen::JsValue::UNDEFINED)
    };
    let channels = move || {
        js_sys::Array::from(&store("channels"))
            .iter()
            .filter_map(|c| c.as_string())
            .collect::<Vec<_>>()
    };
    let counts = move || {
        let parts: Vec<String> = entries(&store("listenerCounts"))
            .into_iter()
            .map(|(k, v)| format!("{k} {}", v.as_f64().unwrap_or(0.0) as u32))
            .collect();
        format!(
            "{} ({})",
            store("listenerCount").as_f64().unwrap_or(0.0) as u32,
            if parts.is_empty() {
                "none".into()
            } else {
                parts.join(", ")
            }
        )
    };
    let rows = move || {
        let subscribed = channels();
        let deps: Vec<String> = state.deps.with(|deps| {
            deps.iter()
                .map(|d| {
                    let on = if subscribed.contains(&d.channel) {
                        ", subscribed"
                    } else {
                        ""
                    };
                    format!("{} ({}{on})", d.identifier, d.channel)
                })
                .collect()
        });
        let list = |v: &[String]| {
            if v.is_empty() {
                "none".to_owned()
            } else {
                v.join(", ")
            }
        };
        vec![
            ("subscribed channels", list(&subscribed)),
            ("store listeners", counts()),
            ("dependencies", list(&deps)),
        ]
    };
    view! {
        <div class="card wide">
            <h3>"store"</h3>
            {facts(rows)}
        </div>
    }
}
