//! The one table of the numbers that cross the wasm boundary.
//!
//! The JavaScript host (`pkg/src/`) and the Rust bindings ([`super`]) talk in numbers only:
//! operation codes, sub-operations, argument kinds, bit layouts. Each family is declared once
//! here, the rustls `enum_builder!` way: the macro gives every code its name, its value and its
//! decoding, and a code that is not in the table decodes to `None` — an explicit unknown case,
//! never a catch-all arm. `pkg/src/abi.js` is generated from these tables (`npm run abi`); a
//! native test fails when the checked-in file differs, so the two sides cannot drift.
//!
//! The tables ([`FAMILIES`]) exist only for the generator: the published wasm keeps nothing of
//! them but the numbers themselves.

/// An enumeration of codes: `from_code` decodes, `TABLE` lists `(name, value)` for the
/// generator.
macro_rules! codes {
    ($(#[$m:meta])* pub enum $name:ident { $($(#[$vm:meta])* $var:ident = $val:literal,)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u32)]
        pub enum $name {
            $($(#[$vm])* $var = $val,)*
        }

        impl $name {
            /// The code's meaning; `None` for a number that is not in the table.
            pub fn from_code(code: u32) -> Option<Self> {
                match code {
                    $($val => Some(Self::$var),)*
                    _ => None,
                }
            }

            /// The code sent across the boundary.
            pub fn code(self) -> u32 {
                self as u32
            }

            /// `(name, value)` of every code, for the JavaScript generator.
            pub const TABLE: &'static [(&'static str, u32)] = &[$((stringify!($var), $val),)*];
        }
    };
}

/// Bit layouts: named constants (not an enumeration: values combine).
macro_rules! bits {
    ($(#[$m:meta])* pub mod $name:ident { $($(#[$vm:meta])* $var:ident = $val:literal,)* }) => {
        $(#[$m])*
        #[allow(non_upper_case_globals, non_snake_case)]
        pub mod $name {
            $($(#[$vm])* pub const $var: u32 = $val;)*

            /// `(name, value)` of every constant, for the JavaScript generator.
            pub const TABLE: &[(&str, u32)] = &[$((stringify!($var), $val),)*];
        }
    };
}

codes! {
    /// `core.call(op, id, a, b, c) -> number`: operations on a manager, socket or store with
    /// numeric arguments.
    pub enum Call {
        /// `manager.open()`.
        Open = 0,
        /// `manager.close()`.
        Close = 1,
        /// The window's `offline` event for a manager.
        Offline = 2,
        /// The manager's timer fired.
        Tick = 3,
        /// Delivers the manager's next received packet; 1 when more wait.
        Deliver = 4,
        /// A manager's state, see [`ManagerState`].
        State = 5,
        /// Reads (value NaN) or sets (`b`) the manager option `a` ([`ManagerOption`]).
        Option = 6,
        /// `manager._close()`-like teardown of the engine only: `engine.close()`.
        EngineClose = 7,
        /// Which engine events the host listens to (`a`: [`EngineListen`] bits).
        EngineListen = 8,
        /// Forgets a closed manager nobody references (its slot is reused); with `a` = 1 only
        /// if nothing is left to happen on it (no timer, every socket inactive with nothing
        /// buffered and no ack awaited: the host makes it again if it is used later, so its
        /// memory need not wait for the page's garbage collection). 1 when freed.
        FreeManager = 9,
        /// `socket.connect()`.
        Connect = 10,
        /// `socket.disconnect()`.
        Disconnect = 11,
        /// A socket's state, see [`SocketState`].
        SocketState = 12,
        /// Forgets a socket nobody references (its slot is reused).
        FreeSocket = 13,
        /// The held payload `a` of manager `id` is malformed (`b`: 0 invalid payload, 1
        /// illegal attachments): the connection closes with "parse error".
        PayloadError = 14,
        /// A new store core (`a`: [`Driver`]); its id.
        Store = 20,
        /// A listener (`a` event, `b` channel (0: any), `c` tag (0: primary)); its id.
        Listen = 21,
        /// Removes listener `a`.
        Unlisten = 22,
        /// Removes a dependency's listeners (`a` the tag; 0: every dependency's).
        DropTagged = 23,
        /// Reports ([`HostN::Result`]) the listeners event `a` on channel `b` is for.
        Route = 24,
        /// The primary socket's event `a` ([`StoreEvent`]); the new [`StoreStatus`], or 0.
        StoreOn = 25,
        /// The store's [`StoreStatus`].
        Status = 26,
        /// The number of listeners.
        Size = 27,
        /// Reports ([`HostN::Result`]) the listeners per dependency tag.
        Counts = 28,
        /// Reports ([`HostN::Result`]) the channels subscribed.
        Channels = 29,
        /// 1 the first time the unknown socket name `a` is used.
        Warn = 30,
        /// Forgets everything; 1 unless already closed.
        StoreClose = 31,
    }
}

codes! {
    /// `core.input(op, id, a, b, c, text) -> number`: operations carrying text.
    pub enum Input {
        /// A WebSocket opened (`a`: transport).
        TransportOpen = 0,
        /// A WebSocket text frame (`text`).
        TransportText = 1,
        /// A WebSocket closed (`text`: the reason).
        TransportClosed = 2,
        /// A transport failed (`text`: the message; `b`: an HTTP status, 0: none).
        TransportError = 3,
        /// A polling GET answered (`text`: the body).
        PollDone = 4,
        /// A polling GET failed (`text`: the message; `b`: an HTTP status, 0: none).
        PollFailed = 5,
        /// A polling POST answered.
        PostDone = 6,
        /// A polling POST failed (`text`: the message; `b`: an HTTP status, 0: none).
        PostFailed = 7,
        /// The CONNECT packet of socket `id` (`text`: `auth` JSON, or "").
        Join = 10,
        /// Answers the server's ack request `a` (`text`: the arguments' JSON).
        Answer = 11,
        /// An emit (`a` handle, `b` timeout or NaN, `c` [`EmitFlags`], `text` JSON).
        Emit = 12,
        /// A new socket on manager `id` (`a` ackTimeout, `b` retries, `text` namespace); its id.
        Socket = 13,
        /// Socket `id` recovering its state got an event ending in the string `text`.
        Offset = 14,
        /// The answer of [`HostS::Json`] (`text`: the members it read).
        Json = 15,
    }
}

codes! {
    /// `core.bytes(op, id, transport, data)`.
    pub enum Bytes {
        /// An attachment of the next emit or ack.
        Attach = 0,
        /// A binary WebSocket frame of manager `id`'s transport.
        Binary = 1,
    }
}

codes! {
    /// `core.read(op, id)`: text handed back through [`HostS::Text`].
    pub enum Read {
        /// The engine's session id.
        EngineId = 0,
        /// The socket's id while connected.
        SocketId = 1,
        /// JSON array of the held payloads (`[event, ...args]`) received before `connect`.
        ReceiveBuffer = 2,
        /// JSON array `[handle, ack id (-1: none), …]` of the send buffer.
        SendBuffer = 3,
    }
}

codes! {
    /// The host's `n(op, a, b, c)`: requests with numbers only.
    pub enum HostN {
        /// Re-arm manager `a`'s timer to `c` ms (negative: none).
        Timer = 0,
        /// Call `call(Deliver, a)` from a microtask.
        Microtask = 1,
        /// Whether a WebSocket has worked in this page (`a`: 1/0).
        Prior = 2,
        /// Compute socket `a`'s `auth` and send `input(Join, ...)`.
        Join = 3,
        /// Socket `a` wrote emit `b`; forget the emit after when `c` is 1.
        Outgoing = 4,
        /// Emit handle `a` is no longer needed.
        Release = 5,
        /// A store result (listener id, count, channel), collected by the caller.
        Result = 6,
        /// Store `a` (un)subscribes channel `b` (`c`: 1 subscribe, 0 unsubscribe).
        Sub = 7,
        /// Manager `a` has a new engine session object (engine.io-client makes one per open).
        NewEngine = 8,
        /// Parse the text just passed in from UTF-16 unit `b` to `c % 2^32` (2^32 - 1: the
        /// end) as an event payload; keep it as held payload `a`, or report
        /// [`Call::PayloadError`] for manager `c / 2^32` once the input returns.
        ParseEvent = 9,
        /// [`HostN::ParseEvent`] for an ack payload (an array).
        ParseAck = 10,
        /// [`HostN::ParseEvent`] for a CONNECT_ERROR payload (a string or an object).
        ParseConnectError = 11,
        /// Put the attachments passed before ([`HostB::Attach`]) in place of the placeholders
        /// of held payload `a` (of manager `b`).
        Revive = 12,
        /// Forget held payload `a`.
        Drop = 13,
        /// An event for socket `a`: held payload `b` (`c`: ack id, negative: none).
        Event = 14,
        /// [`HostN::Event`] for a socket recovering its state: a last argument that is a string
        /// is reported with [`Input::Offset`].
        EventRecovering = 15,
        /// Emit `b` of socket `a` was acked: held payload `c % 2^32` (`c / 2^32`: 1
        /// error-first).
        Ack = 16,
    }
}

codes! {
    /// The host's `s(op, a, b, c, x, y, z)`: requests carrying up to three strings.
    pub enum HostS {
        /// Transport I/O of manager `a`, transport `b`: [`Io`] `c`, with `x` / `y`.
        Io = 0,
        /// Settles manager `a`'s `open(callback)` callbacks (`b`: 1 failed, `x` the message).
        Settle = 1,
        /// Emit `b` of socket `a` failed (`c`: 1 when a callback hears of it; `x`: message).
        AckError = 4,
        /// The answer of `read` (`x`).
        Text = 5,
        /// Fire event `x` on [`Target`] `b >> 4` number `a`, arguments of [`ArgKind`] `b & 15`
        /// built from `c`, `y`, `z`.
        Fire = 6,
        /// The host used a code that is not in a table (`a`: the code, `x`: the family).
        Unknown = 7,
        /// Read the members of the JSON object `x` (the handshake, CONNECT data) with the host's
        /// parser, answered at once by [`Input::Json`]: `"!"` when `x` is not JSON, else a NUL
        /// after each key and after each value: `s` and a string, `n` and a number, `a` and the strings
        /// of an array joined by 0x01 (`[""]` reads as `[]`), or `o` for anything else (a string holding NUL or
        /// 0x01 included; a key holding one is left out).
        Json = 8,
    }
}

codes! {
    /// The host's `b(op, a, b, data)`: requests carrying bytes.
    pub enum HostB {
        /// A binary WebSocket frame for manager `a`'s transport `b`.
        Send = 0,
        /// An attachment of the next [`HostN::Revive`] (or engine `packet` event).
        Attach = 1,
    }
}

codes! {
    /// The transport I/O of [`HostS::Io`].
    pub enum Io {
        /// Open a WebSocket to URL `x`.
        OpenWebSocket = 0,
        /// Send text frame `x`.
        SendText = 1,
        /// A polling GET of URL `x`.
        Get = 2,
        /// A polling POST of body `y` to URL `x`.
        Post = 3,
        /// Close the WebSocket / abort the requests; report nothing more for it.
        Close = 4,
    }
}

codes! {
    /// Whose listeners a [`HostS::Fire`] is for.
    pub enum Target {
        /// A `Manager`.
        Manager = 0,
        /// A manager's `engine`.
        Engine = 1,
        /// A `Socket`.
        Socket = 2,
    }
}

codes! {
    /// How the host builds a fired event's arguments from `(n, a, b)`.
    pub enum ArgKind {
        /// None.
        None = 0,
        /// `n`.
        Num = 1,
        /// `new Error(a)`.
        Error = 2,
        /// `(a, undefined)`: a close reason without details.
        Close = 3,
        /// `(a, {description: b})`.
        CloseDescription = 4,
        /// `(a, new Error(b))`.
        CloseError = 5,
        /// `{name: a}`: a transport.
        Transport = 6,
        /// A CONNECT_ERROR payload (`a`, JSON): an `Error` with `message` and `data`.
        ConnectError = 7,
        /// engine.io-client's `TransportError`: `Error(a)` with `type`, `description` (`n`, an
        /// HTTP status; 0: none) and `context`.
        TransportError = 8,
        /// An Engine.IO packet `{type: a, data: b}` (`n` 1: `data` is the attachment handed
        /// over just before, as bytes).
        Packet = 9,
        /// `(a, TransportError(b))`: a close whose details are a `TransportError` (`n`: the
        /// HTTP status, 0: none).
        CloseTransportError = 10,
    }
}

codes! {
    /// Manager options of [`Call::Option`].
    pub enum ManagerOption {
        /// `reconnection` (1/0).
        Reconnection = 0,
        /// `reconnectionAttempts`.
        ReconnectionAttempts = 1,
        /// `reconnectionDelay`.
        ReconnectionDelay = 2,
        /// `reconnectionDelayMax`.
        ReconnectionDelayMax = 3,
        /// `randomizationFactor`.
        RandomizationFactor = 4,
        /// `timeout` (-1: none).
        Timeout = 5,
    }
}

codes! {
    /// The channel driver of [`Call::Store`].
    pub enum Driver {
        /// Plain Socket.IO events.
        Relay = 0,
        /// Laravel Echo channels.
        Echo = 1,
    }
}

codes! {
    /// The primary socket's events of [`Call::StoreOn`].
    pub enum StoreEvent {
        /// `connect`.
        Connect = 0,
        /// `disconnect`.
        Disconnect = 1,
        /// `connect_error`.
        ConnectError = 2,
        /// The manager's `reconnect_failed`.
        ReconnectFailed = 3,
    }
}

codes! {
    /// The store's connection status.
    pub enum StoreStatus {
        /// Connecting for the first time.
        Connecting = 1,
        /// Connected.
        Connected = 2,
        /// Was connected; reconnecting.
        Disconnected = 3,
        /// Could not connect.
        Unavailable = 4,
    }
}

codes! {
    /// The ready state in the low bits of [`Call::State`].
    pub enum Ready {
        /// `"closed"`.
        Closed = 0,
        /// `"opening"`.
        Opening = 1,
        /// `"open"`.
        Open = 2,
    }
}

codes! {
    /// The transport in [`Call::State`] (shifted by [`ManagerState::TransportShift`]).
    pub enum Transport {
        /// None yet.
        None = 0,
        /// HTTP long-polling.
        Polling = 1,
        /// WebSocket.
        WebSocket = 2,
    }
}

codes! {
    /// How an emit wants its ack (the low bits of [`EmitFlags`]).
    pub enum AckCode {
        /// No ack.
        None = 0,
        /// A callback.
        Callback = 1,
        /// The promise of `emitWithAck`.
        Promise = 2,
    }
}

bits! {
    /// Option flags of the manager constructor.
    pub mod ManagerFlag {
        /// `upgrade`.
        Upgrade = 1,
        /// `rememberUpgrade`.
        RememberUpgrade = 2,
        /// `tryAllTransports`.
        TryAllTransports = 4,
        /// `timestampRequests`.
        TimestampRequests = 8,
        /// A WebSocket has worked in this page.
        PriorWebsocket = 16,
        /// `reconnection`.
        Reconnection = 32,
        /// `protocol: 3`: Engine.IO v3 only (socket.io 2.x servers).
        Eio3 = 64,
        /// `protocol: 4`: Engine.IO v4 only (no detection of v3 servers).
        Eio4 = 128,
    }
}

bits! {
    /// The layout of [`Call::State`]: `ready | engine open | transport << shift`.
    pub mod ManagerState {
        /// The [`super::Ready`] code.
        ReadyMask = 3,
        /// The engine session is open.
        EngineOpen = 4,
        /// Where the [`super::Transport`] code starts.
        TransportShift = 3,
        /// The engine is opening.
        EngineOpening = 32,
    }
}

bits! {
    /// The layout of [`Call::SocketState`].
    pub mod SocketState {
        /// `connected`.
        Connected = 1,
        /// `active`.
        Active = 2,
        /// `recovered`.
        Recovered = 4,
        /// The last CONNECT answer carried a `pid`.
        Pid = 8,
        /// Connected at least once.
        Joined = 16,
    }
}

bits! {
    /// The flags of [`Input::Emit`].
    pub mod EmitFlags {
        /// The [`super::AckCode`].
        AckMask = 3,
        /// `volatile`.
        Volatile = 4,
    }
}

bits! {
    /// The engine events the host has listeners for ([`Call::EngineListen`]): the core only
    /// reports per-packet events when someone listens.
    pub mod EngineListen {
        /// `packet`.
        Packet = 1,
        /// `packetCreate`.
        PacketCreate = 2,
        /// `drain`.
        Drain = 4,
    }
}

/// Every family, by the name the generated JavaScript prefixes its constants with.
pub const FAMILIES: &[(&str, &[(&str, u32)])] = &[
    ("Call", Call::TABLE),
    ("Input", Input::TABLE),
    ("Bytes", Bytes::TABLE),
    ("Read", Read::TABLE),
    ("HostN", HostN::TABLE),
    ("HostS", HostS::TABLE),
    ("HostB", HostB::TABLE),
    ("Io", Io::TABLE),
    ("Target", Target::TABLE),
    ("ArgKind", ArgKind::TABLE),
    ("ManagerOption", ManagerOption::TABLE),
    ("Driver", Driver::TABLE),
    ("StoreEvent", StoreEvent::TABLE),
    ("StoreStatus", StoreStatus::TABLE),
    ("Ready", Ready::TABLE),
    ("Transport", Transport::TABLE),
    ("AckCode", AckCode::TABLE),
    ("ManagerFlag", ManagerFlag::TABLE),
    ("ManagerState", ManagerState::TABLE),
    ("SocketState", SocketState::TABLE),
    ("EmitFlags", EmitFlags::TABLE),
    ("EngineListen", EngineListen::TABLE),
];

/// `CamelCase` → `CAMEL_CASE`.
#[cfg(not(target_arch = "wasm32"))]
fn screaming(name: &str) -> alloc::string::String {
    let mut out = alloc::string::String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// The text of `pkg/src/abi.js`: one `export const FAMILY_NAME = value` per code, so that the
/// bundler writes the numbers in place.
#[cfg(not(target_arch = "wasm32"))]
pub fn javascript() -> alloc::string::String {
    use core::fmt::Write;
    let mut out = alloc::string::String::from(
        "// Generated from sdk/src/js/abi.rs by `npm run abi`: do not edit.\n\
         // The numbers that cross the wasm boundary, one family per line group.\n",
    );
    for (family, table) in FAMILIES {
        let prefix = screaming(family);
        let _ = writeln!(out, "\n// {family}");
        for (name, value) in *table {
            let _ = writeln!(out, "export const {prefix}_{} = {value};", screaming(name));
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    extern crate std;

    #[test]
    fn codes_decode_and_unknown_ones_do_not() {
        assert_eq!(Call::from_code(31), Some(Call::StoreClose));
        assert_eq!(Call::from_code(15), None);
        assert_eq!(Call::from_code(u32::MAX), None);
        assert_eq!(Input::from_code(Input::Socket.code()), Some(Input::Socket));
        for (_, table) in FAMILIES {
            let mut names: std::vec::Vec<_> = table.iter().map(|(n, _)| *n).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), table.len());
        }
    }

    /// `PLUGWIRE_WRITE_ABI=1 cargo test -p plugwire --lib abi` (`npm run abi`) writes it.
    #[test]
    fn the_javascript_table_is_generated_from_this_one() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../pkg/src/abi.js");
        let want = javascript();
        if std::env::var_os("PLUGWIRE_WRITE_ABI").is_some() {
            std::fs::write(path, &want).expect("write pkg/src/abi.js");
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "pkg/src/abi.js differs from sdk/src/js/abi.rs: run `npm run abi`"
        );
    }
}
