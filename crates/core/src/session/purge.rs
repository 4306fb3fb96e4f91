//! Deleting cases on their day (the purge), and holding it for a person
//! when the computer's date looks wrong or the number is unusual
//! (`domain::retention`).

use super::Session;
use crate::domain::retention::{hold, Due, CLOCK_JUMP_DAYS};
use crate::Result;
use feltbog_api::cases::{DeletionRecord, PurgeHold};
use feltbog_api::CaseId;

/// A draft (a form's unsaved state) is kept this many days after it was
/// last saved: long enough for a form left over a holiday, short enough
/// that half-typed notes about a young person do not stay for good.
pub const DRAFT_DAYS: u64 = 30;

impl Session {
    /// Deletes the drafts not saved for [`DRAFT_DAYS`] days, as part of the
    /// purge on unlock. Not while the date looks like it jumped (the same
    /// guard as for cases): a wrong clock must not throw away typed work.
    pub fn expire_drafts(&mut self) -> Result<usize> {
        let today = self.today();
        if let Some(last) = self.store.last_seen_day()? {
            if (today - last).num_days() > CLOCK_JUMP_DAYS {
                return Ok(0);
            }
        }
        let before = today - chrono::Days::new(DRAFT_DAYS);
        let expired = self.store.expire_drafts(before)?;
        if expired > 0 {
            self.store.checkpoint()?;
        }
        Ok(expired)
    }

    /// The cases whose deletion day has come.
    fn due_for_deletion(&self) -> Result<Vec<(CaseId, DeletionRecord)>> {
        let today = self.today();
        Ok(self
            .deletion_dates()?
            .into_iter()
            .filter(|(_, d)| d.date <= today)
            .collect())
    }

    fn hold_for(&self, cases_due: usize) -> Result<Option<PurgeHold>> {
        let (r, all_records) = self.retention_due_today()?;
        let due = Due {
            cases: cases_due,
            all_cases: self.store.case_count()?,
            // The records a person made (not the police's rows never
            // triaged, which follow the stale cases' rule).
            records: (r.visits + r.cafes + r.survey_rounds + r.activities) as usize,
            all_records,
            log_entries: (r.access_entries + r.deletions) as usize,
        };
        Ok(hold(self.store.last_seen_day()?, self.today(), &due))
    }

    /// Whether the deletions due wait for a person to confirm them: the
    /// cases', or those of the other records' retention rules.
    pub fn purge_hold(&self) -> Result<Option<PurgeHold>> {
        let due = self.due_for_deletion()?.len();
        self.hold_for(due)
    }

    /// Deletes every case whose day has come, and what the other records'
    /// retention rules say is due, unless the deletion must wait for a
    /// person ([`Session::purge_hold`]: then nothing is deleted and
    /// nothing is returned); with `dry_run`, only says which cases are due
    /// ([`Session::retention_plan`] says the rest). Runs on unlock and
    /// daily while open. Returns the cases deleted.
    pub fn purge(&mut self, dry_run: bool) -> Result<Vec<DeletionRecord>> {
        let due = self.due_for_deletion()?;
        if dry_run {
            return Ok(due.into_iter().map(|(_, d)| d).collect());
        }
        self.expire_drafts()?;
        if self.hold_for(due.len())?.is_some() {
            return Ok(Vec::new());
        }
        self.delete_due(due)
    }

    /// The purge after a person confirmed a hold: deletes what is due.
    pub fn purge_confirmed(&mut self) -> Result<Vec<DeletionRecord>> {
        let due = self.due_for_deletion()?;
        self.delete_due(due)
    }

    fn delete_due(&mut self, due: Vec<(CaseId, DeletionRecord)>) -> Result<Vec<DeletionRecord>> {
        // The log tells a case deleted on its day after closing from one
        // deleted for having stood open with no new step.
        let (stale, closed): (Vec<_>, Vec<_>) = due.iter().partition(|(_, d)| d.stale);
        let ids =
            |v: Vec<&(CaseId, DeletionRecord)>| v.iter().map(|(id, _)| *id).collect::<Vec<_>>();
        let mut done = self.delete_cases(&ids(closed), "on-time")?;
        done.extend(self.delete_cases(&ids(stale), "stale")?);
        self.apply_retention()?;
        // Only a purge that ran moves the latest date seen: a held one
        // stays held until a person confirms.
        let today = self.today();
        if self.store.last_seen_day()?.is_none_or(|d| d < today) {
            self.store.with_tx(|tx| tx.see_day(today))?;
        }
        Ok(done)
    }
}
