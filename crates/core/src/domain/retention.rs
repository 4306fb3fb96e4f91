//! When the deletion of cases on their day must wait for a person: a
//! computer whose date jumps years ahead (a dead clock battery, a wrong
//! manual setting) would otherwise delete every closed case at the next
//! unlock, for good. Pure: dates and counts in, a verdict out.

use chrono::{Datelike, NaiveDate};
use feltbog_api::cases::PurgeHold;

/// Today this far past the latest date seen is a jump, not a holiday (a
/// summer break is about seven weeks).
pub const CLOCK_JUMP_DAYS: i64 = 60;
/// At least this many at once, and more than a quarter of all cases, is
/// unusual.
pub const MANY_AT_ONCE: usize = 10;

/// Whether deleting `due` of `cases` cases today must wait for a person.
/// `last_seen`: the latest date Feltbog has seen on this profile (`None`:
/// never, a new profile). The cases-only form of [`hold`].
pub fn purge_hold(
    last_seen: Option<NaiveDate>,
    today: NaiveDate,
    due: usize,
    cases: usize,
) -> Option<PurgeHold> {
    let due = Due {
        cases: due,
        all_cases: cases,
        ..Due::default()
    };
    hold(last_seen, today, &due)
}

/// At least [`MANY_AT_ONCE`], and more than a quarter of all.
fn many(due: usize, of: usize) -> bool {
    due >= MANY_AT_ONCE && due * 4 > of
}

/// What a purge would delete today, beside how much there is.
#[derive(Debug, Clone, Copy, Default)]
pub struct Due {
    pub cases: usize,
    pub all_cases: usize,
    /// Visits, cafés and survey rounds.
    pub records: usize,
    pub all_records: usize,
    /// Access-log entries and deletion records.
    pub log_entries: usize,
}

/// Whether the whole purge must wait for a person: a date that jumped
/// holds every deletion (the logs are evidence, not to be trimmed by a
/// wrong clock); unusually many cases, or unusually many of the other
/// records, hold it too. The logs are never "many": they grow by design.
pub fn hold(last_seen: Option<NaiveDate>, today: NaiveDate, due: &Due) -> Option<PurgeHold> {
    let anything = due.cases + due.records + due.log_entries;
    if anything == 0 {
        return None;
    }
    if let Some(last) = last_seen {
        if (today - last).num_days() > CLOCK_JUMP_DAYS {
            return Some(PurgeHold::ClockJump {
                last_seen: last,
                today,
                due: due.cases as u32,
                others: (due.records + due.log_entries) as u32,
            });
        }
    }
    if many(due.cases, due.all_cases) {
        return Some(PurgeHold::Many {
            due: due.cases as u32,
            cases: due.all_cases as u32,
        });
    }
    many(due.records, due.all_records).then_some(PurgeHold::ManyRecords {
        due: due.records as u32,
        records: due.all_records as u32,
    })
}

/// The latest date a record may carry to be due for deletion on `today`
/// when it is kept `years`: a record dated D goes on the day D + `years`,
/// as a closed case does (`domain::cases::deletion_date`: 29 February
/// counts as 28 February in a year without it).
pub fn due_through(today: NaiveDate, years: u32) -> NaiveDate {
    let year = today.year() - years as i32;
    let leap_day = NaiveDate::from_ymd_opt(year, 2, 29);
    let today_leap = NaiveDate::from_ymd_opt(today.year(), 2, 29).is_some();
    if (today.month(), today.day()) == (2, 28) && !today_leap {
        if let Some(d) = leap_day {
            return d;
        }
    }
    today
        .with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, 2, 28))
        .unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn a_clock_years_ahead_holds_a_holiday_does_not() {
        let last = Some(d(2026, 12, 1));
        assert!(matches!(
            purge_hold(last, d(2031, 3, 5), 3, 40),
            Some(PurgeHold::ClockJump { due: 3, .. })
        ));
        assert_eq!(
            purge_hold(last, d(2027, 1, 20), 3, 40),
            None,
            "seven weeks off"
        );
        assert_eq!(purge_hold(last, d(2031, 3, 5), 0, 40), None, "nothing due");
        assert_eq!(
            purge_hold(None, d(2031, 3, 5), 3, 40),
            None,
            "a new profile"
        );
        assert_eq!(
            purge_hold(last, d(2026, 1, 1), 3, 40),
            None,
            "a clock set back deletes less"
        );
    }

    #[test]
    fn a_record_is_due_on_the_day_its_years_are_up() {
        use crate::domain::cases::deletion_date;
        for (dated, years) in [
            (d(2021, 12, 2), 5),
            (d(2024, 2, 29), 1),
            (d(2024, 2, 29), 4),
            (d(2023, 3, 1), 5),
        ] {
            let day = deletion_date(dated, years);
            assert!(dated <= due_through(day, years), "{dated} on {day}");
            let before = day.pred_opt().unwrap_or_default();
            assert!(
                dated > due_through(before, years),
                "{dated} the day before {day}"
            );
        }
    }

    #[test]
    fn a_jump_holds_every_deletion_and_many_records_hold_as_many_cases_do() {
        let last = Some(d(2026, 12, 1));
        let due = |cases, records, log_entries| Due {
            cases,
            all_cases: 100,
            records,
            all_records: 100,
            log_entries,
        };
        assert!(matches!(
            hold(last, d(2026, 12, 2), &due(0, 40, 0)),
            Some(PurgeHold::ManyRecords {
                due: 40,
                records: 100
            })
        ));
        assert!(matches!(
            hold(last, d(2026, 12, 2), &due(30, 40, 0)),
            Some(PurgeHold::Many {
                due: 30,
                cases: 100
            })
        ));
        assert!(matches!(
            hold(last, d(2031, 12, 2), &due(0, 0, 500)),
            Some(PurgeHold::ClockJump {
                due: 0,
                others: 500,
                ..
            })
        ));
        assert_eq!(
            hold(last, d(2026, 12, 2), &due(3, 3, 5000)),
            None,
            "logs are never many"
        );
        assert_eq!(hold(last, d(2031, 12, 2), &due(0, 0, 0)), None);
    }

    #[test]
    fn many_at_once_holds_a_few_do_not() {
        let last = Some(d(2026, 12, 1));
        let today = d(2026, 12, 2);
        assert!(matches!(
            purge_hold(last, today, 12, 30),
            Some(PurgeHold::Many { due: 12, cases: 30 })
        ));
        assert_eq!(
            purge_hold(last, today, 12, 100),
            None,
            "12 of 100 is ordinary"
        );
        assert_eq!(purge_hold(last, today, 9, 9), None, "under ten");
    }
}
