//! Wire codecs: Engine.IO v4 ([`engine`]) and v3 ([`engine3`], for Socket.IO 2.x servers),
//! Socket.IO v5 ([`socketio`], [`binary`]), with the small JSON toolkit they share ([`json`]).
//!
//! Pure Rust: no web-sys, no js-sys, no I/O. They build and are tested on the host, and they
//! never panic on input: every malformed packet is a typed error. The lints below keep it so.
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable,
        clippy::todo
    )
)]

pub mod base64;
pub mod binary;
pub mod engine;
pub mod engine3;
pub mod json;
pub mod socketio;

/// Position of the ASCII byte `b` in `s`. A plain loop: `str::find` with a `char` brings in
/// `core`'s memchr searcher, which costs more wasm than it saves here.
pub fn find_byte(s: &str, b: u8) -> Option<usize> {
    s.bytes().position(|x| x == b)
}

/// `s` split at every ASCII byte `b`, as `s.split(b as char)` (see [`find_byte`]: a byte
/// search, no `char` decoding).
pub fn split_byte(s: &str, b: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    core::iter::from_fn(move || {
        let s = rest?;
        match find_byte(s, b) {
            Some(at) => {
                rest = s.get(at + 1..);
                s.get(..at)
            }
            None => rest.take(),
        }
    })
}

#[cfg(test)]
mod tests {
    use crate::prelude::*;

    #[test]
    fn split_byte_splits_as_str_split() {
        for s in [
            "",
            ",",
            "a",
            "a,b",
            ",a,,b,",
            "é,ü,\u{1F600}",
            "\u{1e}x\u{1e}",
        ] {
            for b in [b',', 0x1e] {
                let ours: Vec<&str> = super::split_byte(s, b).collect();
                let std: Vec<&str> = s.split(char::from(b)).collect();
                assert_eq!(ours, std, "{s:?} at {b}");
            }
        }
    }
}
