//! Parent cafés on real SQLCipher files. Fictitious data only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use feltbog_api::cafes::{
    AgreementInput, CafeFilter, CafeKind, CafeStatus, CafeTheme, NewCafe, Partner,
};
use feltbog_api::SchoolId;
use feltbog_core::store::ChangeOp;
use feltbog_core::Error;

fn cafe(school: Option<SchoolId>, theme: CafeTheme, parents: u32, invited: Option<u32>) -> NewCafe {
    NewCafe {
        date: d(2026, 11, 12),
        status: CafeStatus::Held,
        school,
        area: if school.is_none() {
            "Egeby by".into()
        } else {
            String::new()
        },
        grades: vec![8],
        kind: CafeKind::ParentCafe,
        theme,
        theme_other: String::new(),
        partners: vec![Partner::Police, Partner::HealthNurse],
        partner_other: String::new(),
        parents,
        invited,
        raised: "Fester i weekenden".into(),
        notes: String::new(),
        agreements: vec![AgreementInput {
            id: None,
            text: "Fælles alkoholaftale".into(),
            revisit: d(2027, 3, 1),
            done: false,
        }],
    }
}

#[test]
fn round_trip_lists_and_agreements() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let a = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    let b = s.add_school(&school("Bøgeskolen")).unwrap().id;
    let c1 = s
        .record_cafe(&cafe(Some(a), CafeTheme::AlcoholDrugs, 20, Some(40)))
        .unwrap();
    let mut early = cafe(Some(b), CafeTheme::SocialMedia, 9, None);
    early.agreements[0].revisit = d(2026, 12, 1);
    let c2 = s.record_cafe(&early).unwrap();
    let c3 = s
        .record_cafe(&cafe(None, CafeTheme::AlcoholDrugs, 5, Some(5)))
        .unwrap();
    drop(s);

    let mut s = unlock(dir.path());
    assert_eq!(s.cafe(c1.id).unwrap(), c1);
    assert_eq!(c1.place, "Æblehaveskolen");
    assert_eq!(c3.place, "Egeby by");
    let by_school = s
        .cafes(&CafeFilter {
            school: Some(a),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_school, vec![c1.clone()]);
    let by_theme = s
        .cafes(&CafeFilter {
            theme: Some(CafeTheme::AlcoholDrugs),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_theme.len(), 2);
    let none = s
        .cafes(&CafeFilter {
            from: Some(d(2026, 11, 13)),
            ..Default::default()
        })
        .unwrap();
    assert!(none.is_empty());

    // Agreements due for a revisit, oldest first; done ones leave the list.
    let due = s.due_agreements(None).unwrap();
    assert_eq!(due.iter().map(|d| d.cafe).collect::<Vec<_>>()[0], c2.id);
    assert_eq!(due.len(), 3);
    assert_eq!(s.due_agreements(Some(d(2026, 12, 31))).unwrap().len(), 1);
    s.set_agreement_done(c2.agreements[0].id, true).unwrap();
    assert_eq!(s.due_agreements(None).unwrap().len(), 2);
}

#[test]
fn attendance_counts_held_cafes_in_the_period_with_the_share_where_known() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let a = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    s.record_cafe(&cafe(Some(a), CafeTheme::AlcoholDrugs, 20, Some(40)))
        .unwrap();
    s.record_cafe(&cafe(Some(a), CafeTheme::SocialMedia, 10, None))
        .unwrap();
    let mut planned = cafe(Some(a), CafeTheme::AlcoholDrugs, 0, None);
    planned.status = CafeStatus::Planned;
    planned.date = d(2026, 12, 10);
    planned.agreements.clear();
    s.record_cafe(&planned).unwrap();
    let mut old = cafe(Some(a), CafeTheme::AlcoholDrugs, 7, Some(7));
    old.date = d(2025, 5, 1);
    s.record_cafe(&old).unwrap();

    let att = s.attendance(d(2026, 8, 1), d(2026, 12, 31)).unwrap();
    assert_eq!(att.by_school.len(), 1);
    let row = &att.by_school[0];
    assert_eq!(
        (row.key.as_str(), row.cafes, row.parents),
        ("Æblehaveskolen", 2, 30)
    );
    assert_eq!((row.parents_with_invited, row.invited), (20, 40));
    assert_eq!(row.share_percent(), Some(50.0));
    let themes: Vec<_> = att
        .by_theme
        .iter()
        .map(|r| (r.key.as_str(), r.parents))
        .collect();
    assert_eq!(themes, [("alcohol-drugs", 20), ("social-media", 10)]);
    assert!(matches!(
        s.attendance(d(2026, 12, 31), d(2026, 1, 1)),
        Err(Error::Invalid { .. })
    ));
}

#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let a = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    let before = s.store().changes().unwrap().len();
    let field = |r: feltbog_core::Result<_>| match r {
        Err(Error::Invalid { field, .. }) => field,
        other => panic!("expected invalid, got {other:?}"),
    };
    assert_eq!(
        field(s.record_cafe(&cafe(Some(a), CafeTheme::Parties, 41, Some(40)))),
        "parents"
    );
    assert_eq!(
        field(s.record_cafe(&cafe(
            Some(SchoolId(uuid::Uuid::now_v7())),
            CafeTheme::Parties,
            1,
            None
        ))),
        "school"
    );
    let mut future = cafe(Some(a), CafeTheme::Parties, 1, None);
    future.date = d(2026, 11, 30);
    assert_eq!(field(s.record_cafe(&future)), "date");
    assert_eq!(s.store().changes().unwrap().len(), before);
    assert!(s.cafes(&CafeFilter::default()).unwrap().is_empty());
}

#[test]
fn deleting_a_cafe_leaves_no_trace_and_edits_keep_agreement_ids() {
    let dir = tempfile::tempdir().unwrap();
    let marker = "CAFE-SLET-7781";
    let (mut s, _) = create(dir.path());
    let a = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    let mut c = cafe(Some(a), CafeTheme::WellBeing, 12, Some(30));
    c.raised = marker.into();
    let stored = s.record_cafe(&c).unwrap();
    c.agreements = stored.agreements.iter().cloned().map(Into::into).collect();
    c.notes = format!("{marker} rettet");
    let edited = s.update_cafe(stored.id, &c).unwrap();
    assert_eq!(edited.agreements[0].id, stored.agreements[0].id);

    s.delete_cafe(stored.id).unwrap();
    assert!(matches!(s.cafe(stored.id), Err(Error::NotFound(_))));
    assert!(!contains(&s.store().decrypted_pages().unwrap(), marker));
    let log = s.store().changes().unwrap();
    assert!(log
        .iter()
        .all(|e| !e.payload.as_deref().unwrap_or("").contains(marker)));
    let gone: Vec<_> = log
        .iter()
        .filter(|e| e.entity.starts_with("cafe"))
        .map(|e| e.op)
        .collect();
    assert_eq!(
        gone,
        [ChangeOp::Delete, ChangeOp::Delete],
        "one tombstone for the agreement, one for the café"
    );
    drop(s);
    for (name, bytes) in snapshot(dir.path()) {
        assert!(!contains(&bytes, marker), "{name}");
    }
}
