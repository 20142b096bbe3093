//! The Event Log: every event in and out, filtered by text, direction, socket and event; a row
//! opens (click, Enter or Space) on its payload as a JSON tree, with copy, resend and edit;
//! the session can be exported, imported and replayed into the page.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::json::{pretty, values};
use crate::prefs::{Draft, Mode};
use crate::record::{clock, Direction, EventRecord, Filter, Session};
use crate::send::{describe, send, Kind};
use crate::state::{use_state, AppState};
use crate::ui::tree::JsonTree;

/// A draft that sends `r` again the way it first went.
fn draft_of(r: &EventRecord, socket: String) -> Draft {
    let spread = r.args.len() != 1;
    Draft {
        event: r.event.clone(),
        channel: r.channel.clone().unwrap_or_default(),
        socket,
        payload: pretty(&r.text),
        original: String::new(),
        mode: match r.direction {
            Direction::Out => Mode::Emit,
            Direction::Simulated => Mode::Local,
            _ => Mode::Server,
        },
        ack: false,
        spread,
    }
    .with_original()
}

impl Draft {
    fn with_original(mut self) -> Draft {
        self.original = self.payload.clone();
        self
    }
}

/// The page's socket a record went through ("primary" for the store's dependencies).
fn socket_of(state: AppState, r: &EventRecord) -> String {
    let dep = state
        .deps
        .with_untracked(|d| d.iter().any(|d| d.identifier == r.socket));
    if dep {
        "primary".into()
    } else {
        r.socket.clone()
    }
}

/// Replays the shown events that reached the page (in, simulated) into it, in order.
fn replay(state: AppState, list: &[EventRecord]) -> String {
    let hub = state.hub.get_value();
    let mut done = 0;
    for r in list
        .iter()
        .filter(|r| matches!(r.direction, Direction::In | Direction::Simulated))
    {
        let ch = r.channel.clone().unwrap_or_default();
        if hub
            .inject(&socket_of(state, r), &r.event, &values(&r.args), &ch)
            .is_ok()
        {
            done += 1;
        }
    }
    format!(
        "Replayed {done} event{} into the page at {}.",
        if done == 1 { "" } else { "s" },
        clock()
    )
}

/// The log tab.
#[component]
pub fn EventLog() -> impl IntoView {
    let state = use_state();
    let records = state.records;
    let filter = state.filter;
    let expanded = state.expanded;
    let status = RwSignal::new(String::new());
    let shown = Memo::new(move |_| {
        filter.with(|f| {
            records.with(|list| {
                list.iter()
                    .rev()
                    .filter(|r| f.matches(r))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    });
    let distinct = move |field: fn(&EventRecord) -> &String| {
        Memo::new(move |_| {
            let mut v: Vec<String> = records.with(|l| l.iter().map(|r| field(r).clone()).collect());
            v.sort();
            v.dedup();
            v
        })
    };
    let sockets = distinct(|r| &r.socket);
    let events = distinct(|r| &r.event);
    let export = move |_| {
        let text = records.with_untracked(|r| Session::export(r));
        state
            .hub
            .with_value(|h| h.download("plugwire-session.json", &text));
        status.set(format!(
            "Exported {} records.",
            records.with_untracked(|r| r.len())
        ));
    };
    let import = move |_| {
        let hub = state.hub.get_value();
        spawn_local(async move {
            let result = match hub.pick_file().await {
                Ok(text) => Session::import(&text, crate::state::LOG_CAP, |n| state.reserve(n)),
                Err(e) => Err(format!("Import failed: {e}")),
            };
            match result {
                Ok(list) => {
                    status.set(format!(
                        "Imported {} records: Replay sends them into the page.",
                        list.len()
                    ));
                    records.set(list);
                }
                Err(e) => status.set(e),
            }
        });
    };
    let select = move |label: &'static str,
                       options: Memo<Vec<String>>,
                       get: fn(&Filter) -> String,
                       set: fn(&mut Filter, String)| {
        view! {
            <select aria-label=label prop:value=move || filter.with(get)
                on:change=move |e| { let v = event_target_value(&e); filter.update(|f| set(f, v)) }>
                <option value="">{format!("all {label}s")}</option>
                {move || options.get().into_iter().map(|o| view! { <option value=o.clone() selected=move || filter.with(get) == o>{o.clone()}</option> }).collect_view()}
            </select>
        }
    };
    let directions = Memo::new(|_| {
        Direction::ALL
            .iter()
            .map(|d| d.key().to_owned())
            .collect::<Vec<_>>()
    });
    view! {
        <section class="log" aria-label="Event Log">
            <div class="row toolbar">
                <input class="grow" aria-label="filter" placeholder="filter: event, channel, payload…"
                    prop:value=move || filter.with(|f| f.text.clone())
                    on:input=move |e| { let v = event_target_value(&e); filter.update(|f| f.text = v) }/>
                {select("direction", directions, |f| f.direction.map_or("", |d| d.key()).to_owned(), |f, v| f.direction = Direction::from_key(&v))}
                {select("socket", sockets, |f| f.socket.clone(), |f, v| f.socket = v)}
                {select("event", events, |f| f.event.clone(), |f, v| f.event = v)}
            </div>
            <div class="row toolbar">
                <button aria-pressed=move || state.paused.get().to_string() on:click=move |_| state.paused.update(|p| *p = !*p)>
                    {move || if state.paused.get() { "Resume" } else { "Pause" }}
                </button>
                <button on:click=move |_| records.set(Vec::new())>"Clear"</button>
                <button on:click=export>"Export"</button>
                <button on:click=import>"Import"</button>
                <button title="Deliver the shown in and simulated events into the page again, in order"
                    on:click=move |_| status.set(replay(state, &shown.get_untracked().into_iter().rev().collect::<Vec<_>>()))>"Replay"</button>
                <span class="count">{move || format!("{} / {} events", shown.with(|s| s.len()), records.with(|r| r.len()))}</span>
                <span class="muted" role="status">{move || status.get()}</span>
            </div>
            <table>
                <colgroup><col class="c-time"/><col class="c-dir"/><col class="c-socket"/><col class="c-event"/><col class="c-channel"/><col class="c-size"/></colgroup>
                <thead><tr><th>"time"</th><th>"dir"</th><th>"socket"</th><th>"event"</th><th>"channel"</th><th class="num">"size"</th></tr></thead>
                <tbody>
                    // Rows are rebuilt in place by position, not keyed by id: `<For>`'s keyed
                    // diffing cost 6.7 KB of the overlay's gzipped size, over its cap. A row's
                    // expansion follows its record (by id), not its position, and so does its
                    // keyboard focus (`data-id`, see `keepRowFocus` in pkg/devtools.js).
                    {move || shown.get().into_iter().map(|r| view! { <Row r=r expanded=expanded status=status/> }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// One record, and its details when expanded.
#[component]
fn Row(r: EventRecord, expanded: RwSignal<Option<u64>>, status: RwSignal<String>) -> impl IntoView {
    let id = r.id;
    let open = Memo::new(move |_| expanded.get() == Some(id));
    let toggle = move || expanded.update(|e| *e = if *e == Some(id) { None } else { Some(id) });
    let r = StoredValue::new(r);
    let get = move |f: fn(&EventRecord) -> String| r.with_value(f);
    view! {
        <tr class="entry" data-id=id.to_string() data-direction=get(|r| r.direction.key().into()) tabindex="0"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| toggle()
            on:keydown=move |e: web_sys::KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    toggle();
                }
            }>
            <td>{get(|r| r.clock())}</td>
            <td class="dir">{get(|r| r.direction.key().into())}</td>
            <td title=get(|r| r.socket.clone())>{get(|r| r.socket.clone())}</td>
            <td class="event" title=get(|r| r.event.clone())>{get(|r| r.event.clone())}</td>
            <td title=get(|r| r.channel.clone().unwrap_or_default())>{get(|r| r.channel.clone().unwrap_or_else(|| "—".into()))}</td>
            <td class="num">{get(|r| format!("{} B", r.text.len()))}</td>
        </tr>
        {move || open.get().then(|| view! {
            <tr class="payload"><td colspan="6"><Details r=r.get_value() status=status/></td></tr>
        })}
    }
}

/// An expanded record: who received it, its payload, and what can be done with it.
#[component]
fn Details(r: EventRecord, status: RwSignal<String>) -> impl IntoView {
    let state = use_state();
    let deps = state.deps.get_untracked();
    let reached = r.listeners.clone().map(|list| {
        if list.is_empty() {
            "Received by no listener in this page.".to_owned()
        } else {
            format!(
                "Received by: {}",
                list.iter()
                    .map(|l| describe(l, &r.event, &deps))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        }
    });
    let text = pretty(&r.text);
    let copy = move |_| {
        let hub = state.hub.get_value();
        let text = text.clone();
        spawn_local(async move {
            status.set(match hub.copy(&text).await {
                Ok(()) => "Payload copied to the clipboard.".into(),
                Err(e) => format!("Copy failed: {e}"),
            });
        });
    };
    let resendable = r.direction != Direction::Error;
    let draft = draft_of(&r, socket_of(state, &r));
    let again = draft.clone();
    let resend = move |_| {
        let d = again.clone();
        spawn_local(async move {
            let o = send(state, d).await;
            status.set(if o.kind == Kind::Err {
                o.text
            } else {
                format!("Resent: {}", o.text)
            });
        });
    };
    view! {
        <div class="details">
            <div class="row">
                <button on:click=copy>"Copy"</button>
                {resendable.then(|| view! { <button title="Send it again the way it went" on:click=resend.clone()>"Resend"</button> })}
                <button on:click={ let d = draft.clone(); move |_| state.edit(d.clone()) }>"Edit in simulator"</button>
                <span class="muted">{reached}</span>
            </div>
            <JsonTree text=r.text.clone()/>
        </div>
    }
}
