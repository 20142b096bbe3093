//! Engine.IO v3, the transport of Socket.IO 1.x and 2.x servers (laravel-echo-server runs
//! socket.io 2.x): the packets are v4's, the framing differs.
//!
//! - A polling payload is `<length>:<packet>` repeated, the length counted in UTF-16 code
//!   units (JavaScript's `String#length`: `€` is 1, `😀` is 2), with no separator.
//! - A binary packet in a text payload is `b`, its type digit, then the base64 of its bytes
//!   (`b4AQID`). The client asks for this form with `b64=1` on its handshake, so the server
//!   never answers with the binary payload framing.
//! - A binary WebSocket frame starts with the packet's type byte (4: `message`).
//!
//! The rest of v3 (the client sends the pings) lives in the engine.

use crate::prelude::*;

use super::engine::{Data, EngineError, Packet, SEPARATOR};
use super::socketio::{parse_u64, push_u64};

/// Whether a polling body is in v3's framing: digits, then `:` (a v4 body starts with a
/// packet type digit followed by anything but another digit or `:`).
pub fn is_framed(body: &str) -> bool {
    next_record(body, true).0.is_ok()
}

/// Decodes one v3 packet: a text packet as in v4, `b4<base64>` for binary data.
pub fn decode_packet(text: &str) -> Result<Packet<'_>, EngineError> {
    Packet::decode_record(text, true)
}

/// Splits the next record off a polling payload: v4's end at `\x1e`, v3's are `<length>:`
/// followed by that many UTF-16 code units. Returns the record and what follows it, if
/// anything; after an error, nothing follows.
pub fn next_record(payload: &str, v3: bool) -> (Result<&str, EngineError>, Option<&str>) {
    // `find_byte` and `get`, not `split_once` / `split_at`: their searchers and panicking
    // paths cost kilobytes of wasm.
    if !v3 {
        return match super::find_byte(payload, SEPARATOR as u8) {
            Some(i) => (Ok(payload.get(..i).unwrap_or("")), payload.get(i + 1..)),
            None => (Ok(payload), None),
        };
    }
    let colon = super::find_byte(payload, b':');
    let len = colon
        .and_then(|c| payload.get(..c))
        .and_then(parse_u64)
        .and_then(|n| usize::try_from(n).ok());
    let (Some(len), Some(after)) = (len, colon.and_then(|c| payload.get(c + 1..))) else {
        return (Err(EngineError::Framing), None);
    };
    // The byte where `len` UTF-16 code units from `after` end, read from the UTF-8 bytes: a
    // character is one unit, two when it takes four bytes (a surrogate pair).
    let mut units = 0;
    let mut end = after.len();
    for (i, &b) in after.as_bytes().iter().enumerate() {
        if b & 0xc0 == 0x80 {
            continue;
        }
        if units >= len {
            end = i;
            break;
        }
        units += 1 + usize::from(b >= 0xf0);
    }
    if units != len {
        // Too short, or the length ends inside a surrogate pair.
        return (Err(EngineError::Framing), None);
    }
    let rest = after.get(end..).filter(|r| !r.is_empty());
    (Ok(after.get(..end).unwrap_or("")), rest)
}

/// Decodes a v3 polling payload: its packets, in order; a bad length ends it with an error.
pub fn decode_payload(payload: &str) -> Vec<Result<Packet<'_>, EngineError>> {
    let mut out = Vec::new();
    let mut rest = Some(payload).filter(|p| !p.is_empty());
    while let Some(r) = rest {
        let (record, next) = next_record(r, true);
        out.push(record.and_then(decode_packet));
        rest = next;
    }
    out
}

/// Encodes packets as one v3 polling payload.
pub fn encode_payload<'p, 'a: 'p>(packets: impl IntoIterator<Item = &'p Packet<'a>>) -> String {
    let mut out = String::new();
    for p in packets {
        // The length in UTF-16 code units, known before encoding: the type character and the
        // text, or `b4` and the base64 of the bytes.
        let units = match &p.data {
            Data::Text(t) => {
                1 + t.bytes().filter(|b| b & 0xc0 != 0x80).count()
                    + t.bytes().filter(|b| *b >= 0xf0).count()
            }
            Data::Binary(b) => 2 + b.len().div_ceil(3) * 4,
        };
        push_u64(&mut out, units as u64);
        out.push(':');
        p.encode_record(&mut out, true);
    }
    out
}

/// Decodes a v3 binary WebSocket frame: the type byte, then the data (only a `message`
/// carries bytes).
pub fn decode_frame(bytes: &[u8]) -> Result<Packet<'_>, EngineError> {
    match bytes.split_first() {
        Some((4, data)) => Ok(Packet::binary(data)),
        Some(_) => Err(EngineError::UnknownType),
        None => Err(EngineError::Empty),
    }
}

/// Encodes bytes as a v3 binary WebSocket frame (a `message`).
pub fn encode_frame(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&[4]);
    out.extend_from_slice(bytes);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::protocol::engine::PacketType;

    fn decode_all(s: &str) -> Result<Vec<Packet<'_>>, EngineError> {
        decode_payload(s).into_iter().collect()
    }

    #[test]
    fn recognises_v3_framing() {
        assert!(is_framed("12:0{\"sid\":\"a\"}2:40"));
        assert!(is_framed("1:6"));
        assert!(!is_framed("0{\"sid\":\"a\"}"));
        assert!(!is_framed("40\x1e2"));
        assert!(!is_framed(":40"));
        assert!(!is_framed(""));
    }

    #[test]
    fn decodes_a_socket_io_2_handshake_payload() {
        let open =
            r#"0{"sid":"x","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000}"#;
        let body = format!("{}:{open}2:40", open.len());
        assert_eq!(
            decode_all(&body).unwrap(),
            vec![
                Packet::text(PacketType::Open, &open[1..]),
                Packet::text(PacketType::Message, "0"),
            ]
        );
    }

    #[test]
    fn lengths_count_utf16_code_units() {
        // `€` is one UTF-16 unit (three UTF-8 bytes), `😀` two (four bytes).
        let body = "2:4€3:4😀1:3";
        assert_eq!(
            decode_all(body).unwrap(),
            vec![
                Packet::text(PacketType::Message, "€"),
                Packet::text(PacketType::Message, "😀"),
                Packet::text(PacketType::Pong, ""),
            ]
        );
        let packets = [
            Packet::text(PacketType::Message, "€"),
            Packet::text(PacketType::Message, "😀"),
            Packet::text(PacketType::Ping, ""),
        ];
        assert_eq!(encode_payload(&packets), "2:4€3:4😀1:2");
    }

    #[test]
    fn binary_packets_are_b4_and_base64() {
        assert_eq!(
            decode_all("6:b4AQID1:6").unwrap(),
            vec![
                Packet::binary(vec![1, 2, 3]),
                Packet::text(PacketType::Noop, "")
            ]
        );
        assert_eq!(encode_payload(&[Packet::binary(vec![1, 2, 3])]), "6:b4AQID");
        assert_eq!(decode_packet("b2AQID"), Err(EngineError::UnknownType));
        assert_eq!(decode_packet("b4!!"), Err(EngineError::Base64));
    }

    #[test]
    fn rejects_bad_framing_without_panicking() {
        for bad in [
            "x:4a",
            "4a",
            "5:4a",
            "2:4😀",
            "99999999999999999999999:4",
            ":4",
            "1:",
        ] {
            assert!(
                decode_all(bad).is_err(),
                "{bad:?} should not decode: {:?}",
                decode_all(bad)
            );
        }
        assert_eq!(decode_all("0:"), Err(EngineError::Empty));
    }

    #[test]
    fn binary_frames_carry_a_type_byte() {
        assert_eq!(decode_frame(&[4, 1, 2]), Ok(Packet::binary(vec![1, 2])));
        assert_eq!(decode_frame(&[4]), Ok(Packet::binary(vec![])));
        assert_eq!(decode_frame(&[]), Err(EngineError::Empty));
        assert_eq!(decode_frame(&[2, 1]), Err(EngineError::UnknownType));
        assert_eq!(encode_frame(&[1, 2]), vec![4, 1, 2]);
    }
}
