//! Ownership on one profile (issue 23, item 2): whoever records a record
//! is responsible for it; a follow-up or an agreement is its visit's or
//! café's until handed over on its own; a record from before ownership
//! (an empty owner) is its author's; without a team everything is mine
//! and only my own name can be made responsible. Fictitious data only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use feltbog_core::{Error, Session};

/// A profile named as its consultant writes it in the settings.
fn named(s: &mut Session) -> String {
    let mut settings = s.settings().unwrap();
    settings.consultant_name = "Tove Testesen".into();
    s.update_settings(&settings).unwrap();
    settings.consultant_name
}

#[test]
fn whoever_records_it_is_responsible_and_an_empty_owner_means_the_author() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let name = named(&mut s);
    let school = s.add_school(&school("Egeby Skole")).unwrap().id;
    let v = s.record_visit(&visit(school, "noter")).unwrap();
    assert_eq!(v.owner, name);
    assert_eq!(v.follow_ups[0].owner, name);
    let c = s.record_cafe(&cafe(school, "Fester")).unwrap();
    assert_eq!(
        (c.owner.as_str(), c.agreements[0].owner.as_str()),
        (name.as_str(), name.as_str())
    );
    let case = s.add_case(&notification(Some(school), "AB")).unwrap();
    assert_eq!(case.summary.owner, name);
    // Without a team, everything is mine.
    let me = s.ownership().unwrap();
    assert!(me.owns(&v.owner) && me.owns("Nogen Anden"));

    // A record from before ownership: owned by its author.
    s.store()
        .execute_for_tests("UPDATE visits SET owner = '', author = 'Gammel Konsulent'")
        .unwrap();
    let old = s.visit(v.id).unwrap();
    assert_eq!(old.owner, "Gammel Konsulent");
    assert_eq!(old.follow_ups[0].owner, "Gammel Konsulent");
}

#[test]
fn only_a_known_member_can_be_made_responsible() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let name = named(&mut s);
    let school = s.add_school(&school("Egeby Skole")).unwrap().id;
    // Alone, the only member is this profile's own name.
    match s.record_visit_for(&visit(school, "x"), Some("Bodil")) {
        Err(Error::Invalid { field, message, .. }) => {
            assert_eq!(field, "member");
            assert!(message.contains(&name), "{message}");
        }
        other => panic!("expected an unknown member, got {other:?}"),
    }
    assert!(
        s.visits(&Default::default()).unwrap().is_empty(),
        "nothing half-written"
    );
    let upper = name.to_uppercase();
    let v = s
        .record_visit_for(&visit(school, "x"), Some(&upper))
        .unwrap();
    assert_eq!(v.owner, name, "spelled as the member's name");

    // A hand-over of one follow-up: the visit stays, the follow-up moves.
    let f = v.follow_ups[0].id.to_string();
    let done = s.assign(&f, &name).unwrap();
    assert_eq!(done.kind.word(), "follow-up");
    assert!(matches!(
        s.assign("01900000-0000-7000-8000-00000000dead", &name),
        Err(Error::NotFound(_))
    ));
}

/// An owner never set is not sent: the team's other devices keep a
/// hand-over made elsewhere when this device edits the record (its entry
/// names no owner), and older devices can still read the entry.
#[test]
fn an_owner_never_set_is_not_logged_and_a_hand_over_is() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let name = named(&mut s);
    let school = s.add_school(&school("Egeby Skole")).unwrap().id;
    let v = s.record_visit(&visit(school, "første")).unwrap();
    let mut edited = visit(school, "anden");
    edited.follow_ups[0].id = Some(v.follow_ups[0].id);
    s.update_visit(v.id, &edited).unwrap();
    let logged = |s: &Session| -> Vec<String> {
        s.store()
            .changes()
            .unwrap()
            .into_iter()
            .filter(|c| c.record_id == v.id.to_string() && c.entity == "visit")
            .map(|c| c.payload.unwrap_or_default())
            .collect()
    };
    let entries = logged(&s);
    assert_eq!(entries.len(), 2, "the visit and its edit");
    assert!(
        entries.iter().all(|p| !p.contains("\"owner\"")),
        "no owner sent: {entries:?}"
    );
    s.assign(&v.id.to_string(), &name).unwrap();
    let entries = logged(&s);
    assert_eq!(entries.len(), 3);
    assert!(entries[2].contains("\"owner\""), "{}", entries[2]);
}
