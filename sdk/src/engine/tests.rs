//! The session, driven natively: each test reads like the exchange it pins down.

use super::*;

const OPEN: &str = r#"0{"sid":"abc","upgrades":["websocket"],"pingInterval":100,"pingTimeout":50,"maxPayload":30}"#;
const OPEN_WS: &str =
    r#"0{"sid":"abc","upgrades":[],"pingInterval":100,"pingTimeout":50,"maxPayload":1000}"#;

fn cfg(transports: &[TransportKind]) -> EngineConfig {
    EngineConfig {
        authority: "127.0.0.1:3000".into(),
        transports: transports.to_vec(),
        timestamp_requests: false,
        ..EngineConfig::default()
    }
}

fn text(s: &str) -> Input {
    Input::Text(s.into())
}

fn poll(s: &str) -> Input {
    Input::Poll(Ok(s.into()))
}

fn sent(io: &[Io]) -> Vec<Frame> {
    io.iter()
        .filter_map(|a| match a {
            Io::SendFrames { frames, .. } => Some(frames.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

fn closed(events: &[Event]) -> Option<(CloseReason, Details)> {
    events.iter().find_map(|e| match e {
        Event::Closed { reason, details } => Some((*reason, details.clone())),
        _ => None,
    })
}

fn ws_engine() -> (Engine, u32) {
    let mut e = Engine::new(cfg(&[TransportKind::WebSocket]));
    e.open(0.0);
    let t = match e.poll_io().as_slice() {
        [Io::OpenWebSocket { transport, url }] => {
            assert_eq!(
                url,
                "ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket"
            );
            *transport
        }
        other => panic!("{other:?}"),
    };
    e.handle(t, Input::Open, 0.0);
    e.handle(t, text(OPEN_WS), 0.0);
    assert!(matches!(e.poll_events().as_slice(), [Event::Opened(h)] if h.sid == "abc"));
    (e, t)
}

#[test]
fn websocket_session_opens_pings_and_sends() {
    let (mut e, t) = ws_engine();
    assert!(e.is_open());
    assert!(e.writable());
    e.handle(t, text("2"), 10.0);
    assert_eq!(e.poll_events(), vec![Event::Ping]);
    assert_eq!(sent(&e.poll_io()), vec![Frame::Text("3".into())]);
    e.send_text("2[\"a\"]".into(), 10.0);
    e.send_binary(vec![1, 2], 10.0);
    assert_eq!(
        e.poll_io(),
        vec![
            Io::SendFrames {
                transport: t,
                frames: vec![Frame::Text("42[\"a\"]".into())]
            },
            Io::SendFrames {
                transport: t,
                frames: vec![Frame::Binary(vec![1, 2])]
            }
        ]
    );
    e.handle(t, text("42[\"b\"]"), 20.0);
    e.handle(t, Input::Binary(vec![9]), 20.0);
    assert_eq!(
        e.poll_events(),
        vec![
            Event::Message(Frame::Text("2[".into()), Span::frame(1)),
            Event::Message(Frame::Binary(vec![9]), Span::default())
        ]
    );
}

#[test]
fn per_packet_events_only_when_listened_to() {
    let (mut e, t) = ws_engine();
    e.handle(t, text("42[\"b\"]"), 1.0);
    e.send_text("2[\"a\"]".into(), 1.0);
    assert_eq!(
        e.poll_events(),
        vec![Event::Message(Frame::Text("2[".into()), Span::frame(1))]
    );
    e.listen(Listen(
        Listen::PACKET | Listen::PACKET_CREATE | Listen::DRAIN,
    ));
    e.handle(t, text("2"), 2.0);
    assert_eq!(
        e.poll_events(),
        vec![
            Event::Packet(PacketType::Ping, Frame::Text(String::new())),
            Event::Ping,
            Event::PacketCreate(PacketType::Pong, Frame::Text(String::new())),
            Event::Drain,
        ]
    );
}

#[test]
fn ping_timeout_uses_wall_clock() {
    let (mut e, t) = ws_engine();
    assert_eq!(e.deadline(), Some(150.0));
    e.tick(149.0);
    assert!(e.poll_events().is_empty());
    e.handle(t, text("2"), 140.0);
    e.poll_events();
    e.poll_io();
    assert_eq!(e.deadline(), Some(290.0));
    // A throttled timer fires late: the wall clock says the session is dead.
    assert!(!e.ping_expired(290.0));
    assert!(e.ping_expired(291.0));
    assert_eq!(e.poll_io(), vec![Io::CloseTransport { transport: t }]);
    assert_eq!(
        closed(&e.poll_events()),
        Some((CloseReason::PingTimeout, Details::None))
    );
    assert_eq!(e.deadline(), None);
}

#[test]
fn close_reasons() {
    let (mut e, t) = ws_engine();
    e.handle(t, Input::Closed(None), 0.0);
    assert_eq!(
        closed(&e.poll_events()),
        Some((CloseReason::TransportClose, Details::None))
    );

    let (mut e, t) = ws_engine();
    e.handle(t, Input::Error("websocket error".into(), 0), 0.0);
    let error = SessionError::Transport {
        message: "websocket error".into(),
        status: 0,
    };
    let ev = e.poll_events();
    assert_eq!(ev[0], Event::Error(error.clone()));
    assert_eq!(
        closed(&ev),
        Some((CloseReason::TransportError, Details::Error(error)))
    );

    // An undecodable frame is engine.io-client's error packet: "transport error".
    let (mut e, t) = ws_engine();
    e.handle(t, text("9"), 0.0);
    let ev = e.poll_events();
    assert_eq!(ev[0], Event::Error(SessionError::Server));
    assert_eq!(
        closed(&ev),
        Some((
            CloseReason::TransportError,
            Details::Error(SessionError::Server)
        ))
    );

    // A close packet over WebSocket is ignored, as engine.io-client ignores it.
    let (mut e, t) = ws_engine();
    e.handle(t, text("1"), 0.0);
    assert!(e.poll_events().is_empty());
    assert!(e.is_open());

    let (mut e, _) = ws_engine();
    e.offline(0.0);
    assert_eq!(
        closed(&e.poll_events()),
        Some((
            CloseReason::TransportClose,
            Details::Description("network connection lost".into())
        ))
    );

    let (mut e, t) = ws_engine();
    e.close(0.0);
    assert_eq!(e.poll_io(), vec![Io::CloseTransport { transport: t }]);
    assert_eq!(
        closed(&e.poll_events()),
        Some((CloseReason::ForcedClose, Details::None))
    );
    // Nothing after close; events of the old transport are ignored.
    e.handle(t, text("42[\"late\"]"), 0.0);
    e.close(0.0);
    assert!(e.poll_io().is_empty() && e.poll_events().is_empty());
}

#[test]
fn bad_handshake_is_a_parse_error() {
    let mut e = Engine::new(cfg(&[TransportKind::WebSocket]));
    e.open(0.0);
    e.poll_io();
    e.handle(1, Input::Open, 0.0);
    e.handle(1, text("0{\"nosid\":1}"), 0.0);
    assert!(matches!(
        closed(&e.poll_events()),
        Some((CloseReason::ParseError, _))
    ));
}

fn polling_open() -> Engine {
    let mut e = Engine::new(cfg(&[TransportKind::Polling, TransportKind::WebSocket]));
    e.open(0.0);
    assert_eq!(
        e.poll_io(),
        vec![Io::Get {
            transport: 1,
            url: "http://127.0.0.1:3000/socket.io/?EIO=4&transport=polling&b64=1".into()
        }]
    );
    e
}

#[test]
fn polling_keeps_one_get_and_one_post_in_flight_and_batches() {
    let mut e = Engine::new(EngineConfig {
        upgrade: false,
        ..cfg(&[TransportKind::Polling])
    });
    e.open(0.0);
    e.poll_io();
    e.handle(1, poll(OPEN), 0.0);
    assert!(matches!(e.poll_events().as_slice(), [Event::Opened(_)]));
    assert_eq!(
        e.poll_io(),
        vec![Io::Get {
            transport: 1,
            url: "http://127.0.0.1:3000/socket.io/?EIO=4&transport=polling&sid=abc".into()
        }],
        "no probe with upgrade: false"
    );
    // First write goes at once; the next ones wait for the POST.
    e.send_text("2[\"one\"]".into(), 0.0);
    e.send_text("2[\"two\"]".into(), 0.0);
    e.send_text("2[\"three\"]".into(), 0.0);
    let io = e.poll_io();
    assert!(matches!(&io[..], [Io::Post { body, .. }] if body == "42[\"one\"]"));
    assert!(!e.writable());
    e.handle(1, Input::Post(Ok(())), 0.0);
    // maxPayload 30: "42[\"two\"]" (9) and "42[\"three\"]" (11): 1+8+2+10 = 21 <= 30.
    let io = e.poll_io();
    assert!(matches!(&io[..], [Io::Post { body, .. }] if body == "42[\"two\"]\u{1e}42[\"three\"]"));
    // A poll with a ping and a message; the pong is written after the POST completes.
    e.handle(1, poll("2\u{1e}42[\"hi\"]"), 10.0);
    assert_eq!(
        e.poll_events(),
        vec![
            Event::Ping,
            Event::Message(
                Frame::Text("2[".into()),
                Span {
                    start8: 3,
                    end8: 10,
                    start16: 3,
                    end16: 10
                }
            )
        ]
    );
    assert!(matches!(&e.poll_io()[..], [Io::Get { .. }]));
    e.handle(1, Input::Post(Ok(())), 0.0);
    assert!(matches!(&e.poll_io()[..], [Io::Post { body, .. }] if body == "3"));
}

#[test]
fn polling_errors_close_with_a_transport_error_carrying_the_status() {
    let mut e = polling_open();
    e.handle(1, poll(OPEN), 0.0);
    e.poll_events();
    e.handle(1, Input::Poll(Err(("xhr poll error".into(), 400))), 0.0);
    let error = SessionError::Transport {
        message: "xhr poll error".into(),
        status: 400,
    };
    assert_eq!(
        closed(&e.poll_events()),
        Some((CloseReason::TransportError, Details::Error(error)))
    );
}

#[test]
fn a_polling_close_packet_ends_the_session() {
    let mut e = polling_open();
    e.handle(1, poll(OPEN), 0.0);
    e.poll_events();
    e.poll_io();
    e.handle(1, poll("1"), 0.0);
    assert_eq!(
        closed(&e.poll_events()),
        Some((
            CloseReason::TransportClose,
            Details::Description("transport closed by the server".into())
        ))
    );
    assert!(!e.poll_io().iter().any(|a| matches!(a, Io::Get { .. })));
}

#[test]
fn a_closing_polling_session_polls_no_more() {
    let mut e = Engine::new(EngineConfig {
        upgrade: false,
        ..cfg(&[TransportKind::Polling])
    });
    e.open(0.0);
    e.handle(1, poll(OPEN), 0.0);
    e.send_text("2[\"x\"]".into(), 0.0);
    e.send_text("1".into(), 0.0);
    e.poll_io();
    e.close(0.0);
    // The pending GET is answered while the close waits for the POST: no new GET.
    e.handle(1, poll("6"), 1.0);
    assert!(e.poll_io().is_empty());
    e.handle(1, Input::Post(Ok(())), 2.0);
    let io = e.poll_io();
    assert!(!io.iter().any(|a| matches!(a, Io::Get { .. })), "{io:?}");
}

#[test]
fn upgrade_probe_pause_and_switch() {
    let mut e = polling_open();
    e.handle(1, poll(OPEN), 0.0);
    let io = e.poll_io();
    assert!(io.contains(&Io::OpenWebSocket {
        transport: 2,
        url: "ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket&sid=abc".into()
    }));
    assert!(matches!(io.last(), Some(Io::Get { transport: 1, .. })));
    e.handle(2, Input::Open, 1.0);
    assert_eq!(
        e.poll_io(),
        vec![Io::SendFrames {
            transport: 2,
            frames: vec![Frame::Text("2probe".into())]
        }]
    );
    e.handle(2, text("3probe"), 5.0);
    // The GET is still in flight: pausing. Writes wait.
    assert!(e.poll_io().is_empty());
    e.send_text("2[\"queued\"]".into(), 5.0);
    assert!(e.poll_io().is_empty());
    // The server ends the GET with a noop: paused, upgrade, flush on the WebSocket.
    e.handle(1, poll("6"), 6.0);
    assert_eq!(
        e.poll_io(),
        vec![
            Io::CloseTransport { transport: 1 },
            Io::SendFrames {
                transport: 2,
                frames: vec![Frame::Text("5".into())]
            },
            Io::SendFrames {
                transport: 2,
                frames: vec![Frame::Text("42[\"queued\"]".into())]
            },
        ]
    );
    assert!(e
        .poll_events()
        .contains(&Event::Upgraded(TransportKind::WebSocket)));
    assert_eq!(e.transport(), Some(TransportKind::WebSocket));
    assert!(e.websocket_succeeded());
    e.handle(2, text("42[\"after\"]"), 7.0);
    assert_eq!(
        e.poll_events(),
        vec![Event::Message(Frame::Text("2[".into()), Span::frame(1))]
    );
    // Late events of the old polling transport are ignored.
    e.handle(1, poll("42[\"stale\"]"), 8.0);
    assert!(e.poll_events().is_empty());
}

#[test]
fn failed_probe_keeps_polling_and_reports_an_upgrade_error() {
    let mut e = polling_open();
    e.handle(1, poll(OPEN), 0.0);
    e.poll_io();
    e.poll_events();
    e.handle(2, Input::Error("websocket error".into(), 0), 1.0);
    assert_eq!(e.poll_io(), vec![Io::CloseTransport { transport: 2 }]);
    assert_eq!(
        e.poll_events(),
        vec![Event::UpgradeError(
            "probe error: Error: websocket error".into()
        )]
    );
    assert_eq!(e.transport(), Some(TransportKind::Polling));
    assert!(e.is_open());
    e.handle(1, poll("42[\"x\"]"), 1.0);
    assert!(matches!(
        e.poll_io().last(),
        Some(Io::Get { transport: 1, .. })
    ));
}

#[test]
fn remember_upgrade_starts_with_websocket() {
    let mut e = Engine::new(EngineConfig {
        remember_upgrade: true,
        prior_websocket: true,
        ..cfg(&[TransportKind::Polling, TransportKind::WebSocket])
    });
    e.open(0.0);
    assert!(matches!(e.poll_io().as_slice(), [Io::OpenWebSocket { .. }]));
}

#[test]
fn try_all_transports_falls_back() {
    let mut e = Engine::new(EngineConfig {
        try_all_transports: true,
        ..cfg(&[TransportKind::WebSocket, TransportKind::Polling])
    });
    e.open(0.0);
    e.poll_io();
    e.handle(1, Input::Error("websocket error".into(), 0), 0.0);
    let io = e.poll_io();
    assert_eq!(io[0], Io::CloseTransport { transport: 1 });
    assert!(matches!(&io[1], Io::Get { transport: 2, .. }));
    assert!(e.poll_events().is_empty());
}

#[test]
fn forced_close_drains_the_write_buffer_first() {
    let mut e = polling_open();
    e.handle(1, poll(OPEN), 0.0);
    e.handle(2, Input::Error("no ws".into(), 0), 0.0);
    e.send_text("1".into(), 0.0); // a Socket.IO DISCONNECT
    e.send_text("2[\"x\"]".into(), 0.0);
    e.poll_io();
    e.poll_events();
    e.close(0.0);
    assert!(e.poll_io().is_empty(), "waits for the POST");
    e.handle(1, Input::Post(Ok(())), 0.0);
    let io = e.poll_io();
    assert!(matches!(&io[0], Io::Post { body, .. } if body == "42[\"x\"]"));
    e.handle(1, Input::Post(Ok(())), 0.0);
    let io = e.poll_io();
    assert!(matches!(&io[0], Io::Post { body, .. } if body == "1"));
    assert_eq!(
        closed(&e.poll_events()),
        Some((CloseReason::ForcedClose, Details::None))
    );
}
