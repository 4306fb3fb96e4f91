//! The retention rules for everything but closed cases: visits, cafés and
//! survey rounds are deleted their rule's years after their date, the
//! access log and the deletion record likewise. Run by the purge (on unlock
//! and daily while open), under the same hold as the cases; shown before
//! they act ([`Session::retention_plan`]).

use super::cases::DELETION_NOTICE_DAYS;
use super::Session;
use crate::domain::compliance::purge_detail;
use crate::domain::retention::due_through;
use crate::store::Dated;
use crate::Result;
use chrono::{Days, NaiveDate};
use feltbog_api::cases::Access;
use feltbog_api::profile::{RetentionCounts, RetentionPlan, RetentionSettings};

/// The years a record of `kind` is kept; `stale` is the open cases' rule,
/// which a notification never triaged follows.
fn years(r: &RetentionSettings, stale: u32, kind: Dated) -> u32 {
    match kind {
        Dated::Visits => r.visits_after_years,
        Dated::Cafes => r.cafes_after_years,
        Dated::SurveyRounds => r.survey_after_years,
        Dated::Pending => stale,
        Dated::Activities => r.activities_after_years,
    }
}

fn set(c: &mut RetentionCounts, kind: Dated, n: u32) {
    match kind {
        Dated::Visits => c.visits = n,
        Dated::Cafes => c.cafes = n,
        Dated::SurveyRounds => c.survey_rounds = n,
        Dated::Pending => c.pending = n,
        Dated::Activities => c.activities = n,
    }
}

/// The first day the access log keeps on `today`: entries written before
/// it are due.
fn access_kept_from(today: NaiveDate, years: u32) -> NaiveDate {
    due_through(today, years) + Days::new(1)
}

impl Session {
    fn retention_rules(&self) -> Result<RetentionSettings> {
        Ok(self.settings()?.retention)
    }

    fn stale_years(&self) -> Result<u32> {
        Ok(self.case_settings()?.stale_after_years)
    }

    /// What the rules delete on `day`.
    fn retention_due_on(&self, day: NaiveDate) -> Result<RetentionCounts> {
        let r = self.retention_rules()?;
        let stale = self.stale_years()?;
        let mut c = RetentionCounts::default();
        for kind in Dated::ALL {
            let n = self
                .store
                .count_dated(kind, due_through(day, years(&r, stale, kind)))?;
            set(&mut c, kind, n);
        }
        c.access_entries = self
            .store
            .count_access_before(access_kept_from(day, r.access_log_after_years))?;
        c.deletions = self
            .store
            .count_deletions_until(due_through(day, r.deletions_after_years))?;
        Ok(c)
    }

    /// What the retention rules delete at the next purge, and within the
    /// notice period (the 30 days the list of case deletions looks ahead).
    pub fn retention_plan(&self) -> Result<RetentionPlan> {
        let today = self.today();
        Ok(RetentionPlan {
            now: self.retention_due_on(today)?,
            soon: self.retention_due_on(today + Days::new(DELETION_NOTICE_DAYS))?,
            notice_days: DELETION_NOTICE_DAYS as u32,
        })
    }

    /// What the retention rules delete today, and how many records of
    /// those kinds there are (for the purge's hold).
    pub(super) fn retention_due_today(&self) -> Result<(RetentionCounts, usize)> {
        let due = self.retention_due_on(self.today())?;
        let records = Dated::ALL
            .into_iter()
            .map(|k| self.store.count_all(k))
            .sum::<Result<u32>>()?;
        Ok((due, records as usize))
    }

    /// Deletes what the retention rules say is due today, in one
    /// transaction with one access-log entry of the counts; then, as after
    /// any deletion, no freed byte keeps the content.
    pub(super) fn apply_retention(&mut self) -> Result<RetentionCounts> {
        let r = self.retention_rules()?;
        let stale = self.stale_years()?;
        let today = self.today();
        let who = self.store.settings()?.consultant_name;
        let done = self.store.with_tx(|tx| {
            let mut c = RetentionCounts::default();
            for kind in Dated::ALL {
                let n = tx.delete_dated(kind, due_through(today, years(&r, stale, kind)))?;
                set(&mut c, kind, n);
            }
            c.deletions = tx.trim_deletions(due_through(today, r.deletions_after_years))?;
            c.access_entries =
                tx.trim_access_log(access_kept_from(today, r.access_log_after_years))?;
            if !c.is_empty() {
                tx.log_access(&crate::store::AccessNote {
                    who: &who,
                    action: Access::Retention,
                    case_number: "",
                    detail: &purge_detail(&c),
                })?;
            }
            Ok(c)
        })?;
        if !done.is_empty() {
            self.store.settle_after_deletion()?;
        }
        Ok(done)
    }
}
