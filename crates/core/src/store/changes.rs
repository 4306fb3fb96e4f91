//! Reading the change log: the local history, and the outbox sync sends
//! (written by `outbox.rs`).

use super::Store;
use crate::Result;
use rusqlite::OptionalExtension;

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
    /// The payload format: 0 for history from before sync (never sent).
    pub v: i64,
    /// Its place in this device's log, once pushed.
    pub send_seq: Option<i64>,
}

/// The newest stamp in the change log: stamps rise with `seq`, so the last
/// entry holds it.
/// The newest clock stamp this file knows: the last one written here, or
/// the newest one received (kept in `meta`, since received stamps are not in
/// this device's change log).
pub(super) fn newest_stamp(conn: &rusqlite::Connection) -> Result<i64> {
    let stamp: Option<i64> = conn
        .query_row(
            "SELECT max(
                 coalesce((SELECT hlc FROM change_log ORDER BY seq DESC LIMIT 1), 0),
                 coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'clock'), 0))",
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
            "SELECT seq, entity, record_id, op, hlc, device, payload, v, send_seq
             FROM change_log ORDER BY seq",
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
                v: r.get(7)?,
                send_seq: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
