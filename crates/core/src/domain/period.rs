//! The days a report looks at, worked out once from the period the user
//! chose (`feltbog_api::period` holds the calendar rules: school years,
//! halves, ISO weeks) and the day it is made on.

use chrono::NaiveDate;
use feltbog_api::period::{school_year_of, PeriodKind, ReportPeriod};

/// The days of one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub period: ReportPeriod,
    pub kind: PeriodKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The next period of the same kind: what "planned next …" counts.
    pub next_from: NaiveDate,
    pub next_to: NaiveDate,
    /// 1 August of the school year the period ends in: what "in the
    /// school year" counts from.
    pub school_year_start: NaiveDate,
    /// The day "as of" means: the period's last day, or today within the
    /// period (a report on the current month is as of today, not of the
    /// 30th).
    pub as_of: NaiveDate,
    /// The day the report is made on.
    pub today: NaiveDate,
}

impl Span {
    /// The days of `period` seen on `today`, or `None` for a period that
    /// does not exist.
    pub fn of(period: ReportPeriod, today: NaiveDate) -> Option<Span> {
        let (from, to) = period.days()?;
        let next = period.next();
        let (next_from, next_to) = match next.days() {
            Some(days) if next != period => days,
            // The last period Feltbog accepts has nothing after it.
            _ => (to.succ_opt()?, to.succ_opt()?),
        };
        Some(Span {
            period,
            kind: period.kind(),
            from,
            to,
            next_from,
            next_to,
            school_year_start: NaiveDate::from_ymd_opt(school_year_of(to), 8, 1)?,
            as_of: to.min(today.max(from)),
            today,
        })
    }

    /// A span whose facts hold those of both `self` and a later `last`: the
    /// store reads once for several periods (the trends' school years), and
    /// each period's summary is computed from the same facts. That is sound
    /// because every figure filters the facts by its own period's days; the
    /// store only bounds what it reads.
    pub fn through(&self, last: &Span) -> Span {
        Span {
            from: self.from.min(last.from),
            to: self.to.max(last.to),
            next_from: self.next_from.max(last.next_from),
            next_to: self.next_to.max(last.next_to),
            school_year_start: self.school_year_start.min(last.school_year_start),
            as_of: self.as_of.max(last.as_of),
            ..*self
        }
    }

    /// Whether `d` lies in the period.
    pub fn within(&self, d: NaiveDate) -> bool {
        (self.from..=self.to).contains(&d)
    }

    /// Whether `d` lies in the next period.
    pub fn within_next(&self, d: NaiveDate) -> bool {
        (self.next_from..=self.next_to).contains(&d)
    }
}
