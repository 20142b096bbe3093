//! The socket's ack bookkeeping: ack ids, deadlines (`timeout`, `ackTimeout`), the acks the
//! server answers, and the retry queue (`retries`: one packet in flight, re-sent until acked).

use super::*;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum AckKind {
    /// The emit's own ack (callback or promise, kept by the bindings under `handle`).
    User { handle: u32, err_first: bool },
    /// The ack of the retry queue's head.
    Queue { seq: u64 },
}

#[derive(Debug)]
pub(super) struct Ack {
    pub(super) id: u64,
    pub(super) kind: AckKind,
    pub(super) deadline: Option<f64>,
}

#[derive(Debug)]
pub(super) struct Queued {
    pub(super) seq: u64,
    pub(super) handle: u32,
    pub(super) json: String,
    pub(super) attachments: Vec<Vec<u8>>,
    pub(super) ack: AckMode,
    pub(super) flags: Flags,
    pub(super) tries: u32,
    pub(super) pending: bool,
}

impl SocketCore {
    /// The earliest ack deadline.
    pub fn deadline(&self) -> Option<f64> {
        self.acks.iter().filter_map(|a| a.deadline).reduce(f64::min)
    }

    pub(super) fn fail_ack(
        &mut self,
        m: &mut Manager,
        now: f64,
        kind: AckKind,
        failure: AckFailure,
    ) {
        match kind {
            AckKind::User { handle, err_first } => self.out.push(Cmd::AckError {
                socket: self.me,
                handle,
                failure,
                report: err_first,
            }),
            AckKind::Queue { seq } => self.on_queue_ack(m, now, seq, Err(failure)),
        }
    }

    pub(super) fn on_ack(&mut self, m: &mut Manager, now: f64, id: u64, payload: Held) {
        // An ack nobody waits for is dropped (with its payload).
        let Some(i) = self.acks.iter().position(|a| a.id == id) else {
            return;
        };
        match self.acks.swap_remove(i).kind {
            AckKind::User { handle, err_first } => self.out.push(Cmd::Ack {
                socket: self.me,
                handle,
                payload: payload.hand_over(),
                err_first,
            }),
            AckKind::Queue { seq } => self.on_queue_ack(m, now, seq, Ok(payload)),
        }
    }

    /// Time passed: acks past their deadline fail with "operation has timed out".
    pub fn tick(&mut self, m: &mut Manager, now: f64) {
        let (expired, kept) = core::mem::take(&mut self.acks)
            .into_iter()
            .partition::<Vec<_>, _>(|a| a.deadline.is_some_and(|d| now >= d));
        self.acks = kept;
        for ack in expired {
            self.send_buffer.retain(|p| p.id != Some(ack.id));
            self.fail_ack(m, now, ack.kind, AckFailure::TimedOut);
        }
    }

    pub(super) fn register_ack(
        &mut self,
        kind: AckKind,
        flag_timeout: Option<f64>,
        now: f64,
    ) -> u64 {
        let id = self.next_ack;
        self.next_ack += 1;
        let timeout = flag_timeout.or(self.opts.ack_timeout);
        let kind = match kind {
            AckKind::User { handle, .. } if timeout.is_some() => AckKind::User {
                handle,
                err_first: true,
            },
            k => k,
        };
        self.acks.push(Ack {
            id,
            kind,
            deadline: timeout.map(|ms| now + ms.max(0.0)),
        });
        id
    }

    pub(super) fn drain_queue(&mut self, m: &mut Manager, now: f64, force: bool) {
        if !self.connected {
            return;
        }
        let Some(head) = self.queue.front_mut() else {
            return;
        };
        if head.pending && !force {
            return;
        }
        head.pending = true;
        head.tries += 1;
        let (seq, handle, json, attachments, flags) = (
            head.seq,
            head.handle,
            head.json.clone(),
            head.attachments.clone(),
            head.flags,
        );
        self.send_event(
            m,
            now,
            handle,
            json,
            attachments,
            Some(AckKind::Queue { seq }),
            flags,
        );
    }

    pub(super) fn on_queue_ack(
        &mut self,
        m: &mut Manager,
        now: f64,
        seq: u64,
        result: Result<Held, AckFailure>,
    ) {
        let retries = self.opts.retries.unwrap_or(0);
        let Some(head) = self.queue.front_mut() else {
            return;
        };
        if head.seq != seq {
            return;
        }
        head.pending = false;
        let finished = result.is_ok() || head.tries > retries;
        if finished {
            if let Some(q) = self.queue.pop_front() {
                self.out.push(match (q.ack, result) {
                    (AckMode::None, _) => Cmd::Release(q.handle),
                    (_, Ok(payload)) => Cmd::Ack {
                        socket: self.me,
                        handle: q.handle,
                        payload: payload.hand_over(),
                        err_first: true,
                    },
                    (_, Err(failure)) => Cmd::AckError {
                        socket: self.me,
                        handle: q.handle,
                        failure,
                        report: true,
                    },
                });
            }
        }
        self.drain_queue(m, now, false);
    }
}
