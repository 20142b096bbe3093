//! Who may talk to the dev server: the `Host` a request names and the `Origin` of the page that
//! sent it.
//!
//! The server lets anyone inject events and reads out its templates, so a web page the
//! developer happens to visit must not reach it. Two checks, on every request (the WebSocket
//! upgrade included), before anything else runs:
//! - `Host` must be an IP literal, `localhost` / `*.localhost`, or an allowed name: a page that
//!   rebinds its own domain name to 127.0.0.1 keeps that name in `Host`, and is refused;
//! - `Origin`, when a browser sends one, must be local (`localhost`, `*.localhost`, `127.x.x.x`,
//!   `[::1]`, any port), on the host the request names (a phone opening the demo, or a Vite dev
//!   server, over the LAN: `Host` already passed the check above), or allowed. `null` (sandboxed frames, `file:` pages) is refused unless any origin is allowed.
//!
//! Requests without `Origin` (curl, the CLI, Node clients) are not cross-site and pass.

use std::net::IpAddr;

/// The allowed hosts and origins beyond the local ones.
#[derive(Debug, Clone, Default)]
pub struct Access {
    origins: Vec<String>,
    any_origin: bool,
    hosts: Vec<String>,
    any_host: bool,
}

/// Why a request was refused; the message names the option that would allow it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// The `Host` header names something else than this machine.
    #[error(
        "Host {0:?} is not allowed (only local names and IP addresses; add it with --allow-host)"
    )]
    Host(String),
    /// The page's origin is not local.
    #[error("Origin {0:?} is not allowed (only local pages; add it with --allow-origin)")]
    Origin(String),
}

/// The host part of a `host[:port]` authority (brackets kept off IPv6).
fn host_part(authority: &str) -> &str {
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match authority.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => authority,
    }
}

fn is_localhost_name(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost" || host.ends_with(".localhost")
}

fn is_loopback(host: &str) -> bool {
    is_localhost_name(host) || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

impl Access {
    /// Local names only, plus `origins` (`*`: any) and `hosts` (`*`: any).
    pub fn new(origins: &[String], hosts: &[String]) -> Self {
        let norm = |s: &String| s.trim_end_matches('/').to_ascii_lowercase();
        Access {
            any_origin: origins.iter().any(|o| o == "*"),
            origins: origins.iter().filter(|o| *o != "*").map(norm).collect(),
            any_host: hosts.iter().any(|h| h == "*"),
            hosts: hosts.iter().filter(|h| *h != "*").map(norm).collect(),
        }
    }

    /// Checks a request's `Host` and `Origin` headers.
    pub fn check(&self, host: Option<&str>, origin: Option<&str>) -> Result<(), Refused> {
        if let Some(host) = host {
            let name = host_part(host);
            let allowed = self.any_host
                || name.parse::<IpAddr>().is_ok()
                || is_localhost_name(name)
                || self.hosts.iter().any(|h| h.eq_ignore_ascii_case(name));
            if !allowed {
                return Err(Refused::Host(host.to_owned()));
            }
        }
        let Some(origin) = origin else {
            return Ok(());
        };
        if self.any_origin {
            return Ok(());
        }
        let lower = origin.trim_end_matches('/').to_ascii_lowercase();
        let authority = lower
            .strip_prefix("http://")
            .or_else(|| lower.strip_prefix("https://"));
        let allowed = match authority {
            // `null`, `file://`, extension schemes: never local pages.
            None => false,
            Some(a) => {
                is_loopback(host_part(a))
                    || host.is_some_and(|h| host_part(h).eq_ignore_ascii_case(host_part(a)))
                    || self.origins.contains(&lower)
            }
        };
        if allowed {
            Ok(())
        } else {
            Err(Refused::Origin(origin.to_owned()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_hosts_and_ip_literals_pass_other_names_do_not() {
        let a = Access::default();
        for h in [
            "127.0.0.1:3069",
            "localhost:3069",
            "LOCALHOST",
            "app.localhost:1",
            "[::1]:80",
            "192.168.1.20:3069",
        ] {
            assert_eq!(a.check(Some(h), None), Ok(()), "{h}");
        }
        assert_eq!(
            a.check(Some("evil.example:3069"), None),
            Err(Refused::Host("evil.example:3069".into()))
        );
        assert_eq!(
            Access::new(&[], &["kiosk.local".into()]).check(Some("kiosk.local:3069"), None),
            Ok(())
        );
        assert_eq!(
            Access::new(&[], &["*".into()]).check(Some("any.example"), None),
            Ok(())
        );
    }

    #[test]
    fn local_and_same_origins_pass_others_do_not() {
        let a = Access::default();
        let host = Some("127.0.0.1:3069");
        for o in [
            "http://localhost:5173",
            "https://127.0.0.1:8443",
            "http://[::1]:3000",
            "http://x.localhost",
        ] {
            assert_eq!(a.check(host, Some(o)), Ok(()), "{o}");
        }
        assert_eq!(
            a.check(Some("192.168.1.20:3069"), Some("http://192.168.1.20:3069")),
            Ok(()),
            "same origin"
        );
        for o in [
            "https://evil.example",
            "null",
            "file://",
            "http://127.0.0.1.evil.example",
        ] {
            assert_eq!(
                a.check(host, Some(o)),
                Err(Refused::Origin(o.into())),
                "{o}"
            );
        }
        let allowed = Access::new(&["https://staging.example/".into()], &[]);
        assert_eq!(allowed.check(host, Some("https://staging.example")), Ok(()));
        assert_eq!(
            Access::new(&["*".into()], &[]).check(host, Some("null")),
            Ok(())
        );
    }
}
