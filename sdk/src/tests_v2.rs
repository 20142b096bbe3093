//! Socket.IO v4 over Engine.IO v3 (socket.io 2.x servers), through the whole client: the
//! default namespace connected implicitly, other namespaces with their query, socket ids,
//! string errors.

use crate::client::Client;
use crate::command::{Arg, Cmd, ManagerId, SocketId, Target};
use crate::engine::{EngineConfig, Input, TransportKind};
use crate::manager::ManagerConfig;
use crate::socket::SocketOptions;
use crate::test_host::{keep_parsed, sent};
use alloc::collections::BTreeMap;

const OPEN3: &str = r#"0{"sid":"E1","upgrades":[],"pingInterval":25000,"pingTimeout":5000}"#;

struct Page {
    c: Client,
    mid: ManagerId,
    tid: u32,
    /// The host's held payloads (their text).
    held: BTreeMap<u32, String>,
}

fn fired(cmds: &[Cmd], sid: SocketId) -> Vec<(&'static str, Arg)> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Fire(Target::Socket(s), e, a) if *s == sid => Some((*e, a.clone())),
            _ => None,
        })
        .collect()
}

impl Page {
    fn new(query: &str) -> Page {
        let mut c = Client::new();
        let engine = EngineConfig {
            authority: "h:1".into(),
            transports: vec![TransportKind::WebSocket],
            query: query.into(),
            ..EngineConfig::default()
        };
        let mid = c.new_manager(ManagerConfig::default(), engine, 7);
        Page {
            c,
            mid,
            tid: 1,
            held: BTreeMap::new(),
        }
    }

    fn socket(&mut self, nsp: &str) -> SocketId {
        let sid = self
            .c
            .new_socket(self.mid, nsp.into(), SocketOptions::default())
            .expect("the manager exists");
        self.c.connect(sid, 0.0);
        sid
    }

    fn input(&mut self, input: Input) -> Vec<Cmd> {
        let tid = self.tid;
        let text = match &input {
            Input::Text(t) => t.clone(),
            _ => String::new(),
        };
        self.c
            .with_manager(self.mid, 0.0, |m, now| m.handle(tid, input, now));
        let mut cmds = self.c.poll_cmds();
        keep_parsed(&text, &cmds, &mut self.held);
        if cmds.iter().any(|c| matches!(c, Cmd::Deliver(_))) {
            while self.c.deliver(self.mid, 0.0) {}
            cmds.extend(self.c.poll_cmds());
        }
        cmds
    }

    /// Opens the WebSocket and handshakes; every socket asked to join joins (with an `auth`
    /// the v2 protocol has no room for). Returns the frames sent.
    fn open(&mut self) -> Vec<String> {
        self.input(Input::Open);
        let cmds = self.input(Input::Text(OPEN3.into()));
        let mut out = sent(&cmds);
        for c in &cmds {
            if let Cmd::Join(sid) = c {
                self.c.join(*sid, Some(r#"{"token":"t"}"#), 0.0);
                out.extend(sent(&self.c.poll_cmds()));
            }
        }
        out
    }
}

#[test]
fn the_default_namespace_is_connected_by_the_server_with_the_engine_id() {
    let mut p = Page::new("");
    let root = p.socket("/");
    p.c.poll_cmds();
    assert!(p.open().is_empty(), "no CONNECT for / and no auth");
    let cmds = p.input(Input::Text("40".into()));
    assert!(fired(&cmds, root).contains(&("connect", Arg::None)));
    assert_eq!(p.c.socket(root).and_then(|s| s.id()), Some("E1"));
}

#[test]
fn other_namespaces_connect_with_the_query_and_get_prefixed_ids() {
    let mut p = Page::new("token=a%20b");
    let root = p.socket("/");
    let chat = p.socket("/chat");
    p.c.poll_cmds();
    assert_eq!(p.open(), vec!["40/chat?token=a%20b,"]);
    let cmds = p.input(Input::Text("40".into()));
    assert!(fired(&cmds, root).contains(&("connect", Arg::None)));
    assert!(fired(&cmds, chat).is_empty());
    let cmds = p.input(Input::Text("40/chat,".into()));
    assert!(fired(&cmds, chat).contains(&("connect", Arg::None)));
    assert_eq!(p.c.socket(chat).and_then(|s| s.id()), Some("/chat#E1"));
}

#[test]
fn a_string_error_refuses_the_namespace() {
    let mut p = Page::new("");
    let admin = p.socket("/admin");
    p.c.poll_cmds();
    assert_eq!(p.open(), vec!["40/admin,"]);
    let cmds = p.input(Input::Text("44/admin,\"Not authorized\"".into()));
    let refused = fired(&cmds, admin);
    assert!(
        matches!(&refused[..], [("connect_error", Arg::ConnectError(id))] if p.held[id] == "\"Not authorized\""),
        "{refused:?}"
    );
    assert!(!p.c.socket(admin).is_some_and(|s| s.active()));
}

#[test]
fn events_acks_and_binary_are_as_in_v5() {
    let mut p = Page::new("");
    let root = p.socket("/");
    p.c.poll_cmds();
    p.open();
    p.input(Input::Text("40".into()));
    let cmds = p.input(Input::Text("42[\"news\",{\"a\":1}]".into()));
    assert!(cmds
        .iter()
        .any(|c| matches!(c, Cmd::Event { socket, payload, .. } if *socket == root && p.held[payload] == "[\"news\",{\"a\":1}]")),
        "{cmds:?}");
    let cmds = p.input(Input::Text(
        "451-[\"bin\",{\"_placeholder\":true,\"num\":0}]".into(),
    ));
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Event { .. })));
    let cmds = p.input(Input::Binary(vec![4, 1, 2]));
    assert!(
        cmds.iter().any(
            |c| matches!(c, Cmd::Revive { attachments, .. } if attachments == &vec![vec![1u8, 2]])
        ),
        "{cmds:?}"
    );
}

#[test]
fn a_later_socket_for_root_takes_the_implicit_connection_and_one_that_left_asks_again() {
    let mut p = Page::new("");
    let chat = p.socket("/chat");
    p.c.poll_cmds();
    assert_eq!(p.open(), vec!["40/chat,"]);
    // The server's implicit `/` connection arrives before any socket for `/` exists.
    p.input(Input::Text("40".into()));
    p.input(Input::Text("40/chat,".into()));
    let root = p.socket("/");
    let cmds = p.c.poll_cmds();
    assert!(cmds.contains(&Cmd::Join(root)), "{cmds:?}");
    p.c.join(root, None, 0.0);
    let cmds = p.c.poll_cmds();
    assert!(sent(&cmds).is_empty(), "no second CONNECT for /: {cmds:?}");
    assert!(fired(&cmds, root).contains(&("connect", Arg::None)));
    assert_eq!(p.c.socket(root).and_then(|s| s.id()), Some("E1"));
    // Leaving `/` ends the server's socket there: joining again asks for one.
    p.c.disconnect(root, 0.0);
    assert_eq!(sent(&p.c.poll_cmds()), vec!["41"]);
    assert!(p.c.socket(chat).is_some_and(|s| s.connected()));
    p.c.connect(root, 0.0);
    p.c.poll_cmds();
    p.c.join(root, None, 0.0);
    assert_eq!(sent(&p.c.poll_cmds()), vec!["40"]);
    let cmds = p.input(Input::Text("40".into()));
    assert!(fired(&cmds, root).contains(&("connect", Arg::None)));
}
