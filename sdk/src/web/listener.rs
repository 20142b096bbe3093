//! Listener registries and the handles that remove a listener when dropped (gloo-events'
//! `EventListener` model: no closure outlives its handle unless `forget()` says so).

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

/// A handler shared between the registry and a dispatch in progress.
type Handler<A> = Rc<RefCell<dyn FnMut(&A)>>;

/// Listeners of one kind of value, each under an id; `K` selects which values a listener
/// wants (an event name, or `()` for all).
pub(crate) struct Registry<K, A: ?Sized> {
    next: Cell<u32>,
    list: RefCell<Vec<(u32, K, Handler<A>)>>,
}

impl<K: PartialEq + Clone + 'static, A: ?Sized + 'static> Registry<K, A> {
    pub(crate) fn new() -> Rc<Self> {
        Rc::new(Registry {
            next: Cell::new(1),
            list: RefCell::new(Vec::new()),
        })
    }

    /// Adds `f` for values keyed `key`, after the others; the handle removes it.
    pub(crate) fn add(self: &Rc<Self>, key: K, f: impl FnMut(&A) + 'static) -> Listener {
        self.insert(false, key, f)
    }

    /// Adds `f` for values keyed `key`, before the others (socket.io-client's `prependAny`).
    pub(crate) fn prepend(self: &Rc<Self>, key: K, f: impl FnMut(&A) + 'static) -> Listener {
        self.insert(true, key, f)
    }

    /// Removes every listener keyed `key` (their handles then remove nothing).
    pub(crate) fn clear(&self, key: &K) {
        self.list.borrow_mut().retain(|(_, k, _)| k != key);
    }

    fn insert(self: &Rc<Self>, first: bool, key: K, f: impl FnMut(&A) + 'static) -> Listener {
        let id = self.next.get();
        self.next.set(id.wrapping_add(1));
        let handler: Handler<A> = Rc::new(RefCell::new(f));
        let entry = (id, key, handler);
        if first {
            self.list.borrow_mut().insert(0, entry);
        } else {
            self.list.borrow_mut().push(entry);
        }
        let weak: Weak<Self> = Rc::downgrade(self);
        Listener {
            remove: Some(Box::new(move || {
                if let Some(r) = weak.upgrade() {
                    r.list.borrow_mut().retain(|(i, _, _)| *i != id);
                }
            })),
        }
    }

    /// Whether any listener wants `key`.
    pub(crate) fn has(&self, key: &K) -> bool {
        self.list.borrow().iter().any(|(_, k, _)| k == key)
    }

    /// Runs the listeners of `key` (`any` as well: those keyed `any`), in the order they were
    /// added. The list is copied first, so a listener may add or remove listeners; a listener
    /// already running (a re-entrant dispatch) is skipped rather than borrowed twice.
    pub(crate) fn emit(&self, key: &K, any: Option<&K>, value: &A) {
        let handlers: Vec<Handler<A>> = self
            .list
            .borrow()
            .iter()
            .filter(|(_, k, _)| k == key || any == Some(k))
            .map(|(_, _, h)| h.clone())
            .collect();
        for h in handlers {
            if let Ok(mut f) = h.try_borrow_mut() {
                f(value);
            }
        }
    }
}

/// A registered listener: dropping it removes the listener; [`Listener::forget`] keeps it for
/// the life of its socket or manager.
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// use plugwire::web::{io, Options};
/// let socket = io("http://127.0.0.1:3069", Options::default()).unwrap();
/// let listener = socket.on_raw("news", |event| {
///     let _ = event.payload().len();
/// });
/// drop(listener); // no longer listening
/// socket.on_raw("news", |_| {}).forget(); // listening for good
/// # }
/// ```
#[must_use = "a listener is removed as soon as its handle is dropped; call `forget()` to keep it"]
pub struct Listener {
    remove: Option<Box<dyn FnOnce()>>,
}

impl Listener {
    /// Keeps the listener registered for good (as long as its socket or manager lives).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # use plugwire::web::{io, Options};
    /// # let socket = io("http://127.0.0.1:3069", Options::default()).unwrap();
    /// socket.on_state(|e| web_sys::console::log_1(&format!("{e:?}").into())).forget();
    /// # }
    /// ```
    pub fn forget(mut self) {
        self.remove = None;
    }

    /// A handle that runs `f` when dropped.
    pub(crate) fn from_fn(f: impl FnOnce() + 'static) -> Listener {
        Listener {
            remove: Some(Box::new(f)),
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(remove) = self.remove.take() {
            remove();
        }
    }
}

impl std::fmt::Debug for Listener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listener")
            .field("active", &self.remove.is_some())
            .finish()
    }
}
