//! The Socket.IO side: each client's wire, channel subscriptions (with authorisation rules and
//! presence), whispers, relays, and delivering server events.
//!
//! Two wires, each a room every client is in exactly one of:
//! - plain (default): events arrive as `(data)`, like the tool plugwire replaces;
//! - echo (`?wire=echo`): events arrive as `(event, channel, data)`, like laravel-echo-server.
//!   A client that sends `subscribe` speaks Laravel Echo's protocol, so it is moved to the echo
//!   wire if it connected without the query (with a warning in the log).
//!
//! Names Socket.IO reserves (`connect`, `disconnect`…) are never relayed: socket.io-client
//! treats a packet carrying one as a parse error and drops the connection.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde::de::{SeqAccess, Visitor};
use serde::ser::SerializeTuple;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Value};
use socketioxide::extract::{AckSender, Data, Event, SocketRef};
use socketioxide::socket::DisconnectReason;
use socketioxide::SocketIo;
use tracing::{info, warn};

use crate::auth::Rules;
use crate::escape::unescape_event;
use crate::presence::{is_presence, Member, Presence};

const PLAIN: &str = "wire:plain";
const ECHO: &str = "wire:echo";

/// Event names socket.io-client refuses to receive (its parser closes the connection).
pub const RESERVED: [&str; 6] = [
    "connect",
    "connect_error",
    "disconnect",
    "disconnecting",
    "newListener",
    "removeListener",
];

/// Whether `event` may be sent to socket.io clients.
pub fn is_reserved(event: &str) -> bool {
    RESERVED.contains(&event)
}

/// Room of the clients subscribed to `channel`.
fn channel_room(channel: &str) -> String {
    format!("channel:{channel}")
}

/// What the socket handlers share.
#[derive(Debug, Clone, Default)]
pub struct Wires {
    /// Which subscriptions are refused.
    pub rules: Arc<Rules>,
    /// Who is in each presence channel.
    pub presence: Arc<Presence>,
}

/// Every argument of an event, kept as sent (binary included), so relays are faithful.
#[derive(Debug, Clone)]
struct Args(Vec<rmpv::Value>);

impl<'de> Deserialize<'de> for Args {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Args;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("event arguments")
            }
            fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Args, S::Error> {
                let mut items = Vec::new();
                while let Some(v) = seq.next_element()? {
                    items.push(v);
                }
                Ok(Args(items))
            }
        }
        // A tuple, so socketioxide hands over every argument rather than the first.
        d.deserialize_tuple(usize::MAX, V)
    }
}

impl Serialize for Args {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut t = s.serialize_tuple(self.0.len())?;
        for v in &self.0 {
            t.serialize_element(v)?;
        }
        t.end()
    }
}

/// `{channel, event, data}` of a client event (a "whisper").
#[derive(Debug, Deserialize)]
struct Whisper {
    channel: String,
    event: String,
    #[serde(default)]
    data: Value,
}

fn declared_echo(socket: &SocketRef) -> bool {
    let query = socket.req_parts().uri.query().unwrap_or("");
    query.split('&').any(|kv| kv == "wire=echo")
}

/// Sets up a newly connected client.
pub fn on_connect(socket: SocketRef, wires: Wires) {
    let wire = if declared_echo(&socket) { ECHO } else { PLAIN };
    socket.join(wire);
    info!(socket = %socket.id, wire, "client connected");

    let w = wires.clone();
    socket.on(
        "subscribe",
        move |s: SocketRef, Data(sub): Data<Value>, ack: AckSender| subscribe(s, sub, ack, w),
    );
    let w = wires.clone();
    socket.on(
        "unsubscribe",
        move |s: SocketRef, Data(sub): Data<Value>, ack: AckSender| unsubscribe(s, sub, ack, w),
    );
    // The devtools measure the round trip with this: answered at once, never relayed.
    socket.on("plugwire:ping", async |ack: AckSender| {
        let _ = ack.send(&json!({ "pong": true }));
    });
    socket.on("client event", whisper);
    socket.on_fallback(relay);
    socket.on_disconnect(move |s: SocketRef, reason: DisconnectReason| {
        let wires = wires.clone();
        async move {
            info!(socket = %s.id, ?reason, "client disconnected");
            for (channel, member) in wires.presence.leave_all(&s.id.to_string()) {
                leaving(&s, &channel, &member).await;
            }
        }
    });
}

async fn whisper(s: SocketRef, Data(w): Data<Whisper>) {
    if is_reserved(&w.event) {
        warn!(socket = %s.id, channel = ?w.channel, event = ?w.event, "whisper with a reserved event name dropped");
        return;
    }
    info!(socket = %s.id, channel = ?w.channel, event = ?w.event, "in  whisper");
    let room = channel_room(&w.channel);
    let echo_args = (&w.channel, &w.data);
    let echo = s.to(room.clone()).except(PLAIN).emit(&w.event, &echo_args);
    let plain = s.to(room).except(ECHO).emit(&w.event, &w.data);
    let _ = tokio::join!(echo, plain);
}

async fn relay(s: SocketRef, Event(event): Event, Data(args): Data<Args>, ack: AckSender) {
    let event = unescape_event(&event).into_owned();
    if is_reserved(&event) {
        warn!(socket = %s.id, event = ?event, "reserved event name not relayed");
        let _ = ack
            .send(&json!({ "ok": false, "error": format!("{event:?} is a reserved event name") }));
        return;
    }
    let others = s.broadcast().sockets().len();
    info!(socket = %s.id, event = ?event, args = args.0.len(), relayed_to = others, "in  relay");
    if let Err(e) = s.broadcast().emit(&event, &args).await {
        warn!(event = ?event, error = %e, "relay failed");
    }
    let _ = ack.send(&json!({ "ok": true, "clients": others }));
}

/// The `channel` of a subscribe / unsubscribe request.
fn channel_of(sub: &Value) -> Option<String> {
    sub.get("channel")
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
}

/// Answers a subscribe / unsubscribe request that names no channel.
fn missing_channel(socket: &SocketRef, ack: AckSender) {
    warn!(socket = %socket.id, "subscription without a channel");
    let _ = socket.emit("subscription_error", &(Value::Null, 400));
    let _ = ack.send(&json!({ "ok": false, "error": "channel is required" }));
}

/// A client that subscribes speaks Echo's protocol: put it on the echo wire if it is not.
fn speak_echo(socket: &SocketRef) {
    if socket.rooms().iter().any(|r| r == PLAIN) {
        socket.leave(PLAIN);
        socket.join(ECHO);
        warn!(
            socket = %socket.id,
            "a client on the plain wire subscribed to a channel: it speaks Laravel Echo's protocol, so it now gets (event, channel, data); connect it with the query wire=echo to say so"
        );
    }
}

async fn subscribe(socket: SocketRef, sub: Value, ack: AckSender, wires: Wires) {
    let Some(channel) = channel_of(&sub) else {
        return missing_channel(&socket, ack);
    };
    speak_echo(&socket);
    let auth = sub.get("auth");
    if let Err(status) = wires.rules.check(&channel, auth) {
        warn!(socket = %socket.id, channel = ?channel, status, "subscription refused by the channel rules");
        let _ = socket.emit("subscription_error", &(&channel, status));
        let _ = ack.send(&json!({ "ok": false, "channel": channel, "status": status, "error": "refused by the channel rules" }));
        return;
    }
    let room = channel_room(&channel);
    socket.join(room.clone());
    info!(socket = %socket.id, channel = ?channel, "in  subscribe");
    if is_presence(&channel) {
        let member = Member::from_auth(auth, &socket.id.to_string());
        let joined = wires
            .presence
            .join(&channel, &socket.id.to_string(), member.clone());
        let _ = socket.emit("presence:subscribed", &(&channel, &joined.members));
        if joined.is_new {
            let _ = socket
                .to(room)
                .emit("presence:joining", &(&channel, &member))
                .await;
        }
    }
    let _ = ack.send(&json!({ "ok": true, "channel": channel }));
}

async fn unsubscribe(socket: SocketRef, sub: Value, ack: AckSender, wires: Wires) {
    let Some(channel) = channel_of(&sub) else {
        return missing_channel(&socket, ack);
    };
    socket.leave(channel_room(&channel));
    info!(socket = %socket.id, channel = ?channel, "in  unsubscribe");
    if let Some(member) = wires.presence.leave(&channel, &socket.id.to_string()) {
        leaving(&socket, &channel, &member).await;
    }
    let _ = ack.send(&json!({ "ok": true, "channel": channel }));
}

/// Tells the rest of a presence channel that `member` left.
async fn leaving(socket: &SocketRef, channel: &str, member: &Member) {
    info!(socket = %socket.id, channel = ?channel, user = %member.user_id, "presence leaving");
    let _ = socket
        .to(channel_room(channel))
        .emit("presence:leaving", &(channel, member))
        .await;
}

/// Numbers the deliveries, whose rooms must not meet.
static DELIVERY: AtomicU64 = AtomicU64::new(0);

/// Sends `event` to the clients it is for, in each one's wire format. Returns how many.
///
/// Serialising a large `data` takes a while: call this from a blocking thread (the HTTP handler
/// does), so the async workers stay free for `/health` and the other clients.
pub async fn deliver(
    io: &SocketIo,
    rooms: bool,
    event: &str,
    channel: Option<&str>,
    data: &Value,
) -> usize {
    let (echo, plain) = match (channel, rooms) {
        (Some(c), true) => {
            let room = channel_room(c);
            (io.to(room.clone()).except(PLAIN), io.to(room).except(ECHO))
        }
        _ => (io.to(ECHO), io.to(PLAIN)),
    };
    // The answer says how many clients received the event, so a client that joins the room
    // while the event is on its way must not receive it uncounted. The members are moved, in
    // one adapter step, into a room of this delivery alone, and the event goes to that room.
    let n = DELIVERY.fetch_add(1, Ordering::Relaxed);
    let (echo_room, plain_room) = (format!("delivery:{n}:echo"), format!("delivery:{n}:plain"));
    let (a, b) = tokio::join!(echo.join(echo_room.clone()), plain.join(plain_room.clone()));
    if let Err(e) = a.and(b) {
        warn!(event = ?event, error = %e, "emit failed");
    }
    let count =
        io.to(echo_room.clone()).sockets().len() + io.to(plain_room.clone()).sockets().len();
    let echo_args = (channel, data);
    let (a, b) = tokio::join!(
        io.to(echo_room.clone()).emit(event, &echo_args),
        io.to(plain_room.clone()).emit(event, data)
    );
    let (c, d) = tokio::join!(
        io.to(echo_room.clone()).leave(echo_room),
        io.to(plain_room.clone()).leave(plain_room)
    );
    if let Err(e) = c.and(d) {
        warn!(event = ?event, error = %e, "leaving a delivery room failed");
    }
    if let Err(e) = a.and(b) {
        warn!(event = ?event, error = %e, "emit failed");
    }
    info!(
        event = ?event,
        channel = ?channel.unwrap_or("-"),
        clients = count,
        "out event"
    );
    count
}
