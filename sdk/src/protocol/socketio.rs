//! Socket.IO v5 packets: `<type>[<attachments>-][<nsp>,][<ackId>][JSON]`.
//!
//! The decoder reads the header; the JSON data is kept as text, unparsed: whoever needs its
//! value parses it once and checks its shape ([`check_shape`]; the browser client leaves that
//! to the host, see [`crate::payload`]).

use crate::prelude::*;
use alloc::borrow::Cow;

use thiserror::Error;

use super::json::{self, JsonError, Kind};

/// Default cap on binary attachments per packet, as in the reference implementation.
pub const MAX_ATTACHMENTS: usize = 10;

/// Largest ack id accepted: ids are JavaScript numbers on the other side.
pub const MAX_ACK_ID: u64 = (1 << 53) - 1;

/// Event names a client may neither emit nor receive: they are the socket's own events.
pub const RESERVED_EVENTS: [&str; 6] = [
    "connect",
    "connect_error",
    "disconnect",
    "disconnecting",
    "newListener",
    "removeListener",
];

/// Why a Socket.IO packet could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PacketError {
    /// An empty message.
    #[error("empty packet")]
    Empty,
    /// The first character is not a packet type digit (0-6).
    #[error("unknown packet type")]
    UnknownType,
    /// A binary packet without a well-formed `<count>-` prefix.
    #[error("illegal attachments")]
    BadAttachments,
    /// More attachments announced than the decoder accepts.
    #[error("too many attachments")]
    TooManyAttachments,
    /// An ack id that is not a number a JavaScript peer could have sent, or an ack without id.
    #[error("invalid ack id")]
    BadAckId,
    /// A packet type that needs data arrived without any.
    #[error("missing payload")]
    MissingPayload,
    /// The data is JSON but not of the shape this packet type needs.
    #[error("invalid payload")]
    InvalidPayload,
    /// The data is not JSON.
    #[error("invalid payload: {0}")]
    Json(#[from] JsonError),
    /// The message bytes are not UTF-8.
    #[error("packet is not valid UTF-8")]
    Utf8,
}

impl PacketError {
    /// A short, static description (what socket.io-parser says), for code that must not pull
    /// in the formatting machinery.
    pub fn as_str(&self) -> &'static str {
        match self {
            PacketError::Empty | PacketError::UnknownType => "unknown packet type",
            PacketError::BadAttachments | PacketError::TooManyAttachments => "illegal attachments",
            PacketError::BadAckId => "invalid ack id",
            _ => "invalid payload",
        }
    }
}

/// The seven Socket.IO packet types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PacketKind {
    /// `0`: join a namespace (client) / joined it (server, with `{sid}`).
    Connect,
    /// `1`: leave a namespace.
    Disconnect,
    /// `2`: an event: `["name", ...args]`.
    Event,
    /// `3`: the answer to an event that asked for one: `[...args]`.
    Ack,
    /// `4`: the server refused the namespace connection: `{message, data?}`.
    ConnectError,
    /// `5`: an event whose arguments hold binary attachments.
    BinaryEvent,
    /// `6`: an ack whose arguments hold binary attachments.
    BinaryAck,
}

impl PacketKind {
    fn from_byte(b: u8) -> Option<Self> {
        Some(match b {
            b'0' => Self::Connect,
            b'1' => Self::Disconnect,
            b'2' => Self::Event,
            b'3' => Self::Ack,
            b'4' => Self::ConnectError,
            b'5' => Self::BinaryEvent,
            b'6' => Self::BinaryAck,
            _ => return None,
        })
    }

    fn as_char(self) -> char {
        match self {
            Self::Connect => '0',
            Self::Disconnect => '1',
            Self::Event => '2',
            Self::Ack => '3',
            Self::ConnectError => '4',
            Self::BinaryEvent => '5',
            Self::BinaryAck => '6',
        }
    }

    /// Whether packets of this kind are followed by binary attachments.
    pub fn is_binary(self) -> bool {
        matches!(self, Self::BinaryEvent | Self::BinaryAck)
    }

    /// The binary variant of an event or ack kind (other kinds are returned unchanged).
    pub fn with_binary(self) -> Self {
        match self {
            Self::Event => Self::BinaryEvent,
            Self::Ack => Self::BinaryAck,
            k => k,
        }
    }
}

/// One Socket.IO packet, its data kept as JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet<'a> {
    /// What the packet is.
    pub kind: PacketKind,
    /// Namespace, `/` by default.
    pub nsp: Cow<'a, str>,
    /// Ack id: an event with an id asks for an ack; an ack names the event it answers.
    pub id: Option<u64>,
    /// Number of binary attachments that follow (binary kinds only).
    pub attachments: usize,
    /// The JSON data, as text.
    pub data: Option<Cow<'a, str>>,
}

/// Appends the decimal digits of `n` (without the formatting machinery).
pub fn push_u64(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        if let Some(slot) = buf.get_mut(i) {
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    for &d in buf.get(i..).unwrap_or(&[]) {
        out.push(d as char);
    }
}

fn digits_at(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

/// Parses decimal digits (nothing else) into a `u64`, `None` on overflow.
pub fn parse_u64(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u64, |n, b| {
        if b.is_ascii_digit() {
            n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        } else {
            None
        }
    })
}

impl<'a> Packet<'a> {
    /// A packet in namespace `nsp` with optional JSON data.
    pub fn new(kind: PacketKind, nsp: impl Into<Cow<'a, str>>, data: Option<Cow<'a, str>>) -> Self {
        Packet {
            kind,
            nsp: nsp.into(),
            id: None,
            attachments: 0,
            data,
        }
    }

    /// Decodes a text message with the default attachment cap.
    pub fn decode(text: &'a str) -> Result<Self, PacketError> {
        Self::decode_with(text, MAX_ATTACHMENTS)
    }

    /// Decodes message bytes, checking they are UTF-8 first.
    pub fn decode_bytes(bytes: &'a [u8]) -> Result<Self, PacketError> {
        let text = core::str::from_utf8(bytes).map_err(|_| PacketError::Utf8)?;
        Self::decode(text)
    }

    /// Decodes a text message, accepting at most `max_attachments` attachments.
    pub fn decode_with(text: &'a str, max_attachments: usize) -> Result<Self, PacketError> {
        let b = text.as_bytes();
        let kind = PacketKind::from_byte(*b.first().ok_or(PacketError::Empty)?)
            .ok_or(PacketError::UnknownType)?;
        let mut i = 1;

        let mut attachments = 0;
        if kind.is_binary() {
            let end = digits_at(b, i);
            if end == i || b.get(end) != Some(&b'-') {
                return Err(PacketError::BadAttachments);
            }
            attachments = text
                .get(i..end)
                .and_then(parse_u64)
                .ok_or(PacketError::TooManyAttachments)? as usize;
            if attachments > max_attachments {
                return Err(PacketError::TooManyAttachments);
            }
            i = end + 1;
        }

        let mut nsp = Cow::Borrowed("/");
        if b.get(i) == Some(&b'/') {
            let rest = text.get(i..).unwrap_or("");
            let (name, next) = match super::find_byte(rest, b',') {
                Some(comma) => (rest.get(..comma).unwrap_or(""), i + comma + 1),
                None => (rest, b.len()),
            };
            // socket.io-parser takes any text up to the comma as the name (a packet for a
            // namespace no socket joined is then dropped).
            nsp = Cow::Borrowed(name);
            i = next;
        }

        let mut id = None;
        let end = digits_at(b, i);
        if end > i {
            // socket.io-parser reads any digits as a Number: an id too large for one matches
            // no pending ack, so it is kept as one that never will (u64::MAX), not an error.
            let n = text
                .get(i..end)
                .and_then(parse_u64)
                .filter(|n| *n <= MAX_ACK_ID)
                .unwrap_or(u64::MAX);
            id = Some(n);
            i = end;
        }
        if matches!(kind, PacketKind::Ack | PacketKind::BinaryAck) && id.is_none() {
            return Err(PacketError::BadAckId);
        }

        let data = text.get(i..).filter(|d| !d.is_empty());
        match data {
            Some(_) if kind == PacketKind::Disconnect => return Err(PacketError::InvalidPayload),
            Some(_) => {}
            // socket.io-parser checks the data only when there is some: an event without any
            // decodes (socket.io-client then emits nothing).
            None if !matches!(
                kind,
                PacketKind::Ack | PacketKind::BinaryAck | PacketKind::ConnectError
            ) => {}
            None => return Err(PacketError::MissingPayload),
        }
        Ok(Packet {
            kind,
            nsp,
            id,
            attachments,
            data: data.map(Cow::Borrowed),
        })
    }

    /// The text form of this packet.
    pub fn encode(&self) -> String {
        let data = self.data.as_deref().unwrap_or("");
        let mut out = String::with_capacity(self.nsp.len() + data.len() + 24);
        out.push(self.kind.as_char());
        if self.kind.is_binary() {
            push_u64(&mut out, self.attachments as u64);
            out.push('-');
        }
        if !self.nsp.is_empty() && self.nsp != "/" {
            out.push_str(&self.nsp);
            out.push(',');
        }
        if let Some(id) = self.id {
            push_u64(&mut out, id);
        }
        out.push_str(data);
        out
    }

    /// An owned copy, free of the input's lifetime.
    pub fn into_owned(self) -> Packet<'static> {
        Packet {
            kind: self.kind,
            nsp: Cow::Owned(self.nsp.into_owned()),
            id: self.id,
            attachments: self.attachments,
            data: self.data.map(|d| Cow::Owned(d.into_owned())),
        }
    }
}

/// Whether `name` is one of [`RESERVED_EVENTS`].
pub fn is_reserved(name: &str) -> bool {
    RESERVED_EVENTS.contains(&name)
}

/// Checks that `data` is JSON of the shape the packet type needs, as socket.io-parser does
/// (for native users of the codec; the browser's host checks the values it parses).
pub fn check_shape(kind: PacketKind, data: &str) -> Result<(), PacketError> {
    let shape = json::validate(data)?;
    let ok = match kind {
        PacketKind::Connect => shape.top == Kind::Object,
        PacketKind::Disconnect => false,
        PacketKind::ConnectError => matches!(shape.top, Kind::Object | Kind::String),
        PacketKind::Ack | PacketKind::BinaryAck => shape.top == Kind::Array,
        PacketKind::Event | PacketKind::BinaryEvent => match shape.first {
            Some((Kind::Number, _)) => true,
            Some((Kind::String, range)) => {
                // The validated string literal, without its quotes.
                let raw = data.get(range.start + 1..range.end - 1).unwrap_or("");
                if super::find_byte(raw, b'\\').is_some() {
                    !is_reserved(&json::unescape(raw))
                } else {
                    !is_reserved(raw)
                }
            }
            _ => false,
        },
    };
    if ok {
        Ok(())
    } else {
        Err(PacketError::InvalidPayload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pk(
        kind: PacketKind,
        nsp: &str,
        id: Option<u64>,
        att: usize,
        data: Option<&str>,
    ) -> Packet<'static> {
        Packet {
            kind,
            nsp: Cow::Owned(nsp.to_owned()),
            id,
            attachments: att,
            data: data.map(|d| Cow::Owned(d.to_owned())),
        }
    }

    #[test]
    fn every_packet_type_round_trips() {
        use PacketKind::*;
        for (text, p) in [
            ("0", pk(Connect, "/", None, 0, None)),
            ("0{\"token\":\"t\"}", pk(Connect, "/", None, 0, Some("{\"token\":\"t\"}"))),
            ("0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}", pk(Connect, "/admin", None, 0, Some("{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}"))),
            ("1", pk(Disconnect, "/", None, 0, None)),
            ("1/admin,", pk(Disconnect, "/admin", None, 0, None)),
            ("2[\"hello\",1]", pk(Event, "/", None, 0, Some("[\"hello\",1]"))),
            ("2/chat,12[\"message\",{\"a\":1}]", pk(Event, "/chat", Some(12), 0, Some("[\"message\",{\"a\":1}]"))),
            ("2[1,2]", pk(Event, "/", None, 0, Some("[1,2]"))),
            ("3/admin,13[\"bar\"]", pk(Ack, "/admin", Some(13), 0, Some("[\"bar\"]"))),
            ("31[]", pk(Ack, "/", Some(1), 0, Some("[]"))),
            ("4{\"message\":\"Not authorized\"}", pk(ConnectError, "/", None, 0, Some("{\"message\":\"Not authorized\"}"))),
            ("4/chat,\"refused\"", pk(ConnectError, "/chat", None, 0, Some("\"refused\""))),
            ("51-[\"hello\",{\"_placeholder\":true,\"num\":0}]", pk(BinaryEvent, "/", None, 1, Some("[\"hello\",{\"_placeholder\":true,\"num\":0}]"))),
            ("52-/chat,7[\"up\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", pk(BinaryEvent, "/chat", Some(7), 2, Some("[\"up\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"))),
            ("61-/admin,15[{\"_placeholder\":true,\"num\":0}]", pk(BinaryAck, "/admin", Some(15), 1, Some("[{\"_placeholder\":true,\"num\":0}]"))),
        ] {
            assert_eq!(Packet::decode(text).as_ref(), Ok(&p), "decode {text}");
            assert_eq!(p.encode(), text, "encode {text}");
        }
    }

    /// As socket.io-parser reads them: a name is any text up to the comma, and an event's data is
    /// checked only when there is some.
    #[test]
    fn names_and_missing_event_data_decode_as_socket_io_parser_reads_them() {
        use PacketKind::*;
        for (text, p) in [
            (
                "2/ch at,[\"a\"]",
                pk(Event, "/ch at", None, 0, Some("[\"a\"]")),
            ),
            ("2/chat[\"a\"]", pk(Event, "/chat[\"a\"]", None, 0, None)),
            (
                "2/ch\u{1}t,[\"a\"]",
                pk(Event, "/ch\u{1}t", None, 0, Some("[\"a\"]")),
            ),
            ("2", pk(Event, "/", None, 0, None)),
            ("2/chat,", pk(Event, "/chat", None, 0, None)),
            ("51-", pk(BinaryEvent, "/", None, 1, None)),
        ] {
            assert_eq!(Packet::decode(text).as_ref(), Ok(&p), "decode {text:?}");
        }
    }

    #[test]
    fn namespace_without_trailing_comma_is_accepted() {
        let p = Packet::decode("1/admin").unwrap();
        assert_eq!(p.nsp, "/admin");
        assert_eq!(p.data, None);
    }

    #[test]
    fn rejects_malformed_packets() {
        use PacketError::*;
        for (text, err) in [
            ("", Empty),
            ("7[\"x\"]", UnknownType),
            ("a", UnknownType),
            ("é", UnknownType),
            // truncated
            ("3", BadAckId),
            ("31", MissingPayload),
            ("4", MissingPayload),
            ("5", BadAttachments),
            ("51", BadAttachments),
            ("5-[\"a\"]", BadAttachments),
            ("5x-[\"a\"]", BadAttachments),
            // attachment counts
            ("511-[\"a\"]", TooManyAttachments),
            ("599999999999999999999999-[\"a\"]", TooManyAttachments),
            // ack ids
            ("3[\"a\"]", BadAckId),
            ("3/chat,[]", BadAckId),
            // a DISCONNECT carries nothing
            ("1{}", InvalidPayload),
        ] {
            assert_eq!(Packet::decode(text), Err(err), "decode {text:?}");
        }
    }

    #[test]
    fn payloads_are_left_unparsed_and_check_shape_reads_them_as_socket_io_parser() {
        use PacketError::*;
        for (text, err) in [
            ("2[\"ev\"", Json(JsonError::Eof)),
            ("2[\"ev\",{\"a\":", Json(JsonError::Eof)),
            ("2{\"a\":1}", InvalidPayload),
            ("2[]", InvalidPayload),
            ("2[null]", InvalidPayload),
            ("2[{}]", InvalidPayload),
            ("2\"ev\"", InvalidPayload),
            ("2[\"connect\"]", InvalidPayload),
            ("2[\"disconnect\",1]", InvalidPayload),
            ("2[\"\\u0063onnect\"]", InvalidPayload),
            ("31{}", InvalidPayload),
            ("0[1]", InvalidPayload),
            ("0\"x\"", InvalidPayload),
            ("4[1]", InvalidPayload),
            ("2abc", Json(JsonError::Unexpected(0))),
            ("2[\"a\"]x", Json(JsonError::Trailing(5))),
        ] {
            let p = Packet::decode(text).expect(text);
            let data = p.data.as_deref().unwrap_or("");
            assert_eq!(check_shape(p.kind, data), Err(err), "shape of {text:?}");
        }
    }

    #[test]
    fn largest_ack_id_is_accepted() {
        let p = Packet::decode("29007199254740991[\"a\"]").unwrap();
        assert_eq!(p.id, Some(MAX_ACK_ID));
        assert_eq!(p.encode(), "29007199254740991[\"a\"]");
        // Larger ids match no ack: kept as one that never will, as socket.io-parser's Number.
        for big in ["39007199254740992[\"a\"]", "3999999999999999999999[\"a\"]"] {
            assert_eq!(Packet::decode(big).unwrap().id, Some(u64::MAX));
        }
    }

    #[test]
    fn attachment_cap_is_configurable() {
        assert!(Packet::decode_with("53-[\"a\"]", 3).is_ok());
        assert_eq!(
            Packet::decode_with("54-[\"a\"]", 3),
            Err(PacketError::TooManyAttachments)
        );
    }

    #[test]
    fn invalid_utf8_is_rejected() {
        assert_eq!(Packet::decode_bytes(b"2[\"\xff\"]"), Err(PacketError::Utf8));
        assert!(Packet::decode_bytes(b"2[\"ok\"]").is_ok());
    }

    #[test]
    fn escaped_event_names_that_are_not_reserved_pass() {
        assert!(check_shape(PacketKind::Event, "[\"\\u0063hat\"]").is_ok());
        assert!(check_shape(PacketKind::Event, "[\"conn\\\"ect\"]").is_ok());
    }

    #[test]
    fn push_u64_writes_decimal() {
        for n in [0u64, 7, 10, 12345, u64::MAX] {
            let mut s = String::new();
            push_u64(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
}
