//! First-offence cases on an unlocked profile. Every view, creation,
//! change, export, postponement and deletion of a case is written to the
//! access log here, so the CLI and the app log alike; writes log in the same
//! transaction as the write.

use super::Session;
use crate::domain::access_chain;
use crate::domain::case_input::{
    self as input, case_number, check_decision, check_postpone, correction_reason, validate_case,
    validate_step_details,
};
use crate::domain::cases as rules;
use crate::store::{AccessNote, NewStep, StoredCase};
use crate::{Error, Result};
use chrono::NaiveDate;
use feltbog_api::cases::{
    Access, AccessEntry, AccessFilter, CaseLink, CaseSummary, CaseView, ChainCheck, DeletionRecord,
    NewCase, RepeatDecision, Step, StepInput, StepView, YoungPersonKey,
};
use feltbog_api::profile::CaseSettings;
use feltbog_api::{CaseId, CaseStepId, Problem};
use rand::RngCore;

/// How far ahead the "due for deletion" list looks.
pub const DELETION_NOTICE_DAYS: u64 = 30;

/// The check on unlock checks the whole access log when it last did so
/// this many days ago or more; in between, only what is new.
pub const FULL_CHECK_DAYS: i64 = 7;

impl Session {
    /// The case rules in force: the team's, in a team.
    pub(super) fn case_settings(&self) -> Result<CaseSettings> {
        Ok(self.settings()?.cases)
    }

    pub(super) fn who(&self) -> Result<String> {
        Ok(self.store.settings()?.consultant_name)
    }

    /// Adds what depends on the settings and today: the deadline, the days
    /// to the conversation and the deletion date.
    pub(super) fn complete(&self, mut c: StoredCase, s: &CaseSettings) -> StoredCase {
        let today = self.today();
        let sum = &mut c.view.summary;
        sum.deadline = rules::deadline(
            sum.step,
            sum.notified,
            c.dates.held_on,
            s.offer_within_days,
            s.follow_up_within_weeks,
            today,
        );
        sum.days_to_conversation = c
            .dates
            .held_on
            .map(|h| rules::days_to_conversation(sum.notified, h));
        let delete_on = rules::deletion_due(
            c.dates.closed_on,
            sum.step_date,
            c.view.postponed.as_ref().map(|p| p.until),
            s.delete_after_years,
            s.stale_after_years,
        );
        sum.delete_on = Some(delete_on);
        sum.stale = rules::is_stale(c.dates.closed_on, delete_on, today);
        c.view.cpr_registered = !c.cpr.is_empty();
        c
    }

    /// The cases list: those waiting on a deadline first (oldest due date
    /// first), then the other open ones, then the closed ones. With
    /// `overdue_only`, only those past their deadline.
    pub fn cases(&self, overdue_only: bool) -> Result<Vec<CaseSummary>> {
        let s = self.case_settings()?;
        let mut out: Vec<CaseSummary> = self
            .store
            .all_cases()?
            .into_iter()
            .map(|c| self.complete(c, &s).view.summary)
            .filter(|c| !overdue_only || c.deadline.is_some_and(|d| d.overdue))
            .collect();
        out.sort_by_key(|c| {
            (
                c.deadline.is_none(),
                c.step == Step::Closed,
                c.deadline.map(|d| d.due),
                std::cmp::Reverse(c.notified),
            )
        });
        Ok(out)
    }

    /// Opens the cases list (logged; `detail` "overdue" when filtered).
    /// [`Session::cases`] reads it again without logging, for a list
    /// already open that refreshes.
    pub fn open_cases_list(&mut self, overdue_only: bool) -> Result<Vec<CaseSummary>> {
        let list = self.cases(overdue_only)?;
        let detail = if overdue_only { "overdue" } else { "" };
        self.log_event(Access::OpenList, "", detail)?;
        Ok(list)
    }

    /// Logs an entry that is about no one case, or about a file that left
    /// the app, in a transaction of its own.
    pub(super) fn log_event(&mut self, action: Access, name: &str, detail: &str) -> Result<()> {
        let who = self.who()?;
        self.store.log_access(&AccessNote {
            who: &who,
            action,
            case_number: name,
            detail,
        })
    }

    /// Opens a case (logged as a view).
    pub fn case(&mut self, id: CaseId) -> Result<CaseView> {
        self.read_case(id, Access::View)
    }

    /// A case for writing out of the app, e.g. `case show --json` (logged as
    /// an export).
    pub fn export_case(&mut self, id: CaseId) -> Result<CaseView> {
        self.read_case(id, Access::Export)
    }

    fn read_case(&mut self, id: CaseId, action: Access) -> Result<CaseView> {
        let s = self.case_settings()?;
        let c = self.complete(self.store.case(id)?, &s).view;
        let who = self.who()?;
        self.store.log_access(&AccessNote {
            who: &who,
            action,
            case_number: &c.summary.number,
            detail: "",
        })?;
        Ok(c)
    }

    /// A case's id from its number as typed ("k7f3q92xa" finds K-7F3Q-92XA).
    pub fn case_by_number(&self, typed: &str) -> Result<CaseId> {
        self.store.case_id(&input::normalize_case_number(typed))
    }

    /// Earlier cases that may be the same young person. Each match shown is
    /// logged as a view of that case.
    pub fn earlier_cases(&mut self, key: &YoungPersonKey) -> Result<Vec<CaseLink>> {
        let me = (key.initials.as_str(), key.birth_year, key.school);
        let found: Vec<CaseLink> = self
            .store
            .case_keys()?
            .into_iter()
            .filter(|k| rules::same_young_person(me, (&k.initials, k.birth_year, k.school)))
            .map(|k| k.link)
            .collect();
        let who = self.who()?;
        for l in &found {
            self.store.log_access(&AccessNote {
                who: &who,
                action: Access::View,
                case_number: &l.number,
                detail: "match",
            })?;
        }
        Ok(found)
    }

    /// Registers a police notification; answers the new case.
    pub fn add_case(&mut self, c: &NewCase) -> Result<CaseView> {
        self.add_case_for(c, None)
    }

    /// Registers a police notification with `owner` responsible (a
    /// member's name; `None`: whoever registers it), in one transaction.
    pub fn add_case_for(&mut self, c: &NewCase, owner: Option<&str>) -> Result<CaseView> {
        let valid = self.check_case(c)?;
        let owner = self.owner_for_new(owner)?;
        let who = self.who()?;
        let number = self.fresh_case_number()?;
        let id = self.store.with_tx(|tx| {
            let id = tx.insert_case(&valid, &number, valid.link_to.is_some(), &who)?;
            tx.give_to(crate::store::Owned::Case, &id.to_string(), owner.as_deref())?;
            tx.log_access(&AccessNote {
                who: &who,
                action: Access::Create,
                case_number: &number,
                detail: "notified",
            })?;
            Ok(id)
        })?;
        self.silent_case(id)
    }

    /// Corrects the notification; the old version is kept with `reason`.
    /// A CPR number is kept unless a new one is given: the screens never
    /// see it, so they send it back empty.
    pub fn update_case(&mut self, id: CaseId, c: &NewCase, reason: &str) -> Result<CaseView> {
        let stored = self.store.case(id)?;
        let c = &if c.cpr.trim().is_empty() {
            NewCase {
                cpr: stored.cpr.clone(),
                ..c.clone()
            }
        } else {
            c.clone()
        };
        let valid = self.check_case(c)?;
        if valid.link_to == Some(id) {
            return Err(Error::invalid(
                "link_to",
                Problem::NotAllowed,
                "a case cannot be linked to itself",
            ));
        }
        let reason = correction_reason(reason)?;
        let number = stored.view.summary.number;
        let who = self.who()?;
        // Initials or a CPR number entered for the wrong child: the wrong
        // value goes from every copy, not only from the case.
        let old_initials = stored.view.initials.clone();
        let identity_changed = old_initials != valid.initials || stored.cpr != valid.cpr;
        self.store.with_tx(|tx| {
            tx.update_case_header(id, &valid, valid.link_to.is_some(), &who, &reason)?;
            tx.log_access(&AccessNote {
                who: &who,
                action: Access::Change,
                case_number: &number,
                detail: "notified",
            })?;
            if identity_changed {
                tx.scrub_case_value(id, "initials", &old_initials, &valid.initials)?;
                tx.scrub_case_value(id, "cpr", &stored.cpr, &valid.cpr)?;
                tx.log_access(&AccessNote {
                    who: &who,
                    action: Access::Change,
                    case_number: &number,
                    detail: "identity",
                })?;
            }
            Ok(())
        })?;
        if identity_changed {
            // The old page images leave with the WAL.
            self.store.checkpoint()?;
        }
        self.silent_case(id)
    }

    /// How many cases hold a CPR number (offered for removal when the
    /// municipality stops allowing them).
    pub fn stored_cpr_count(&self) -> Result<u32> {
        let waiting = self.store.pending()?;
        Ok(self
            .store
            .all_cases()?
            .iter()
            .filter(|c| !c.cpr.is_empty())
            .count() as u32
            + waiting.iter().filter(|p| !p.row.cpr.is_empty()).count() as u32)
    }

    /// Removes every stored CPR number, from the cases and every logged
    /// copy; each case's log says a correction happened. Answers how many.
    pub fn remove_all_cpr(&mut self) -> Result<u32> {
        let who = self.who()?;
        let with_cpr: Vec<(CaseId, String, String)> = self
            .store
            .all_cases()?
            .into_iter()
            .filter(|c| !c.cpr.is_empty())
            .map(|c| (c.view.summary.id, c.view.summary.number, c.cpr))
            .collect();
        // Notifications still waiting for triage hold theirs too.
        let waiting: Vec<_> = self
            .store
            .pending()?
            .into_iter()
            .filter(|p| !p.row.cpr.is_empty())
            .map(|p| (p.id, p.row.cpr))
            .collect();
        self.store.with_tx(|tx| {
            for (id, cpr) in &waiting {
                tx.clear_pending_cpr(*id, cpr)?;
            }
            for (id, number, cpr) in &with_cpr {
                tx.clear_cpr(*id)?;
                tx.scrub_case_value(*id, "cpr", cpr, "")?;
                tx.log_access(&AccessNote {
                    who: &who,
                    action: Access::Change,
                    case_number: number,
                    detail: "cpr-removed",
                })?;
            }
            Ok(())
        })?;
        self.store.checkpoint()?;
        Ok((with_cpr.len() + waiting.len()) as u32)
    }

    /// Links a case to an earlier one of the same young person (making it a
    /// repeat), or unlinks it with `None`. Recorded as a correction.
    pub fn link_case(&mut self, id: CaseId, earlier: Option<CaseId>) -> Result<CaseView> {
        let stored = self.store.case(id)?;
        let v = &stored.view;
        let input = NewCase {
            journal: v.journal.clone(),
            initials: v.initials.clone(),
            birth_year: v.birth_year,
            school: v.school,
            cpr: stored.cpr.clone(),
            law: v.summary.law,
            law_other: v.law_other.clone(),
            offence: v.summary.offence,
            offence_other: v.offence_other.clone(),
            offence_date: v.offence_date,
            notified: v.summary.notified,
            link_to: earlier,
        };
        let reason = if earlier.is_some() {
            "linked to an earlier case"
        } else {
            "link to an earlier case removed"
        };
        self.update_case(id, &input, reason)
    }

    pub(super) fn check_case(&self, c: &NewCase) -> Result<crate::domain::Valid<NewCase>> {
        let valid = validate_case(c, self.today(), self.case_settings()?.cpr_allowed)?;
        if let Some(school) = c.school {
            self.check_school(school)?;
        }
        if let Some(link) = c.link_to {
            if matches!(self.store.case(link), Err(Error::NotFound(_))) {
                return Err(Error::invalid(
                    "link_to",
                    Problem::UnknownReference,
                    "no such earlier case",
                ));
            }
        }
        Ok(valid)
    }

    pub(super) fn fresh_case_number(&self) -> Result<String> {
        loop {
            let n = case_number(rand::rngs::OsRng.next_u64());
            if !self.store.case_number_taken(&n)? {
                return Ok(n);
            }
        }
    }

    /// A case as a write answers it: the caller already holds it, so this
    /// read is not logged again.
    pub(super) fn silent_case(&self, id: CaseId) -> Result<CaseView> {
        let s = self.case_settings()?;
        Ok(self.complete(self.store.case(id)?, &s).view)
    }

    /// Records the next step of a case.
    pub fn record_step(
        &mut self,
        id: CaseId,
        step: Step,
        date: NaiveDate,
        details: &StepInput,
    ) -> Result<CaseView> {
        let c = self.store.case(id)?.view;
        let current = c.summary.step;
        let anchor = rules::anchor(&step_dates(&c.steps)).unwrap_or(c.summary.notified);
        rules::check_step(current, anchor, step, date, self.today())?;
        let details = validate_step_details(step, details)?;
        let who = self.who()?;
        self.store.with_tx(|tx| {
            tx.write_step(
                id,
                None,
                &NewStep {
                    step,
                    date,
                    details: &details,
                    author: &who,
                    correction_reason: "",
                },
            )?;
            tx.log_access(&AccessNote {
                who: &who,
                action: Access::Change,
                case_number: &c.summary.number,
                detail: step.as_str(),
            })
        })?;
        self.silent_case(id)
    }

    /// Corrects a recorded step (not the notification: that is
    /// `update_case`). The date must still fit between its neighbours; the
    /// old version is kept with `reason`.
    pub fn correct_step(
        &mut self,
        step_id: CaseStepId,
        date: NaiveDate,
        details: &StepInput,
        reason: &str,
    ) -> Result<CaseView> {
        let case = self.store.step_case(step_id)?;
        let c = self.store.case(case)?.view;
        let pos = c
            .steps
            .iter()
            .position(|s| s.id == step_id)
            .ok_or(Error::NotFound("case step"))?;
        let kind = c.steps[pos].step;
        if kind == Step::Notified {
            return Err(Error::invalid(
                "step",
                Problem::NotAllowed,
                "correct the notification itself (edit the case) instead",
            ));
        }
        rules::check_correction(
            kind,
            &step_dates(&c.steps[..pos]),
            &step_dates(&c.steps[pos + 1..]),
            date,
            self.today(),
        )?;
        let reason = correction_reason(reason)?;
        let details = validate_step_details(kind, details)?;
        let who = self.who()?;
        self.store.with_tx(|tx| {
            tx.write_step(
                case,
                Some(step_id),
                &NewStep {
                    step: kind,
                    date,
                    details: &details,
                    author: &who,
                    correction_reason: &reason,
                },
            )?;
            tx.log_access(&AccessNote {
                who: &who,
                action: Access::Change,
                case_number: &c.summary.number,
                detail: kind.as_str(),
            })
        })?;
        self.silent_case(case)
    }

    /// Records what was decided after a repeat offence.
    pub fn decide_repeat(
        &mut self,
        id: CaseId,
        decision: RepeatDecision,
        other: &str,
        date: NaiveDate,
    ) -> Result<CaseView> {
        let c = self.store.case(id)?.view;
        if !c.summary.repeat {
            return Err(Error::Conflict(
                "this case is not a repeat: link it to the earlier case first".into(),
            ));
        }
        let other = check_decision(decision, other, date, c.summary.notified, self.today())?;
        let who = self.who()?;
        self.store.with_tx(|tx| {
            tx.set_repeat_decision(id, decision, &other, date)?;
            tx.log_access(&AccessNote {
                who: &who,
                action: Access::Change,
                case_number: &c.summary.number,
                detail: decision.as_str(),
            })
        })?;
        self.silent_case(id)
    }

    /// Puts off a closed case's deletion to `until`, with a reason.
    pub fn postpone_deletion(
        &mut self,
        id: CaseId,
        until: NaiveDate,
        reason: &str,
    ) -> Result<CaseView> {
        let c = self.silent_case(id)?;
        let Some(current) = c.summary.delete_on else {
            return Err(Error::Conflict(
                "this case has no deletion date to put off".into(),
            ));
        };
        let reason = check_postpone(until, current, reason, self.today())?;
        let who = self.who()?;
        let detail = until.to_string();
        self.store.with_tx(|tx| {
            tx.set_postponed(id, until, &reason)?;
            tx.log_access(&AccessNote {
                who: &who,
                action: Access::Postpone,
                case_number: &c.summary.number,
                detail: &detail,
            })
        })?;
        self.silent_case(id)
    }

    /// Deletes a case for real now (e.g. registered by mistake).
    pub fn delete_case(&mut self, id: CaseId) -> Result<DeletionRecord> {
        let mut done = self.delete_cases(&[id], "by-hand")?;
        done.pop().ok_or(Error::NotFound("case"))
    }

    pub(super) fn delete_cases(
        &mut self,
        ids: &[CaseId],
        detail: &str,
    ) -> Result<Vec<DeletionRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let who = self.who()?;
        let today = self.today();
        let done = self.store.with_tx(|tx| {
            let mut done = Vec::new();
            for id in ids {
                let number = tx.delete_case(*id)?;
                tx.record_deletion(&number, today)?;
                tx.log_access(&AccessNote {
                    who: &who,
                    action: Access::Delete,
                    case_number: &number,
                    detail,
                })?;
                done.push(DeletionRecord {
                    case_number: number,
                    date: today,
                    stale: detail == "stale",
                });
            }
            Ok(done)
        })?;
        // secure_delete has zeroed the freed cells and pages; the WAL is
        // emptied into the file, which is rebuilt where mostly free.
        self.store.settle_after_deletion()?;
        Ok(done)
    }

    /// Every case with its deletion date (`stale`: an open one, by the
    /// stale rule).
    pub(super) fn deletion_dates(&self) -> Result<Vec<(CaseId, DeletionRecord)>> {
        let s = self.case_settings()?;
        let mut out: Vec<(CaseId, DeletionRecord)> = self
            .store
            .all_cases()?
            .into_iter()
            .filter_map(|c| {
                let sum = self.complete(c, &s).view.summary;
                let open = sum.step != Step::Closed;
                sum.delete_on.map(|date| {
                    (
                        sum.id,
                        DeletionRecord {
                            case_number: sum.number,
                            date,
                            stale: open,
                        },
                    )
                })
            })
            .collect();
        out.sort_by(|a, b| (a.1.date, &a.1.case_number).cmp(&(b.1.date, &b.1.case_number)));
        Ok(out)
    }

    /// Cases to be deleted within the next 30 days: number and date only.
    pub fn deletions_due(&self) -> Result<Vec<DeletionRecord>> {
        let until = self.today() + chrono::Days::new(DELETION_NOTICE_DAYS);
        Ok(self
            .deletion_dates()?
            .into_iter()
            .map(|(_, d)| d)
            .filter(|d| d.date <= until)
            .collect())
    }

    /// What was deleted, and when.
    pub fn deletions(&self) -> Result<Vec<DeletionRecord>> {
        self.store.deletions()
    }

    /// [`Session::deletions_due`], logged as opening that list.
    pub fn open_deletions_due(&mut self) -> Result<Vec<DeletionRecord>> {
        let list = self.deletions_due()?;
        self.log_event(Access::OpenDeletions, "", "due")?;
        Ok(list)
    }

    /// [`Session::deletions`], logged as opening the deletion record.
    pub fn open_deletions(&mut self) -> Result<Vec<DeletionRecord>> {
        let list = self.deletions()?;
        self.log_event(Access::OpenDeletions, "", "done")?;
        Ok(list)
    }

    /// Checks every device's whole chain in the access log (the log page,
    /// `feltbog case log --verify`, and once a week on unlock). Its verdict
    /// is noted for the check on unlock: an intact log is the week's whole
    /// check; a broken one makes every unlock check the whole log again,
    /// so the alarm stays until the log is whole.
    pub fn verify_access_log(&mut self) -> Result<ChainCheck> {
        let last = self.store.access_last()?;
        let check = self.check_whole_log()?;
        self.access_log_broken = !check.intact();
        let today = self.today();
        self.store.with_tx(|tx| match check.intact() {
            true => tx.mark_access_checked(&last, Some(today)),
            false => tx.forget_access_check(),
        })?;
        Ok(check)
    }

    pub(super) fn check_whole_log(&self) -> Result<ChainCheck> {
        let mut check =
            access_chain::verify(&self.store.access_chain()?, &self.store.access_trim_tips()?);
        check.trimmed_before = self.store.access_trimmed_before()?;
        Ok(check)
    }

    /// The check on unlock: the entries written since the last check that
    /// found the log intact ([`access_chain::verify_new`]), and the whole
    /// log when it was last checked [`FULL_CHECK_DAYS`] days ago or more
    /// (or never, or last found broken). A log of 26,000 entries takes
    /// tens of milliseconds to check whole, too long for every unlock;
    /// what is new since the last unlock, well under one.
    pub fn check_access_log(&mut self) -> Result<ChainCheck> {
        let today = self.today();
        let last = self.store.access_last()?;
        let mark = match self.store.access_check_mark()? {
            Some(m)
                if m.full <= today
                    && (today - m.full).num_days() < FULL_CHECK_DAYS
                    && self.store.access_row_is(m.seq, &m.id)? =>
            {
                m
            }
            _ => return self.verify_access_log(),
        };
        let m = mark;
        let new = self.store.access_chain_after(m.seq)?;
        let linked = self.store.access_linked(m.seq, &new)?;
        let mut check = access_chain::verify_new(&new, &linked, &self.store.access_trim_tips()?);
        check.trimmed_before = self.store.access_trimmed_before()?;
        self.access_log_broken = !check.intact();
        // A break moves no mark: the next unlock finds it again.
        if check.intact() {
            self.store
                .with_tx(|tx| tx.mark_access_checked(&last, None))?;
        }
        Ok(check)
    }

    /// The access log, by case number and/or period.
    pub fn access_log(&self, f: &AccessFilter) -> Result<Vec<AccessEntry>> {
        let f = AccessFilter {
            case_number: f.case_number.as_deref().map(input::normalize_case_number),
            ..f.clone()
        };
        self.store.access_log(&f)
    }
}

/// The kind and date of each step, as the step rules take them.
pub(super) fn step_dates(steps: &[StepView]) -> Vec<(Step, NaiveDate)> {
    steps.iter().map(|s| (s.step, s.date)).collect()
}
