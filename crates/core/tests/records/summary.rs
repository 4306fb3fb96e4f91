//! The weekly summary on a real encrypted profile: the store's facts, the
//! figures, the marks of what an export hides, and the access log of an
//! export. Fictitious schools and counts only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{create, d, notification, school, visit};
use feltbog_api::cases::{Access, AccessFilter, Step, StepInput};
use feltbog_api::dates::IsoWeek;
use feltbog_api::summary::{Column, ExportFormat, Hide, Measure, RowLabel, TableKind, Value};
use feltbog_api::survey::{ClassStatus, NewClass, NewRound, Questionnaire};
use feltbog_core::Error;

const W47: IsoWeek = IsoWeek {
    year: 2026,
    week: 47,
};

#[test]
fn the_summary_of_a_week_reads_every_record_and_marks_small_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let a = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    let b = s.add_school(&school("Bøgely Skole")).unwrap().id;
    // common::visit is a done visit on Friday 20 November (week 47).
    s.record_visit(&visit(a, "x")).unwrap();
    s.record_visit(&visit(b, "y")).unwrap();
    let r = s
        .add_round(&NewRound {
            name: "Ungeprofil 2026".into(),
            questionnaire: Questionnaire::Grades7To9,
            window_from: d(2026, 11, 2),
            window_to: d(2026, 12, 18),
            target_percent: 85,
            small_threshold: 5,
        })
        .unwrap();
    for (school, grade, enrolled, answered) in [(a, 7, 22, 20), (a, 8, 21, 3), (b, 7, 24, 21)] {
        s.save_class(
            None,
            &NewClass {
                round: r.id,
                school,
                name: format!("{grade}.a"),
                grade,
                enrolled,
                answered,
                absent: 0,
                status: ClassStatus::Done,
                reason: String::new(),
                taken_on: Some(d(2026, 11, 18)),
            },
        )
        .unwrap();
    }
    let case = s.add_case(&notification(Some(a), "MK")).unwrap().summary.id;
    s.record_step(case, Step::Invited, d(2026, 11, 17), &StepInput::default())
        .unwrap();

    let sum = s.weekly_summary(W47).unwrap();
    assert_eq!((sum.from, sum.to), (d(2026, 11, 16), d(2026, 11, 22)));
    let table = |k| sum.tables.iter().find(|t| t.kind == k).unwrap();
    let visits = table(TableKind::VisitsByPurpose);
    assert_eq!(
        visits.total.as_ref().unwrap().cells.last().unwrap().value,
        Value::Count(2)
    );
    let grades = table(TableKind::SurveyGrades);
    // Danish order: Æ comes after B.
    let row_a = &grades.rows[1];
    assert_eq!(row_a.label, RowLabel::School("Æblehaveskolen".into()));
    // 3 of Æblehaveskolen's 8th graders answered: real on screen, hidden in exports.
    assert_eq!(row_a.cells[1].value, Value::Count(3));
    assert_eq!(row_a.cells[1].hide, Some(Hide::Small));
    let cases = table(TableKind::Cases);
    let offered = cases
        .rows
        .iter()
        .find(|r| r.label == RowLabel::Measure(Measure::Offered))
        .unwrap();
    assert_eq!(offered.cells[0].value, Value::Count(1));
    assert_eq!(cases.columns, vec![Column::Total]);
    assert!(sum.hidden_cells() >= 4);

    // Nothing is logged for looking; an export is.
    let before = s.access_log(&AccessFilter::default()).unwrap().len();
    s.log_summary_export(W47.into(), ExportFormat::Pdf.as_str())
        .unwrap();
    let log = s.access_log(&AccessFilter::default()).unwrap();
    assert_eq!(log.len(), before + 1);
    assert_eq!(log[0].action, Access::Export);
    assert_eq!(log[0].case_number, "ugerapport");
    assert_eq!(log[0].detail, "2026-W47 pdf");
}

#[test]
fn a_week_that_does_not_exist_is_refused_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = create(dir.path());
    let e = s
        .weekly_summary(IsoWeek {
            year: 2026,
            week: 60,
        })
        .unwrap_err();
    assert!(
        matches!(e, Error::Invalid { ref field, .. } if field == "week"),
        "{e:?}"
    );
}

/// A period that reaches the session over IPC unchecked (month 13) is
/// refused by field, naming the forms a period is written in.
#[test]
fn a_period_that_does_not_exist_is_refused_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = create(dir.path());
    let e = s
        .summary(feltbog_api::period::ReportPeriod::Month {
            year: 2026,
            month: 13,
        })
        .unwrap_err();
    assert!(
        matches!(e, Error::Invalid { ref field, .. } if field == "period"),
        "{e:?}"
    );
    assert!(e.to_string().contains("2026/27-H1"), "{e}");
}

/// A calendar year starts before its school year's 1 August: its cafés
/// from January to July are read from the profile too (the school-year
/// figure beside them still counts from 1 August).
#[test]
fn a_calendar_year_reads_its_cafes_before_august() {
    use feltbog_api::cafes::{CafeKind, CafeStatus, CafeTheme, NewCafe};
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let a = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    for (day, parents) in [(d(2026, 3, 10), 12), (d(2026, 9, 15), 20)] {
        s.record_cafe(&NewCafe {
            date: day,
            status: CafeStatus::Held,
            school: Some(a),
            area: String::new(),
            grades: vec![8],
            kind: CafeKind::ParentCafe,
            theme: CafeTheme::AlcoholDrugs,
            theme_other: String::new(),
            partners: Vec::new(),
            partner_other: String::new(),
            parents,
            invited: None,
            raised: String::new(),
            notes: String::new(),
            agreements: Vec::new(),
        })
        .unwrap();
    }
    let sum = s.summary("2026".parse().unwrap()).unwrap();
    let cafes = sum
        .tables
        .iter()
        .find(|t| t.kind == TableKind::Cafes)
        .unwrap();
    let at = |m: Measure| {
        let c = cafes
            .columns
            .iter()
            .position(|c| *c == Column::Measure(m))
            .unwrap();
        cafes.total.as_ref().unwrap().cells[c].value.clone()
    };
    assert_eq!(at(Measure::CafesHeld), Value::Count(2));
    assert_eq!(at(Measure::Parents), Value::Count(32));
    assert_eq!(at(Measure::CafesSchoolYear), Value::Count(1));
}

/// The trends read every year at once from the store; each year's figures
/// are still exactly those of that school year's own report.
#[test]
fn the_trends_are_each_school_years_report_read_at_once() {
    use feltbog_api::trends::TrendMeasure;
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let a = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    for (day, note) in [
        (d(2024, 9, 3), "a"),
        (d(2025, 7, 31), "b"),
        (d(2025, 8, 1), "c"),
        (d(2026, 3, 3), "e"),
        (d(2026, 11, 20), "f"),
    ] {
        let mut v = visit(a, note);
        v.date = day;
        v.follow_ups[0].due = day;
        v.follow_ups[0].done = true;
        s.record_visit(&v).unwrap();
    }
    let t = s.trends(3).unwrap();
    let visits = t
        .rows
        .iter()
        .find(|r| r.measure == TrendMeasure::VisitsDone)
        .unwrap();
    for (year, cell) in t.years.iter().zip(&visits.cells) {
        let report = s
            .summary(feltbog_api::period::ReportPeriod::SchoolYear { start: year.start })
            .unwrap();
        let table = report
            .tables
            .iter()
            .find(|x| x.kind == TableKind::VisitsByPurpose)
            .unwrap();
        let total = table.total.as_ref().unwrap().cells.last().unwrap();
        assert_eq!(cell.value, total.value, "{}", year.name());
    }
    let counts: Vec<Value> = visits.cells.iter().map(|c| c.value.clone()).collect();
    assert_eq!(counts, [Value::Count(2), Value::Count(2), Value::Count(1)]);
}

/// Activities in every report (issue 25, item 1): the period's table per
/// school or area with the young people and adults reached (a small count
/// of young people marked for the export), the school's own row in its
/// report, and the school years side by side in the trends.
#[test]
fn activities_are_counted_in_the_period_the_school_report_and_the_trends() {
    use crate::common::activity;
    use feltbog_api::period::ReportPeriod;
    use feltbog_api::trends::TrendMeasure;
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let a = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    let b = s.add_school(&school("Bøgely Skole")).unwrap().id;
    // common::activity is a class talk on 16 November 2026 reaching 48.
    s.record_activity(&activity(a, "")).unwrap();
    let mut small = activity(b, "");
    small.young = 3;
    s.record_activity(&small).unwrap();
    let mut street = activity(a, "");
    street.school = None;
    street.area = "Havnen".into();
    street.date = d(2025, 10, 1);
    s.record_activity(&street).unwrap();
    // Planned for next month (today is 23 November): not counted yet.
    let mut planned = activity(b, "");
    planned.date = d(2026, 12, 10);
    planned.young = 200;
    s.record_activity(&planned).unwrap();

    let year = s.summary(ReportPeriod::SchoolYear { start: 2026 }).unwrap();
    let t = year
        .tables
        .iter()
        .find(|t| t.kind == TableKind::Activities)
        .unwrap();
    let rows: Vec<(String, Vec<Value>)> = t
        .rows
        .iter()
        .map(|r| {
            let name = match &r.label {
                RowLabel::School(n) | RowLabel::Area(n) => n.clone(),
                other => panic!("{other:?}"),
            };
            (name, r.cells.iter().map(|c| c.value.clone()).collect())
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Bøgely Skole".to_string(),
                vec![Value::Count(1), Value::Count(3), Value::Count(2)]
            ),
            (
                "Æblehaveskolen".to_string(),
                vec![Value::Count(1), Value::Count(48), Value::Count(2)]
            ),
        ]
    );
    let young = t
        .columns
        .iter()
        .position(|c| *c == Column::Measure(Measure::YoungReached))
        .unwrap();
    assert_eq!(t.rows[0].cells[young].hide, Some(Hide::Small), "3 < 5");
    assert_eq!(t.rows[1].cells[young].hide, Some(Hide::Secondary));

    let report = s.school_report(a, 2026).unwrap();
    let own = report
        .tables
        .iter()
        .find(|t| t.kind == TableKind::Activities)
        .unwrap();
    assert_eq!(own.rows.len(), 1);
    assert_eq!(own.rows[0].label, RowLabel::School("Æblehaveskolen".into()));

    let trends = s.trends(2).unwrap();
    let row = |m: TrendMeasure| {
        trends
            .rows
            .iter()
            .find(|r| r.measure == m)
            .unwrap()
            .cells
            .iter()
            .map(|c| c.value.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        row(TrendMeasure::Activities),
        [Value::Count(1), Value::Count(2)]
    );
    assert_eq!(
        row(TrendMeasure::YoungReached),
        [Value::Count(48), Value::Count(51)]
    );
}
