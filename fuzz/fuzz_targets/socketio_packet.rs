#![no_main]
//! Socket.IO packet decoder: decoded packets re-encode to an equivalent packet.
use libfuzzer_sys::fuzz_target;
use plugwire::protocol::socketio::Packet;

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = Packet::decode_bytes(data) {
        let again = p.encode();
        assert_eq!(Packet::decode(&again).ok(), Some(p));
    }
});
