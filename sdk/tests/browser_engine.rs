//! Browser test: a real Engine.IO session from wasm to the official Node `socket.io` server
//! (started by `tests/run-browser.mjs` on 127.0.0.1), decoded with plugwire's codecs.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{ArrayBuffer, Promise, Uint8Array};
use plugwire::protocol::binary::{self, Message, Reassembler};
use plugwire::protocol::engine::{Data, Handshake, Packet as EnginePacket, PacketType};
use plugwire::protocol::json::Value;
use plugwire::protocol::socketio::{Packet, PacketKind};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{BinaryType, MessageEvent, WebSocket};

wasm_bindgen_test_configure!(run_in_browser);

const PORT: &str = match option_env!("PLUGWIRE_REFERENCE_PORT") {
    Some(p) => p,
    None => "39011",
};

/// Frames received, in order: text as `Ok`, binary as `Err(bytes)`.
type Frame = Result<String, Vec<u8>>;

/// A raw WebSocket whose frames are queued; every await has a deadline.
struct Conn {
    ws: WebSocket,
    queue: Rc<RefCell<VecDeque<Frame>>>,
    wake: Rc<RefCell<Option<js_sys::Function>>>,
    pings: Rc<RefCell<u32>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

fn sleep_reject(ms: i32) -> Promise {
    Promise::new(&mut |_, reject| {
        let _ = web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&reject, ms);
    })
}

impl Conn {
    async fn open(url: &str) -> Conn {
        let ws = WebSocket::new(url).expect("WebSocket::new");
        ws.set_binary_type(BinaryType::Arraybuffer);
        let queue: Rc<RefCell<VecDeque<Frame>>> = Rc::default();
        let wake: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
        let pings = Rc::new(RefCell::new(0));
        let (q, w, p, ws2) = (queue.clone(), wake.clone(), pings.clone(), ws.clone());
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            let frame = match data.as_string() {
                // The heartbeat is answered at once, as a client must.
                Some(t) if t == "2" => {
                    *p.borrow_mut() += 1;
                    ws2.send_with_str("3").unwrap();
                    return;
                }
                Some(t) => Ok(t),
                None => Err(Uint8Array::new(&data.unchecked_into::<ArrayBuffer>()).to_vec()),
            };
            q.borrow_mut().push_back(frame);
            if let Some(f) = w.borrow_mut().take() {
                let _ = f.call0(&JsValue::NULL);
            }
        });
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Conn {
            ws,
            queue,
            wake,
            pings,
            _on_message: on_message,
        }
    }

    async fn recv(&self) -> Frame {
        for _ in 0..2 {
            if let Some(f) = self.queue.borrow_mut().pop_front() {
                return f;
            }
            let wake = self.wake.clone();
            let arrived = Promise::new(&mut |resolve, _| *wake.borrow_mut() = Some(resolve));
            let raced = Promise::race(&js_sys::Array::of2(&arrived, &sleep_reject(5000)));
            JsFuture::from(raced)
                .await
                .expect("no frame from the server within 5 s");
        }
        panic!("woken without a frame")
    }

    async fn recv_text(&self) -> String {
        self.recv().await.expect("expected a text frame")
    }

    fn send(&self, text: &str) {
        self.ws.send_with_str(text).unwrap();
    }
}

async fn wait_ms(ms: i32) {
    let p = Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    JsFuture::from(p).await.unwrap();
}

#[wasm_bindgen_test]
async fn engine_session_with_the_reference_server() {
    let url = format!("ws://127.0.0.1:{PORT}/socket.io/?EIO=4&transport=websocket");
    let conn = Conn::open(&url).await;

    // Handshake: the open packet, decoded and parsed by our codecs.
    let open = conn.recv_text().await;
    let packet = EnginePacket::decode_text(&open).unwrap();
    assert_eq!(packet.kind, PacketType::Open);
    let hs = Handshake::parse(packet.as_text().unwrap()).unwrap();
    assert_eq!(
        hs.sid.len(),
        20,
        "engine.io session ids are 20 characters: {}",
        hs.sid
    );
    assert!(
        hs.upgrades.is_empty(),
        "no upgrade offered on a websocket session"
    );
    assert_eq!(hs.ping_interval, 600, "the test server's pingInterval");
    assert_eq!(hs.ping_timeout, 400, "the test server's pingTimeout");
    assert_eq!(hs.max_payload, 1_000_000);

    // Socket.IO CONNECT to the main namespace, with an auth payload.
    conn.send("40{\"token\":\"abc\"}");
    let connected = conn.recv_text().await;
    let p = EnginePacket::decode_text(&connected).unwrap();
    assert_eq!(p.kind, PacketType::Message);
    let sio = Packet::decode(p.as_text().unwrap()).unwrap();
    assert_eq!(sio.kind, PacketKind::Connect);
    let data = Value::parse(sio.data.as_deref().unwrap()).unwrap();
    assert_eq!(
        data.get("sid").and_then(Value::as_str).map(str::len),
        Some(20)
    );

    // The server greets with the auth it saw (proves our CONNECT payload was read).
    let hello = conn.recv_text().await;
    let sio = Packet::decode(hello.strip_prefix('4').unwrap()).unwrap();
    assert_eq!(
        sio.data.as_deref(),
        Some("[\"hello\",{\"token\":\"abc\"},null,\"websocket\"]")
    );

    // An event with an ack id: the server acks with the same arguments.
    let ev = Packet {
        id: Some(7),
        ..Packet::new(
            PacketKind::Event,
            "/",
            Some("[\"echo\",{\"a\":[1,\"é\"]}]".into()),
        )
    };
    conn.send(&format!("4{}", ev.encode()));
    let ack = conn.recv_text().await;
    let ack = Packet::decode(ack.strip_prefix('4').unwrap()).unwrap();
    assert_eq!(ack.kind, PacketKind::Ack);
    assert_eq!(ack.id, Some(7));
    assert_eq!(ack.data.as_deref(), Some("[{\"a\":[1,\"é\"]}]"));

    // Binary both ways: our placeholders are understood, the server's are reassembled.
    let args = Value::Array(vec![
        Value::String("echo".into()),
        Value::Object(vec![("file".into(), Value::Binary(vec![0, 1, 2, 255]))]),
    ]);
    let (text, buffers) = binary::encode(PacketKind::Event, "/", Some(8), args);
    assert_eq!(buffers.len(), 1);
    conn.send(&format!("4{text}"));
    for b in &buffers {
        conn.ws.send_with_u8_array(b).unwrap();
    }
    let mut r = Reassembler::default();
    let header = conn.recv_text().await;
    assert!(r.text(header.strip_prefix('4').unwrap()).unwrap().is_none());
    let bytes = conn
        .recv()
        .await
        .expect_err("expected the attachment as a binary frame");
    let frame = EnginePacket::decode_binary(&bytes);
    let Data::Binary(att) = frame.data else {
        panic!("binary frame")
    };
    match r.binary(att.into_owned()).unwrap() {
        Some(Message::Binary {
            packet,
            attachments,
        }) => {
            assert_eq!(packet.kind, PacketKind::BinaryAck);
            assert_eq!(packet.id, Some(8));
            let data = Value::parse(packet.data.as_deref().unwrap_or("")).unwrap();
            assert_eq!(
                binary::reconstruct(data, &attachments).unwrap(),
                Value::Array(vec![Value::Object(vec![(
                    "file".into(),
                    Value::Binary(vec![0, 1, 2, 255])
                )])])
            );
        }
        other => panic!("expected a binary ack, got {other:?}"),
    }

    // Heartbeat: the server pings every 600 ms; our pongs keep the session open past two
    // intervals plus the timeout, and it still answers.
    wait_ms(1700).await;
    assert!(
        *conn.pings.borrow() >= 2,
        "pings seen: {}",
        conn.pings.borrow()
    );
    conn.send("42[\"echo\",\"still here\"]");
    conn.send("429[\"echo\",\"still here\"]");
    let ack = conn.recv_text().await;
    assert_eq!(ack, "439[\"still here\"]");
    assert_eq!(conn.ws.ready_state(), WebSocket::OPEN);
    conn.ws.close().unwrap();
}
