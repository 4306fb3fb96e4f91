//! SQL for the case access log and the deletion record. Both hold case
//! numbers, words and dates only; the access log cannot be changed (the
//! triggers in migration 0014 refuse it) and each device chains its
//! entries (domain/access_chain.rs).

use super::access_check::{chain_entry, CHAIN_COLUMNS};
use super::row::{now_utc, word};
use super::{Store, Tx};
use crate::domain::access_chain::{entry_hash, ChainEntry};
use crate::sync::schema::{CASE_ACCESS, CASE_DELETION};
use crate::Result;
use chrono::NaiveDate;
use feltbog_api::cases::{Access, AccessEntry, AccessFilter, DeletionRecord};
use rusqlite::{params, OptionalExtension};

/// One access, as the session reports it.
pub struct AccessNote<'a> {
    pub who: &'a str,
    pub action: Access,
    pub case_number: &'a str,
    /// A step word or a date; never free text.
    pub detail: &'a str,
}

/// The deletion record's id: the case number's bytes, padded to 16, as a
/// UUID (migration 0012 computes the same in SQL), so every device that
/// deletes a case writes the same record.
pub fn deletion_id(case_number: &str) -> String {
    let mut bytes = [0u8; 16];
    for (b, c) in bytes.iter_mut().zip(case_number.bytes()) {
        *b = c;
    }
    uuid::Uuid::from_bytes(bytes).to_string()
}

impl Store {
    /// The latest date a purge has run on (the guard against a clock that
    /// jumps ahead).
    pub fn last_seen_day(&self) -> Result<Option<NaiveDate>> {
        Ok(super::migrate::meta(&self.conn, "last_seen_day")?.and_then(|d| d.parse().ok()))
    }

    /// Logs a read (a view or an export) in a transaction of its own; the
    /// entry goes to the team's devices with case access.
    pub fn log_access(&mut self, a: &AccessNote<'_>) -> Result<()> {
        self.with_tx(|t| t.log_access(a))
    }

    /// Access-log entries matching the filter, newest first. The period is
    /// by the UTC day of the entry.
    pub fn access_log(&self, f: &AccessFilter) -> Result<Vec<AccessEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, who, device, action, case_number, detail FROM case_access
             WHERE (?1 IS NULL OR case_number = ?1)
               AND (?2 IS NULL OR substr(at, 1, 10) >= ?2)
               AND (?3 IS NULL OR substr(at, 1, 10) <= ?3)
             ORDER BY at DESC, seq DESC",
        )?;
        let rows = stmt.query_map(params![f.case_number, f.from, f.to], |r| {
            Ok(AccessEntry {
                at: r.get(0)?,
                who: r.get(1)?,
                device: r.get(2)?,
                action: word(r, 3)?,
                case_number: r.get(4)?,
                detail: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every entry of the access log with its link, for the chain check.
    pub fn access_chain(&self) -> Result<Vec<ChainEntry>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {CHAIN_COLUMNS} FROM case_access"))?;
        let rows = stmt.query_map([], chain_entry)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every deleted case, newest first.
    pub fn deletions(&self) -> Result<Vec<DeletionRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT case_number, deleted_on FROM case_deletions
             ORDER BY deleted_on DESC, case_number",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(DeletionRecord {
                case_number: r.get(0)?,
                date: r.get(1)?,
                stale: false,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// After deletions: empties the WAL into the file (with `secure_delete`
    /// the deleted cells and freed pages are already zeros), and rebuilds
    /// the file with VACUUM where it is needed, that is when more than a
    /// quarter of it is free pages. VACUUM rewrites the whole file (seconds
    /// on a large profile), so it is not paid for a handful of cases.
    /// Temporary data stays in memory (`temp_store = MEMORY`): VACUUM writes
    /// no plaintext file.
    pub fn settle_after_deletion(&self) -> Result<bool> {
        self.checkpoint()?;
        let pages: i64 = self.conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        let free: i64 = self
            .conn
            .query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
        let sparse = free * 4 > pages;
        if sparse {
            self.conn.execute_batch("VACUUM")?;
            self.checkpoint()?;
        }
        Ok(sparse)
    }
}

impl Tx<'_> {
    /// Logs a write in the writing transaction: both or neither.
    /// The entry is chained to this device's latest one (read in this
    /// transaction, so two writers cannot link to the same entry).
    pub fn log_access(&mut self, a: &AccessNote<'_>) -> Result<()> {
        let prev: Option<String> = self
            .tx
            .prepare_cached(
                "SELECT hash FROM case_access WHERE device = ?1 AND hash != ''
                 ORDER BY seq DESC LIMIT 1",
            )?
            .query_row([self.device], |r| r.get(0))
            .optional()?;
        // Every entry of this device trimmed by the retention rule: the
        // chain goes on from the newest trimmed one.
        let prev = match prev {
            Some(p) => p,
            None => self
                .tx
                .prepare_cached(
                    "SELECT hash FROM access_trim WHERE device = ?1
                     ORDER BY trimmed DESC LIMIT 1",
                )?
                .query_row([self.device], |r| r.get(0))
                .optional()?
                .unwrap_or_default(),
        };
        let mut e = ChainEntry {
            id: uuid::Uuid::now_v7().to_string(),
            at: now_utc(),
            who: a.who.to_owned(),
            device: self.device.to_owned(),
            action: a.action.as_str().to_owned(),
            case_number: a.case_number.to_owned(),
            detail: a.detail.to_owned(),
            prev,
            hash: String::new(),
        };
        e.hash = entry_hash(&e);
        self.tx
            .prepare_cached(
                "INSERT INTO case_access
                     (id, at, who, device, action, case_number, detail, prev, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                e.id,
                e.at,
                e.who,
                e.device,
                e.action,
                e.case_number,
                e.detail,
                e.prev,
                e.hash
            ])?;
        self.record(&CASE_ACCESS, &e.id)
    }

    pub fn see_day(&mut self, day: NaiveDate) -> Result<()> {
        self.set_meta("last_seen_day", &day.to_string())
    }

    /// Records that a case was deleted: its number and the day.
    pub fn record_deletion(&mut self, case_number: &str, on: NaiveDate) -> Result<()> {
        let id = deletion_id(case_number);
        self.tx
            .prepare_cached(
                "INSERT INTO case_deletions (id, case_number, deleted_on) VALUES (?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET deleted_on = excluded.deleted_on",
            )?
            .execute(params![id, case_number, on])?;
        self.record(&CASE_DELETION, &id)
    }
}
