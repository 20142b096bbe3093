//! The dashboard: model types first, then the one place that talks to plugwire, then the
//! components.

use leptos::prelude::*;
use serde::Deserialize;

/// An `AttendeeCheckedIn` event's data (the fields the dashboard shows).
#[cfg_attr(feature = "baseline", allow(dead_code))]
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct CheckIn {
    attendee_name: String,
    badge_number: String,
}

/// A `BadgePrintJobCompleted` event's data.
#[cfg_attr(feature = "baseline", allow(dead_code))]
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct BadgeJob {
    attendee_name: String,
    status: String,
}

/// A row of a list: what happened, and where it came from (`kiosk_2 · private.CheckIn.kiosk_2`).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    text: String,
    meta: String,
}

/// What the page shows, as signals.
#[derive(Clone, Copy)]
struct Live {
    /// `connecting`, `connected`, `disconnected`, `unavailable`, or `error`.
    status: Signal<&'static str>,
    checkins: ReadSignal<Vec<Row>>,
    badges: ReadSignal<Vec<Row>>,
}

/// The socket server: `?socket=` of the page's URL.
fn socket_param() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get("socket")
}

fn meta_of(meta: &plugwire::web::Meta) -> String {
    let channel = meta.channel.clone().unwrap_or_default();
    let identifier = channel.rsplit('.').next().unwrap_or_default().to_owned();
    format!("{identifier} · {channel}")
}

/// The store and its listeners; they live as long as the page (the owner of `App`).
#[cfg(not(feature = "baseline"))]
fn connect() -> Live {
    use plugwire::web::{leptos::use_store_status, Manifest, Store, StoreOptions};

    let (checkins, set_checkins) = signal(Vec::<Row>::new());
    let (badges, set_badges) = signal(Vec::<Row>::new());
    let manifest: Result<Manifest, _> = serde_json::from_str(include_str!("../www/manifest.json"));
    let store = manifest.map_err(|e| e.to_string()).and_then(|manifest| {
        Store::new(StoreOptions {
            url: socket_param(),
            manifest,
            ..StoreOptions::default()
        })
        .map_err(|e| e.to_string())
    });
    let store = match store {
        Ok(s) => s,
        Err(e) => {
            web_sys::console::error_1(&format!("plugwire failed to start: {e}").into());
            return Live {
                status: Signal::derive(|| "error"),
                checkins,
                badges,
            };
        }
    };
    let status = use_store_status(&store);
    for kiosk in ["kiosk_1", "kiosk_2"] {
        store
            .use_socket_listener(kiosk, "checkedIn", move |c: Result<CheckIn, _>, meta| {
                let Ok(c) = c else { return };
                let row = Row {
                    text: format!("{} — badge {}", c.attendee_name, c.badge_number),
                    meta: meta_of(meta),
                };
                set_checkins.update(|rows| rows.insert(0, row));
            })
            .forget();
    }
    store
        .use_socket_listener(
            "badge_printer_1",
            "completed",
            move |j: Result<BadgeJob, _>, meta| {
                let Ok(j) = j else { return };
                let row = Row {
                    text: format!("{}: {}", j.attendee_name, j.status),
                    meta: meta_of(meta),
                };
                set_badges.update(|rows| rows.insert(0, row));
            },
        )
        .forget();
    // The store lives with the page.
    std::mem::forget(store);
    Live {
        status: Signal::derive(move || status.get().as_str()),
        checkins,
        badges,
    }
}

/// The same page without plugwire (for the size measurement).
#[cfg(feature = "baseline")]
fn connect() -> Live {
    let (checkins, _) = signal(Vec::<Row>::new());
    let (badges, _) = signal(Vec::<Row>::new());
    let _ = (
        socket_param(),
        meta_of as fn(&plugwire::web::Meta) -> String,
    );
    Live {
        status: Signal::derive(|| "connecting"),
        checkins,
        badges,
    }
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let live = connect();
    view! {
        <header>
            <h1>"Event day dashboard " <small>"Leptos, on plugwire's Rust API"</small></h1>
            <p id="status" data-state=move || live.status.get()>{move || live.status.get()}</p>
        </header>
        <main>
            <section id="checkins">
                <h2>"Live check-ins"</h2>
                <p class="hint">"Kiosks " <code>"kiosk_1"</code> " and " <code>"kiosk_2"</code> " — try "
                    <code>"npm run plugwire -- send --event AttendeeCheckedIn --identifier kiosk_2"</code></p>
                <Rows id="checkin-list" rows=live.checkins />
            </section>
            <section id="badges">
                <h2>"Badge printer " <code>"badge_printer_1"</code></h2>
                <Rows id="badge-jobs" rows=live.badges />
            </section>
        </main>
    }
}

/// A live list, newest first.
#[component]
fn Rows(id: &'static str, rows: ReadSignal<Vec<Row>>) -> impl IntoView {
    view! {
        <ul id=id aria-live="polite">
            {move || rows.get().into_iter().map(|r| view! {
                <li><strong>{r.text}</strong><div class="meta">{r.meta}</div></li>
            }).collect_view()}
        </ul>
    }
}
