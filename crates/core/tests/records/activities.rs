//! Activities on a real SQLCipher profile (issue 25, item 1): recorded,
//! listed by period and kind, changed, deleted for real (no byte of the
//! notes left in the file or its WAL); a school that does not exist and an
//! id that does not are refused by name. Fictitious data only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use feltbog_api::activities::{ActivityFilter, ActivityKind, NewActivity};
use feltbog_api::{ActivityId, Problem, SchoolId};
use feltbog_core::Error;

#[test]
fn an_activity_is_recorded_listed_changed_and_deleted_for_real() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let sch = s.add_school(&school("Bøgeskolen")).unwrap().id;
    let talk = s
        .record_activity(&activity(sch, "KLASSEOPLÆG-NOTE-5512"))
        .unwrap();
    assert_eq!(talk.place, "Bøgeskolen");
    let street = s
        .record_activity(&NewActivity {
            kind: ActivityKind::Street,
            school: None,
            area: "Havnen".into(),
            date: d(2026, 10, 2),
            ages: Some((14, 17)),
            notes: "GADEPLAN-NOTE-9931".into(),
            ..activity(sch, "")
        })
        .unwrap();
    assert_eq!(
        (street.place.as_str(), street.ages),
        ("Havnen", Some((14, 17)))
    );

    let all = s.activities(&ActivityFilter::default()).unwrap();
    assert_eq!(
        all.iter().map(|a| a.id).collect::<Vec<_>>(),
        [talk.id, street.id],
        "newest first"
    );
    let november = ActivityFilter {
        from: Some(d(2026, 11, 1)),
        ..Default::default()
    };
    assert_eq!(s.activities(&november).unwrap().len(), 1);
    let streets = ActivityFilter {
        kind: Some(ActivityKind::Street),
        ..Default::default()
    };
    assert_eq!(s.activities(&streets).unwrap()[0].id, street.id);

    let mut more = NewActivity::from(talk.clone());
    more.young = 52;
    let changed = s.update_activity(talk.id, &more).unwrap();
    assert_eq!(changed.young, 52);

    s.delete_activity(street.id).unwrap();
    assert!(matches!(s.activity(street.id), Err(Error::NotFound(_))));
    drop(s);
    for (name, bytes) in snapshot(dir.path()) {
        assert!(!contains(&bytes, "GADEPLAN-NOTE-9931"), "{name}");
    }
    let s = unlock(dir.path());
    assert!(s
        .store()
        .find_text_for_tests("GADEPLAN-NOTE-9931")
        .unwrap()
        .is_empty());
    assert!(!s
        .store()
        .find_text_for_tests("KLASSEOPLÆG-NOTE-5512")
        .unwrap()
        .is_empty());
}

#[test]
fn an_unknown_school_or_id_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let nowhere = SchoolId(uuid::Uuid::now_v7());
    match s.record_activity(&activity(nowhere, "")) {
        Err(Error::Invalid { field, problem, .. }) => {
            assert_eq!(
                (field.as_str(), problem),
                ("school", Problem::UnknownReference)
            );
        }
        other => panic!("{other:?}"),
    }
    let sch = s.add_school(&school("Egeskolen")).unwrap().id;
    let missing = ActivityId(uuid::Uuid::now_v7());
    assert!(matches!(
        s.update_activity(missing, &activity(sch, "")),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        s.delete_activity(missing),
        Err(Error::NotFound(_))
    ));
    assert!(s.activities(&ActivityFilter::default()).unwrap().is_empty());
}

/// Follow-ups of an activity: kept with it, due on Overblik, marked done,
/// changed by id, and deleted with it (and from its form).
#[test]
fn an_activitys_follow_ups_are_kept_due_done_and_deleted_with_it() {
    use feltbog_api::activities::ActivityFollowUpInput;
    use feltbog_api::desk::DeskItem;
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let sch = s.add_school(&school("Bøgeskolen")).unwrap().id;
    let follow = |text: &str, due| ActivityFollowUpInput {
        id: None,
        text: text.into(),
        due,
        done: false,
    };
    let mut meeting = activity(sch, "Netværksmøde");
    meeting.follow_ups = vec![
        follow("  Invitere klubberne  ", d(2026, 11, 20)),
        follow("Evaluere i foråret", d(2027, 3, 1)),
    ];
    let a = s.record_activity(&meeting).unwrap();
    assert_eq!(
        a.follow_ups
            .iter()
            .map(|f| f.text.as_str())
            .collect::<Vec<_>>(),
        ["Invitere klubberne", "Evaluere i foråret"]
    );
    assert_eq!(a.follow_ups[0].owner, a.owner, "the activity's by default");

    // Due by a day; on Overblik with where it belongs (the core tests'
    // today is 23 November 2026, so the first is overdue).
    let due = s.due_activity_follow_ups(Some(d(2026, 12, 31))).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(
        (due[0].activity, due[0].place.as_str()),
        (a.id, "Bøgeskolen")
    );
    let desk = s.desk().unwrap();
    assert!(desk.overdue.iter().any(|l| matches!(
        &l.item,
        DeskItem::ActivityFollowUp { activity, text, .. }
            if *activity == a.id && text == "Invitere klubberne"
    )));

    // Done: no longer due; kept through an edit by its id.
    s.set_activity_follow_up_done(a.follow_ups[0].id, true)
        .unwrap();
    assert!(s.due_activity_follow_ups(None).unwrap().len() == 1);
    let mut edit: NewActivity = s.activity(a.id).unwrap().into();
    edit.follow_ups.remove(1);
    let after = s.update_activity(a.id, &edit).unwrap();
    assert_eq!(after.follow_ups.len(), 1);
    assert_eq!(after.follow_ups[0].id, a.follow_ups[0].id);
    assert!(after.follow_ups[0].done);
    assert!(s.due_activity_follow_ups(None).unwrap().is_empty());

    // A day before the activity names the row's day; an unknown id is
    // refused, nothing half-written.
    let mut early = edit.clone();
    early.follow_ups.push(follow("For tidligt", d(2026, 11, 1)));
    match s.update_activity(a.id, &early) {
        Err(Error::Invalid { field, problem, .. }) => {
            assert_eq!(field, "follow_ups.1.due");
            assert_eq!(problem, Problem::BeforeStart);
        }
        other => panic!("expected the day refused, got {other:?}"),
    }
    let mut stranger = edit.clone();
    stranger.follow_ups[0].id = Some(feltbog_api::ActivityFollowUpId(uuid::Uuid::now_v7()));
    assert!(matches!(
        s.update_activity(a.id, &stranger),
        Err(Error::NotFound(_))
    ));
    assert_eq!(s.activity(a.id).unwrap().follow_ups, after.follow_ups);

    // Deleted with the activity.
    s.delete_activity(a.id).unwrap();
    assert!(s.due_activity_follow_ups(None).unwrap().is_empty());
    assert!(matches!(
        s.set_activity_follow_up_done(a.follow_ups[0].id, false),
        Err(Error::NotFound(_))
    ));
}
