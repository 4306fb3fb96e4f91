//! The periods a report covers: an ISO week, a month, a quarter, a school
//! half-year, a school year, a calendar year, or any days from–to.
//!
//! The rules of a Danish SSP team's year, in one place (pure, shared by the
//! UI, which steps through periods, the CLI, which reads them, and core,
//! which reports over them):
//! - a school year runs 1 August to 31 July and is written `2026/27`;
//! - its first half runs 1 August to 31 January (the autumn term and the
//!   month of the survey's analysis), its second 1 February to 31 July; this
//!   is the split Danish schools give term marks by, so a half-year report
//!   lines up with the schools' own;
//! - weeks are ISO weeks (Monday to Sunday, week 1 holds the year's first
//!   Thursday), so a week may belong to two months; the week is the only
//!   period that does not nest in the others;
//! - the period *after* one is the next of the same kind (for from–to, the
//!   same number of days straight after it): "planned next week" becomes
//!   "planned in the next month" on a monthly report.

use crate::dates::{format_range, IsoWeek, SANE_YEARS};
use crate::profile::Language;
use crate::words::word_enum;
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

word_enum!(
    /// The kinds of period, in the order the report page offers them.
    PeriodKind {
        Week = "week",
        Month = "month",
        Quarter = "quarter",
        SchoolHalf = "school-half",
        SchoolYear = "school-year",
        Year = "year",
        Range = "range",
    }
);

/// A period a report covers. Built from user input through [`FromStr`]
/// or [`ReportPeriod::containing`]; one that arrives over IPC is checked by
/// [`ReportPeriod::days`] (`None` for a period that does not exist).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ReportPeriod {
    Week {
        week: IsoWeek,
    },
    /// `month` is 1–12.
    Month {
        year: i32,
        month: u32,
    },
    /// `quarter` is 1–4.
    Quarter {
        year: i32,
        quarter: u32,
    },
    /// The school year starting 1 August `start`; `half` is 1 or 2.
    SchoolHalf {
        start: i32,
        half: u32,
    },
    /// 1 August `start` to 31 July `start + 1`.
    SchoolYear {
        start: i32,
    },
    Year {
        year: i32,
    },
    /// Both days included.
    Range {
        from: NaiveDate,
        to: NaiveDate,
    },
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The day before the first of month `m` (1–13, 13 meaning next January).
fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    ymd(y, m, 1)?.pred_opt()
}

/// The last two digits of the year after `start` ("27" for 2026), without
/// overflow for any year an IPC message may carry.
pub fn next_two(start: i32) -> i64 {
    (i64::from(start) + 1).rem_euclid(100)
}

/// "2026/27": the school year starting 1 August `start`.
pub fn school_year_name(start: i32) -> String {
    format!("{start}/{:02}", next_two(start))
}

/// The school year (its starting year) a day falls in.
pub fn school_year_of(d: NaiveDate) -> i32 {
    if d.month() >= 8 {
        d.year()
    } else {
        d.year() - 1
    }
}

impl ReportPeriod {
    pub fn kind(&self) -> PeriodKind {
        match self {
            ReportPeriod::Week { .. } => PeriodKind::Week,
            ReportPeriod::Month { .. } => PeriodKind::Month,
            ReportPeriod::Quarter { .. } => PeriodKind::Quarter,
            ReportPeriod::SchoolHalf { .. } => PeriodKind::SchoolHalf,
            ReportPeriod::SchoolYear { .. } => PeriodKind::SchoolYear,
            ReportPeriod::Year { .. } => PeriodKind::Year,
            ReportPeriod::Range { .. } => PeriodKind::Range,
        }
    }

    /// The period of `kind` that holds `d`. A from–to period is the week
    /// holding `d`'s days, so switching to it starts from something sensible.
    pub fn containing(kind: PeriodKind, d: NaiveDate) -> Self {
        match kind {
            PeriodKind::Week => ReportPeriod::Week {
                week: IsoWeek::of(d),
            },
            PeriodKind::Month => ReportPeriod::Month {
                year: d.year(),
                month: d.month(),
            },
            PeriodKind::Quarter => ReportPeriod::Quarter {
                year: d.year(),
                quarter: d.month0() / 3 + 1,
            },
            PeriodKind::SchoolHalf => ReportPeriod::SchoolHalf {
                start: school_year_of(d),
                half: if matches!(d.month(), 2..=7) { 2 } else { 1 },
            },
            PeriodKind::SchoolYear => ReportPeriod::SchoolYear {
                start: school_year_of(d),
            },
            PeriodKind::Year => ReportPeriod::Year { year: d.year() },
            PeriodKind::Range => {
                let w = IsoWeek::of(d);
                match (w.monday(), w.sunday()) {
                    (Some(from), Some(to)) => ReportPeriod::Range { from, to },
                    _ => ReportPeriod::Range { from: d, to: d },
                }
            }
        }
    }

    /// The first and last day, both included; `None` for a period that
    /// does not exist (week 53 of a 52-week year, month 13, a range that
    /// ends before it starts) or lies outside the years Feltbog accepts.
    pub fn days(&self) -> Option<(NaiveDate, NaiveDate)> {
        let (a, b) = match *self {
            ReportPeriod::Week { week } => (week.monday()?, week.sunday()?),
            ReportPeriod::Month { year, month } => (ymd(year, month, 1)?, month_end(year, month)?),
            ReportPeriod::Quarter { year, quarter } if (1..=4).contains(&quarter) => {
                let m = (quarter - 1) * 3 + 1;
                (ymd(year, m, 1)?, month_end(year, m + 2)?)
            }
            ReportPeriod::SchoolHalf { start, half: 1 } => {
                (ymd(start, 8, 1)?, ymd(start.checked_add(1)?, 1, 31)?)
            }
            ReportPeriod::SchoolHalf { start, half: 2 } => {
                let end = start.checked_add(1)?;
                (ymd(end, 2, 1)?, ymd(end, 7, 31)?)
            }
            ReportPeriod::SchoolYear { start } => {
                (ymd(start, 8, 1)?, ymd(start.checked_add(1)?, 7, 31)?)
            }
            ReportPeriod::Year { year } => (ymd(year, 1, 1)?, ymd(year, 12, 31)?),
            ReportPeriod::Range { from, to } if (to - from).num_days() + 1 >= MIN_RANGE_DAYS => {
                (from, to)
            }
            _ => return None,
        };
        (SANE_YEARS.contains(&a.year()) && SANE_YEARS.contains(&b.year())).then_some((a, b))
    }

    /// The next period of the same kind; a from–to period moves by its own
    /// length. A period that does not exist stays as it is.
    pub fn next(&self) -> Self {
        self.step(true)
    }

    /// The period before, of the same kind.
    pub fn prev(&self) -> Self {
        self.step(false)
    }

    fn step(&self, forward: bool) -> Self {
        let Some((a, b)) = self.days() else {
            return *self;
        };
        let moved = if let ReportPeriod::Range { .. } = self {
            let len = Days::new((b - a).num_days() as u64 + 1);
            let (from, to) = if forward {
                (a.checked_add_days(len), b.checked_add_days(len))
            } else {
                (a.checked_sub_days(len), b.checked_sub_days(len))
            };
            from.zip(to)
                .map(|(from, to)| ReportPeriod::Range { from, to })
        } else if forward {
            b.succ_opt().map(|d| Self::containing(self.kind(), d))
        } else {
            a.pred_opt().map(|d| Self::containing(self.kind(), d))
        };
        moved.filter(|p| p.days().is_some()).unwrap_or(*self)
    }

    /// The catalogue key naming the period, with its arguments, so the
    /// screen and every export name it alike ("November 2026",
    /// "Skoleåret 2026/27, 1. halvår", "1. aug. – 31. dec. 2026").
    pub fn label(&self, lang: Language) -> (String, Vec<(&'static str, String)>) {
        let years = school_year_name;
        match *self {
            ReportPeriod::Week { week } => (
                "period.label.week".into(),
                vec![
                    ("n", week.week.to_string()),
                    ("year", week.year.to_string()),
                ],
            ),
            ReportPeriod::Month { year, month } => (
                format!("period.label.month.{month}"),
                vec![("year", year.to_string())],
            ),
            ReportPeriod::Quarter { year, quarter } => (
                "period.label.quarter".into(),
                vec![("n", quarter.to_string()), ("year", year.to_string())],
            ),
            ReportPeriod::SchoolHalf { start, half } => (
                "period.label.school-half".into(),
                vec![("n", half.to_string()), ("years", years(start))],
            ),
            ReportPeriod::SchoolYear { start } => (
                "period.label.school-year".into(),
                vec![("years", years(start))],
            ),
            ReportPeriod::Year { year } => {
                ("period.label.year".into(), vec![("year", year.to_string())])
            }
            ReportPeriod::Range { from, to } => (
                "period.label.range".into(),
                vec![("days", format_range(from, to, lang))],
            ),
        }
    }

    /// The period in a file name: `2026-U48`, `2026-11`, `2026-Q4`,
    /// `2026-27-H1`, `2026-27`, `2026`, `2026-08-01_2026-12-31` (no slash,
    /// no colon: every file system takes it).
    pub fn file_part(&self) -> String {
        match *self {
            ReportPeriod::Week { week } => format!("{}-U{:02}", week.year, week.week),
            ReportPeriod::SchoolHalf { start, half } => {
                format!("{start}-{:02}-H{half}", next_two(start))
            }
            ReportPeriod::SchoolYear { start } => {
                format!("{start}-{:02}", next_two(start))
            }
            ReportPeriod::Range { from, to } => format!("{from}_{to}"),
            other => other.to_string(),
        }
    }
}

impl From<IsoWeek> for ReportPeriod {
    fn from(week: IsoWeek) -> Self {
        ReportPeriod::Week { week }
    }
}

impl fmt::Display for ReportPeriod {
    /// The form the command line reads (`--period`): `2026-W48`, `2026-11`,
    /// `2026-Q4`, `2026/27-H1`, `2026/27`, `2026`, `2026-08-01..2026-12-31`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let next2 = next_two;
        match *self {
            ReportPeriod::Week { week } => write!(f, "{week}"),
            ReportPeriod::Month { year, month } => write!(f, "{year}-{month:02}"),
            ReportPeriod::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            ReportPeriod::SchoolHalf { start, half } => {
                write!(f, "{start}/{:02}-H{half}", next2(start))
            }
            ReportPeriod::SchoolYear { start } => write!(f, "{start}/{:02}", next2(start)),
            ReportPeriod::Year { year } => write!(f, "{year}"),
            ReportPeriod::Range { from, to } => write!(f, "{from}..{to}"),
        }
    }
}

/// The fewest days a from–to period may have. A week is the smallest
/// report: a report over one day would say, of a single notification,
/// whether it was a repeat (case figures are counts of events, shown as
/// they are); two short reports are also the easiest to subtract.
pub const MIN_RANGE_DAYS: i64 = 7;

/// What the command line's help and errors show as the accepted forms.
pub const PERIOD_FORMS: &str =
    "2026-W48, 2026-11, 2026-Q4, 2026/27-H1, 2026/27, 2026 or 2026-08-01..2026-12-31";

impl FromStr for ReportPeriod {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let bad = |why: &str| format!("'{s}' is not a period{why}; write one of {PERIOD_FORMS}");
        let year = |y: &str| -> Result<i32, String> {
            if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
                y.parse().map_err(|_| bad(""))
            } else {
                Err(bad(""))
            }
        };
        let num = |n: &str| -> Result<u32, String> {
            if !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit()) {
                n.parse().map_err(|_| bad(""))
            } else {
                Err(bad(""))
            }
        };
        let school = |y: &str| -> Result<i32, String> {
            let (a, b) = y.split_once('/').ok_or_else(|| bad(""))?;
            let start = year(a)?;
            let follows = b.len() == 2 && i64::from(num(b)?) == next_two(start)
                || b.len() == 4 && i64::from(year(b)?) == i64::from(start) + 1;
            if follows {
                Ok(start)
            } else {
                Err(bad(": a school year is two years in a row, e.g. 2026/27"))
            }
        };
        let p = if let Some((a, b)) = s.split_once("..") {
            let day = |d: &str| {
                NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
                    .map_err(|_| bad(": write the days as YYYY-MM-DD..YYYY-MM-DD"))
            };
            let (from, to) = (day(a)?, day(b)?);
            if from > to {
                return Err(bad(": the first day comes after the last"));
            }
            if (to - from).num_days() + 1 < MIN_RANGE_DAYS {
                return Err(bad(&format!(
                    ": a from–to period has at least {MIN_RANGE_DAYS} days"
                )));
            }
            ReportPeriod::Range { from, to }
        } else if s.contains('/') {
            match s.split_once('-') {
                Some((y, h)) => {
                    let half = h.strip_prefix(['H', 'h']).ok_or_else(|| bad(""))?;
                    ReportPeriod::SchoolHalf {
                        start: school(y)?,
                        half: num(half)?,
                    }
                }
                None => ReportPeriod::SchoolYear { start: school(s)? },
            }
        } else if let Some((y, rest)) = s.split_once('-') {
            if rest.starts_with(['W', 'w']) {
                ReportPeriod::Week {
                    week: s.parse().map_err(|_| bad(""))?,
                }
            } else if let Some(q) = rest.strip_prefix(['Q', 'q']) {
                ReportPeriod::Quarter {
                    year: year(y)?,
                    quarter: num(q)?,
                }
            } else {
                ReportPeriod::Month {
                    year: year(y)?,
                    month: num(rest)?,
                }
            }
        } else {
            ReportPeriod::Year { year: year(s)? }
        };
        match p.days() {
            Some(_) => Ok(p),
            None => Err(bad(&format!(
                ": it does not exist or lies outside {}–{}",
                SANE_YEARS.start(),
                SANE_YEARS.end()
            ))),
        }
    }
}

#[cfg(test)]
#[path = "period_tests.rs"]
mod tests;
