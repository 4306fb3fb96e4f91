//! The calendar export's rules: which period may be exported, and what an
//! event is made of. An event carries the day, the place and the purpose
//! or theme only: never notes, follow-up or agreement texts, and nothing
//! of a case (a calendar file leaves the encrypted profile and ends up in
//! Outlook, on phones and on shared screens). Pure.

use super::visits::check_date;
use crate::{Error, Result};
use chrono::NaiveDate;
use feltbog_api::cafes::{CafeKind, CafeTheme};
use feltbog_api::visits::VisitPurpose;
use feltbog_api::Problem;

/// The longest period one export may cover: two years, enough for a school
/// year and its planning, and a bound on the file.
pub const MAX_DAYS: i64 = 731;

/// What an event is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    Visit {
        purpose: VisitPurpose,
        purpose_other: String,
    },
    Cafe {
        kind: CafeKind,
        theme: CafeTheme,
        theme_other: String,
    },
}

/// A visit or café as a calendar event. `uid` is the record's id, so a
/// second export of the same record updates the event a calendar already
/// holds instead of adding a copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    pub uid: String,
    pub date: NaiveDate,
    /// The school's name, or the café's area.
    pub place: String,
    pub kind: EventKind,
}

/// Checks the period: real dates, `from` not after `to`, at most
/// [`MAX_DAYS`] days.
pub fn check_period(from: NaiveDate, to: NaiveDate) -> Result<()> {
    check_date("from", from)?;
    check_date("to", to)?;
    if to < from {
        return Err(Error::invalid(
            "to",
            Problem::BeforeStart,
            format!("the period's last day cannot be before its first ({from})"),
        ));
    }
    if (to - from).num_days() > MAX_DAYS {
        return Err(Error::invalid(
            "to",
            Problem::OutOfRange {
                min: 0,
                max: MAX_DAYS,
            },
            format!("a calendar covers at most {MAX_DAYS} days; choose a shorter period"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_period_runs_forward_and_at_most_two_years() {
        assert!(check_period(d(2026, 12, 1), d(2026, 12, 1)).is_ok());
        assert!(check_period(d(2026, 12, 1), d(2028, 12, 1)).is_ok());
        let backwards = check_period(d(2026, 12, 2), d(2026, 12, 1)).unwrap_err();
        assert!(
            backwards.to_string().contains("before its first"),
            "{backwards}"
        );
        let long = check_period(d(2026, 12, 1), d(2028, 12, 2)).unwrap_err();
        assert!(long.to_string().contains("at most 731 days"), "{long}");
    }
}
