//! Retention in the store: which dated records are past their keeping, and
//! removing them. Visits, cafés, survey rounds and deletion records go
//! through the ordinary delete paths, so their tombstones reach the team
//! and the server drops their entries. The access log is trimmed from its
//! old end, keeping the chain checkable (`access_trim`, migration 0015).

use super::{Store, Tx};
use crate::sync::schema::{CASE_ACCESS, CASE_DELETION};
use crate::Result;
use chrono::NaiveDate;
use feltbog_api::{CafeId, RoundId, VisitId};
use rusqlite::{params, OptionalExtension};
use std::collections::HashSet;

/// A kind of dated record with its own retention rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dated {
    /// Visits, by their day (their follow-ups go with them).
    Visits,
    /// Parent cafés, by their day (their agreements go with them).
    Cafes,
    /// Survey rounds, by the last day of their window (their classes go
    /// with them).
    SurveyRounds,
    /// Notifications from the police's list never triaged, by their
    /// notification date (the open cases' stale rule).
    Pending,
    /// Activities, by their day.
    Activities,
}

impl Dated {
    pub const ALL: [Dated; 5] = [
        Dated::Visits,
        Dated::Cafes,
        Dated::SurveyRounds,
        Dated::Pending,
        Dated::Activities,
    ];

    fn table_and_day(self) -> (&'static str, &'static str) {
        match self {
            Dated::Visits => ("visits", "date"),
            Dated::Cafes => ("cafes", "date"),
            Dated::SurveyRounds => ("survey_rounds", "window_to"),
            Dated::Pending => ("pending_notifications", "notified"),
            Dated::Activities => ("activities", "date"),
        }
    }
}

impl Store {
    /// How many records of `kind` are dated on or before `day`.
    pub fn count_dated(&self, kind: Dated, day: NaiveDate) -> Result<u32> {
        let (table, column) = kind.table_and_day();
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM {table} WHERE {column} <= ?1"
            ))?
            .query_row([day], |r| r.get(0))?)
    }

    /// How many records of `kind` there are.
    pub fn count_all(&self, kind: Dated) -> Result<u32> {
        let (table, _) = kind.table_and_day();
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM {table}"))?
            .query_row([], |r| r.get(0))?)
    }

    /// Access-log entries written before `day` (UTC).
    pub fn count_access_before(&self, day: NaiveDate) -> Result<u32> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM case_access WHERE at < ?1")?
            .query_row([day.to_string()], |r| r.get(0))?)
    }

    /// Deletion records dated on or before `day`.
    pub fn count_deletions_until(&self, day: NaiveDate) -> Result<u32> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM case_deletions WHERE deleted_on <= ?1")?
            .query_row([day], |r| r.get(0))?)
    }

    /// Where the access log was trimmed: entries before this day are gone
    /// by the retention rule (`None`: never trimmed).
    pub fn access_trimmed_before(&self) -> Result<Option<String>> {
        let v: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = 'access_trim_before'")?
            .query_row([], |r| r.get(0))
            .optional()?;
        Ok(v.filter(|v| !v.is_empty()))
    }

    /// The hashes the chain may start from after a trim.
    pub fn access_trim_tips(&self) -> Result<HashSet<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT hash FROM access_trim")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    /// Deletes every record of `kind` dated on or before `day`, with its
    /// children, as a user's delete would. Returns how many.
    pub fn delete_dated(&mut self, kind: Dated, day: NaiveDate) -> Result<u32> {
        let (table, column) = kind.table_and_day();
        let ids: Vec<uuid::Uuid> = self
            .tx
            .prepare_cached(&format!("SELECT id FROM {table} WHERE {column} <= ?1"))?
            .query_map([day], |r| r.get::<_, String>(0))?
            .map(|id| Ok(super::row::parse_id(&id?)?))
            .collect::<Result<_>>()?;
        for id in &ids {
            match kind {
                Dated::Visits => self.delete_visit(VisitId(*id))?,
                Dated::Cafes => self.delete_cafe(CafeId(*id))?,
                Dated::SurveyRounds => self.delete_round(RoundId(*id))?,
                Dated::Pending => self.delete_pending(feltbog_api::PendingId(*id))?,
                Dated::Activities => self.delete_activity(feltbog_api::ActivityId(*id))?,
            }
        }
        Ok(ids.len() as u32)
    }

    /// Deletes the deletion records dated on or before `day`.
    pub fn trim_deletions(&mut self, day: NaiveDate) -> Result<u32> {
        let ids: Vec<String> = self
            .tx
            .prepare_cached("SELECT id FROM case_deletions WHERE deleted_on <= ?1")?
            .query_map([day], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in &ids {
            self.delete_record(&CASE_DELETION, id)?;
        }
        Ok(ids.len() as u32)
    }

    /// Deletes the access-log entries written before `day` (UTC), every
    /// device's. First the trim point moves there (the trigger lets only
    /// older entries go), and the newest trimmed entry of each chain is
    /// kept as a hash, so the entry after it still checks as a start and
    /// any other missing link is still a break. This device's own entries
    /// go as tombstones, so the server drops them; the others' are removed
    /// here only (their writers send theirs).
    pub fn trim_access_log(&mut self, day: NaiveDate) -> Result<u32> {
        let before = day.to_string();
        let current = self
            .tx
            .prepare_cached("SELECT value FROM meta WHERE key = 'access_trim_before'")?
            .query_row([], |r| r.get::<_, String>(0))
            .optional()?
            .unwrap_or_default();
        // Never moved back: a clock set back must not shorten what the
        // trigger already let go, nor widen anything.
        if before > current {
            self.set_meta("access_trim_before", &before)?;
        }
        let rows: Vec<(String, String, String, String)> = self
            .tx
            .prepare_cached("SELECT id, device, hash, prev FROM case_access WHERE at < ?1")?
            .query_map([&before], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let followed: HashSet<&str> = rows.iter().map(|(_, _, _, p)| p.as_str()).collect();
        for (_, device, hash, _) in &rows {
            if !hash.is_empty() && !followed.contains(hash.as_str()) {
                self.tx
                    .prepare_cached(
                        "INSERT INTO access_trim (hash, device, trimmed) VALUES (?1, ?2, ?3)
                         ON CONFLICT (hash) DO NOTHING",
                    )?
                    .execute(params![hash, device, before])?;
            }
        }
        // A tip that a trimmed entry followed is no longer a start.
        for prev in &followed {
            self.tx
                .prepare_cached("DELETE FROM access_trim WHERE hash = ?1")?
                .execute([prev])?;
        }
        for (id, device, _, _) in &rows {
            if device == self.device {
                self.delete_record(&CASE_ACCESS, id)?;
            } else {
                self.tx
                    .prepare_cached("DELETE FROM case_access WHERE id = ?1")?
                    .execute([id])?;
                self.forget_merge_state(id)?;
                self.remember_deleted(&CASE_ACCESS, id)?;
            }
        }
        Ok(rows.len() as u32)
    }

    /// Whether an access-log entry may be deleted now: written before the
    /// trim point. A tombstone from another device for a newer one waits:
    /// this device trims it itself when its rule reaches it.
    pub(super) fn access_entry_trimmable(&self, id: &str) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT 1 FROM case_access WHERE id = ?1
                 AND at < COALESCE((SELECT value FROM meta WHERE key = 'access_trim_before'), '')",
            )?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some())
    }
}
