//! Property tests: every codec's encode → decode is the identity, and no input makes a decoder
//! panic.
#![cfg(not(target_arch = "wasm32"))]

use std::borrow::Cow;

use plugwire::protocol::binary::{self, Message, Reassembler};
use plugwire::protocol::engine::{self, Data, Handshake, Packet as EnginePacket, PacketType};
use plugwire::protocol::json::{self, Value};
use plugwire::protocol::socketio::{Packet, PacketKind, MAX_ACK_ID};
use proptest::prelude::*;

fn json_number() -> impl Strategy<Value = String> {
    (
        any::<i64>(),
        proptest::option::of(0u32..1000),
        proptest::option::of(-30i32..30),
    )
        .prop_map(|(i, frac, exp)| {
            let mut s = i.to_string();
            if let Some(f) = frac {
                s.push('.');
                s.push_str(&f.to_string());
            }
            if let Some(e) = exp {
                s.push('e');
                s.push_str(&e.to_string());
            }
            s
        })
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        json_number().prop_map(Value::Number),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..6).prop_map(Value::Object),
        ]
    })
}

/// A JSON value that may hold byte buffers (Socket.IO arguments).
fn args_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        json_number().prop_map(Value::Number),
        "[a-z]{0,8}".prop_map(Value::String),
        prop::collection::vec(any::<u8>(), 0..16).prop_map(Value::Binary),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-z]{1,6}", inner), 0..4).prop_map(Value::Object),
        ]
    })
}

fn engine_packet() -> impl Strategy<Value = EnginePacket<'static>> {
    let kind = prop_oneof![
        Just(PacketType::Open),
        Just(PacketType::Close),
        Just(PacketType::Ping),
        Just(PacketType::Pong),
        Just(PacketType::Message),
        Just(PacketType::Upgrade),
        Just(PacketType::Noop),
    ];
    prop_oneof![
        (kind, "[^\x1e]{0,40}").prop_map(|(k, t)| EnginePacket::text(k, t)),
        prop::collection::vec(any::<u8>(), 0..64).prop_map(EnginePacket::binary),
    ]
}

fn nsp() -> impl Strategy<Value = String> {
    prop_oneof![Just("/".to_owned()), "/[a-zA-Z0-9_./-]{0,12}"]
}

proptest! {
    #[test]
    fn json_round_trips(v in json_value()) {
        let text = v.to_json();
        prop_assert!(json::validate(&text).is_ok());
        prop_assert_eq!(Value::parse(&text), Ok(v));
    }

    #[test]
    fn json_never_panics(s in any::<String>()) {
        let valid = json::validate(&s).is_ok();
        // Both readers agree on what is JSON (within the tree's depth limit).
        prop_assert_eq!(Value::parse(&s).is_ok(), valid);
        // The handshake / CONNECT reader accepts every valid document (it is a lenient scanner:
        // it checks the top level's structure only, and may accept some invalid text).
        let fields = json::fields(&s);
        if valid {
            prop_assert!(fields.is_ok());
        }
        prop_assert_eq!(binary::placeholders_in_range(&s, 2).is_ok(), valid);
        let _ = json::last_string(&s);
    }

    #[test]
    fn streaming_readers_agree_with_the_tree(v in json_value()) {
        let text = v.to_json();
        // `fields`: the members of a top-level object, strings decoded.
        let expected: Vec<(String, json::Field)> = match &v {
            Value::Object(members) => members
                .iter()
                .map(|(k, m)| {
                    let f = match m {
                        Value::String(s) => json::Field::Str(s.clone()),
                        Value::Number(n) => json::Field::Num(n.clone()),
                        Value::Array(items) if items.iter().all(|i| matches!(i, Value::String(_))) => {
                            json::Field::Strings(items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect())
                        }
                        _ => json::Field::Other,
                    };
                    (k.clone(), f)
                })
                .collect(),
            _ => Vec::new(),
        };
        prop_assert_eq!(json::fields(&text).unwrap(), expected);
        // `last_string`: the last element of a top-level array when it is a string.
        let last = match &v {
            Value::Array(items) => items.last().and_then(Value::as_str).map(str::to_owned),
            _ => None,
        };
        prop_assert_eq!(json::last_string(&text), last);
    }

    #[test]
    fn engine_packets_round_trip(p in engine_packet()) {
        let text = p.to_text();
        prop_assert_eq!(EnginePacket::decode_text(&text), Ok(p));
    }

    #[test]
    fn engine_payloads_round_trip(packets in prop::collection::vec(engine_packet(), 1..8)) {
        let body = engine::encode_payload(&packets);
        let back: Vec<_> = engine::decode_payload(&body).collect::<Result<_, _>>().unwrap();
        prop_assert_eq!(back, packets);
    }

    #[test]
    fn batches_fit_and_never_starve(packets in prop::collection::vec(engine_packet(), 0..12), max in 0usize..300) {
        let n = engine::batch_len(&packets, max);
        prop_assert!(n <= packets.len());
        if !packets.is_empty() { prop_assert!(n >= 1); }
        if max > 0 && packets.len() > 1 {
            // engine.io-client's accounting: 1 + costs + 2 per extra packet.
            let cost = |p: &EnginePacket| match &p.data {
                Data::Text(t) => t.len(),
                Data::Binary(b) => (b.len() * 4).div_ceil(3),
            };
            let size = |k: usize| 1 + packets[..k].iter().map(cost).sum::<usize>() + 2 * (k - 1);
            if n > 1 { prop_assert!(size(n) <= max, "batch of {} exceeds {}", n, max); }
            if n < packets.len() { prop_assert!(size(n + 1) > max, "batch of {} could hold one more", n); }
        } else {
            prop_assert_eq!(n, packets.len());
        }
    }

    #[test]
    fn engine_decoders_never_panic(s in any::<String>(), b in prop::collection::vec(any::<u8>(), 0..64)) {
        let _ = EnginePacket::decode_text(&s);
        for r in engine::decode_payload(&s) { let _ = r; }
        let _ = engine::payload_text(&b);
        let _ = Handshake::parse(&s);
    }

    #[test]
    fn socketio_packets_round_trip(
        kind in prop_oneof![Just(PacketKind::Event), Just(PacketKind::Ack)],
        nsp in nsp(),
        id in proptest::option::of(0..=MAX_ACK_ID),
        name in "[a-z:._-]{1,12}",
        rest in prop::collection::vec(json_value(), 0..3),
    ) {
        let id = if kind == PacketKind::Ack { Some(id.unwrap_or(1)) } else { id };
        let mut items = vec![Value::String(name)];
        items.extend(rest);
        let data = Value::Array(items).to_json();
        let p = Packet { kind, nsp: Cow::Owned(nsp), id, attachments: 0, data: Some(Cow::Owned(data)) };
        let text = p.encode();
        prop_assert_eq!(Packet::decode(&text), Ok(p));
    }

    #[test]
    fn socketio_decoder_never_panics(s in any::<String>(), digits in "[0-6][0-9]{0,25}-?/?[a-z,]{0,4}[0-9]{0,25}") {
        let _ = Packet::decode(&s);
        let _ = Packet::decode(&digits);
        let _ = Packet::decode_bytes(s.as_bytes());
    }

    #[test]
    fn binary_args_reassemble_to_themselves(
        nsp in nsp(),
        id in proptest::option::of(0..=MAX_ACK_ID),
        args in prop::collection::vec(args_value(), 0..4),
    ) {
        let mut items = vec![Value::String("ev".into())];
        items.extend(args);
        let args = Value::Array(items);
        let (text, buffers) = binary::encode(PacketKind::Event, &nsp, id, args.clone());
        prop_assume!(buffers.len() <= 10);
        let mut r = Reassembler::default();
        let mut out = r.text(&text).unwrap().map(|m| match m {
            Message::Packet(p) => Message::Packet(p.into_owned()),
            other => other,
        });
        for b in buffers {
            prop_assert!(out.is_none());
            out = r.binary(b).unwrap();
        }
        match out {
            Some(Message::Binary { packet, attachments }) => {
                prop_assert_eq!(packet.nsp.as_ref(), nsp.as_str());
                prop_assert_eq!(packet.id, id);
                let data = Value::parse(packet.data.as_deref().unwrap_or("")).unwrap();
                prop_assert_eq!(binary::reconstruct(data, &attachments).unwrap(), args);
            }
            Some(Message::Packet(p)) => {
                prop_assert!(!binary::has_binary(&args));
                prop_assert_eq!(Value::parse(p.data.as_deref().unwrap_or("")).unwrap(), args);
            }
            None => prop_assert!(false, "packet never completed"),
        }
    }

    #[test]
    fn reassembler_never_panics(msgs in prop::collection::vec(prop_oneof![
        any::<String>().prop_map(Ok),
        "5[0-3]-\\[\"a\"(,\\{\"_placeholder\":true,\"num\":[0-3]\\}){0,3}\\]".prop_map(Ok),
        prop::collection::vec(any::<u8>(), 0..8).prop_map(Err),
    ], 0..12)) {
        let mut r = Reassembler::default();
        for m in msgs {
            match m {
                Ok(t) => { let _ = r.text(&t); }
                Err(b) => { let _ = r.binary(b); }
            }
        }
    }
}
