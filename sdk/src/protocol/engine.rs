//! Engine.IO v4 packets, the HTTP long-polling payload format, and the open handshake.
//!
//! A text packet is its type digit followed by its data (`4hello`, `2probe`). Over WebSocket a
//! binary packet is a binary frame holding the raw bytes of a `message`; in a polling payload it
//! is `b` followed by the base64 of those bytes. A polling payload joins packets with the record
//! separator `\x1e`.

use crate::prelude::*;
use alloc::borrow::Cow;

use thiserror::Error;

use super::json::{self, Field, JsonError};
use super::socketio::parse_u64;

/// The record separator between packets of a polling payload.
pub const SEPARATOR: char = '\x1e';

/// Why an Engine.IO packet or payload could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EngineError {
    /// A packet with no type character.
    #[error("empty packet")]
    Empty,
    /// The first character is not a packet type digit (0-6) nor `b`.
    #[error("unknown packet type")]
    UnknownType,
    /// A `b` packet whose body is not base64.
    #[error("invalid base64 in binary packet")]
    Base64,
    /// A payload whose bytes are not UTF-8.
    #[error("payload is not valid UTF-8")]
    Utf8,
    /// An Engine.IO v3 payload whose `<length>:` prefix is missing or wrong.
    #[error("invalid payload length")]
    Framing,
}

/// Why an open packet could not be read as a handshake.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum HandshakeError {
    /// The open packet's data is not JSON.
    #[error("handshake is not JSON: {0}")]
    Json(#[from] JsonError),
    /// A required field is missing or has the wrong type.
    #[error("handshake field `{0}` is missing or invalid")]
    Field(&'static str),
}

/// The seven Engine.IO packet types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PacketType {
    /// `0`: sent by the server when a session opens, with the handshake.
    Open,
    /// `1`: the transport is being closed.
    Close,
    /// `2`: heartbeat sent by the server (or `2probe` by the client during an upgrade).
    Ping,
    /// `3`: answer to a ping.
    Pong,
    /// `4`: a message for the layer above (Socket.IO).
    Message,
    /// `5`: completes an upgrade to WebSocket.
    Upgrade,
    /// `6`: does nothing; used to end a pending poll during an upgrade.
    Noop,
}

impl PacketType {
    /// The type for a type digit.
    pub fn from_char(c: char) -> Option<Self> {
        Some(match c {
            '0' => Self::Open,
            '1' => Self::Close,
            '2' => Self::Ping,
            '3' => Self::Pong,
            '4' => Self::Message,
            '5' => Self::Upgrade,
            '6' => Self::Noop,
            _ => return None,
        })
    }

    /// The type digit of this type.
    pub fn as_char(self) -> char {
        match self {
            Self::Open => '0',
            Self::Close => '1',
            Self::Ping => '2',
            Self::Pong => '3',
            Self::Message => '4',
            Self::Upgrade => '5',
            Self::Noop => '6',
        }
    }
}

/// The data a packet carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Data<'a> {
    /// Text (possibly empty).
    Text(Cow<'a, str>),
    /// Bytes (only `message` packets carry bytes).
    Binary(Cow<'a, [u8]>),
}

/// One Engine.IO packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet<'a> {
    /// What the packet is.
    pub kind: PacketType,
    /// What it carries.
    pub data: Data<'a>,
}

impl<'a> Packet<'a> {
    /// A packet with text data.
    pub fn text(kind: PacketType, data: impl Into<Cow<'a, str>>) -> Self {
        Packet {
            kind,
            data: Data::Text(data.into()),
        }
    }

    /// A `message` packet carrying bytes.
    pub fn binary(bytes: impl Into<Cow<'a, [u8]>>) -> Self {
        Packet {
            kind: PacketType::Message,
            data: Data::Binary(bytes.into()),
        }
    }

    /// Decodes a text frame (WebSocket) or one record of a polling payload.
    pub fn decode_text(text: &'a str) -> Result<Self, EngineError> {
        Self::decode_record(text, false)
    }

    /// [`Packet::decode_text`] for Engine.IO `v3` too, where binary data is `b4<base64>`
    /// (the type digit after the `b`).
    pub fn decode_record(text: &'a str, v3: bool) -> Result<Self, EngineError> {
        // The type is one ASCII byte; anything else (a multi-byte character too) is unknown.
        let c = *text.as_bytes().first().ok_or(EngineError::Empty)?;
        let mut rest = text.get(1..).ok_or(EngineError::UnknownType)?;
        if c == b'b' {
            if v3 {
                if rest.as_bytes().first() != Some(&b'4') {
                    return Err(EngineError::UnknownType);
                }
                rest = rest.get(1..).unwrap_or("");
            }
            let bytes = super::base64::decode(rest).ok_or(EngineError::Base64)?;
            return Ok(Packet::binary(bytes));
        }
        let kind = PacketType::from_char(c as char).ok_or(EngineError::UnknownType)?;
        Ok(Packet::text(kind, rest))
    }

    /// Decodes a binary WebSocket frame: always a `message` carrying the bytes.
    pub fn decode_binary(bytes: &'a [u8]) -> Self {
        Packet::binary(bytes)
    }

    /// Appends the text form of this packet to `out` (binary data as `b` + base64, the polling
    /// form; over WebSocket send binary data as a binary frame instead).
    pub fn encode_text(&self, out: &mut String) {
        self.encode_record(out, false)
    }

    /// [`Packet::encode_text`] for Engine.IO `v3` too (binary data as `b4<base64>`).
    pub fn encode_record(&self, out: &mut String, v3: bool) {
        match &self.data {
            Data::Text(t) => {
                out.push(self.kind.as_char());
                out.push_str(t);
            }
            Data::Binary(b) => {
                out.push('b');
                if v3 {
                    out.push('4');
                }
                super::base64::encode_into(b, out);
            }
        }
    }

    /// The text form of this packet (see [`Packet::encode_text`]).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.encode_text(&mut out);
        out
    }

    /// The text data, if the packet carries text.
    pub fn as_text(&self) -> Option<&str> {
        match &self.data {
            Data::Text(t) => Some(t),
            Data::Binary(_) => None,
        }
    }

    /// An owned copy, free of the input's lifetime.
    pub fn into_owned(self) -> Packet<'static> {
        Packet {
            kind: self.kind,
            data: match self.data {
                Data::Text(t) => Data::Text(Cow::Owned(t.into_owned())),
                Data::Binary(b) => Data::Binary(Cow::Owned(b.into_owned())),
            },
        }
    }

    /// Bytes this packet adds to a polling payload, counted as engine.io-client counts them
    /// for `maxPayload` (UTF-8 length of text, about 4/3 of the length of binary data).
    fn payload_cost(&self) -> usize {
        match &self.data {
            Data::Text(t) => t.len(),
            Data::Binary(b) => (b.len() * 4).div_ceil(3),
        }
    }
}

/// Decodes a polling payload: its packets, in order. A bad record is an error in its place;
/// records after it are still reported (the caller decides to stop, as a client must).
pub fn decode_payload(payload: &str) -> impl Iterator<Item = Result<Packet<'_>, EngineError>> {
    super::split_byte(payload, SEPARATOR as u8).map(Packet::decode_text)
}

/// Checks that a polling response body is UTF-8, then reads it as [`decode_payload`] does.
pub fn payload_text(body: &[u8]) -> Result<&str, EngineError> {
    core::str::from_utf8(body).map_err(|_| EngineError::Utf8)
}

/// Encodes packets as one polling payload.
pub fn encode_payload<'p, 'a: 'p>(packets: impl IntoIterator<Item = &'p Packet<'a>>) -> String {
    let mut out = String::new();
    for (i, p) in packets.into_iter().enumerate() {
        if i > 0 {
            out.push(SEPARATOR);
        }
        p.encode_text(&mut out);
    }
    out
}

/// How many of `packets`, from the first, fit in one polling request of at most `max_payload`
/// bytes (0 means no limit). At least one packet is always sent, as engine.io-client does.
pub fn batch_len(packets: &[Packet<'_>], max_payload: usize) -> usize {
    if max_payload == 0 || packets.len() <= 1 {
        return packets.len();
    }
    let mut size = 1; // type character of the first packet
    for (i, p) in packets.iter().enumerate() {
        size += p.payload_cost();
        if i > 0 && size > max_payload {
            return i;
        }
        size += 2; // separator and the next packet's type character
    }
    packets.len()
}

/// The data of the server's open packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handshake {
    /// Session id, sent back as `sid=` on every polling request.
    pub sid: String,
    /// Transports the session may upgrade to (normally `["websocket"]`).
    pub upgrades: Vec<String>,
    /// How often the server pings, in milliseconds.
    pub ping_interval: u64,
    /// How long the server waits for a pong, in milliseconds.
    pub ping_timeout: u64,
    /// Largest payload the server accepts in one polling request, in bytes (0: no limit).
    pub max_payload: u64,
}

impl Handshake {
    /// Reads the JSON data of an open packet (with [`json::DEFAULT`]).
    pub fn parse(text: &str) -> Result<Self, HandshakeError> {
        Self::parse_with(text, json::DEFAULT)
    }

    /// Reads the JSON data of an open packet with `json`.
    pub fn parse_with(text: &str, json: json::Reader) -> Result<Self, HandshakeError> {
        let fields = json.fields(text)?;
        let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, f)| f);
        let sid = match get("sid") {
            Some(Field::Str(s)) if !s.is_empty() => s.clone(),
            _ => return Err(HandshakeError::Field("sid")),
        };
        let upgrades = match get("upgrades") {
            None => Vec::new(),
            Some(Field::Strings(list)) => list.clone(),
            Some(_) => return Err(HandshakeError::Field("upgrades")),
        };
        let num = |name: &'static str| match get(name) {
            Some(Field::Num(n)) => parse_u64(n).ok_or(HandshakeError::Field(name)),
            _ => Err(HandshakeError::Field(name)),
        };
        Ok(Handshake {
            sid,
            upgrades,
            ping_interval: num("pingInterval")?,
            ping_timeout: num("pingTimeout")?,
            max_payload: match get("maxPayload") {
                None => 0,
                Some(_) => num("maxPayload")?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_text_packet_type() {
        for (s, kind, data) in [
            ("0{\"sid\":\"a\"}", PacketType::Open, "{\"sid\":\"a\"}"),
            ("1", PacketType::Close, ""),
            ("2", PacketType::Ping, ""),
            ("2probe", PacketType::Ping, "probe"),
            ("3probe", PacketType::Pong, "probe"),
            ("4hello é", PacketType::Message, "hello é"),
            ("5", PacketType::Upgrade, ""),
            ("6", PacketType::Noop, ""),
        ] {
            let p = Packet::decode_text(s).unwrap();
            assert_eq!(p, Packet::text(kind, data));
            assert_eq!(p.to_text(), s, "round trip of {s}");
        }
    }

    #[test]
    fn decodes_binary_frames_and_base64_records() {
        let p = Packet::decode_binary(&[1, 2, 3]);
        assert_eq!(p, Packet::binary(vec![1, 2, 3]));
        assert_eq!(p.to_text(), "bAQID");
        assert_eq!(
            Packet::decode_text("bAQID").unwrap(),
            Packet::binary(vec![1, 2, 3])
        );
        // Padding is accepted with or without '='.
        assert_eq!(
            Packet::decode_text("bAQI=").unwrap(),
            Packet::binary(vec![1, 2])
        );
        assert_eq!(
            Packet::decode_text("bAQI").unwrap(),
            Packet::binary(vec![1, 2])
        );
        assert_eq!(Packet::decode_text("b").unwrap(), Packet::binary(vec![]));
    }

    #[test]
    fn rejects_malformed_packets() {
        assert_eq!(Packet::decode_text(""), Err(EngineError::Empty));
        assert_eq!(Packet::decode_text("7"), Err(EngineError::UnknownType));
        assert_eq!(Packet::decode_text("x4"), Err(EngineError::UnknownType));
        assert_eq!(Packet::decode_text("é"), Err(EngineError::UnknownType));
        assert_eq!(Packet::decode_text("b!!!!"), Err(EngineError::Base64));
        assert_eq!(Packet::decode_text("bA"), Err(EngineError::Base64));
    }

    #[test]
    fn payloads_split_and_join_on_record_separator() {
        let body = "4hello\x1ebAQID\x1e2\x1e4";
        let packets: Vec<_> = decode_payload(body).collect::<Result<_, _>>().unwrap();
        assert_eq!(
            packets,
            vec![
                Packet::text(PacketType::Message, "hello"),
                Packet::binary(vec![1, 2, 3]),
                Packet::text(PacketType::Ping, ""),
                Packet::text(PacketType::Message, ""),
            ]
        );
        assert_eq!(encode_payload(&packets), body);
        assert_eq!(encode_payload(&[]), "");
    }

    #[test]
    fn payload_reports_bad_records_in_place() {
        let results: Vec<_> = decode_payload("4a\x1e9\x1e\x1e4b").collect();
        assert!(results[0].is_ok());
        assert_eq!(results[1], Err(EngineError::UnknownType));
        assert_eq!(results[2], Err(EngineError::Empty));
        assert!(results[3].is_ok());
    }

    #[test]
    fn payload_bytes_must_be_utf8() {
        assert_eq!(payload_text(b"4ok"), Ok("4ok"));
        assert_eq!(payload_text(&[b'4', 0xff, 0xfe]), Err(EngineError::Utf8));
        assert_eq!(payload_text(&[b'4', 0xe2, 0x82]), Err(EngineError::Utf8));
    }

    #[test]
    fn batches_respect_max_payload() {
        let p = |n: usize| Packet::text(PacketType::Message, "x".repeat(n));
        let packets = vec![p(10), p(10), p(10)];
        assert_eq!(batch_len(&packets, 0), 3);
        // 1 + 10 = 11, then +2 +10 = 23, then +2 +10 = 35.
        assert_eq!(batch_len(&packets, 35), 3);
        assert_eq!(batch_len(&packets, 34), 2);
        assert_eq!(batch_len(&packets, 23), 2);
        assert_eq!(batch_len(&packets, 22), 1);
        // The first packet always goes, even when larger than the limit.
        assert_eq!(batch_len(&packets, 5), 1);
        assert_eq!(batch_len(&[], 5), 0);
        // Binary data counts as its base64 length.
        assert_eq!(
            batch_len(&[p(1), Packet::binary(vec![0; 30])], 1 + 1 + 2 + 40),
            2
        );
        assert_eq!(
            batch_len(&[p(1), Packet::binary(vec![0; 30])], 1 + 1 + 2 + 39),
            1
        );
    }

    #[test]
    fn parses_the_open_handshake() {
        let h = Handshake::parse(
            r#"{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}"#,
        )
        .unwrap();
        assert_eq!(
            h,
            Handshake {
                sid: "lv_VI97HAXpY6yYWAAAC".into(),
                upgrades: vec!["websocket".into()],
                ping_interval: 25000,
                ping_timeout: 20000,
                max_payload: 1_000_000,
            }
        );
        let h = Handshake::parse(r#"{"sid":"a","upgrades":[],"pingInterval":1,"pingTimeout":2}"#)
            .unwrap();
        assert_eq!(h.max_payload, 0);
    }

    #[test]
    fn rejects_bad_handshakes() {
        use HandshakeError::*;
        for (s, e) in [
            ("", Json(JsonError::Eof)),
            ("{\"sid\":", Json(JsonError::Eof)),
            ("{}", Field("sid")),
            (r#"{"sid":""}"#, Field("sid")),
            (r#"{"sid":5}"#, Field("sid")),
            (r#"{"sid":"a","upgrades":"websocket"}"#, Field("upgrades")),
            (r#"{"sid":"a","upgrades":[1]}"#, Field("upgrades")),
            (r#"{"sid":"a","pingInterval":25000}"#, Field("pingTimeout")),
            (
                r#"{"sid":"a","pingInterval":-1,"pingTimeout":1}"#,
                Field("pingInterval"),
            ),
            (
                r#"{"sid":"a","pingInterval":1e3,"pingTimeout":1}"#,
                Field("pingInterval"),
            ),
            (
                r#"{"sid":"a","pingInterval":99999999999999999999999,"pingTimeout":1}"#,
                Field("pingInterval"),
            ),
            (
                r#"{"sid":"a","pingInterval":1,"pingTimeout":1,"maxPayload":"x"}"#,
                Field("maxPayload"),
            ),
        ] {
            assert_eq!(Handshake::parse(s), Err(e), "{s}");
        }
    }
}
