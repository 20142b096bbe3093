//! The Socket Simulator: an event (free text, with completion), its channel and dependency kept
//! in step, the payload editor, where to send it, and what happened.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::json::{pretty, validate};
use crate::prefs::{self, Choice, Draft, Mode, Saved};
use crate::record::{clock, Direction};
use crate::send::{send, Outcome};
use crate::state::{use_state, AppState};

/// Where an event name in the completion list comes from.
#[derive(Clone, PartialEq)]
struct Known {
    name: String,
    source: &'static str,
}

/// The completion list: dev server templates, the manifest's events, events seen.
fn known(state: AppState) -> Vec<Known> {
    let mut out: Vec<Known> = Vec::new();
    let mut push = |n: &str, source: &'static str| {
        if !n.is_empty() && !out.iter().any(|k| k.name == n) {
            out.push(Known {
                name: n.to_owned(),
                source,
            });
        }
    };
    state
        .templates
        .with(|t| t.iter().for_each(|t| push(&t.event, "template")));
    state.deps.with(|d| {
        d.iter()
            .flat_map(|d| d.events.iter())
            .for_each(|(_, n)| push(n, "manifest"))
    });
    state.records.with(|r| {
        r.iter()
            .filter(|r| matches!(r.direction, Direction::In | Direction::Simulated))
            .for_each(|r| push(&r.event, "seen"))
    });
    out
}

/// Fills the channel and payload for a known event: its template, its dependency, or the last
/// time it was seen.
fn apply_known(state: AppState, d: &mut Draft) {
    let name = d.event.clone();
    let (channel, payload) = if let Some(t) = state
        .templates
        .with_untracked(|t| t.iter().find(|t| t.event == name).cloned())
    {
        (t.channel.unwrap_or_default(), pretty(&t.data))
    } else {
        let dep = state.deps.with_untracked(|deps| {
            deps.iter()
                .find(|d| d.events.iter().any(|(_, n)| *n == name))
                .map(|d| d.channel.clone())
        });
        let seen = state.records.with_untracked(|r| {
            r.iter()
                .rev()
                .find(|r| r.event == name)
                .map(|r| (r.channel.clone(), pretty(&r.text)))
        });
        let channel = dep
            .or_else(|| seen.as_ref().and_then(|s| s.0.clone()))
            .unwrap_or_default();
        (channel, seen.map_or_else(|| "{}".into(), |s| s.1))
    };
    d.channel = channel;
    d.original = payload.clone();
    d.payload = payload;
}

/// The simulator tab.
#[component]
pub fn Simulator() -> impl IntoView {
    let state = use_state();
    let outcome = state.outcome;
    let sending = RwSignal::new(false);
    let history = RwSignal::new(prefs::load::<Vec<Saved>>("history"));
    let draft = state.draft;
    let error = Memo::new(move |_| draft.with(|d| validate(&d.payload)));
    let outcome_ref = NodeRef::<leptos::html::P>::new();

    let run = move || {
        if sending.get_untracked() {
            return;
        }
        let d = draft.get_untracked();
        sending.set(true);
        outcome.set(Some(Outcome::pending(&d.event)));
        spawn_local(async move {
            let o = send(state, d.clone()).await;
            sending.set(false);
            if o.kind != crate::send::Kind::Err {
                history.update(|h| {
                    h.retain(|x| {
                        !(x.event == d.event && x.channel == d.channel && x.payload == d.payload)
                    });
                    h.insert(
                        0,
                        Saved {
                            name: clock(),
                            event: d.event.clone(),
                            channel: d.channel.clone(),
                            payload: d.payload.clone(),
                        },
                    );
                    h.truncate(20);
                    prefs::save("history", h);
                });
            }
            outcome.set(Some(o));
            // The confirmation must be seen, whatever the panel's height.
            if let Some(p) = outcome_ref.get_untracked() {
                p.scroll_into_view_with_bool(false);
            }
        });
    };

    view! {
        <section class="simulator" aria-label="Socket Simulator">
            <div class="sim-form">
                <EventFields/>
                <p class="note warn" hidden=move || state.templates_note.with(|n| n.is_none())>{move || state.templates_note.get().unwrap_or_default()}</p>
                <label class="field">"Payload (JSON) — Ctrl+Enter sends"
                    <textarea aria-label="payload" spellcheck="false" rows="7"
                        class:invalid=move || error.get().is_some()
                        prop:value=move || draft.with(|d| d.payload.clone())
                        on:input=move |e| { let v = event_target_value(&e); draft.update(|d| d.payload = v) }
                        on:keydown=move |e: web_sys::KeyboardEvent| {
                            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                                e.prevent_default();
                                if error.get_untracked().is_some() {
                                    outcome.set(Some(Outcome::error(format!("Invalid JSON: {}", error.get_untracked().unwrap_or_default()))));
                                } else {
                                    run();
                                }
                            }
                        }></textarea>
                </label>
                <p class="json-error" role="alert">{move || error.get().map(|e| format!("Invalid JSON: {e}")).unwrap_or_default()}</p>
                <SendBar error=error sending=sending run=run/>
            </div>
            <div class="sim-side">
                <p class="outcome" role="status" node_ref=outcome_ref
                    data-kind=move || outcome.with(|o| o.as_ref().map_or("", |o| o.kind.key()))>
                    {move || outcome.with(|o| o.as_ref().map(|o| o.text.clone()).unwrap_or_else(|| "Nothing sent yet.".into()))}
                </p>
                <ul class="reached" aria-label="listeners that received it">
                    {move || outcome.with(|o| o.as_ref().map(|o| o.reached.clone()).unwrap_or_default())
                        .into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                </ul>
                <pre class="answer" aria-label="ack answer" hidden=move || outcome.with(|o| o.as_ref().is_none_or(|o| o.answer.is_none()))>
                    {move || outcome.with(|o| o.as_ref().and_then(|o| o.answer.clone()).unwrap_or_default())}
                </pre>
                <Library history=history run=run/>
            </div>
        </section>
    }
}

/// Event (with completion), channel, dependency and socket.
#[component]
fn EventFields() -> impl IntoView {
    let state = use_state();
    let draft = state.draft;
    let dependency = move || {
        let ch = draft.with(|d| d.channel.trim().to_owned());
        state.deps.with(|deps| {
            deps.iter()
                .find(|d| d.channel == ch)
                .map(|d| d.identifier.clone())
                .unwrap_or_default()
        })
    };
    let pick_event = move |name: String| {
        let is_known = untrack(|| known(state)).iter().any(|k| k.name == name);
        draft.update(|d| {
            let changed = d.event != name;
            d.event = name;
            if is_known && changed {
                apply_known(state, d);
            }
        });
    };
    let pick_dependency = move |id: String| {
        if let Some(ch) = state.deps.with_untracked(|deps| {
            deps.iter()
                .find(|d| d.identifier == id)
                .map(|d| d.channel.clone())
        }) {
            draft.update(|d| d.channel = ch);
        }
    };
    // The draft's socket, or the first when it names none of this page's.
    let socket = move || {
        let name = draft.with(|d| d.socket.clone());
        state.sockets.with(|s| {
            if s.contains(&name) {
                name
            } else {
                s.first().cloned().unwrap_or_default()
            }
        })
    };
    let show_sockets = Memo::new(move |_| {
        state.sockets.with(|s| s.len() > 1) || state.hub.with_value(|h| h.store().is_none())
    });
    view! {
        <div class="row">
            <label class="field grow">"Event"
                <input aria-label="event" list="pw-events" placeholder="type or pick an event" autocomplete="off"
                    prop:value=move || draft.with(|d| d.event.clone())
                    on:input=move |e| pick_event(event_target_value(&e))/>
                <datalist id="pw-events">
                    {move || known(state).into_iter().map(|k| view! { <option value=k.name label=k.source></option> }).collect_view()}
                </datalist>
            </label>
            <label class="field grow">"Channel"
                <input aria-label="channel" placeholder="private.Model.identifier (empty: none)"
                    prop:value=move || draft.with(|d| d.channel.clone())
                    on:input=move |e| { let v = event_target_value(&e); draft.update(|d| d.channel = v) }/>
            </label>
            <label class="field" hidden=move || state.deps.with(|d| d.is_empty())>"Dependency"
                    <select aria-label="dependency" prop:value=dependency
                        on:change=move |e| pick_dependency(event_target_value(&e))>
                        <option value="">"— none —"</option>
                        {move || state.deps.get().into_iter().map(|d| view! {
                            <option value=d.identifier.clone() selected=move || dependency() == d.identifier>{d.identifier.clone()}</option>
                        }).collect_view()}
                    </select>
            </label>
            <label class="field" hidden=move || !show_sockets.get()>"Socket"
                    <select aria-label="socket" prop:value=socket
                        on:change=move |e| { let v = event_target_value(&e); draft.update(|d| d.socket = v) }>
                        {move || state.sockets.get().into_iter().map(|s| view! { <option value=s.clone() selected=move || socket() == s>{s.clone()}</option> }).collect_view()}
                    </select>
            </label>
        </div>
    }
}

/// Beautify, Reset, the mode, the ack and arguments options, Send.
#[component]
fn SendBar(
    error: Memo<Option<String>>,
    sending: RwSignal<bool>,
    run: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let draft = use_state().draft;
    let emit = Memo::new(move |_| draft.with(|d| d.mode == Mode::Emit));
    view! {
        <div class="row actions">
            <button on:click=move |_| draft.update(|d| d.payload = pretty(&d.payload)) disabled=move || error.get().is_some()>"Beautify"</button>
            <button on:click=move |_| draft.update(|d| d.payload = d.original.clone())>"Reset to template"</button>
            <span class="spacer"></span>
            <div class="modes" role="radiogroup" aria-label="send mode">
                {Mode::ALL.iter().map(|&m| view! {
                    <label class="radio"><input type="radio" name="mode" value=m.key()
                        prop:checked=move || draft.with(|d| d.mode == m)
                        on:change=move |_| draft.update(|d| d.mode = m)/>{m.label()}</label>
                }).collect_view()}
            </div>
            <span class="modes" hidden=move || !emit.get()>
                <label class="radio"><input type="checkbox" aria-label="wait for ack" prop:checked=move || draft.with(|d| d.ack)
                    on:change=move |e| { let on = event_target_checked(&e); draft.update(|d| d.ack = on) }/>"ack"</label>
                <label class="radio" title="The payload is a JSON array: each element is one argument"><input type="checkbox" aria-label="several arguments"
                    prop:checked=move || draft.with(|d| d.spread)
                    on:change=move |e| { let on = event_target_checked(&e); draft.update(|d| d.spread = on) }/>"args array"</label>
            </span>
            <button class="primary" aria-label="Send" on:click=move |_| run()
                disabled=move || error.get().is_some() || draft.with(|d| d.event.trim().is_empty()) || sending.get()>"Send"</button>
        </div>
    }
}

/// Saved payloads and the send history.
#[component]
fn Library(
    history: RwSignal<Vec<Saved>>,
    run: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let state = use_state();
    let draft = state.draft;
    let saved = RwSignal::new(prefs::load::<Vec<Saved>>("saved"));
    let name = RwSignal::new(String::new());
    let load = move |x: Saved| {
        draft.update(|d| {
            d.event = x.event;
            d.channel = x.channel;
            d.original = x.payload.clone();
            d.payload = x.payload;
        })
    };
    let save = move |_| {
        let n = name.get_untracked().trim().to_owned();
        let d = draft.get_untracked();
        if n.is_empty() || validate(&d.payload).is_some() {
            return;
        }
        saved.update(|list| {
            list.retain(|x| x.name != n);
            list.push(Saved {
                name: n.clone(),
                event: d.event,
                channel: d.channel,
                payload: d.payload,
            });
            prefs::save("saved", list);
        });
        name.set(String::new());
    };
    view! {
        <div class="lists">
            <div class="saved">
                <h3>"Saved payloads"</h3>
                <div class="row">
                    <input class="grow" aria-label="save as" placeholder="name" prop:value=move || name.get() on:input=move |e| name.set(event_target_value(&e))/>
                    <button on:click=save disabled=move || name.with(|n| n.trim().is_empty())>"Save"</button>
                </div>
                <ul>
                    {move || saved.get().into_iter().map(|x| view! {
                        <li class="item">
                            <button class="link" title="Load into the editor" on:click={ let x = x.clone(); move |_| load(x.clone()) }>{x.name.clone()}</button>
                            <span class="muted">{x.event.clone()}</span>
                            <button aria-label=format!("delete {}", x.name) on:click={ let n = x.name.clone(); move |_| saved.update(|l| { l.retain(|y| y.name != n); prefs::save("saved", l); }) }>"×"</button>
                        </li>
                    }).collect_view()}
                </ul>
            </div>
            <div class="history">
                <h3>"History"</h3>
                <ul>
                    {move || history.get().into_iter().map(|x| view! {
                        <li class="item">
                            <span class="muted">{x.name.clone()}</span>
                            <span class="ellipsis">{x.event.clone()}</span>
                            <button aria-label=format!("resend {}", x.event) on:click={ let x = x.clone(); move |_| { load(x.clone()); run() } }>"Resend"</button>
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        </div>
    }
}
