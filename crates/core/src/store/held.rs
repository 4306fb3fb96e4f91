//! One write transaction held open across several [`Store::with_tx`]
//! calls, for a first sync's apply.
//!
//! Every commit writes each page it changed into the WAL, encrypted and
//! authenticated. The records a sync brings have random ids, so a page of
//! 2,000 entries changes nearly every leaf of the id and date indexes, and
//! each commit rewrote them whole: a third of a first sync's apply was
//! commits (`cargo xtask bench sync`). Held, the pages of several pulled
//! pages are written once.
//!
//! Inside a held batch each `with_tx` writes straight into the batch, not
//! into a savepoint of it: SQLite keeps a savepoint's old pages in an
//! in-memory sub-journal that it walks from the start on every release, so
//! the per-entry savepoints of an apply nested in another savepoint made a
//! first sync twice as slow (measured). A `with_tx` that fails therefore
//! rolls the whole batch back and ends it: the pages applied in it are
//! pulled again by the next sync, since their cursors went back with them.
//! Nothing is half-written and nothing the user wrote is in the batch (the
//! screens write through their own connection).
//!
//! That other connection waits for its own writes until the commit, so
//! the pull commits when the next page is not there within 50 ms (the
//! lock is never held longer while waiting on the network), and a batch
//! is kept short ([`Store::hold_is_due`]). A panic in the pull rolls the
//! batch back ([`Store::drop_held`]): without it the connection would keep
//! the lock.

use super::Store;
use crate::Result;
use std::time::{Duration, Instant};

/// At most this long between commits. SQLite keeps no queue of waiting
/// writers: a save on the screens tries again on its busy handler's own
/// schedule (sleeps of up to 100 ms), so while pages keep arriving within
/// 50 ms it may miss the short gap between two batches, as it could miss
/// the gap between two pages' transactions before batches. It always gets
/// in while the sync waits on the network.
const HOLD_AT_MOST: Duration = Duration::from_millis(750);
/// At most this many entries' writes in one commit, so the batch's changed
/// pages fit the 32 MB page cache instead of spilling into the WAL twice.
const ENTRIES_AT_MOST: usize = 10_000;

/// The held batch's start and what was written in it.
#[derive(Debug)]
pub(super) struct Hold {
    since: Instant,
    entries: usize,
    /// The clock before the batch: a batch rolled back leaves no stamp.
    stamp_before: i64,
}

/// The transaction a [`super::Tx`] writes in: its own, or the held
/// batch, which the store commits.
pub(super) enum Txn<'a> {
    Own(rusqlite::Transaction<'a>),
    Held(&'a rusqlite::Connection),
}

impl Txn<'_> {
    pub(super) fn commit(self) -> rusqlite::Result<()> {
        match self {
            Txn::Own(t) => t.commit(),
            Txn::Held(_) => Ok(()),
        }
    }
}

impl std::ops::Deref for Txn<'_> {
    type Target = rusqlite::Connection;

    fn deref(&self) -> &rusqlite::Connection {
        match self {
            Txn::Own(t) => t,
            Txn::Held(c) => c,
        }
    }
}

impl Store {
    /// Opens a held batch: the following `with_tx` calls write into one
    /// transaction until [`Store::release_writes`]. Holding twice is a
    /// slip in the caller: the second hold is refused by SQLite.
    pub fn hold_writes(&mut self) -> Result<()> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        self.hold = Some(Hold {
            since: Instant::now(),
            entries: 0,
            stamp_before: self.last_stamp,
        });
        Ok(())
    }

    /// Counts `n` entries written into the held batch (no-op when none is
    /// held).
    pub fn note_held_entries(&mut self, n: usize) {
        if let Some(h) = &mut self.hold {
            h.entries += n;
        }
    }

    /// Whether the held batch has run long enough to be committed.
    pub fn hold_is_due(&self) -> bool {
        self.hold
            .as_ref()
            .is_some_and(|h| h.entries >= ENTRIES_AT_MOST || h.since.elapsed() >= HOLD_AT_MOST)
    }

    /// Commits the held batch (no-op when none is held). If the commit
    /// fails, the batch is rolled back whole.
    pub fn release_writes(&mut self) -> Result<()> {
        if self.hold.is_none() {
            return Ok(());
        }
        if let Err(e) = self.conn.execute_batch("COMMIT") {
            self.drop_held();
            return Err(e.into());
        }
        self.hold = None;
        self.retry_pending_checkpoint();
        Ok(())
    }

    /// Rolls the held batch back whole and ends it, with the clock as it
    /// was before it: a write in it failed, or its commit did.
    pub(crate) fn drop_held(&mut self) {
        if let Some(hold) = self.hold.take() {
            if !self.conn.is_autocommit() {
                // Only fails if SQLite already rolled back (a full disk).
                let _ = self.conn.execute_batch("ROLLBACK");
            }
            self.last_stamp = hold.stamp_before;
        }
    }

    /// Whether a batch is held (the pull opens one only if not).
    pub fn holds_writes(&self) -> bool {
        self.hold.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::super::Store;
    use crate::keys::DataKey;

    fn store(dir: &std::path::Path) -> Store {
        Store::open(&dir.join("p.db"), &DataKey::from_bytes([7; 32])).unwrap()
    }

    fn notes(s: &Store) -> i64 {
        s.conn
            .query_row(
                "SELECT count(*) FROM meta WHERE key LIKE 'held-%'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    }

    #[test]
    fn a_held_batch_is_one_commit() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        let other = s.open_another().unwrap();
        s.hold_writes().unwrap();
        s.with_tx(|t| t.set_meta("held-1", "a")).unwrap();
        s.with_tx(|t| t.set_meta("held-2", "b")).unwrap();
        assert_eq!(notes(&s), 2);
        assert_eq!(notes(&other), 0, "nothing is committed while held");
        s.release_writes().unwrap();
        assert!(!s.holds_writes());
        assert_eq!(notes(&other), 2);
        // Writes after the release commit on their own again.
        s.with_tx(|t| t.set_meta("held-3", "c")).unwrap();
        assert_eq!(notes(&other), 3);
    }

    #[test]
    fn a_failed_write_rolls_the_held_batch_back_whole_and_ends_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        s.with_tx(|t| t.set_meta("held-0", "before")).unwrap();
        let clock = s.clock_stamp();
        s.hold_writes().unwrap();
        s.with_tx(|t| {
            t.stamp();
            t.set_meta("held-1", "a")
        })
        .unwrap();
        assert!(s.clock_stamp() > clock, "the batch moved the clock on");
        let failed: crate::Result<()> = s.with_tx(|t| {
            t.stamp();
            t.set_meta("held-2", "b")?;
            Err(crate::Error::NotFound("on purpose"))
        });
        assert!(failed.is_err());
        assert!(!s.holds_writes(), "the batch ended with the failure");
        assert_eq!(s.clock_stamp(), clock);
        assert_eq!(notes(&s), 1, "only what was committed before the batch");
        s.release_writes().unwrap();
        s.with_tx(|t| t.set_meta("held-3", "c")).unwrap();
        assert_eq!(notes(&store(dir.path())), 2);
    }

    #[test]
    fn a_hold_is_due_after_enough_entries_and_releasing_none_is_a_no_op() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        s.release_writes().unwrap();
        assert!(!s.hold_is_due());
        s.hold_writes().unwrap();
        assert!(!s.hold_is_due());
        s.note_held_entries(super::ENTRIES_AT_MOST - 1);
        assert!(!s.hold_is_due());
        s.note_held_entries(1);
        assert!(s.hold_is_due());
        s.release_writes().unwrap();
        assert!(!s.hold_is_due());
    }

    #[test]
    fn a_store_dropped_while_holding_keeps_nothing_of_the_batch() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        s.hold_writes().unwrap();
        s.with_tx(|t| t.set_meta("held-1", "a")).unwrap();
        drop(s);
        assert_eq!(notes(&store(dir.path())), 0);
    }
}
