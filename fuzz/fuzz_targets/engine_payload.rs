#![no_main]
//! Polling payload decoder: arbitrary response bodies.
use libfuzzer_sys::fuzz_target;
use plugwire::protocol::engine;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = engine::payload_text(data) {
        for packet in engine::decode_payload(text) {
            let _ = packet;
        }
    }
});
