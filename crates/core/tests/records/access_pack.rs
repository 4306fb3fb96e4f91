//! The access pack's contents (issue 24, item 5): the case, every version
//! of every step, the case's access-log entries oldest first and a fresh
//! chain check; its making logged only when asked to (once the file is
//! written). Fictitious data only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use feltbog_api::cases::{Access, Step, StepInput};

#[test]
fn every_version_every_log_entry_and_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Egeby Skole")).unwrap().id;
    let case = s.add_case(&notification(Some(school), "AB")).unwrap();
    let id = case.summary.id;
    let invited = s
        .record_step(id, Step::Invited, d(2026, 11, 12), &StepInput::default())
        .unwrap();
    let step = invited.steps.last().unwrap().id;
    s.correct_step(step, d(2026, 11, 11), &StepInput::default(), "forkert dato")
        .unwrap();

    let pack = s.access_pack(id).unwrap();
    assert_eq!(pack.case.summary.number, case.summary.number);
    let versions: Vec<(Step, bool)> = pack
        .versions
        .iter()
        .map(|v| (v.version.step, v.replaced))
        .collect();
    assert_eq!(
        versions,
        [
            (Step::Notified, false),
            (Step::Invited, true),
            (Step::Invited, false)
        ],
        "the replaced invitation is kept and listed before its correction"
    );
    assert_eq!(pack.versions[2].version.correction_reason, "forkert dato");
    assert_eq!(pack.log[0].action, Access::Create, "oldest first");
    assert!(pack
        .log
        .iter()
        .all(|e| e.case_number == case.summary.number));
    assert!(pack.chain.intact() && pack.chain.entries >= pack.log.len() as u32);
    assert!(
        pack.log.iter().all(|e| e.detail != "indsigt"),
        "reading is not yet its making"
    );

    s.log_access_pack(&case.summary.number).unwrap();
    let again = s.access_pack(id).unwrap();
    let last = again.log.last().unwrap();
    assert_eq!(
        (last.action, last.detail.as_str()),
        (Access::Export, "indsigt")
    );
}
