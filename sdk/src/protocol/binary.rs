//! Binary attachments: placeholder deconstruction for sending, and a streaming reassembler that
//! joins a binary packet with the attachments that follow it.
//!
//! A packet whose arguments hold bytes is sent as `5<n>-…` with each byte buffer replaced by
//! `{"_placeholder":true,"num":i}`, followed by the `n` buffers as binary Engine.IO messages.
//!
//! The wasm client uses the [`Reassembler`] (which checks every placeholder with
//! [`placeholders_in_range`]); the JavaScript side swaps placeholders and buffers, since the
//! arguments are JavaScript values. [`deconstruct`], [`reconstruct`] and [`encode`] do the same
//! on [`Value`] trees for native users and tests.

use crate::prelude::*;
use alloc::borrow::Cow;

use thiserror::Error;

use super::json::{self, JsonError, Kind, Value, Visit};
use super::socketio::{parse_u64, Packet, PacketError, PacketKind, MAX_ATTACHMENTS};

/// Why a stream of Socket.IO messages could not be reassembled.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReassembleError {
    /// The text message is not a valid packet.
    #[error(transparent)]
    Packet(#[from] PacketError),
    /// A text packet arrived while attachments of the previous packet were still expected.
    #[error("got plaintext data when reconstructing a packet")]
    UnexpectedText,
    /// Binary data arrived with no binary packet waiting for it.
    #[error("got binary data when not reconstructing a packet")]
    UnexpectedBinary,
    /// A placeholder names an attachment that does not exist.
    #[error("illegal attachments")]
    BadPlaceholder,
    /// The packet's data could not be parsed to put the attachments back.
    #[error("invalid payload: {0}")]
    Json(#[from] JsonError),
}

impl ReassembleError {
    /// A short, static description (see [`PacketError::as_str`]).
    pub fn as_str(&self) -> &'static str {
        match self {
            ReassembleError::Packet(e) => e.as_str(),
            ReassembleError::UnexpectedText => "got plaintext data when reconstructing a packet",
            ReassembleError::UnexpectedBinary => "got binary data when not reconstructing a packet",
            ReassembleError::BadPlaceholder => "illegal attachments",
            ReassembleError::Json(_) => "invalid payload",
        }
    }
}

/// Whether `v` holds any bytes.
pub fn has_binary(v: &Value) -> bool {
    match v {
        Value::Binary(_) => true,
        Value::Array(items) => items.iter().any(has_binary),
        Value::Object(members) => members.iter().any(|(_, v)| has_binary(v)),
        _ => false,
    }
}

fn placeholder(num: usize) -> Value {
    let mut n = String::new();
    super::socketio::push_u64(&mut n, num as u64);
    Value::Object(vec![
        ("_placeholder".to_owned(), Value::Bool(true)),
        ("num".to_owned(), Value::Number(n)),
    ])
}

/// Replaces every byte buffer in `v` by a placeholder, depth first in document order, and
/// returns the buffers in placeholder order.
pub fn deconstruct(v: Value) -> (Value, Vec<Vec<u8>>) {
    fn walk(v: Value, out: &mut Vec<Vec<u8>>) -> Value {
        match v {
            Value::Binary(b) => {
                out.push(b);
                placeholder(out.len() - 1)
            }
            Value::Array(items) => Value::Array(items.into_iter().map(|i| walk(i, out)).collect()),
            Value::Object(m) => {
                Value::Object(m.into_iter().map(|(k, v)| (k, walk(v, out))).collect())
            }
            other => other,
        }
    }
    let mut buffers = Vec::new();
    let v = walk(v, &mut buffers);
    (v, buffers)
}

/// Whether every placeholder (an object with `"_placeholder": true`) in the JSON `text` has a
/// `num` naming one of `count` attachments — what [`reconstruct`] checks, read as a stream of
/// tokens rather than a tree.
pub fn placeholders_in_range(text: &str, count: usize) -> Result<bool, JsonError> {
    // Per open container: (is a placeholder, its `num` names an attachment).
    let mut frames: Vec<(bool, bool)> = Vec::new();
    let mut key: &str = "";
    let mut ok = true;
    json::walk(text, &mut |v| match v {
        Visit::Open(_, _) => {
            frames.push((false, false));
            key = "";
        }
        Visit::Key(k, _) => key = k,
        Visit::Scalar(kind, raw, _) => {
            if let Some(f) = frames.last_mut() {
                match (key, kind) {
                    ("_placeholder", Kind::Bool) => f.0 |= raw == "true",
                    ("num", Kind::Number) => f.1 = parse_u64(raw).is_some_and(|n| n < count as u64),
                    _ => {}
                }
            }
            key = "";
        }
        Visit::Close(_) => {
            if let Some((placeholder, num_ok)) = frames.pop() {
                ok &= !placeholder || num_ok;
            }
            key = "";
        }
    })?;
    Ok(ok)
}

/// Puts attachments back in place of their placeholders.
pub fn reconstruct(v: Value, attachments: &[Vec<u8>]) -> Result<Value, ReassembleError> {
    Ok(match v {
        Value::Object(m) => {
            if m.iter()
                .any(|(k, v)| k == "_placeholder" && *v == Value::Bool(true))
            {
                let obj = Value::Object(m);
                let buf = obj
                    .get("num")
                    .and_then(Value::as_u64)
                    .and_then(|n| attachments.get(usize::try_from(n).ok()?))
                    .ok_or(ReassembleError::BadPlaceholder)?;
                Value::Binary(buf.clone())
            } else {
                Value::Object(
                    m.into_iter()
                        .map(|(k, v)| Ok((k, reconstruct(v, attachments)?)))
                        .collect::<Result<_, ReassembleError>>()?,
                )
            }
        }
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|i| reconstruct(i, attachments))
                .collect::<Result<_, _>>()?,
        ),
        other => other,
    })
}

/// Encodes an event or ack whose arguments (`args`, a JSON array) may hold bytes: returns the
/// text packet and the attachments to send after it, in order.
pub fn encode(kind: PacketKind, nsp: &str, id: Option<u64>, args: Value) -> (String, Vec<Vec<u8>>) {
    let (args, buffers) = deconstruct(args);
    let kind = if buffers.is_empty() {
        kind
    } else {
        kind.with_binary()
    };
    let packet = Packet {
        kind,
        nsp: Cow::Borrowed(nsp),
        id,
        attachments: buffers.len(),
        data: Some(Cow::Owned(args.to_json())),
    };
    (packet.encode(), buffers)
}

/// A message made whole by the [`Reassembler`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message<'a> {
    /// A packet with no attachments; its data is still JSON text.
    Packet(Packet<'a>),
    /// A binary packet with its attachments, every placeholder checked to name one of them
    /// (put them in place with [`reconstruct`], or in JavaScript).
    Binary {
        /// The packet (its `data` is the JSON text with placeholders).
        packet: Packet<'static>,
        /// The attachments, in order.
        attachments: Vec<Vec<u8>>,
    },
}

#[derive(Debug)]
struct Pending {
    packet: Packet<'static>,
    buffers: Vec<Vec<u8>>,
}

/// Joins binary packets with the attachments that follow them.
///
/// Feed it every Socket.IO message in order: text with [`Reassembler::text`], bytes with
/// [`Reassembler::binary`]. After an error the pending packet is dropped and the reassembler is
/// ready for the next packet.
#[derive(Debug)]
pub struct Reassembler {
    max_attachments: usize,
    pending: Option<Pending>,
}

impl Default for Reassembler {
    fn default() -> Self {
        Self::new(MAX_ATTACHMENTS)
    }
}

impl Reassembler {
    /// A reassembler accepting at most `max_attachments` per packet.
    pub fn new(max_attachments: usize) -> Self {
        Reassembler {
            max_attachments,
            pending: None,
        }
    }

    /// Whether a binary packet is waiting for attachments.
    pub fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// Forgets a half-received packet (on disconnect).
    pub fn reset(&mut self) {
        self.pending = None;
    }

    /// Takes a text message. Returns the message when it is complete.
    pub fn text<'a>(&mut self, text: &'a str) -> Result<Option<Message<'a>>, ReassembleError> {
        if self.pending.take().is_some() {
            return Err(ReassembleError::UnexpectedText);
        }
        let packet = Packet::decode_with(text, self.max_attachments)?;
        if !packet.kind.is_binary() {
            return Ok(Some(Message::Packet(packet)));
        }
        let pending = Pending {
            packet: packet.into_owned(),
            buffers: Vec::new(),
        };
        if pending.packet.attachments == 0 {
            return Self::finish(pending).map(Some);
        }
        self.pending = Some(pending);
        Ok(None)
    }

    /// Takes a binary message (an attachment). Returns the message when it is complete.
    pub fn binary(&mut self, bytes: Vec<u8>) -> Result<Option<Message<'static>>, ReassembleError> {
        let mut pending = self
            .pending
            .take()
            .ok_or(ReassembleError::UnexpectedBinary)?;
        pending.buffers.push(bytes);
        if pending.buffers.len() < pending.packet.attachments {
            self.pending = Some(pending);
            return Ok(None);
        }
        Self::finish(pending).map(Some)
    }

    fn finish(pending: Pending) -> Result<Message<'static>, ReassembleError> {
        let text = pending.packet.data.as_deref().unwrap_or("[]");
        if !placeholders_in_range(text, pending.buffers.len())? {
            return Err(ReassembleError::BadPlaceholder);
        }
        Ok(Message::Binary {
            packet: pending.packet,
            attachments: pending.buffers,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::String(x.into())
    }

    #[test]
    fn deconstructs_nested_buffers_in_order() {
        let args = Value::Array(vec![
            s("upload"),
            Value::Object(vec![
                ("a".into(), Value::Binary(vec![1])),
                (
                    "list".into(),
                    Value::Array(vec![Value::Binary(vec![2, 2]), Value::Null]),
                ),
            ]),
            Value::Binary(vec![3]),
        ]);
        assert!(has_binary(&args));
        let (text, buffers) = encode(PacketKind::Event, "/files", Some(4), args.clone());
        assert_eq!(
            text,
            r#"53-/files,4["upload",{"a":{"_placeholder":true,"num":0},"list":[{"_placeholder":true,"num":1},null]},{"_placeholder":true,"num":2}]"#
        );
        assert_eq!(buffers, vec![vec![1], vec![2, 2], vec![3]]);

        let mut r = Reassembler::default();
        assert_eq!(r.text(&text), Ok(None));
        assert!(r.is_pending());
        assert_eq!(r.binary(vec![1]), Ok(None));
        assert_eq!(r.binary(vec![2, 2]), Ok(None));
        match r.binary(vec![3]) {
            Ok(Some(Message::Binary {
                packet,
                attachments,
            })) => {
                assert_eq!(packet.kind, PacketKind::BinaryEvent);
                assert_eq!(packet.nsp, "/files");
                assert_eq!(packet.id, Some(4));
                let data = Value::parse(packet.data.as_deref().unwrap_or("")).unwrap();
                assert_eq!(reconstruct(data, &attachments), Ok(args));
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(!r.is_pending());
    }

    #[test]
    fn plain_args_stay_plain() {
        let (text, buffers) = encode(PacketKind::Ack, "/", Some(9), Value::Array(vec![s("ok")]));
        assert_eq!(text, "39[\"ok\"]");
        assert!(buffers.is_empty());
        let mut r = Reassembler::default();
        assert_eq!(
            r.text(&text),
            Ok(Some(Message::Packet(Packet::decode("39[\"ok\"]").unwrap())))
        );
    }

    #[test]
    fn binary_ack_and_zero_attachment_packets() {
        let mut r = Reassembler::default();
        let text = r#"61-/admin,15[{"_placeholder":true,"num":0}]"#;
        assert_eq!(r.text(text), Ok(None));
        match r.binary(vec![9, 9]) {
            Ok(Some(Message::Binary {
                packet,
                attachments,
            })) => {
                assert_eq!(packet.kind, PacketKind::BinaryAck);
                assert_eq!(attachments, vec![vec![9, 9]]);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(
            r.text("50-[\"x\"]"),
            Ok(Some(Message::Binary { .. }))
        ));
    }

    #[test]
    fn stream_errors_are_reported_and_recovered_from() {
        let mut r = Reassembler::default();
        assert_eq!(r.binary(vec![1]), Err(ReassembleError::UnexpectedBinary));
        assert_eq!(
            r.text("51-[\"a\",{\"_placeholder\":true,\"num\":0}]"),
            Ok(None)
        );
        assert_eq!(r.text("2[\"b\"]"), Err(ReassembleError::UnexpectedText));
        // The stream goes on after the error.
        assert!(matches!(r.text("2[\"b\"]"), Ok(Some(Message::Packet(_)))));
        assert_eq!(
            r.text("511-[\"a\"]"),
            Err(ReassembleError::Packet(PacketError::TooManyAttachments))
        );
    }

    #[test]
    fn placeholders_must_point_at_attachments() {
        for text in [
            r#"51-["a",{"_placeholder":true,"num":1}]"#,
            r#"51-["a",{"_placeholder":true,"num":-1}]"#,
            r#"51-["a",{"_placeholder":true,"num":"0"}]"#,
            r#"51-["a",{"_placeholder":true}]"#,
            r#"51-["a",{"_placeholder":true,"num":99999999999999999999999}]"#,
        ] {
            let mut r = Reassembler::default();
            assert_eq!(r.text(text), Ok(None), "{text}");
            assert_eq!(
                r.binary(vec![0]),
                Err(ReassembleError::BadPlaceholder),
                "{text}"
            );
        }
        // A `_placeholder` that is not `true` is ordinary data.
        let mut r = Reassembler::default();
        let text = r#"51-["a",{"_placeholder":false,"num":5}]"#;
        assert_eq!(r.text(text), Ok(None));
        assert!(r.binary(vec![0]).is_ok());
    }

    #[test]
    fn reset_drops_a_half_received_packet() {
        let mut r = Reassembler::default();
        assert_eq!(r.text("52-[\"a\"]"), Ok(None));
        r.reset();
        assert_eq!(r.binary(vec![1]), Err(ReassembleError::UnexpectedBinary));
    }

    #[test]
    fn placeholder_ranges_are_checked_as_a_stream() {
        let ok = |t: &str, n| placeholders_in_range(t, n).unwrap();
        assert!(ok(
            r#"["a",{"_placeholder":true,"num":1},[{"_placeholder":true,"num":0}]]"#,
            2
        ));
        assert!(!ok(r#"["a",{"_placeholder":true,"num":2}]"#, 2));
        assert!(ok(
            r#"["a",{"num":0,"_placeholder":true,"x":{"num":9}}]"#,
            1
        ));
        assert!(!ok(r#"["a",{"_placeholder":true}]"#, 1));
        assert!(!ok(r#"["a",{"_placeholder":true,"num":{"v":0}}]"#, 1));
        // Not placeholders: `_placeholder` that is not `true`.
        assert!(ok(
            r#"["a",{"_placeholder":false,"num":7},{"_placeholder":[true]}]"#,
            0
        ));
        assert!(placeholders_in_range("[", 1).is_err());
    }
}
