//! Rules for first-offence conversations: which step may follow which, the
//! dates a step may carry, the deadlines, repeat detection and the deletion
//! date. Pure: dates in, answers out.
//!
//! All date arithmetic is on calendar days (`NaiveDate`), so deadlines do not
//! move with daylight saving and run straight across the new year.

use super::visits::check_date;
use crate::{Error, Result};
use chrono::{Datelike, Days, NaiveDate};
use feltbog_api::cases::{Deadline, DeadlineKind, Step, STALE_NOTICE_DAYS};
use feltbog_api::Problem;

/// Default: a conversation is offered within this many days of the police
/// notification.
pub const OFFER_WITHIN_DAYS_DEFAULT: u32 = 7;
/// Default: the follow-up is held within this many weeks of the conversation.
pub const FOLLOW_UP_WITHIN_WEEKS_DEFAULT: u32 = 6;
/// Default: a closed case is deleted this many years after closing.
pub const DELETE_AFTER_YEARS_DEFAULT: u32 = 2;

/// Whether `next` may be recorded when the case stands at `current`; the
/// table is in the api so the screens offer exactly these steps.
pub fn may_follow(current: Step, next: Step) -> bool {
    current.may_be_followed_by(next)
}

/// Checks that `next` may follow `current` on `date`: in order, not before
/// `current_date` (see [`anchor`]), not in the future. A planned follow-up
/// is the one step whose date lies ahead: it is the day it is planned for.
pub fn check_step(
    current: Step,
    current_date: NaiveDate,
    next: Step,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<()> {
    if !may_follow(current, next) {
        return Err(Error::invalid(
            "step",
            Problem::NotAllowed,
            format!(
                "'{}' cannot be recorded after '{}'",
                next.as_str(),
                current.as_str()
            ),
        ));
    }
    check_date("step_date", date)?;
    if date < current_date {
        return Err(Error::invalid(
            "step_date",
            Problem::BeforeStart,
            format!("the date cannot be before the previous step ({current_date})"),
        ));
    }
    if date > today && next != Step::FollowUpPlanned {
        return Err(Error::invalid(
            "step_date",
            Problem::InFuture,
            "a step cannot be recorded for a day that has not come",
        ));
    }
    Ok(())
}

/// The date a new step may not precede: the latest date among the steps
/// recorded so far, leaving out a planned follow-up (it is a date ahead, not
/// a day something happened).
pub fn anchor(steps: &[(Step, NaiveDate)]) -> Option<NaiveDate> {
    steps
        .iter()
        .filter(|(s, _)| *s != Step::FollowUpPlanned)
        .map(|(_, d)| *d)
        .max()
}

/// Checks a corrected date for a step of kind `kind` with `before` and
/// `after` the steps around it: not before the ones before (see [`anchor`]),
/// not after a later step that happened, not in the future (except a
/// planned follow-up).
pub fn check_correction(
    kind: Step,
    before: &[(Step, NaiveDate)],
    after: &[(Step, NaiveDate)],
    date: NaiveDate,
    today: NaiveDate,
) -> Result<()> {
    check_date("step_date", date)?;
    if let Some(a) = anchor(before) {
        if date < a {
            return Err(Error::invalid(
                "step_date",
                Problem::BeforeStart,
                format!("the date cannot be before the previous step ({a})"),
            ));
        }
    }
    if kind != Step::FollowUpPlanned {
        if date > today {
            return Err(Error::invalid(
                "step_date",
                Problem::InFuture,
                "a step cannot be recorded for a day that has not come",
            ));
        }
        let next = after
            .iter()
            .filter(|(s, _)| *s != Step::FollowUpPlanned)
            .map(|(_, d)| *d)
            .min();
        if let Some(next) = next.filter(|n| date > *n) {
            return Err(Error::invalid(
                "step_date",
                Problem::NotAllowed,
                format!("the date cannot be after the next step ({next})"),
            ));
        }
    }
    Ok(())
}

/// The deadline a case at `step` waits on, if any: an invitation within
/// `offer_days` of the notification, or the follow-up within
/// `follow_up_weeks` of the conversation.
pub fn deadline(
    step: Step,
    notified: NaiveDate,
    held: Option<NaiveDate>,
    offer_days: u32,
    follow_up_weeks: u32,
    today: NaiveDate,
) -> Option<Deadline> {
    let (kind, due) = match (step, held) {
        (Step::Notified, _) => (DeadlineKind::Offer, offer_due(notified, offer_days)),
        (Step::Held | Step::FollowUpPlanned, Some(h)) => {
            (DeadlineKind::FollowUp, follow_up_due(h, follow_up_weeks))
        }
        _ => return None,
    };
    Some(Deadline {
        kind,
        due,
        overdue: overdue(due, today),
    })
}

/// The police notification's dates: the offence first, the notification
/// after it, neither in the future.
pub fn check_notification(offence: NaiveDate, notified: NaiveDate, today: NaiveDate) -> Result<()> {
    check_date("offence_date", offence)?;
    check_date("notified", notified)?;
    if offence > today {
        return Err(Error::invalid(
            "offence_date",
            Problem::InFuture,
            "cannot be in the future",
        ));
    }
    if notified > today {
        return Err(Error::invalid(
            "notified",
            Problem::InFuture,
            "cannot be in the future",
        ));
    }
    if notified < offence {
        return Err(Error::invalid(
            "notified",
            Problem::BeforeStart,
            "the police cannot have notified before the offence",
        ));
    }
    Ok(())
}

/// The last day a conversation should be offered (invited) by.
pub fn offer_due(notified: NaiveDate, within_days: u32) -> NaiveDate {
    add_days(notified, within_days.into())
}

/// The last day the follow-up should be held by.
pub fn follow_up_due(held: NaiveDate, within_weeks: u32) -> NaiveDate {
    add_days(held, u64::from(within_weeks) * 7)
}

/// Whether a deadline has passed on `today` (the due day itself is in time).
pub fn overdue(due: NaiveDate, today: NaiveDate) -> bool {
    today > due
}

/// Whole days from the notification to the conversation.
pub fn days_to_conversation(notified: NaiveDate, held: NaiveDate) -> i64 {
    (held - notified).num_days()
}

/// The day a closed case is deleted: `years` after closing (29 February
/// becomes 28 February in a year without it).
pub fn deletion_date(closed: NaiveDate, years: u32) -> NaiveDate {
    let year = closed.year() + years as i32;
    closed
        .with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, 2, 28))
        .unwrap_or(NaiveDate::MAX)
}

/// The day a case is deleted: a closed case `closed_years` after closing;
/// an open one `stale_years` after its last step, so a case nobody closed
/// is not kept for ever. A postponement a consultant made moves the day
/// later, never earlier (a new step after it can move the rule's day past
/// it).
pub fn deletion_due(
    closed: Option<NaiveDate>,
    last_step: NaiveDate,
    postponed: Option<NaiveDate>,
    closed_years: u32,
    stale_years: u32,
) -> NaiveDate {
    let by_rule = match closed {
        Some(c) => deletion_date(c, closed_years),
        None => deletion_date(last_step, stale_years),
    };
    postponed.map_or(by_rule, |p| p.max(by_rule))
}

/// Whether an open case is stale on `today`: its deletion day, by the
/// stale rule or a postponement, is within [`STALE_NOTICE_DAYS`].
pub fn is_stale(closed: Option<NaiveDate>, delete_on: NaiveDate, today: NaiveDate) -> bool {
    closed.is_none() && delete_on <= add_days(today, STALE_NOTICE_DAYS)
}

fn add_days(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

/// How a young person is matched to earlier cases: same name or initials
/// (ignoring case, spaces and dots), same birth year, same school.
pub fn same_young_person<S: PartialEq>(
    a: (&str, i32, Option<S>),
    b: (&str, i32, Option<S>),
) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '.')
            .flat_map(char::to_lowercase)
            .collect()
    };
    !key(a.0).is_empty() && key(a.0) == key(b.0) && a.1 == b.1 && a.2 == b.2
}

#[cfg(test)]
#[path = "cases_tests.rs"]
mod tests;
