//! A small, strict JSON (RFC 8259) toolkit for the codecs.
//!
//! The browser parses event payloads itself (`JSON.parse` is faster than anything we could ship),
//! so on the hot path the codecs only *validate* JSON text and report its shape
//! ([`validate`]). Where Rust must look inside a payload — the Engine.IO handshake, CONNECT
//! data, recovery offsets, binary placeholders — it reads the validator's token stream
//! ([`walk`], [`fields`], [`last_string`]) rather than building a tree. The tree ([`Value`]) is
//! for native users and tests (building binary packets, reconstructing attachments); the wasm
//! client does not link it. Numbers stay as their source text, so no float parsing or formatting
//! code ends up in the wasm binary and values round-trip exactly.
//!
//! Nothing here panics on any input: every malformed document is a [`JsonError`].

use crate::prelude::*;
use thiserror::Error;

mod fields;
pub use fields::*;

/// Deepest nesting [`Value::parse`] accepts (the validator has no limit: it is not recursive).
pub const MAX_DEPTH: usize = 512;

/// Why a JSON text was rejected. Offsets are byte offsets into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum JsonError {
    /// The text ended inside a value.
    #[error("unexpected end of JSON input")]
    Eof,
    /// A byte that cannot start or continue a value here.
    #[error("unexpected character in JSON at byte {0}")]
    Unexpected(usize),
    /// A bad escape sequence or a raw control character inside a string.
    #[error("bad string in JSON at byte {0}")]
    BadString(usize),
    /// A malformed number.
    #[error("bad number in JSON at byte {0}")]
    BadNumber(usize),
    /// Characters after the end of the top-level value.
    #[error("unexpected data after JSON at byte {0}")]
    Trailing(usize),
    /// Nested deeper than [`MAX_DEPTH`].
    #[error("JSON nested too deeply")]
    TooDeep,
}

/// The kind of a JSON value, as seen by [`validate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `null`
    Null,
    /// `true` or `false`
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// What [`validate`] learned about a document: its top-level kind and, for a top-level array,
/// its first element (kind and byte range), which is where Socket.IO keeps the event name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// Kind of the top-level value.
    pub top: Kind,
    /// First element of a top-level array: its kind and byte range in the text.
    pub first: Option<(Kind, core::ops::Range<usize>)>,
}

/// A JSON value. `Binary` is not JSON: it stands for a Socket.IO binary attachment inside an
/// event's arguments (see [`crate::protocol::binary`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, kept as its (validated) JSON text.
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, members in document order.
    Object(Vec<(String, Value)>),
    /// Raw bytes (a binary attachment).
    Binary(Vec<u8>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    ObjOpen,
    ObjClose,
    ArrOpen,
    ArrClose,
    Colon,
    Comma,
    /// A string; the range excludes the quotes; `escaped` says whether it holds a backslash.
    Str {
        start: usize,
        end: usize,
        escaped: bool,
    },
    Num {
        start: usize,
        end: usize,
    },
    True,
    False,
    Null,
}

impl Token {
    fn kind(self) -> Option<Kind> {
        Some(match self {
            Token::ObjOpen => Kind::Object,
            Token::ArrOpen => Kind::Array,
            Token::Str { .. } => Kind::String,
            Token::Num { .. } => Kind::Number,
            Token::True | Token::False => Kind::Bool,
            Token::Null => Kind::Null,
            _ => return None,
        })
    }
}

struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Lexer {
            src: text.as_bytes(),
            pos: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(is_ws) {
            self.pos += 1;
        }
    }

    /// Byte offset of the next token (after white space).
    fn offset(&mut self) -> usize {
        self.skip_ws();
        self.pos
    }

    fn next(&mut self) -> Result<Token, JsonError> {
        self.skip_ws();
        let at = self.pos;
        let b = self.peek().ok_or(JsonError::Eof)?;
        self.pos += 1;
        Ok(match b {
            b'{' => Token::ObjOpen,
            b'}' => Token::ObjClose,
            b'[' => Token::ArrOpen,
            b']' => Token::ArrClose,
            b':' => Token::Colon,
            b',' => Token::Comma,
            b'"' => self.string()?,
            b'-' | b'0'..=b'9' => {
                self.pos = at;
                self.number()?
            }
            b't' => self.word(b"rue", Token::True)?,
            b'f' => self.word(b"alse", Token::False)?,
            b'n' => self.word(b"ull", Token::Null)?,
            _ => return Err(JsonError::Unexpected(at)),
        })
    }

    fn word(&mut self, rest: &[u8], tok: Token) -> Result<Token, JsonError> {
        let end = self.pos + rest.len();
        match self.src.get(self.pos..end) {
            Some(s) if s == rest => {
                self.pos = end;
                Ok(tok)
            }
            Some(_) => Err(JsonError::Unexpected(self.pos - 1)),
            None => Err(JsonError::Eof),
        }
    }

    fn string(&mut self) -> Result<Token, JsonError> {
        let start = self.pos;
        let mut escaped = false;
        loop {
            let at = self.pos;
            let b = self.peek().ok_or(JsonError::Eof)?;
            self.pos += 1;
            match b {
                b'"' => {
                    return Ok(Token::Str {
                        start,
                        end: at,
                        escaped,
                    })
                }
                b'\\' => {
                    escaped = true;
                    let e = self.peek().ok_or(JsonError::Eof)?;
                    self.pos += 1;
                    match e {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                        b'u' => {
                            for _ in 0..4 {
                                let h = self.peek().ok_or(JsonError::Eof)?;
                                if !h.is_ascii_hexdigit() {
                                    return Err(JsonError::BadString(self.pos));
                                }
                                self.pos += 1;
                            }
                        }
                        _ => return Err(JsonError::BadString(at)),
                    }
                }
                0..=0x1f => return Err(JsonError::BadString(at)),
                _ => {}
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Token, JsonError> {
        let start = self.pos;
        let bad = |lx: &Self| {
            if lx.pos >= lx.src.len() {
                JsonError::Eof
            } else {
                JsonError::BadNumber(start)
            }
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(bad(self)),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(bad(self));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(bad(self));
            }
        }
        // A number must not run straight into a letter or another digit ("01", "1x").
        if self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'.')
        {
            return Err(JsonError::BadNumber(start));
        }
        Ok(Token::Num {
            start,
            end: self.pos,
        })
    }

    fn text(&self, start: usize, end: usize) -> &'a str {
        // Token ranges always fall on ASCII bytes of a valid &str, so this cannot fail; an
        // empty string is returned rather than panicking if it ever did.
        self.src
            .get(start..end)
            .and_then(|b| core::str::from_utf8(b).ok())
            .unwrap_or("")
    }

    fn finish(&mut self) -> Result<(), JsonError> {
        let at = self.offset();
        if at < self.src.len() {
            return Err(JsonError::Trailing(at));
        }
        Ok(())
    }
}

/// What [`walk`] reports, in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visit<'a> {
    /// An object (`true`) or array opens; `depth` counts the containers around it.
    Open(bool, usize),
    /// The container at `depth` closes.
    Close(usize),
    /// An object member's key (its raw text between the quotes: escapes are not decoded), in
    /// the object at `depth`.
    Key(&'a str, usize),
    /// A scalar value inside `depth` containers: its kind and raw text (strings without
    /// quotes, escapes not decoded; `true`, `false`, `null` as written).
    Scalar(Kind, &'a str, usize),
}

/// Checks that `text` is one complete JSON document and reports its [`Shape`].
///
/// Not recursive: any depth of nesting is accepted, as `JSON.parse` does.
pub fn validate(text: &str) -> Result<Shape, JsonError> {
    walk(text, &mut |_| {})
}

/// [`validate`], reporting every container, key and scalar to `visit` (not generic: one copy
/// of the walker serves every caller).
pub fn walk<'a>(text: &'a str, visit: &mut dyn FnMut(Visit<'a>)) -> Result<Shape, JsonError> {
    let mut lx = Lexer::new(text);
    // One entry per open container: true for an object.
    let mut stack: Vec<bool> = Vec::new();
    let start = lx.offset();
    let first_tok = lx.next()?;
    let top = first_tok.kind().ok_or(JsonError::Unexpected(start))?;
    let mut first = None;
    let mut tok = first_tok;
    let key = |lx: &Lexer<'a>, t: Token, depth: usize, visit: &mut dyn FnMut(Visit<'a>)| {
        if let Token::Str { start, end, .. } = t {
            visit(Visit::Key(lx.text(start, end), depth));
        }
    };
    loop {
        // `tok` is a value token; open a container or fall through to what follows a value.
        let mut after_value = true;
        match tok {
            Token::ObjOpen => {
                visit(Visit::Open(true, stack.len()));
                stack.push(true);
                let at = lx.offset();
                match lx.next()? {
                    Token::ObjClose => {
                        stack.pop();
                        visit(Visit::Close(stack.len()));
                    }
                    t @ Token::Str { .. } => {
                        key(&lx, t, stack.len(), visit);
                        expect_colon(&mut lx)?;
                        tok = value_token(&mut lx)?;
                        after_value = false;
                    }
                    _ => return Err(JsonError::Unexpected(at)),
                }
            }
            Token::ArrOpen => {
                visit(Visit::Open(false, stack.len()));
                stack.push(false);
                let at = lx.offset();
                let t = lx.next()?;
                if t == Token::ArrClose {
                    stack.pop();
                    visit(Visit::Close(stack.len()));
                } else {
                    let kind = t.kind().ok_or(JsonError::Unexpected(at))?;
                    if stack.len() == 1 && top == Kind::Array {
                        // Range of the first element, filled in when it is a scalar.
                        let range = match t {
                            Token::Str { start, end, .. } => start - 1..end + 1,
                            Token::Num { start, end } => start..end,
                            _ => at..lx.pos,
                        };
                        first = Some((kind, range));
                    }
                    tok = t;
                    after_value = false;
                }
            }
            t => {
                if let Some(kind) = t.kind() {
                    let raw = match t {
                        Token::Str { start, end, .. } | Token::Num { start, end } => {
                            lx.text(start, end)
                        }
                        Token::True => "true",
                        Token::False => "false",
                        _ => "null",
                    };
                    visit(Visit::Scalar(kind, raw, stack.len()));
                }
            }
        }
        if !after_value {
            continue;
        }
        // After a complete value: close containers or move to the next element.
        loop {
            let Some(&in_object) = stack.last() else {
                lx.finish()?;
                return Ok(Shape { top, first });
            };
            let at = lx.offset();
            match (lx.next()?, in_object) {
                (Token::Comma, false) => {
                    tok = value_token(&mut lx)?;
                    break;
                }
                (Token::Comma, true) => {
                    let at = lx.offset();
                    let t = lx.next()?;
                    if !matches!(t, Token::Str { .. }) {
                        return Err(JsonError::Unexpected(at));
                    }
                    key(&lx, t, stack.len(), visit);
                    expect_colon(&mut lx)?;
                    tok = value_token(&mut lx)?;
                    break;
                }
                (Token::ArrClose, false) | (Token::ObjClose, true) => {
                    stack.pop();
                    visit(Visit::Close(stack.len()));
                }
                _ => return Err(JsonError::Unexpected(at)),
            }
        }
    }
}

/// The last element of a top-level array when it is a string (decoded).
pub fn last_string(text: &str) -> Option<String> {
    let mut last = None;
    let shape = walk(text, &mut |v| match v {
        Visit::Scalar(Kind::String, raw, 1) => last = Some(raw),
        Visit::Scalar(_, _, 1) | Visit::Open(_, 1) => last = None,
        _ => {}
    })
    .ok()?;
    last.filter(|_| shape.top == Kind::Array).map(unescape)
}

fn expect_colon(lx: &mut Lexer<'_>) -> Result<(), JsonError> {
    let at = lx.offset();
    match lx.next()? {
        Token::Colon => Ok(()),
        _ => Err(JsonError::Unexpected(at)),
    }
}

fn value_token(lx: &mut Lexer<'_>) -> Result<Token, JsonError> {
    let at = lx.offset();
    let t = lx.next()?;
    match t.kind() {
        Some(_) => Ok(t),
        None => Err(JsonError::Unexpected(at)),
    }
}

fn hex4(bytes: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for &b in bytes.get(..4)? {
        v = v * 16 + (b as char).to_digit(16)?;
    }
    Some(v)
}

/// Decodes the body of a JSON string (between the quotes, already validated by the lexer).
/// Lone surrogates, which JavaScript strings allow but Rust strings do not, become U+FFFD.
pub(crate) fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = super::find_byte(rest, b'\\') {
        out.push_str(rest.get(..i).unwrap_or(""));
        let tail = rest.get(i + 1..).unwrap_or("");
        let mut chars = tail.chars();
        let consumed = match chars.next() {
            Some('u') => {
                let b = tail.as_bytes();
                let hi = b.get(1..5).and_then(hex4).unwrap_or(0xfffd);
                let mut used = 5;
                let c = if (0xd800..0xdc00).contains(&hi) {
                    // A high surrogate: combine with a following \uDC00-\uDFFF if present.
                    match (b.get(5..7), b.get(7..11).and_then(hex4)) {
                        (Some(b"\\u"), Some(lo)) if (0xdc00..0xe000).contains(&lo) => {
                            used = 11;
                            char::from_u32(0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00))
                        }
                        _ => None,
                    }
                } else {
                    char::from_u32(hi)
                };
                out.push(c.unwrap_or('\u{fffd}'));
                used
            }
            Some(c) => {
                out.push(match c {
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    other => other,
                });
                c.len_utf8()
            }
            None => 0,
        };
        rest = tail.get(consumed..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

impl Value {
    /// Parses one complete JSON document into a tree.
    pub fn parse(text: &str) -> Result<Value, JsonError> {
        let mut lx = Lexer::new(text);
        let tok = lx.next()?;
        let v = Self::build(&mut lx, tok, 0)?;
        lx.finish()?;
        Ok(v)
    }

    fn build(lx: &mut Lexer<'_>, tok: Token, depth: usize) -> Result<Value, JsonError> {
        if depth >= MAX_DEPTH {
            return Err(JsonError::TooDeep);
        }
        Ok(match tok {
            Token::Null => Value::Null,
            Token::True => Value::Bool(true),
            Token::False => Value::Bool(false),
            Token::Num { start, end } => Value::Number(lx.text(start, end).to_owned()),
            Token::Str {
                start,
                end,
                escaped,
            } => Value::String(string_of(lx, start, end, escaped)),
            Token::ArrOpen => {
                let mut items = Vec::new();
                let at = lx.offset();
                let mut t = lx.next()?;
                if t != Token::ArrClose {
                    loop {
                        if t.kind().is_none() {
                            return Err(JsonError::Unexpected(at));
                        }
                        items.push(Self::build(lx, t, depth + 1)?);
                        let at = lx.offset();
                        match lx.next()? {
                            Token::Comma => t = value_token(lx)?,
                            Token::ArrClose => break,
                            _ => return Err(JsonError::Unexpected(at)),
                        }
                    }
                }
                Value::Array(items)
            }
            Token::ObjOpen => {
                let mut members = Vec::new();
                let mut at = lx.offset();
                let mut t = lx.next()?;
                if t != Token::ObjClose {
                    loop {
                        let Token::Str {
                            start,
                            end,
                            escaped,
                        } = t
                        else {
                            return Err(JsonError::Unexpected(at));
                        };
                        let key = string_of(lx, start, end, escaped);
                        expect_colon(lx)?;
                        let vt = value_token(lx)?;
                        members.push((key, Self::build(lx, vt, depth + 1)?));
                        let here = lx.offset();
                        match lx.next()? {
                            Token::Comma => {
                                at = lx.offset();
                                t = lx.next()?;
                            }
                            Token::ObjClose => break,
                            _ => return Err(JsonError::Unexpected(here)),
                        }
                    }
                }
                Value::Object(members)
            }
            _ => return Err(JsonError::Unexpected(lx.pos.saturating_sub(1))),
        })
    }

    /// Serialises to JSON text as `JSON.stringify` would (no white space). A [`Value::Binary`]
    /// has no JSON form and is written as `null`: deconstruct binary values first.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    /// Appends the JSON text of this value to `out` (see [`Value::to_json`]).
    pub fn write_json(&self, out: &mut String) {
        match self {
            Value::Null | Value::Binary(_) => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(n),
            Value::String(s) => write_string(s, out),
            Value::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write_json(out);
                }
                out.push(']');
            }
            Value::Object(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(k, out);
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
        }
    }

    /// The member `key` of an object (the first one, if repeated).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number as an unsigned integer, if it is one that fits in a `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }
}

fn string_of(lx: &Lexer<'_>, start: usize, end: usize, escaped: bool) -> String {
    let raw = lx.text(start, end);
    if escaped {
        unescape(raw)
    } else {
        raw.to_owned()
    }
}

/// Writes `s` as a JSON string literal.
pub fn write_string(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let n = c as usize;
                out.push_str("\\u00");
                out.push(HEX.get(n >> 4).copied().unwrap_or(b'0') as char);
                out.push(HEX.get(n & 15).copied().unwrap_or(b'0') as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_scalars_and_containers() {
        for ok in [
            "null",
            "true",
            "false",
            "0",
            "-0",
            "1.5e-3",
            "12E+4",
            "\"a\\u00e9\\n\"",
            "[]",
            "{}",
            " [1, \"x\", {\"a\": [null, {}]}] ",
            "{\"a\":{\"b\":{\"c\":[[],[[]]]}}}",
        ] {
            assert!(validate(ok).is_ok(), "{ok}");
            assert!(Value::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_malformed_documents() {
        for (bad, err) in [
            ("", JsonError::Eof),
            ("[", JsonError::Eof),
            ("[1,", JsonError::Eof),
            ("[1 2]", JsonError::Unexpected(3)),
            ("[1,]", JsonError::Unexpected(3)),
            ("{\"a\"}", JsonError::Unexpected(4)),
            ("{\"a\":1,}", JsonError::Unexpected(7)),
            ("{1:2}", JsonError::Unexpected(1)),
            ("01", JsonError::BadNumber(0)),
            ("1.", JsonError::Eof),
            ("1.e3", JsonError::BadNumber(0)),
            ("-", JsonError::Eof),
            ("tru", JsonError::Eof),
            ("nul!", JsonError::Unexpected(0)),
            ("\"\\x\"", JsonError::BadString(1)),
            ("\"\\u12g4\"", JsonError::BadString(5)),
            ("\"a\nb\"", JsonError::BadString(2)),
            ("[] []", JsonError::Trailing(3)),
            ("]", JsonError::Unexpected(0)),
            ("[}", JsonError::Unexpected(1)),
            ("{]", JsonError::Unexpected(1)),
        ] {
            assert_eq!(validate(bad).err(), Some(err), "validate {bad:?}");
            assert!(Value::parse(bad).is_err(), "parse {bad:?}");
        }
    }

    #[test]
    fn shape_reports_first_element() {
        let s = validate("[\"ev\",{\"a\":1}]").unwrap();
        assert_eq!(s.top, Kind::Array);
        assert_eq!(s.first, Some((Kind::String, 1..5)));
        let s = validate("[ 42 ,1]").unwrap();
        assert_eq!(s.first, Some((Kind::Number, 2..4)));
        let s = validate("[[1],2]").unwrap();
        assert_eq!(s.first.map(|f| f.0), Some(Kind::Array));
        assert_eq!(validate("[]").unwrap().first, None);
        assert_eq!(validate("{\"a\":[1]}").unwrap().top, Kind::Object);
    }

    #[test]
    fn deep_nesting_validates_but_tree_is_bounded() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(validate(&deep).is_ok());
        assert_eq!(Value::parse(&deep), Err(JsonError::TooDeep));
        let unbalanced = "[".repeat(100_000);
        assert_eq!(validate(&unbalanced), Err(JsonError::Eof));
    }

    #[test]
    fn unescapes_including_surrogate_pairs() {
        let v = Value::parse(r#""a\"b\\c\/d\b\f\n\r\t\u0041\ud83d\ude00\ud800x""#).unwrap();
        assert_eq!(
            v,
            Value::String("a\"b\\c/d\u{8}\u{c}\n\r\tA\u{1F600}\u{fffd}x".into())
        );
    }

    #[test]
    fn serialises_like_json_stringify() {
        let v = Value::parse(" { \"a\" : [1, -2.5e3, true, null, \"\\u0001\\\"é\"], \"b\": {} } ")
            .unwrap();
        assert_eq!(
            v.to_json(),
            r#"{"a":[1,-2.5e3,true,null,"\u0001\"é"],"b":{}}"#
        );
        assert_eq!(Value::Binary(vec![1]).to_json(), "null");
    }

    #[test]
    fn accessors() {
        let v = Value::parse(r#"{"sid":"x","n":25000,"big":99999999999999999999999,"neg":-1}"#)
            .unwrap();
        assert_eq!(v.get("sid").and_then(Value::as_str), Some("x"));
        assert_eq!(v.get("n").and_then(Value::as_u64), Some(25000));
        assert_eq!(v.get("big").and_then(Value::as_u64), None);
        assert_eq!(v.get("neg").and_then(Value::as_u64), None);
        assert_eq!(v.get("missing"), None);
        assert_eq!(Value::Null.get("x"), None);
    }

    #[test]
    fn last_string_of_an_array() {
        assert_eq!(
            last_string(r#"["ev",{"a":["z"]},"off\n1"]"#).as_deref(),
            Some("off\n1")
        );
        assert_eq!(last_string(r#"["ev","x",{"a":"z"}]"#), None);
        assert_eq!(last_string(r#"["ev",["x"]]"#), None);
        assert_eq!(last_string(r#"{"a":"x"}"#), None);
        assert_eq!(last_string("[\"unterminated"), None);
    }
}
