//! The rate limits on the requests an attacker would repeat, per client
//! address: tries of a setup code or an invite code (joins), and failed
//! tokens, counted apart so one cannot use up the other. A valid token is
//! never held back: the limit only counts and stops failures.
//!
//! Behind a reverse proxy every request comes from the proxy's address,
//! and one client's bad tries would lock out every team. The operator
//! names the proxy (`--trusted-proxy ADDR`); only for connections from it
//! is the client's address read from the proxy's header (the last
//! `X-Forwarded-For` entry, the one the proxy itself added; or the header
//! the operator names). A client cannot forge its way round the limit: a
//! header from anyone but the trusted proxy is ignored.
//!
//! A fixed one-minute window per address, kept in memory (a restart
//! forgets it, which only helps a patient attacker by a minute; the codes
//! have 128 bits).

use axum::http::HeaderMap;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

pub struct Limiter {
    per_minute: u32,
    seen: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl Limiter {
    pub fn new(per_minute: u32) -> Self {
        Limiter {
            per_minute,
            seen: Mutex::new(HashMap::new()),
        }
    }

    fn count(&self, ip: IpAddr, add: u32) -> u32 {
        let Ok(mut seen) = self.seen.lock() else {
            return u32::MAX; // a poisoned lock fails closed
        };
        let now = Instant::now();
        seen.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        let e = seen.entry(ip).or_insert((now, 0));
        e.1 = e.1.saturating_add(add);
        e.1
    }

    /// Counts one try; `false` once the address is over its limit.
    pub fn hit(&self, ip: IpAddr) -> bool {
        self.count(ip, 1) <= self.per_minute
    }

    /// Notes a failed try.
    pub fn fail(&self, ip: IpAddr) {
        self.count(ip, 1);
    }

    /// Whether the address has failed too often this minute.
    pub fn blocked(&self, ip: IpAddr) -> bool {
        self.count(ip, 0) >= self.per_minute
    }
}

/// The two limits a server keeps.
pub struct Limits {
    /// Team creations and joins (each tries a code).
    pub joins: Limiter,
    /// Requests with a token that is not (or no longer) valid.
    pub tokens: Limiter,
}

impl Limits {
    pub fn per_minute(n: u32) -> Self {
        Limits {
            joins: Limiter::new(n),
            tokens: Limiter::new(n),
        }
    }
}

/// The reverse proxy whose word on the client's address is taken.
#[derive(Debug, Clone)]
pub struct TrustedProxy {
    pub addr: IpAddr,
    /// Lower case; `x-forwarded-for` unless the operator names another.
    pub header: String,
}

/// The client's address: the connection's, or, for a connection from the
/// trusted proxy, the last address in the proxy's header.
pub fn client(peer: IpAddr, headers: &HeaderMap, proxy: Option<&TrustedProxy>) -> IpAddr {
    let Some(p) = proxy.filter(|p| p.addr == peer) else {
        return peer;
    };
    headers
        .get_all(p.header.as_str())
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse::<IpAddr>().ok())
        .next_back()
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_over_its_limit_is_held_back() {
        let l = Limiter::new(3);
        let a: IpAddr = [127, 0, 0, 1].into();
        let b: IpAddr = [127, 0, 0, 2].into();
        assert!(l.hit(a) && l.hit(a) && l.hit(a));
        assert!(!l.hit(a));
        assert!(l.blocked(a));
        assert!(!l.blocked(b));
    }

    #[test]
    fn only_the_trusted_proxy_names_the_client() {
        let proxy = TrustedProxy {
            addr: [10, 0, 0, 1].into(),
            header: "x-forwarded-for".into(),
        };
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.7".parse().unwrap(),
        );
        let client_ip: IpAddr = [198, 51, 100, 7].into();
        assert_eq!(client([10, 0, 0, 1].into(), &h, Some(&proxy)), client_ip);
        let stranger: IpAddr = [192, 0, 2, 5].into();
        assert_eq!(
            client(stranger, &h, Some(&proxy)),
            stranger,
            "forged header"
        );
        assert_eq!(client(stranger, &h, None), stranger);
        let bare = HeaderMap::new();
        let from_proxy: IpAddr = [10, 0, 0, 1].into();
        assert_eq!(client(from_proxy, &bare, Some(&proxy)), from_proxy);
    }
}
