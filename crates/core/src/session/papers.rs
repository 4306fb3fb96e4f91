//! The papers a case gives out: *indsigt*, the answer to an access request
//! for one case (GDPR art. 15), the *referat* of a conversation held, and
//! the letter offering the conversation (*brev om tilbud*).
//!
//! *Indsigt*:
//! assembled in one step: the case, every version of its steps, every
//! access-log entry about it, and a fresh check of the whole log's chain,
//! so the recipient can see the log is complete. The making is logged
//! once the file is written ([`Session::log_access_pack`]), as for the
//! weekly summary: a write that fails logs nothing.

use super::Session;
use crate::domain::offer_letter as letter;
use crate::{Error, Result};
use feltbog_api::cases::{
    Access, AccessFilter, DeadlineKind, InviteMethod, Step, StepInput, StepView,
};
use feltbog_api::papers::{
    AccessPack, FollowUpWhen, LetterInput, OfferLetter, Referat, StepPick, DEFAULT_OFFER_LETTER,
};
use feltbog_api::{CaseId, Problem};

/// The access log's detail for an access pack that left the app.
pub const ACCESS_PACK_LOG_DETAIL: &str = "indsigt";

impl Session {
    /// Everything stored about case `id`, for its access pack. Checks the
    /// whole access log's chain (as `case log --verify` does), so the pack
    /// says whether its entries can be trusted to be complete.
    pub fn access_pack(&mut self, id: CaseId) -> Result<AccessPack> {
        let settings = self.case_settings()?;
        let case = self.complete(self.store.case(id)?, &settings).view;
        let versions = self.store.case_step_versions(id)?;
        let chain = self.verify_access_log()?;
        // By the number as stored, not as typed: no normalising.
        let mut log = self.store.access_log(&AccessFilter {
            case_number: Some(case.summary.number.clone()),
            ..AccessFilter::default()
        })?;
        // Oldest first, as a record of what happened reads.
        log.reverse();
        Ok(AccessPack {
            versions,
            log,
            chain,
            made_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            made_by: self.who()?,
            team: self.store.team()?.map(|t| t.name).unwrap_or_default(),
            case,
        })
    }

    /// Records that the access pack of case `number` left the app.
    pub fn log_access_pack(&mut self, number: &str) -> Result<()> {
        self.log_event(Access::Export, number, ACCESS_PACK_LOG_DETAIL)
    }
}

/// The access log's detail for a referat that left the app.
pub const REFERAT_LOG_DETAIL: &str = "referat";

impl Session {
    /// The minutes of a conversation held in case `id`: the latest, the
    /// `n`th step, or a step by id. Not logged here: the file's writer
    /// logs it once written ([`Session::log_referat`]).
    pub fn referat(&mut self, id: CaseId, pick: StepPick) -> Result<Referat> {
        let settings = self.case_settings()?;
        let case = self.complete(self.store.case(id)?, &settings).view;
        let held = |s: &&StepView| matches!(s.step, Step::Held | Step::FollowUpHeld);
        let step = match pick {
            StepPick::Latest => case.steps.iter().rev().find(held).ok_or_else(|| {
                Error::invalid(
                    "step",
                    Problem::NotAllowed,
                    "the case has no conversation held yet; record it first",
                )
            })?,
            StepPick::Nth(n) => {
                let count = case.steps.len();
                let s = n
                    .checked_sub(1)
                    .and_then(|i| case.steps.get(i))
                    .ok_or_else(|| {
                        Error::invalid(
                            "step",
                            Problem::OutOfRange {
                                min: 1,
                                max: count as i64,
                            },
                            format!("the case has steps 1 to {count}"),
                        )
                    })?;
                Some(s).filter(held).ok_or_else(|| {
                    Error::invalid(
                        "step",
                        Problem::NotAllowed,
                        format!("step {n} is not a conversation held"),
                    )
                })?
            }
            StepPick::Id(step) => case
                .steps
                .iter()
                .filter(held)
                .find(|s| s.id == step)
                .ok_or(Error::NotFound("conversation held"))?,
        }
        .clone();
        let follow_up = match step.step {
            Step::Held => case
                .steps
                .iter()
                .rev()
                .find(|s| s.step == Step::FollowUpPlanned && s.date >= step.date)
                .map(|s| FollowUpWhen::Planned(s.date))
                .or_else(|| {
                    case.summary
                        .deadline
                        .filter(|d| d.kind == DeadlineKind::FollowUp)
                        .map(|d| FollowUpWhen::DueBy(d.due))
                }),
            _ => None,
        };
        Ok(Referat {
            number: case.summary.number.clone(),
            initials: case.initials.clone(),
            birth_year: case.birth_year,
            school_name: case.summary.school_name.clone(),
            step,
            follow_up,
            team: self.store.team()?.map(|t| t.name).unwrap_or_default(),
            made_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            made_by: self.who()?,
        })
    }

    /// Records that the referat of case `number` left the app.
    pub fn log_referat(&mut self, number: &str) -> Result<()> {
        self.log_event(Access::Export, number, REFERAT_LOG_DETAIL)
    }
}

/// The access log's detail for an offer letter that left the app.
pub const LETTER_LOG_DETAIL: &str = "brev";

impl Session {
    /// The letter offering the conversation in case `id`: the team's
    /// template (or Feltbog's own) filled with `input`. The young person is
    /// named by initials, or by `input.name` typed for this printout only
    /// (never stored). Only for a case still waiting on its conversation
    /// (notified or invited). Not logged here: the file's writer calls
    /// [`Session::log_letter`] once it is written.
    pub fn offer_letter(&self, id: CaseId, input: &LetterInput) -> Result<OfferLetter> {
        let case = self.store.case(id)?.view;
        if !matches!(case.summary.step, Step::Notified | Step::Invited) {
            return Err(Error::invalid(
                "case",
                Problem::NotAllowed,
                "the conversation is no longer to be offered: the case is past its invitation",
            ));
        }
        let input = letter::check_input(input, self.today())?;
        // A case at notified records the offer when the file is written:
        // whatever would refuse it, refuses the letter now.
        self.letter_step(&case)?;
        let rules = self.case_settings()?;
        let template = match rules.offer_letter.trim() {
            "" => DEFAULT_OFFER_LETTER,
            own => own,
        };
        // A team's letter written by a newer Feltbog may use a placeholder
        // this one does not know: said, not printed as a gap.
        letter::check_template(template).map_err(|_| {
            Error::invalid(
                "offer_letter",
                Problem::NotAllowed,
                "the team's letter uses a placeholder this Feltbog does not know; update Feltbog",
            )
        })?;
        let team = self.store.team()?.map(|t| t.name).unwrap_or_default();
        let young = if input.name.is_empty() {
            case.initials.as_str()
        } else {
            input.name.as_str()
        };
        let consultant = self.who()?;
        Ok(OfferLetter {
            number: case.summary.number.clone(),
            paragraphs: letter::fill(
                template,
                &letter::Values {
                    young,
                    input: &input,
                    team: &team,
                    consultant: &consultant,
                },
            ),
            team,
            day: self.today(),
            made_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            made_by: consultant,
        })
    }

    /// Whether a letter for `case` records the offer (it stands at
    /// notified), after the same check a recorded step gets.
    fn letter_step(&self, case: &feltbog_api::cases::CaseView) -> Result<bool> {
        if case.summary.step != Step::Notified {
            return Ok(false);
        }
        let today = self.today();
        let anchor = crate::domain::cases::anchor(&super::cases::step_dates(&case.steps))
            .unwrap_or(case.summary.notified);
        crate::domain::cases::check_step(case.summary.step, anchor, Step::Invited, today, today)?;
        Ok(true)
    }

    /// Records that the offer letter of case `id` left the app (logged as
    /// an export, "brev"), and, for a case still at *notified*, that the
    /// conversation was offered today by letter. Answers whether it did.
    pub fn log_letter(&mut self, id: CaseId) -> Result<bool> {
        let case = self.store.case(id)?.view;
        let record = self.letter_step(&case)?;
        let how = crate::domain::case_input::validate_step_details(
            Step::Invited,
            &StepInput {
                method: Some(InviteMethod::Letter),
                ..StepInput::default()
            },
        )?;
        let (who, today, number) = (self.who()?, self.today(), case.summary.number);
        // The export and the step it records: one transaction, so the log
        // never holds one without the other.
        self.store.with_tx(|tx| {
            tx.log_access(&crate::store::AccessNote {
                who: &who,
                action: Access::Export,
                case_number: &number,
                detail: LETTER_LOG_DETAIL,
            })?;
            if record {
                tx.write_step(
                    id,
                    None,
                    &crate::store::NewStep {
                        step: Step::Invited,
                        date: today,
                        details: &how,
                        author: &who,
                        correction_reason: "",
                    },
                )?;
                tx.log_access(&crate::store::AccessNote {
                    who: &who,
                    action: Access::Change,
                    case_number: &number,
                    detail: Step::Invited.as_str(),
                })?;
            }
            Ok(())
        })?;
        Ok(record)
    }
}
