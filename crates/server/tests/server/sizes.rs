//! The largest records the app allows reach the team whole, and the
//! server's limit on an entry is what they need: the entry size limit
//! refuses only what no Feltbog writes. Fictitious data only.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use feltbog_api::cases::{Role, Step, StepInput};
use feltbog_core::domain::text::NOTES_MAX;
use feltbog_core::sync::payload::PAYLOAD_MAX;
use feltbog_server::rules::CIPHERTEXT_MAX;

#[test]
fn the_server_takes_the_largest_entry_a_device_may_write() {
    // A padded payload of the largest size, sealed (16 bytes of tag) and in
    // base64.
    let sealed = PAYLOAD_MAX.next_power_of_two() + 16;
    assert!(sealed.div_ceil(3) * 4 <= CIPHERTEXT_MAX);
}

#[test]
fn the_largest_records_the_app_allows_reach_the_team_whole() {
    let rig = Rig::sqlite();
    let root = tempfile::tempdir().unwrap();
    let (mut anne, _) = create(&root.path().join("anne"));
    let (mut cai, _) = create(&root.path().join("cai"));
    rig.form_team(&mut anne, &mut [(&mut cai, true, "Cai")]);
    // Four bytes a character, and characters JSON escapes twice over.
    let wide = "😀".repeat(NOTES_MAX);
    let quoted = "\"\\".repeat(NOTES_MAX / 2);
    let school = anne.add_school(&school("Egeby Skole")).unwrap().id;
    let mut v = visit(school, &wide);
    v.follow_ups[0].text = "😀".repeat(500);
    anne.record_visit(&v).unwrap();
    let case = anne.add_case(&notification(None, "MK")).unwrap().summary.id;
    anne.record_step(case, Step::Invited, d(2026, 11, 12), &StepInput::default())
        .unwrap();
    let held = StepInput {
        place: "Rådhuset".into(),
        participants: vec![Role::YoungPerson, Role::Parent, Role::Ssp],
        situation: quoted.clone(),
        consequences: quoted.clone(),
        agreements: wide.clone(),
        ..Default::default()
    };
    anne.record_step(case, Step::Held, d(2026, 11, 20), &held)
        .unwrap();
    let r = anne.sync().unwrap();
    assert!(r.alarms.is_empty(), "{r:?}");
    cai.sync().unwrap();
    assert_eq!(visit_notes(&cai), std::slice::from_ref(&wide));
    let view = cai.case(case).unwrap();
    let got = &view.steps.last().unwrap().details;
    assert_eq!((&got.situation, &got.agreements), (&quoted, &wide));
}
