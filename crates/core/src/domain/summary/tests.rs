use super::*;
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

fn table(s: &WeeklySummary, kind: TableKind) -> &Table {
    s.tables.iter().find(|t| t.kind == kind).unwrap()
}

/// The value in the row labelled `row` (a school name, or "total") and the
/// column `col`.
fn cell(t: &Table, row: &str, col: Column) -> Value {
    let c = t.columns.iter().position(|x| *x == col).unwrap();
    let r = t
        .all_rows()
        .find(|r| match &r.label {
            RowLabel::School(n) | RowLabel::Area(n) => n == row,
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
    let s = compute(&facts, W48, &header(d(2026, 11, 27))).unwrap();
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
    let s = compute(&facts, w53, &header(d(2027, 1, 10))).unwrap();
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
        },
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
    let s = compute(&facts, W48, &header(d(2026, 11, 27))).unwrap();
    let t = table(&s, TableKind::VisitsAhead);
    let m = |m| cell(t, "Egeby Skole", Column::Measure(m));
    assert_eq!(m(Measure::FollowUpsDone), Value::Count(1));
    assert_eq!(m(Measure::FollowUpsNextWeek), Value::Count(1));
    assert_eq!(m(Measure::FollowUpsOverdue), Value::Count(5));
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
    let s = compute(&facts, W48, &header(d(2026, 12, 3))).unwrap();
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
        },
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
    let s = compute(&facts, W48, &header(d(2026, 11, 27))).unwrap();
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
    let s = compute(&facts, W48, &header(d(2026, 12, 3))).unwrap();
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
