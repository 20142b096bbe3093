//! Payloads the host holds.
//!
//! The core decodes what is protocol in a packet (type, namespace, ack id, attachment count)
//! and leaves its JSON arguments to the host, which parses them once, with the parser it has
//! (the browser's `JSON.parse`, serde in a Rust host), straight from the text it received. The
//! core only tracks them by number:
//!
//! 1. when a packet is decoded, [`Cmd::Parse`](crate::command::Cmd::Parse) tells the host where
//!    its payload lies in the text the host just passed in (a [`Span`]) and under which id to
//!    keep the parsed value; a malformed payload is reported back with
//!    `Client::payload_error`, and the session closes with `"parse error"`, as socket.io-client
//!    closes it when its decoder throws;
//! 2. the packet travels through the core as a [`Held`] id (inbox, receive buffer, the attachments
//!    it waits for);
//! 3. delivering it hands the id over (`Cmd::Event`, `Cmd::Ack`, a `connect_error`); a packet the
//!    core drops instead (no socket for its namespace, an ack nobody waits for, a closed session)
//!    drops its `Held`, and the host is told to forget the value (`Cmd::Drop`).
//!
//! So a payload enters wasm memory only as far as its header: the JavaScript host passes the
//! first bytes of a large frame, and a 64 MB event costs the core a few hundred bytes.

use crate::prelude::*;
use alloc::rc::Rc;
use core::cell::Cell;

/// Where a payload lies in the text the host passed in, in bytes (for a Rust host) and in UTF-16
/// code units (for JavaScript strings). An end of [`Span::END`] means "to the end of the text".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// First byte.
    pub start8: u32,
    /// One past the last byte, or [`Span::END`].
    pub end8: u32,
    /// First UTF-16 code unit.
    pub start16: u32,
    /// One past the last UTF-16 code unit, or [`Span::END`].
    pub end16: u32,
}

impl Span {
    /// "To the end of the text the host passed in" (the host may have passed only its head).
    pub const END: u32 = u32::MAX;

    /// The whole of a text frame but its first `skip` ASCII characters (the packet type).
    pub fn frame(skip: u32) -> Span {
        Span {
            start8: skip,
            end8: Span::END,
            start16: skip,
            end16: Span::END,
        }
    }

    /// `text`, found at `start8` / `start16` of the host's text.
    pub fn of(text: &str, start8: usize, start16: u32) -> Span {
        Span {
            start8: start8 as u32,
            end8: (start8 + text.len()) as u32,
            start16,
            end16: start16 + utf16_len(text),
        }
    }

    /// The payload's text in `text`, the input it was found in (by bytes: a Rust host's view).
    pub fn in_text(self, text: &str) -> Option<&str> {
        let end = if self.end8 == Span::END {
            text.len()
        } else {
            self.end8 as usize
        };
        text.get(self.start8 as usize..end)
    }

    /// This span without its first bytes `head` (a packet's header).
    pub fn skip(self, head: &str) -> Span {
        Span {
            start8: self.start8.saturating_add(head.len() as u32),
            start16: self.start16.saturating_add(utf16_len(head)),
            ..self
        }
    }
}

/// What of a Socket.IO message the core needs: its header, up to and with the first `[` (where an
/// event's or ack's array starts; no namespace holds one), at most [`HEAD`] bytes; a CONNECT
/// (`0…`) whole, since the core reads its `{sid, pid}`. The JavaScript host applies the same rule
/// before a frame enters wasm memory.
pub fn head(message: &str) -> &str {
    if message.starts_with('0') {
        return message;
    }
    let end = match crate::protocol::find_byte(message, b'[') {
        Some(at) if at < HEAD => at + 1,
        _ => HEAD.min(message.len()),
    };
    // At a character boundary (the header is ASCII; a payload may not be).
    let mut end = end;
    while !message.is_char_boundary(end) {
        end -= 1;
    }
    message.get(..end).unwrap_or(message)
}

/// The most of a message's text the core keeps (see [`head`]).
pub const HEAD: usize = 1024;

/// The length of `s` in UTF-16 code units (what JavaScript's `length` counts).
pub fn utf16_len(s: &str) -> u32 {
    // One unit per character, two for those outside the BMP (4-byte sequences).
    s.bytes()
        .map(|b| u32::from(b & 0xC0 != 0x80) + u32::from(b >= 0xF0))
        .sum()
}

/// What a held payload must look like, as socket.io-parser checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadKind {
    /// An event: an array whose first element is a number or a non-reserved event name.
    Event,
    /// An ack: an array.
    Ack,
    /// A CONNECT_ERROR: a string or an object.
    ConnectError,
}

/// Why the host refused a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadError {
    /// Not JSON, or not of the shape its packet needs.
    Invalid,
    /// A binary placeholder names no attachment.
    Attachments,
}

impl PayloadError {
    /// socket.io-parser's message (the `disconnect` description's).
    pub fn as_str(self) -> &'static str {
        match self {
            PayloadError::Invalid => "invalid payload",
            PayloadError::Attachments => "illegal attachments",
        }
    }
}

/// The ids of held payloads, page-wide; shared by the client and its managers.
///
/// Cells, not a `RefCell`: nothing here can fail a borrow (and no panic path is linked).
#[derive(Debug, Clone, Default)]
pub struct Payloads(Rc<Pool>);

#[derive(Default)]
struct Pool {
    next: Cell<u32>,
    dropped: Cell<Vec<u32>>,
}

impl core::fmt::Debug for Pool {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Pool").field("next", &self.next).finish()
    }
}

impl Payloads {
    /// A new id (never 0).
    pub fn hold(&self) -> Held {
        let id = self.0.next.get().wrapping_add(1).max(1);
        self.0.next.set(id);
        Held {
            id,
            pool: self.clone(),
        }
    }

    /// The ids dropped since the last call, as `f(id)` onto the end of `out` (the host forgets
    /// their values); the list keeps its capacity, since the client drains it after every call.
    pub fn drain_dropped<T>(&self, out: &mut Vec<T>, f: impl Fn(u32) -> T) {
        let mut dropped = self.0.dropped.take();
        out.extend(dropped.iter().map(|&id| f(id)));
        dropped.clear();
        self.0.dropped.set(dropped);
    }
}

/// A payload the host holds; dropping it tells the host to forget it.
#[derive(Debug)]
pub struct Held {
    id: u32,
    pool: Payloads,
}

impl Held {
    /// Its id.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// Hands the value over to the host (which forgets it once used): nothing is dropped.
    pub fn hand_over(mut self) -> u32 {
        core::mem::replace(&mut self.id, 0)
    }
}

impl PartialEq for Held {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if self.id != 0 {
            let mut dropped = self.pool.0.dropped.take();
            dropped.push(self.id);
            self.pool.0.dropped.set(dropped);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_lengths_match_javascript() {
        for (s, n) in [
            ("", 0),
            ("abc", 3),
            ("é", 1),
            ("日本", 2),
            ("😀", 2),
            ("a😀é", 4),
        ] {
            assert_eq!(utf16_len(s), n, "{s}");
            assert_eq!(utf16_len(s) as usize, s.encode_utf16().count());
        }
    }

    #[test]
    fn dropped_ids_are_reported_once_and_handed_over_ones_never() {
        let pool = Payloads::default();
        let a = pool.hold();
        let b = pool.hold();
        assert_ne!(a.id(), b.id());
        let b_id = b.id();
        assert_eq!(a.hand_over(), 1);
        drop(b);
        let mut out = Vec::new();
        pool.drain_dropped(&mut out, |id| id);
        assert_eq!(out, vec![b_id]);
        pool.drain_dropped(&mut out, |id| id);
        assert_eq!(out, vec![b_id], "reported once");
    }

    #[test]
    fn heads_keep_headers_and_connect_packets() {
        assert_eq!(head("2/chat,12[\"a\",1]"), "2/chat,12[");
        assert_eq!(head("0{\"sid\":\"x\"}"), "0{\"sid\":\"x\"}");
        assert_eq!(head("4{\"message\":\"no\"}"), "4{\"message\":\"no\"}");
        let long = ["4\"", &"é".repeat(1000), "\""].concat();
        assert!(head(&long).len() <= HEAD && long.starts_with(head(&long)));
    }

    #[test]
    fn spans_skip_headers_in_both_units() {
        let s = Span::of("/é,1[\"x\"]", 10, 8).skip("/é,1");
        assert_eq!((s.start8, s.start16), (15, 12));
        assert_eq!((s.end8, s.end16), (10 + 10, 8 + 9));
        assert_eq!(Span::frame(1).in_text("2[1]"), Some("[1]"));
        assert_eq!(Span::of("[1]", 9, 9).in_text("short"), None);
    }
}
