//! JavaScript values ↔ [`Value`], for packets whose arguments hold bytes (the binary codec
//! works on [`Value`]). Plain arguments never come here: they go through `JSON.stringify` /
//! `JSON.parse`.

use crate::prelude::*;
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use crate::protocol::json::Value;

fn bytes_of(v: &JsValue) -> Option<Vec<u8>> {
    if let Some(buf) = v.dyn_ref::<ArrayBuffer>() {
        return Some(Uint8Array::new(buf).to_vec());
    }
    if ArrayBuffer::is_view(v) {
        let view: &js_sys::DataView = v.unchecked_ref();
        let u8s = Uint8Array::new_with_byte_offset_and_length(
            &view.buffer(),
            view.byte_offset() as u32,
            view.byte_length() as u32,
        );
        return Some(u8s.to_vec());
    }
    None
}

fn to_json_value(v: &JsValue) -> JsValue {
    // Honour toJSON (Dates, user classes) as JSON.stringify does.
    match Reflect::get(v, &"toJSON".into()).map(JsCast::dyn_into::<js_sys::Function>) {
        Ok(Ok(f)) if !ArrayBuffer::is_view(v) => f.call0(v).unwrap_or(JsValue::NULL),
        _ => v.clone(),
    }
}

/// Whether `v` holds an `ArrayBuffer` or a typed array / `DataView`, at any depth.
pub fn has_binary(v: &JsValue) -> bool {
    fn walk(v: &JsValue, depth: u32) -> bool {
        if depth > 64 || !v.is_object() {
            return false;
        }
        if v.is_instance_of::<ArrayBuffer>() || ArrayBuffer::is_view(v) {
            return true;
        }
        if Array::is_array(v) {
            return Array::from(v).iter().any(|i| walk(&i, depth + 1));
        }
        let v = to_json_value(v);
        if !v.is_object() {
            return false;
        }
        Object::values(v.unchecked_ref())
            .iter()
            .any(|i| walk(&i, depth + 1))
    }
    walk(v, 0)
}

/// A JavaScript value as a [`Value`] (bytes as [`Value::Binary`]), as `JSON.stringify` sees it.
pub fn from_js(v: &JsValue) -> Value {
    if let Some(b) = bytes_of(v) {
        return Value::Binary(b);
    }
    if let Some(b) = v.as_bool() {
        return Value::Bool(b);
    }
    if let Some(n) = v.as_f64() {
        return if n.is_finite() {
            Value::Number(crate::emitter::event_key(v))
        } else {
            Value::Null
        };
    }
    if let Some(s) = v.as_string() {
        return Value::String(s);
    }
    if Array::is_array(v) {
        return Value::Array(Array::from(v).iter().map(|i| from_js(&i)).collect());
    }
    if !v.is_object() {
        return Value::Null;
    }
    let v = to_json_value(v);
    if !v.is_object() {
        return from_js(&v);
    }
    let entries = Object::entries(v.unchecked_ref());
    Value::Object(
        entries
            .iter()
            .filter_map(|e| {
                let pair = Array::from(&e);
                let (k, val) = (pair.get(0).as_string()?, pair.get(1));
                (!val.is_undefined() && !val.is_function()).then(|| (k, from_js(&val)))
            })
            .collect(),
    )
}

/// A [`Value`] as a JavaScript value (bytes as an `ArrayBuffer`).
pub fn to_js(v: &Value) -> JsValue {
    match v {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => (*b).into(),
        Value::Number(n) => js_sys::JSON::parse(n).unwrap_or(JsValue::NULL),
        Value::String(s) => s.into(),
        Value::Array(items) => items.iter().map(to_js).collect::<Array>().into(),
        Value::Object(members) => {
            let o = Object::new();
            for (k, v) in members {
                let _ = Reflect::set(&o, &k.into(), &to_js(v));
            }
            o.into()
        }
        Value::Binary(b) => Uint8Array::from(b.as_slice()).buffer().into(),
    }
}
