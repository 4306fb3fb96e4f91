//! Ownership across a team through a real server (issue 23, item 2): a
//! record's responsible member is whoever recorded it, a hand-over made
//! on one device shows on the others, only a coordinator or the member
//! responsible may hand a record over, and "mine" follows the hand-over.
//! Fictitious data only.

use crate::common::*;
use feltbog_api::team::MemberRole;
use feltbog_core::Error;

#[test]
fn a_hand_over_on_one_device_shows_on_the_others_and_is_checked() {
    let rig = Rig::sqlite();
    let (url, code) = (rig.url(), rig.setup_code());
    let dirs: Vec<_> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let (mut a, _) = create(dirs[0].path());
    let (mut b, _) = create(dirs[1].path());
    a.create_team(&url, "SSP Egeby", &code, Some("Anne"))
        .unwrap();
    // Anne's settings name is the one the team knows her by, so what she
    // records is left without an owner of its own: her author name says
    // whose it is.
    let mut named = a.settings().unwrap();
    named.consultant_name = "Anne".into();
    a.update_settings(&named).unwrap();
    let invite = a.invite(MemberRole::Consultant, true).unwrap();
    b.join_team(&url, &invite.code, Some("Bo")).unwrap();

    let school = a.add_school(&school("Egeby Skole")).unwrap().id;
    let v = a.record_visit(&visit(school, "Klasseoplæg")).unwrap();
    let case = a.add_case(&notification(Some(school), "AB")).unwrap();
    a.sync().unwrap();
    b.sync().unwrap();
    a.sync().unwrap();

    // Anne recorded them: hers.
    let anne = "Anne".to_string();
    let seen = b.visit(v.id).unwrap();
    assert_eq!(seen.owner, anne);
    assert_eq!(seen.follow_ups[0].owner, anne, "a follow-up is its visit's");
    assert!(a.ownership().unwrap().owns(&seen.owner));
    assert!(!b.ownership().unwrap().owns(&seen.owner), "not Bo's");

    // Bo is not responsible and not a coordinator: he cannot take it, not
    // even by calling himself Anne in his settings.
    let refused = b.assign(&v.id.to_string(), "Bo").unwrap_err();
    assert!(matches!(refused, Error::Forbidden(_)), "{refused}");
    let mut posing = b.settings().unwrap();
    posing.consultant_name = "anne".into();
    b.update_settings(&posing).unwrap();
    assert!(!b.ownership().unwrap().owns("Anne"));
    assert!(matches!(
        b.assign(&v.id.to_string(), "Bo"),
        Err(Error::Forbidden(_))
    ));
    posing.consultant_name = String::new();
    b.update_settings(&posing).unwrap();
    // An unknown member is named as such, with the members there are.
    match a.assign(&v.id.to_string(), "Bodil") {
        Err(Error::Invalid { field, message, .. }) => {
            assert_eq!(field, "member");
            assert!(message.contains("Bo"), "{message}");
        }
        other => panic!("expected an unknown member, got {other:?}"),
    }

    // The coordinator hands the visit and the case over to Bo.
    a.assign(&v.id.to_string(), "bo").unwrap();
    a.assign(&case.summary.id.to_string(), "Bo").unwrap();
    a.sync().unwrap();
    b.sync().unwrap();
    let seen = b.visit(v.id).unwrap();
    assert_eq!(seen.owner, "Bo", "spelled as the team knows him");
    assert_eq!(seen.follow_ups[0].owner, "Bo", "the follow-up goes along");
    assert!(b.ownership().unwrap().owns(&seen.owner));
    let cases = b.cases(false).unwrap();
    assert_eq!(cases[0].owner, "Bo");
    let desk = b.desk().unwrap();
    let me = b.ownership().unwrap();
    let mine = desk.only(|o| me.owns(o));
    assert!(
        mine.overdue
            .iter()
            .chain(&mine.due_today)
            .chain(&mine.coming)
            .any(|l| l.owner == "Bo"),
        "Bo's case is on his own desk: {mine:?}"
    );
    // The hand-over of a case is in its access log.
    let log = a.access_log(&Default::default()).unwrap();
    assert!(log
        .iter()
        .any(|e| e.detail == "ansvarlig" && e.case_number == case.summary.number));

    // Now responsible, Bo may hand the follow-up on, alone, back to Anne.
    let f = seen.follow_ups[0].id.to_string();
    b.assign(&f, &anne).unwrap();
    b.sync().unwrap();
    a.sync().unwrap();
    let back = a.visit(v.id).unwrap();
    assert_eq!(back.owner, "Bo");
    assert_eq!(back.follow_ups[0].owner, anne);

    // A hand-over is not undone by an edit made on a device that had not
    // seen it: Bo edits a café's notes while Anne hands it over to him.
    let c = a.record_cafe(&cafe(school, "Fester")).unwrap();
    assert_eq!(c.owner, anne);
    a.sync().unwrap();
    b.sync().unwrap();
    a.assign(&c.id.to_string(), "Bo").unwrap();
    a.sync().unwrap();
    let mut edit = cafe(school, "Fester");
    edit.notes = "Bos note fra caféen".into();
    edit.agreements = b
        .cafe(c.id)
        .unwrap()
        .agreements
        .into_iter()
        .map(Into::into)
        .collect();
    b.update_cafe(c.id, &edit).unwrap();
    b.sync().unwrap();
    a.sync().unwrap();
    b.sync().unwrap();
    for s in [&a, &b] {
        let seen = s.cafe(c.id).unwrap();
        assert_eq!(seen.owner, "Bo", "the hand-over stands");
        assert_eq!(seen.notes, "Bos note fra caféen", "and so does the edit");
    }
}

/// The daily reminder counts what this member is responsible for, not
/// the team's (Overblik shows the team's).
#[test]
fn the_reminder_counts_only_what_the_member_is_responsible_for() {
    let rig = Rig::sqlite();
    let (url, code) = (rig.url(), rig.setup_code());
    let dirs: Vec<_> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let (mut a, _) = create(dirs[0].path());
    let (mut b, _) = create(dirs[1].path());
    a.create_team(&url, "SSP Egeby", &code, Some("Anne"))
        .unwrap();
    let invite = a.invite(MemberRole::Consultant, true).unwrap();
    b.join_team(&url, &invite.code, Some("Bo")).unwrap();
    for (s, name) in [(&mut a, "Anne"), (&mut b, "Bo")] {
        let mut named = s.settings().unwrap();
        named.consultant_name = name.into();
        s.update_settings(&named).unwrap();
    }
    let school = a.add_school(&school("Egeby Skole")).unwrap().id;
    let planned = |notes: &str| {
        let mut v = visit(school, notes);
        v.status = feltbog_api::visits::VisitStatus::Planned;
        v.date = today();
        v.follow_ups.clear();
        v
    };
    a.record_visit(&planned("Annes klasseoplæg")).unwrap();
    a.sync().unwrap();
    b.sync().unwrap();
    b.record_visit(&planned("Bos klasseoplæg")).unwrap();
    b.sync().unwrap();
    a.sync().unwrap();

    assert_eq!(a.desk().unwrap().due_today.len(), 2, "the team's desk");
    let one_visit = feltbog_api::desk::Reminder {
        visits: 1,
        ..Default::default()
    };
    assert_eq!(a.take_reminder().unwrap(), Some(one_visit));
    assert_eq!(b.take_reminder().unwrap(), Some(one_visit));
}
