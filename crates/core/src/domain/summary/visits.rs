//! School visits in the summary: done in the week by purpose, planned for
//! next week, and the follow-ups (done, due next week, overdue).

use super::{column_sums, counts, danish_key, Facts, Span};
use feltbog_api::summary::{Column, Measure, Row, RowLabel, Section, Table, TableKind};
use feltbog_api::visits::{VisitPurpose, VisitStatus};
use std::collections::BTreeMap;

/// The two visit tables: by purpose, and what lies ahead.
pub fn tables(f: &Facts, p: &Span) -> Vec<Table> {
    vec![by_purpose(f, p), ahead(f, p)]
}

/// Visits done in the week, per school and purpose. Only purposes that
/// occur get a column, so the table fits a page.
fn by_purpose(f: &Facts, p: &Span) -> Table {
    let done: Vec<_> = f
        .visits
        .iter()
        .filter(|v| v.status == VisitStatus::Done && p.within(v.date))
        .collect();
    let purposes: Vec<VisitPurpose> = VisitPurpose::ALL
        .iter()
        .copied()
        .filter(|pu| done.iter().any(|v| v.purpose == *pu))
        .collect();
    let mut by_school: BTreeMap<(String, String), Vec<u32>> = BTreeMap::new();
    for v in &done {
        let row = by_school
            .entry((danish_key(&v.school), v.school.clone()))
            .or_insert_with(|| vec![0; purposes.len() + 1]);
        if let Some(i) = purposes.iter().position(|pu| *pu == v.purpose) {
            row[i] += 1;
            row[purposes.len()] += 1;
        }
    }
    let mut columns: Vec<Column> = purposes.iter().copied().map(Column::Purpose).collect();
    columns.push(Column::Total);
    finish(TableKind::VisitsByPurpose, columns, by_school)
}

/// Per school: planned for next week and the follow-ups.
fn ahead(f: &Facts, p: &Span) -> Table {
    const PLANNED: usize = 0;
    const DONE: usize = 1;
    const NEXT: usize = 2;
    const OVERDUE: usize = 3;
    let mut by_school: BTreeMap<(String, String), Vec<u32>> = BTreeMap::new();
    let mut bump = |school: &str, i: usize, n: u32| {
        by_school
            .entry((danish_key(school), school.to_owned()))
            .or_insert_with(|| vec![0; 4])[i] += n;
    };
    for v in &f.visits {
        if v.status == VisitStatus::Planned && p.within_next(v.date) {
            bump(&v.school, PLANNED, 1);
        }
    }
    for fu in &f.follow_ups {
        if fu.done && p.within(fu.due) {
            bump(&fu.school, DONE, fu.count);
        } else if !fu.done && p.within_next(fu.due) {
            bump(&fu.school, NEXT, fu.count);
        } else if !fu.done && fu.due <= p.as_of {
            bump(&fu.school, OVERDUE, fu.count);
        }
    }
    let columns = [
        Measure::PlannedNextWeek,
        Measure::FollowUpsDone,
        Measure::FollowUpsNextWeek,
        Measure::FollowUpsOverdue,
    ]
    .map(Column::Measure)
    .to_vec();
    finish(TableKind::VisitsAhead, columns, by_school)
}

fn finish(
    kind: TableKind,
    columns: Vec<Column>,
    by_school: BTreeMap<(String, String), Vec<u32>>,
) -> Table {
    let values: Vec<Vec<u32>> = by_school.values().cloned().collect();
    let total = column_sums(&values, columns.len());
    Table {
        kind,
        section: Section::Visits,
        round: None,
        rows: by_school
            .into_iter()
            .map(|((_, name), v)| Row {
                label: RowLabel::School(name),
                cells: counts(v),
            })
            .collect(),
        total: Some(Row {
            label: RowLabel::Total,
            cells: counts(total),
        }),
        columns,
    }
}
