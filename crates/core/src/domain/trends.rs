//! Trends across school years, read off the summary of each school year
//! *after* its small numbers were marked, so a figure here means exactly
//! what the same figure means on that year's report, and a total that
//! report hides (to protect a small school) is hidden here too: the trends
//! can give away nothing the year's report keeps back. Pure; the trends'
//! own rule for small numbers is [`super::suppression::suppress_trends`].

use feltbog_api::period::ReportPeriod;
use feltbog_api::summary::{
    Cell, Column, Hide, Measure, RowLabel, Summary, Table, TableKind, Value,
};
use feltbog_api::trends::{TrendMeasure, TrendRow, TrendYear, Trends};

/// A count and whether the report it comes from hides it.
#[derive(Clone, Copy, Default)]
struct Figure {
    n: u32,
    hide: Option<Hide>,
}

impl Figure {
    fn cell(self) -> Cell {
        Cell {
            value: Value::Count(self.n),
            hide: self.hide,
        }
    }
}

/// The count in the row `row` (the total row for `None`) and column `col`
/// of every table of `kind`, added up (two survey rounds in one year);
/// hidden if any part is. 0 where the summary has no such table.
fn count(s: &Summary, kind: TableKind, row: Option<Measure>, col: Column) -> Figure {
    s.tables
        .iter()
        .filter(|t| t.kind == kind)
        .filter_map(|t| cell_of(t, row, col))
        .fold(Figure::default(), |acc, c| Figure {
            n: acc.n + c.value.count().unwrap_or(0),
            hide: acc.hide.or(c.hide),
        })
}

fn cell_of(t: &Table, row: Option<Measure>, col: Column) -> Option<&Cell> {
    let c = t.columns.iter().position(|x| *x == col)?;
    let row = match row {
        None => t.total.as_ref(),
        Some(m) => t.rows.iter().find(|r| r.label == RowLabel::Measure(m)),
    };
    row?.cells.get(c)
}

/// The trends of the school-year summaries `years` (oldest first, marked
/// by suppression), each with the day its figures run to where the year is
/// still running.
pub fn compute(years: &[(Summary, Option<chrono::NaiveDate>)]) -> Trends {
    let mut rows: Vec<TrendRow> = TrendMeasure::ALL
        .iter()
        .map(|m| TrendRow {
            measure: *m,
            cells: Vec::with_capacity(years.len()),
        })
        .collect();
    let total = Column::Measure;
    for (s, _) in years {
        let enrolled = count(s, TableKind::Survey, None, total(Measure::Enrolled));
        let answered = count(s, TableKind::Survey, None, total(Measure::Answered));
        for row in &mut rows {
            let cell = match row.measure {
                TrendMeasure::SurveyRate if enrolled.n == 0 => Cell::new(Value::Empty),
                TrendMeasure::SurveyRate => Cell {
                    value: Value::Percent(f64::from(answered.n) * 100.0 / f64::from(enrolled.n)),
                    hide: (answered.hide.is_some() || enrolled.hide.is_some())
                        .then_some(Hide::Derived),
                },
                TrendMeasure::SurveyAnswered => answered.cell(),
                TrendMeasure::VisitsDone => {
                    count(s, TableKind::VisitsByPurpose, None, Column::Total).cell()
                }
                TrendMeasure::CafesHeld => {
                    count(s, TableKind::Cafes, None, total(Measure::CafesHeld)).cell()
                }
                TrendMeasure::Parents => {
                    count(s, TableKind::Cafes, None, total(Measure::Parents)).cell()
                }
                TrendMeasure::Activities => count(
                    s,
                    TableKind::Activities,
                    None,
                    total(Measure::ActivitiesHeld),
                )
                .cell(),
                TrendMeasure::YoungReached => {
                    count(s, TableKind::Activities, None, total(Measure::YoungReached)).cell()
                }
                TrendMeasure::Notified => case_count(s, Measure::Notified),
                TrendMeasure::Held => case_count(s, Measure::Held),
                TrendMeasure::Repeats => case_count(s, Measure::Repeats),
            };
            row.cells.push(cell);
        }
    }
    let first = years.first().map(|(s, _)| s);
    Trends {
        years: years
            .iter()
            .filter_map(|(s, so_far)| match s.period {
                ReportPeriod::SchoolYear { start } => Some(TrendYear {
                    start,
                    from: s.from,
                    to: s.to,
                    so_far: *so_far,
                }),
                _ => None,
            })
            .collect(),
        rows,
        team: first.map(|s| s.team.clone()).unwrap_or_default(),
        made_by: first.map(|s| s.made_by.clone()).unwrap_or_default(),
        made_at: first.map(|s| s.made_at.clone()).unwrap_or_default(),
        threshold: first.map_or(0, |s| s.threshold),
    }
}

fn case_count(s: &Summary, m: Measure) -> Cell {
    count(s, TableKind::Cases, Some(m), Column::Total).cell()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::summary::{
        self, CafeFact, CaseFact, Facts, Header, Place, RoundFact, VisitFact,
    };
    use chrono::NaiveDate;
    use feltbog_api::cafes::{CafeStatus, CafeTheme};
    use feltbog_api::cases::Step;
    use feltbog_api::survey::{ClassStatus, ClassView, Questionnaire, RoundView};
    use feltbog_api::visits::{VisitPurpose, VisitStatus};
    use feltbog_api::{ClassId, RoundId, SchoolId};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// An 8th-grade class of 24 at `school` that answered `answered` on
    /// the day `taken`.
    fn class(school: &str, answered: u32, taken: NaiveDate) -> ClassView {
        ClassView {
            id: ClassId(uuid::Uuid::new_v4()),
            round: RoundId(uuid::Uuid::nil()),
            school: SchoolId(uuid::Uuid::nil()),
            school_name: school.into(),
            name: "8.a".into(),
            grade: 8,
            enrolled: 24,
            answered,
            absent: 0,
            status: ClassStatus::Done,
            reason: String::new(),
            taken_on: Some(taken),
        }
    }

    /// A round open from `from` to `to` with `classes`.
    fn round(name: &str, from: NaiveDate, to: NaiveDate, classes: Vec<ClassView>) -> RoundFact {
        RoundFact {
            round: RoundView {
                id: RoundId(uuid::Uuid::nil()),
                name: name.into(),
                questionnaire: Questionnaire::Grades7To9,
                window_from: from,
                window_to: to,
                target_percent: 85,
                small_threshold: 5,
                classes: classes.len() as u32,
            },
            classes,
        }
    }

    fn year(facts: &Facts, start: i32, today: NaiveDate) -> Summary {
        let header = Header {
            team: "SSP Egeby".into(),
            made_by: "Mette".into(),
            made_at: "2026-12-05T12:00:00Z".into(),
            today,
            threshold: 5,
            case_rules: Default::default(),
        };
        let s = summary::compute(facts, ReportPeriod::SchoolYear { start }, &header).unwrap();
        crate::domain::suppression::suppress_summary(s)
    }

    #[test]
    fn each_year_counts_what_its_school_year_report_counts() {
        let visit = |date| VisitFact {
            school: "Egeby Skole".into(),
            date,
            status: VisitStatus::Done,
            purpose: VisitPurpose::ClassTalk,
        };
        let facts = Facts {
            visits: vec![
                visit(d(2025, 7, 31)),
                visit(d(2025, 8, 1)),
                visit(d(2026, 3, 3)),
            ],
            cafes: vec![CafeFact {
                place: Place::School("Egeby Skole".into()),
                date: d(2026, 9, 10),
                status: CafeStatus::Held,
                parents: 23,
                invited: None,
                theme: CafeTheme::SocialMedia,
            }],
            cases: vec![CaseFact {
                notified: d(2026, 2, 2),
                repeat: true,
                steps: vec![(Step::Held, d(2026, 2, 20))],
            }],
            ..Facts::default()
        };
        let today = d(2026, 12, 5);
        let t = compute(&[
            (year(&facts, 2024, today), None),
            (year(&facts, 2025, today), None),
            (year(&facts, 2026, today), Some(today)),
        ]);
        assert_eq!(
            t.years.iter().map(TrendYear::name).collect::<Vec<_>>(),
            ["2024/25", "2025/26", "2026/27"]
        );
        assert_eq!(t.years[2].so_far, Some(today));
        let row = |m: TrendMeasure| -> Vec<Value> {
            t.rows
                .iter()
                .find(|r| r.measure == m)
                .unwrap()
                .cells
                .iter()
                .map(|c| c.value.clone())
                .collect()
        };
        use Value::Count;
        assert_eq!(
            row(TrendMeasure::VisitsDone),
            [Count(1), Count(2), Count(0)]
        );
        assert_eq!(row(TrendMeasure::Parents), [Count(0), Count(0), Count(23)]);
        assert_eq!(row(TrendMeasure::Notified), [Count(0), Count(1), Count(0)]);
        assert_eq!(row(TrendMeasure::Held), [Count(0), Count(1), Count(0)]);
        assert_eq!(row(TrendMeasure::Repeats), [Count(0), Count(1), Count(0)]);
        // No survey in any year: no rate, not 0 %.
        assert_eq!(
            row(TrendMeasure::SurveyRate),
            [Value::Empty, Value::Empty, Value::Empty]
        );
        assert_eq!(t.span_name(), "2024/25–2026/27");
    }

    /// A total the year's own report hides (to keep a small school's
    /// figure hidden) is hidden in the trends too, and the rate over it.
    #[test]
    fn what_a_years_report_hides_the_trends_hide() {
        let taken = d(2026, 11, 24);
        let facts = Facts {
            rounds: vec![round(
                "Ungeprofilundersøgelsen 2026",
                d(2026, 11, 2),
                d(2026, 12, 18),
                vec![
                    class("Egeby Skole", 20, taken),
                    class("Åby Skole", 19, taken),
                ],
            )],
            ..Facts::default()
        };
        let today = d(2026, 12, 5);
        let mut s = year(&facts, 2026, today);
        let shown = compute(&[(s.clone(), Some(today))]);
        assert_eq!(shown.rows[1].cells[0], Cell::count(39));
        assert!(matches!(shown.rows[0].cells[0].value, Value::Percent(_)));
        assert_eq!(shown.rows[0].cells[0].hide, None);
        let table = s
            .tables
            .iter_mut()
            .find(|t| t.kind == TableKind::Survey)
            .unwrap();
        let answered = table
            .columns
            .iter()
            .position(|c| *c == Column::Measure(Measure::Answered))
            .unwrap();
        table.total.as_mut().unwrap().cells[answered].hide = Some(Hide::Secondary);
        let t = crate::domain::suppression::suppress_trends(compute(&[(s, Some(today))]));
        assert_eq!(t.rows[1].measure, TrendMeasure::SurveyAnswered);
        assert_eq!(t.rows[1].cells[0].hide, Some(Hide::Secondary));
        assert_eq!(t.rows[0].cells[0].hide, Some(Hide::Derived));
    }

    /// A round whose window runs over 1 August is counted in the school
    /// year it opened in, once, while a week after 1 August still shows it
    /// running.
    #[test]
    fn a_round_over_the_first_of_august_is_one_years_not_two() {
        let facts = Facts {
            rounds: vec![round(
                "Ungeprofil sommer",
                d(2026, 6, 15),
                d(2026, 8, 20),
                vec![
                    class("Egeby Skole", 20, d(2026, 6, 20)),
                    class("Åby Skole", 20, d(2026, 8, 12)),
                ],
            )],
            ..Facts::default()
        };
        let today = d(2026, 12, 5);
        let t = compute(&[
            (year(&facts, 2025, today), None),
            (year(&facts, 2026, today), Some(today)),
        ]);
        assert_eq!(t.rows[1].measure, TrendMeasure::SurveyAnswered);
        // Both classes in the year the round opened in (one answered after
        // 1 August: the year's report is as of the round's end), none in
        // the next.
        assert_eq!(t.rows[1].cells[0], Cell::count(40));
        assert_eq!(t.rows[1].cells[1].value, Value::Count(0));
        // The year's "answered in the period" holds the August class too.
        let in_year = count(
            &year(&facts, 2025, today),
            TableKind::Survey,
            None,
            Column::Measure(Measure::AnsweredThisWeek),
        );
        assert_eq!(in_year.n, 40);
        assert_eq!(t.rows[0].cells[1].value, Value::Empty);
        // A week in August still shows the round as running.
        let week = summary::compute(
            &facts,
            feltbog_api::dates::IsoWeek {
                year: 2026,
                week: 33,
            }
            .into(),
            &Header {
                team: "SSP Egeby".into(),
                made_by: "Mette".into(),
                made_at: "2026-08-14T12:00:00Z".into(),
                today: d(2026, 8, 14),
                threshold: 5,
                case_rules: Default::default(),
            },
        )
        .unwrap();
        assert!(week.tables.iter().any(|t| t.kind == TableKind::Survey));
    }

    /// The trends read no follow-ups, agreements, deletions or waiting
    /// rows ([`summary::Parts::YearFigures`]): what they show is the same
    /// with or without them.
    #[test]
    fn the_trends_show_nothing_of_the_work_lists_they_leave_unread() {
        use crate::domain::summary::{AgreementFact, FollowUpFact, Parts};
        let facts = Facts {
            visits: vec![VisitFact {
                school: "Egeby Skole".into(),
                date: d(2026, 3, 3),
                status: VisitStatus::Done,
                purpose: VisitPurpose::ClassTalk,
            }],
            follow_ups: (0..40)
                .map(|i| FollowUpFact {
                    school: format!("Skole {}", i % 3),
                    due: d(2025, 9, 1) + chrono::Days::new(i * 20),
                    done: i % 2 == 0,
                    count: 1 + i as u32 % 4,
                })
                .collect(),
            agreements: vec![AgreementFact {
                place: Place::School("Egeby Skole".into()),
                revisit: d(2026, 1, 10),
                done: false,
            }],
            cases: vec![CaseFact {
                notified: d(2025, 10, 2),
                repeat: false,
                steps: vec![(Step::Held, d(2025, 10, 20))],
            }],
            deletions: vec![d(2025, 11, 1), d(2026, 2, 1)],
            waiting: vec![d(2026, 11, 30)],
            ..Facts::default()
        };
        let today = d(2026, 12, 5);
        let trends = |f: &Facts| {
            compute(&[
                (year(f, 2024, today), None),
                (year(f, 2025, today), None),
                (year(f, 2026, today), Some(today)),
            ])
        };
        let read = facts.clone().only(Parts::YearFigures);
        assert!(read.follow_ups.is_empty() && read.waiting.is_empty());
        assert_eq!(trends(&facts), trends(&read));
    }
}
