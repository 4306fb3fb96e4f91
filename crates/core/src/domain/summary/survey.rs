//! The youth survey in the summary: for each round whose window touches the
//! week, per school the pupils answered of enrolled, the rate, the classes
//! not done and the pupils answered in the week, and the answers per grade
//! (a school too small to show by grade, as the survey pages decide, has
//! its grade cells marked as shown together).
//!
//! "As of the end of the week": a class counts as answered from the day it
//! took the survey (`taken_on`); a class with answers but no day counts
//! from the start, since nothing says otherwise.

use super::{counts, danish_key, RoundFact, Span};
use crate::domain::survey_overview::is_small;
use feltbog_api::summary::{
    Cell, Column, Hide, Measure, RoundFacts, Row, RowLabel, Section, Table, TableKind, Value,
};
use feltbog_api::survey::{rate, ClassView, Counts, Window};
use std::collections::{BTreeMap, BTreeSet};

/// Rounds whose window has a day in the week, oldest window first.
pub fn rounds_touching<'a>(rounds: &'a [RoundFact], p: &Span) -> Vec<&'a RoundFact> {
    let mut out: Vec<&RoundFact> = rounds
        .iter()
        .filter(|r| r.round.window_from <= p.to && r.round.window_to >= p.from)
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
    fn add(&mut self, c: &ClassView, p: &Span) {
        let taken = c.taken_on.is_none_or(|d| d <= p.to);
        let answered = if taken { c.answered } else { 0 };
        self.enrolled += c.enrolled;
        self.answered += answered;
        self.classes_open += u32::from(c.status.is_open() || !taken);
        if c.taken_on.is_some_and(|d| p.within(d)) {
            self.this_week += c.answered;
        }
        let g = self.by_grade.entry(c.grade).or_default();
        g.0 += c.enrolled;
        g.1 += answered;
    }
}

/// The round's two tables: per school, and answers per grade.
pub fn tables(r: &RoundFact, p: &Span) -> [Table; 2] {
    let mut schools: BTreeMap<(String, String), SchoolFigures> = BTreeMap::new();
    for c in &r.classes {
        let s = schools
            .entry((danish_key(&c.school_name), c.school_name.clone()))
            .or_default();
        s.name.clone_from(&c.school_name);
        s.add(c, p);
    }
    let facts = RoundFacts {
        name: r.round.name.clone(),
        window_from: r.round.window_from,
        window_to: r.round.window_to,
        target_percent: r.round.target_percent,
        window: Window::on(&r.round, p.as_of),
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
