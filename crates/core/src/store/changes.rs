//! The change log: one entry per record write, in the writing transaction.

use super::{Store, Tx};
use crate::Result;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

/// What happened to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeOp {
    Upsert,
    Delete,
}

/// One change-log entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRow {
    pub seq: i64,
    pub entity: String,
    pub record_id: String,
    pub op: ChangeOp,
    pub hlc: i64,
    pub device: String,
    pub payload: Option<String>,
}

impl Tx<'_> {
    /// Logs the new state of a record. Returns its clock stamp, which the
    /// caller stores on the row.
    pub(super) fn log_upsert<T: Serialize>(
        &mut self,
        entity: &str,
        id: &str,
        row: &T,
    ) -> Result<i64> {
        let stamp = self.stamp();
        let payload = serde_json::to_string(row).map_err(std::io::Error::other)?;
        self.tx
            .prepare_cached(
                "INSERT INTO change_log (entity, record_id, op, hlc, device, payload)
                 VALUES (?1, ?2, 'upsert', ?3, ?4, ?5)",
            )?
            .execute(params![entity, id, stamp, self.device, payload])?;
        Ok(stamp)
    }

    /// Logs a deletion. The record's earlier entries, which hold its
    /// contents, are removed: the log keeps *that* it was deleted, not what
    /// it held.
    ///
    /// The tombstone is written first so the newest entry is never the one
    /// removed: `seq` keeps growing (see migration 0001).
    pub(super) fn log_delete(&mut self, entity: &str, id: &str) -> Result<()> {
        let stamp = self.stamp();
        self.tx
            .prepare_cached(
                "INSERT INTO change_log (entity, record_id, op, hlc, device, payload)
                 VALUES (?1, ?2, 'delete', ?3, ?4, NULL)",
            )?
            .execute(params![entity, id, stamp, self.device])?;
        let tombstone = self.tx.last_insert_rowid();
        self.tx
            .prepare_cached("DELETE FROM change_log WHERE record_id = ?1 AND seq < ?2")?
            .execute(params![id, tombstone])?;
        Ok(())
    }
}

/// The newest stamp in the change log: stamps rise with `seq`, so the last
/// entry holds it.
pub(super) fn last_stamp(conn: &rusqlite::Connection) -> Result<i64> {
    let stamp: Option<i64> = conn
        .query_row(
            "SELECT hlc FROM change_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(stamp.unwrap_or(0))
}

impl Store {
    /// The change log in order, oldest first.
    pub fn changes(&self) -> Result<Vec<ChangeRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, entity, record_id, op, hlc, device, payload FROM change_log ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ChangeRow {
                seq: r.get(0)?,
                entity: r.get(1)?,
                record_id: r.get(2)?,
                op: if r.get::<_, String>(3)? == "delete" {
                    ChangeOp::Delete
                } else {
                    ChangeOp::Upsert
                },
                hlc: r.get(4)?,
                device: r.get(5)?,
                payload: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
