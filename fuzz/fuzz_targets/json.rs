#![no_main]
//! JSON validator, streaming readers and tree parser agree, and parsed trees re-serialise to
//! valid JSON.
use libfuzzer_sys::fuzz_target;
use plugwire::protocol::json::{self, JsonError, Value};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let valid = json::validate(text);
        // The handshake / CONNECT reader is a lenient scanner: it accepts every valid document.
        if valid.is_ok() {
            assert!(json::fields(text).is_ok());
        }
        assert_eq!(plugwire::protocol::binary::placeholders_in_range(text, 3).is_ok(), valid.is_ok());
        let _ = json::last_string(text);
        match Value::parse(text) {
            Ok(v) => {
                assert!(valid.is_ok());
                assert_eq!(Value::parse(&v.to_json()), Ok(v));
            }
            // Too deep for the tree: the validator (no depth limit) may accept or reject.
            Err(JsonError::TooDeep) => {}
            Err(_) => assert!(valid.is_err()),
        }
    }
});
