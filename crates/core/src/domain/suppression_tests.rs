use super::*;
use proptest::prelude::*;

/// Builds a grid of inner counts with its totals.
fn with_totals(inner: &[Vec<u32>], row_sums: bool) -> Grid {
    let mut values: Vec<Vec<u32>> = inner
        .iter()
        .map(|r| {
            let mut r = r.clone();
            if row_sums {
                r.push(r.iter().sum());
            }
            r
        })
        .collect();
    let width = values.first().map_or(0, Vec::len);
    let totals = (0..width)
        .map(|c| values.iter().map(|r| r[c]).sum())
        .collect();
    values.push(totals);
    Grid::new(values, row_sums, true)
}

/// The relations of the grid as rows of coefficients over its cells.
fn relations(g: &Grid) -> Vec<Vec<f64>> {
    let (rows, cols) = (g.rows(), g.cols());
    let idx = |r: usize, c: usize| r * cols + c;
    let mut out = Vec::new();
    if g.col_sums {
        for c in 0..cols {
            let mut eq = vec![0.0; rows * cols];
            for r in 0..rows - 1 {
                eq[idx(r, c)] = 1.0;
            }
            eq[idx(rows - 1, c)] = -1.0;
            out.push(eq);
        }
    }
    if g.row_sums {
        for r in 0..rows {
            let mut eq = vec![0.0; rows * cols];
            for c in 0..cols - 1 {
                eq[idx(r, c)] = 1.0;
            }
            eq[idx(r, cols - 1)] = -1.0;
            out.push(eq);
        }
    }
    out
}

fn rank(mut m: Vec<Vec<f64>>) -> usize {
    let width = m.first().map_or(0, Vec::len);
    let mut rank = 0;
    for col in 0..width {
        let Some(p) = (rank..m.len()).find(|&r| m[r][col].abs() > 1e-9) else {
            continue;
        };
        m.swap(rank, p);
        let pivot = m[rank].clone();
        for (r, row) in m.iter_mut().enumerate() {
            if r != rank && row[col].abs() > 1e-9 {
                let f = row[col] / pivot[col];
                for (x, y) in row.iter_mut().zip(&pivot) {
                    *x -= f * y;
                }
            }
        }
        rank += 1;
    }
    rank
}

/// Whether the hidden cell `k` follows from the visible cells: linear
/// algebra, independent of the graph method under test. Restricted to the
/// hidden cells, the relations fix `k` exactly when the unit vector of `k`
/// lies in their row space.
fn determined(g: &Grid, k: (usize, usize)) -> bool {
    let hidden = g.hidden();
    let cols = g.cols();
    let restrict =
        |eq: &Vec<f64>| -> Vec<f64> { hidden.iter().map(|&(r, c)| eq[r * cols + c]).collect() };
    let a: Vec<Vec<f64>> = relations(g).iter().map(restrict).collect();
    let mut with_k = a.clone();
    with_k.push(hidden.iter().map(|&h| f64::from(h == k)).collect());
    rank(with_k) == rank(a)
}

#[test]
fn a_lone_small_count_takes_another_with_it() {
    let mut g = with_totals(&[vec![3], vec![12], vec![20]], false);
    suppress(&mut g, 5);
    assert_eq!(g.hide[0][0], Some(Hide::Small));
    // The next smallest hides with it, not the total.
    assert_eq!(g.hide[1][0], Some(Hide::Secondary));
    assert_eq!(g.hide[2][0], None);
    assert_eq!(g.hide[3][0], None);
}

#[test]
fn one_school_alone_hides_its_total() {
    let mut g = with_totals(&[vec![3]], false);
    suppress(&mut g, 5);
    // The total is the same small number.
    assert_eq!(
        g.hide,
        vec![vec![Some(Hide::Small)], vec![Some(Hide::Small)]]
    );
    let mut g = with_totals(&[vec![3], vec![0]], false);
    suppress(&mut g, 5);
    assert_eq!(g.hide[1][0], None);
    assert_eq!(g.hide[2][0], Some(Hide::Small));
}

#[test]
fn zeros_and_large_counts_stay() {
    let mut g = with_totals(&[vec![0, 7], vec![9, 0]], true);
    suppress(&mut g, 5);
    assert!(g.hidden().is_empty());
}

#[test]
fn a_small_cell_in_a_two_way_table_is_covered_by_a_cycle() {
    let mut g = with_totals(&[vec![2, 10, 11], vec![12, 13, 14], vec![15, 16, 17]], true);
    suppress(&mut g, 5);
    let hidden = g.hidden();
    assert!(hidden.len() >= 4, "{hidden:?}");
    for h in hidden {
        assert!(!determined(&g, h), "{h:?} can be worked out");
    }
}

#[test]
fn the_summary_hides_answers_rates_and_parents_alike() {
    use crate::domain::summary::{compute, CafeFact, Facts, Header, Place, RoundFact};
    use feltbog_api::cafes::{CafeStatus, CafeTheme};
    use feltbog_api::dates::IsoWeek;
    use feltbog_api::summary::{RowLabel, Value};
    use feltbog_api::survey::{ClassStatus, ClassView, Questionnaire, RoundView};
    use feltbog_api::{ClassId, RoundId, SchoolId};
    let d = |m, day| chrono::NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let class = |school: &str, grade, enrolled, answered| ClassView {
        id: ClassId(uuid::Uuid::now_v7()),
        round: RoundId(uuid::Uuid::nil()),
        school: SchoolId(uuid::Uuid::nil()),
        school_name: school.into(),
        name: format!("{grade}.a"),
        grade,
        enrolled,
        answered,
        absent: 0,
        status: ClassStatus::Done,
        reason: String::new(),
        taken_on: Some(d(11, 24)),
    };
    let cafe = |school: &str, parents| CafeFact {
        place: Place::School(school.into()),
        date: d(11, 25),
        status: CafeStatus::Held,
        parents,
        invited: Some(30),
        theme: CafeTheme::WellBeing,
    };
    let facts = Facts {
        rounds: vec![RoundFact {
            round: RoundView {
                id: RoundId(uuid::Uuid::nil()),
                name: "Runde".into(),
                questionnaire: Questionnaire::Grades7To9,
                window_from: d(11, 2),
                window_to: d(12, 18),
                target_percent: 85,
                small_threshold: 5,
                classes: 3,
            },
            classes: vec![
                class("A", 7, 20, 18),
                class("A", 8, 22, 3),
                class("B", 7, 21, 19),
                class("B", 8, 23, 20),
                class("C", 7, 25, 24),
                class("C", 8, 24, 22),
            ],
        }],
        cafes: vec![cafe("A", 3), cafe("B", 14), cafe("C", 16)],
        ..Facts::default()
    };
    let header = Header {
        team: String::new(),
        made_by: String::new(),
        made_at: String::new(),
        today: d(11, 27),
        threshold: 5,
        case_rules: Default::default(),
    };
    let week = IsoWeek {
        year: 2026,
        week: 48,
    };
    let s = suppress_summary(compute(&facts, week.into(), &header).unwrap());
    let table = |k: TableKind| s.tables.iter().find(|t| t.kind == k).unwrap();
    let hide_of = |k: TableKind, row: &str, col: Column| {
        let t = table(k);
        let c = t.columns.iter().position(|x| *x == col).unwrap();
        let r = t
            .all_rows()
            .find(|r| matches!(&r.label, RowLabel::School(n) if n == row))
            .unwrap();
        (r.cells[c].value.clone(), r.cells[c].hide)
    };
    let grades = TableKind::SurveyGrades;
    assert_eq!(
        hide_of(grades, "A", Column::Grade(8)),
        (Value::Count(3), Some(Hide::Small))
    );
    // A's total follows from its grade 7 and the row: something else hides.
    let hidden = table(grades)
        .all_rows()
        .flat_map(|r| &r.cells)
        .filter(|c| c.hide.is_some())
        .count();
    assert!(hidden >= 4, "{hidden}");
    let answered = hide_of(TableKind::Survey, "A", Column::Measure(Measure::Answered)).1;
    let rate = hide_of(TableKind::Survey, "A", Column::Measure(Measure::Rate)).1;
    assert_eq!(answered, hide_of(grades, "A", Column::Total).1);
    if answered.is_some() {
        assert_eq!(rate, Some(Hide::Derived));
    }
    let parents = Column::Measure(Measure::Parents);
    assert_eq!(hide_of(TableKind::Cafes, "A", parents).1, Some(Hide::Small));
    assert_eq!(
        hide_of(TableKind::Cafes, "B", parents).1,
        Some(Hide::Secondary)
    );
    let share = Column::Measure(Measure::Share);
    assert_eq!(hide_of(TableKind::Cafes, "B", share).1, Some(Hide::Derived));
    assert_eq!(hide_of(TableKind::Cafes, "C", share).1, None);
}

fn inner_table() -> impl Strategy<Value = (Vec<Vec<u32>>, bool)> {
    (1usize..7, 1usize..5, any::<bool>()).prop_flat_map(|(rows, cols, row_sums)| {
        let value = prop_oneof![3 => 0u32..6, 2 => 5u32..40];
        (
            proptest::collection::vec(proptest::collection::vec(value, cols), rows),
            Just(row_sums),
        )
    })
}

proptest! {
    #[test]
    fn no_small_count_is_visible((inner, row_sums) in inner_table(), threshold in 2u32..11) {
        let mut g = with_totals(&inner, row_sums);
        suppress(&mut g, threshold);
        for (r, c) in g.cells() {
            let v = g.values[r][c];
            if v > 0 && v < threshold {
                prop_assert!(g.hide[r][c].is_some(), "{v} at ({r},{c}) is visible");
            }
        }
    }

    #[test]
    fn no_hidden_cell_can_be_worked_out((inner, row_sums) in inner_table(), threshold in 2u32..11) {
        let mut g = with_totals(&inner, row_sums);
        suppress(&mut g, threshold);
        for h in g.hidden() {
            prop_assert!(!determined(&g, h), "{:?} = {} follows from the rest: {:?}", h, g.values[h.0][h.1], g.hide);
        }
    }
}

mod trends {
    //! The trends' marks: every small count of pupils or parents hidden,
    //! no rate shown over a hidden count, nothing else touched, and no
    //! value changed (the screen shows the real numbers).
    use super::super::suppress_trends;
    use feltbog_api::summary::{Cell, Hide, Value};
    use feltbog_api::trends::{TrendMeasure, TrendRow, Trends};
    use proptest::prelude::*;

    fn trends(counts: &[Vec<u32>], threshold: u32) -> Trends {
        let rows = TrendMeasure::ALL
            .iter()
            .zip(counts)
            .map(|(m, values)| TrendRow {
                measure: *m,
                cells: values
                    .iter()
                    .map(|n| match m {
                        TrendMeasure::SurveyRate => Cell::new(Value::Percent(f64::from(*n % 101))),
                        _ => Cell::count(*n),
                    })
                    .collect(),
            })
            .collect();
        Trends {
            years: Vec::new(),
            rows,
            team: String::new(),
            made_by: String::new(),
            made_at: String::new(),
            threshold,
        }
    }

    proptest! {
        #[test]
        fn small_people_counts_and_their_rates_are_hidden_and_nothing_else(
            counts in proptest::collection::vec(proptest::collection::vec(0u32..40, 5), 8),
            threshold in 2u32..=10,
        ) {
            let before = trends(&counts, threshold);
            let after = suppress_trends(before.clone());
            let answered_hidden: Vec<bool> = after.rows[1].cells.iter().map(|c| c.hide.is_some()).collect();
            for (b, a) in before.rows.iter().zip(&after.rows) {
                for (i, (cb, ca)) in b.cells.iter().zip(&a.cells).enumerate() {
                    prop_assert_eq!(&cb.value, &ca.value);
                    let small = matches!(ca.value, Value::Count(n) if n > 0 && n < threshold);
                    let expected = match a.measure {
                        TrendMeasure::SurveyAnswered
                        | TrendMeasure::Parents
                        | TrendMeasure::YoungReached
                            if small =>
                        {
                            Some(Hide::Small)
                        }
                        TrendMeasure::SurveyRate if answered_hidden[i] => Some(Hide::Derived),
                        _ => None,
                    };
                    prop_assert_eq!(ca.hide, expected, "{:?} year {}", a.measure, i);
                }
            }
            // Applying it again changes nothing.
            prop_assert_eq!(suppress_trends(after.clone()), after);
        }
    }
}
