//! A manager's reconnection and timeout options, read and changed on the running connection
//! (socket.io-client's `manager.reconnection(v)`, `manager.reconnectionDelay(v)`, ...): a
//! change applies from the next decision the core makes — `set_reconnection(false)` stops a
//! running reconnection loop, a new delay applies to the next attempt's backoff.

use std::time::Duration;

use super::Manager;
use crate::manager::ManagerConfig;
use crate::web::options::ms;
use crate::web::runtime::rt;

fn duration(ms: f64) -> Duration {
    Duration::from_secs_f64(ms.max(0.0) / 1000.0)
}

impl Manager {
    /// Reads the manager's options (the defaults if it is gone, which a handle prevents).
    fn config<R>(&self, f: impl FnOnce(&ManagerConfig) -> R) -> R {
        let id = self.0.id;
        let cfg = rt().read(|c| Some(c.manager(id)?.config().clone()));
        f(&cfg)
    }

    /// Changes the manager's options, then lets the core act on the change.
    fn configure(&self, f: impl FnOnce(&mut ManagerConfig)) {
        let id = self.0.id;
        rt().run(|c, _| {
            if let Some(cfg) = c.config_mut(id) {
                f(cfg);
            }
            c.reconnection_changed(id);
        });
    }

    /// Whether the manager reconnects after a connection is lost (`reconnection`).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// assert!(m.reconnection());
    /// # }
    /// ```
    pub fn reconnection(&self) -> bool {
        self.config(|c| c.reconnection)
    }

    /// Turns reconnection on or off (off stops a running reconnection loop; on again, the
    /// next lost connection is reconnected, or `open()` retries now).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// m.set_reconnection(false);
    /// assert!(!m.reconnection());
    /// # }
    /// ```
    pub fn set_reconnection(&self, on: bool) {
        self.configure(|c| c.reconnection = on);
    }

    /// How many reconnection attempts are made before `ReconnectFailed` (`None`: no limit).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// assert_eq!(m.reconnection_attempts(), None);
    /// # }
    /// ```
    pub fn reconnection_attempts(&self) -> Option<u32> {
        self.config(|c| (c.reconnection_attempts != u32::MAX).then_some(c.reconnection_attempts))
    }

    /// Limits the reconnection attempts (a running loop stops once it has made that many).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// m.set_reconnection_attempts(Some(3));
    /// # }
    /// ```
    pub fn set_reconnection_attempts(&self, attempts: Option<u32>) {
        self.configure(|c| c.reconnection_attempts = attempts.unwrap_or(u32::MAX));
    }

    /// The first reconnection delay (`reconnectionDelay`), doubled on each attempt.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// assert_eq!(m.reconnection_delay(), std::time::Duration::from_secs(1));
    /// # }
    /// ```
    pub fn reconnection_delay(&self) -> Duration {
        self.config(|c| duration(c.reconnection_delay))
    }

    /// Changes the first reconnection delay.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// m.set_reconnection_delay(std::time::Duration::from_millis(500));
    /// # }
    /// ```
    pub fn set_reconnection_delay(&self, delay: Duration) {
        self.configure(|c| c.reconnection_delay = ms(delay));
    }

    /// The longest reconnection delay (`reconnectionDelayMax`).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// assert_eq!(m.reconnection_delay_max(), std::time::Duration::from_secs(5));
    /// # }
    /// ```
    pub fn reconnection_delay_max(&self) -> Duration {
        self.config(|c| duration(c.reconnection_delay_max))
    }

    /// Changes the longest reconnection delay.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// m.set_reconnection_delay_max(std::time::Duration::from_secs(10));
    /// # }
    /// ```
    pub fn set_reconnection_delay_max(&self, delay: Duration) {
        self.configure(|c| c.reconnection_delay_max = ms(delay));
    }

    /// The jitter of the reconnection delays (`randomizationFactor`, 0 to 1).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// assert_eq!(m.randomization_factor(), 0.5);
    /// # }
    /// ```
    pub fn randomization_factor(&self) -> f64 {
        self.config(|c| c.randomization_factor)
    }

    /// Changes the jitter of the reconnection delays (0: none).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// m.set_randomization_factor(0.0);
    /// # }
    /// ```
    pub fn set_randomization_factor(&self, factor: f64) {
        self.configure(|c| c.randomization_factor = factor);
    }

    /// How long a connection attempt may take (`timeout`; `None`: no limit).
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// assert_eq!(m.timeout(), Some(std::time::Duration::from_secs(20)));
    /// # }
    /// ```
    pub fn timeout(&self) -> Option<Duration> {
        self.config(|c| c.timeout.map(duration))
    }

    /// Changes how long the next connection attempts may take.
    ///
    /// ```no_run
    /// # #[cfg(target_arch = "wasm32")] {
    /// # let m = plugwire::web::Manager::new("http://127.0.0.1:3069", Default::default()).unwrap();
    /// m.set_timeout(Some(std::time::Duration::from_secs(5)));
    /// # }
    /// ```
    pub fn set_timeout(&self, timeout: Option<Duration>) {
        self.configure(|c| c.timeout = timeout.map(ms));
    }
}
