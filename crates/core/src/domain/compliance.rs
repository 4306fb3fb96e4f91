//! The figures of the data-protection papers that are rules, not reads:
//! the months deletions are counted over, and what a retention purge's
//! access-log entry says it deleted. The entry's detail (`visits=3
//! access_log=120`) is written and read here, so the two cannot drift.

use chrono::{Months, NaiveDate};
use feltbog_api::compliance::DELETED_MONTHS;
use feltbog_api::profile::RetentionCounts;

/// The first day of the months the papers count deletions over: the same
/// day [`DELETED_MONTHS`] months before `today`, the day after it.
pub fn deleted_since(today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_months(Months::new(DELETED_MONTHS))
        .and_then(|d| d.succ_opt())
        .unwrap_or(NaiveDate::MIN)
}

/// Each kind's word in a purge's detail, and its count.
fn slots(c: &mut RetentionCounts) -> [(&'static str, &mut u32); 7] {
    [
        ("visits", &mut c.visits),
        ("cafes", &mut c.cafes),
        ("survey_rounds", &mut c.survey_rounds),
        ("activities", &mut c.activities),
        ("pending", &mut c.pending),
        ("access_log", &mut c.access_entries),
        ("deletions", &mut c.deletions),
    ]
}

/// A purge's access-log detail: how many of each kind, never which.
pub fn purge_detail(c: &RetentionCounts) -> String {
    let mut c = c.clone();
    slots(&mut c)
        .into_iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| format!("{k}={n}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Adds what one purge's log entry says it deleted to `sum`. A word it does
/// not know (from a later version) or a count that does not read is left
/// out: the papers then say less, never more, than was deleted.
pub fn add_purge(sum: &mut RetentionCounts, detail: &str) {
    for part in detail.split_whitespace() {
        let Some((kind, n)) = part.split_once('=') else {
            continue;
        };
        let Ok(n) = n.parse::<u32>() else { continue };
        if let Some((_, slot)) = slots(sum).into_iter().find(|(k, _)| *k == kind) {
            *slot = slot.saturating_add(n);
        }
    }
}

/// Sets each kind's count in `into` to `f` of it and `other`'s.
fn combine(into: &mut RetentionCounts, mut other: RetentionCounts, f: fn(u32, u32) -> u32) {
    for ((_, a), (_, b)) in slots(into).into_iter().zip(slots(&mut other)) {
        *a = f(*a, *b);
    }
}

/// One purge's access-log entry: the UTC day it ran, the device, and
/// its detail.
pub struct Purge<'a> {
    pub day: &'a str,
    pub device: &'a str,
    pub detail: &'a str,
}

/// What the retention rules deleted, from the purges' log entries. Every
/// device deletes the team's records by the same rule and its deletion
/// reaches the others, so the same records are often deleted by two
/// devices that purged the same day before syncing: for the team's
/// records, each day counts the most any one device deleted that day. The
/// access log is trimmed by every device in its own copy: only `me`'s
/// trims count.
pub fn deleted_by_purges(purges: &[Purge<'_>], me: &str) -> RetentionCounts {
    use std::collections::BTreeMap;
    let mut by_day: BTreeMap<&str, RetentionCounts> = BTreeMap::new();
    let mut own_log = 0u32;
    for p in purges {
        let mut one = RetentionCounts::default();
        add_purge(&mut one, p.detail);
        if p.device == me {
            own_log = own_log.saturating_add(one.access_entries);
        }
        combine(by_day.entry(p.day).or_default(), one, u32::max);
    }
    let mut sum = RetentionCounts::default();
    for day in by_day.into_values() {
        combine(&mut sum, day, u32::saturating_add);
    }
    sum.access_entries = own_log;
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_months_end_today_and_begin_a_year_and_a_day_back() {
        assert_eq!(deleted_since(day("2026-12-05")), day("2025-12-06"));
        // A leap day's year back is the last of February.
        assert_eq!(deleted_since(day("2028-02-29")), day("2027-03-01"));
    }

    #[test]
    fn a_detail_written_reads_back_the_same() {
        let c = RetentionCounts {
            visits: 3,
            cafes: 0,
            survey_rounds: 2,
            activities: 4,
            pending: 1,
            access_entries: 120,
            deletions: 7,
        };
        assert_eq!(
            purge_detail(&c),
            "visits=3 survey_rounds=2 activities=4 pending=1 access_log=120 deletions=7"
        );
        let mut back = RetentionCounts::default();
        add_purge(&mut back, &purge_detail(&c));
        assert_eq!(back, c);
    }

    #[test]
    fn the_same_day_counts_once_across_devices_and_the_log_only_here() {
        let p = |day, device, detail| Purge {
            day,
            device,
            detail,
        };
        let purges = [
            // Both devices deleted the same three visits on the 1st.
            p("2026-03-01", "me", "visits=3 access_log=10"),
            p("2026-03-01", "peer", "visits=3 cafes=1 access_log=40"),
            // Only the peer purged on the 2nd.
            p("2026-03-02", "peer", "visits=2 activities=5"),
            p("2026-03-04", "me", "visits=1"),
        ];
        let c = deleted_by_purges(&purges, "me");
        assert_eq!(
            c,
            RetentionCounts {
                visits: 6,
                cafes: 1,
                activities: 5,
                access_entries: 10,
                ..Default::default()
            }
        );
    }

    #[test]
    fn every_purge_entry_adds_its_counts_and_unknown_words_add_nothing() {
        let mut sum = RetentionCounts::default();
        add_purge(&mut sum, "visits=3 access_log=120");
        add_purge(
            &mut sum,
            "visits=2 cafes=1 survey_rounds=4 pending=5 deletions=6",
        );
        add_purge(&mut sum, "contacts=9 visits=x cafes");
        assert_eq!(
            sum,
            RetentionCounts {
                visits: 5,
                cafes: 1,
                survey_rounds: 4,
                activities: 0,
                pending: 5,
                access_entries: 120,
                deletions: 6,
            }
        );
    }
}
