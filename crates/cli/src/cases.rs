//! `feltbog case …` and `feltbog purge`: first-offence cases from the
//! command line.

use crate::case_args::{CaseAdd, CaseCmd, CaseHold};
use crate::case_output as out;
use crate::run::{find_school, invalid, parse_date, Result};
use crate::secret_input::{self as secret, refuse_inline, Field};
use feltbog_api::cases::{AccessFilter, NewCase, PurgeHold, Step, StepInput};
use feltbog_api::profile::RetentionCounts;
use feltbog_api::{ApiError, CaseId, ErrorKind, Problem};
use feltbog_core::Session;

/// The sensitive keys, named in core's errors as `--input` keys.
const SECRET_KEYS: [&str; 9] = [
    "initials",
    "journal",
    "cpr",
    "situation",
    "consequences",
    "agreements",
    "outcome",
    "reason",
    "text",
];

pub fn run(s: &mut Session, cmd: CaseCmd) -> Result<()> {
    run_case(s, cmd).map_err(|e| secret::rename_field(e, &SECRET_KEYS))
}

fn run_case(s: &mut Session, cmd: CaseCmd) -> Result<()> {
    match cmd {
        CaseCmd::Add(a) => add(s, a),
        CaseCmd::Invite { case, date, method } => {
            let details = StepInput {
                method,
                ..Default::default()
            };
            step(s, &case, Step::Invited, &date, details)
        }
        CaseCmd::Accept { case, date } => {
            step(s, &case, Step::Accepted, &date, StepInput::default())
        }
        CaseCmd::Decline { case, date } => {
            step(s, &case, Step::Declined, &date, StepInput::default())
        }
        CaseCmd::Hold(h) => hold(s, h),
        CaseCmd::FollowUp {
            case,
            date,
            held,
            input,
            outcome,
        } => {
            refuse_inline("--outcome", "outcome", &outcome)?;
            let (kind, details) = if held {
                let mut v = secret::gather(input.as_deref(), &[OUTCOME])?;
                let d = StepInput {
                    outcome: v.take("outcome"),
                    ..Default::default()
                };
                (Step::FollowUpHeld, d)
            } else {
                (Step::FollowUpPlanned, StepInput::default())
            };
            step(s, &case, kind, &date, details)
        }
        CaseCmd::Close {
            case,
            input,
            reason,
            date,
        } => {
            refuse_inline("--reason", "reason", &reason)?;
            let date = date.unwrap_or_else(|| s.today().to_string());
            let mut v = secret::gather(input.as_deref(), &[CLOSE_REASON])?;
            let details = StepInput {
                reason: v.take("reason"),
                ..Default::default()
            };
            step(s, &case, Step::Closed, &date, details)
        }
        CaseCmd::Link { case, to } => {
            let id = case_id(s, &case)?;
            let earlier = case_id(s, &to).map_err(|_| {
                invalid(
                    "--to",
                    Problem::UnknownReference,
                    format!("no case numbered '{to}'"),
                )
            })?;
            let c = s.link_case(id, Some(earlier))?;
            eprintln!("case {} is a repeat of {to}", c.summary.number);
            Ok(())
        }
        CaseCmd::Decide {
            case,
            decision,
            date,
            input,
            text,
        } => {
            refuse_inline("--text", "text", &text)?;
            let id = case_id(s, &case)?;
            let fields: &[Field] = match decision {
                feltbog_api::cases::RepeatDecision::Other => &[DECISION_TEXT],
                _ => &[],
            };
            let text = secret::gather(input.as_deref(), fields)?.take("text");
            let c = s.decide_repeat(id, decision, &text, parse_date("--date", &date)?)?;
            eprintln!("case {}: decision recorded", c.summary.number);
            Ok(())
        }
        CaseCmd::Postpone {
            case,
            until,
            input,
            reason,
        } => {
            refuse_inline("--reason", "reason", &reason)?;
            let id = case_id(s, &case)?;
            let reason = secret::gather(input.as_deref(), &[POSTPONE_REASON])?.take("reason");
            let c = s.postpone_deletion(id, parse_date("--until", &until)?, &reason)?;
            eprintln!(
                "case {} will be deleted on {}",
                c.summary.number,
                c.summary
                    .delete_on
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            );
            Ok(())
        }
        CaseCmd::Delete { case } => {
            let d = s.delete_case(case_id(s, &case)?)?;
            eprintln!("case {} is deleted", d.case_number);
            Ok(())
        }
        CaseCmd::List { overdue, json } => out::list(&s.open_cases_list(overdue)?, json),
        CaseCmd::Show { case, json } => {
            let id = case_id(s, &case)?;
            if json {
                crate::output::json(&s.export_case(id)?)
            } else {
                out::show(&s.case(id)?);
                Ok(())
            }
        }
        CaseCmd::Log {
            verify: true, json, ..
        } => {
            let check = s.verify_access_log()?;
            out::chain_check(&check, json)?;
            match check.intact() {
                true => Ok(()),
                false => Err(crate::run::broken_log(&check)),
            }
        }
        CaseCmd::Log {
            case,
            from,
            to,
            json,
            ..
        } => {
            let filter = AccessFilter {
                case_number: case,
                from: from.map(|d| parse_date("--from", &d)).transpose()?,
                to: to.map(|d| parse_date("--to", &d)).transpose()?,
            };
            out::log(&s.access_log(&filter)?, json)
        }
        CaseCmd::RemoveCpr { yes } => {
            let n = s.stored_cpr_count()?;
            if !yes {
                eprintln!("{n} case(s) hold a CPR number; add --yes to remove them for good");
                return Ok(());
            }
            let removed = s.remove_all_cpr()?;
            eprintln!("{removed} CPR number(s) removed from the cases and their history");
            Ok(())
        }
        CaseCmd::Deletions { json } => {
            let due = s.open_deletions_due()?;
            out::deletions(&due, &s.open_deletions()?, json)
        }
    }
}

/// `feltbog purge`: deletes (or with `dry_run` lists) the cases due. A
/// held deletion needs `--yes`.
pub fn purge(s: &mut Session, dry_run: bool, yes: bool) -> Result<()> {
    let hold = s.purge_hold()?;
    let done = match (&hold, dry_run, yes) {
        (_, true, _) => s.purge(true)?,
        (Some(h), false, false) => {
            return Err(ApiError::new(
                ErrorKind::Conflict,
                format!("{}; nothing was deleted", hold_text(h)),
            ))
        }
        (Some(_), false, true) => s.purge_confirmed()?,
        (None, false, _) => s.purge(false)?,
    };
    for d in &done {
        let open = if d.stale { "  (open, no new step)" } else { "" };
        println!("{}  {}{open}", d.case_number, d.date);
    }
    let verb = if dry_run {
        "would be deleted"
    } else {
        "deleted"
    };
    eprintln!("{} case(s) {verb}", done.len());
    if dry_run {
        let plan = s.retention_plan()?;
        eprintln!("{}", retention_text(&plan.now, "at the next purge"));
        eprintln!(
            "{}",
            retention_text(&plan.soon, &format!("within {} days", plan.notice_days))
        );
    }
    Ok(())
}

/// "By the retention rules, at the next purge: 3 visits, 120 access-log
/// entries" (counts only, never which).
fn retention_text(c: &RetentionCounts, when: &str) -> String {
    let parts: Vec<String> = [
        (c.visits, "visit(s)"),
        (c.cafes, "café(s)"),
        (c.survey_rounds, "survey round(s)"),
        (c.access_entries, "access-log entr(y/ies)"),
        (c.deletions, "deletion-record entr(y/ies)"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    match parts.is_empty() {
        true => format!("By the retention rules, {when}: nothing"),
        false => format!("By the retention rules, {when}: {}", parts.join(", ")),
    }
}

/// Why the deletion of cases due waits, and what to do.
pub fn hold_text(h: &PurgeHold) -> String {
    match h {
        PurgeHold::ClockJump {
            last_seen,
            today,
            due,
            others,
        } => format!(
            "{due} case(s) and {others} other record(s) and log entr(y/ies) due for deletion were \
             not deleted: the date jumped from {last_seen} to {today}. If the computer's date is \
             right, run `feltbog purge --yes`"
        ),
        PurgeHold::Many { due, cases } => format!(
            "{due} of {cases} cases are due for deletion at once, which is unusual, so none was \
             deleted. Check them with `feltbog purge --dry-run`, then run `feltbog purge --yes`"
        ),
        PurgeHold::ManyRecords { due, records } => format!(
            "{due} of {records} visits, cafés and survey rounds are due for deletion at once by \
             the retention rules, which is unusual, so nothing was deleted. Check the rules in the \
             app's settings and `feltbog purge --dry-run`, then run `feltbog purge --yes`"
        ),
    }
}

fn case_id(s: &Session, typed: &str) -> Result<CaseId> {
    s.case_by_number(typed).map_err(|e| match e {
        feltbog_core::Error::NotFound(_) => invalid(
            "CASE",
            Problem::UnknownReference,
            format!("no case numbered '{typed}'; see `feltbog case list`"),
        ),
        e => e.into(),
    })
}

/// What `case add` takes from `--input` or the prompt.
const INITIALS: Field =
    Field::new("initials", "Initials or first name (never a full name)").required();
const JOURNAL: Field = Field::new("journal", "Police journal number");
const CPR: Field = Field::new("cpr", "CPR number").hidden();
/// The conversation's three phases.
const NOTES: [Field; 3] = [
    Field::new("situation", "Phase 1, the young person's situation"),
    Field::new("consequences", "Phase 2, the consequences made clear"),
    Field::new("agreements", "Phase 3, what was agreed"),
];
const OUTCOME: Field = Field::new("outcome", "What came of the follow-up");
const CLOSE_REASON: Field = Field::new("reason", "Why the case is closed").required();
const POSTPONE_REASON: Field = Field::new("reason", "Why the deletion waits").required();
const DECISION_TEXT: Field = Field::new("text", "What was decided").required();

fn add(s: &mut Session, a: CaseAdd) -> Result<()> {
    refuse_inline("--initials", "initials", &a.initials)?;
    refuse_inline("--journal", "journal", &a.journal)?;
    refuse_inline("--cpr", "cpr", &a.cpr)?;
    // CPR is asked for only where the municipality's setting allows it;
    // given in JSON where it does not, core says so.
    let fields: &[Field] = if a.input.is_some() || s.settings()?.cases.cpr_allowed {
        &[INITIALS, JOURNAL, CPR]
    } else {
        &[INITIALS, JOURNAL]
    };
    let mut given = secret::gather(a.input.as_deref(), fields)?;
    let school = a.school.as_deref().map(|n| find_school(s, n)).transpose()?;
    let link_to = a
        .link
        .as_deref()
        .map(|l| {
            case_id(s, l).map_err(|_| {
                invalid(
                    "--link",
                    Problem::UnknownReference,
                    format!("no case numbered '{l}'"),
                )
            })
        })
        .transpose()?;
    let c = NewCase {
        journal: given.take("journal"),
        initials: given.take("initials"),
        birth_year: a.birth_year,
        school,
        cpr: given.take("cpr"),
        law: a.law,
        law_other: a.law_text,
        offence: a.offence,
        offence_other: a.offence_text,
        offence_date: parse_date("--offence-date", &a.offence_date)?,
        notified: parse_date("--notified", &a.notified)?,
        link_to,
    };
    // Look before registering, so the new case does not match itself.
    let earlier = match link_to {
        Some(_) => Vec::new(),
        None => s.earlier_cases(&feltbog_api::cases::YoungPersonKey {
            initials: c.initials.clone(),
            birth_year: c.birth_year,
            school,
        })?,
    };
    let created = s.add_case(&c)?;
    for m in earlier {
        eprintln!(
            "note: {} (notified {}) may be the same young person; if so: feltbog case link {} --to {}",
            m.number, m.notified, created.summary.number, m.number
        );
    }
    println!("{}", created.summary.number);
    Ok(())
}

fn hold(s: &mut Session, h: CaseHold) -> Result<()> {
    refuse_inline("--situation", "situation", &h.situation)?;
    refuse_inline("--consequences", "consequences", &h.consequences)?;
    refuse_inline("--agreements", "agreements", &h.agreements)?;
    let mut notes = secret::gather(h.input.as_deref(), &NOTES)?;
    let details = StepInput {
        place: h.place,
        participants: h.participants,
        situation: notes.take("situation"),
        consequences: notes.take("consequences"),
        agreements: notes.take("agreements"),
        ..Default::default()
    };
    step(s, &h.case, Step::Held, &h.date, details)
}

fn step(s: &mut Session, case: &str, kind: Step, date: &str, details: StepInput) -> Result<()> {
    let id = case_id(s, case)?;
    let c = s.record_step(id, kind, parse_date("--date", date)?, &details)?;
    eprintln!("case {}: {} on {date}", c.summary.number, kind.as_str());
    Ok(())
}
