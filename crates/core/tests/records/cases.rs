//! First-offence cases on real SQLCipher files: the steps, the access log,
//! repeats and deletion on time. Fictitious data only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use feltbog_api::cases::{
    Access, AccessFilter, PurgeHold, RepeatDecision, Role, Step, StepInput, YoungPersonKey,
};
use feltbog_api::profile::Settings;
use feltbog_api::{CaseId, SchoolId};
use feltbog_core::session::Clock;
use feltbog_core::{Error, Profile, Session};

fn held(marker: &str) -> StepInput {
    StepInput {
        place: "Rådhuset, mødelokale 2".into(),
        participants: vec![Role::YoungPerson, Role::Parent, Role::Ssp, Role::Police],
        situation: format!("{marker} situation"),
        consequences: format!("{marker} konsekvenser"),
        agreements: format!("{marker} aftaler"),
        ..Default::default()
    }
}

fn actions(s: &Session, number: &str) -> Vec<(Access, String)> {
    let f = AccessFilter {
        case_number: Some(number.into()),
        ..Default::default()
    };
    let mut out: Vec<_> = s
        .access_log(&f)
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.detail))
        .collect();
    out.reverse();
    out
}

fn closed_long_ago(s: &mut Session, school: SchoolId, marker: &str) -> CaseId {
    let mut n = notification(Some(school), "J.P.");
    n.offence_date = d(2024, 1, 2);
    n.notified = d(2024, 1, 5);
    n.journal = format!("{marker}-journal");
    let c = s.add_case(&n).unwrap();
    let id = c.summary.id;
    s.record_step(id, Step::Invited, d(2024, 1, 8), &StepInput::default())
        .unwrap();
    s.record_step(id, Step::Held, d(2024, 1, 15), &held(marker))
        .unwrap();
    let close = StepInput {
        reason: format!("{marker} lukket"),
        ..Default::default()
    };
    s.record_step(id, Step::Closed, d(2024, 2, 1), &close)
        .unwrap();
    id
}

#[test]
fn a_case_runs_from_notification_to_follow_up_and_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    let c = s.add_case(&notification(Some(school), "M.K.")).unwrap();
    let id = c.summary.id;
    let number = c.summary.number.clone();
    assert!(number.starts_with("K-") && number.len() == 11, "{number}");
    assert!(s.cases(true).unwrap().iter().any(|c| c.id == id), "overdue");

    s.record_step(id, Step::Invited, d(2026, 11, 12), &StepInput::default())
        .unwrap();
    assert!(s.cases(true).unwrap().is_empty(), "offered: not overdue");
    s.record_step(id, Step::Held, d(2026, 11, 20), &held("samtale"))
        .unwrap();
    s.record_step(
        id,
        Step::FollowUpPlanned,
        d(2027, 1, 5),
        &StepInput::default(),
    )
    .unwrap();
    drop(s);

    let mut s = unlock(dir.path());
    let v = s
        .case(s.case_by_number(&number.to_lowercase()).unwrap())
        .unwrap();
    assert_eq!(v.summary.step, Step::FollowUpPlanned);
    assert_eq!(v.summary.days_to_conversation, Some(10));
    let due = v.summary.deadline.unwrap();
    assert_eq!((due.due, due.overdue), (d(2027, 1, 1), false));
    let steps: Vec<Step> = v.steps.iter().map(|s| s.step).collect();
    assert_eq!(
        steps,
        [
            Step::Notified,
            Step::Invited,
            Step::Held,
            Step::FollowUpPlanned
        ]
    );
    assert_eq!(v.steps[2].details.situation, "samtale situation");
    assert_eq!(v.initials, "M.K.");

    // Out of order, backwards or in the future: refused, nothing written.
    let before = (
        s.store().changes().unwrap().len(),
        actions(&s, &number).len(),
    );
    let refused = [
        (Step::Invited, d(2026, 11, 21)),
        (Step::FollowUpHeld, d(2026, 11, 19)),
        (Step::FollowUpHeld, d(2026, 11, 24)),
    ];
    for (step, date) in refused {
        let e = s.record_step(id, step, date, &StepInput::default());
        assert!(
            matches!(e, Err(Error::Invalid { .. })),
            "{step} {date}: {e:?}"
        );
    }
    assert_eq!(
        (
            s.store().changes().unwrap().len(),
            actions(&s, &number).len()
        ),
        before
    );

    // Every kind of access is logged, in order, with words only.
    s.export_case(id).unwrap();
    let log = actions(&s, &number);
    let kinds: Vec<Access> = log.iter().map(|a| a.0).collect();
    assert_eq!(
        kinds,
        [
            Access::Create,
            Access::Change,
            Access::Change,
            Access::Change,
            Access::View,
            Access::Export
        ]
    );
    assert_eq!(log[2].1, "held");
}

#[test]
fn a_correction_keeps_the_old_version_and_must_still_fit() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let c = s.add_case(&notification(None, "A.B.")).unwrap();
    let id = c.summary.id;
    s.record_step(id, Step::Invited, d(2026, 11, 12), &StepInput::default())
        .unwrap();
    let v = s
        .record_step(id, Step::Held, d(2026, 11, 20), &held("x"))
        .unwrap();
    let invited = v.steps[1].id;
    let e = s.correct_step(
        invited,
        d(2026, 11, 21),
        &StepInput::default(),
        "forkert dato",
    );
    assert!(
        matches!(e, Err(Error::Invalid { ref field, .. }) if field == "step_date"),
        "{e:?}"
    );
    let e = s.correct_step(invited, d(2026, 11, 11), &StepInput::default(), " ");
    assert!(
        matches!(e, Err(Error::Invalid { ref field, .. }) if field == "correction_reason"),
        "{e:?}"
    );
    let v = s
        .correct_step(
            invited,
            d(2026, 11, 11),
            &StepInput::default(),
            "Brevet blev sendt dagen før",
        )
        .unwrap();
    assert_eq!(v.steps[1].date, d(2026, 11, 11));
    assert_eq!(v.steps[1].revisions.len(), 1);
    assert_eq!(v.steps[1].revisions[0].date, d(2026, 11, 12));
    assert_eq!(v.steps[1].correction_reason, "Brevet blev sendt dagen før");
    assert_eq!(v.steps.len(), 3, "the old version is history, not a step");
}

#[test]
fn a_repeat_is_found_linked_and_decided() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let a = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    let b = s.add_school(&school("Bøgeskolen")).unwrap().id;
    let first = s.add_case(&notification(Some(a), "M.K.")).unwrap();
    s.add_case(&notification(Some(b), "M.K.")).unwrap();
    let key = |initials: &str, school| YoungPersonKey {
        initials: initials.into(),
        birth_year: 2011,
        school,
    };
    let found = s.earlier_cases(&key("mk", Some(a))).unwrap();
    assert_eq!(found.len(), 1, "same initials, year and school only");
    assert_eq!(found[0].number, first.summary.number);
    assert!(s.earlier_cases(&key("MJ", Some(a))).unwrap().is_empty());

    let mut again = notification(Some(a), "mk");
    again.notified = d(2026, 11, 20);
    again.offence_date = d(2026, 11, 18);
    let plain = s.add_case(&again).unwrap();
    let e = s.decide_repeat(
        plain.summary.id,
        RepeatDecision::NewConversation,
        "",
        d(2026, 11, 21),
    );
    assert!(matches!(e, Err(Error::Conflict(_))), "{e:?}");

    again.link_to = Some(first.summary.id);
    let repeat = s.add_case(&again).unwrap();
    assert!(repeat.summary.repeat && repeat.summary.repeat_undecided);
    assert_eq!(repeat.linked.as_ref().unwrap().number, first.summary.number);
    let v = s
        .decide_repeat(
            repeat.summary.id,
            RepeatDecision::ChildProtectionNotification,
            "",
            d(2026, 11, 21),
        )
        .unwrap();
    assert!(!v.summary.repeat_undecided);
    assert_eq!(
        v.repeat_decision.unwrap().decision,
        RepeatDecision::ChildProtectionNotification
    );
    let linked = s
        .link_case(plain.summary.id, Some(first.summary.id))
        .unwrap();
    assert!(linked.summary.repeat);
    assert_eq!(
        linked.steps[0].correction_reason,
        "linked to an earlier case"
    );
}

#[test]
fn cpr_numbers_only_where_allowed_and_always_masked() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let mut n = notification(None, "L");
    n.cpr = "0101111234".into();
    let e = s.add_case(&n);
    assert!(
        matches!(e, Err(Error::Invalid { ref field, .. }) if field == "cpr"),
        "{e:?}"
    );
    let mut settings = Settings::default();
    settings.cases.cpr_allowed = true;
    s.update_settings(&settings).unwrap();
    let c = s.add_case(&n).unwrap();
    assert!(c.cpr_registered);
    let json = serde_json::to_string(&c).unwrap();
    assert!(!json.contains("1234"), "the full number never leaves core");
    assert!(!json.contains("010111"), "nor the date of birth in it");
    let mut edit = n.clone();
    edit.cpr = String::new();
    edit.journal = "ny".into();
    let v = s
        .update_case(c.summary.id, &edit, "journalnummer rettet")
        .unwrap();
    assert!(v.cpr_registered, "sent back empty, the number is kept");
    settings.cases.delete_after_years = 0;
    let e = s.update_settings(&settings);
    assert!(matches!(e, Err(Error::Invalid { ref field, .. }) if field == "delete_after_years"));
}

#[test]
fn due_cases_are_purged_without_a_trace_and_the_logs_keep_numbers_and_dates() {
    let marker = "SAG-SLET-4417";
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    let gone = closed_long_ago(&mut s, school, marker);
    let gone_number = s.case(gone).unwrap().summary.number;
    let kept = closed_long_ago(&mut s, school, "BEHOLD-2231");
    // Enough other records that the purge's freed pages stay under a
    // quarter of the file: no VACUUM, so secure_delete alone must do it.
    for n in 0..300 {
        s.record_visit(&visit(
            school,
            &format!("Fiktiv note {n} {}", "x".repeat(300)),
        ))
        .unwrap();
    }
    let kept_number = s.case(kept).unwrap().summary.number;
    // Closed 2024-02-01, so due 2026-02-01; the kept one is put off.
    let v = s
        .postpone_deletion(kept, d(2026, 12, 10), "Klagesag verserer")
        .unwrap();
    assert_eq!(v.summary.delete_on, Some(d(2026, 12, 10)));
    let due = s.deletions_due().unwrap();
    assert_eq!(due.len(), 2, "{due:?}");
    assert_eq!(due[0].case_number, gone_number);

    let dry = s.purge(true).unwrap();
    assert_eq!(dry.len(), 1);
    assert!(s.case(gone).is_ok(), "a dry run deletes nothing");
    let done = s.purge(false).unwrap();
    assert_eq!(done[0].case_number, gone_number);
    assert!(matches!(s.case(gone), Err(Error::NotFound(_))));
    assert!(s.case(kept).is_ok());
    assert!(s.purge(false).unwrap().is_empty());

    assert!(!contains(&s.store().decrypted_pages().unwrap(), marker));
    assert!(s.store().changes().unwrap().iter().all(|e| !e
        .payload
        .as_deref()
        .unwrap_or("")
        .contains(marker)));
    let log = s.access_log(&AccessFilter::default()).unwrap();
    let json = serde_json::to_string(&log).unwrap();
    assert!(!json.contains(marker) && !json.contains("J.P."));
    assert!(log
        .iter()
        .any(|e| e.case_number == gone_number && e.action == Access::Delete));
    assert!(log.iter().any(|e| e.case_number == kept_number
        && e.action == Access::Postpone
        && e.detail == "2026-12-10"));
    let deleted = s.deletions().unwrap();
    assert_eq!(deleted.len(), 1);
    assert_eq!(
        (deleted[0].case_number.as_str(), deleted[0].date),
        (gone_number.as_str(), today())
    );
    drop(s);
    for (name, bytes) in snapshot(dir.path()) {
        assert!(!contains(&bytes, marker), "{name}");
        assert!(!contains(&bytes, &gone_number), "{name}");
    }
}

#[test]
fn the_access_log_cannot_be_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let c = s.add_case(&notification(None, "A.B.")).unwrap();
    s.case(c.summary.id).unwrap();
    for sql in [
        "UPDATE case_access SET who = 'x'",
        "DELETE FROM case_access",
    ] {
        let e = s.store().execute_for_tests(sql);
        assert!(e.is_err(), "{sql}");
    }
    assert_eq!(actions(&s, &c.summary.number).len(), 2);
    let by_day = AccessFilter {
        from: Some(d(2000, 1, 1)),
        to: Some(d(2000, 1, 2)),
        ..Default::default()
    };
    assert!(s.access_log(&by_day).unwrap().is_empty());
}

/// A computer whose date jumps years ahead must not delete every closed
/// case at the next unlock: the purge holds, says why, and deletes only
/// when a person confirms. A summer holiday's gap does not hold.
#[test]
fn a_clock_that_jumps_ahead_holds_the_purge_until_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    let kept = closed_long_ago(&mut s, school, "HOLD-1");
    s.postpone_deletion(kept, d(2026, 12, 10), "Klagesag verserer")
        .unwrap();
    assert!(s.purge(false).unwrap().is_empty(), "nothing due yet");
    drop(s);

    // Seven weeks later: the postponed case is due, and goes as the
    // profile is unlocked.
    let later = |day| {
        Profile::at(dir.path())
            .with_clock(Clock::Fixed(day))
            .unlock(PASS)
            .unwrap()
    };
    let opened = later(d(2027, 1, 10));
    assert_eq!(opened.hold, None);
    assert_eq!(opened.deleted.len(), 1);
    let mut s = opened.session;
    assert!(matches!(s.case(kept), Err(Error::NotFound(_))));
    let again = closed_long_ago(&mut s, school, "HOLD-2");
    s.postpone_deletion(again, d(2027, 1, 31), "Afventer")
        .unwrap();
    drop(s);

    // The clock jumps four years: held, nothing deleted, the reason told.
    let opened = later(d(2031, 3, 5));
    assert!(opened.deleted.is_empty());
    let mut s = opened.session;
    let hold = s.purge_hold().unwrap();
    assert!(
        matches!(hold, Some(PurgeHold::ClockJump { due: 1, .. })),
        "{hold:?}"
    );
    assert!(s.purge(false).unwrap().is_empty());
    assert!(s.case(again).is_ok(), "held: still there");
    // Confirmed by a person: deleted.
    assert_eq!(s.purge_confirmed().unwrap().len(), 1);
    assert!(matches!(s.case(again), Err(Error::NotFound(_))));
    assert_eq!(s.purge_hold().unwrap(), None);
}

/// The purge runs on the way in, then once per date while the profile
/// stays open (the app may stay unlocked across midnight for days).
#[test]
fn the_purge_runs_on_opening_then_once_a_day() {
    let dir = tempfile::tempdir().unwrap();
    drop(create(dir.path()));
    let mut s = unlock(dir.path());
    assert_eq!(s.purge_daily().unwrap(), None, "it ran on opening today");
    let mut s = s.with_clock(Clock::Fixed(today() + chrono::Days::new(1)));
    assert_eq!(s.purge_daily().unwrap(), Some(vec![]), "a new day");
    assert_eq!(s.purge_daily().unwrap(), None, "once a day");
}
