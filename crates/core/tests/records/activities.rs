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
