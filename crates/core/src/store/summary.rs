//! SQL for the weekly summary: the facts of one week, read in one read
//! transaction so every table of the summary sees the same moment (a sync
//! writing beside it cannot make the survey and the visits disagree). Only
//! the rows the week needs are read, through the date indexes.

use super::row::word;
use super::Store;
use crate::domain::summary::{
    ActivityFact, AgreementFact, CafeFact, CaseFact, Facts, FollowUpFact, Parts, Place, RoundFact,
    Span, VisitFact,
};
use crate::Result;
use chrono::NaiveDate;
use feltbog_api::cases::Step;
use rusqlite::{params, Row};
use std::collections::HashMap;

fn place(school: Option<String>, area: String) -> Place {
    school.map_or(Place::Area(area), Place::School)
}

impl Store {
    /// The facts `parts` counts over the period `p` (those it does not
    /// count are left empty, unread).
    pub fn summary_facts(&self, p: &Span, parts: Parts) -> Result<Facts> {
        let tx = self.conn.unchecked_transaction()?;
        let lists = parts.reads_work_lists();
        let facts = Facts {
            visits: self.summary_visits(p)?,
            follow_ups: if lists {
                self.summary_follow_ups(p)?
            } else {
                Vec::new()
            },
            rounds: self.summary_rounds(p)?,
            cafes: self.summary_cafes(p)?,
            agreements: if lists {
                self.summary_agreements(p)?
            } else {
                Vec::new()
            },
            activities: self.summary_activities(p)?,
            cases: self.summary_cases()?,
            deletions: if lists {
                self.summary_deletions(p)?
            } else {
                Vec::new()
            },
            waiting: if lists {
                self.summary_waiting()?
            } else {
                Vec::new()
            },
        };
        tx.finish()?;
        Ok(facts)
    }

    fn summary_visits(&self, p: &Span) -> Result<Vec<VisitFact>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.name, v.date, v.status, v.purpose FROM visits v
             JOIN schools s ON s.id = v.school_id
             WHERE v.date BETWEEN ?1 AND ?2",
        )?;
        let rows = stmt.query_map(params![p.from, p.next_to], |r: &Row<'_>| {
            Ok(VisitFact {
                school: r.get(0)?,
                date: r.get(1)?,
                status: word(r, 2)?,
                purpose: word(r, 3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Follow-ups due by the end of next week: the open ones (due next
    /// week, or overdue) and those done with a due date in the week, counted
    /// per school, due date and state. Open ones due before the week are
    /// all alike to the summary (overdue), so they are counted together
    /// under the day before the week.
    fn summary_follow_ups(&self, p: &Span) -> Result<Vec<FollowUpFact>> {
        let before = p.from.pred_opt().unwrap_or(p.from);
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.name, max(f.due, ?3) AS day, f.done, count(*) FROM follow_ups f
             JOIN visits v ON v.id = f.visit_id JOIN schools s ON s.id = v.school_id
             WHERE (f.done = 0 AND f.due <= ?2) OR (f.done = 1 AND f.due BETWEEN ?1 AND ?2)
             GROUP BY s.name, day, f.done",
        )?;
        let rows = stmt.query_map(params![p.from, p.next_to, before], |r| {
            Ok(FollowUpFact {
                school: r.get(0)?,
                due: r.get(1)?,
                done: r.get(2)?,
                count: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn summary_rounds(&self, p: &Span) -> Result<Vec<RoundFact>> {
        self.rounds()?
            .into_iter()
            .filter(|r| r.window_from <= p.to && r.window_to >= p.from)
            .map(|round| {
                let classes = self.classes(round.id, None)?;
                Ok(RoundFact { round, classes })
            })
            .collect()
    }

    /// Held cafés from the start of the period or of its school year,
    /// whichever is earlier (a calendar year starts before its school
    /// year's 1 August), up to the period's end.
    fn summary_cafes(&self, p: &Span) -> Result<Vec<CafeFact>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.name, c.area, c.date, c.status, c.parents, c.invited, c.theme
             FROM cafes c LEFT JOIN schools s ON s.id = c.school_id
             WHERE c.date BETWEEN ?1 AND ?2 AND c.status = 'held'",
        )?;
        let from = p.from.min(p.school_year_start);
        let rows = stmt.query_map(params![from, p.to], |r| {
            Ok(CafeFact {
                place: place(r.get(0)?, r.get(1)?),
                date: r.get(2)?,
                status: word(r, 3)?,
                parents: r.get(4)?,
                invited: r.get(5)?,
                theme: word(r, 6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Activities in the period.
    fn summary_activities(&self, p: &Span) -> Result<Vec<ActivityFact>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.name, a.area, a.date, a.young, a.adults
             FROM activities a LEFT JOIN schools s ON s.id = a.school_id
             WHERE a.date BETWEEN ?1 AND ?2",
        )?;
        let rows = stmt.query_map(params![p.from, p.to], |r| {
            Ok(ActivityFact {
                place: place(r.get(0)?, r.get(1)?),
                date: r.get(2)?,
                young: r.get(3)?,
                adults: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Open agreements due for a revisit by the end of the week.
    fn summary_agreements(&self, p: &Span) -> Result<Vec<AgreementFact>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.name, c.area, a.revisit, a.done FROM cafe_agreements a
             JOIN cafes c ON c.id = a.cafe_id LEFT JOIN schools s ON s.id = c.school_id
             WHERE a.done = 0 AND a.revisit <= ?1",
        )?;
        let rows = stmt.query_map(params![p.to], |r| {
            Ok(AgreementFact {
                place: place(r.get(0)?, r.get(1)?),
                revisit: r.get(2)?,
                done: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every case's dates and steps (the newest version of each step): the
    /// waiting and median figures need cases of any age.
    fn summary_cases(&self) -> Result<Vec<CaseFact>> {
        let mut steps: HashMap<String, Vec<(Step, NaiveDate)>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT case_id, step, date FROM case_steps WHERE replaced_by IS NULL
             ORDER BY case_id, ord",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            steps
                .entry(r.get(0)?)
                .or_default()
                .push((word(r, 1)?, r.get(2)?));
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, notified, repeat FROM cases")?;
        let rows = stmt.query_map([], |r| {
            let id: String = r.get(0)?;
            Ok(CaseFact {
                notified: r.get(1)?,
                repeat: r.get(2)?,
                steps: steps.remove(&id).unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn summary_waiting(&self) -> Result<Vec<NaiveDate>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT notified FROM pending_notifications")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn summary_deletions(&self, p: &Span) -> Result<Vec<NaiveDate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT deleted_on FROM case_deletions WHERE deleted_on BETWEEN ?1 AND ?2",
        )?;
        let rows = stmt.query_map(params![p.from, p.to], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
