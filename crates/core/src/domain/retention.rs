//! When the deletion of cases on their day must wait for a person: a
//! computer whose date jumps years ahead (a dead clock battery, a wrong
//! manual setting) would otherwise delete every closed case at the next
//! unlock, for good. Pure: dates and counts in, a verdict out.

use chrono::NaiveDate;
use feltbog_api::cases::PurgeHold;

/// Today this far past the latest date seen is a jump, not a holiday (a
/// summer break is about seven weeks).
pub const CLOCK_JUMP_DAYS: i64 = 60;
/// At least this many at once, and more than a quarter of all cases, is
/// unusual.
pub const MANY_AT_ONCE: usize = 10;

/// Whether deleting `due` of `cases` cases today must wait for a person.
/// `last_seen`: the latest date Feltbog has seen on this profile (`None`:
/// never, a new profile).
pub fn purge_hold(
    last_seen: Option<NaiveDate>,
    today: NaiveDate,
    due: usize,
    cases: usize,
) -> Option<PurgeHold> {
    if due == 0 {
        return None;
    }
    if let Some(last) = last_seen {
        if (today - last).num_days() > CLOCK_JUMP_DAYS {
            return Some(PurgeHold::ClockJump {
                last_seen: last,
                today,
                due: due as u32,
            });
        }
    }
    if due >= MANY_AT_ONCE && due * 4 > cases {
        return Some(PurgeHold::Many {
            due: due as u32,
            cases: cases as u32,
        });
    }
    None
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
