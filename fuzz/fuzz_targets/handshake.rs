#![no_main]
//! Open-packet handshake parser.
use libfuzzer_sys::fuzz_target;
use plugwire::protocol::engine::Handshake;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Handshake::parse(text);
    }
});
