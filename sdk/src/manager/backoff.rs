//! Reconnection delays: socket.io-client's backoff (`min * 2^attempt`, jittered by
//! `randomizationFactor`, capped at `reconnectionDelayMax`), on a small seeded generator so
//! that tests can replay it.

/// The backoff state of a manager.
#[derive(Debug, Clone)]
pub(super) struct Backoff {
    /// Attempts made since the last success.
    pub(super) attempts: u32,
    rng: u64,
}

impl Backoff {
    pub(super) fn new(seed: u64) -> Self {
        Backoff {
            attempts: 0,
            rng: seed | 1,
        }
    }

    /// xorshift64*: uniform in [0, 1).
    fn random(&mut self) -> f64 {
        let mut x = self.rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// The next delay (ms), counting the attempt.
    pub(super) fn duration(&mut self, min: f64, max: f64, factor: f64) -> f64 {
        let scale = if self.attempts < 64 {
            (1u64 << self.attempts) as f64
        } else {
            f64::INFINITY
        };
        let mut ms = min * scale;
        self.attempts = self.attempts.saturating_add(1);
        if factor > 0.0 {
            let rand = self.random();
            let deviation = (rand * factor * ms) as u64 as f64;
            ms = if ((rand * 10.0) as u64) & 1 == 0 {
                ms - deviation
            } else {
                ms + deviation
            };
        }
        ms.min(max).max(0.0) as u64 as f64
    }

    pub(super) fn reset(&mut self) {
        self.attempts = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    #[test]
    fn follows_socket_io_client() {
        let mut b = Backoff::new(42);
        let delays: Vec<f64> = (0..5).map(|_| b.duration(1000.0, 5000.0, 0.0)).collect();
        assert_eq!(delays, [1000.0, 2000.0, 4000.0, 5000.0, 5000.0]);
        let mut b = Backoff::new(42);
        let mut jittered = false;
        for attempt in 0..8 {
            let raw = 1000.0 * 2f64.powi(attempt);
            let d = b.duration(1000.0, 5000.0, 0.5);
            let (lo, hi) = (raw - (raw * 0.5).floor(), raw + (raw * 0.5).floor());
            assert!(d >= lo.min(5000.0) && d <= hi.min(5000.0), "{attempt}: {d}");
            jittered |= d != raw.min(5000.0);
        }
        assert!(jittered, "randomizationFactor 0.5 moves the delays");
    }
}
