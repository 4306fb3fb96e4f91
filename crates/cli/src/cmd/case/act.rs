//! What `feltbog case …` and `feltbog purge` do: one function per
//! subcommand. A case's details come from `--input` or the terminal, never
//! from arguments (`secret_input`).

use super::print as out;
use super::{CaseAdd, CaseHold};
use crate::common::{broken_log, find_school, hold_text, invalid, parse_date, print_json, Result};
use crate::secret_input::{self as secret, refuse_inline, Field};
use feltbog_api::cases::{AccessFilter, InviteMethod, NewCase, RepeatDecision, Step, StepInput};
use feltbog_api::{ApiError, CaseId, ErrorKind, Problem};
use feltbog_core::Session;

/// The sensitive keys, named in core's errors as `--input` keys.
pub(super) const SECRET_KEYS: [&str; 9] = [
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

/// `case invite`: the conversation offered.
pub(super) fn invite(
    s: &mut Session,
    case: &str,
    date: &str,
    method: Option<InviteMethod>,
) -> Result<()> {
    let details = StepInput {
        method,
        ..Default::default()
    };
    step(s, case, Step::Invited, date, details)
}

/// `case follow-up`: planned, or with `--held` held (its outcome asked for).
pub(super) fn follow_up(
    s: &mut Session,
    case: &str,
    date: &str,
    held: bool,
    input: Option<&str>,
    outcome: &Option<String>,
) -> Result<()> {
    refuse_inline("--outcome", "outcome", outcome)?;
    let (kind, details) = if held {
        let mut v = secret::gather(input, &[OUTCOME])?;
        let d = StepInput {
            outcome: v.take("outcome"),
            ..Default::default()
        };
        (Step::FollowUpHeld, d)
    } else {
        (Step::FollowUpPlanned, StepInput::default())
    };
    step(s, case, kind, date, details)
}

/// `case close`: closed on `date` (default today), with its reason.
pub(super) fn close(
    s: &mut Session,
    case: &str,
    input: Option<&str>,
    reason: &Option<String>,
    date: Option<String>,
) -> Result<()> {
    refuse_inline("--reason", "reason", reason)?;
    let date = date.unwrap_or_else(|| s.today().to_string());
    let mut v = secret::gather(input, &[CLOSE_REASON])?;
    let details = StepInput {
        reason: v.take("reason"),
        ..Default::default()
    };
    step(s, case, Step::Closed, &date, details)
}

/// `case link CASE --to EARLIER`: a repeat of an earlier case.
pub(super) fn link(s: &mut Session, case: &str, to: &str) -> Result<()> {
    let id = case_id(s, case)?;
    let earlier = case_id(s, to).map_err(|_| {
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

/// `case decide`: what was decided about a repeat.
pub(super) fn decide(
    s: &mut Session,
    case: &str,
    decision: RepeatDecision,
    date: &str,
    input: Option<&str>,
    text: &Option<String>,
) -> Result<()> {
    refuse_inline("--text", "text", text)?;
    let id = case_id(s, case)?;
    let fields: &[Field] = match decision {
        RepeatDecision::Other => &[DECISION_TEXT],
        _ => &[],
    };
    let text = secret::gather(input, fields)?.take("text");
    let c = s.decide_repeat(id, decision, &text, parse_date("--date", date)?)?;
    eprintln!("case {}: decision recorded", c.summary.number);
    Ok(())
}

/// `case postpone`: the deletion waits until a date, for a reason.
pub(super) fn postpone(
    s: &mut Session,
    case: &str,
    until: &str,
    input: Option<&str>,
    reason: &Option<String>,
) -> Result<()> {
    refuse_inline("--reason", "reason", reason)?;
    let id = case_id(s, case)?;
    let reason = secret::gather(input, &[POSTPONE_REASON])?.take("reason");
    let c = s.postpone_deletion(id, parse_date("--until", until)?, &reason)?;
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

/// `case delete`: deleted now, by hand.
pub(super) fn delete(s: &mut Session, case: &str) -> Result<()> {
    let d = s.delete_case(case_id(s, case)?)?;
    eprintln!("case {} is deleted", d.case_number);
    Ok(())
}

/// `case show`: the case as a person reads it, or with `--json` exported
/// (logged as an export).
pub(super) fn show(s: &mut Session, case: &str, json: bool) -> Result<()> {
    let id = case_id(s, case)?;
    if json {
        print_json(&s.export_case(id)?)
    } else {
        out::show(&s.case(id)?);
        Ok(())
    }
}

/// `case log --verify`: the chain checked; a break fails the command.
pub(super) fn access_pack(s: &mut Session, case: &str, out: &std::path::Path) -> Result<()> {
    let id = case_id(s, case)?;
    let done = feltbog_export::save_access_pack(s, id, out).map_err(|e| match e {
        feltbog_export::Error::Write { .. } => invalid("--out", Problem::NotAllowed, e.to_string()),
        other => other.into(),
    })?;
    eprintln!(
        "the access pack is saved as {} ({} bytes); its making is in the access log",
        done.path, done.bytes
    );
    Ok(())
}

pub(super) fn referat(
    s: &mut Session,
    case: &str,
    step: Option<usize>,
    out: &std::path::Path,
) -> Result<()> {
    use feltbog_api::papers::StepPick;
    let id = case_id(s, case)?;
    let pick = step.map_or(StepPick::Latest, StepPick::Nth);
    let done = feltbog_export::save_referat(s, id, pick, None, out).map_err(|e| match e {
        feltbog_export::Error::Write { .. } => invalid("--out", Problem::NotAllowed, e.to_string()),
        feltbog_export::Error::Core(feltbog_core::Error::Invalid {
            field,
            problem,
            message,
        }) if field == "step" => {
            // Without --step the case itself has no conversation held.
            let flag = if step.is_some() { "--step" } else { "CASE" };
            invalid(flag, problem, message)
        }
        other => other.into(),
    })?;
    eprintln!(
        "the referat is saved as {} ({} bytes); it is in the access log",
        done.path, done.bytes
    );
    Ok(())
}

pub(super) fn verify_log(s: &mut Session, json: bool) -> Result<()> {
    let check = s.verify_access_log()?;
    out::chain_check(&check, json)?;
    match check.intact() {
        true => Ok(()),
        false => Err(broken_log(&check)),
    }
}

/// `case log`: who did what with which case, when.
pub(super) fn log(
    s: &Session,
    case: Option<String>,
    from: Option<String>,
    to: Option<String>,
    json: bool,
) -> Result<()> {
    let filter = AccessFilter {
        case_number: case,
        from: from.map(|d| parse_date("--from", &d)).transpose()?,
        to: to.map(|d| parse_date("--to", &d)).transpose()?,
    };
    out::log(&s.access_log(&filter)?, json)
}

/// `case remove-cpr`: says how many, and removes them only with `--yes`.
pub(super) fn remove_cpr(s: &mut Session, yes: bool) -> Result<()> {
    let n = s.stored_cpr_count()?;
    if !yes {
        eprintln!("{n} case(s) hold a CPR number; add --yes to remove them for good");
        return Ok(());
    }
    let removed = s.remove_all_cpr()?;
    eprintln!("{removed} CPR number(s) removed from the cases and their history");
    Ok(())
}

/// `case deletions`: what is due soon, and what was deleted.
pub(super) fn deletions(s: &mut Session, json: bool) -> Result<()> {
    let due = s.open_deletions_due()?;
    out::deletions(&due, &s.open_deletions()?, json)
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
        eprintln!("{}", out::retention_text(&plan.now, "at the next purge"));
        eprintln!(
            "{}",
            out::retention_text(&plan.soon, &format!("within {} days", plan.notice_days))
        );
    }
    Ok(())
}

pub(super) fn case_id(s: &Session, typed: &str) -> Result<CaseId> {
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

pub(super) fn add(s: &mut Session, a: CaseAdd) -> Result<()> {
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
    let created = s
        .add_case_for(&c, a.owner.as_deref())
        .map_err(crate::common::owner_flag)?;
    for m in earlier {
        eprintln!(
            "note: {} (notified {}) may be the same young person; if so: feltbog case link {} --to {}",
            m.number, m.notified, created.summary.number, m.number
        );
    }
    println!("{}", created.summary.number);
    Ok(())
}

pub(super) fn hold(s: &mut Session, h: CaseHold) -> Result<()> {
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

pub(super) fn step(
    s: &mut Session,
    case: &str,
    kind: Step,
    date: &str,
    details: StepInput,
) -> Result<()> {
    let id = case_id(s, case)?;
    let c = s.record_step(id, kind, parse_date("--date", date)?, &details)?;
    eprintln!("case {}: {} on {date}", c.summary.number, kind.as_str());
    Ok(())
}
