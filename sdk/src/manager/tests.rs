//! The manager, driven natively: reconnection, timeouts, close reasons.

use super::*;
use crate::engine::Io;

const OPEN: &str =
    r#"0{"sid":"s1","upgrades":[],"pingInterval":1000,"pingTimeout":500,"maxPayload":1000}"#;

fn manager(cfg: ManagerConfig) -> Manager {
    Manager::new(
        cfg,
        EngineConfig {
            authority: "h:1".into(),
            transports: vec![TransportKind::WebSocket],
            ..EngineConfig::default()
        },
        42,
    )
}

fn ws_id(io: &[Io]) -> u32 {
    io.iter()
        .find_map(|e| match e {
            Io::OpenWebSocket { transport, .. } => Some(*transport),
            _ => None,
        })
        .expect("a websocket was opened")
}

fn text(t: &str) -> Input {
    Input::Text(t.into())
}

fn closes(ev: &[Event]) -> Vec<CloseReason> {
    ev.iter()
        .filter_map(|e| match e {
            Event::Close(r, _) => Some(*r),
            _ => None,
        })
        .collect()
}

fn connect(m: &mut Manager, now: f64) -> u32 {
    m.open(now);
    let t = ws_id(&m.poll_io());
    m.handle(t, Input::Open, now);
    m.handle(t, text(OPEN), now);
    let ev = m.poll_events();
    assert!(
        matches!(ev.as_slice(), [Event::NewEngine, Event::Open(_)]),
        "{ev:?}"
    );
    t
}

#[test]
fn decodes_packets_and_reports_ping() {
    let mut m = manager(ManagerConfig::default());
    let t = connect(&mut m, 0.0);
    m.handle(t, text("42[\"ev\",1]"), 1.0);
    m.handle(t, text("2"), 1.0);
    let ev = m.poll_events();
    // The payload is the host's to parse: from byte / UTF-16 unit 2 of the frame to its end.
    let Event::Parse { id, kind, span } = &ev[0] else {
        panic!("{ev:?}")
    };
    assert_eq!(*kind, PayloadKind::Event);
    assert_eq!((span.start8, span.start16, span.end8), (2, 2, Span::END));
    assert!(matches!(&ev[1], Event::Packet(p) if p.held() == Some(*id) && p.nsp == "/"));
    assert_eq!(ev[2], Event::Ping);
}

#[test]
fn binary_packets_wait_for_their_attachments_and_bad_streams_close() {
    let mut m = manager(ManagerConfig::default());
    let t = connect(&mut m, 0.0);
    m.handle(
        t,
        text("451-/up,[\"f\",{\"_placeholder\":true,\"num\":0}]"),
        1.0,
    );
    let ev = m.poll_events();
    let [Event::Parse { id, span, .. }] = ev.as_slice() else {
        panic!("{ev:?}")
    };
    assert_eq!(span.start8, 8);
    let id = *id;
    m.handle(t, Input::Binary(vec![1, 2]), 1.0);
    let ev = m.poll_events();
    assert!(matches!(
        ev.as_slice(),
        [Event::Revive { id: a, attachments }, Event::Packet(p)]
            if *a == id && attachments == &[vec![1, 2]] && p.held() == Some(id) && p.nsp == "/up"
    ));
    // An attachment nobody announced: "parse error", no `error` event.
    m.handle(t, Input::Binary(vec![3]), 2.0);
    let ev = m.poll_events();
    assert!(ev
        .iter()
        .any(|e| matches!(e, Event::Close(CloseReason::ParseError, _))));
    assert!(!ev.iter().any(|e| matches!(e, Event::Error(_))));
}

#[test]
fn a_payload_the_host_refuses_closes_with_parse_error() {
    let mut m = manager(ManagerConfig::default());
    connect(&mut m, 0.0);
    m.payload_error(PayloadError::Invalid, 1.0);
    let ev = m.poll_events();
    assert!(ev.contains(&Event::Close(
        CloseReason::ParseError,
        Details::Error(SessionError::Other("invalid payload".into()))
    )));
}

#[test]
fn unexpected_close_reconnects_with_events() {
    let mut m = manager(ManagerConfig {
        randomization_factor: 0.0,
        ..ManagerConfig::default()
    });
    let t = connect(&mut m, 0.0);
    m.handle(t, Input::Closed(None), 100.0);
    let ev = m.poll_events();
    assert!(ev.contains(&Event::Close(CloseReason::TransportClose, Details::None)));
    assert!(ev.contains(&Event::EngineClose(
        CloseReason::TransportClose,
        Details::None
    )));
    assert!(m.reconnecting());
    assert_eq!(m.next_deadline(), Some(1100.0));
    m.tick(1099.0);
    assert!(m.poll_events().is_empty());
    m.tick(1100.0);
    let ev = m.poll_events();
    assert_eq!(ev[0], Event::ReconnectAttempt(1));
    assert_eq!(ev[1], Event::NewEngine);
    let t2 = ws_id(&m.poll_io());
    // The attempt fails: reconnect_error, and a longer delay.
    m.handle(t2, Input::Error("websocket error".into(), 0), 1150.0);
    let ev = m.poll_events();
    let error = SessionError::Transport {
        message: "websocket error".into(),
        status: 0,
    };
    assert!(ev.contains(&Event::Error(error.clone())));
    assert!(ev.contains(&Event::ReconnectError(error)));
    assert_eq!(m.next_deadline(), Some(3150.0));
    m.tick(3150.0);
    assert_eq!(m.poll_events()[0], Event::ReconnectAttempt(2));
    let t3 = ws_id(&m.poll_io());
    m.handle(t3, Input::Open, 3200.0);
    m.handle(t3, text(OPEN), 3200.0);
    let ev = m.poll_events();
    assert!(matches!(ev[0], Event::Open(_)));
    assert_eq!(ev[1], Event::Reconnect(2));
    assert!(!m.reconnecting());
}

#[test]
fn reconnection_false_stops_a_running_loop() {
    let mut m = manager(ManagerConfig::default());
    let t = connect(&mut m, 0.0);
    m.handle(t, Input::Closed(None), 100.0);
    m.poll_events();
    m.poll_io();
    let at = m.next_deadline().expect("a reconnection is scheduled");
    // From a `reconnect_error` (or any) listener: `manager.reconnection(false)`.
    m.config_mut().reconnection = false;
    m.options_changed();
    m.tick(at);
    assert!(!m.poll_events().contains(&Event::ReconnectAttempt(1)));
    assert!(m.poll_io().is_empty());
    assert_eq!(m.next_deadline(), None);
}

#[test]
fn attempts_run_out_with_reconnect_failed() {
    let mut m = manager(ManagerConfig {
        reconnection_attempts: 2,
        randomization_factor: 0.0,
        ..ManagerConfig::default()
    });
    m.open(0.0);
    let t = ws_id(&m.poll_io());
    m.handle(t, Input::Error("down".into(), 0), 0.0);
    let mut failed = false;
    let mut attempts = Vec::new();
    for _ in 0..5 {
        let Some(at) = m.next_deadline() else { break };
        m.tick(at);
        for e in m.poll_events() {
            if let Event::ReconnectAttempt(n) = e {
                attempts.push(n);
            }
        }
        if let Some(Io::OpenWebSocket { transport, .. }) = m.poll_io().first() {
            m.handle(*transport, Input::Error("down".into(), 0), at);
        }
        failed |= m.poll_events().contains(&Event::ReconnectFailed);
    }
    assert_eq!(attempts, [1, 2]);
    assert!(failed);
    assert_eq!(m.next_deadline(), None);
}

#[test]
fn connection_timeout() {
    let mut m = manager(ManagerConfig {
        timeout: Some(500.0),
        reconnection: false,
        ..ManagerConfig::default()
    });
    m.open(0.0);
    m.poll_events();
    m.tick(500.0);
    let ev = m.poll_events();
    assert!(ev.contains(&Event::Error(SessionError::Other("timeout".into()))));
    assert_eq!(m.ready_state(), ReadyState::Closed);
    assert_eq!(m.next_deadline(), None, "no reconnection when disabled");
}

#[test]
fn forced_close_does_not_reconnect() {
    let mut m = manager(ManagerConfig::default());
    connect(&mut m, 0.0);
    m.close(10.0);
    assert_eq!(closes(&m.poll_events()), [CloseReason::ForcedClose]);
    assert!(!m.reconnecting());
    assert_eq!(m.next_deadline(), None);
}

#[test]
fn closing_the_engine_reconnects() {
    let mut m = manager(ManagerConfig::default());
    connect(&mut m, 0.0);
    m.close_engine(10.0);
    assert_eq!(closes(&m.poll_events()), [CloseReason::ForcedClose]);
    assert!(m.reconnecting());
}

#[test]
fn parse_errors_close_and_reconnect_without_an_error_event() {
    let mut m = manager(ManagerConfig::default());
    let t = connect(&mut m, 0.0);
    m.handle(t, text("4{oops"), 5.0);
    let ev = m.poll_events();
    assert_eq!(closes(&ev), [CloseReason::ParseError]);
    assert!(!ev.iter().any(|e| matches!(e, Event::Error(_))), "{ev:?}");
    assert!(m.reconnecting());
}

#[test]
fn ping_timeout_reconnects() {
    let mut m = manager(ManagerConfig::default());
    connect(&mut m, 0.0);
    assert_eq!(m.next_deadline(), Some(1500.0));
    m.tick(1501.0);
    assert_eq!(closes(&m.poll_events()), [CloseReason::PingTimeout]);
    assert!(m.reconnecting());
}
