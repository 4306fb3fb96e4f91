//! SQL for first-offence cases and their steps. The access log and the
//! deletion record are in `case_log.rs`.

use super::row::{json, now_utc, parse_id, word};
use super::{Store, Tx};
use crate::domain::Valid;
use crate::sync::schema::{CASE, CASE_STEP};
use crate::{Error, Result};
use chrono::NaiveDate;
use feltbog_api::cases::{
    CaseLink, CaseSummary, CaseView, NewCase, Postponement, RepeatDecision, RepeatDecisionView,
    Revision, Step, StepInput, StepView,
};
use feltbog_api::papers::StepVersion;
use feltbog_api::{CaseId, CaseStepId, SchoolId};
use rusqlite::{params, OptionalExtension, Row};

const SELECT_CASE: &str = concat!(
    "SELECT c.id, c.number, coalesce(s.name, ''), c.law, c.offence,
        c.notified, c.step, c.step_date, c.repeat, c.decision IS NULL, c.held_on, c.closed_on,
        c.postponed_until, c.journal, c.initials, c.birth_year, c.school_id, c.cpr, c.law_other,
        c.offence_other, c.offence_date, c.linked_to, c.decision, c.decision_other,
        c.decision_date, c.postponed_reason, c.author, l.number, l.notified, l.step, ",
    owner_of!(case),
    " FROM cases c LEFT JOIN schools s ON s.id = c.school_id
     LEFT JOIN cases l ON l.id = c.linked_to"
);

/// The dates the session's rules need beside a stored case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseDates {
    pub held_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
}

/// A case as stored: deadlines and the deletion date are left for the
/// session to work out from the settings.
pub struct StoredCase {
    pub view: CaseView,
    pub dates: CaseDates,
    /// The CPR number in full (only ever masked on the way out).
    pub cpr: String,
}

/// Who matches whom: what the earlier-case search compares.
pub struct CaseKey {
    pub link: CaseLink,
    pub initials: String,
    pub birth_year: i32,
    pub school: Option<SchoolId>,
}

fn case_from_row(r: &Row<'_>) -> rusqlite::Result<StoredCase> {
    let repeat: bool = r.get(8)?;
    let undecided: bool = r.get(9)?;
    let school: Option<String> = r.get(16)?;
    let decision: Option<String> = r.get(22)?;
    let decision_date: Option<NaiveDate> = r.get(24)?;
    let postponed_until: Option<NaiveDate> = r.get(12)?;
    let linked: Option<String> = r.get(21)?;
    let linked_number: Option<String> = r.get(27)?;
    let summary = CaseSummary {
        id: CaseId(parse_id(r.get_ref(0)?.as_str()?)?),
        number: r.get(1)?,
        school_name: r.get(2)?,
        law: word(r, 3)?,
        offence: word(r, 4)?,
        notified: r.get(5)?,
        step: word(r, 6)?,
        step_date: r.get(7)?,
        deadline: None,
        days_to_conversation: None,
        repeat,
        repeat_undecided: repeat && undecided,
        delete_on: None,
        stale: false,
        owner: r.get(30)?,
    };
    let linked = match (linked, linked_number) {
        (Some(id), Some(number)) => Some(CaseLink {
            id: CaseId(parse_id(&id)?),
            number,
            notified: r.get(28)?,
            step: word(r, 29)?,
        }),
        _ => None,
    };
    let repeat_decision = match (decision, decision_date) {
        (Some(d), Some(date)) => Some(RepeatDecisionView {
            decision: d
                .parse::<RepeatDecision>()
                .map_err(|e| super::row::bad_column(22, e))?,
            other: r.get(23)?,
            date,
        }),
        _ => None,
    };
    let postponed_reason: String = r.get(25)?;
    Ok(StoredCase {
        dates: CaseDates {
            held_on: r.get(10)?,
            closed_on: r.get(11)?,
        },
        cpr: r.get(17)?,
        view: CaseView {
            summary,
            journal: r.get(13)?,
            initials: r.get(14)?,
            birth_year: r.get(15)?,
            school: school.map(|s| parse_id(&s).map(SchoolId)).transpose()?,
            cpr_registered: false,
            law_other: r.get(18)?,
            offence_other: r.get(19)?,
            offence_date: r.get(20)?,
            linked,
            repeat_decision,
            steps: Vec::new(),
            postponed: postponed_until.map(|until| Postponement {
                until,
                reason: postponed_reason,
            }),
            author: r.get(26)?,
        },
    })
}

fn step_from_row(r: &Row<'_>) -> rusqlite::Result<StepView> {
    Ok(StepView {
        id: CaseStepId(parse_id(r.get_ref(0)?.as_str()?)?),
        step: word(r, 1)?,
        date: r.get(2)?,
        details: json(r, 3)?,
        recorded_at: r.get(4)?,
        author: r.get(5)?,
        correction_reason: r.get(6)?,
        revisions: Vec::new(),
    })
}

impl Store {
    /// The number of the case with id `id`.
    pub fn case_number_of(&self, id: &str) -> Result<String> {
        self.conn
            .prepare_cached("SELECT number FROM cases WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or(Error::NotFound("case"))
    }

    /// Every case (no steps), for lists and the purge.
    pub fn all_cases(&self) -> Result<Vec<StoredCase>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{SELECT_CASE} ORDER BY c.notified DESC, c.id"))?;
        let rows = stmt.query_map([], case_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many cases this device holds.
    pub fn case_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// One case with its steps, each in its newest version.
    pub fn case(&self, id: CaseId) -> Result<StoredCase> {
        let mut c = self
            .conn
            .prepare_cached(&format!("{SELECT_CASE} WHERE c.id = ?1"))?
            .query_row([id.to_string()], case_from_row)
            .optional()?
            .ok_or(Error::NotFound("case"))?;
        c.view.steps = self.case_steps(id)?;
        Ok(c)
    }

    /// A case's id from its number.
    pub fn case_id(&self, number: &str) -> Result<CaseId> {
        let id: String = self
            .conn
            .prepare_cached("SELECT id FROM cases WHERE number = ?1")?
            .query_row([number], |r| r.get(0))
            .optional()?
            .ok_or(Error::NotFound("case"))?;
        Ok(CaseId(parse_id(&id)?))
    }

    pub fn case_number_taken(&self, number: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM cases WHERE number = ?1")?
            .exists([number])?)
    }

    /// The case a current step version belongs to.
    pub fn step_case(&self, step: CaseStepId) -> Result<CaseId> {
        let case: String = self
            .conn
            .prepare_cached("SELECT case_id FROM case_steps WHERE id = ?1 AND replaced_by IS NULL")?
            .query_row([step.to_string()], |r| r.get(0))
            .optional()?
            .ok_or(Error::NotFound("case step"))?;
        Ok(CaseId(parse_id(&case)?))
    }

    /// The young person of every case, for the earlier-case search.
    pub fn case_keys(&self) -> Result<Vec<CaseKey>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, number, notified, step, initials, birth_year, school_id FROM cases",
        )?;
        let rows = stmt.query_map([], |r| {
            let school: Option<String> = r.get(6)?;
            Ok(CaseKey {
                link: CaseLink {
                    id: CaseId(parse_id(r.get_ref(0)?.as_str()?)?),
                    number: r.get(1)?,
                    notified: r.get(2)?,
                    step: word(r, 3)?,
                },
                initials: r.get(4)?,
                birth_year: r.get(5)?,
                school: school.map(|s| parse_id(&s).map(SchoolId)).transpose()?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every version of every step of a case, in the order recorded (a
    /// corrected step's earlier versions before its newest): for an
    /// access request.
    pub fn case_step_versions(&self, id: CaseId) -> Result<Vec<StepVersion>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, step, date, details, recorded_at, author, correction_reason,
                    replaced_by IS NOT NULL
             FROM case_steps WHERE case_id = ?1 ORDER BY ord, recorded_at, rowid",
        )?;
        let rows = stmt.query_map([id.to_string()], |r| {
            Ok(StepVersion {
                version: step_from_row(r)?,
                replaced: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The newest version of each step, in order, with the earlier versions.
    fn case_steps(&self, id: CaseId) -> Result<Vec<StepView>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, step, date, details, recorded_at, author, correction_reason, ord,
                    replaced_by IS NULL
             FROM case_steps WHERE case_id = ?1 ORDER BY ord, recorded_at, rowid",
        )?;
        let rows = stmt.query_map([id.to_string()], |r| {
            Ok((step_from_row(r)?, r.get::<_, i64>(7)?, r.get::<_, bool>(8)?))
        })?;
        let mut out: Vec<StepView> = Vec::new();
        let mut pending: Vec<(i64, Revision)> = Vec::new();
        for row in rows {
            let (step, ord, current) = row?;
            if current {
                let mut s = step;
                s.revisions = pending
                    .iter()
                    .filter(|(o, _)| *o == ord)
                    .map(|(_, r)| r.clone())
                    .collect();
                out.push(s);
            } else {
                pending.push((
                    ord,
                    Revision {
                        date: step.date,
                        recorded_at: step.recorded_at,
                        author: step.author,
                    },
                ));
            }
        }
        Ok(out)
    }
}

/// A step as written: what `Tx::write_step` needs.
pub struct NewStep<'a> {
    pub step: Step,
    pub date: NaiveDate,
    pub details: &'a Valid<StepInput>,
    pub author: &'a str,
    pub correction_reason: &'a str,
}

impl Tx<'_> {
    /// Registers a notification under `number`; its first step is "notified".
    pub fn insert_case(
        &mut self,
        c: &Valid<NewCase>,
        number: &str,
        repeat: bool,
        author: &str,
    ) -> Result<CaseId> {
        self.insert_case_as(CaseId(uuid::Uuid::now_v7()), c, number, repeat, author)
    }

    /// [`Tx::insert_case`] under a given id.
    pub fn insert_case_as(
        &mut self,
        id: CaseId,
        c: &Valid<NewCase>,
        number: &str,
        repeat: bool,
        author: &str,
    ) -> Result<CaseId> {
        self.tx
            .prepare_cached(
                "INSERT INTO cases (id, number, initials, birth_year, law, offence, offence_date,
                     notified, step, step_date, author, hlc)
                 VALUES (?1, ?2, '', 0, '', '', ?3, ?3, 'notified', ?3, ?4, 0)",
            )?
            .execute(params![id.to_string(), number, c.notified, author])?;
        self.write_header(id, c, repeat)?;
        let details = crate::domain::case_input::validate_step_details(
            Step::Notified,
            &StepInput::default(),
        )?;
        self.write_step(
            id,
            None,
            &NewStep {
                step: Step::Notified,
                date: c.notified,
                details: &details,
                author,
                correction_reason: "",
            },
        )?;
        Ok(id)
    }

    /// Replaces the notification's details (a correction: the "notified"
    /// step gets a new version carrying `reason`).
    pub fn update_case_header(
        &mut self,
        id: CaseId,
        c: &Valid<NewCase>,
        repeat: bool,
        author: &str,
        reason: &str,
    ) -> Result<()> {
        self.write_header(id, c, repeat)?;
        let first: String = self
            .tx
            .prepare_cached(
                "SELECT id FROM case_steps WHERE case_id = ?1 AND ord = 0 AND replaced_by IS NULL",
            )?
            .query_row([id.to_string()], |r| r.get(0))?;
        let details = crate::domain::case_input::validate_step_details(
            Step::Notified,
            &StepInput::default(),
        )?;
        self.write_step(
            id,
            Some(CaseStepId(parse_id(&first)?)),
            &NewStep {
                step: Step::Notified,
                date: c.notified,
                details: &details,
                author,
                correction_reason: reason,
            },
        )?;
        Ok(())
    }

    /// Empties the case's CPR number (the setting no longer allows them).
    pub fn clear_cpr(&mut self, id: CaseId) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE cases SET cpr = '' WHERE id = ?1")?
            .execute([id.to_string()])?;
        self.record(&CASE, &id.to_string())
    }

    fn write_header(&mut self, id: CaseId, c: &Valid<NewCase>, repeat: bool) -> Result<()> {
        let n = self
            .tx
            .prepare_cached(
                "UPDATE cases SET journal = ?2, initials = ?3, birth_year = ?4, school_id = ?5,
                     cpr = ?6, law = ?7, law_other = ?8, offence = ?9, offence_other = ?10,
                     offence_date = ?11, notified = ?12, linked_to = ?13, repeat = ?14
                 WHERE id = ?1",
            )?
            .execute(params![
                id.to_string(),
                c.journal,
                c.initials,
                c.birth_year,
                c.school.map(|s| s.to_string()),
                c.cpr,
                c.law.as_str(),
                c.law_other,
                c.offence.as_str(),
                c.offence_other,
                c.offence_date,
                c.notified,
                c.link_to.map(|l| l.to_string()),
                repeat
            ])?;
        if n == 0 {
            return Err(Error::NotFound("case"));
        }
        Ok(())
    }

    /// Records a step, or (with `replaces`) a corrected version of one.
    /// Keeps the case's current step, conversation and closing dates in
    /// line and logs both the step and the case.
    pub fn write_step(
        &mut self,
        case: CaseId,
        replaces: Option<CaseStepId>,
        s: &NewStep<'_>,
    ) -> Result<CaseStepId> {
        let id = CaseStepId(uuid::Uuid::now_v7());
        let ord: i64 = match replaces {
            Some(old) => self
                .tx
                .prepare_cached("SELECT ord FROM case_steps WHERE id = ?1")?
                .query_row([old.to_string()], |r| r.get(0))
                .optional()?
                .ok_or(Error::NotFound("case step"))?,
            None => self
                .tx
                .prepare_cached(
                    "SELECT coalesce(max(ord) + 1, 0) FROM case_steps WHERE case_id = ?1",
                )?
                .query_row([case.to_string()], |r| r.get(0))?,
        };
        let details = serde_json::to_string(&**s.details).map_err(std::io::Error::other)?;
        self.tx
            .prepare_cached(
                "INSERT INTO case_steps (id, case_id, ord, step, date, details, recorded_at,
                     author, correction_reason, hlc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0)",
            )?
            .execute(params![
                id.to_string(),
                case.to_string(),
                ord,
                s.step.as_str(),
                s.date,
                details,
                now_utc(),
                s.author,
                s.correction_reason
            ])?;
        if let Some(old) = replaces {
            self.tx
                .prepare_cached("UPDATE case_steps SET replaced_by = ?2 WHERE id = ?1")?
                .execute(params![old.to_string(), id.to_string()])?;
            self.record(&CASE_STEP, &old.to_string())?;
        }
        self.record(&CASE_STEP, &id.to_string())?;
        self.refresh_case_state(case)?;
        Ok(id)
    }

    /// Sets the case's current step and its dates from its newest steps.
    fn refresh_case_state(&mut self, case: CaseId) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE cases SET
                   (step, step_date) = (SELECT step, date FROM case_steps
                       WHERE case_id = ?1 AND replaced_by IS NULL ORDER BY ord DESC LIMIT 1),
                   held_on = (SELECT date FROM case_steps
                       WHERE case_id = ?1 AND replaced_by IS NULL AND step = 'held'),
                   closed_on = (SELECT date FROM case_steps
                       WHERE case_id = ?1 AND replaced_by IS NULL AND step = 'closed')
                 WHERE id = ?1",
            )?
            .execute([case.to_string()])?;
        self.record(&CASE, &case.to_string())
    }

    pub fn set_repeat_decision(
        &mut self,
        case: CaseId,
        decision: RepeatDecision,
        other: &str,
        date: NaiveDate,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE cases SET decision = ?2, decision_other = ?3, decision_date = ?4
                 WHERE id = ?1",
            )?
            .execute(params![case.to_string(), decision.as_str(), other, date])?;
        self.record(&CASE, &case.to_string())
    }

    pub fn set_postponed(&mut self, case: CaseId, until: NaiveDate, reason: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE cases SET postponed_until = ?2, postponed_reason = ?3 WHERE id = ?1",
            )?
            .execute(params![case.to_string(), until, reason])?;
        self.record(&CASE, &case.to_string())
    }

    /// Deletes a case and every version of its steps, change-log contents
    /// and drafts included. Returns its number for the deletion record.
    pub fn delete_case(&mut self, id: CaseId) -> Result<String> {
        let number: String = self
            .tx
            .prepare_cached("SELECT number FROM cases WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?
            .ok_or(Error::NotFound("case"))?;
        let steps: Vec<String> = self
            .tx
            .prepare_cached("SELECT id FROM case_steps WHERE case_id = ?1")?
            .query_map([id.to_string()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for s in &steps {
            self.delete_record(&CASE_STEP, s)?;
        }
        self.delete_record(&CASE, &id.to_string())?;
        self.discard_draft(&format!("case:{id}"))?;
        self.discard_draft(&format!("case-step:{id}"))?;
        Ok(number)
    }
}
