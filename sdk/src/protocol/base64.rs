//! Standard base64 (RFC 4648 §4) for binary packets in polling payloads.
//!
//! Hand-written rather than the `base64` crate: that crate's generic engines cost several KB
//! of wasm, more than this whole module. Decoding is strict about the alphabet and accepts
//! input with or without `=` padding, as Node's and browsers' decoders do.

use crate::prelude::*;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn sextet(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    } as u32)
}

/// Appends the base64 of `bytes` (padded) to `out`.
pub fn encode_into(bytes: &[u8], out: &mut String) {
    let digit = |n: u32| ALPHABET.get((n & 63) as usize).copied().unwrap_or(b'A') as char;
    for chunk in bytes.chunks(3) {
        let b = |i: usize| chunk.get(i).copied().unwrap_or(0) as u32;
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(digit(n >> 18));
        out.push(digit(n >> 12));
        out.push(if chunk.len() > 1 { digit(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { digit(n) } else { '=' });
    }
}

/// Decodes base64 text; `None` if it is not valid base64.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let body = text.trim_end_matches('=');
    let padding = text.len() - body.len();
    if padding > 2 || (padding > 0 && text.len() % 4 != 0) || body.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    for chunk in body.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= sextet(c)? << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        let keep = chunk.len() - 1;
        // Bits past the last byte must be zero (canonical encoding).
        let spare = match keep {
            1 => n & 0xffff,
            2 => n & 0xff,
            _ => 0,
        };
        if spare != 0 {
            return None;
        }
        out.extend_from_slice(bytes.get(..keep).unwrap_or(&[]));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors() {
        for (raw, enc) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            let mut s = String::new();
            encode_into(raw.as_bytes(), &mut s);
            assert_eq!(s, enc);
            assert_eq!(decode(enc).as_deref(), Some(raw.as_bytes()));
            assert_eq!(
                decode(enc.trim_end_matches('=')).as_deref(),
                Some(raw.as_bytes())
            );
        }
    }

    #[test]
    fn rejects_invalid_text() {
        for bad in [
            "A", "Zg=", "Zg===", "Zh==", "Z!==", "Zm9v\n", "====", "Zm=v",
        ] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn all_bytes_round_trip() {
        let bytes: Vec<u8> = (0..=255).collect();
        for n in 0..bytes.len() {
            let mut s = String::new();
            encode_into(&bytes[..n], &mut s);
            assert_eq!(decode(&s).as_deref(), Some(&bytes[..n]));
        }
    }
}
