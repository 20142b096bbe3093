//! Payloads: the arguments of an event or an ack as serde values, with their binary beside them.
//!
//! On the wire, socket.io replaces every byte buffer of a packet by a placeholder
//! `{"_placeholder":true,"num":N}` and sends the buffers as attachments. plugwire keeps that
//! shape in Rust: a [`Payload`] is the JSON arguments (with the placeholders) plus the
//! attachments, and serde reads a placeholder as the bytes it stands for, so `Vec<u8>` and
//! `serde_bytes::ByteBuf` work anywhere in a payload. Writing goes the other way: a field
//! serialized as bytes (`#[serde(with = "serde_bytes")]`, `serde_bytes::ByteBuf`) becomes a
//! placeholder and an attachment, with no intermediate tree.
//!
//! [`Payload::parse`] is the one place where received JSON text is parsed.
//!
//! ```
//! use plugwire::web::Payload;
//! #[derive(serde::Deserialize)]
//! struct Scan { badge: String, #[serde(with = "serde_bytes")] photo: Vec<u8> }
//! let p = Payload::parse(
//!     r#"[{"badge":"b1","photo":{"_placeholder":true,"num":0}}]"#,
//!     vec![vec![0xff, 0xd8]],
//! )
//! .unwrap();
//! let scan: Scan = p.arg(0).unwrap();
//! assert_eq!((scan.badge.as_str(), scan.photo), ("b1", vec![0xff, 0xd8]));
//! ```

use std::fmt;
use std::io;

use crate::protocol::json::{self, Field, JsonError};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use serde::Serialize;
use serde_json::{Map, Value};

/// Why a payload could not be read or written.
///
/// ```
/// use plugwire::web::{Payload, PayloadError};
/// let p = Payload::from_values(vec![serde_json::json!("not a number")]);
/// assert!(matches!(p.arg::<u32>(0), Err(PayloadError::Shape(_))));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    /// The received text is not a JSON argument list.
    #[error("malformed payload: {0}")]
    Malformed(String),
    /// The arguments do not have the shape the handler asked for.
    #[error("unexpected payload shape: {0}")]
    Shape(String),
    /// A value to send could not be serialized.
    #[error("cannot serialize the payload: {0}")]
    Serialize(String),
}

/// The arguments of an event or an ack, as received.
///
/// ```
/// use plugwire::web::Payload;
/// let p = Payload::parse(r#"[1,{"_placeholder":true,"num":0}]"#, vec![vec![7, 8]]).unwrap();
/// assert_eq!(p.arg::<u32>(0).unwrap(), 1);
/// assert_eq!(p.arg::<Vec<u8>>(1).unwrap(), vec![7, 8]);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Payload {
    args: Vec<Value>,
    attachments: Vec<Vec<u8>>,
}

impl Payload {
    /// Parses an argument list (a JSON array, placeholders referring to `attachments`).
    ///
    /// This is the one place where received payload text is parsed: a malformed list is
    /// reported here, and the session is closed by the host ("parse error").
    ///
    /// ```
    /// use plugwire::web::Payload;
    /// assert!(Payload::parse("[1,", Vec::new()).is_err());
    /// assert_eq!(Payload::parse("[1,2]", Vec::new()).unwrap().len(), 2);
    /// ```
    pub fn parse(json: &str, attachments: Vec<Vec<u8>>) -> Result<Payload, PayloadError> {
        match serde_json::from_str::<Value>(json) {
            Ok(Value::Array(args)) => Ok(Payload { args, attachments }),
            Ok(_) => Err(PayloadError::Malformed("not an argument list".into())),
            Err(e) => Err(PayloadError::Malformed(e.to_string())),
        }
    }

    /// A payload the host parsed (its arguments, and the attachments their placeholders name).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn from_parts(args: Vec<Value>, attachments: Vec<Vec<u8>>) -> Payload {
        Payload { args, attachments }
    }

    /// A payload of already-built arguments (for local injection and tests).
    ///
    /// ```
    /// use plugwire::web::Payload;
    /// let p = Payload::from_values(vec![serde_json::json!({"a": 1})]);
    /// assert_eq!(p.arg::<serde_json::Value>(0).unwrap()["a"], 1);
    /// ```
    pub fn from_values(args: Vec<Value>) -> Payload {
        Payload {
            args,
            attachments: Vec::new(),
        }
    }

    /// Splits off the first argument as an event name (`[event, ...args]`).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn take_event_name(&mut self) -> Option<String> {
        if !matches!(self.args.first(), Some(Value::String(_))) {
            return None;
        }
        match self.args.remove(0) {
            Value::String(name) => Some(name),
            _ => None,
        }
    }

    /// The raw arguments; byte buffers are placeholders into [`Payload::attachments`].
    ///
    /// ```
    /// use plugwire::web::Payload;
    /// let p = Payload::parse(r#"["a"]"#, Vec::new()).unwrap();
    /// assert_eq!(p.args()[0], "a");
    /// ```
    pub fn args(&self) -> &[Value] {
        &self.args
    }

    /// The byte buffers the placeholders refer to, in order.
    ///
    /// ```
    /// use plugwire::web::Payload;
    /// let p = Payload::parse(r#"[{"_placeholder":true,"num":0}]"#, vec![vec![1]]).unwrap();
    /// assert_eq!(p.attachments(), &[vec![1u8]]);
    /// ```
    pub fn attachments(&self) -> &[Vec<u8>] {
        &self.attachments
    }

    /// How many arguments.
    ///
    /// ```
    /// # use plugwire::web::Payload;
    /// assert_eq!(Payload::parse("[]", Vec::new()).unwrap().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.args.len()
    }

    /// Whether there are no arguments.
    ///
    /// ```
    /// # use plugwire::web::Payload;
    /// assert!(Payload::parse("[]", Vec::new()).unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.args.is_empty()
    }

    /// Argument `i` as a `T` (a missing argument reads as `null`, so `Option<T>` fits it).
    ///
    /// ```
    /// # use plugwire::web::Payload;
    /// let p = Payload::parse(r#"["x"]"#, Vec::new()).unwrap();
    /// assert_eq!(p.arg::<String>(0).unwrap(), "x");
    /// assert_eq!(p.arg::<Option<u8>>(1).unwrap(), None);
    /// assert!(p.arg::<u8>(0).is_err());
    /// ```
    pub fn arg<T: DeserializeOwned>(&self, i: usize) -> Result<T, PayloadError> {
        let v = self.args.get(i).cloned().unwrap_or(Value::Null);
        from_value(v, &self.attachments)
    }

    /// Every argument as one `T`: a tuple, a `Vec`, or a struct read as a sequence.
    ///
    /// ```
    /// # use plugwire::web::Payload;
    /// let p = Payload::parse(r#"["x",2]"#, Vec::new()).unwrap();
    /// assert_eq!(p.all::<(String, u8)>().unwrap(), ("x".to_owned(), 2));
    /// ```
    pub fn all<T: DeserializeOwned>(&self) -> Result<T, PayloadError> {
        from_value(Value::Array(self.args.clone()), &self.attachments)
    }
}

/// Reads `v` as a `T`, placeholders as the bytes of `attachments`.
fn from_value<T: DeserializeOwned>(v: Value, attachments: &[Vec<u8>]) -> Result<T, PayloadError> {
    T::deserialize(Des {
        v,
        atts: attachments,
    })
    .map_err(|e| PayloadError::Shape(e.0))
}

/// Writes `[event?, data]`, or `[event?, ...data]` when `spread` (a tuple or sequence; `()`:
/// no arguments): the JSON text with placeholders, and the attachments.
///
/// ```
/// # use plugwire::web::payload::encode;
/// let (json, atts) = encode(Some("e"), &(1, "a"), true).unwrap();
/// assert_eq!(json, r#"["e",1,"a"]"#);
/// assert!(atts.is_empty());
/// ```
pub fn encode<T: Serialize + ?Sized>(
    event: Option<&str>,
    data: &T,
    spread: bool,
) -> Result<(String, Vec<Vec<u8>>), PayloadError> {
    let mut atts = Vec::new();
    let mut body = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut body, Placeholders(&mut atts));
    data.serialize(&mut ser)
        .map_err(|e| PayloadError::Serialize(e.to_string()))?;
    let body = String::from_utf8(body).map_err(|e| PayloadError::Serialize(e.to_string()))?;
    let mut out = String::with_capacity(body.len() + 16);
    out.push('[');
    if let Some(event) = event {
        let name =
            serde_json::to_string(event).map_err(|e| PayloadError::Serialize(e.to_string()))?;
        out.push_str(&name);
    }
    let inner = if !spread {
        body.as_str()
    } else if body == "null" {
        ""
    } else if let Some(inner) = body.strip_prefix('[').and_then(|b| b.strip_suffix(']')) {
        inner
    } else {
        return Err(PayloadError::Serialize(
            "arguments must be a tuple or a sequence".into(),
        ));
    };
    if event.is_some() && !inner.is_empty() {
        out.push(',');
    }
    out.push_str(inner);
    out.push(']');
    Ok((out, atts))
}

/// A JSON formatter that writes byte buffers as placeholders and keeps their bytes.
struct Placeholders<'a>(&'a mut Vec<Vec<u8>>);

impl serde_json::ser::Formatter for Placeholders<'_> {
    fn write_byte_array<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        value: &[u8],
    ) -> io::Result<()> {
        let n = self.0.len();
        self.0.push(value.to_vec());
        write!(w, r#"{{"_placeholder":true,"num":{n}}}"#)
    }
}

/// A serde error while reading a payload.
#[derive(Debug)]
struct DeError(String);

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError(msg.to_string())
    }
}

/// The bytes a placeholder object stands for: `None` when `o` is no placeholder.
fn placeholder<'a>(
    o: &Map<String, Value>,
    atts: &'a [Vec<u8>],
) -> Option<Result<&'a [u8], DeError>> {
    if o.len() != 2 || o.get("_placeholder") != Some(&Value::Bool(true)) {
        return None;
    }
    let num = o.get("num")?.as_u64()?;
    Some(
        usize::try_from(num)
            .ok()
            .and_then(|n| atts.get(n))
            .map(Vec::as_slice)
            .ok_or_else(|| DeError(format!("attachment {num} is missing"))),
    )
}

/// A deserializer over a JSON value whose placeholders read as bytes.
struct Des<'a> {
    v: Value,
    atts: &'a [Vec<u8>],
}

impl<'de> de::Deserializer<'de> for Des<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let atts = self.atts;
        match self.v {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => visitor.visit_u64(u),
                (_, Some(i), _) => visitor.visit_i64(i),
                (_, _, Some(f)) => visitor.visit_f64(f),
                _ => Err(DeError("unrepresentable number".into())),
            },
            Value::String(s) => visitor.visit_string(s),
            Value::Array(a) => visitor.visit_seq(Seq {
                items: a.into_iter(),
                atts,
            }),
            Value::Object(o) => match placeholder(&o, atts) {
                Some(bytes) => visitor.visit_seq(ByteSeq(bytes?.iter())),
                None => visitor.visit_map(Entries {
                    items: o.into_iter(),
                    value: None,
                    atts,
                }),
            },
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if let Value::Object(o) = &self.v {
            if let Some(bytes) = placeholder(o, self.atts) {
                return visitor.visit_bytes(bytes?);
            }
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.v {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.v {
            Value::String(s) => visitor.visit_enum(s.into_deserializer()),
            Value::Object(o) if o.len() == 1 => match o.into_iter().next() {
                Some((variant, value)) => visitor.visit_enum(Variant {
                    variant,
                    value,
                    atts: self.atts,
                }),
                None => Err(DeError("an enum needs a variant".into())),
            },
            _ => Err(DeError(
                "an enum is a string or an object with one key".into(),
            )),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string unit unit_struct
        seq tuple tuple_struct map struct identifier ignored_any
    }
}

struct Seq<'a> {
    items: std::vec::IntoIter<Value>,
    atts: &'a [Vec<u8>],
}

impl<'de> de::SeqAccess<'de> for Seq<'_> {
    type Error = DeError;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, DeError> {
        match self.items.next() {
            Some(v) => seed.deserialize(Des { v, atts: self.atts }).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct ByteSeq<'a>(std::slice::Iter<'a, u8>);

impl<'de> de::SeqAccess<'de> for ByteSeq<'_> {
    type Error = DeError;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, DeError> {
        match self.0.next() {
            Some(b) => seed.deserialize((*b).into_deserializer()).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Entries<'a> {
    items: serde_json::map::IntoIter,
    value: Option<Value>,
    atts: &'a [Vec<u8>],
}

impl<'de> de::MapAccess<'de> for Entries<'_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.items.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(k.into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, DeError> {
        let v = self.value.take().unwrap_or(Value::Null);
        seed.deserialize(Des { v, atts: self.atts })
    }
}

struct Variant<'a> {
    variant: String,
    value: Value,
    atts: &'a [Vec<u8>],
}

impl<'de, 'a> de::EnumAccess<'de> for Variant<'a> {
    type Error = DeError;
    type Variant = Des<'a>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Des<'a>), DeError> {
        let name = seed.deserialize(self.variant.into_deserializer())?;
        Ok((
            name,
            Des {
                v: self.value,
                atts: self.atts,
            },
        ))
    }
}

impl<'de> de::VariantAccess<'de> for Des<'_> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        match self.v {
            Value::Null => Ok(()),
            _ => Err(DeError("a unit variant carries no value".into())),
        }
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, DeError> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_any(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_any(self, visitor)
    }
}

/// The Rust host's reader of the handshake and CONNECT data (see [`json::Fields`]):
/// serde_json, which it reads payloads with, giving what `JSON.parse` gives the npm package
/// (and socket.io-client): a repeated key's last value, a number in any notation.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(super) struct SerdeFields;

impl json::Fields for SerdeFields {
    fn fields(&self, text: &str) -> Result<Vec<(String, Field)>, JsonError> {
        let value: Value = serde_json::from_str(text).map_err(|_| JsonError::Unexpected(0))?;
        let Value::Object(members) = value else {
            return Ok(Vec::new());
        };
        let field = |v: Value| match v {
            Value::String(s) => Field::Str(s),
            // `JSON.parse` reads 1e4 as 10000; the codecs read integers as written.
            Value::Number(n) => Field::Num(match (n.as_u64(), n.as_f64()) {
                (Some(u), _) => u.to_string(),
                (None, Some(f)) if (0.0..1.8e19).contains(&f) && f.fract() == 0.0 => {
                    (f as u64).to_string()
                }
                _ => n.to_string(),
            }),
            Value::Array(items) if items.iter().all(Value::is_string) => Field::Strings(
                items
                    .into_iter()
                    .filter_map(|v| v.as_str().map(ToOwned::to_owned))
                    .collect(),
            ),
            _ => Field::Other,
        };
        Ok(members.into_iter().map(|(k, v)| (k, field(v))).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::json::Fields;
    use serde::Deserialize;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Scan {
        badge: String,
        #[serde(with = "serde_bytes")]
        photo: Vec<u8>,
        tags: Vec<serde_bytes::ByteBuf>,
        kind: Kind,
    }

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    enum Kind {
        Guest,
        Staff { level: u8 },
    }

    #[test]
    fn bytes_anywhere_become_placeholders_and_come_back() {
        let scan = Scan {
            badge: "b1".into(),
            photo: vec![1, 2, 3],
            tags: vec![
                serde_bytes::ByteBuf::from(vec![9]),
                serde_bytes::ByteBuf::from(vec![]),
            ],
            kind: Kind::Staff { level: 2 },
        };
        let (json, atts) = encode(Some("scan"), &scan, false).unwrap();
        assert_eq!(
            json,
            r#"["scan",{"badge":"b1","photo":{"_placeholder":true,"num":0},"tags":[{"_placeholder":true,"num":1},{"_placeholder":true,"num":2}],"kind":{"Staff":{"level":2}}}]"#
        );
        assert_eq!(atts, vec![vec![1, 2, 3], vec![9], vec![]]);
        let mut p = Payload::parse(&json, atts).unwrap();
        assert_eq!(p.take_event_name().as_deref(), Some("scan"));
        assert_eq!(p.arg::<Scan>(0).unwrap(), scan);
        // Read untyped, a buffer is its bytes as numbers.
        assert_eq!(
            p.arg::<Value>(0).unwrap()["photo"],
            serde_json::json!([1, 2, 3])
        );
    }

    #[test]
    fn spread_arguments_and_no_arguments() {
        assert_eq!(encode(Some("e"), &(), true).unwrap().0, r#"["e"]"#);
        assert_eq!(encode(Some("e"), &[1, 2], true).unwrap().0, r#"["e",1,2]"#);
        assert_eq!(encode(None, &("a", 1), true).unwrap().0, r#"["a",1]"#);
        assert_eq!(encode(Some("e"), &"x", false).unwrap().0, r#"["e","x"]"#);
        assert!(encode(Some("e"), &5, true).is_err());
    }

    #[test]
    fn wrong_shapes_are_errors_not_panics() {
        let p = Payload::parse(r#"[{"badge":1},{"_placeholder":true,"num":5}]"#, vec![]).unwrap();
        assert!(matches!(p.arg::<Scan>(0), Err(PayloadError::Shape(_))));
        assert!(matches!(p.arg::<Vec<u8>>(1), Err(PayloadError::Shape(_))));
        assert!(matches!(
            Payload::parse("{}", vec![]),
            Err(PayloadError::Malformed(_))
        ));
        assert!(matches!(
            Payload::parse("[", vec![]),
            Err(PayloadError::Malformed(_))
        ));
    }

    #[test]
    fn enums_options_and_tuples() {
        let p = Payload::parse(r#"["Guest",null,[1,"a"],-3,1.5]"#, vec![]).unwrap();
        assert_eq!(p.arg::<Kind>(0).unwrap(), Kind::Guest);
        assert_eq!(p.arg::<Option<String>>(1).unwrap(), None);
        assert_eq!(p.arg::<(u8, String)>(2).unwrap(), (1, "a".to_owned()));
        assert_eq!(p.arg::<i32>(3).unwrap(), -3);
        assert_eq!(p.arg::<f64>(4).unwrap(), 1.5);
    }

    #[test]
    fn reads_handshake_and_connect_data_as_json_parse_does() {
        let f = super::SerdeFields
            .fields(
                r#"{"sid":"a","sid":"b","n":1e4,"up":["websocket"],"o":{"sid":"c"},"m":["x",1]}"#,
            )
            .unwrap();
        let get = |k: &str| f.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        assert_eq!(get("sid"), Some(Field::Str("b".into())));
        assert_eq!(get("n"), Some(Field::Num("10000".into())));
        assert_eq!(get("up"), Some(Field::Strings(vec!["websocket".into()])));
        assert_eq!(get("o"), Some(Field::Other));
        assert_eq!(get("m"), Some(Field::Other));
        assert_eq!(f.len(), 5);
        assert_eq!(super::SerdeFields.fields("[1]"), Ok(Vec::new()));
        assert!(super::SerdeFields.fields(r#"{"sid":"a","x":[1,}"#).is_err());
        let h = crate::protocol::engine::Handshake::parse_with(
            r#"{"sid":"s","upgrades":[],"pingInterval":2.5e4,"pingTimeout":2e4}"#,
            &super::SerdeFields,
        )
        .unwrap();
        assert_eq!((h.ping_interval, h.ping_timeout), (25_000, 20_000));
    }
}
