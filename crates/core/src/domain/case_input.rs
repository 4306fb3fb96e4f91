//! Checking what is typed into a first-offence case: the notification, each
//! step's details, a repeat decision and a postponed deletion. Pure.

use super::cases::check_notification;
use super::text::{self, clean};
use super::visits::check_date;
use super::Valid;
use crate::{Error, Result};
use chrono::{Datelike, NaiveDate};
use feltbog_api::cases::{Law, NewCase, Offence, RepeatDecision, Role, Step, StepInput};
use feltbog_api::Problem;

/// First name or initials: short on purpose.
pub const INITIALS_MAX: usize = 30;
/// Police journal numbers ("1200-12345-00012-26") fit easily.
pub const JOURNAL_MAX: usize = 40;
/// The youngest and oldest ages a first-offence case can concern.
const AGE_MIN: i32 = 5;
const AGE_MAX: i32 = 30;

/// Checks a notification. `cpr_allowed` is the municipality's setting.
pub fn validate_case(c: &NewCase, today: NaiveDate, cpr_allowed: bool) -> Result<Valid<NewCase>> {
    let initials = clean("initials", &c.initials, true, INITIALS_MAX)?;
    if initials.chars().any(|ch| ch.is_ascii_digit()) {
        return Err(Error::invalid(
            "initials",
            Problem::NotAllowed,
            "write a first name or initials, without digits",
        ));
    }
    let (lo, hi) = (today.year() - AGE_MAX, today.year() - AGE_MIN);
    if !(lo..=hi).contains(&c.birth_year) {
        return Err(Error::invalid(
            "birth_year",
            Problem::OutOfRange {
                min: lo.into(),
                max: hi.into(),
            },
            format!("must be a year from {lo} to {hi}"),
        ));
    }
    let cpr = check_cpr(&c.cpr, c.birth_year, cpr_allowed)?;
    let law_other = other_text("law_other", c.law == Law::Other, &c.law_other)?;
    let offence_other = other_text(
        "offence_other",
        c.offence == Offence::Other,
        &c.offence_other,
    )?;
    check_notification(c.offence_date, c.notified, today)?;
    Ok(Valid(NewCase {
        journal: clean("journal", &c.journal, false, JOURNAL_MAX)?,
        initials,
        cpr,
        law_other,
        offence_other,
        ..c.clone()
    }))
}

/// A text that is required when "other" is picked and dropped otherwise.
fn other_text(field: &str, needed: bool, value: &str) -> Result<String> {
    if needed {
        clean(field, value, true, text::SHORT_TEXT_MAX)
    } else {
        Ok(String::new())
    }
}

/// A CPR number: only where allowed; ten digits (a dash or spaces may be
/// typed), a real day and month, and the birth year's last two digits.
fn check_cpr(cpr: &str, birth_year: i32, allowed: bool) -> Result<String> {
    let digits: String = cpr.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    if digits.is_empty() {
        return Ok(String::new());
    }
    if !allowed {
        return Err(Error::invalid(
            "cpr",
            Problem::NotAllowed,
            "this municipality does not record CPR numbers (see the settings); leave it empty",
        ));
    }
    let bad = |msg: &str| Err(Error::invalid("cpr", Problem::NotAllowed, msg));
    if digits.len() != 10 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return bad("a CPR number has ten digits, written DDMMÅÅ-XXXX");
    }
    let num = |r: std::ops::Range<usize>| digits[r].parse::<u32>().unwrap_or(0);
    let (day, month, yy) = (num(0..2), num(2..4), num(4..6));
    let year = birth_year - birth_year.rem_euclid(100) + yy as i32;
    if NaiveDate::from_ymd_opt(year, month, day).is_none() {
        return bad("the first six digits are not a date (DDMMÅÅ)");
    }
    if yy as i32 != birth_year.rem_euclid(100) {
        return bad("the year in the CPR number does not match the birth year");
    }
    Ok(format!("{}-{}", &digits[..6], &digits[6..]))
}

/// Checks a step's details and keeps only the fields that belong to `step`.
pub fn validate_step_details(step: Step, d: &StepInput) -> Result<Valid<StepInput>> {
    let mut out = StepInput::default();
    match step {
        Step::Invited => out.method = d.method,
        Step::Held => {
            let mut roles: Vec<Role> = Vec::new();
            for r in &d.participants {
                if !roles.contains(r) {
                    roles.push(*r);
                }
            }
            if !roles.contains(&Role::YoungPerson) {
                return Err(Error::invalid(
                    "participants",
                    Problem::Required,
                    "the young person must be among the participants of a conversation held",
                ));
            }
            out.participants = roles;
            out.place = clean("place", &d.place, false, text::SHORT_TEXT_MAX)?;
            out.situation = clean("situation", &d.situation, false, text::NOTES_MAX)?;
            out.consequences = clean("consequences", &d.consequences, false, text::NOTES_MAX)?;
            out.agreements = clean("agreements", &d.agreements, false, text::NOTES_MAX)?;
        }
        Step::FollowUpHeld => out.outcome = clean("outcome", &d.outcome, false, text::NOTES_MAX)?,
        Step::Closed => out.reason = clean("reason", &d.reason, true, text::SHORT_TEXT_MAX)?,
        Step::Notified | Step::Accepted | Step::Declined | Step::FollowUpPlanned => {}
    }
    Ok(Valid(out))
}

/// Checks a repeat decision: "other" needs words, the date lies between the
/// notification and today.
pub fn check_decision(
    decision: RepeatDecision,
    other: &str,
    date: NaiveDate,
    notified: NaiveDate,
    today: NaiveDate,
) -> Result<String> {
    check_date("decision_date", date)?;
    if date < notified {
        return Err(Error::invalid(
            "decision_date",
            Problem::BeforeStart,
            format!("the decision cannot be before the notification ({notified})"),
        ));
    }
    if date > today {
        return Err(Error::invalid(
            "decision_date",
            Problem::InFuture,
            "cannot be in the future",
        ));
    }
    other_text("other", decision == RepeatDecision::Other, other)
}

/// Why a step or the notification was corrected: required, kept with the
/// old version.
pub fn correction_reason(reason: &str) -> Result<String> {
    clean("correction_reason", reason, true, text::SHORT_TEXT_MAX)
}

/// The longest a deletion can be put off in one go, from today.
pub const POSTPONE_MAX_DAYS: u64 = 366;

/// Checks a postponed deletion: later than the current date, at most a year
/// ahead, and a reason.
pub fn check_postpone(
    until: NaiveDate,
    current: NaiveDate,
    reason: &str,
    today: NaiveDate,
) -> Result<String> {
    check_date("until", until)?;
    if until <= current {
        return Err(Error::invalid(
            "until",
            Problem::BeforeStart,
            format!("must be after the current deletion date ({current})"),
        ));
    }
    let max = today + chrono::Days::new(POSTPONE_MAX_DAYS);
    if until > max {
        return Err(Error::invalid(
            "until",
            Problem::OutOfRange {
                min: 1,
                max: POSTPONE_MAX_DAYS as i64,
            },
            format!("can be put off at most a year at a time (until {max})"),
        ));
    }
    clean("reason", reason, true, text::SHORT_TEXT_MAX)
}

/// A fresh pseudonymous case number from 40 random bits: "K-7F3Q-92XA"
/// (Crockford base32: no I, L, O or U, so it reads aloud and types well).
/// Random rather than counted, so devices never hand out the same number
/// and the number says nothing about how many cases there are.
pub fn case_number(random: u64) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let chars: Vec<char> = (0..8)
        .map(|i| ALPHABET[((random >> (5 * (7 - i))) & 31) as usize] as char)
        .collect();
    let (a, b) = chars.split_at(4);
    format!(
        "K-{}-{}",
        a.iter().collect::<String>(),
        b.iter().collect::<String>()
    )
}

/// A case number as typed (any case, with or without dashes or "K").
pub fn normalize_case_number(typed: &str) -> String {
    let core: String = typed
        .trim()
        .to_uppercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let core = match core.len() {
        9 if core.starts_with('K') => core[1..].to_owned(),
        _ => core,
    };
    if core.len() == 8 {
        format!("K-{}-{}", &core[..4], &core[4..])
    } else {
        typed.trim().to_uppercase()
    }
}

#[cfg(test)]
#[path = "case_input_tests.rs"]
mod tests;
