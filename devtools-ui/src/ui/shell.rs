//! The overlay's frame: the resize edge, the header (WAI-ARIA tabs, settings, close) and the
//! tab panels. Dock, size and theme are applied to the host element from the preferences.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::page::Hub;
use crate::prefs::{Choice, Dock, Tab, Theme};
use crate::state::{use_state, AppState};
use crate::style;
use crate::ui::connection::Connection;
use crate::ui::log::EventLog;
use crate::ui::simulator::Simulator;

/// The overlay.
#[component]
pub fn App(hub: Hub, host: web_sys::HtmlElement) -> impl IntoView {
    let state = AppState::provide(hub);
    let prefs = state.prefs;
    let host = StoredValue::new_local(host);
    Effect::new(move |_| {
        let p = prefs.get();
        let base = "all: initial; display: block; position: fixed; z-index: 2147483647;";
        let css = match p.dock {
            Dock::Bottom => format!(
                "{base} left: 0; right: 0; bottom: 0; height: min({}px, 100vh);",
                p.height
            ),
            Dock::Right => format!(
                "{base} top: 0; right: 0; bottom: 0; width: min({}px, 100vw);",
                p.width
            ),
        };
        host.with_value(|h| {
            let _ = h.set_attribute("style", &css);
        });
    });
    let tab = move || prefs.with(|p| p.tab);
    view! {
        <style>{style::CSS}</style>
        <div class="panel" data-theme=move || prefs.with(|p| p.theme.key()) data-dock=move || prefs.with(|p| p.dock.key())>
            <Resizer/>
            <header>
                <strong class="brand">"plugwire devtools"</strong>
                <Tabs/>
                <span class="spacer"></span>
                <Settings/>
                <button class="close" title="Close (Esc)" aria-label="Close devtools"
                    on:click=move |_| state.hub.with_value(|h| h.close())>"×"</button>
            </header>
            <main>
                {Tab::ALL.into_iter().map(|t| view! {
                    <div role="tabpanel" class="tabpanel" id=format!("pw-panel-{}", t.id()) aria-labelledby=format!("pw-tab-{}", t.id())
                        hidden=move || tab() != t>
                        <Show when=move || tab() == t>
                            {match t {
                                Tab::Simulator => leptos::either::EitherOf3::A(view! { <Simulator/> }),
                                Tab::Log => leptos::either::EitherOf3::B(view! { <EventLog/> }),
                                Tab::Connection => leptos::either::EitherOf3::C(view! { <Connection/> }),
                            }}
                        </Show>
                    </div>
                }).collect_view()}
            </main>
        </div>
    }
}

/// The tab list: click, or ←/→/Home/End (the selection follows focus).
#[component]
fn Tabs() -> impl IntoView {
    let prefs = use_state().prefs;
    let tab = move || prefs.with(|p| p.tab);
    let keydown = move |e: web_sys::KeyboardEvent| {
        let i = Tab::ALL
            .iter()
            .position(|t| *t == prefs.with_untracked(|p| p.tab))
            .unwrap_or(0);
        let n = Tab::ALL.len();
        let next = match e.key().as_str() {
            "ArrowRight" => (i + 1) % n,
            "ArrowLeft" => (i + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return,
        };
        e.prevent_default();
        let t = Tab::ALL[next];
        prefs.update(|p| p.tab = t);
        let button = e
            .current_target()
            .and_then(|c| c.dyn_into::<web_sys::Element>().ok())
            .and_then(|nav| {
                nav.query_selector(&format!("#pw-tab-{}", t.id()))
                    .ok()
                    .flatten()
            })
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(b) = button {
            let _ = b.focus();
        }
    };
    view! {
        <nav role="tablist" aria-label="devtools tabs" on:keydown=keydown>
            {Tab::ALL.into_iter().map(|t| view! {
                <button role="tab" class="tab" id=format!("pw-tab-{}", t.id()) aria-controls=format!("pw-panel-{}", t.id())
                    aria-selected=move || (tab() == t).to_string()
                    tabindex=move || if tab() == t { "0" } else { "-1" }
                    on:click=move |_| prefs.update(|p| p.tab = t)>{t.label()}</button>
            }).collect_view()}
        </nav>
    }
}

/// Dock and theme, behind a settings button (so the header stays one row at 400 px).
#[component]
fn Settings() -> impl IntoView {
    let prefs = use_state().prefs;
    let pick = move |label: &'static str,
                     aria: &'static str,
                     options: &'static [&'static str],
                     value: fn(&crate::prefs::Prefs) -> &'static str,
                     set: fn(&mut crate::prefs::Prefs, &str)| {
        view! {
            <label class="pref">{label}" "
                <select aria-label=aria prop:value=move || prefs.with(value)
                    on:change=move |e| { let v = event_target_value(&e); prefs.update(|p| set(p, &v)) }>
                    {options.iter().map(|o| view! { <option value=*o selected=move || prefs.with(value) == *o>{*o}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    view! {
        <details class="settings">
            <summary aria-label="Settings" title="Settings">"⚙"</summary>
            <div class="menu">
                {pick("Dock", "dock", &["bottom", "right"], |p| p.dock.key(), |p, v| p.dock = Dock::from_key(v))}
                {pick("Theme", "theme", &["system", "light", "dark"], |p| p.theme.key(), |p, v| p.theme = Theme::from_key(v))}
                <p class="muted">"Drag the edge to resize."</p>
            </div>
        </details>
    }
}

fn viewport() -> (f64, f64) {
    let w = web_sys::window();
    let dim = |v: Option<Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>>| {
        v.and_then(|v| v.ok())
            .and_then(|v| v.as_f64())
            .unwrap_or(800.0)
    };
    (
        dim(w.as_ref().map(|w| w.inner_width())),
        dim(w.as_ref().map(|w| w.inner_height())),
    )
}

/// The edge facing the page: drag it (or use the arrow keys on it) to resize.
#[component]
fn Resizer() -> impl IntoView {
    let prefs = use_state().prefs;
    let dragging = StoredValue::new(false);
    let bottom = Memo::new(move |_| prefs.with(|p| p.dock == Dock::Bottom));
    let set = move |px: f64| {
        let (w, h) = viewport();
        // max/min, not clamp: clamp's "min > max" panic message alone brings in Rust's float
        // formatting (16 KB of wasm).
        prefs.update(|p| match p.dock {
            Dock::Bottom => p.height = px.min(h - 24.0).max(160.0) as u32,
            Dock::Right => p.width = px.min(w).max(320.0) as u32,
        });
    };
    let size = move || {
        prefs.with(|p| {
            if p.dock == Dock::Bottom {
                p.height
            } else {
                p.width
            }
        })
    };
    view! {
        <div class="resize" role="separator" tabindex="0" aria-label="Resize devtools"
            aria-orientation=move || if bottom.get() { "horizontal" } else { "vertical" }
            aria-valuenow=move || size().to_string()
            on:pointerdown=move |e: web_sys::PointerEvent| {
                e.prevent_default();
                if let Some(t) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                    let _ = t.set_pointer_capture(e.pointer_id());
                }
                dragging.set_value(true);
            }
            on:pointermove=move |e: web_sys::PointerEvent| {
                if dragging.get_value() {
                    let (w, h) = viewport();
                    set(if bottom.get_untracked() { h - e.client_y() as f64 } else { w - e.client_x() as f64 });
                }
            }
            on:pointerup=move |_| dragging.set_value(false)
            on:keydown=move |e: web_sys::KeyboardEvent| {
                let step = match e.key().as_str() {
                    "ArrowUp" | "ArrowLeft" => 20.0,
                    "ArrowDown" | "ArrowRight" => -20.0,
                    _ => return,
                };
                e.prevent_default();
                set(size() as f64 + step);
            }>
        </div>
    }
}
