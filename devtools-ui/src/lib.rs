//! plugwire devtools: the in-page overlay (Leptos, client-side rendered), opened with
//! Ctrl+Shift+D. Three tabs: the Socket Simulator (fire platform events at the plugin), the Event
//! Log (every event in and out) and the Connection. It talks to the store only through the
//! store's public JavaScript API (`inspect`, `simulate`, `connectionStatus`, …) and to the dev
//! server through its HTTP API (`GET /events`, `POST /emit`).

mod model;
mod style;

use std::any::Any;
use std::time::Duration;

use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use model::{pretty, validate, EventRecord, Prefs, Saved, Store, Template};

/// A mounted overlay; `unmount()` removes it and releases its listeners.
#[wasm_bindgen]
pub struct Mounted {
    handle: Option<Box<dyn Any>>,
}

#[wasm_bindgen]
impl Mounted {
    /// Removes the overlay.
    pub fn unmount(&mut self) {
        self.handle = None;
    }
}

/// Mounts the overlay into `container` (inside a shadow root) for `store`; `host` is the
/// fixed-position element around the shadow root (docked and sized from the preferences).
#[wasm_bindgen]
pub fn mount(
    container: web_sys::HtmlElement,
    store: JsValue,
    host: web_sys::HtmlElement,
) -> Mounted {
    let handle = mount_to(
        container,
        move || view! { <App store=Store(store) host=host/> },
    );
    Mounted {
        handle: Some(Box::new(handle)),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Simulator,
    Log,
    Connection,
}

impl Tab {
    fn key(self) -> &'static str {
        match self {
            Tab::Simulator => "simulator",
            Tab::Log => "log",
            Tab::Connection => "connection",
        }
    }
    fn from_key(k: &str) -> Tab {
        match k {
            "log" => Tab::Log,
            "connection" => Tab::Connection,
            _ => Tab::Simulator,
        }
    }
}

/// The event log keeps this many records.
const LOG_CAP: usize = 500;

#[component]
fn App(store: Store, host: web_sys::HtmlElement) -> impl IntoView {
    let prefs = Prefs::load();
    let tab = RwSignal::new(Tab::from_key(&prefs.tab));
    let dock = RwSignal::new(prefs.dock.clone());
    let theme = RwSignal::new(prefs.theme.clone());
    let size = RwSignal::new(prefs.size.clone());
    let store = StoredValue::new_local(store);
    let host = StoredValue::new_local(host);

    // Dock, size and theme live on the host; all persist.
    Effect::new(move |_| {
        let (d, s) = (dock.get(), size.get());
        let px = match s.as_str() {
            "small" => 220,
            "large" => 520,
            _ => 340,
        };
        let css = if d == "right" {
            format!("all: initial; display: block; position: fixed; z-index: 2147483647; top: 0; right: 0; bottom: 0; width: {}px;", px + 160)
        } else {
            format!("all: initial; display: block; position: fixed; z-index: 2147483647; left: 0; right: 0; bottom: 0; height: {px}px;")
        };
        host.with_value(|h| {
            let _ = h.set_attribute("style", &css);
        });
        Prefs::save("dock", &d);
        Prefs::save("size", &s);
    });
    Effect::new(move |_| Prefs::save("theme", &theme.get()));
    Effect::new(move |_| Prefs::save("tab", tab.get().key()));

    // The event tap: every record, capped, unless paused.
    let records = RwSignal::new(Vec::<EventRecord>::new());
    let paused = RwSignal::new(false);
    let next_id = StoredValue::new(0u64);
    let tap = Closure::<dyn FnMut(JsValue)>::new(move |rec: JsValue| {
        if paused.get_untracked() {
            return;
        }
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        let r = EventRecord::from_js(id, &rec);
        records.update(|list| {
            list.push(r);
            if list.len() > LOG_CAP {
                let extra = list.len() - LOG_CAP;
                list.drain(..extra);
            }
        });
    });
    // Replay what happened before the overlay opened, then follow.
    let replay = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&replay, &"history".into(), &JsValue::TRUE);
    let untap = store.with_value(|s| s.call("inspect", &[tap.as_ref().clone(), replay.into()]));
    let tap = StoredValue::new_local(Some(tap));
    let untap = StoredValue::new_local(untap);
    on_cleanup(move || {
        untap.with_value(|u| {
            if let Some(f) = u.dyn_ref::<js_sys::Function>() {
                let _ = f.call0(&JsValue::UNDEFINED);
            }
        });
        tap.set_value(None);
    });

    let close = move |_| {
        if let Ok(api) = js_sys::Reflect::get(&js_sys::global(), &"plugwireDevtools".into()) {
            let _ = Store(api).call("close", &[]);
        }
    };
    let tab_button = move |t: Tab, label: &'static str| {
        view! {
            <button role="tab" class="tab" aria-selected=move || (tab.get() == t).to_string()
                on:click=move |_| tab.set(t)>{label}</button>
        }
    };

    view! {
        <style>{style::CSS}</style>
        <div class="panel" data-theme=move || theme.get() data-dock=move || dock.get()>
            <header>
                <strong class="brand">"plugwire devtools"</strong>
                <nav role="tablist" aria-label="devtools tabs">
                    {tab_button(Tab::Simulator, "Socket Simulator")}
                    {tab_button(Tab::Log, "Event Log")}
                    {tab_button(Tab::Connection, "Connection")}
                </nav>
                <span class="spacer"></span>
                <Pref label="Dock" value=dock options=&["bottom", "right"]/>
                <Pref label="Size" value=size options=&["small", "medium", "large"]/>
                <Pref label="Theme" value=theme options=&["system", "light", "dark"]/>
                <button class="close" title="Close (Esc)" aria-label="Close devtools" on:click=close>"×"</button>
            </header>
            <main>
                <Show when=move || tab.get() == Tab::Simulator>
                    <Simulator store=store records=records/>
                </Show>
                <Show when=move || tab.get() == Tab::Log>
                    <EventLog records=records paused=paused/>
                </Show>
                <Show when=move || tab.get() == Tab::Connection>
                    <Connection store=store/>
                </Show>
            </main>
        </div>
    }
}

/// A persisted preference: a labelled select bound to `value`.
#[component]
fn Pref(
    label: &'static str,
    value: RwSignal<String>,
    options: &'static [&'static str],
) -> impl IntoView {
    view! {
        <label class="pref">{label}" "
            <select aria-label=label.to_lowercase() prop:value=move || value.get()
                on:change=move |e| value.set(event_target_value(&e))>
                {options.iter().map(|o| view! { <option value=*o>{*o}</option> }).collect_view()}
            </select>
        </label>
    }
}

#[derive(Clone, PartialEq)]
enum Outcome {
    None,
    Ok(String),
    Err(String),
}

#[component]
fn Simulator(
    store: StoredValue<Store, LocalStorage>,
    records: RwSignal<Vec<EventRecord>>,
) -> impl IntoView {
    let url = store.with_value(|s| s.url());
    let templates = RwSignal::new(Vec::<Template>::new());
    let templates_error = RwSignal::new(None::<String>);
    let event = RwSignal::new(String::new());
    let channel = RwSignal::new(String::new());
    let payload = RwSignal::new("{}".to_owned());
    let original = RwSignal::new("{}".to_owned());
    let mode = RwSignal::new("server".to_owned());
    let outcome = RwSignal::new(Outcome::None);
    let sending = RwSignal::new(false);
    let deps = store.with_value(|s| s.dependencies());
    let saved = RwSignal::new(Saved::load("saved"));
    let history = RwSignal::new(Saved::load("history"));
    let save_name = RwSignal::new(String::new());
    let remember = move |ev: &str, ch: &str, text: &str| {
        history.update(|h| {
            h.retain(|x| !(x.event == ev && x.channel == ch && x.payload == text));
            h.insert(
                0,
                Saved {
                    name: model::clock(),
                    event: ev.to_owned(),
                    channel: ch.to_owned(),
                    payload: text.to_owned(),
                },
            );
            h.truncate(20);
            Saved::store("history", h);
        });
    };

    {
        let url = url.clone();
        spawn_local(async move {
            match model::fetch_templates(&url).await {
                Ok(t) => templates.set(t),
                Err(e) => templates_error.set(Some(e)),
            }
        });
    }

    let error = Memo::new(move |_| validate(&payload.get()));
    let deps_for_options = deps.clone();
    // The dropdown: dev server templates, the manifest's dependency events, events seen.
    let options = Memo::new(move |_| {
        let mut names: Vec<(String, &'static str)> = Vec::new();
        let mut push = |n: &str, source: &'static str| {
            if !n.is_empty() && !names.iter().any(|(m, _)| m == n) {
                names.push((n.to_owned(), source));
            }
        };
        for t in templates.get().iter() {
            push(&t.event, "template");
        }
        for d in &deps_for_options {
            for (_, name) in &d.events {
                push(name, "manifest");
            }
        }
        for r in records.get().iter() {
            if r.direction == "in" || r.direction == "simulated" {
                push(&r.event, "seen");
            }
        }
        names
    });

    let deps_for_pick = deps.clone();
    let pick_event = move |name: String| {
        event.set(name.clone());
        outcome.set(Outcome::None);
        if let Some(t) = templates
            .get_untracked()
            .into_iter()
            .find(|t| t.event == name)
        {
            channel.set(t.channel.unwrap_or_default());
            let p = pretty(&t.data);
            original.set(p.clone());
            payload.set(p);
            return;
        }
        if let Some(d) = deps_for_pick
            .iter()
            .find(|d| d.events.iter().any(|(_, n)| *n == name))
        {
            channel.set(d.channel.clone());
        }
        let seen = records
            .get_untracked()
            .into_iter()
            .rev()
            .find(|r| r.event == name);
        let p = seen
            .map(|r| pretty(&r.payload))
            .unwrap_or_else(|| "{}".into());
        original.set(p.clone());
        payload.set(p);
    };

    let deps_for_channel = deps.clone();
    let pick_dependency = move |identifier: String| {
        if let Some(d) = deps_for_channel.iter().find(|d| d.identifier == identifier) {
            channel.set(d.channel.clone());
        } else if let Some(rest) = channel.get_untracked().rsplit_once('.') {
            // Rewrite private.Model.old to private.Model.identifier.
            channel.set(format!("{}.{}", rest.0, identifier));
        }
    };

    let send = {
        let url = url.clone();
        move || {
            if sending.get_untracked() {
                return;
            }
            let ev = event.get_untracked();
            if ev.trim().is_empty() {
                outcome.set(Outcome::Err("Choose or type an event name first.".into()));
                return;
            }
            let text = payload.get_untracked();
            if let Some(e) = validate(&text) {
                outcome.set(Outcome::Err(format!("Invalid JSON: {e}")));
                return;
            }
            let ch = channel.get_untracked();
            if mode.get_untracked() == "local" {
                let data = js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL);
                let opts = js_sys::Object::new();
                let _ = js_sys::Reflect::set(
                    &opts,
                    &"channel".into(),
                    &if ch.is_empty() {
                        JsValue::NULL
                    } else {
                        ch.clone().into()
                    },
                );
                let result = store.with_value(|s| {
                    s.call_result("simulate", &[ev.clone().into(), data, opts.into()])
                });
                outcome.set(match result {
                    Ok(_) => Outcome::Ok(format!(
                        "Injected {ev} locally{} at {}",
                        on_channel(&ch),
                        model::clock()
                    )),
                    Err(e) => Outcome::Err(format!("Local inject failed: {e}")),
                });
                return;
            }
            let status = store.with_value(|s| s.status());
            let url = url.clone();
            sending.set(true);
            spawn_local(async move {
                let r = model::emit(&url, &ev, &ch, &text).await;
                sending.set(false);
                if r.is_ok() {
                    remember(&ev, &ch, &text);
                }
                outcome.set(match r {
                    Ok(clients) if status == "connected" => Outcome::Ok(format!(
                        "Sent {ev}{} to {clients} client{} at {}",
                        on_channel(&ch),
                        if clients == 1 { "" } else { "s" },
                        model::clock()
                    )),
                    Ok(clients) => Outcome::Err(format!(
                        "Sent {ev} to {clients} client(s), but this page is not connected (status: {status}): it will not receive it."
                    )),
                    Err(e) => Outcome::Err(e),
                });
            });
        }
    };
    let send_click = send.clone();
    let send_key = send.clone();
    let load = move |x: Saved| {
        event.set(x.event);
        channel.set(x.channel);
        original.set(x.payload.clone());
        payload.set(x.payload);
        outcome.set(Outcome::None);
    };
    let send_again = send.clone();
    let resend = move |x: Saved| {
        load(x);
        send_again();
    };
    let save = move |_| {
        let name = save_name.get_untracked().trim().to_owned();
        if name.is_empty() || validate(&payload.get_untracked()).is_some() {
            return;
        }
        saved.update(|list| {
            list.retain(|x| x.name != name);
            list.push(Saved {
                name: name.clone(),
                event: event.get_untracked(),
                channel: channel.get_untracked(),
                payload: payload.get_untracked(),
            });
            Saved::store("saved", list);
        });
        save_name.set(String::new());
    };
    let beautify = move |_| {
        let p = pretty(&payload.get_untracked());
        payload.set(p);
    };

    view! {
        <section class="simulator" aria-label="Socket Simulator">
            <div class="row">
                <label class="field grow">"Event"
                    <select aria-label="event" prop:value=move || event.get()
                        on:change=move |e| pick_event(event_target_value(&e))>
                        <option value="">"— choose an event —"</option>
                        <For each=move || options.get() key=|(n, _)| n.clone() let((name, source))>
                            <option value=name.clone()>{format!("{name}  ({source})")}</option>
                        </For>
                    </select>
                </label>
                <label class="field grow">"Channel"
                    <input aria-label="channel" placeholder="private.Model.identifier (empty: no channel)"
                        prop:value=move || channel.get() on:input=move |e| channel.set(event_target_value(&e))/>
                </label>
                <label class="field">"Dependency"
                    <select aria-label="dependency" on:change=move |e| pick_dependency(event_target_value(&e))>
                        <option value="">"—"</option>
                        {deps.iter().map(|d| view! { <option value=d.identifier.clone()>{d.identifier.clone()}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <Show when=move || templates_error.get().is_some()>
                <p class="note warn">{move || templates_error.get().unwrap_or_default()}</p>
            </Show>
            <label class="field">"Payload (JSON) — Ctrl+Enter sends"
                <textarea aria-label="payload" spellcheck="false" rows="8"
                    class:invalid=move || error.get().is_some()
                    prop:value=move || payload.get()
                    on:input=move |e| payload.set(event_target_value(&e))
                    on:keydown=move |e: web_sys::KeyboardEvent| {
                        if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                            e.prevent_default();
                            send_key();
                        }
                    }></textarea>
            </label>
            <p class="json-error" role="alert">{move || error.get().map(|e| format!("Invalid JSON: {e}")).unwrap_or_default()}</p>
            <div class="row actions">
                <button on:click=beautify disabled=move || error.get().is_some()>"Beautify"</button>
                <button on:click=move |_| payload.set(original.get_untracked())>"Reset to template"</button>
                <span class="spacer"></span>
                <label class="radio"><input type="radio" name="mode" value="server" prop:checked=move || mode.get() == "server" on:change=move |_| mode.set("server".into())/>"via dev server"</label>
                <label class="radio"><input type="radio" name="mode" value="local" prop:checked=move || mode.get() == "local" on:change=move |_| mode.set("local".into())/>"local inject"</label>
                <button class="primary" aria-label="Send" on:click=move |_| send_click()
                    disabled=move || error.get().is_some() || event.get().trim().is_empty() || sending.get()>"Send"</button>
            </div>
            <p class="outcome" role="status" data-kind=move || match outcome.get() { Outcome::Ok(_) => "ok", Outcome::Err(_) => "error", Outcome::None => "" }>
                {move || match outcome.get() { Outcome::Ok(m) | Outcome::Err(m) => m, Outcome::None => String::new() }}
            </p>
            <div class="lists">
                <div class="saved">
                    <h3>"Saved payloads"</h3>
                    <div class="row">
                        <input aria-label="save as" placeholder="name" prop:value=move || save_name.get() on:input=move |e| save_name.set(event_target_value(&e))/>
                        <button on:click=save disabled=move || save_name.get().trim().is_empty() || error.get().is_some()>"Save"</button>
                    </div>
                    <ul>
                        <For each=move || saved.get() key=|x| x.name.clone() let(x)>
                            <li class="item">
                                <button class="link" title="Load into the editor" on:click={ let x = x.clone(); move |_| load(x.clone()) }>{x.name.clone()}</button>
                                <span class="muted">{x.event.clone()}</span>
                                <button aria-label=format!("delete {}", x.name) on:click={ let n = x.name.clone(); move |_| saved.update(|l| { l.retain(|y| y.name != n); Saved::store("saved", l); }) }>"×"</button>
                            </li>
                        </For>
                    </ul>
                </div>
                <div class="history">
                    <h3>"History"</h3>
                    <ul>
                        <For each=move || history.get() key=|x| format!("{}{}{}{}", x.name, x.event, x.channel, x.payload) let(x)>
                            <li class="item">
                                <span class="muted">{x.name.clone()}</span>
                                <span>{x.event.clone()}</span>
                                <span class="muted">{x.channel.clone()}</span>
                                <button aria-label=format!("resend {}", x.event) on:click={ let x = x.clone(); let resend = resend.clone(); move |_| resend(x.clone()) }>"Resend"</button>
                            </li>
                        </For>
                    </ul>
                </div>
            </div>
        </section>
    }
}

fn on_channel(ch: &str) -> String {
    if ch.is_empty() {
        String::new()
    } else {
        format!(" on {ch}")
    }
}

#[component]
fn EventLog(records: RwSignal<Vec<EventRecord>>, paused: RwSignal<bool>) -> impl IntoView {
    let filter = RwSignal::new(String::new());
    let expanded = RwSignal::new(None::<u64>);
    let shown = Memo::new(move |_| {
        let f = filter.get().to_lowercase();
        records
            .get()
            .into_iter()
            .rev()
            .filter(|r| f.is_empty() || r.haystack().contains(&f))
            .collect::<Vec<_>>()
    });
    view! {
        <section class="log" aria-label="Event Log">
            <div class="row">
                <input class="grow" aria-label="filter" placeholder="filter by event, channel, payload…"
                    prop:value=move || filter.get() on:input=move |e| filter.set(event_target_value(&e))/>
                <button aria-pressed=move || paused.get().to_string() on:click=move |_| paused.update(|p| *p = !*p)>
                    {move || if paused.get() { "Resume" } else { "Pause" }}
                </button>
                <button on:click=move |_| records.set(Vec::new())>"Clear"</button>
                <span class="count">{move || format!("{} / {} events", shown.get().len(), records.get().len())}</span>
            </div>
            <table>
                <thead><tr><th>"time"</th><th>"dir"</th><th>"socket"</th><th>"event"</th><th>"channel"</th><th>"size"</th></tr></thead>
                <tbody>
                    <For each=move || shown.get() key=|r| r.id let(r)>
                        <tr class="entry" data-direction=r.direction.clone() tabindex="0"
                            on:click=move |_| expanded.update(|e| *e = if *e == Some(r.id) { None } else { Some(r.id) })>
                            <td>{r.time.clone()}</td>
                            <td class="dir">{r.direction.clone()}</td>
                            <td>{r.socket.clone()}</td>
                            <td class="event">{r.event.clone()}</td>
                            <td>{r.channel.clone()}</td>
                            <td>{format!("{} B", r.payload.len())}</td>
                        </tr>
                        <Show when=move || expanded.get() == Some(r.id)>
                            <tr class="payload"><td colspan="6"><pre>{pretty(&r.payload)}</pre></td></tr>
                        </Show>
                    </For>
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn Connection(store: StoredValue<Store, LocalStorage>) -> impl IntoView {
    let snapshot = RwSignal::new(store.with_value(|s| s.snapshot()));
    let attempts = RwSignal::new(0u32);
    let rtt = RwSignal::new("measuring…".to_owned());
    let last_ping = RwSignal::new(None::<f64>);
    let now = RwSignal::new(js_sys::Date::now());
    let on_ping =
        Closure::<dyn FnMut(JsValue)>::new(move |_| last_ping.set(Some(js_sys::Date::now())));
    let last_error = RwSignal::new(String::new());
    let on_attempt = Closure::<dyn FnMut(JsValue)>::new(move |n: JsValue| {
        attempts.set(n.as_f64().unwrap_or(0.0) as u32)
    });
    let on_error = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        let msg = js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default();
        last_error.set(format!("{msg} at {}", model::clock()));
    });
    store.with_value(|s| {
        let socket = s.get("socket");
        let io = Store(socket.clone()).get("io");
        let _ = Store(io.clone()).call_result("on", &["ping".into(), on_ping.as_ref().clone()]);
        let _ = Store(io).call_result(
            "on",
            &["reconnect_attempt".into(), on_attempt.as_ref().clone()],
        );
        let _ =
            Store(socket).call_result("on", &["connect_error".into(), on_error.as_ref().clone()]);
    });
    let handlers = StoredValue::new_local((on_attempt, on_error, on_ping));
    let timer = set_interval_with_handle(
        move || {
            snapshot.set(store.with_value(|s| s.snapshot()));
            now.set(js_sys::Date::now());
        },
        Duration::from_millis(250),
    )
    .ok();
    let measure = move || {
        let socket = store.with_value(|s| s.get("socket"));
        spawn_local(async move {
            rtt.set(match model::ping_rtt(&socket).await {
                Some(ms) => format!("{ms:.0} ms (plugwire:ping)"),
                None => "n/a (not connected, or the server does not answer plugwire:ping)".into(),
            });
        });
    };
    measure();
    let rtt_timer = set_interval_with_handle(measure, Duration::from_secs(2)).ok();
    on_cleanup(move || {
        for t in [timer, rtt_timer].into_iter().flatten() {
            t.clear();
        }
        store.with_value(|s| {
            let socket = s.get("socket");
            let io = Store(socket.clone()).get("io");
            handlers.with_value(|(a, e, p)| {
                let _ = Store(io.clone()).call_result("off", &["ping".into(), p.as_ref().clone()]);
                let _ =
                    Store(io).call_result("off", &["reconnect_attempt".into(), a.as_ref().clone()]);
                let _ =
                    Store(socket).call_result("off", &["connect_error".into(), e.as_ref().clone()]);
            });
        });
    });
    let row = move |label: &'static str, value: Signal<String>| {
        view! { <tr><th scope="row">{label}</th><td>{move || value.get()}</td></tr> }
    };
    let field = move |f: fn(&model::Snapshot) -> String| Signal::derive(move || f(&snapshot.get()));
    view! {
        <section class="connection" aria-label="Connection">
            <p class="status" data-status=move || snapshot.get().status>{move || snapshot.get().status}</p>
            <table class="facts"><tbody>
                {row("URL", field(|s| s.url.clone()))}
                {row("transport", field(|s| s.transport.clone()))}
                {row("socket id", field(|s| s.sid.clone()))}
                {row("ping round trip", Signal::derive(move || rtt.get()))}
                {row("last heartbeat", Signal::derive(move || match last_ping.get() {
                    Some(t) => format!("{:.1} s ago", (now.get() - t).max(0.0) / 1000.0),
                    None => "none yet".into(),
                }))}
                {row("reconnect attempts", Signal::derive(move || attempts.get().to_string()))}
                {row("last error", Signal::derive(move || { let e = last_error.get(); if e.is_empty() { "none".into() } else { e } }))}
                {row("subscribed channels", field(|s| if s.channels.is_empty() { "none".into() } else { s.channels.join(", ") }))}
                {row("store listeners", field(|s| format!("{} ({})", s.listeners, s.listener_counts)))}
                {row("dependencies", field(|s| s.dependencies.clone()))}
            </tbody></table>
        </section>
    }
}
