//! A manager's current Engine.IO session (socket.io-client's `manager.engine`): its id, its
//! transport, closing it, and its events.
//!
//! socket.io-client makes one engine object per session, so a listener added to
//! `socket.io.engine` hears one session only. A [`Listener`] here hears every session of the
//! manager until it is dropped, which is what an application re-attaching on each `connect`
//! wants anyway.

use super::Manager;
use crate::web::events::EngineEvent;
use crate::web::listener::Listener;
use crate::web::options::Transport;
use crate::web::runtime::rt;

impl Manager {
    /// Listens to the Engine.IO sessions' events: `open`, `upgrade` (to which transport),
    /// `upgradeError`, `close`.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// use plugwire::web::{EngineEvent, Manager, Transport};
    /// let m = Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// m.on_engine_event(|e| if let EngineEvent::Upgrade(Transport::WebSocket) = e {
    ///     web_sys::console::log_1(&"upgraded to WebSocket".into());
    /// }).forget();
    /// # }
    /// ```
    pub fn on_engine_event(&self, f: impl FnMut(&EngineEvent) + 'static) -> Listener {
        self.0.engine_listeners.add((), f)
    }

    /// The transport of the current session (`engine.transport.name`), while there is one.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// if let Some(t) = m.transport() {
    ///     web_sys::console::log_1(&t.as_str().into());
    /// }
    /// # }
    /// ```
    pub fn transport(&self) -> Option<Transport> {
        let id = self.0.id;
        rt().read(|c| {
            let kind = c.manager(id)?.engine().transport()?;
            Some(Transport::from_name(kind.name()))
        })
    }

    /// The session id the server gave the current Engine.IO session (`engine.id`).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// let sid: Option<String> = m.engine_id();
    /// # let _ = sid; }
    /// ```
    pub fn engine_id(&self) -> Option<String> {
        let id = self.0.id;
        rt().read(|c| Some(c.manager(id)?.engine().sid().map(ToOwned::to_owned)))
    }

    /// Closes the current session (`engine.close()`, reason "forced close"); the manager
    /// reconnects, as after any lost connection.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// m.close_engine();
    /// # }
    /// ```
    pub fn close_engine(&self) {
        rt().run(|c, now| c.with_manager(self.0.id, now, crate::manager::Manager::close_engine));
    }
}
