//! Heap allocations on the per-event path: the sans-IO client driven as the hosts drive it
//! (a WebSocket text frame in, its commands drained, the delivery microtask, its commands
//! drained), counted by a global allocator that wraps the system's.
//!
//! In the published wasm every allocation goes through a small free-list allocator whose cost
//! grows with what is free, so allocations per event are a large part of the core's time per
//! event (`npm run bench:profile`). The bounds below are what the code does today, each
//! allocation named: a change that allocates more per event fails here and has to say why.
#![cfg(not(target_arch = "wasm32"))]

use plugwire::client::Client;
use plugwire::command::{Cmd, ManagerId, SocketId};
use plugwire::engine::{EngineConfig, Input, Io, TransportKind};
use plugwire::manager::ManagerConfig;
use plugwire::socket::SocketOptions;

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

const OPEN: &str =
    r#"0{"sid":"e1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}"#;

struct Page {
    c: Client,
    mid: ManagerId,
    sid: SocketId,
    tid: u32,
    now: f64,
    /// The host's command list, reused as the hosts reuse theirs.
    cmds: Vec<Cmd>,
}

impl Page {
    /// One manager (WebSocket only), one socket for `/`, connected.
    fn connected() -> Page {
        let mut c = Client::new();
        let engine = EngineConfig {
            authority: "h:1".into(),
            transports: vec![TransportKind::WebSocket],
            ..EngineConfig::default()
        };
        let mid = c.new_manager(ManagerConfig::default(), engine, 7);
        let sid = c
            .new_socket(mid, "/".into(), SocketOptions::default())
            .expect("the manager exists");
        c.connect(sid, 1000.0);
        let tid = c
            .poll_cmds()
            .into_iter()
            .find_map(|cmd| match cmd {
                Cmd::Io(_, Io::OpenWebSocket { transport, .. }) => Some(transport),
                _ => None,
            })
            .expect("a WebSocket is opened");
        let mut p = Page {
            c,
            mid,
            sid,
            tid,
            now: 1000.0,
            cmds: Vec::new(),
        };
        p.c.with_manager(mid, 1000.0, |m, now| m.handle(tid, Input::Open, now));
        p.c.poll_cmds();
        p.frame(OPEN, |_| false);
        p.c.join(p.sid, None, p.now);
        p.c.poll_cmds();
        let connected = p.frame(r#"40{"sid":"s1"}"#, |c| {
            matches!(c, Cmd::Fire(_, "connect", _))
        });
        assert_eq!(connected, 1, "the socket connects");
        p
    }

    /// A text frame, then the delivery microtask it asks for, as the hosts run them (their
    /// command list drained, and kept); how many of the commands match `count`.
    fn frame(&mut self, text: &str, count: impl Fn(&Cmd) -> bool) -> usize {
        let (tid, now) = (self.tid, self.now);
        self.c.with_manager(self.mid, now, |m, now| {
            m.handle(tid, Input::Text(text.into()), now)
        });
        self.c.drain_cmds(&mut self.cmds);
        if self.cmds.iter().any(|c| matches!(c, Cmd::Deliver(_))) {
            while self.c.deliver(self.mid, now) {}
            self.c.drain_cmds(&mut self.cmds);
        }
        let n = self.cmds.iter().filter(|c| count(c)).count();
        self.cmds.clear();
        n
    }
}

/// Allocations per frame over `n` frames (the frame's own `String`, which the host hands
/// over, included), and the events delivered.
fn per_frame(p: &mut Page, text: &str, n: usize) -> (f64, usize) {
    // Warm up: queues reach their working capacity.
    let sid = p.sid;
    let event = |c: &Cmd| matches!(c, Cmd::Event { socket, .. } if *socket == sid);
    for _ in 0..16 {
        p.frame(text, event);
    }
    let mut events = 0;
    let before = dhat::HeapStats::get().total_blocks;
    for _ in 0..n {
        events += p.frame(text, event);
    }
    let after = dhat::HeapStats::get().total_blocks;
    ((after - before) as f64 / n as f64, events)
}

/// One test: dhat counts for the whole process, so the cases run one after the other.
#[test]
fn the_per_event_path_allocates_little() {
    let _profiler = dhat::Profiler::builder().testing().build();

    let mut p = Page::connected();
    let (allocs, events) = per_frame(&mut p, r#"42["tick",{"n":1,"text":"hello"}]"#, 1000);
    assert_eq!(events, 1000, "every frame is delivered as an event");
    println!("allocations per received event: {allocs}");
    assert!(allocs <= BOUND_EVENT, "{allocs} allocations per event");

    let mut p = Page::connected();
    // A frame for a namespace no socket joined: decoded, then dropped at delivery.
    let (allocs, events) = per_frame(&mut p, r#"42/chat,["tick",1]"#, 1000);
    assert_eq!(events, 0, "no socket is in /chat");
    println!("allocations per frame for another namespace: {allocs}");
    assert!(allocs <= BOUND_NSP, "{allocs} allocations per frame");
}

/// Allocations per received event: the frame's `String` (the host hands it over), the engine's
/// copy of the packet's head (the engine's event outlives the frame), and the engine's and the
/// manager's output lists (taken whole by each `poll`). The client's command list and the
/// held payloads' drop list keep their capacity (6 before they did).
const BOUND_EVENT: f64 = 4.0;
/// Per frame for a namespace with no socket: the packet owns its namespace's name (8 before).
const BOUND_NSP: f64 = 5.0;
