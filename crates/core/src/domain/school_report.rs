//! A school's own report (skolerapport) for the April dialogue meeting:
//! that school's rows of the school year's summary, and its survey rate per
//! grade this year and the two before. Pure.
//!
//! Built from the municipality's summaries *after* their small numbers were
//! marked, so every cell the municipality's report hides stays hidden here,
//! with the cells that protect it (a school's row keeps its own
//! protection: a hidden grade count has a second hidden cell in the same
//! row). Nothing from the first-offence cases, ever: they are counted for
//! the municipality only.

use super::summary::{counted_to, counts_round, RoundFact};
use super::survey_overview::is_small;
use feltbog_api::period::PeriodKind;
use feltbog_api::summary::{
    Cell, Column, Hide, Measure, Row, RowLabel, Section, Summary, Table, TableKind, Value,
};
use feltbog_api::survey::{rate, Counts};
use std::collections::BTreeMap;

/// One school year the survey history looks at: its name ("2025/26"), its
/// summary (marked), the survey rounds read for it (those it counts are
/// picked by [`counts_round`]), and its first and last day.
pub struct SurveyYear<'a> {
    pub name: String,
    pub summary: &'a Summary,
    pub rounds: &'a [RoundFact],
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
}

/// Whether a row belongs to `school`.
fn is_school(label: &RowLabel, school: &str) -> bool {
    matches!(label, RowLabel::School(n) if n == school)
}

/// The school's report for the year of `this` (marked), with the survey
/// history over `years` (oldest first, this year last).
pub fn compute(school: &str, this: &Summary, years: &[SurveyYear<'_>]) -> Summary {
    let mut tables: Vec<Table> = this
        .tables
        .iter()
        .filter(|t| t.section != Section::Cases)
        .map(|t| Table {
            rows: t
                .rows
                .iter()
                .filter(|r| is_school(&r.label, school))
                .cloned()
                .collect(),
            total: None,
            ..t.clone()
        })
        .collect();
    // The survey's tables only for the rounds the school took part in.
    tables.retain(|t| t.section != Section::Survey || !t.rows.is_empty());
    // Visits by purpose: only the purposes of this school's visits.
    for t in tables
        .iter_mut()
        .filter(|t| t.kind == TableKind::VisitsByPurpose)
    {
        drop_empty_purposes(t);
    }
    if let Some(history) = survey_history(school, years) {
        // After the year's own survey tables, before the cafés.
        let at = tables
            .iter()
            .position(|t| t.section == Section::Cafes)
            .unwrap_or(tables.len());
        tables.insert(at, history);
    }
    Summary {
        school: Some(school.to_owned()),
        tables,
        ..this.clone()
    }
}

/// Drops the purpose columns where the table's one row counts nothing.
fn drop_empty_purposes(t: &mut Table) {
    let keep: Vec<bool> = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            !matches!(c, Column::Purpose(_))
                || t.rows.iter().any(|r| {
                    r.cells
                        .get(i)
                        .is_some_and(|cell| cell.hide.is_some() || cell.value != Value::Count(0))
                })
        })
        .collect();
    let mut it = keep.iter();
    t.columns.retain(|_| *it.next().unwrap_or(&true));
    for r in &mut t.rows {
        let mut it = keep.iter();
        r.cells.retain(|_| *it.next().unwrap_or(&true));
    }
}

/// The school's answered of enrolled per grade in one year, over every
/// round the year counts (those whose window opens in it) as of the later
/// of the year's end and the round's (a class counts from the day it took
/// the survey): what the year's summary counts.
fn by_grade(school: &str, y: &SurveyYear<'_>) -> BTreeMap<u8, Counts> {
    let mut out: BTreeMap<u8, Counts> = BTreeMap::new();
    let year = PeriodKind::SchoolYear;
    for r in y
        .rounds
        .iter()
        .filter(|r| counts_round(&r.round, year, y.from, y.to))
    {
        let until = counted_to(&r.round, year, y.to);
        for c in r.classes.iter().filter(|c| c.school_name == school) {
            let e = out.entry(c.grade).or_default();
            e.enrolled += c.enrolled;
            if c.taken_on.is_none_or(|d| d <= until) {
                e.answered += c.answered;
            }
        }
    }
    out
}

/// Whether the year's summary hides the school's answered count for
/// `col` (a grade, or the total) in any of its grade tables.
fn hidden_in(s: &Summary, school: &str, col: Column) -> bool {
    s.tables
        .iter()
        .filter(|t| t.kind == TableKind::SurveyGrades)
        .any(|t| {
            let Some(c) = t.columns.iter().position(|x| *x == col) else {
                return false;
            };
            t.rows
                .iter()
                .filter(|r| is_school(&r.label, school))
                .any(|r| r.cells.get(c).is_some_and(|cell| cell.hide.is_some()))
        })
}

/// Whether the year's summary hides the school's pupils enrolled, answered
/// or rate in any round. Then every rate of that year is hidden: a rate per
/// grade with the answers per grade gives the pupils per grade, and those
/// add up to the hidden count (which may protect another school's).
fn survey_row_hidden(s: &Summary, school: &str) -> bool {
    let watched = [Measure::Enrolled, Measure::Answered, Measure::Rate].map(Column::Measure);
    s.tables
        .iter()
        .filter(|t| t.kind == TableKind::Survey)
        .any(|t| {
            t.rows
                .iter()
                .filter(|r| is_school(&r.label, school))
                .any(|r| {
                    t.columns
                        .iter()
                        .zip(&r.cells)
                        .any(|(c, cell)| watched.contains(c) && cell.hide.is_some())
                })
        })
}

/// The survey rate per grade and in all, one row per school year; `None`
/// when the school took no survey in any of them. A rate is hidden where
/// the year's report hides the count it is worked out from; a school too
/// small to show by grade (the survey's small-school rule) shows its
/// grades together only.
fn survey_history(school: &str, years: &[SurveyYear<'_>]) -> Option<Table> {
    let counts: Vec<BTreeMap<u8, Counts>> = years.iter().map(|y| by_grade(school, y)).collect();
    let grades: Vec<u8> = {
        let mut g: Vec<u8> = counts.iter().flat_map(|c| c.keys().copied()).collect();
        g.sort_unstable();
        g.dedup();
        g
    };
    if grades.is_empty() {
        return None;
    }
    let threshold = years
        .iter()
        .flat_map(|y| y.rounds)
        .map(|r| r.round.small_threshold)
        .max()
        .unwrap_or(5);
    let percent = |c: &Counts| rate(c.answered, c.enrolled).map_or(Value::Empty, Value::Percent);
    let rows = years
        .iter()
        .zip(&counts)
        .map(|(y, by)| {
            let small = !by.is_empty() && is_small(by.values(), threshold);
            let whole_row = survey_row_hidden(y.summary, school);
            let mut cells: Vec<Cell> = grades
                .iter()
                .map(|g| {
                    let value = by.get(g).map_or(Value::Empty, percent);
                    let hide = if value == Value::Empty {
                        None
                    } else if small {
                        Some(Hide::Combined)
                    } else if whole_row || hidden_in(y.summary, school, Column::Grade(*g)) {
                        Some(Hide::Derived)
                    } else {
                        None
                    };
                    Cell { value, hide }
                })
                .collect();
            let all = by.values().fold(Counts::default(), |mut acc, c| {
                acc.enrolled += c.enrolled;
                acc.answered += c.answered;
                acc
            });
            let value = percent(&all);
            let hidden =
                value != Value::Empty && (whole_row || hidden_in(y.summary, school, Column::Total));
            cells.push(Cell {
                value,
                hide: hidden.then_some(Hide::Derived),
            });
            Row {
                label: RowLabel::SchoolYear(y.name.clone()),
                cells,
            }
        })
        .collect();
    let round = years.last().and_then(|y| {
        y.summary
            .tables
            .iter()
            .filter(|t| t.kind == TableKind::Survey)
            .filter(|t| t.rows.iter().any(|r| is_school(&r.label, school)))
            .find_map(|t| t.round.clone())
    });
    let mut columns: Vec<Column> = grades.into_iter().map(Column::Grade).collect();
    columns.push(Column::Total);
    Some(Table {
        kind: TableKind::SurveyHistory,
        section: Section::Survey,
        round,
        columns,
        rows,
        total: None,
    })
}

#[cfg(test)]
#[path = "school_report_tests.rs"]
mod tests;
