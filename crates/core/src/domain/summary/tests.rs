use super::*;
use feltbog_api::dates::IsoWeek;
use feltbog_api::summary::{Column, Measure, RowLabel, TableKind, Value};
use feltbog_api::survey::{ClassStatus, Questionnaire};
use feltbog_api::{ClassId, RoundId, SchoolId};
use uuid::Uuid;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const W48: IsoWeek = IsoWeek {
    year: 2026,
    week: 48,
};

fn header(today: NaiveDate) -> Header {
    Header {
        team: "SSP Egeby".into(),
        made_by: "Mette".into(),
        made_at: "2026-11-27T12:00:00Z".into(),
        today,
        threshold: 5,
        case_rules: CaseSettings::default(),
    }
}

fn visit(school: &str, date: NaiveDate, status: VisitStatus, purpose: VisitPurpose) -> VisitFact {
    VisitFact {
        school: school.into(),
        date,
        status,
        purpose,
    }
}

fn table(s: &Summary, kind: TableKind) -> &Table {
    s.tables.iter().find(|t| t.kind == kind).unwrap()
}

/// The value in the row labelled `row` (a school name, or "total") and the
/// column `col`.
fn cell(t: &Table, row: &str, col: Column) -> Value {
    let c = t.columns.iter().position(|x| *x == col).unwrap();
    let r = t
        .all_rows()
        .find(|r| match &r.label {
            RowLabel::School(n) | RowLabel::Area(n) | RowLabel::SchoolYear(n) => n == row,
            RowLabel::Total => row == "total",
            RowLabel::Measure(m) => m.as_str() == row,
        })
        .unwrap_or_else(|| panic!("no row {row}"));
    r.cells[c].value.clone()
}

#[test]
fn a_visit_late_on_sunday_belongs_to_its_week() {
    use VisitPurpose::*;
    use VisitStatus::*;
    let facts = Facts {
        visits: vec![
            visit("Egeby Skole", d(2026, 11, 23), Done, ClassTalk),
            visit("Egeby Skole", d(2026, 11, 29), Done, Survey),
            visit("Åby Skole", d(2026, 11, 25), Done, ClassTalk),
            // Monday after: not this week; planned, so next week's.
            visit("Egeby Skole", d(2026, 11, 30), Planned, Management),
            visit("Ørum Skole", d(2026, 11, 22), Done, ClassTalk),
        ],
        ..Facts::default()
    };
    let s = compute(&facts, W48.into(), &header(d(2026, 11, 27))).unwrap();
    let t = table(&s, TableKind::VisitsByPurpose);
    assert_eq!(
        t.columns,
        vec![
            Column::Purpose(Survey),
            Column::Purpose(ClassTalk),
            Column::Total
        ]
    );
    assert_eq!(cell(t, "Egeby Skole", Column::Total), Value::Count(2));
    assert_eq!(
        cell(t, "total", Column::Purpose(ClassTalk)),
        Value::Count(2)
    );
    // Ørum's visit was the week before: the school is left out. Å sorts last.
    let names: Vec<_> = t.rows.iter().map(|r| r.label.clone()).collect();
    assert_eq!(
        names,
        vec![
            RowLabel::School("Egeby Skole".into()),
            RowLabel::School("Åby Skole".into())
        ]
    );
    let ahead = table(&s, TableKind::VisitsAhead);
    let planned = Column::Measure(Measure::PlannedNextWeek);
    assert_eq!(cell(ahead, "Egeby Skole", planned), Value::Count(1));
}

#[test]
fn week_53_runs_across_new_year() {
    let w53 = IsoWeek {
        year: 2026,
        week: 53,
    };
    let facts = Facts {
        visits: vec![
            visit(
                "Egeby Skole",
                d(2027, 1, 1),
                VisitStatus::Done,
                VisitPurpose::Other,
            ),
            visit(
                "Egeby Skole",
                d(2026, 12, 27),
                VisitStatus::Done,
                VisitPurpose::Other,
            ),
            visit(
                "Egeby Skole",
                d(2027, 1, 8),
                VisitStatus::Planned,
                VisitPurpose::Other,
            ),
        ],
        ..Facts::default()
    };
    let s = compute(&facts, w53.into(), &header(d(2027, 1, 10))).unwrap();
    assert_eq!((s.from, s.to), (d(2026, 12, 28), d(2027, 1, 3)));
    let t = table(&s, TableKind::VisitsByPurpose);
    assert_eq!(cell(t, "total", Column::Total), Value::Count(1));
    let ahead = table(&s, TableKind::VisitsAhead);
    assert_eq!(
        cell(ahead, "total", Column::Measure(Measure::PlannedNextWeek)),
        Value::Count(1)
    );
    assert!(compute(
        &facts,
        IsoWeek {
            year: 2025,
            week: 53
        }
        .into(),
        &header(d(2027, 1, 10))
    )
    .is_none());
}

#[test]
fn follow_ups_are_done_due_or_overdue() {
    let fu = |due, done| FollowUpFact {
        school: "Egeby Skole".into(),
        due,
        done,
        count: 1,
    };
    let facts = Facts {
        follow_ups: vec![
            fu(d(2026, 11, 24), true),
            fu(d(2026, 12, 2), false),
            fu(d(2026, 11, 20), false),
            fu(d(2026, 11, 29), false),
            fu(d(2026, 12, 20), false),
            FollowUpFact {
                count: 3,
                ..fu(d(2026, 11, 1), false)
            },
        ],
        ..Facts::default()
    };
    let s = compute(&facts, W48.into(), &header(d(2026, 11, 27))).unwrap();
    let t = table(&s, TableKind::VisitsAhead);
    let m = |m| cell(t, "Egeby Skole", Column::Measure(m));
    assert_eq!(m(Measure::FollowUpsDone), Value::Count(1));
    assert_eq!(m(Measure::FollowUpsNextWeek), Value::Count(1));
    // On Friday, the one due on Sunday is not overdue yet: the current
    // week's "end" is today, as the user guide says.
    assert_eq!(m(Measure::FollowUpsOverdue), Value::Count(4));
    // Seen the week after, it is.
    let s = compute(&facts, W48.into(), &header(d(2026, 12, 3))).unwrap();
    let t = table(&s, TableKind::VisitsAhead);
    let overdue = cell(t, "Egeby Skole", Column::Measure(Measure::FollowUpsOverdue));
    assert_eq!(overdue, Value::Count(5));
}

fn class(
    school: &str,
    grade: u8,
    enrolled: u32,
    answered: u32,
    taken: Option<NaiveDate>,
) -> ClassView {
    ClassView {
        id: ClassId(Uuid::now_v7()),
        round: RoundId(Uuid::nil()),
        school: SchoolId(Uuid::nil()),
        school_name: school.into(),
        name: format!("{grade}.a"),
        grade,
        enrolled,
        answered,
        absent: 0,
        status: if taken.is_some() {
            ClassStatus::Done
        } else {
            ClassStatus::NotStarted
        },
        reason: String::new(),
        taken_on: taken,
    }
}

fn round(classes: Vec<ClassView>) -> RoundFact {
    RoundFact {
        round: RoundView {
            id: RoundId(Uuid::nil()),
            name: "Ungeprofil 2026".into(),
            questionnaire: Questionnaire::Grades7To9,
            window_from: d(2026, 11, 2),
            window_to: d(2026, 12, 18),
            target_percent: 85,
            small_threshold: 5,
            classes: 0,
        },
        classes,
    }
}

#[test]
fn survey_counts_answers_up_to_the_end_of_the_week() {
    let facts = Facts {
        rounds: vec![round(vec![
            class("Egeby Skole", 7, 24, 20, Some(d(2026, 11, 18))),
            class("Egeby Skole", 8, 25, 22, Some(d(2026, 11, 26))),
            // Taken after the week: not answered yet in week 48.
            class("Egeby Skole", 9, 26, 25, Some(d(2026, 12, 1))),
            class("Åby Skole", 7, 3, 3, Some(d(2026, 11, 24))),
            class("Åby Skole", 8, 20, 0, None),
        ])],
        ..Facts::default()
    };
    let s = compute(&facts, W48.into(), &header(d(2026, 12, 3))).unwrap();
    let t = table(&s, TableKind::Survey);
    let m = |row, m| cell(t, row, Column::Measure(m));
    assert_eq!(m("Egeby Skole", Measure::Enrolled), Value::Count(75));
    assert_eq!(m("Egeby Skole", Measure::Answered), Value::Count(42));
    assert_eq!(
        m("Egeby Skole", Measure::AnsweredThisWeek),
        Value::Count(22)
    );
    assert_eq!(m("Egeby Skole", Measure::ClassesOpen), Value::Count(1));
    assert_eq!(m("total", Measure::Answered), Value::Count(45));
    assert_eq!(m("Egeby Skole", Measure::Rate), Value::Percent(56.0));
    let round = t.round.as_ref().unwrap();
    // As of Sunday 29 November: 20 days left, that Sunday included.
    assert_eq!(round.window, feltbog_api::survey::Window::Open { days: 20 });
    let g = table(&s, TableKind::SurveyGrades);
    assert_eq!(cell(g, "Egeby Skole", Column::Grade(9)), Value::Count(0));
    assert_eq!(cell(g, "total", Column::Total), Value::Count(45));
    // Åby has a grade below the small-school threshold: its grades go together.
    let aby = g
        .rows
        .iter()
        .find(|r| r.label == RowLabel::School("Åby Skole".into()))
        .unwrap();
    assert!(aby.cells[..3]
        .iter()
        .all(|c| c.hide == Some(feltbog_api::summary::Hide::Combined)));
    // A round whose window ended before the week is not in it.
    let later = compute(
        &facts,
        IsoWeek {
            year: 2027,
            week: 2,
        }
        .into(),
        &header(d(2027, 1, 10)),
    )
    .unwrap();
    assert!(later.tables.iter().all(|t| t.kind != TableKind::Survey));
}

#[test]
fn cafes_count_the_week_and_the_school_year() {
    use feltbog_api::cafes::{CafeStatus, CafeTheme};
    let cafe = |date, parents, invited, theme| CafeFact {
        place: Place::School("Egeby Skole".into()),
        date,
        status: CafeStatus::Held,
        parents,
        invited,
        theme,
    };
    let facts = Facts {
        cafes: vec![
            cafe(d(2026, 11, 24), 12, Some(40), CafeTheme::SocialMedia),
            cafe(d(2026, 11, 26), 8, None, CafeTheme::AlcoholDrugs),
            cafe(d(2026, 9, 10), 30, None, CafeTheme::Parties),
            // The school year before.
            cafe(d(2026, 6, 10), 30, None, CafeTheme::Parties),
        ],
        agreements: vec![AgreementFact {
            place: Place::Area("Nordby".into()),
            revisit: d(2026, 11, 25),
            done: false,
        }],
        ..Facts::default()
    };
    let s = compute(&facts, W48.into(), &header(d(2026, 11, 27))).unwrap();
    let t = table(&s, TableKind::Cafes);
    let m = |row, m| cell(t, row, Column::Measure(m));
    assert_eq!(m("Egeby Skole", Measure::CafesHeld), Value::Count(2));
    assert_eq!(m("Egeby Skole", Measure::CafesSchoolYear), Value::Count(3));
    assert_eq!(m("Egeby Skole", Measure::Parents), Value::Count(20));
    assert_eq!(m("Egeby Skole", Measure::Share), Value::Percent(30.0));
    assert_eq!(
        m("Egeby Skole", Measure::Themes),
        Value::Themes(vec![CafeTheme::AlcoholDrugs, CafeTheme::SocialMedia])
    );
    assert_eq!(m("Nordby", Measure::AgreementsDue), Value::Count(1));
}

#[test]
fn cases_are_counted_for_the_municipality_as_of_the_week() {
    let case = |notified, repeat, steps: Vec<(Step, NaiveDate)>| CaseFact {
        notified,
        repeat,
        steps,
    };
    let facts = Facts {
        cases: vec![
            // Notified in the week, invited in it.
            case(
                d(2026, 11, 23),
                false,
                vec![
                    (Step::Notified, d(2026, 11, 23)),
                    (Step::Invited, d(2026, 11, 25)),
                ],
            ),
            // A repeat notified in the week, nothing else yet.
            case(
                d(2026, 11, 24),
                true,
                vec![(Step::Notified, d(2026, 11, 24))],
            ),
            // Waiting since October: overdue.
            case(
                d(2026, 10, 1),
                false,
                vec![(Step::Notified, d(2026, 10, 1))],
            ),
            // Held in the week after 10 days; follow-up due in 6 weeks.
            case(
                d(2026, 11, 16),
                false,
                vec![
                    (Step::Notified, d(2026, 11, 16)),
                    (Step::Held, d(2026, 11, 26)),
                ],
            ),
            // Held 20 October after 20 days, follow-up due 1 December.
            case(
                d(2026, 9, 30),
                false,
                vec![
                    (Step::Notified, d(2026, 9, 30)),
                    (Step::Held, d(2026, 10, 20)),
                ],
            ),
            // Invited only after the week: still waiting on the offer then.
            case(
                d(2026, 11, 2),
                false,
                vec![
                    (Step::Notified, d(2026, 11, 2)),
                    (Step::Invited, d(2026, 12, 1)),
                ],
            ),
        ],
        deletions: vec![d(2026, 11, 27), d(2026, 11, 2)],
        // Two of the police's rows notified by the week's end wait; one
        // notified after it is next week's.
        waiting: vec![d(2026, 11, 26), d(2026, 11, 10), d(2026, 12, 1)],
        ..Facts::default()
    };
    let s = compute(&facts, W48.into(), &header(d(2026, 12, 3))).unwrap();
    let t = table(&s, TableKind::Cases);
    let m = |m: Measure| cell(t, m.as_str(), Column::Total);
    assert_eq!(m(Measure::Notified), Value::Count(2));
    assert_eq!(m(Measure::Offered), Value::Count(1));
    assert_eq!(m(Measure::Held), Value::Count(1));
    assert_eq!(m(Measure::Repeats), Value::Count(1));
    assert_eq!(m(Measure::Overdue), Value::Count(2));
    assert_eq!(m(Measure::CaseFollowUpsNextWeek), Value::Count(1));
    assert_eq!(m(Measure::MedianDays), Value::Days(15.0));
    assert_eq!(m(Measure::DeletedOnTime), Value::Count(1));
    assert_eq!(m(Measure::NotificationsWaiting), Value::Count(2));
    assert!(t.total.is_none());
}

mod periods {
    //! A report over a school year adds up to its months, and to its two
    //! halves, wherever its figures are sums (done in the period, held in
    //! the period, notified in the period); figures "as of the end" or
    //! medians are not sums and are left out.
    use super::*;
    use feltbog_api::period::ReportPeriod;
    use proptest::prelude::*;

    const SCHOOLS: [&str; 3] = ["Egeby Skole", "Åby Skole", "Ørum Skole"];

    /// What is counted as a sum: (table, row, column).
    fn sums(s: &Summary) -> Vec<u32> {
        let count = |kind: TableKind, row: &str, col: Column| {
            s.tables
                .iter()
                .find(|t| t.kind == kind)
                .filter(|t| t.columns.contains(&col))
                .map_or(0, |t| match cell(t, row, col) {
                    Value::Count(n) => n,
                    other => panic!("{other:?}"),
                })
        };
        let mut out = vec![
            count(TableKind::VisitsByPurpose, "total", Column::Total),
            count(
                TableKind::VisitsAhead,
                "total",
                Column::Measure(Measure::FollowUpsDone),
            ),
            count(
                TableKind::Cafes,
                "total",
                Column::Measure(Measure::CafesHeld),
            ),
            count(TableKind::Cafes, "total", Column::Measure(Measure::Parents)),
        ];
        for m in [
            Measure::Notified,
            Measure::Offered,
            Measure::Held,
            Measure::Repeats,
            Measure::DeletedOnTime,
        ] {
            out.push(count(TableKind::Cases, m.as_str(), Column::Total));
        }
        out
    }

    fn add(a: Vec<u32>, b: Vec<u32>) -> Vec<u32> {
        a.into_iter().zip(b).map(|(x, y)| x + y).collect()
    }

    fn facts(days: &[(u16, u8, u8)]) -> Facts {
        let start = d(2026, 7, 20);
        let day = |n: u16| start + chrono::Duration::days(i64::from(n));
        let mut f = Facts::default();
        for (i, &(n, school, what)) in days.iter().enumerate() {
            let school = SCHOOLS[usize::from(school) % SCHOOLS.len()].to_owned();
            let date = day(n);
            match what % 5 {
                0 => f.visits.push(visit(
                    &school,
                    date,
                    VisitStatus::Done,
                    VisitPurpose::ALL[i % VisitPurpose::ALL.len()],
                )),
                1 => f.follow_ups.push(FollowUpFact {
                    school,
                    due: date,
                    done: true,
                    count: 1 + (i as u32 % 3),
                }),
                2 => f.cafes.push(CafeFact {
                    place: Place::School(school),
                    date,
                    status: CafeStatus::Held,
                    parents: i as u32 % 20,
                    invited: None,
                    theme: CafeTheme::ALL[i % CafeTheme::ALL.len()],
                }),
                3 => f.cases.push(CaseFact {
                    notified: date,
                    repeat: i % 3 == 0,
                    steps: vec![
                        (Step::Invited, date + chrono::Duration::days(3)),
                        (Step::Held, date + chrono::Duration::days(9)),
                    ],
                }),
                _ => f.deletions.push(date),
            }
        }
        f
    }

    proptest! {
        #[test]
        fn a_school_year_is_the_sum_of_its_months_and_halves(
            days in proptest::collection::vec((0u16..400, 0u8..3, 0u8..5), 0..60)
        ) {
            let f = facts(&days);
            let h = header(d(2027, 12, 1));
            let of = |p: &str| {
                let period: ReportPeriod = p.parse().unwrap();
                sums(&compute(&f, period, &h).unwrap())
            };
            let year = of("2026/27");
            let mut months = vec![0; year.len()];
            let mut month: ReportPeriod = "2026-08".parse().unwrap();
            for _ in 0..12 {
                months = add(months, sums(&compute(&f, month, &h).unwrap()));
                month = month.next();
            }
            prop_assert_eq!(&months, &year);
            prop_assert_eq!(add(of("2026/27-H1"), of("2026/27-H2")), year.clone());
            // The quarters of the calendar year 2027 add up likewise.
            let quarters = ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]
                .into_iter()
                .map(of)
                .fold(vec![0; year.len()], add);
            prop_assert_eq!(quarters, of("2027"));
        }
    }

    #[test]
    fn a_month_counts_its_days_and_plans_for_the_next_month() {
        use VisitPurpose::*;
        use VisitStatus::*;
        let facts = Facts {
            visits: vec![
                visit("Egeby Skole", d(2026, 11, 1), Done, ClassTalk),
                visit("Egeby Skole", d(2026, 11, 30), Done, Survey),
                visit("Egeby Skole", d(2026, 10, 31), Done, Survey),
                visit("Åby Skole", d(2026, 12, 31), Planned, ClassTalk),
                visit("Åby Skole", d(2027, 1, 1), Planned, ClassTalk),
            ],
            ..Facts::default()
        };
        let november: ReportPeriod = "2026-11".parse().unwrap();
        let s = compute(&facts, november, &header(d(2026, 11, 27))).unwrap();
        assert_eq!(s.week, None);
        assert_eq!((s.from, s.to), (d(2026, 11, 1), d(2026, 11, 30)));
        assert_eq!((s.next_from, s.next_to), (d(2026, 12, 1), d(2026, 12, 31)));
        let t = table(&s, TableKind::VisitsByPurpose);
        assert_eq!(cell(t, "Egeby Skole", Column::Total), Value::Count(2));
        let ahead = table(&s, TableKind::VisitsAhead);
        let planned = Column::Measure(Measure::PlannedNextWeek);
        assert_eq!(cell(ahead, "Åby Skole", planned), Value::Count(1));
        // A week's summary is the same function with a week.
        let w = compute(&facts, W48.into(), &header(d(2026, 11, 27))).unwrap();
        assert_eq!(w.week, Some(W48));
        assert_eq!(w.period, ReportPeriod::Week { week: W48 });
    }
}
