//! SQL for Overblik: the open items of every record kind up to the desk's
//! last day, read in one read transaction so a sync writing beside it
//! cannot make two parts of the desk disagree.

use super::row::{parse_id, word};
use super::Store;
use crate::domain::desk::{DeskFacts, OpenCase, PlannedVisit};
use crate::Result;
use chrono::NaiveDate;
use feltbog_api::desk::DeskAttention;
use feltbog_api::survey::Window;
use feltbog_api::{CaseId, VisitId};

impl Store {
    /// What the desk of `today` is computed from, up to `until`. The
    /// purge hold and the access log's state are the session's to add.
    pub fn desk_facts(&self, today: NaiveDate, until: NaiveDate) -> Result<DeskFacts> {
        let tx = self.conn.unchecked_transaction()?;
        let rounds = self
            .rounds()?
            .into_iter()
            .filter(|r| matches!(Window::on(r, today), Window::Open { .. }))
            .map(|r| {
                let classes = self.classes(r.id, None)?;
                Ok((r, classes))
            })
            .collect::<Result<Vec<_>>>()?;
        let facts = DeskFacts {
            visits: self.planned_visits(until)?,
            follow_ups: self.due_follow_ups(Some(until))?,
            agreements: self.due_agreements(Some(until))?,
            activity_follow_ups: self.due_activity_follow_ups(Some(until))?,
            cases: self.open_cases()?,
            rounds,
            attention: DeskAttention {
                conflicts: self.conflicts()?.len() as u32,
                lost_edits: self.lost_edits()?.len() as u32,
                sync_alarms: self.alarms()?.len() as u32,
                purge_hold: None,
                access_log_broken: false,
                notifications_waiting: self.pending_count()?,
            },
        };
        tx.finish()?;
        Ok(facts)
    }

    /// Visits still planned on or before `until`, past ones included.
    fn planned_visits(&self, until: NaiveDate) -> Result<Vec<PlannedVisit>> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT v.id, v.date, s.name, v.purpose, v.purpose_other, ",
            owner_of!(visit),
            " FROM visits v JOIN schools s ON s.id = v.school_id
             WHERE v.status = 'planned' AND v.date <= ?1"
        ))?;
        let rows = stmt.query_map([until], |r| {
            Ok(PlannedVisit {
                id: VisitId(parse_id(r.get_ref(0)?.as_str()?)?),
                date: r.get(1)?,
                school_name: r.get(2)?,
                purpose: word(r, 3)?,
                purpose_other: r.get(4)?,
                owner: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Cases whose step can still wait on something: not closed, declined
    /// or through their follow-up.
    fn open_cases(&self) -> Result<Vec<OpenCase>> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT c.id, c.number, c.step, c.step_date, c.notified, c.held_on, ",
            owner_of!(case),
            " FROM cases c WHERE c.step NOT IN ('closed', 'declined', 'follow-up-held')"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok(OpenCase {
                id: CaseId(parse_id(r.get_ref(0)?.as_str()?)?),
                number: r.get(1)?,
                step: word(r, 2)?,
                step_date: r.get(3)?,
                notified: r.get(4)?,
                held_on: r.get(5)?,
                owner: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
