//! A large batch from other devices indexes its new rows for search once,
//! at its end, instead of row by row.
//!
//! Why: migration 18's insert triggers write each new row into the FTS5
//! index in the statement that inserts it. Such a statement opens a
//! statement savepoint (it writes to a virtual table, which may fail
//! half-way), and FTS5 writes its pending terms to disk at every savepoint:
//! one new index segment per row, merged again and again. That was a third
//! of a first sync's apply. Touching the rows' indexed column afterwards
//! fires their update triggers in one statement per table, so each table's
//! rows reach the index as one segment.
//!
//! How: the insert triggers are dropped for the rest of the transaction
//! and created again from their own stored SQL, so migration 18 (and 23,
//! 24) stay the only place that says what is indexed. Everything happens
//! in the apply's transaction: if anything fails, the rollback brings the
//! triggers back with the rows.

use super::Tx;
use crate::Result;
use rusqlite::OptionalExtension;
use std::collections::BTreeMap;

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

/// Batches with at least this many entries index later; a routine sync's
/// few entries keep the triggers (dropping and creating them costs more).
pub(super) const FROM_ENTRIES: usize = 64;

/// The insert triggers taken out, and the rows inserted since, by table.
#[derive(Default)]
pub(super) struct Later {
    triggers: Vec<String>,
    rows: BTreeMap<&'static str, Vec<String>>,
}

impl Tx<'_> {
    /// From now until [`Tx::index_now`], rows inserted through
    /// [`Tx::inserted`] are indexed at the end.
    pub(super) fn index_later(&mut self) -> Result<()> {
        let mut later = Later::default();
        for (table, _) in TOUCH {
            let name = format!("{table}_search_insert");
            let sql: Option<String> = self
                .tx
                .query_row(
                    "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
                    [&name],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(sql) = sql {
                self.tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
                later.triggers.push(sql);
            }
        }
        self.later = Some(later);
        Ok(())
    }

    /// Notes a row inserted into `table` while indexing waits.
    pub(super) fn inserted(&mut self, table: &'static str, id: &str) {
        if let Some(later) = &mut self.later {
            later.rows.entry(table).or_default().push(id.to_string());
        }
    }

    /// Indexes the rows inserted since [`Tx::index_later`] and puts the
    /// insert triggers back. A row inserted and then rolled back or
    /// deleted in the batch is simply not found.
    pub(super) fn index_now(&mut self) -> Result<()> {
        let Some(later) = self.later.take() else {
            return Ok(());
        };
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
        for sql in &later.triggers {
            self.tx.execute_batch(sql)?;
        }
        Ok(())
    }
}
