//! A small per-address rate limit for the requests an attacker would
//! repeat: joins, team creation and failed tokens. A fixed one-minute
//! window per address, kept in memory (a restart forgets it, which only
//! helps a patient attacker by a minute; the codes have 128 bits).

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
}
