//! The youth survey in the summary: for each round the period counts
//! ([`counts_round`]), per school the pupils answered of enrolled, the
//! rate, the classes not done and the pupils answered in the week, and the
//! answers per grade
//! (a school too small to show by grade, as the survey pages decide, has
//! its grade cells marked as shown together).
//!
//! "As of the end of the week": a class counts as answered from the day it
//! took the survey (`taken_on`); a class with answers but no day counts
//! from the start, since nothing says otherwise.

use super::{counts, danish_key, RoundFact, Span};
use crate::domain::survey_overview::is_small;
use chrono::NaiveDate;
use feltbog_api::period::PeriodKind;
use feltbog_api::summary::{
    Cell, Column, Hide, Measure, RoundFacts, Row, RowLabel, Section, Table, TableKind, Value,
};
use feltbog_api::survey::{rate, ClassView, Counts, RoundView, Window};
use std::collections::{BTreeMap, BTreeSet};

/// Whether a report over the days `from..=to` of a period of `kind`
/// counts `round`: a round whose window has a day in the period, except
/// that a school year counts only the rounds whose window *opens* in it.
/// School years are put side by side (the trends, a school's survey
/// history) and added up, so a round over 1 August (rare: the rounds run
/// November–January) must be one year's, not two; it is the year its
/// classes were invited in. A week or a month shows what was running in it.
pub fn counts_round(round: &RoundView, kind: PeriodKind, from: NaiveDate, to: NaiveDate) -> bool {
    match kind {
        PeriodKind::SchoolYear => (from..=to).contains(&round.window_from),
        _ => round.window_from <= to && round.window_to >= from,
    }
}

/// The last day a class's answers count in a report ending on `to`: the
/// period's end, or, in a school year (which holds its rounds whole, see
/// [`counts_round`]), the round's own end where that is later.
pub fn counted_to(round: &RoundView, kind: PeriodKind, to: NaiveDate) -> NaiveDate {
    match kind {
        PeriodKind::SchoolYear => to.max(round.window_to),
        _ => to,
    }
}

/// The rounds the report over `p` counts ([`counts_round`]), oldest
/// window first.
pub fn rounds_in<'a>(rounds: &'a [RoundFact], p: &Span) -> Vec<&'a RoundFact> {
    let mut out: Vec<&RoundFact> = rounds
        .iter()
        .filter(|r| counts_round(&r.round, p.kind, p.from, p.to))
        .collect();
    out.sort_by_key(|r| (r.round.window_from, r.round.name.clone()));
    out
}

/// One school's figures at the end of the week.
#[derive(Default)]
struct SchoolFigures {
    name: String,
    enrolled: u32,
    answered: u32,
    classes_open: u32,
    this_week: u32,
    by_grade: BTreeMap<u8, (u32, u32)>,
}

impl SchoolFigures {
    fn add(&mut self, c: &ClassView, p: &Span, until: NaiveDate) {
        let taken = c.taken_on.is_none_or(|d| d <= until);
        let answered = if taken { c.answered } else { 0 };
        self.enrolled += c.enrolled;
        self.answered += answered;
        self.classes_open += u32::from(c.status.is_open() || !taken);
        // In the period, to the day its answers count to (a school year
        // holds an August class of a round it opened).
        if c.taken_on.is_some_and(|d| (p.from..=until).contains(&d)) {
            self.this_week += c.answered;
        }
        let g = self.by_grade.entry(c.grade).or_default();
        g.0 += c.enrolled;
        g.1 += answered;
    }
}

/// The round's two tables: per school, and answers per grade.
pub fn tables(r: &RoundFact, p: &Span) -> [Table; 2] {
    let until = counted_to(&r.round, p.kind, p.to);
    let mut schools: BTreeMap<(String, String), SchoolFigures> = BTreeMap::new();
    for c in &r.classes {
        let s = schools
            .entry((danish_key(&c.school_name), c.school_name.clone()))
            .or_default();
        s.name.clone_from(&c.school_name);
        s.add(c, p, until);
    }
    let facts = RoundFacts {
        name: r.round.name.clone(),
        window_from: r.round.window_from,
        window_to: r.round.window_to,
        target_percent: r.round.target_percent,
        // As of the day the answers are counted to, but never after today.
        window: Window::on(&r.round, p.as_of.max(until.min(p.today))),
    };
    let figures: Vec<SchoolFigures> = schools.into_values().collect();
    [
        per_school(&figures, facts.clone()),
        per_grade(&figures, facts, r.round.small_threshold),
    ]
}

fn per_school(figures: &[SchoolFigures], round: RoundFacts) -> Table {
    let row = |label: RowLabel, e: u32, a: u32, open: u32, week: u32| Row {
        label,
        cells: vec![
            Cell::count(e),
            Cell::count(a),
            Cell::new(rate(a, e).map_or(Value::Empty, Value::Percent)),
            Cell::count(open),
            Cell::count(week),
        ],
    };
    let sum = |f: fn(&SchoolFigures) -> u32| figures.iter().map(f).sum::<u32>();
    Table {
        kind: TableKind::Survey,
        section: Section::Survey,
        round: Some(round),
        columns: [
            Measure::Enrolled,
            Measure::Answered,
            Measure::Rate,
            Measure::ClassesOpen,
            Measure::AnsweredThisWeek,
        ]
        .map(Column::Measure)
        .to_vec(),
        rows: figures
            .iter()
            .map(|s| {
                let label = RowLabel::School(s.name.clone());
                row(label, s.enrolled, s.answered, s.classes_open, s.this_week)
            })
            .collect(),
        total: Some(row(
            RowLabel::Total,
            sum(|s| s.enrolled),
            sum(|s| s.answered),
            sum(|s| s.classes_open),
            sum(|s| s.this_week),
        )),
    }
}

/// Answers per grade, with the school's total as the last column. The grade
/// cells of a small school carry [`Hide::Combined`] from the start.
fn per_grade(figures: &[SchoolFigures], round: RoundFacts, small_threshold: u8) -> Table {
    let grades: BTreeSet<u8> = figures
        .iter()
        .flat_map(|s| s.by_grade.keys().copied())
        .collect();
    let rows: Vec<Row> = figures
        .iter()
        .map(|s| {
            let enrolled: Vec<Counts> = s
                .by_grade
                .values()
                .map(|(e, _)| Counts {
                    enrolled: *e,
                    ..Counts::default()
                })
                .collect();
            let small = is_small(&enrolled, small_threshold);
            let mut cells: Vec<Cell> = grades
                .iter()
                .map(|g| {
                    let mut c = Cell::count(s.by_grade.get(g).map_or(0, |(_, a)| *a));
                    c.hide = small.then_some(Hide::Combined);
                    c
                })
                .collect();
            cells.push(Cell::count(s.answered));
            Row {
                label: RowLabel::School(s.name.clone()),
                cells,
            }
        })
        .collect();
    let width = grades.len() + 1;
    let total: Vec<u32> = (0..width)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.cells.get(i).and_then(|c| c.value.count()))
                .sum()
        })
        .collect();
    let mut columns: Vec<Column> = grades.into_iter().map(Column::Grade).collect();
    columns.push(Column::Total);
    Table {
        kind: TableKind::SurveyGrades,
        section: Section::Survey,
        round: Some(round),
        columns,
        rows,
        total: Some(Row {
            label: RowLabel::Total,
            cells: counts(total),
        }),
    }
}
