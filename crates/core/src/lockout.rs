//! Limits wrong unlock attempts.
//!
//! After [`FREE_TRIES`] wrong tries in a row, each further try must wait, and
//! the wait doubles with every failure (capped at an hour). The counter lives in
//! `lockout.json` in the data directory, outside the encrypted database, so it
//! survives a restart and can be checked before any key derivation. It holds
//! only a count and a time. It slows down guessing at the keyboard; the real
//! protection against an offline attack on a stolen file is Argon2id.

use crate::Result;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Wrong tries allowed in a row before waits begin.
pub const FREE_TRIES: u32 = 5;
const FIRST_WAIT_SECS: u64 = 30;
const MAX_WAIT_SECS: u64 = 3_600;

/// Consecutive failures and when the last one happened (unix seconds).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockoutState {
    pub failures: u32,
    pub last_failure: i64,
}

impl LockoutState {
    /// How long the user must wait before the next try, in seconds.
    pub fn wait_secs(&self, now: i64) -> Option<u64> {
        if self.failures < FREE_TRIES {
            return None;
        }
        let doublings = (self.failures - FREE_TRIES).min(20);
        let wait = FIRST_WAIT_SECS
            .saturating_mul(1 << doublings)
            .min(MAX_WAIT_SECS);
        let elapsed = now.saturating_sub(self.last_failure).max(0) as u64;
        (elapsed < wait).then(|| wait - elapsed)
    }

    pub fn failed(self, now: i64) -> Self {
        Self {
            failures: self.failures.saturating_add(1),
            last_failure: now,
        }
    }
}

/// The lockout file of one data directory.
pub struct LockoutFile(PathBuf);

impl LockoutFile {
    pub fn in_dir(dir: &Path) -> Self {
        Self(dir.join("lockout.json"))
    }

    /// The stored state; a missing or unreadable file counts as no failures,
    /// since refusing to start would lock the user out of their own data.
    pub fn load(&self) -> LockoutState {
        std::fs::read(&self.0)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, state: LockoutState) -> Result<()> {
        let json = serde_json::to_vec(&state).map_err(std::io::Error::other)?;
        crate::files::write_atomically(&self.0, &json)
    }

    /// Reads, changes and writes the state under an exclusive lock on
    /// `lockout.lock`, so two processes never both read the old count.
    /// `change` may refuse (a wait is due); then nothing is written.
    pub fn update(&self, change: impl FnOnce(LockoutState) -> Result<LockoutState>) -> Result<()> {
        let lock = crate::files::lock_beside(&self.0)?;
        let before = self.load();
        let after = change(before)?;
        if after != before {
            if after == LockoutState::default() {
                self.clear()?;
            } else {
                self.save(after)?;
            }
        }
        drop(lock);
        Ok(())
    }

    /// Forgets failures after a successful unlock.
    pub fn clear(&self) -> Result<()> {
        match std::fs::remove_file(&self.0) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn five_free_tries_then_growing_waits() {
        let mut s = LockoutState::default();
        for _ in 0..4 {
            s = s.failed(1000);
            assert_eq!(s.wait_secs(1000), None);
        }
        s = s.failed(1000);
        assert_eq!(s.wait_secs(1000), Some(30));
        assert_eq!(s.wait_secs(1029), Some(1));
        assert_eq!(s.wait_secs(1030), None);
        s = s.failed(2000);
        assert_eq!(s.wait_secs(2000), Some(60));
        for _ in 0..30 {
            s = s.failed(5000);
        }
        assert_eq!(s.wait_secs(5000), Some(3600));
    }

    proptest! {
        #[test]
        fn waits_never_shrink_with_more_failures(n in 0u32..100, now in 0i64..1 << 40) {
            let a = LockoutState { failures: n, last_failure: now };
            let b = LockoutState { failures: n + 1, last_failure: now };
            prop_assert!(a.wait_secs(now).unwrap_or(0) <= b.wait_secs(now).unwrap_or(0));
        }
    }
}
