#![no_main]
//! Engine.IO packet decoder: text frames and binary frames; decoded packets re-encode to the input.
use libfuzzer_sys::fuzz_target;
use plugwire::protocol::engine::Packet;

fuzz_target!(|data: &[u8]| {
    let _ = Packet::decode_binary(data);
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(p) = Packet::decode_text(text) {
            // Text packets re-encode exactly (base64 may normalise padding).
            if p.as_text().is_some() {
                assert_eq!(p.to_text(), text);
            }
        }
    }
});
