use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn p(s: &str) -> ReportPeriod {
    s.parse().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_form_the_command_line_names_reads_and_writes_back() {
    for (s, from, to) in [
        ("2026-W48", d(2026, 11, 23), d(2026, 11, 29)),
        ("2026-W53", d(2026, 12, 28), d(2027, 1, 3)),
        ("2026-11", d(2026, 11, 1), d(2026, 11, 30)),
        ("2028-02", d(2028, 2, 1), d(2028, 2, 29)),
        ("2026-Q4", d(2026, 10, 1), d(2026, 12, 31)),
        ("2027-Q1", d(2027, 1, 1), d(2027, 3, 31)),
        ("2026/27-H1", d(2026, 8, 1), d(2027, 1, 31)),
        ("2026/27-H2", d(2027, 2, 1), d(2027, 7, 31)),
        ("2026/27", d(2026, 8, 1), d(2027, 7, 31)),
        ("2026", d(2026, 1, 1), d(2026, 12, 31)),
        ("2026-08-01..2026-12-31", d(2026, 8, 1), d(2026, 12, 31)),
    ] {
        let period = p(s);
        assert_eq!(period.days(), Some((from, to)), "{s}");
        assert_eq!(period.to_string(), s);
    }
    // Other spellings of the same periods.
    assert_eq!(p("2026/2027"), p("2026/27"));
    assert_eq!(p(" 2026-q4 "), p("2026-Q4"));
    assert_eq!(p("2026/27-h2"), p("2026/27-H2"));
    assert_eq!(p("2026-1"), p("2026-01"));
}

#[test]
fn what_is_not_a_period_is_refused_with_the_forms() {
    for s in [
        "",
        "2026-13",
        "2026-Q5",
        "2026-Q0",
        "2025-W53",
        "2026/28",
        "2099/00",
        "2026/27-H3",
        "26",
        "2026-12-31..2026-08-01",
        "2026-08-01..",
        "2026-08-01..2026-08-06",
        "1999",
        "2100-01",
        "november",
        "2026-011",
    ] {
        let e = s.parse::<ReportPeriod>().expect_err(s);
        assert!(e.contains("2026/27-H1"), "{s}: {e}");
    }
    assert!("2026/28"
        .parse::<ReportPeriod>()
        .unwrap_err()
        .contains("two years in a row"));
    assert!("2026-12-31..2026-08-01"
        .parse::<ReportPeriod>()
        .unwrap_err()
        .contains("comes after"));
    assert!("2026-08-01..2026-08-06"
        .parse::<ReportPeriod>()
        .unwrap_err()
        .contains("at least 7 days"));
    assert!("2026-08-01..2026-08-07".parse::<ReportPeriod>().is_ok());
}

#[test]
fn a_school_year_is_its_two_halves_and_steps_across_new_year() {
    let year = p("2026/27");
    let (h1, h2) = (p("2026/27-H1"), p("2026/27-H2"));
    assert_eq!(h1.days().unwrap().0, year.days().unwrap().0);
    assert_eq!(h1.days().unwrap().1.succ_opt(), Some(h2.days().unwrap().0));
    assert_eq!(h2.days().unwrap().1, year.days().unwrap().1);
    assert_eq!(h1.next(), h2);
    assert_eq!(h2.next(), p("2027/28-H1"));
    assert_eq!(p("2026-12").next(), p("2027-01"));
    assert_eq!(p("2027-Q1").prev(), p("2026-Q4"));
    assert_eq!(p("2026-W53").next(), p("2027-W01"));
    assert_eq!(
        p("2026-08-01..2026-08-10").next(),
        p("2026-08-11..2026-08-20")
    );
    // 31 January is the autumn half's; 1 February the spring's.
    assert_eq!(
        ReportPeriod::containing(PeriodKind::SchoolHalf, d(2027, 1, 31)),
        h1
    );
    assert_eq!(
        ReportPeriod::containing(PeriodKind::SchoolHalf, d(2027, 2, 1)),
        h2
    );
    assert_eq!(
        ReportPeriod::containing(PeriodKind::SchoolYear, d(2027, 7, 31)),
        year
    );
    assert_eq!(
        ReportPeriod::containing(PeriodKind::SchoolYear, d(2027, 8, 1)),
        p("2027/28")
    );
    // The edge of the accepted years is not stepped past.
    assert_eq!(p("2000").prev(), p("2000"));
}

#[test]
fn a_period_from_ipc_that_does_not_exist_has_no_days() {
    for bad in [
        ReportPeriod::Month {
            year: 2026,
            month: 0,
        },
        ReportPeriod::Quarter {
            year: 2026,
            quarter: 5,
        },
        ReportPeriod::SchoolHalf {
            start: 2026,
            half: 3,
        },
        ReportPeriod::Year { year: 1999 },
        ReportPeriod::Range {
            from: d(2026, 2, 1),
            to: d(2026, 1, 1),
        },
    ] {
        assert_eq!(bad.days(), None, "{bad:?}");
        assert_eq!(bad.next(), bad);
    }
}

#[test]
fn file_names_hold_no_slash() {
    for s in [
        "2026/27",
        "2026/27-H1",
        "2026-08-01..2026-12-31",
        "2026-W48",
    ] {
        let part = p(s).file_part();
        assert!(!part.contains(['/', ':', '.']), "{part}");
    }
    assert_eq!(p("2026-W48").file_part(), "2026-U48");
    assert_eq!(p("2026/27-H1").file_part(), "2026-27-H1");
}

proptest! {
    /// Every kind of period holds the day it was made from, steps forward
    /// and back to itself, and writes back to the same text.
    #[test]
    fn periods_hold_their_day_and_step_back(days in 0i64..35_000, k in 0usize..7) {
        let day = d(2001, 1, 1) + chrono::Duration::days(days);
        let kind = PeriodKind::ALL[k];
        let period = ReportPeriod::containing(kind, day);
        let (a, b) = period.days().unwrap();
        prop_assert!(a <= day && day <= b);
        prop_assert_eq!(period.next().prev(), period);
        prop_assert_eq!(period.to_string().parse::<ReportPeriod>(), Ok(period));
        // The next period starts the day after this one ends.
        if let Some((next_a, _)) = period.next().days() {
            prop_assert_eq!(b.succ_opt(), Some(next_a));
        }
    }

    #[test]
    fn reading_any_text_never_panics(s in "\\PC{0,30}") {
        let _ = s.parse::<ReportPeriod>();
    }
}
