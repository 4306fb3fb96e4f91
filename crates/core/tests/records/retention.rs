//! Retention (issue 11, point 12): nothing is kept forever by accident.
//! Visits, cafés, survey rounds, cases left open, the access log and the
//! deletion record each go on their rule's day, shown before, held like
//! the cases when the date looks wrong. Real SQLCipher files, fictitious
//! data only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use feltbog_api::cafes::{AgreementInput, CafeKind, CafeStatus, CafeTheme, NewCafe, Partner};
use feltbog_api::cases::{Access, AccessFilter, ChainFault, PurgeHold, Step, StepInput};
use feltbog_api::profile::RetentionCounts;
use feltbog_api::survey::{ClassStatus, NewClass, NewRound, Questionnaire};
use feltbog_api::{Problem, SchoolId};
use feltbog_core::domain::retention::due_through;
use feltbog_core::session::Clock;
use feltbog_core::{Error, Profile, Session};

fn cafe(day: chrono::NaiveDate, marker: &str) -> NewCafe {
    NewCafe {
        date: day,
        status: CafeStatus::Held,
        school: None,
        area: "Egeby by".into(),
        grades: vec![8],
        kind: CafeKind::ParentCafe,
        theme: CafeTheme::AlcoholDrugs,
        theme_other: String::new(),
        partners: vec![Partner::Police],
        partner_other: String::new(),
        parents: 12,
        invited: Some(30),
        raised: format!("{marker} rejst"),
        notes: String::new(),
        agreements: vec![AgreementInput {
            id: None,
            text: format!("{marker} aftale"),
            revisit: day,
            done: false,
        }],
    }
}

fn round(name: &str, to: chrono::NaiveDate) -> NewRound {
    NewRound {
        name: name.into(),
        questionnaire: Questionnaire::Grades7To9,
        window_from: to - chrono::Days::new(60),
        window_to: to,
        target_percent: 85,
        small_threshold: 5,
    }
}

fn class(round: feltbog_api::RoundId, school: SchoolId, name: &str) -> NewClass {
    NewClass {
        round,
        school,
        name: name.into(),
        grade: 8,
        enrolled: 24,
        answered: 20,
        absent: 1,
        status: ClassStatus::Done,
        reason: String::new(),
        taken_on: None,
    }
}

fn visit_on(
    school: SchoolId,
    day: chrono::NaiveDate,
    marker: &str,
) -> feltbog_api::visits::NewVisit {
    let mut v = visit(school, marker);
    v.date = day;
    v.follow_ups[0].due = day;
    v
}

/// Unlocks on `day`, as the app does (the purge on opening runs).
fn on(dir: &std::path::Path, day: chrono::NaiveDate) -> Session {
    Profile::at(dir)
        .with_clock(Clock::Fixed(day))
        .unlock(PASS)
        .unwrap()
        .session
}

fn retention_details(s: &Session) -> Vec<String> {
    s.access_log(&AccessFilter::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.action == Access::Retention)
        .map(|e| e.detail)
        .collect()
}

/// Visits, cafés and rounds are kept five years after their date by
/// default, then go with their follow-ups, agreements and classes, leaving
/// no byte of their text; the log says how many, and the plan showed it
/// before.
#[test]
fn old_visits_cafes_and_rounds_go_on_their_day_with_their_children() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let sch = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    // Today is 2026-11-23: five years back is the last day that is due.
    s.record_visit(&visit_on(sch, d(2021, 11, 23), "GAMMELBESØG"))
        .unwrap();
    s.record_visit(&visit_on(sch, d(2021, 12, 10), "NÆSTENBESØG"))
        .unwrap();
    s.record_visit(&visit_on(sch, d(2026, 11, 20), "NYTBESØG"))
        .unwrap();
    s.record_cafe(&cafe(d(2020, 5, 4), "GAMMELCAFE")).unwrap();
    s.record_cafe(&cafe(d(2026, 9, 1), "NYCAFE")).unwrap();
    let old = s
        .add_round(&round("Ungeprofil 2020", d(2021, 1, 29)))
        .unwrap();
    s.save_class(None, &class(old.id, sch, "GAMMELKLASSE"))
        .unwrap();
    let new = s
        .add_round(&round("Ungeprofil 2026", d(2027, 1, 29)))
        .unwrap();
    s.save_class(None, &class(new.id, sch, "8.b")).unwrap();
    let mut old_activity = activity(sch, "GAMMELAKTIVITET");
    old_activity.date = d(2021, 6, 1);
    s.record_activity(&old_activity).unwrap();
    s.record_activity(&activity(sch, "NYAKTIVITET")).unwrap();

    let plan = s.retention_plan().unwrap();
    let now = RetentionCounts {
        visits: 1,
        cafes: 1,
        survey_rounds: 1,
        activities: 1,
        ..Default::default()
    };
    assert_eq!(plan.now, now);
    assert_eq!(plan.soon.visits, 2, "the next one within 30 days is shown");
    assert_eq!(plan.notice_days, 30);
    assert_eq!(s.purge_hold().unwrap(), None);

    s.purge(false).unwrap();
    let st = s.store();
    for gone in [
        "GAMMELBESØG",
        "GAMMELCAFE",
        "GAMMELKLASSE",
        "Ungeprofil 2020",
        "GAMMELAKTIVITET",
    ] {
        assert!(st.find_text_for_tests(gone).unwrap().is_empty(), "{gone}");
    }
    for kept in [
        "NÆSTENBESØG",
        "NYTBESØG",
        "NYCAFE",
        "Ungeprofil 2026",
        "NYAKTIVITET",
    ] {
        assert!(!st.find_text_for_tests(kept).unwrap().is_empty(), "{kept}");
    }
    assert_eq!(
        retention_details(&s),
        vec!["visits=1 cafes=1 survey_rounds=1 activities=1".to_string()]
    );
    assert!(s.retention_plan().unwrap().now.is_empty());
    drop(s);

    // The file itself holds none of it, WAL included.
    for (name, bytes) in snapshot(dir.path()) {
        assert!(!contains(&bytes, "GAMMELBESØG"), "{name}");
    }
}

/// A case nobody closed gets a deletion day too: three years after its
/// last step by default, marked stale half a year before, deleted on the
/// day and logged as such. A new step moves the day.
#[test]
fn an_open_case_with_no_new_step_is_stale_then_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let sch = s.add_school(&school("Bøgeskolen")).unwrap().id;
    let add = |s: &mut Session, notified: chrono::NaiveDate, step_on: chrono::NaiveDate| {
        let mut n = notification(Some(sch), "A.B.");
        n.offence_date = notified - chrono::Days::new(3);
        n.notified = notified;
        let c = s.add_case(&n).unwrap();
        s.record_step(c.summary.id, Step::Invited, step_on, &StepInput::default())
            .unwrap();
        c.summary.id
    };
    let forgotten = add(&mut s, d(2023, 5, 1), d(2023, 5, 10));
    let stale = add(&mut s, d(2024, 2, 20), d(2024, 3, 1));
    let fresh = add(&mut s, d(2026, 11, 10), d(2026, 11, 12));

    let summary = |s: &Session, id| {
        s.cases(false)
            .unwrap()
            .into_iter()
            .find(|c| c.id == id)
            .unwrap()
    };
    let f = summary(&s, forgotten);
    assert_eq!(f.delete_on, Some(d(2026, 5, 10)));
    let st = summary(&s, stale);
    assert_eq!(st.delete_on, Some(d(2027, 3, 1)));
    assert!(st.stale, "deleted within half a year");
    let fr = summary(&s, fresh);
    assert_eq!(fr.delete_on, Some(d(2029, 11, 12)));
    assert!(!fr.stale);

    let due = s.purge(true).unwrap();
    assert_eq!(due.len(), 1);
    assert!(due[0].stale, "listed as a case left open");
    let number = f.number.clone();
    let done = s.purge(false).unwrap();
    assert_eq!(done.len(), 1);
    assert!(matches!(s.case(forgotten), Err(Error::NotFound(_))));
    let logged: Vec<_> = s
        .access_log(&AccessFilter {
            case_number: Some(number),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .filter(|e| e.action == Access::Delete)
        .map(|e| e.detail)
        .collect();
    assert_eq!(logged, vec!["stale".to_string()]);

    // A step recorded on the stale one moves its day three years on.
    s.record_step(
        stale,
        Step::Accepted,
        d(2026, 11, 20),
        &StepInput::default(),
    )
    .unwrap();
    let st = summary(&s, stale);
    assert_eq!(st.delete_on, Some(d(2029, 11, 20)));
    assert!(!st.stale);
}

/// The access log and the deletion record go after their years too. The
/// chain still checks after the trim, says where it was trimmed, goes on
/// from the newest trimmed entry, and a gap cut after the trim is still a
/// break. Nothing newer than the trim point can be deleted, even by SQL.
#[test]
fn the_logs_are_trimmed_by_their_rules_and_the_chain_still_checks() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let sch = s.add_school(&school("Egeskolen")).unwrap().id;
    let mut n = notification(Some(sch), "C.D.");
    n.notified = d(2026, 11, 10);
    let id = s.add_case(&n).unwrap().summary.id;
    s.delete_case(id).unwrap();
    for _ in 0..3 {
        s.open_cases_list(false).unwrap();
    }
    let mut settings = s.settings().unwrap();
    settings.retention.access_log_after_years = 1;
    settings.retention.deletions_after_years = 1;
    s.update_settings(&settings).unwrap();
    s.purge(false).unwrap();
    let written = s.access_log(&AccessFilter::default()).unwrap().len();
    assert!(written >= 6, "{written}");
    // A recent entry cannot be deleted, triggers in place.
    assert!(s
        .store()
        .execute_for_tests("DELETE FROM case_access")
        .is_err());
    drop(s);

    // Two years on (the log's times are the machine's own clock): every
    // entry and the deletion record are past their year. The jump holds
    // the purge until a person confirms.
    let later = chrono::Utc::now().date_naive() + chrono::Days::new(2 * 366);
    let mut s = on(dir.path(), later);
    let plan = s.retention_plan().unwrap();
    assert_eq!(plan.now.access_entries as usize, written);
    assert_eq!(plan.now.deletions, 1);
    assert!(matches!(
        s.purge_hold().unwrap(),
        Some(PurgeHold::ClockJump { .. })
    ));
    assert!(s.purge(false).unwrap().is_empty());
    assert_eq!(
        s.retention_plan().unwrap().now,
        plan.now,
        "held: nothing went"
    );
    s.purge_confirmed().unwrap();
    assert!(s.deletions().unwrap().is_empty());
    let log = s.access_log(&AccessFilter::default()).unwrap();
    assert_eq!(log.len(), 1, "only the trim's own entry: {log:?}");
    assert_eq!(log[0].action, Access::Retention);
    assert_eq!(log[0].detail, format!("access_log={written} deletions=1"));

    // New entries chain on from the trimmed ones; the check is intact
    // and says where the log was trimmed.
    for _ in 0..3 {
        s.open_cases_list(false).unwrap();
    }
    let check = s.verify_access_log().unwrap();
    assert!(check.intact(), "{check:?}");
    let kept_from = due_through(later, 1) + chrono::Days::new(1);
    assert_eq!(check.trimmed_before, Some(kept_from.to_string()));

    // An entry cut out of the middle after the trim is still found.
    s.store()
        .execute_for_tests("DROP TRIGGER case_access_no_delete")
        .unwrap();
    s.store()
        .execute_for_tests(
            "DELETE FROM case_access WHERE seq = (SELECT seq FROM case_access ORDER BY seq LIMIT 1 OFFSET 1)",
        )
        .unwrap();
    let check = s.verify_access_log().unwrap();
    assert_eq!(
        check.breaks.iter().map(|b| b.kind).collect::<Vec<_>>(),
        vec![ChainFault::Missing]
    );
}

/// The first purge after the rules were set shorter would delete a large
/// part of the visits at once: it waits for a person, as many cases do.
#[test]
fn many_records_at_once_wait_for_a_person() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let sch = s.add_school(&school("Lindeskolen")).unwrap().id;
    for i in 0..12 {
        s.record_visit(&visit_on(sch, d(2024, 3, 1 + i), &format!("B{i}")))
            .unwrap();
    }
    s.record_visit(&visit_on(sch, d(2026, 11, 1), "NY"))
        .unwrap();
    let mut settings = s.settings().unwrap();
    settings.retention.visits_after_years = 1;
    s.update_settings(&settings).unwrap();
    assert!(matches!(
        s.purge_hold().unwrap(),
        Some(PurgeHold::ManyRecords {
            due: 12,
            records: 13
        })
    ));
    s.purge(false).unwrap();
    assert_eq!(s.retention_plan().unwrap().now.visits, 12, "held");
    s.purge_confirmed().unwrap();
    assert_eq!(s.retention_plan().unwrap().now.visits, 0);
    assert_eq!(retention_details(&s), vec!["visits=12".to_string()]);
}

/// The same hold for activities: a rule set shorter that would delete
/// most of them at once waits for a person.
#[test]
fn many_activities_at_once_wait_for_a_person() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let sch = s.add_school(&school("Lindeskolen")).unwrap().id;
    for i in 0..12 {
        let mut a = activity(sch, &format!("A{i}"));
        a.date = d(2024, 3, 1 + i);
        s.record_activity(&a).unwrap();
    }
    s.record_activity(&activity(sch, "NY")).unwrap();
    let mut settings = s.settings().unwrap();
    settings.retention.activities_after_years = 1;
    s.update_settings(&settings).unwrap();
    assert!(matches!(
        s.purge_hold().unwrap(),
        Some(PurgeHold::ManyRecords {
            due: 12,
            records: 13
        })
    ));
    s.purge(false).unwrap();
    assert_eq!(s.retention_plan().unwrap().now.activities, 12, "held");
    s.purge_confirmed().unwrap();
    assert_eq!(retention_details(&s), vec!["activities=12".to_string()]);
}

/// The rules are settings with documented defaults, checked like the
/// others, and a change is logged with the rule's name.
#[test]
fn the_rules_have_defaults_ranges_and_are_logged_when_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let got = s.settings().unwrap();
    assert_eq!(got.cases.stale_after_years, 3);
    let r = &got.retention;
    assert_eq!(
        (
            r.visits_after_years,
            r.cafes_after_years,
            r.survey_after_years,
            r.activities_after_years,
            r.access_log_after_years,
            r.deletions_after_years
        ),
        (5, 5, 5, 5, 5, 5)
    );
    for (field, set) in [
        (
            "stale_after_years",
            (|s: &mut feltbog_api::profile::Settings| s.cases.stale_after_years = 0)
                as fn(&mut feltbog_api::profile::Settings),
        ),
        ("survey_after_years", |s| {
            s.retention.survey_after_years = 11
        }),
        ("activities_after_years", |s| {
            s.retention.activities_after_years = 0
        }),
    ] {
        let mut bad = got.clone();
        set(&mut bad);
        match s.update_settings(&bad) {
            Err(Error::Invalid {
                field: f, problem, ..
            }) => {
                assert_eq!(f, field);
                assert_eq!(problem, Problem::OutOfRange { min: 1, max: 10 });
            }
            other => panic!("{field}: {other:?}"),
        }
    }
    let mut ok = got.clone();
    ok.retention.cafes_after_years = 2;
    ok.retention.activities_after_years = 3;
    s.update_settings(&ok).unwrap();
    assert_eq!(s.settings().unwrap().retention.cafes_after_years, 2);
    assert_eq!(s.settings().unwrap().retention.activities_after_years, 3);
    let rules: Vec<_> = s
        .access_log(&AccessFilter::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.action == Access::Rules)
        .map(|e| e.detail)
        .collect();
    assert_eq!(
        rules,
        vec!["cafes_after_years,activities_after_years".to_string()]
    );
}
