//! Dates the Danish way: "22. nov. 2026", "22-11-2026", ISO weeks ("uge 47").
//!
//! Pure functions shared by the UI (display and parsing what the user typed)
//! and the CLI; core decides what is *allowed*.

use crate::profile::Language;
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Years a record date may fall in. Anything outside is a typing mistake.
pub const SANE_YEARS: std::ops::RangeInclusive<i32> = 2000..=2099;

/// Whether a date lies in [`SANE_YEARS`].
pub fn is_sane(d: NaiveDate) -> bool {
    SANE_YEARS.contains(&d.year())
}

const MONTHS_DA: [&str; 12] = [
    "jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS_DA: [&str; 7] = ["man.", "tirs.", "ons.", "tors.", "fre.", "lør.", "søn."];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// "22. nov. 2026" (Danish) or "22 Nov 2026" (English).
pub fn format_long(d: NaiveDate, lang: Language) -> String {
    let m = d.month0() as usize;
    match lang {
        Language::Da => format!("{}. {} {}", d.day(), MONTHS_DA[m], d.year()),
        Language::En => format!("{} {} {}", d.day(), MONTHS_EN[m], d.year()),
    }
}

/// A compact range: "23.–29. nov. 2026", "30. nov. – 6. dec. 2026",
/// or both dates in full across a new year.
pub fn format_range(a: NaiveDate, b: NaiveDate, lang: Language) -> String {
    let full_b = format_long(b, lang);
    if a.year() != b.year() {
        return format!("{} – {full_b}", format_long(a, lang));
    }
    let months = match lang {
        Language::Da => &MONTHS_DA,
        Language::En => &MONTHS_EN,
    };
    let sep = if lang == Language::Da { "." } else { "" };
    if a.month() == b.month() {
        format!("{}{sep}–{full_b}", a.day())
    } else {
        format!(
            "{}{sep} {} – {full_b}",
            a.day(),
            months[a.month0() as usize]
        )
    }
}

/// "man. 22. nov. 2026": with the weekday, for lists of days.
pub fn format_with_weekday(d: NaiveDate, lang: Language) -> String {
    let w = d.weekday().num_days_from_monday() as usize;
    let day = match lang {
        Language::Da => WEEKDAYS_DA[w],
        Language::En => WEEKDAYS_EN[w],
    };
    format!("{day} {}", format_long(d, lang))
}

/// "22-11-2026": the short Danish form, also what date fields show.
pub fn format_short(d: NaiveDate) -> String {
    format!("{:02}-{:02}-{}", d.day(), d.month(), d.year())
}

/// Reads a date as a Danish user types it: "22-11-2026", "22.11.2026",
/// "22/11/2026", "22-11-26", or ISO "2026-11-22". Returns `None` for anything
/// that is not a real calendar date.
pub fn parse_user_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['-', '.', '/']).map(str::trim).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    // ISO order when the first part is a four-digit year.
    let (d, y) = if d.len() == 4 { (y, d) } else { (d, y) };
    let (d, m, y): (u32, u32, i32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    let y = match y {
        0..=99 => 2000 + y,
        1000..=9999 => y,
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

/// An ISO 8601 week: Monday to Sunday, week 1 holds the year's first Thursday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct IsoWeek {
    pub year: i32,
    pub week: u32,
}

impl IsoWeek {
    /// The week a date falls in.
    pub fn of(d: NaiveDate) -> Self {
        let w = d.iso_week();
        Self {
            year: w.year(),
            week: w.week(),
        }
    }

    /// The week's Monday, or `None` if the week does not exist (e.g. week 53
    /// of a year with 52).
    pub fn monday(self) -> Option<NaiveDate> {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon)
    }

    /// The week's Sunday.
    pub fn sunday(self) -> Option<NaiveDate> {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Sun)
    }

    /// The following week (across new year where needed).
    pub fn next(self) -> Self {
        self.monday()
            .and_then(|m| m.checked_add_days(chrono::Days::new(7)))
            .map_or(self, Self::of)
    }

    /// The week before.
    pub fn prev(self) -> Self {
        self.monday()
            .and_then(|m| m.checked_sub_days(chrono::Days::new(7)))
            .map_or(self, Self::of)
    }
}

impl fmt::Display for IsoWeek {
    /// "2026-W47", the ISO form the CLI accepts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

impl FromStr for IsoWeek {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("'{s}' is not a week; write it as YYYY-Www, e.g. 2026-W47");
        let (y, w) = s.trim().split_once(['-']).ok_or_else(bad)?;
        let w = w.strip_prefix(['W', 'w']).ok_or_else(bad)?;
        let wk = IsoWeek {
            year: y.parse().map_err(|_| bad())?,
            week: w.parse().map_err(|_| bad())?,
        };
        wk.monday().map(|_| wk).ok_or_else(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn formats_the_danish_way() {
        assert_eq!(format_long(d(2026, 11, 22), Language::Da), "22. nov. 2026");
        assert_eq!(format_long(d(2026, 5, 1), Language::Da), "1. maj 2026");
        assert_eq!(format_long(d(2026, 11, 22), Language::En), "22 Nov 2026");
        assert_eq!(format_short(d(2026, 1, 2)), "02-01-2026");
        assert_eq!(
            format_with_weekday(d(2026, 11, 23), Language::Da),
            "man. 23. nov. 2026"
        );
    }

    #[test]
    fn ranges_are_compact() {
        let da = Language::Da;
        assert_eq!(
            format_range(d(2026, 11, 23), d(2026, 11, 29), da),
            "23.–29. nov. 2026"
        );
        assert_eq!(
            format_range(d(2026, 11, 30), d(2026, 12, 6), da),
            "30. nov. – 6. dec. 2026"
        );
        assert_eq!(
            format_range(d(2026, 12, 28), d(2027, 1, 3), da),
            "28. dec. 2026 – 3. jan. 2027"
        );
        assert_eq!(
            format_range(d(2026, 11, 23), d(2026, 11, 29), Language::En),
            "23–29 Nov 2026"
        );
    }

    #[test]
    fn parses_what_users_type() {
        for s in [
            "22-11-2026",
            "22.11.2026",
            "22/11/2026",
            "2026-11-22",
            " 22-11-26 ",
        ] {
            assert_eq!(parse_user_date(s), Some(d(2026, 11, 22)), "{s}");
        }
        for s in ["31-02-2026", "", "i går", "22-13-2026", "1-1-123"] {
            assert_eq!(parse_user_date(s), None, "{s}");
        }
    }

    #[test]
    fn iso_weeks_cross_new_year() {
        // 1 Jan 2027 is a Friday: it belongs to week 53 of 2026.
        assert_eq!(
            IsoWeek::of(d(2027, 1, 1)),
            IsoWeek {
                year: 2026,
                week: 53
            }
        );
        assert_eq!(
            IsoWeek {
                year: 2026,
                week: 53
            }
            .next(),
            IsoWeek {
                year: 2027,
                week: 1
            }
        );
        assert_eq!(
            "2026-W47".parse(),
            Ok(IsoWeek {
                year: 2026,
                week: 47
            })
        );
        assert!("2025-W53".parse::<IsoWeek>().is_err());
        assert!("47".parse::<IsoWeek>().is_err());
    }

    proptest! {
        #[test]
        fn a_date_lies_in_its_week(days in 0i64..40_000) {
            let date = d(2000, 1, 1) + chrono::Duration::days(days);
            let w = IsoWeek::of(date);
            prop_assert!(w.monday().unwrap() <= date && date <= w.sunday().unwrap());
            prop_assert_eq!(w.next().prev(), w);
            prop_assert_eq!(w.to_string().parse::<IsoWeek>(), Ok(w));
        }

        /// Whatever a user or a file types, reading it as a date or a week
        /// answers a value or nothing, never a panic.
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,24}", digits in "[0-9./W-]{0,12}") {
            let _ = parse_user_date(&text);
            let _ = parse_user_date(&digits);
            let _ = text.parse::<IsoWeek>();
            let _ = digits.parse::<IsoWeek>();
        }

        #[test]
        fn short_format_round_trips(days in 0i64..40_000) {
            let date = d(2000, 1, 1) + chrono::Duration::days(days);
            prop_assert_eq!(parse_user_date(&format_short(date)), Some(date));
        }
    }
}
