use super::*;
use crate::domain::summary::{self, CaseFact, Facts, Header, VisitFact};
use crate::domain::suppression::suppress_summary;
use chrono::NaiveDate;
use feltbog_api::cases::Step;
use feltbog_api::period::ReportPeriod;
use feltbog_api::survey::{ClassStatus, ClassView, Questionnaire, RoundView};
use feltbog_api::visits::{VisitPurpose, VisitStatus};
use feltbog_api::{ClassId, RoundId, SchoolId};
use proptest::prelude::*;

const SCHOOLS: [&str; 3] = ["Egeby Skole", "Åby Skole", "Ørum Skole"];

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn round(start: i32, classes: Vec<ClassView>) -> RoundFact {
    RoundFact {
        round: RoundView {
            id: RoundId(uuid::Uuid::from_u128(start as u128)),
            name: format!("Ungeprofilundersøgelsen {start}"),
            questionnaire: Questionnaire::Grades7To9,
            window_from: d(start, 11, 2),
            window_to: d(start, 12, 18),
            target_percent: 85,
            small_threshold: 5,
            classes: classes.len() as u32,
        },
        classes,
    }
}

fn class(start: i32, school: &str, grade: u8, enrolled: u32, answered: u32) -> ClassView {
    ClassView {
        id: ClassId(uuid::Uuid::new_v4()),
        round: RoundId(uuid::Uuid::from_u128(start as u128)),
        school: SchoolId(uuid::Uuid::nil()),
        school_name: school.into(),
        name: format!("{grade}.a"),
        grade,
        enrolled,
        answered: answered.min(enrolled),
        absent: 0,
        status: ClassStatus::Done,
        reason: String::new(),
        taken_on: Some(d(start, 11, 20)),
    }
}

/// The school's report for 2026/27 over `facts`, as the session makes it.
fn report(facts: &Facts, school: &str) -> (Summary, Vec<Summary>) {
    let header = Header {
        team: "SSP Egeby".into(),
        made_by: "Mette".into(),
        made_at: "2027-04-02T12:00:00Z".into(),
        today: d(2027, 4, 2),
        threshold: 5,
        case_rules: Default::default(),
    };
    let summaries: Vec<Summary> = (2024..=2026)
        .map(|start| {
            let s = summary::compute(facts, ReportPeriod::SchoolYear { start }, &header).unwrap();
            suppress_summary(s)
        })
        .collect();
    let years: Vec<SurveyYear<'_>> = summaries
        .iter()
        .zip(2024..=2026)
        .map(|(s, start)| SurveyYear {
            name: format!("{start}/{:02}", (start + 1) % 100),
            summary: s,
            rounds: &facts.rounds,
            from: d(start, 8, 1),
            to: d(start + 1, 7, 31),
        })
        .collect();
    let r = compute(school, &summaries[2], &years);
    (r, summaries)
}

#[test]
fn a_schools_report_is_its_rows_its_survey_over_three_years_and_never_the_cases() {
    let facts = Facts {
        visits: vec![
            VisitFact {
                school: "Egeby Skole".into(),
                date: d(2026, 9, 1),
                status: VisitStatus::Done,
                purpose: VisitPurpose::ClassTalk,
            },
            VisitFact {
                school: "Åby Skole".into(),
                date: d(2026, 9, 2),
                status: VisitStatus::Done,
                purpose: VisitPurpose::Survey,
            },
        ],
        rounds: vec![
            round(2024, vec![class(2024, "Egeby Skole", 8, 40, 30)]),
            round(
                2026,
                vec![
                    class(2026, "Egeby Skole", 7, 40, 36),
                    class(2026, "Egeby Skole", 8, 40, 20),
                    class(2026, "Åby Skole", 7, 30, 29),
                ],
            ),
        ],
        cases: vec![CaseFact {
            notified: d(2026, 10, 1),
            repeat: false,
            steps: vec![(Step::Held, d(2026, 10, 9))],
        }],
        ..Facts::default()
    };
    let (r, _) = report(&facts, "Egeby Skole");
    assert_eq!(r.school.as_deref(), Some("Egeby Skole"));
    assert!(r.tables.iter().all(|t| t.section != Section::Cases));
    for t in &r.tables {
        assert!(t.total.is_none(), "{:?}", t.kind);
        assert!(
            t.rows.iter().all(|row| matches!(
                &row.label,
                RowLabel::School(n) if n == "Egeby Skole"
            ) || matches!(row.label, RowLabel::SchoolYear(_))),
            "{:?}",
            t.kind
        );
    }
    let history = r
        .tables
        .iter()
        .find(|t| t.kind == TableKind::SurveyHistory)
        .unwrap();
    assert_eq!(
        history.columns,
        vec![Column::Grade(7), Column::Grade(8), Column::Total]
    );
    let rows: Vec<(String, Vec<Value>)> = history
        .rows
        .iter()
        .map(|r| {
            let RowLabel::SchoolYear(n) = &r.label else {
                panic!()
            };
            (n.clone(), r.cells.iter().map(|c| c.value.clone()).collect())
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "2024/25".into(),
                vec![Value::Empty, Value::Percent(75.0), Value::Percent(75.0)]
            ),
            (
                "2025/26".into(),
                vec![Value::Empty, Value::Empty, Value::Empty]
            ),
            (
                "2026/27".into(),
                vec![
                    Value::Percent(90.0),
                    Value::Percent(50.0),
                    Value::Percent(70.0)
                ]
            ),
        ]
    );
    // Åby took no survey in 2024/25 or 2025/26, and one grade only now.
    let (aby, _) = report(&facts, "Åby Skole");
    let visits = aby
        .tables
        .iter()
        .find(|t| t.kind == TableKind::VisitsByPurpose)
        .unwrap();
    assert_eq!(visits.rows.len(), 1);
}

/// A round over 1 August is in the survey history once, in the school
/// year it opened in, with the class that answered in August.
#[test]
fn a_round_over_the_first_of_august_is_one_year_in_the_history() {
    let mut summer = round(
        2025,
        vec![
            class(2025, "Egeby Skole", 8, 20, 15),
            class(2025, "Egeby Skole", 9, 20, 17),
        ],
    );
    summer.round.window_from = d(2025, 6, 10);
    summer.round.window_to = d(2025, 8, 20);
    summer.classes[0].taken_on = Some(d(2025, 6, 20));
    summer.classes[1].taken_on = Some(d(2025, 8, 14));
    let facts = Facts {
        rounds: vec![summer],
        ..Facts::default()
    };
    let (r, _) = report(&facts, "Egeby Skole");
    let history = r
        .tables
        .iter()
        .find(|t| t.kind == TableKind::SurveyHistory)
        .unwrap();
    let rows: Vec<Vec<Value>> = history
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.value.clone()).collect())
        .collect();
    assert_eq!(
        rows,
        vec![
            vec![
                Value::Percent(75.0),
                Value::Percent(85.0),
                Value::Percent(80.0)
            ],
            vec![Value::Empty, Value::Empty, Value::Empty],
            vec![Value::Empty, Value::Empty, Value::Empty],
        ]
    );
}

proptest! {
    /// Whatever the classes, a school's report hides every cell the
    /// municipality's report hides in that school's row, and every rate in
    /// its survey history worked out from a hidden count.
    #[test]
    fn a_schools_report_keeps_back_what_the_municipalitys_report_hides(
        counts in proptest::collection::vec((0u32..3, 0usize..3, 7u8..10, 1u32..30, 0u32..30), 1..25)
    ) {
        let mut by_year: BTreeMap<i32, Vec<ClassView>> = BTreeMap::new();
        for (y, s, grade, enrolled, answered) in counts {
            let start = 2024 + y as i32;
            by_year
                .entry(start)
                .or_default()
                .push(class(start, SCHOOLS[s], grade, enrolled, answered));
        }
        let facts = Facts {
            rounds: by_year.into_iter().map(|(y, c)| round(y, c)).collect(),
            ..Facts::default()
        };
        for school in SCHOOLS {
            let (r, summaries) = report(&facts, school);
            let this = &summaries[2];
            for t in r.tables.iter().filter(|t| t.kind != TableKind::SurveyHistory) {
                let source = this
                    .tables
                    .iter()
                    .find(|x| x.kind == t.kind && x.round == t.round)
                    .unwrap();
                let row = source
                    .rows
                    .iter()
                    .find(|x| is_school(&x.label, school));
                prop_assert_eq!(t.rows.first(), row);
            }
            if let Some(h) = r.tables.iter().find(|t| t.kind == TableKind::SurveyHistory) {
                for (row, s) in h.rows.iter().zip(&summaries) {
                    // The school's own survey row of that year, as the
                    // municipality's report marks it.
                    let own_hidden = s
                        .tables
                        .iter()
                        .filter(|t| t.kind == TableKind::Survey)
                        .flat_map(|t| &t.rows)
                        .filter(|r| is_school(&r.label, school))
                        .any(|r| r.cells.iter().take(3).any(|c| c.hide.is_some()));
                    for (col, cell) in h.columns.iter().zip(&row.cells) {
                        if cell.value != Value::Empty && (own_hidden || hidden_in(s, school, *col)) {
                            prop_assert!(cell.hide.is_some(), "{school} {col:?} {row:?}");
                        }
                    }
                }
            }
        }
    }
}
