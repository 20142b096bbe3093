//! `auth`: the credentials of a socket's CONNECT packet — fixed, or computed on every
//! connection attempt (socket.io-client's `auth: (cb) => cb({...})`), so that a token can be
//! refreshed before a reconnection.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use serde::Serialize;
use serde_json::Value;

/// The future an async provider returns.
type AuthFuture = Pin<Box<dyn Future<Output = Result<Value, String>>>>;

#[derive(Clone)]
enum Source {
    Fixed(Value),
    Sync(Rc<dyn Fn() -> Result<Value, String>>),
    Async(Rc<dyn Fn() -> AuthFuture>),
}

/// A socket's `auth` option: a JSON object sent as it is, or a provider asked on every
/// connection attempt (the first one and each reconnection).
///
/// As with socket.io-client, a value that is not a JSON object sends no credentials. A
/// provider whose value cannot be serialised sends no CONNECT at all (the error is logged to
/// the console, as the JavaScript `io()` reports a throwing `auth` function): the server's
/// connection timeout then ends the attempt, and the manager reconnects.
///
/// ```
/// use plugwire::web::Auth;
/// use serde_json::json;
/// let fixed: Auth = json!({"token": "abc"}).into();
/// let fresh = Auth::with(|| json!({"token": "read from storage on every attempt"}));
/// assert_ne!(fixed, fresh);
/// ```
#[derive(Clone)]
pub struct Auth(Source);

impl Auth {
    /// Credentials computed by `f` on every connection attempt.
    ///
    /// ```
    /// use std::cell::Cell;
    /// use plugwire::web::Auth;
    /// #[derive(serde::Serialize)]
    /// struct Token { token: String }
    /// let attempts = Cell::new(0);
    /// let auth = Auth::with(move || {
    ///     attempts.set(attempts.get() + 1);
    ///     Token { token: format!("t{}", attempts.get()) }
    /// });
    /// // io(url, Options { auth: Some(auth), ..Options::default() })
    /// # let _ = auth;
    /// ```
    pub fn with<T: Serialize>(f: impl Fn() -> T + 'static) -> Auth {
        Auth(Source::Sync(Rc::new(move || to_value(&f()))))
    }

    /// Credentials computed by an async `f` on every connection attempt (a token fetched from
    /// an endpoint, say); the CONNECT packet waits for it.
    ///
    /// ```
    /// use plugwire::web::Auth;
    /// let auth = Auth::with_future(|| async {
    ///     // e.g. `gloo_net::http::Request::get("/token").send().await`
    ///     serde_json::json!({"token": "fetched"})
    /// });
    /// # let _ = auth;
    /// ```
    pub fn with_future<T, F>(f: impl Fn() -> F + 'static) -> Auth
    where
        T: Serialize,
        F: Future<Output = T> + 'static,
    {
        Auth(Source::Async(Rc::new(move || {
            let fut = f();
            Box::pin(async move { to_value(&fut.await) })
        })))
    }

    /// The fixed value, if this is not a provider.
    ///
    /// ```
    /// use plugwire::web::Auth;
    /// let auth = Auth::from(serde_json::json!({"token": "abc"}));
    /// assert_eq!(auth.value().unwrap()["token"], "abc");
    /// ```
    pub fn value(&self) -> Option<&Value> {
        match &self.0 {
            Source::Fixed(v) => Some(v),
            _ => None,
        }
    }

    /// What to send now: ready, or to wait for.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // the host is wasm32-only
    pub(crate) fn resolve(&self) -> Resolved {
        match &self.0 {
            Source::Fixed(v) => Resolved::Ready(Ok(v.clone())),
            Source::Sync(f) => Resolved::Ready(f()),
            Source::Async(f) => Resolved::Pending(f()),
        }
    }
}

/// An [`Auth`]'s value for one attempt.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) enum Resolved {
    Ready(Result<Value, String>),
    Pending(AuthFuture),
}

/// The CONNECT packet's JSON for a value: objects only, as socket.io-client sends them.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn connect_json(v: &Value) -> Option<String> {
    matches!(v, Value::Object(_)).then(|| v.to_string())
}

fn to_value(v: &impl Serialize) -> Result<Value, String> {
    serde_json::to_value(v).map_err(|e| format!("auth: {e}"))
}

impl From<Value> for Auth {
    fn from(v: Value) -> Self {
        Auth(Source::Fixed(v))
    }
}

/// Fixed values compare by value; providers are equal only to themselves (clones).
impl PartialEq for Auth {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Source::Fixed(a), Source::Fixed(b)) => a == b,
            (Source::Sync(a), Source::Sync(b)) => Rc::ptr_eq(a, b),
            (Source::Async(a), Source::Async(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Source::Fixed(v) => f.debug_tuple("Auth").field(v).finish(),
            Source::Sync(_) => f.write_str("Auth(<provider>)"),
            Source::Async(_) => f.write_str("Auth(<async provider>)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::cell::Cell;

    #[test]
    fn a_provider_is_asked_on_every_attempt() {
        let n = Rc::new(Cell::new(0));
        let m = n.clone();
        let auth = Auth::with(move || {
            m.set(m.get() + 1);
            json!({ "n": m.get() })
        });
        for want in 1..=2 {
            match auth.resolve() {
                Resolved::Ready(Ok(v)) => assert_eq!(v, json!({ "n": want })),
                _ => panic!("a sync provider is ready"),
            }
        }
        assert_eq!(n.get(), 2);
    }

    #[test]
    fn only_objects_are_sent_and_unserialisable_values_are_errors() {
        assert_eq!(
            connect_json(&json!({"a": 1})).as_deref(),
            Some(r#"{"a":1}"#)
        );
        assert_eq!(connect_json(&json!("token")), None);
        let bad = Auth::with(|| {
            std::collections::HashMap::from([((1, 2), 3)]) // a map with non-string keys
        });
        assert!(matches!(bad.resolve(), Resolved::Ready(Err(_))));
    }

    #[test]
    fn equality() {
        let a = Auth::with(|| 1);
        assert_eq!(a, a.clone());
        assert_ne!(a, Auth::with(|| 1));
        assert_eq!(Auth::from(json!({"t": 1})), Auth::from(json!({"t": 1})));
    }
}
