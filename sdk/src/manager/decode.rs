//! Incoming Socket.IO packets: headers decoded here, payloads left to the host
//! ([`crate::payload`]), binary packets joined with the attachments that follow them.
//!
//! socket.io-client's decoder checks a payload when its packet arrives, and throws (the manager
//! closes with `"parse error"`) before anything later is read; so the host is asked to parse
//! each payload as it arrives ([`Event::Parse`]), and to put the attachments in place the moment
//! the last one arrives ([`Event::Revive`]).

use super::{Event, Output};
use crate::payload::{Held, PayloadKind, Payloads, Span};
use crate::prelude::*;
use crate::protocol::json;
use crate::protocol::socketio::{Packet, PacketError, PacketKind};
use alloc::borrow::Cow;

/// A decoded packet, on its way to its socket.
#[derive(Debug, PartialEq)]
pub struct Incoming {
    /// Type (binary types once their attachments are in place).
    pub kind: PacketKind,
    /// Namespace (`/` without an allocation).
    pub nsp: Cow<'static, str>,
    /// Ack id.
    pub id: Option<u64>,
    /// The payload.
    pub data: Data,
}

/// An incoming packet's payload.
#[derive(Debug, PartialEq)]
pub enum Data {
    /// None (DISCONNECT; CONNECT without data).
    None,
    /// A CONNECT's data: the members of its object, read once here (the socket takes `sid` and
    /// `pid` from them).
    Members(Vec<(String, json::Field)>),
    /// Held by the host.
    Held(Held),
}

impl Incoming {
    /// The id of its held payload.
    pub fn held(&self) -> Option<u32> {
        match &self.data {
            Data::Held(h) => Some(h.id()),
            _ => None,
        }
    }
}

#[derive(Debug)]
struct Pending {
    packet: Incoming,
    expected: usize,
    buffers: Vec<Vec<u8>>,
}

/// The manager's decoder.
#[derive(Debug)]
pub(super) struct Decoder {
    max_attachments: usize,
    pending: Option<Pending>,
    pub(super) payloads: Payloads,
    /// Reads CONNECT data (see [`json::Fields`]).
    pub(super) json: json::Reader,
}

/// socket.io-parser's messages for a stream it cannot decode.
const UNEXPECTED_TEXT: &str = "got plaintext data when reconstructing a packet";
const UNEXPECTED_BINARY: &str = "got binary data when not reconstructing a packet";

impl Decoder {
    pub(super) fn new(max_attachments: usize) -> Self {
        Decoder {
            max_attachments,
            pending: None,
            payloads: Payloads::default(),
            json: json::DEFAULT,
        }
    }

    /// Forgets a half-received packet (its payload is dropped with it).
    pub(super) fn reset(&mut self) {
        self.pending = None;
    }

    /// A text message (`span`: where it lies in the host's input). Errors carry
    /// socket.io-parser's message.
    pub(super) fn text(
        &mut self,
        text: &str,
        span: Span,
        out: &mut Vec<Output>,
    ) -> Result<(), &'static str> {
        if self.pending.take().is_some() {
            return Err(UNEXPECTED_TEXT);
        }
        let packet = Packet::decode_with(text, self.max_attachments).map_err(|e| e.as_str())?;
        let kind = match packet.kind {
            PacketKind::Event | PacketKind::BinaryEvent => Some(PayloadKind::Event),
            PacketKind::Ack | PacketKind::BinaryAck => Some(PayloadKind::Ack),
            PacketKind::ConnectError => Some(PayloadKind::ConnectError),
            PacketKind::Connect | PacketKind::Disconnect => None,
        };
        let data = match (kind, packet.data.as_deref()) {
            (Some(kind), Some(d)) => {
                let held = self.payloads.hold();
                let header = text.get(..text.len() - d.len()).unwrap_or("");
                out.push(Output::Event(Event::Parse {
                    id: held.id(),
                    kind,
                    span: span.skip(header),
                }));
                Data::Held(held)
            }
            (_, None) => Data::None,
            (None, Some(d)) => {
                // A CONNECT's data: an object (the socket reads `sid` and `pid` from it).
                match self.json.fields(d) {
                    Ok(members) if d.trim_ascii_start().starts_with('{') => Data::Members(members),
                    _ => return Err(PacketError::InvalidPayload.as_str()),
                }
            }
        };
        let incoming = Incoming {
            kind: packet.kind,
            nsp: match packet.nsp {
                Cow::Borrowed("/") => Cow::Borrowed("/"),
                nsp => Cow::Owned(nsp.into_owned()),
            },
            id: packet.id,
            data,
        };
        if packet.kind.is_binary() && packet.attachments > 0 {
            self.pending = Some(Pending {
                packet: incoming,
                expected: packet.attachments,
                buffers: Vec::new(),
            });
        } else {
            Self::finish(incoming, Vec::new(), out);
        }
        Ok(())
    }

    /// A binary message: the next attachment of the pending packet.
    pub(super) fn binary(
        &mut self,
        bytes: Vec<u8>,
        out: &mut Vec<Output>,
    ) -> Result<(), &'static str> {
        let mut pending = self.pending.take().ok_or(UNEXPECTED_BINARY)?;
        pending.buffers.push(bytes);
        if pending.buffers.len() < pending.expected {
            self.pending = Some(pending);
        } else {
            Self::finish(pending.packet, pending.buffers, out);
        }
        Ok(())
    }

    fn finish(packet: Incoming, attachments: Vec<Vec<u8>>, out: &mut Vec<Output>) {
        // socket.io-parser leaves the placeholders of a packet announcing no attachment as
        // they are.
        if !attachments.is_empty() {
            if let Some(id) = packet.held() {
                out.push(Output::Event(Event::Revive { id, attachments }));
            }
        }
        out.push(Output::Event(Event::Packet(packet)));
    }
}
