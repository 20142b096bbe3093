//! The polling → WebSocket upgrade: a probe WebSocket sends `2probe`, the server answers
//! `3probe`, polling pauses once its GET and POST are done, `5` switches the session over.
//! A failed probe leaves the session on polling (`upgradeError`).

use crate::prelude::*;

use super::transport::{Phase, Transport};
use super::{Engine, Event, Frame, Input, Io, TransportKind};

impl Engine {
    /// Opens the probe WebSocket beside the polling transport.
    pub(super) fn start_probe(&mut self) {
        let p: Transport = self.new_transport(TransportKind::WebSocket);
        let url = self.url(TransportKind::WebSocket);
        self.push_io(Io::OpenWebSocket {
            transport: p.id,
            url,
        });
        self.probe = Some(p);
    }

    /// What the probe's WebSocket reported.
    pub(super) fn on_probe(&mut self, input: Input) {
        match input {
            Input::Open => {
                if let Some(p) = self.probe.as_mut() {
                    p.phase = Phase::Open;
                    let transport = p.id;
                    self.push_io(Io::SendFrames {
                        transport,
                        frames: vec![Frame::Text("2probe".into())],
                    });
                }
            }
            Input::Text(t) if t == "3probe" => {
                if let Some(a) = self.active.as_mut() {
                    a.phase = Phase::Pausing;
                }
                self.try_pause();
            }
            Input::Text(_) | Input::Binary(_) => self.fail_probe("probe error".into()),
            // engine.io-client: `new Error("probe error: " + err)`, err being an Error.
            Input::Error(message, _) => {
                let mut why = String::from("probe error: Error: ");
                why.push_str(&message);
                self.fail_probe(why)
            }
            _ => self.fail_probe("probe error: transport closed".into()),
        }
    }

    fn fail_probe(&mut self, why: String) {
        let Some(p) = self.probe.take() else {
            return;
        };
        self.push_io(Io::CloseTransport { transport: p.id });
        self.push_event(Event::UpgradeError(why));
        if let Some(a) = self.active.as_mut() {
            if matches!(a.phase, Phase::Pausing | Phase::Paused) {
                a.phase = Phase::Open;
                let t = a.clone();
                if !t.get_in_flight {
                    self.start(&t);
                }
            }
        }
        self.flush();
        self.close_if_drained();
    }

    /// Polling pauses once its GET and POST are done; then the upgrade completes.
    pub(super) fn try_pause(&mut self) {
        let Some(a) = self.active.as_mut() else {
            return;
        };
        if a.get_in_flight || a.post_in_flight {
            return;
        }
        a.phase = Phase::Paused;
        let Some(mut p) = self.probe.take() else {
            return;
        };
        if let Some(old) = self.active.take() {
            self.push_io(Io::CloseTransport { transport: old.id });
        }
        p.phase = Phase::Open;
        self.push_io(Io::SendFrames {
            transport: p.id,
            frames: vec![Frame::Text("5".into())],
        });
        self.active = Some(p);
        self.websocket_succeeded = true;
        self.push_event(Event::Upgraded(TransportKind::WebSocket));
        self.flush();
        self.close_if_drained();
    }
}
