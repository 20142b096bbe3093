//! The overlay's state, given to every component by context: the page (hub), the preferences,
//! the event records, the simulator's draft, the templates and the connection histories. The
//! effects that persist it are here too: the only bridge to `localStorage`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use crate::conn::Connections;
use crate::js::{Interval, Subscription};
use crate::page::{Dependency, Hub, PageSocket};
use crate::prefs::{self, Draft, Prefs, Tab};
use crate::record::{EventRecord, Filter};
use crate::send::Outcome;
use crate::server::{self, Template};

/// The event log keeps this many records.
pub const LOG_CAP: usize = 500;

/// Everything the components share (all handles: `Copy`).
#[derive(Clone, Copy)]
pub struct AppState {
    /// The page.
    pub hub: StoredValue<Hub, LocalStorage>,
    /// The dev server's URL.
    pub url: StoredValue<String>,
    /// The persisted preferences.
    pub prefs: RwSignal<Prefs>,
    /// The event log, oldest first, at most [`LOG_CAP`].
    pub records: RwSignal<Vec<EventRecord>>,
    /// While paused, new records are dropped.
    pub paused: RwSignal<bool>,
    next_id: StoredValue<u64>,
    /// The manifest's dependencies (filled once the store is ready).
    pub deps: RwSignal<Vec<Dependency>>,
    /// The page's socket names, the store's first.
    pub sockets: RwSignal<Vec<String>>,
    /// The simulator's editor (persisted).
    pub draft: RwSignal<Draft>,
    /// The dev server's templates (or the cached ones).
    pub templates: RwSignal<Vec<Template>>,
    /// Where the templates came from, when not fresh.
    pub templates_note: RwSignal<Option<String>>,
    /// The connection histories.
    pub conns: Connections,
    /// The time, updated twice a second (for the Connection tab).
    pub now: RwSignal<f64>,
    /// The simulator's last outcome (kept while other tabs are shown).
    pub outcome: RwSignal<Option<Outcome>>,
    /// The log's filters.
    pub filter: RwSignal<Filter>,
    /// The log row open, if any.
    pub expanded: RwSignal<Option<u64>>,
}

/// The state given by the overlay's root. (Not `expect_context`: its panic message formats the
/// type's name with `Debug`, which brings in Rust's string escaping.)
pub fn use_state() -> AppState {
    use_context::<AppState>().expect("the overlay's root provides its state")
}

impl AppState {
    /// Builds the state for `hub`, taps its records, and keeps preferences and the draft saved.
    pub fn provide(hub: Hub) -> AppState {
        let url = hub.url();
        let deps = hub.dependencies();
        let state = AppState {
            hub: StoredValue::new_local(hub),
            url: StoredValue::new(url),
            prefs: RwSignal::new(prefs::load("prefs")),
            records: RwSignal::new(Vec::new()),
            paused: RwSignal::new(false),
            next_id: StoredValue::new(0),
            deps: RwSignal::new(deps),
            sockets: RwSignal::new(Vec::new()),
            draft: RwSignal::new(prefs::load("draft")),
            templates: RwSignal::new(Vec::new()),
            templates_note: RwSignal::new(None),
            conns: Connections::new(),
            now: RwSignal::new(js_sys::Date::now()),
            outcome: RwSignal::new(None),
            filter: RwSignal::new(Filter::default()),
            expanded: RwSignal::new(None),
        };
        provide_context(state);
        Effect::new(move |_| prefs::save("prefs", &state.prefs.get()));
        Effect::new(move |_| prefs::save("draft", &state.draft.get()));

        // Every record, from before the overlay opened too (the store keeps its last 500).
        let history = js_sys::Object::new();
        crate::js::set(&history, "history", &JsValue::TRUE);
        let tap = state.hub.with_value(|h| {
            Subscription::new(&h.0, "inspect", &[history.into()], move |rec| {
                if state.paused.get_untracked() {
                    return;
                }
                let r = EventRecord::from_js(state.take_id(), &rec, &state.deps.get_untracked());
                state.push(vec![r]);
            })
        });
        state.refresh_sockets();
        let tick = Interval::new(500, move || {
            state.now.set(js_sys::Date::now());
            state.refresh_sockets();
        });
        let guards = StoredValue::new_local(Some((tap, tick)));
        on_cleanup(move || {
            guards.set_value(None);
            state.conns.release();
        });

        let hub = state.hub.get_value();
        spawn_local(async move {
            hub.ready().await;
            state.deps.set(hub.dependencies());
        });
        state.reload_templates();
        state
    }

    /// The next record id.
    pub fn take_id(&self) -> u64 {
        self.reserve(1)
    }

    /// Reserves `n` record ids; the first.
    pub fn reserve(&self, n: u64) -> u64 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + n);
        id
    }

    /// The id the next record will have.
    pub fn peek_id(&self) -> u64 {
        self.next_id.get_value()
    }

    /// Appends records, keeping the last [`LOG_CAP`].
    pub fn push(&self, new: Vec<EventRecord>) {
        self.records.update(|list| {
            list.extend(new);
            if list.len() > LOG_CAP {
                let extra = list.len() - LOG_CAP;
                list.drain(..extra);
            }
        });
    }

    /// Fetches the templates again (or takes the cached ones).
    pub fn reload_templates(&self) {
        let state = *self;
        spawn_local(async move {
            let t = server::templates(&state.url.get_value()).await;
            state.templates.set(t.list);
            state.templates_note.set(t.note);
        });
    }

    /// Notices sockets made since the last look, and follows their connections.
    fn refresh_sockets(&self) {
        let list = self.hub.with_value(|h| h.sockets());
        if list.len() == self.sockets.with_untracked(|s| s.len()) {
            return;
        }
        for s in &list {
            self.conns.follow(s);
        }
        self.sockets.set(list.into_iter().map(|s| s.name).collect());
    }

    /// A socket by name (the first when the name is unknown or empty).
    pub fn socket(&self, name: &str) -> Option<PageSocket> {
        let list = self.hub.with_value(|h| h.sockets());
        list.iter()
            .find(|s| s.name == name)
            .or(list.first())
            .cloned()
    }

    /// Loads `draft` into the simulator and shows it.
    pub fn edit(&self, draft: Draft) {
        self.draft.set(draft);
        self.prefs.update(|p| p.tab = Tab::Simulator);
    }
}
