//! Emptying the WAL after a deletion, also while another connection (the
//! app and the command line share the file) is reading.
//!
//! `secure_delete` overwrites a deleted row in the database file, but the
//! WAL still holds the pages as they were until a checkpoint copies them
//! back and the WAL is truncated. A checkpoint cannot finish while another
//! connection reads an older snapshot; SQLite then answers "busy" and the
//! old frames stay. So the checkpoint is retried for a while, and if the
//! other reader is still there, again after the next write and when the
//! store closes, until it succeeds.

use super::Store;
use crate::Result;
use std::time::Duration;

/// How long one try waits for readers (SQLite's busy handler).
const TRY_WAIT: Duration = Duration::from_millis(100);
/// Tries before the checkpoint is left for the next write: about two
/// seconds in all, longer than any read the app or the command line makes.
const TRIES: u32 = 20;
/// The busy timeout the connection has otherwise (rusqlite's default).
const NORMAL_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl Store {
    /// Moves everything from the WAL into the database file and empties the
    /// WAL, e.g. before a backup or after a deletion. When another
    /// connection keeps it from finishing, it is retried after the next
    /// write and when the store is dropped ([`Store::checkpoint_pending`]).
    ///
    /// A deletion's words leave the search index first
    /// ([`Store::settle_search`]), so the checkpoint empties the WAL of
    /// the index's old pages too.
    pub fn checkpoint(&self) -> Result<()> {
        self.settle_search()?;
        self.conn.busy_timeout(TRY_WAIT)?;
        let done = (0..TRIES).try_fold(false, |done, _| {
            if done {
                return Ok(true);
            }
            self.checkpoint_once()
        });
        self.conn.busy_timeout(NORMAL_BUSY_TIMEOUT)?;
        self.checkpoint_pending.set(!done?);
        Ok(())
    }

    /// Whether a checkpoint is still owed (for tests and diagnostics).
    pub fn checkpoint_pending(&self) -> bool {
        self.checkpoint_pending.get()
    }

    /// One `wal_checkpoint(TRUNCATE)`: its first column says "busy".
    fn checkpoint_once(&self) -> Result<bool> {
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        Ok(busy == 0)
    }

    /// After a write: one quiet try at a checkpoint still owed.
    pub(super) fn retry_pending_checkpoint(&self) {
        if self.checkpoint_pending.get() {
            // A failure here leaves it owed; the write itself succeeded.
            if let Ok(done) = self.checkpoint_once() {
                self.checkpoint_pending.set(!done);
            }
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if self.checkpoint_pending.get() {
            // The last chance this connection has; what it cannot do, the
            // next open's checkpoint after a deletion does.
            let _ = self.checkpoint();
        }
    }
}

/// A read transaction held open, as another window of Feltbog might while
/// a deletion's checkpoint runs. Only for tests.
#[cfg(any(test, feature = "test-support"))]
impl Store {
    pub fn begin_read_for_tests(&self) -> Result<()> {
        self.conn.execute_batch("BEGIN")?;
        self.conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                r.get::<_, i64>(0)
            })?;
        Ok(())
    }

    pub fn end_read_for_tests(&self) -> Result<()> {
        Ok(self.conn.execute_batch("COMMIT")?)
    }
}
