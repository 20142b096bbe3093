//! The plugin store, sans-IO: the listener registry routed by event and channel, channel
//! subscriptions of the echo driver (subscribe on the first listener, unsubscribe after the
//! last, all again after a reconnection), the connection status, and leak counters.
//!
//! It sits on the socket layer's public API (the bindings feed it the socket's events): the
//! store never sees packets. Callbacks, payloads and the shared state object stay in
//! JavaScript, keyed by the listener ids handed out here. Event names, channels and dependency
//! tags are *names*: numbers the bindings give each distinct string (0 is never a name).

use crate::prelude::*;

/// An interned string (event name, channel or dependency tag).
pub type Name = u32;

/// How channel events reach the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Driver {
    /// Laravel Echo: `subscribe` / `unsubscribe` rooms, events arrive as `(event, channel, data)`.
    Echo,
    /// Plain Socket.IO: events arrive as `(data)`; listeners match on the event name alone.
    Relay,
}

/// The connection status shown to plugins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Connecting for the first time.
    Connecting,
    /// Connected.
    Connected,
    /// Was connected; reconnecting.
    Disconnected,
    /// Could not connect (or gave up); still retrying unless reconnection ran out.
    Unavailable,
}

impl Status {
    /// The name plugins see.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Connecting => "connecting",
            Status::Connected => "connected",
            Status::Disconnected => "disconnected",
            Status::Unavailable => "unavailable",
        }
    }
}

/// What happened to the primary socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SocketEvent {
    /// `connect`.
    Connect,
    /// `disconnect`.
    Disconnect,
    /// `connect_error`.
    ConnectError,
    /// The manager's `reconnect_failed`.
    ReconnectFailed,
}

/// A channel subscription change for the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subscription {
    /// Emit `subscribe {channel, auth}`.
    Subscribe(Name),
    /// Emit `unsubscribe {channel}`.
    Unsubscribe(Name),
}

#[derive(Debug)]
struct Entry {
    id: u32,
    event: Name,
    /// `None`: any channel (primary listeners).
    channel: Option<Name>,
    /// The dependency this listener belongs to (dropped by `loadManifest`).
    tag: Option<Name>,
}

/// The store's core.
#[derive(Debug)]
pub struct StoreCore {
    driver: Driver,
    entries: Vec<Entry>,
    next_id: u32,
    /// Echo driver: channels listened on, and how many listeners need each.
    channels: Vec<(Name, u32)>,
    status: Status,
    ever_connected: bool,
    warned: Vec<Name>,
    closed: bool,
    ops: Vec<Subscription>,
}

impl StoreCore {
    /// An empty store using `driver`.
    pub fn new(driver: Driver) -> Self {
        StoreCore {
            driver,
            entries: Vec::new(),
            next_id: 1,
            channels: Vec::new(),
            status: Status::Connecting,
            ever_connected: false,
            warned: Vec::new(),
            closed: false,
            ops: Vec::new(),
        }
    }

    /// Subscription changes to send, in order (drains them).
    pub fn poll_subscriptions(&mut self) -> Vec<Subscription> {
        core::mem::take(&mut self.ops)
    }

    /// The connection status.
    pub fn status(&self) -> Status {
        self.status
    }

    /// Feeds an event of the primary socket; returns the new status when it changed.
    pub fn on_socket(&mut self, ev: SocketEvent) -> Option<Status> {
        let next = match ev {
            SocketEvent::Connect => {
                self.ever_connected = true;
                // Echo: (re)subscribe every channel someone listens on.
                if self.driver == Driver::Echo {
                    let subs = self
                        .channels
                        .iter()
                        .map(|(c, _)| Subscription::Subscribe(*c));
                    self.ops.extend(subs);
                }
                Status::Connected
            }
            SocketEvent::Disconnect => Status::Disconnected,
            SocketEvent::ConnectError if self.ever_connected => return None,
            SocketEvent::ConnectError | SocketEvent::ReconnectFailed => Status::Unavailable,
        };
        if self.closed || core::mem::replace(&mut self.status, next) == next {
            return None;
        }
        Some(next)
    }

    /// Adds a listener for `event` (on `channel`, or on any for `None`); returns its id.
    pub fn listen(&mut self, event: Name, channel: Option<Name>, tag: Option<Name>) -> u32 {
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        if let Some(c) = channel.filter(|_| self.driver == Driver::Echo) {
            match self.channels.iter_mut().find(|(k, _)| *k == c) {
                Some((_, n)) => *n += 1,
                None => {
                    self.channels.push((c, 1));
                    self.ops.push(Subscription::Subscribe(c));
                }
            }
        }
        self.entries.push(Entry {
            id,
            event,
            channel,
            tag,
        });
        id
    }

    /// Removes a listener (idempotent); its channel is unsubscribed after its last listener.
    pub fn unlisten(&mut self, id: u32) {
        let mut found = None;
        self.entries.retain_mut(|e| {
            let this = found.is_none() && e.id == id;
            if this {
                found = Some(e.channel.take());
            }
            !this
        });
        let Some(Some(c)) = found else {
            return;
        };
        if let Some(i) = self.channels.iter().position(|(k, _)| *k == c) {
            let last = self.channels.get_mut(i).is_some_and(|(_, n)| {
                *n -= 1;
                *n == 0
            });
            if last {
                self.channels.swap_remove(i);
                self.ops.push(Subscription::Unsubscribe(c));
            }
        }
    }

    /// Removes the listeners tagged `tag` (a dependency), or every tagged one for `None`.
    pub fn drop_tagged(&mut self, tag: Option<Name>) {
        let ids: Vec<u32> = self
            .entries
            .iter()
            .filter(|e| match (tag, e.tag) {
                (_, None) => false,
                (None, Some(_)) => true,
                (Some(t), Some(et)) => t == et,
            })
            .map(|e| e.id)
            .collect();
        for id in ids {
            self.unlisten(id);
        }
    }

    /// The listeners an event is for, in registration order (entries are kept in that order): those of its name on its
    /// channel, and those on any channel. Without a channel (relay driver, or an echo event
    /// that has none), every listener of the name.
    pub fn route(&self, event: Name, channel: Option<Name>) -> Vec<u32> {
        if self.closed {
            return Vec::new();
        }
        self.entries
            .iter()
            .filter(|e| {
                e.event == event
                    && match (e.channel, channel) {
                        (None, _) | (Some(_), None) => true,
                        (Some(want), Some(got)) => want == got,
                    }
            })
            .map(|e| e.id)
            .collect()
    }

    /// Number of listeners.
    pub fn listener_count(&self) -> usize {
        self.entries.len()
    }

    /// Listeners per dependency tag (`None`: primary), in order of first appearance.
    pub fn listener_counts(&self) -> Vec<(Option<Name>, u32)> {
        let mut counts: Vec<(Option<Name>, u32)> = Vec::new();
        for e in &self.entries {
            match counts.iter_mut().find(|(k, _)| *k == e.tag) {
                Some((_, n)) => *n += 1,
                None => counts.push((e.tag, 1)),
            }
        }
        counts
    }

    /// The channels subscribed (echo driver), in order.
    pub fn channels(&self) -> impl Iterator<Item = Name> + '_ {
        self.channels.iter().map(|(c, _)| *c)
    }

    /// Whether to warn about the unknown socket `name` (once per name).
    pub fn should_warn(&mut self, name: Name) -> bool {
        if self.warned.contains(&name) {
            return false;
        }
        self.warned.push(name);
        true
    }

    /// `close()`: forgets every listener and channel; the status becomes "disconnected".
    pub fn close(&mut self) {
        self.closed = true;
        self.entries.clear();
        self.channels.clear();
        self.ops.clear();
        self.status = Status::Disconnected;
    }

    /// Whether [`StoreCore::close`] ran.
    pub fn is_closed(&self) -> bool {
        self.closed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Names: events 1-2, channels 11-12, tags 21-22.
    const DONE: Name = 1;
    const OTHER: Name = 2;
    const C1: Name = 11;
    const C2: Name = 12;
    const P1: Name = 21;
    const P2: Name = 22;

    #[test]
    fn echo_subscribes_on_first_listener_and_unsubscribes_after_last() {
        let mut s = StoreCore::new(Driver::Echo);
        let a = s.listen(DONE, Some(C1), Some(P1));
        let b = s.listen(OTHER, Some(C1), Some(P1));
        assert_eq!(s.poll_subscriptions(), vec![Subscription::Subscribe(C1)]);
        s.unlisten(a);
        assert_eq!(s.poll_subscriptions(), vec![]);
        s.unlisten(b);
        s.unlisten(b);
        assert_eq!(s.poll_subscriptions(), vec![Subscription::Unsubscribe(C1)]);
        assert_eq!(s.listener_count(), 0);
        assert_eq!(s.channels().count(), 0);
    }

    #[test]
    fn relay_never_subscribes() {
        let mut s = StoreCore::new(Driver::Relay);
        s.listen(DONE, Some(C1), None);
        assert!(s.poll_subscriptions().is_empty());
        assert!(s.on_socket(SocketEvent::Connect).is_some());
        assert!(s.poll_subscriptions().is_empty());
    }

    #[test]
    fn routes_by_event_and_channel_in_registration_order() {
        let mut s = StoreCore::new(Driver::Echo);
        let any = s.listen(DONE, None, None);
        let p1 = s.listen(DONE, Some(C1), Some(P1));
        let gone = s.listen(DONE, Some(C1), Some(P1));
        let p2 = s.listen(DONE, Some(C2), Some(P2));
        s.listen(OTHER, None, None);
        s.unlisten(gone);
        let late = s.listen(DONE, Some(C1), Some(P1));
        assert_eq!(s.route(DONE, Some(C1)), vec![any, p1, late]);
        assert_eq!(s.route(DONE, Some(99)), vec![any]);
        assert_eq!(s.route(DONE, None), vec![any, p1, p2, late]);
        assert_eq!(s.route(99, None), Vec::<u32>::new());
        assert_eq!(
            s.listener_counts(),
            vec![(None, 2), (Some(P1), 2), (Some(P2), 1)]
        );
    }

    #[test]
    fn reconnect_resubscribes_and_status_follows_the_socket() {
        let mut s = StoreCore::new(Driver::Echo);
        s.listen(DONE, Some(C1), Some(P1));
        s.poll_subscriptions();
        assert_eq!(
            s.on_socket(SocketEvent::ConnectError),
            Some(Status::Unavailable)
        );
        assert_eq!(s.on_socket(SocketEvent::Connect), Some(Status::Connected));
        assert_eq!(s.poll_subscriptions(), vec![Subscription::Subscribe(C1)]);
        assert_eq!(
            s.on_socket(SocketEvent::Disconnect),
            Some(Status::Disconnected)
        );
        // After a first connection, a failed attempt is not "unavailable".
        assert_eq!(s.on_socket(SocketEvent::ConnectError), None);
        assert_eq!(s.on_socket(SocketEvent::Connect), Some(Status::Connected));
        assert_eq!(s.poll_subscriptions(), vec![Subscription::Subscribe(C1)]);
        assert_eq!(
            s.on_socket(SocketEvent::ReconnectFailed),
            Some(Status::Unavailable)
        );
    }

    #[test]
    fn drop_tagged_and_close_leave_nothing() {
        let mut s = StoreCore::new(Driver::Echo);
        s.listen(DONE, Some(C1), Some(P1));
        s.listen(DONE, Some(C2), Some(P2));
        s.listen(DONE, None, None);
        s.poll_subscriptions();
        s.drop_tagged(Some(P1));
        assert_eq!(s.poll_subscriptions(), vec![Subscription::Unsubscribe(C1)]);
        s.drop_tagged(None);
        assert_eq!(s.poll_subscriptions(), vec![Subscription::Unsubscribe(C2)]);
        assert_eq!(s.listener_count(), 1);
        s.close();
        assert_eq!(s.listener_count(), 0);
        assert!(s.route(DONE, None).is_empty());
        assert_eq!(s.status(), Status::Disconnected);
        assert!(s.should_warn(7));
        assert!(!s.should_warn(7));
    }
}
