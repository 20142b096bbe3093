#![no_main]
//! Binary reassembler: an arbitrary stream of text and binary messages.
use libfuzzer_sys::fuzz_target;
use plugwire::protocol::binary::Reassembler;

fuzz_target!(|data: &[u8]| {
    let mut r = Reassembler::default();
    // Messages are separated by 0xff; a leading 0x00 marks a binary message.
    for chunk in data.split(|b| *b == 0xff) {
        match chunk.split_first() {
            Some((0, bytes)) => {
                let _ = r.binary(bytes.to_vec());
            }
            _ => {
                if let Ok(text) = std::str::from_utf8(chunk) {
                    let _ = r.text(text);
                }
            }
        }
    }
});
