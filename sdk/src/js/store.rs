//! The store operations of `Core::call` ([`Call::Store`] to [`Call::StoreClose`]).

use super::abi::{Call, Driver as DriverCode, HostN, StoreEvent, StoreStatus};
use super::bindings::Core;
use crate::store::{Driver, SocketEvent, Status, StoreCore, Subscription};

fn name(n: u32) -> Option<u32> {
    (n != 0).then_some(n)
}

fn status_code(s: Status) -> u32 {
    match s {
        Status::Connecting => StoreStatus::Connecting,
        Status::Connected => StoreStatus::Connected,
        Status::Disconnected => StoreStatus::Disconnected,
        Status::Unavailable => StoreStatus::Unavailable,
    }
    .code()
}

impl Core {
    /// A store operation; its result (0 when there is none).
    pub(super) fn store(&self, op: Call, id: u32, a: u32, b: u32, c: u32) -> u32 {
        let Ok(mut stores) = self.stores.try_borrow_mut() else {
            return 0;
        };
        let h = &self.host;
        if op == Call::Store {
            let driver = match DriverCode::from_code(a) {
                Some(DriverCode::Echo) => Driver::Echo,
                Some(DriverCode::Relay) => Driver::Relay,
                None => {
                    h.unknown("Driver", a);
                    return 0;
                }
            };
            stores.push(StoreCore::new(driver));
            return (stores.len() - 1) as u32;
        }
        let Some(s) = stores.get_mut(id as usize) else {
            return 0;
        };
        let r = match op {
            Call::Listen => s.listen(a, name(b), name(c)),
            Call::Unlisten => {
                s.unlisten(a);
                0
            }
            Call::DropTagged => {
                s.drop_tagged(name(a));
                0
            }
            Call::Route => {
                for l in s.route(a, name(b)) {
                    h.n(HostN::Result, l, 0, 0.0);
                }
                0
            }
            Call::StoreOn => {
                let ev = match StoreEvent::from_code(a) {
                    Some(StoreEvent::Connect) => SocketEvent::Connect,
                    Some(StoreEvent::Disconnect) => SocketEvent::Disconnect,
                    Some(StoreEvent::ConnectError) => SocketEvent::ConnectError,
                    Some(StoreEvent::ReconnectFailed) => SocketEvent::ReconnectFailed,
                    None => {
                        h.unknown("StoreEvent", a);
                        return 0;
                    }
                };
                s.on_socket(ev).map_or(0, status_code)
            }
            Call::Status => status_code(s.status()),
            Call::Size => s.listener_count() as u32,
            Call::Counts => {
                for (tag, n) in s.listener_counts() {
                    h.n(HostN::Result, tag.unwrap_or(0), n, 0.0);
                }
                0
            }
            Call::Channels => {
                for ch in s.channels() {
                    h.n(HostN::Result, ch, 0, 0.0);
                }
                0
            }
            Call::Warn => u32::from(s.should_warn(a)),
            Call::StoreClose => {
                let first = !s.is_closed();
                s.close();
                u32::from(first)
            }
            other => {
                h.unknown("Call", other.code());
                0
            }
        };
        for o in s.poll_subscriptions() {
            match o {
                Subscription::Subscribe(ch) => h.n(HostN::Sub, id, ch, 1.0),
                Subscription::Unsubscribe(ch) => h.n(HostN::Sub, id, ch, 0.0),
            }
        }
        r
    }
}
