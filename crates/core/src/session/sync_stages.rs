//! Where the last sync's time went, stage by stage, for `cargo xtask bench
//! sync` (docs/SYNC.md, "Speed"). Reading a clock a few times per page of
//! 2,000 entries costs nothing worth measuring, so it is always on.
//!
//! Stages overlap: a page is fetched and opened on other threads while
//! the one before it is applied. Each figure is the time that stage was
//! busy (open: the wall time of opening a page on every core); `wait` is
//! only what the sync spent waiting on the server with nothing else to do.

use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncStages {
    /// The whole sync, wall clock.
    pub total: Duration,
    /// Waiting on the server with nothing else to do: a pull not hidden
    /// behind the apply, a push not hidden behind sealing the next page.
    pub wait: Duration,
    /// Checking signatures and decrypting pulled entries.
    pub open: Duration,
    /// Applying them to the profile, in its transactions.
    pub apply: Duration,
    /// Reading the outbox, padding, sealing and signing for a push.
    pub seal: Duration,
}

impl SyncStages {
    /// What the stages leave of the total: keys, cursors, the member
    /// list, bookkeeping. Zero when overlapping stages add up to more.
    pub fn other(&self) -> Duration {
        self.total
            .saturating_sub(self.wait + self.open + self.apply + self.seal)
    }
}

/// Runs `f`, adding its wall time to `into`.
pub(super) fn timed<T>(into: &mut Duration, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    *into += t.elapsed();
    out
}
