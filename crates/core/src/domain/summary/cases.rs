//! First-offence conversations in the summary: for the municipality only,
//! one row per measure, never per school and never anything that points at
//! a case (no number, no initials, no school).
//!
//! A case's state at the end of the week is the last step dated in or
//! before the week, so a step recorded later does not change a past week.

use super::{Facts, Span};
use crate::domain::cases as rules;
use chrono::NaiveDate;
use feltbog_api::cases::{DeadlineKind, Step};
use feltbog_api::profile::CaseSettings;
use feltbog_api::summary::{
    Cell, Column, Measure, Row, RowLabel, Section, Table, TableKind, Value,
};

pub fn table(f: &Facts, p: &Span, s: &CaseSettings) -> Table {
    let count_steps = |kind: Step| -> u32 {
        f.cases
            .iter()
            .flat_map(|c| &c.steps)
            .filter(|(st, d)| *st == kind && p.within(*d))
            .count() as u32
    };
    let mut overdue = 0;
    let mut follow_ups_next_week = 0;
    for c in f.cases.iter().filter(|c| c.notified <= p.as_of) {
        let until: Vec<&(Step, NaiveDate)> =
            c.steps.iter().filter(|(_, d)| *d <= p.as_of).collect();
        let step = until.last().map_or(Step::Notified, |(st, _)| *st);
        let held = until
            .iter()
            .rev()
            .find(|(st, _)| *st == Step::Held)
            .map(|(_, d)| *d);
        let deadline = rules::deadline(
            step,
            c.notified,
            held,
            s.offer_within_days,
            s.follow_up_within_weeks,
            p.as_of,
        );
        if let Some(d) = deadline {
            overdue += u32::from(d.overdue);
            follow_ups_next_week +=
                u32::from(d.kind == DeadlineKind::FollowUp && p.within_next(d.due));
        }
    }
    let rows = [
        (
            Measure::Notified,
            count(f.cases.iter().filter(|c| p.within(c.notified))),
        ),
        (Measure::Offered, Value::Count(count_steps(Step::Invited))),
        (Measure::Held, Value::Count(count_steps(Step::Held))),
        (Measure::Overdue, Value::Count(overdue)),
        (
            Measure::CaseFollowUpsNextWeek,
            Value::Count(follow_ups_next_week),
        ),
        (
            Measure::Repeats,
            count(f.cases.iter().filter(|c| c.repeat && p.within(c.notified))),
        ),
        (Measure::MedianDays, median_days(f, p)),
        (
            Measure::DeletedOnTime,
            count(f.deletions.iter().filter(|d| p.within(**d))),
        ),
        (
            Measure::NotificationsWaiting,
            count(f.waiting.iter().filter(|d| **d <= p.as_of)),
        ),
    ];
    Table {
        kind: TableKind::Cases,
        section: Section::Cases,
        round: None,
        columns: vec![Column::Total],
        rows: rows
            .into_iter()
            .map(|(m, v)| Row {
                label: RowLabel::Measure(m),
                cells: vec![Cell::new(v)],
            })
            .collect(),
        total: None,
    }
}

fn count<T>(it: impl Iterator<Item = T>) -> Value {
    Value::Count(it.count() as u32)
}

/// The median of the days from notification to conversation, over the
/// conversations held in the school year up to the end of the week.
fn median_days(f: &Facts, p: &Span) -> Value {
    let mut days: Vec<i64> = f
        .cases
        .iter()
        .filter_map(|c| {
            let held = c.steps.iter().find(|(st, _)| *st == Step::Held)?.1;
            (p.school_year_start..=p.to)
                .contains(&held)
                .then(|| rules::days_to_conversation(c.notified, held))
        })
        .collect();
    days.sort_unstable();
    let n = days.len();
    if n == 0 {
        return Value::Empty;
    }
    let mid = if n % 2 == 1 {
        days[n / 2] as f64
    } else {
        (days[n / 2 - 1] + days[n / 2]) as f64 / 2.0
    };
    Value::Days(mid)
}
