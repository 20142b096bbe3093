//! The members of a top-level object, for the handshake and CONNECT data: read by the host's
//! parser where it has one ([`Fields`]), else by a small scanner ([`Scanner`]).

use super::JsonError;
use crate::prelude::*;

/// A member of a top-level object, as [`fields`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A string (decoded).
    Str(String),
    /// A number (its text).
    Num(String),
    /// An array whose elements are all strings (decoded).
    Strings(Vec<String>),
    /// Anything else.
    Other,
}

/// Reads the members of a top-level JSON object for the codecs (the handshake, CONNECT data).
///
/// A host with a JSON parser of its own reads them with it: the npm package's `Core` answers
/// with `JSON.parse`, the parser socket.io-client reads them with, so the browser bundle carries
/// no JSON reader at all. Every other build reads them with [`Scanner`] ([`DEFAULT`]).
pub trait Fields {
    /// The members of the top-level object of `text` (decoded keys); an empty list for any
    /// other JSON document; an error when `text` is not JSON.
    fn fields(&self, text: &str) -> Result<Vec<(String, Field)>, JsonError>;
}

/// The JSON reader a manager, its engine and its sockets use (see [`Fields`]).
pub type Reader = &'static dyn Fields;

impl Default for Reader {
    fn default() -> Self {
        DEFAULT
    }
}

impl core::fmt::Debug for dyn Fields {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Fields")
    }
}

/// The reader of a build without a host parser: [`fields`].
#[cfg(not(feature = "bundle"))]
#[derive(Debug, Clone, Copy)]
pub struct Scanner;

#[cfg(not(feature = "bundle"))]
impl Fields for Scanner {
    fn fields(&self, text: &str) -> Result<Vec<(String, Field)>, JsonError> {
        fields(text)
    }
}

/// The reader a new manager starts with: [`Scanner`], or, in the npm package's build (`bundle`), none
/// until the `Core` gives the host's (every manager there is made through it).
#[cfg(not(feature = "bundle"))]
pub const DEFAULT: Reader = &Scanner;
/// See above.
#[cfg(feature = "bundle")]
pub const DEFAULT: Reader = &Unread;

/// No reader: every text is refused.
#[cfg(feature = "bundle")]
struct Unread;

#[cfg(feature = "bundle")]
impl Fields for Unread {
    fn fields(&self, _: &str) -> Result<Vec<(String, Field)>, JsonError> {
        Err(JsonError::Unexpected(0))
    }
}

/// The members of a top-level object (decoded keys, in document order); an empty list for
/// any other document. Reads what the codecs need (handshake, CONNECT data) with a small
/// scanner, no tree and no `Lexer`: the top level's structure is checked (keys, colons,
/// commas, the closing brace, nothing after it), nested values are skipped by matching their
/// brackets (strings in them respected), their contents not validated. That keeps the browser
/// client's binary small; payloads are checked by the host's parser (see `crate::payload`).
#[cfg(not(feature = "bundle"))]
pub fn fields(text: &str) -> Result<Vec<(String, Field)>, JsonError> {
    let mut sc = Scan { text, pos: 0 };
    let mut out = Vec::new();
    sc.ws();
    if sc.peek() == Some(b'{') {
        sc.pos += 1;
        sc.ws();
        if sc.peek() == Some(b'}') {
            sc.pos += 1;
        } else {
            loop {
                sc.ws();
                let key = sc.string()?;
                sc.ws();
                sc.expect(b':')?;
                sc.ws();
                let field = match sc.peek() {
                    Some(b'"') => Field::Str(sc.string()?),
                    Some(b'[') => sc.strings()?,
                    Some(b'-' | b'0'..=b'9') => Field::Num(sc.scalar()?.to_owned()),
                    _ => {
                        sc.value()?;
                        Field::Other
                    }
                };
                out.push((key, field));
                sc.ws();
                match sc.bump() {
                    Some(b',') => {}
                    Some(b'}') => break,
                    Some(_) => return Err(JsonError::Unexpected(sc.pos - 1)),
                    None => return Err(JsonError::Eof),
                }
            }
        }
    } else {
        sc.value()?;
    }
    sc.ws();
    if sc.pos < text.len() {
        return Err(JsonError::Trailing(sc.pos));
    }
    Ok(out)
}

/// The scanner behind [`fields`].
#[cfg(not(feature = "bundle"))]
struct Scan<'a> {
    text: &'a str,
    pos: usize,
}

#[cfg(not(feature = "bundle"))]
impl<'a> Scan<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(super::is_ws) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, b: u8) -> Result<(), JsonError> {
        match self.bump() {
            Some(x) if x == b => Ok(()),
            Some(_) => Err(JsonError::Unexpected(self.pos - 1)),
            None => Err(JsonError::Eof),
        }
    }

    /// The raw text of a string (after its opening quote is checked), without the quotes.
    fn raw_string(&mut self) -> Result<&'a str, JsonError> {
        self.expect(b'"')?;
        let start = self.pos;
        loop {
            match self.bump() {
                Some(b'"') => break,
                Some(b'\\') => {
                    self.bump();
                }
                Some(_) => {}
                None => return Err(JsonError::Eof),
            }
        }
        self.text
            .get(start..self.pos - 1)
            .ok_or(JsonError::BadString(start))
    }

    fn string(&mut self) -> Result<String, JsonError> {
        let raw = self.raw_string()?;
        Ok(if crate::protocol::find_byte(raw, b'\\').is_some() {
            super::unescape(raw)
        } else {
            raw.to_owned()
        })
    }

    /// A number or a literal (`true`, `false`, `null`), as written.
    fn scalar(&mut self) -> Result<&'a str, JsonError> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.'))
        {
            self.pos += 1;
        }
        match self.text.get(start..self.pos) {
            Some(s) if !s.is_empty() => Ok(s),
            _ if self.pos >= self.text.len() => Err(JsonError::Eof),
            _ => Err(JsonError::Unexpected(start)),
        }
    }

    /// Skips one value.
    fn value(&mut self) -> Result<(), JsonError> {
        match self.peek() {
            Some(b'"') => self.raw_string().map(drop),
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                loop {
                    match self.peek() {
                        Some(b'"') => {
                            self.raw_string()?;
                            continue;
                        }
                        Some(b'{' | b'[') => depth += 1,
                        Some(b'}' | b']') => depth -= 1,
                        Some(_) => {}
                        None => return Err(JsonError::Eof),
                    }
                    self.pos += 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
            }
            _ => self.scalar().map(drop),
        }
    }

    /// An array value: [`Field::Strings`] when it holds only strings.
    fn strings(&mut self) -> Result<Field, JsonError> {
        self.expect(b'[')?;
        let mut list = Vec::new();
        let mut only_strings = true;
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Field::Strings(list));
        }
        loop {
            self.ws();
            if self.peek() == Some(b'"') {
                list.push(self.string()?);
            } else {
                only_strings = false;
                self.value()?;
            }
            self.ws();
            match self.bump() {
                Some(b',') => {}
                Some(b']') => break,
                Some(_) => return Err(JsonError::Unexpected(self.pos - 1)),
                None => return Err(JsonError::Eof),
            }
        }
        Ok(if only_strings {
            Field::Strings(list)
        } else {
            Field::Other
        })
    }
}

#[cfg(all(test, not(feature = "bundle")))]
mod tests {
    use super::*;

    #[test]
    fn fields_read_top_level_members_without_a_tree() {
        let f = fields(r#"{"sid":"a\"b","n":25000,"up":["websocket","x\u00e9"],"o":{"sid":"no"},"mix":["a",1],"t":true}"#)
            .unwrap();
        assert_eq!(
            f,
            vec![
                ("sid".into(), Field::Str("a\"b".into())),
                ("n".into(), Field::Num("25000".into())),
                (
                    "up".into(),
                    Field::Strings(vec!["websocket".into(), "xé".into()])
                ),
                ("o".into(), Field::Other),
                ("mix".into(), Field::Other),
                ("t".into(), Field::Other),
            ]
        );
        assert_eq!(fields("[1,{\"a\":1}]").unwrap(), vec![]);
        assert!(fields("{\"a\":}").is_err());
        assert_eq!(
            fields(r#"{"x":{"pid":"no"},"pid":"yes"}"#).unwrap(),
            vec![
                ("x".into(), Field::Other),
                ("pid".into(), Field::Str("yes".into()))
            ]
        );
    }
}
