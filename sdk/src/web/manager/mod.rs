//! `Manager`: one connection to a server, shared by the namespaces (sockets) on it; its
//! options on the running connection are in `settings`, its Engine.IO session in `engine`.

mod engine;
mod settings;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;
use web_sys::{Headers, RequestCredentials, RequestInit, WebSocket};

use super::events::{EngineEvent, ManagerEvent};
use super::listener::{Listener, Registry};
use super::options::{target, Options};
use super::runtime::rt;
use super::socket::{Socket, SocketShared};
use super::transport::Handle;
use super::Error;
use crate::command::ManagerId;

/// A `Manager::open` callback.
type OpenCallback = Box<dyn FnOnce(Result<(), Error>)>;

/// What the host keeps for one manager.
pub(crate) struct ManagerShared {
    pub(crate) id: ManagerId,
    pub(crate) listeners: Rc<Registry<(), ManagerEvent>>,
    /// Listeners of the Engine.IO sessions' events (every session's).
    pub(crate) engine_listeners: Rc<Registry<(), EngineEvent>>,
    pub(crate) local: bool,
    pub(crate) close_on_unload: bool,
    auto_connect: bool,
    uri: String,
    with_credentials: bool,
    extra_headers: Vec<(String, String)>,
    transports: RefCell<HashMap<u32, Handle>>,
    timer: RefCell<Option<Timeout>>,
    open_callbacks: RefCell<Vec<OpenCallback>>,
    nsps: RefCell<HashMap<String, Weak<SocketShared>>>,
}

impl ManagerShared {
    pub(crate) fn set_transport(&self, tid: u32, h: Handle) {
        let old = self.transports.borrow_mut().insert(tid, h);
        drop(old);
    }

    pub(crate) fn take_transport(&self, tid: u32) -> Option<Handle> {
        self.transports.borrow_mut().remove(&tid)
    }

    pub(crate) fn websocket(&self, tid: u32) -> Option<WebSocket> {
        match self.transports.borrow().get(&tid) {
            Some(Handle::WebSocket(ws, _)) => Some(ws.clone()),
            _ => None,
        }
    }

    /// Closes every transport without telling the core (the page is unloading).
    pub(crate) fn close_transports_silently(&self) {
        let all: Vec<Handle> = self
            .transports
            .borrow_mut()
            .drain()
            .map(|(_, h)| h)
            .collect();
        for h in all {
            h.close();
        }
    }

    /// No transport and no timer.
    pub(crate) fn is_idle(&self) -> bool {
        self.transports.borrow().is_empty() && self.timer.borrow().is_none()
    }

    /// (Re)arms the manager's one timer (`delay` < 0: none): the core keeps every deadline.
    pub(crate) fn set_timer(&self, delay: f64) {
        let id = self.id;
        let next = (delay >= 0.0).then(|| {
            Timeout::new(delay.ceil().min(f64::from(u32::MAX)) as u32, move || {
                let rt = rt();
                // This timer has fired: the slot is free before the core re-arms it.
                if let Some(m) = rt.manager(id) {
                    let fired = m.timer.borrow_mut().take();
                    drop(fired);
                }
                rt.run(|c, now| c.tick(id, now));
            })
        });
        let old = self.timer.replace(next);
        drop(old);
    }

    /// Settles the `open` callbacks.
    pub(crate) fn settle(&self, error: Option<String>) {
        let callbacks = std::mem::take(&mut *self.open_callbacks.borrow_mut());
        for cb in callbacks {
            cb(match &error {
                None => Ok(()),
                Some(e) => Err(Error::Connection(e.clone())),
            });
        }
    }

    /// A polling request's options: credentials, extra headers, a text body.
    pub(crate) fn request_init(&self, method: &str, body: Option<&str>) -> RequestInit {
        let init = RequestInit::new();
        init.set_method(method);
        init.set_credentials(if self.with_credentials {
            RequestCredentials::Include
        } else {
            RequestCredentials::SameOrigin
        });
        if let Ok(headers) = Headers::new() {
            for (k, v) in &self.extra_headers {
                let _ = headers.append(k, v);
            }
            if let Some(body) = body {
                let _ = headers.append("content-type", "text/plain;charset=UTF-8");
                init.set_body(&body.into());
            }
            init.set_headers(&headers);
        }
        init
    }
}

impl Drop for ManagerShared {
    fn drop(&mut self) {
        for (_, h) in self.transports.get_mut().drain() {
            h.close();
        }
        rt().forget_manager(self.id);
    }
}

/// A connection to one server, shared by its namespaces (socket.io-client's `Manager`).
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// use plugwire::web::{Manager, ManagerEvent, Options};
/// let manager = Manager::new("http://127.0.0.1:3069", Options::default()).unwrap();
/// manager.on_event(|e| {
///     if let ManagerEvent::ReconnectAttempt(n) = e {
///         web_sys::console::log_1(&format!("attempt {n}").into());
///     }
/// }).forget();
/// let admin = manager.socket("/admin", Options::default());
/// # let _ = admin; }
/// ```
#[derive(Clone)]
pub struct Manager(pub(crate) Rc<ManagerShared>);

impl Manager {
    /// A manager for the server at `uri` (its path is not a namespace here); it opens at once
    /// unless `auto_connect` is off.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # use plugwire::web::{Manager, Options};
    /// let m = Manager::new("http://127.0.0.1:3069", Options { auto_connect: false, ..Options::default() }).unwrap();
    /// m.open();
    /// # }
    /// ```
    pub fn new(uri: &str, opts: Options) -> Result<Manager, Error> {
        let t = target(uri)?;
        let rt = rt();
        let (cfg, engine) = opts.configs(&t, rt.prior_websocket());
        let seed = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
        let id = rt
            .run(|c, _| c.new_manager(cfg, engine, seed))
            .ok_or_else(|| Error::Connection("the client is busy".into()))?;
        let shared = Rc::new(ManagerShared {
            id,
            listeners: Registry::new(),
            engine_listeners: Registry::new(),
            local: t.local,
            close_on_unload: opts.close_on_beforeunload,
            auto_connect: opts.auto_connect,
            uri: t.source.clone(),
            with_credentials: opts.with_credentials,
            extra_headers: opts.extra_headers.clone(),
            transports: RefCell::default(),
            timer: RefCell::default(),
            open_callbacks: RefCell::default(),
            nsps: RefCell::default(),
        });
        rt.register_manager(&shared);
        let m = Manager(shared);
        if opts.auto_connect {
            m.open();
        }
        Ok(m)
    }

    /// The URL, completed as socket.io-client completes it.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # use plugwire::web::{Manager, Options};
    /// let m = Manager::new("127.0.0.1:3069", Options::default()).unwrap();
    /// assert!(m.uri().ends_with("127.0.0.1:3069"));
    /// # }
    /// ```
    pub fn uri(&self) -> &str {
        &self.0.uri
    }

    /// Opens the connection (nothing if it is open or opening).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// m.open();
    /// # }
    /// ```
    pub fn open(&self) {
        self.open_with(|_| {});
    }

    /// Opens the connection; `done` hears whether it opened or failed.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// m.open_with(|r| if let Err(e) = r { web_sys::console::warn_1(&e.to_string().into()) });
    /// # }
    /// ```
    pub fn open_with(&self, done: impl FnOnce(Result<(), Error>) + 'static) {
        let rt = rt();
        let closed = rt.read(|c| {
            Some(c.manager(self.0.id)?.ready_state() == crate::manager::ReadyState::Closed)
        });
        if !closed {
            return;
        }
        self.0.open_callbacks.borrow_mut().push(Box::new(done));
        rt.keep_manager(&self.0);
        rt.run(|c, now| c.with_manager(self.0.id, now, crate::manager::Manager::open));
    }

    /// Closes the connection, without reconnecting.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// m.close();
    /// # }
    /// ```
    pub fn close(&self) {
        rt().run(|c, now| c.with_manager(self.0.id, now, crate::manager::Manager::close));
    }

    /// Listens to the manager's events.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// let _listener = m.on_event(|e| web_sys::console::log_1(&format!("{e:?}").into()));
    /// # }
    /// ```
    pub fn on_event(&self, f: impl FnMut(&ManagerEvent) + 'static) -> Listener {
        self.0.listeners.add((), f)
    }

    /// The socket of namespace `nsp` on this connection (made on first use; `opts` gives its
    /// `auth`, `ack_timeout` and `retries`). It connects unless `auto_connect` is off.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// let chat = m.socket("/chat", Default::default());
    /// # let _ = chat; }
    /// ```
    pub fn socket(&self, nsp: &str, opts: Options) -> Socket {
        let existing = self.0.nsps.borrow().get(nsp).and_then(Weak::upgrade);
        if let Some(s) = existing {
            let s = Socket(s);
            if self.0.auto_connect && !s.active() {
                s.connect();
            }
            return s;
        }
        let s = Socket::new(self.clone(), nsp, &opts);
        self.0
            .nsps
            .borrow_mut()
            .insert(nsp.to_owned(), Rc::downgrade(&s.0));
        if self.0.auto_connect {
            s.connect();
        }
        s
    }

    /// Whether a namespace has a live socket on this manager.
    pub(crate) fn has_namespace(&self, nsp: &str) -> bool {
        self.0
            .nsps
            .borrow()
            .get(nsp)
            .is_some_and(|w| w.strong_count() > 0)
    }
}

/// Two handles are equal when they are the same manager (one connection).
impl PartialEq for Manager {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for Manager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Manager").field("uri", &self.0.uri).finish()
    }
}
