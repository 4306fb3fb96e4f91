//! What the access log's check on unlock reads: the entries written since
//! the last check that found the log intact, the entries they link to, and
//! the mark that says how far that check got (domain/access_chain.rs,
//! `verify_new`; docs/ARCHITECTURE.md, "The access log").

use super::{migrate, Store, Tx};
use crate::domain::access_chain::ChainEntry;
use crate::Result;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};

pub(super) const CHAIN_COLUMNS: &str =
    "id, at, who, device, action, case_number, detail, prev, hash";

/// An entry as the chain check reads it, from [`CHAIN_COLUMNS`].
pub(super) fn chain_entry(r: &Row<'_>) -> rusqlite::Result<ChainEntry> {
    Ok(ChainEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        who: r.get(2)?,
        device: r.get(3)?,
        action: r.get(4)?,
        case_number: r.get(5)?,
        detail: r.get(6)?,
        prev: r.get(7)?,
        hash: r.get(8)?,
    })
}

/// How far the last check that found the log intact got: the newest row
/// it covered (its place and id: a place emptied and taken again by a
/// later entry is not the row checked), and the day the whole log was
/// last checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckMark {
    pub seq: i64,
    pub id: String,
    pub full: NaiveDate,
}

impl Store {
    /// The mark of the last intact check, if there was one.
    pub fn access_check_mark(&self) -> Result<Option<CheckMark>> {
        let seq = migrate::meta(&self.conn, "access_checked_seq")?.and_then(|v| v.parse().ok());
        let id = migrate::meta(&self.conn, "access_checked_id")?;
        let full = migrate::meta(&self.conn, "access_full_check")?.and_then(|v| v.parse().ok());
        Ok(match (seq, id, full) {
            (Some(seq), Some(id), Some(full)) => Some(CheckMark { seq, id, full }),
            _ => None,
        })
    }

    /// The newest row of the log: its place and id ((0, "") when empty).
    pub fn access_last(&self) -> Result<(i64, String)> {
        Ok(self
            .conn
            .prepare_cached("SELECT seq, id FROM case_access ORDER BY seq DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or((0, String::new())))
    }

    /// Whether row `seq` is still the entry `id` (an empty log: `seq` 0).
    pub fn access_row_is(&self, seq: i64, id: &str) -> Result<bool> {
        if seq == 0 {
            return Ok(id.is_empty());
        }
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM case_access WHERE seq = ?1 AND id = ?2")?
            .query_row(params![seq, id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The entries stored after row `seq`, whoever wrote them.
    pub fn access_chain_after(&self, seq: i64) -> Result<Vec<ChainEntry>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CHAIN_COLUMNS} FROM case_access WHERE seq > ?1"
        ))?;
        let rows = stmt.query_map([seq], chain_entry)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The entries at or before row `seq` that the entries in `new` link
    /// to: the one each follows, and any other of the device's chained
    /// entries following the same one. For a device with an unchained new
    /// entry, also its first chained entry (when its chain began).
    pub fn access_linked(&self, seq: i64, new: &[ChainEntry]) -> Result<Vec<ChainEntry>> {
        let mut out: Vec<ChainEntry> = Vec::new();
        let mut by_hash = self.conn.prepare_cached(&format!(
            "SELECT {CHAIN_COLUMNS} FROM case_access WHERE hash = ?1 AND hash != '' AND seq <= ?2"
        ))?;
        let mut siblings = self.conn.prepare_cached(&format!(
            "SELECT {CHAIN_COLUMNS} FROM case_access
             WHERE device = ?1 AND prev = ?2 AND hash != '' AND seq <= ?3"
        ))?;
        let mut began = self.conn.prepare_cached(&format!(
            "SELECT {CHAIN_COLUMNS} FROM case_access
             WHERE device = ?1 AND hash != '' AND seq <= ?2 ORDER BY at LIMIT 1"
        ))?;
        for e in new {
            if !e.prev.is_empty() {
                out.extend(
                    by_hash
                        .query_map(params![e.prev, seq], chain_entry)?
                        .collect::<rusqlite::Result<Vec<_>>>()?,
                );
            }
            if e.hash.is_empty() {
                out.extend(
                    began
                        .query_map(params![e.device, seq], chain_entry)?
                        .collect::<rusqlite::Result<Vec<_>>>()?,
                );
            } else {
                out.extend(
                    siblings
                        .query_map(params![e.device, e.prev, seq], chain_entry)?
                        .collect::<rusqlite::Result<Vec<_>>>()?,
                );
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out.dedup_by(|a, b| a.id == b.id);
        Ok(out)
    }
}

impl Tx<'_> {
    /// Notes a check that found the log intact up to row `seq` (entry
    /// `id`); `full`: the day it checked the whole log, if it did.
    pub fn mark_access_checked(
        &mut self,
        (seq, id): &(i64, String),
        full: Option<NaiveDate>,
    ) -> Result<()> {
        self.set_meta("access_checked_seq", &seq.to_string())?;
        self.set_meta("access_checked_id", id)?;
        if let Some(day) = full {
            self.set_meta("access_full_check", &day.to_string())?;
        }
        Ok(())
    }

    /// Forgets the mark: the next check on unlock checks the whole log.
    pub fn forget_access_check(&mut self) -> Result<()> {
        self.tx.execute(
            "DELETE FROM meta
             WHERE key IN ('access_checked_seq', 'access_checked_id', 'access_full_check')",
            [],
        )?;
        Ok(())
    }
}
