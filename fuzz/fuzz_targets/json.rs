#![no_main]
//! JSON validator and tree parser agree, and parsed trees re-serialise to valid JSON.
use libfuzzer_sys::fuzz_target;
use plugwire::protocol::json::{self, JsonError, Value};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let valid = json::validate(text);
        match Value::parse(text) {
            Ok(v) => {
                assert!(valid.is_ok());
                assert_eq!(Value::parse(&v.to_json()), Ok(v));
            }
            Err(JsonError::TooDeep) => assert!(valid.is_ok()),
            Err(_) => assert!(valid.is_err()),
        }
    }
});
