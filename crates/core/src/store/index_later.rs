//! A large batch from other devices indexes its new rows for search once,
//! at its end, instead of row by row.
//!
//! Why: the index's insert triggers (migrations 18, 23, 24) write each new
//! row into the FTS5 index in the statement that inserts it. Such a
//! statement opens a statement savepoint (it writes to a virtual table,
//! which may fail half-way), and FTS5 writes its pending terms to disk at
//! every savepoint: one new index segment per row, merged again and again.
//! That was a third of a first sync's apply. Touching the rows' indexed
//! column afterwards fires their update triggers in one statement per
//! table, so each table's rows reach the index as one segment.
//!
//! How: migration 25 gives the insert triggers `WHEN NOT search_later()`.
//! The connection's `search_later()` (registered in `search.rs`) reads a
//! flag that only [`Tx::index_later`] sets, and `Store::with_tx` clears
//! whatever happens, so a failed apply cannot leave later writes
//! unindexed. No schema changes at run time: a refused entry's rollback
//! stays cheap.

use super::Tx;
use crate::Result;
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

/// Each searchable table and the indexed column its update trigger
/// watches: setting that column to itself indexes the row again.
pub(super) const TOUCH: [(&str, &str); 8] = [
    ("schools", "name"),
    ("visits", "notes"),
    ("follow_ups", "text"),
    ("cafes", "notes"),
    ("cafe_agreements", "text"),
    ("survey_rounds", "name"),
    ("activities", "notes"),
    ("activity_follow_ups", "text"),
];

/// Batches with at least this many entries to apply index later; a
/// routine sync's few entries are indexed as they are written.
pub(super) const FROM_ENTRIES: usize = 64;

/// The rows inserted while indexing waits, by table.
#[derive(Default)]
pub(super) struct Later {
    rows: BTreeMap<&'static str, Vec<String>>,
}

impl Tx<'_> {
    /// From now until [`Tx::index_now`], rows inserted through
    /// [`Tx::inserted`] are indexed at the end.
    pub(super) fn index_later(&mut self) {
        self.search_later.store(true, Ordering::Relaxed);
        self.later = Some(Later::default());
    }

    /// Notes a row inserted into `table` while indexing waits.
    pub(super) fn inserted(&mut self, table: &'static str, id: &str) {
        if let Some(later) = &mut self.later {
            later.rows.entry(table).or_default().push(id.to_string());
        }
    }

    /// Indexes the rows inserted since [`Tx::index_later`], and lets
    /// inserts index themselves again. A row inserted and then rolled back
    /// or deleted in the batch is simply not found.
    pub(super) fn index_now(&mut self) -> Result<()> {
        let Some(later) = self.later.take() else {
            return Ok(());
        };
        self.search_later.store(false, Ordering::Relaxed);
        for (table, column) in TOUCH {
            let Some(ids) = later.rows.get(table) else {
                continue;
            };
            self.tx
                .prepare(&format!(
                    "UPDATE {table} SET {column} = {column}
                     WHERE id IN (SELECT value FROM json_each(?1))"
                ))?
                .execute([serde_json::Value::from(ids.as_slice()).to_string()])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests may panic
    use super::TOUCH;
    use crate::store::migrate::{migrate_to, LATEST_VERSION};
    use rusqlite::Connection;

    fn trigger(conn: &Connection, name: &str) -> String {
        conn.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
            [name],
            |r| r.get(0),
        )
        .unwrap_or_else(|_| panic!("{name} is missing"))
    }

    /// `index_now` indexes a row by touching the column in `TOUCH`: each
    /// table's update trigger must watch it, and its insert trigger must
    /// wait while `search_later()` says so. A later migration that
    /// rebuilds one of these tables and its triggers is held to both.
    #[test]
    fn each_touched_column_fires_its_update_trigger_and_inserts_can_wait() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::store::search::register(&conn).unwrap();
        migrate_to(&mut conn, LATEST_VERSION).unwrap();
        for (table, column) in TOUCH {
            let update = trigger(&conn, &format!("{table}_search_update"));
            let watched = update
                .split_once(" OF ")
                .and_then(|(_, rest)| rest.split_once(" ON "))
                .map(|(cols, _)| cols.split(',').map(str::trim).collect::<Vec<_>>())
                .unwrap_or_default();
            assert!(watched.contains(&column), "{table}: {update}");
            let insert = trigger(&conn, &format!("{table}_search_insert"));
            assert!(
                insert.contains("WHEN NOT search_later()"),
                "{table}: {insert}"
            );
        }
    }
}
