//! Activities across a team (issue 25, item 1): recorded on one device,
//! changed on another, deleted on the first, each arriving with the next
//! sync through a real server, its follow-ups with it, and a deleted
//! activity's notes and follow-ups gone from the other device's file.
//! Fictitious data only.

use crate::common::*;
use feltbog_api::activities::{ActivityFilter, ActivityFollowUpInput, ActivityKind};
use feltbog_api::team::MemberRole;

#[test]
fn an_activity_is_recorded_changed_and_deleted_across_the_team() {
    let rig = Rig::sqlite();
    let (url, code) = (rig.url(), rig.setup_code());
    let dirs: Vec<_> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let (mut a, _) = create(dirs[0].path());
    let (mut b, _) = create(dirs[1].path());
    a.create_team(&url, "SSP Egeby", &code, Some("Anne"))
        .unwrap();
    let invite = a.invite(MemberRole::Consultant, false).unwrap();
    b.join_team(&url, &invite.code, Some("Bo")).unwrap();

    let school = a.add_school(&school("Egeby Skole")).unwrap().id;
    let mut new = activity(school, "GADEPLAN-NOTE-7731");
    new.kind = ActivityKind::Street;
    new.school = None;
    new.area = "Bymidten".into();
    new.ages = Some((13, 16));
    new.follow_ups = vec![ActivityFollowUpInput {
        id: None,
        text: "OPFØLGNING-7731 med klubben".into(),
        due: new.date,
        done: false,
    }];
    let made = a.record_activity(&new).unwrap();
    a.sync().unwrap();
    b.sync().unwrap();
    let there = b.activity(made.id).unwrap();
    assert_eq!(there, made, "every field arrives as written");

    let mut changed = feltbog_api::activities::NewActivity::from(there);
    changed.young = 55;
    changed.follow_ups[0].done = true;
    changed.school = Some(school);
    changed.area = String::new();
    b.update_activity(made.id, &changed).unwrap();
    b.sync().unwrap();
    a.sync().unwrap();
    let back = a.activity(made.id).unwrap();
    assert_eq!((back.young, back.place.as_str()), (55, "Egeby Skole"));
    assert!(back.follow_ups[0].done, "the follow-up's mark arrives");

    a.delete_activity(made.id).unwrap();
    a.sync().unwrap();
    b.sync().unwrap();
    assert!(b.activities(&ActivityFilter::default()).unwrap().is_empty());
    for gone in ["GADEPLAN-NOTE-7731", "OPFØLGNING-7731"] {
        assert!(
            b.store().find_text_for_tests(gone).unwrap().is_empty(),
            "{gone}"
        );
    }
}
