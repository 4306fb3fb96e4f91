//! Backup and restore (issue 11, point 21) on real SQLCipher files: a
//! profile with every kind of record, backed up, restored into a fresh
//! data folder, compared record by record. Fictitious data only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use feltbog_api::cafes::{
    AgreementInput, CafeFilter, CafeKind, CafeStatus, CafeTheme, NewCafe, Partner,
};
use feltbog_api::cases::{Access, AccessFilter, Role, Step, StepInput};
use feltbog_api::profile::RestoreKey;
use feltbog_api::survey::{ClassStatus, NewClass, NewRound, Questionnaire};
use feltbog_api::visits::VisitFilter;
use feltbog_core::session::Clock;
use feltbog_core::{Error, Profile, Session};
use std::path::Path;

const MARKERS: [&str; 5] = [
    "Kildebakkeskolen",
    "Noter om trivsel i 7.b",
    "Aftale om fælles fester",
    "J.P.",
    "Rådhuset, mødelokale 4",
];

/// Everything a consultant records, once each, with the markers.
fn fill(s: &mut Session) {
    let school = s.add_school(&school(MARKERS[0])).unwrap();
    s.record_visit(&visit(school.id, MARKERS[1])).unwrap();
    s.record_cafe(&NewCafe {
        date: d(2026, 11, 12),
        status: CafeStatus::Held,
        school: Some(school.id),
        area: String::new(),
        grades: vec![8],
        kind: CafeKind::ParentCafe,
        theme: CafeTheme::AlcoholDrugs,
        theme_other: String::new(),
        partners: vec![Partner::Police],
        partner_other: String::new(),
        parents: 14,
        invited: Some(40),
        raised: "Weekendfester".into(),
        notes: String::new(),
        agreements: vec![AgreementInput {
            id: None,
            text: MARKERS[2].into(),
            revisit: d(2027, 3, 1),
            done: false,
        }],
    })
    .unwrap();
    let round = s
        .add_round(&NewRound {
            name: "Ungeprofilen 2026/27".into(),
            questionnaire: Questionnaire::Grades7To9,
            window_from: d(2026, 11, 2),
            window_to: d(2027, 1, 29),
            target_percent: 85,
            small_threshold: 5,
        })
        .unwrap();
    s.save_class(
        None,
        &NewClass {
            round: round.id,
            school: school.id,
            name: "7.b".into(),
            grade: 7,
            enrolled: 24,
            answered: 20,
            absent: 2,
            status: ClassStatus::Done,
            reason: String::new(),
            taken_on: Some(d(2026, 11, 18)),
        },
    )
    .unwrap();
    // An open case, and one closed so that it falls due on 2028-11-20.
    let open = s
        .add_case(&notification(Some(school.id), MARKERS[3]))
        .unwrap();
    s.record_step(
        open.summary.id,
        Step::Invited,
        d(2026, 11, 12),
        &StepInput::default(),
    )
    .unwrap();
    s.record_step(
        open.summary.id,
        Step::Held,
        d(2026, 11, 16),
        &StepInput {
            place: MARKERS[4].into(),
            participants: vec![Role::YoungPerson, Role::Parent, Role::Ssp],
            situation: "Fiktiv situation".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let closed = s.add_case(&notification(None, "A.B.")).unwrap();
    s.record_step(
        closed.summary.id,
        Step::Closed,
        d(2026, 11, 20),
        &StepInput {
            reason: "Flyttet".into(),
            ..Default::default()
        },
    )
    .unwrap();
    s.save_draft("visit-new", r#"{"notes":"halvskrevet"}"#)
        .unwrap();
    let mut settings = s.settings().unwrap();
    settings.consultant_name = "Testbruger Holm".into();
    s.update_settings(&settings).unwrap();
}

/// Every record as the user sees it (opening the cases is logged, and the
/// log is compared apart).
fn records(s: &mut Session) -> String {
    let mut out = Vec::new();
    out.push(format!("{:?}", s.schools(true).unwrap()));
    out.push(format!("{:?}", s.visits(&VisitFilter::default()).unwrap()));
    out.push(format!("{:?}", s.cafes(&CafeFilter::default()).unwrap()));
    for r in s.rounds().unwrap() {
        out.push(format!("{r:?} {:?}", s.classes(r.id, None).unwrap()));
    }
    for c in s.cases(false).unwrap() {
        out.push(format!("{:?}", s.case(c.id).unwrap()));
    }
    out.push(format!("{:?}", s.deletions().unwrap()));
    out.push(format!("{:?}", s.draft("visit-new").unwrap()));
    out.push(format!("{:?}", s.settings().unwrap()));
    out.join("\n")
}

fn restore(dir: &Path, file: &Path, with: &RestoreKey) -> Session {
    profile(dir).restore(file, with).unwrap().0.session
}

fn by_passphrase(p: &str) -> RestoreKey {
    RestoreKey::Passphrase {
        passphrase: p.into(),
    }
}

#[test]
fn a_restored_backup_holds_every_record_and_no_plaintext() {
    let root = tempfile::tempdir().unwrap();
    let (mut s, _) = create(&root.path().join("old"));
    fill(&mut s);
    let file = root.path().join("Feltbog-sikkerhedskopi.feltbog");
    let done = s.backup(&file).unwrap();
    assert_eq!(done.bytes, std::fs::metadata(&file).unwrap().len());
    let bytes = std::fs::read(&file).unwrap();
    for m in MARKERS {
        assert!(!contains(&bytes, m), "{m} in the clear in the backup");
    }
    assert!(
        !contains(&bytes, "SQLite format 3"),
        "the database is copied encrypted"
    );
    let log_before = s.access_log(&AccessFilter::default()).unwrap();
    assert_eq!(log_before[0].action, Access::Backup, "the backup is logged");
    let before = records(&mut s);

    let new_dir = root.path().join("new");
    let mut r = restore(&new_dir, &file, &by_passphrase(PASS));
    assert_eq!(records(&mut r), before);
    // Nothing is left of the restore's work files, and nothing is plain.
    for (name, content) in snapshot(&new_dir) {
        assert!(!name.contains("restoring"), "{name} left behind");
        for m in MARKERS {
            assert!(!contains(&content, m), "{m} in the clear in {name}");
        }
    }
    assert!(snapshot(&root.path().join("old"))
        .iter()
        .all(|(n, _)| !n.contains("backup-copy")));
    // The log came along, and says it was restored, with an intact chain.
    let log = r.access_log(&AccessFilter::default()).unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == Access::Restore && e.detail == done.made_at[..10]));
    assert!(log_before
        .iter()
        .skip(1) // the backup's own entry is written after the copy
        .all(|e| log.contains(e)));
    assert!(r.verify_access_log().unwrap().intact());
    // The restored profile opens with its passphrase like any other.
    drop(r);
    let mut again = unlock(&new_dir);
    assert_eq!(records(&mut again), before);
}

#[test]
fn a_restore_deletes_what_became_due_since_the_backup() {
    let root = tempfile::tempdir().unwrap();
    let (mut s, _) = create(&root.path().join("old"));
    fill(&mut s);
    let file = root.path().join("b.feltbog");
    // As on every unlock: nothing is due, and today is the latest date seen.
    assert!(s.purge(false).unwrap().is_empty());
    s.backup(&file).unwrap();
    // Restored on the day the closed case falls due (2 years after closing).
    let (opened, _) = Profile::at(root.path().join("new"))
        .with_clock(Clock::Fixed(d(2028, 11, 20)))
        .restore(&file, &by_passphrase(PASS))
        .unwrap();
    // Two years since the latest date the backup saw: the purge on
    // opening waits for a person to confirm.
    assert!(opened.hold.is_some(), "{:?}", opened.hold);
    assert!(opened.deleted.is_empty());
    let mut r = opened.session;
    let deleted = r.purge_confirmed().unwrap();
    assert_eq!(deleted.len(), 1);
    assert_eq!(r.cases(false).unwrap().len(), 1, "the open case stays");
}

#[test]
fn a_backup_opens_only_with_its_passphrase_or_recovery_code() {
    let root = tempfile::tempdir().unwrap();
    let (mut s, code) = create(&root.path().join("old"));
    fill(&mut s);
    let file = root.path().join("b.feltbog");
    s.backup(&file).unwrap();
    let before = records(&mut s);

    let new_dir = root.path().join("new");
    let e = Profile::at(&new_dir)
        .restore(&file, &by_passphrase("forkert men langt kodeord"))
        .err()
        .expect("refused");
    assert!(matches!(e, Error::WrongPassphrase), "{e}");
    assert!(
        !Profile::at(&new_dir).exists() && !new_dir.join("feltbog.db").exists(),
        "a wrong passphrase puts nothing in place"
    );

    let new_pass = "blå cykel ved fjorden om aftenen";
    let profile = profile(&new_dir);
    let (opened, new_code) = profile
        .restore(
            &file,
            &RestoreKey::RecoveryCode {
                code: code.as_str().into(),
                new_passphrase: new_pass.into(),
                repeated: new_pass.into(),
            },
        )
        .unwrap();
    let new_code = new_code.expect("the used code is renewed");
    assert_ne!(new_code.as_str(), code);
    let mut r = opened.session;
    assert_eq!(records(&mut r), before);
    drop(r);
    assert!(
        profile.unlock(new_pass).is_ok(),
        "the new passphrase opens it"
    );
    assert!(matches!(profile.unlock(PASS), Err(Error::WrongPassphrase)));
}

#[test]
fn a_restore_never_overwrites_a_profile_and_refuses_a_damaged_file() {
    let root = tempfile::tempdir().unwrap();
    let (mut s, _) = create(&root.path().join("old"));
    fill(&mut s);
    let file = root.path().join("b.feltbog");
    s.backup(&file).unwrap();
    let e = Profile::at(root.path().join("old"))
        .restore(&file, &by_passphrase(PASS))
        .err()
        .expect("refused");
    assert!(matches!(e, Error::ProfileExists(_)), "{e}");

    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    let bad = root.path().join("bad.feltbog");
    std::fs::write(&bad, &bytes).unwrap();
    let new_dir = root.path().join("new");
    let e = Profile::at(&new_dir)
        .restore(&bad, &by_passphrase(PASS))
        .err()
        .expect("refused");
    assert!(e.to_string().contains("checksum"), "{e}");
    assert!(snapshot(&new_dir).is_empty(), "nothing is written");
}
