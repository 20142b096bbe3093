//! Engine.IO v3 sessions (Socket.IO 2.x servers): detection, framing and the client's pings.

use super::*;

/// A socket.io 2.x handshake: no `maxPayload`.
const OPEN3: &str = r#"0{"sid":"v2","upgrades":["websocket"],"pingInterval":100,"pingTimeout":50}"#;

fn cfg(transports: &[TransportKind], protocol: Protocol) -> EngineConfig {
    EngineConfig {
        authority: "127.0.0.1:3000".into(),
        transports: transports.to_vec(),
        timestamp_requests: false,
        upgrade: false,
        protocol,
        ..EngineConfig::default()
    }
}

fn framed(packets: &[&str]) -> String {
    packets
        .iter()
        .map(|p| format!("{}:{p}", p.encode_utf16().count()))
        .collect()
}

fn posts(io: &[Io]) -> Vec<&str> {
    io.iter()
        .filter_map(|a| match a {
            Io::Post { body, .. } => Some(body.as_str()),
            _ => None,
        })
        .collect()
}

fn urls(io: &[Io]) -> Vec<&str> {
    io.iter()
        .filter_map(|a| match a {
            Io::Get { url, .. } | Io::Post { url, .. } | Io::OpenWebSocket { url, .. } => {
                Some(url.as_str())
            }
            _ => None,
        })
        .collect()
}

/// A polling session that found a v3 server in its first answer (auto-detection).
fn polling3() -> Engine {
    let mut e = Engine::new(cfg(&[TransportKind::Polling], Protocol::Auto));
    e.open(0.0);
    assert_eq!(
        urls(&e.poll_io()),
        ["http://127.0.0.1:3000/socket.io/?EIO=4&transport=polling&b64=1"]
    );
    e.handle(1, Input::Poll(Ok(framed(&[OPEN3, "40"]))), 0.0);
    assert!(e.v3());
    assert!(matches!(
        e.poll_events().as_slice(),
        [Event::Opened(h), Event::Message(Frame::Text(t), _)] if h.sid == "v2" && t == "0"
    ));
    assert_eq!(
        urls(&e.poll_io()),
        ["http://127.0.0.1:3000/socket.io/?EIO=3&transport=polling&sid=v2"],
        "the session goes on in v3, without a new handshake"
    );
    e
}

#[test]
fn polling_recognises_a_v3_server_and_frames_with_utf16_lengths() {
    let mut e = polling3();
    e.send_text("2[\"a\",\"€😀\"]".into(), 1.0);
    e.send_binary(vec![1, 2, 3], 1.0);
    assert_eq!(posts(&e.poll_io()), ["13:42[\"a\",\"€😀\"]"]);
    e.handle(1, Input::Post(Ok(())), 2.0);
    assert_eq!(posts(&e.poll_io()), ["6:b4AQID"]);
    e.handle(1, Input::Poll(Ok(framed(&["42[\"x\"]", "b4AQI="]))), 3.0);
    // The message keeps its header only (the payload is the host's, at its span).
    let events = e.poll_events();
    assert!(
        matches!(
            events.as_slice(),
            [Event::Message(Frame::Text(t), s), Event::Message(Frame::Binary(b), _)]
                if t == "2[" && b == &[1, 2] && (s.start8, s.end8) == (3, 9)
        ),
        "{events:?}"
    );
}

#[test]
fn a_bad_v3_length_is_a_server_error() {
    let mut e = polling3();
    e.handle(1, Input::Poll(Ok("9:4".into())), 1.0);
    let events = e.poll_events();
    assert!(
        events.contains(&Event::Error(SessionError::Server)),
        "{events:?}"
    );
}

#[test]
fn the_client_pings_and_times_out_without_a_pong() {
    let mut e = polling3();
    assert_eq!(
        e.deadline(),
        Some(100.0),
        "the first ping is due after pingInterval"
    );
    e.tick(99.0);
    assert!(e.poll_events().is_empty());
    e.tick(100.0);
    assert_eq!(e.poll_events(), vec![Event::Ping]);
    assert_eq!(posts(&e.poll_io()), ["1:2"]);
    assert_eq!(
        e.deadline(),
        Some(150.0),
        "the pong is due within pingTimeout"
    );
    e.handle(1, Input::Post(Ok(())), 101.0);
    e.handle(1, Input::Poll(Ok("1:3".into())), 120.0);
    e.poll_io();
    assert_eq!(
        e.deadline(),
        Some(220.0),
        "the next ping after pingInterval"
    );
    e.tick(220.0);
    assert_eq!(e.poll_events(), vec![Event::Ping]);
    e.tick(270.5);
    assert!(matches!(
        e.poll_events().as_slice(),
        [Event::Closed {
            reason: CloseReason::PingTimeout,
            ..
        }]
    ));
}

#[test]
fn any_packet_proves_the_server_alive_and_a_late_timer_pings_first() {
    let mut e = polling3();
    e.tick(100.0);
    e.poll_io();
    e.poll_events();
    // A message while the pong is awaited: alive for pingInterval + pingTimeout.
    e.handle(1, Input::Poll(Ok("2:40".into())), 140.0);
    e.poll_io();
    e.poll_events();
    assert_eq!(e.deadline(), Some(290.0));
    // A throttled timer fires long after the next ping was due: it pings, no timeout.
    let mut e = polling3();
    e.tick(5000.0);
    assert_eq!(e.poll_events(), vec![Event::Ping]);
    assert!(e.is_open());
    // socket.io-client checks the heartbeat before each emit: same rule.
    let mut e = polling3();
    assert!(!e.ping_expired(5000.0));
    assert_eq!(e.poll_events(), vec![Event::Ping]);
}

#[test]
fn a_server_ping_is_not_answered_in_v3() {
    let mut e = polling3();
    e.handle(1, Input::Poll(Ok("1:2".into())), 10.0);
    assert!(posts(&e.poll_io()).is_empty());
    assert!(e.poll_events().is_empty());
}

#[test]
fn forced_close_over_v3_polling_posts_a_framed_close() {
    let mut e = polling3();
    e.close(1.0);
    assert_eq!(posts(&e.poll_io()), ["1:1"]);
}

#[test]
fn websocket_recognises_v3_by_the_missing_max_payload_and_frames_binary_with_a_type_byte() {
    let mut e = Engine::new(cfg(&[TransportKind::WebSocket], Protocol::Auto));
    e.open(0.0);
    assert_eq!(
        urls(&e.poll_io()),
        ["ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket"]
    );
    e.handle(1, Input::Open, 0.0);
    e.handle(1, Input::Text(OPEN3.into()), 0.0);
    assert!(e.v3());
    e.poll_events();
    e.handle(1, Input::Binary(vec![4, 9, 8]), 1.0);
    assert_eq!(
        e.poll_events(),
        vec![Event::Message(Frame::Binary(vec![9, 8]), Span::default())]
    );
    e.handle(1, Input::Binary(vec![]), 1.0);
    assert!(e
        .poll_events()
        .contains(&Event::Error(SessionError::Server)));

    let mut e = Engine::new(cfg(&[TransportKind::WebSocket], Protocol::Auto));
    e.open(0.0);
    e.handle(1, Input::Open, 0.0);
    e.handle(1, Input::Text(OPEN3.into()), 0.0);
    e.poll_io();
    e.send_binary(vec![7], 1.0);
    e.tick(100.0);
    let frames: Vec<Frame> = e
        .poll_io()
        .into_iter()
        .filter_map(|io| match io {
            Io::SendFrames { frames, .. } => Some(frames),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(
        frames,
        vec![Frame::Binary(vec![4, 7]), Frame::Text("2".into())]
    );
}

#[test]
fn a_v4_handshake_stays_v4_and_pins_are_honoured() {
    let open4 =
        r#"0{"sid":"a","upgrades":[],"pingInterval":100,"pingTimeout":50,"maxPayload":1000}"#;
    let mut e = Engine::new(cfg(&[TransportKind::WebSocket], Protocol::Auto));
    e.open(0.0);
    e.handle(1, Input::Open, 0.0);
    e.handle(1, Input::Text(open4.into()), 0.0);
    assert!(!e.v3());
    assert_eq!(e.deadline(), Some(150.0), "v4: the server pings");

    // Pinned to v3: EIO=3 from the first request.
    let mut e = Engine::new(cfg(&[TransportKind::Polling], Protocol::V3));
    e.open(0.0);
    assert_eq!(
        urls(&e.poll_io()),
        ["http://127.0.0.1:3000/socket.io/?EIO=3&transport=polling&b64=1"]
    );
    // Pinned to v4: no b64, and v3 framing is not understood.
    let mut e = Engine::new(cfg(&[TransportKind::Polling], Protocol::V4));
    e.open(0.0);
    assert_eq!(
        urls(&e.poll_io()),
        ["http://127.0.0.1:3000/socket.io/?EIO=4&transport=polling"]
    );
    e.handle(1, Input::Poll(Ok(framed(&[OPEN3]))), 0.0);
    assert!(!e.v3());
    assert!(!e.is_open());
}
