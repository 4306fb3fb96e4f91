//! Initials and a CPR number entered for the wrong child can be removed
//! (issue 11, point 13): a correction leaves the wrong value in no table of
//! the decrypted file and no frame of the WAL, and the access log says a
//! correction happened, not what it was. Turning "CPR allowed" off offers
//! to remove every stored CPR. Fictitious data only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use feltbog_api::cases::{Access, AccessFilter};
use feltbog_api::profile::Settings;
use feltbog_core::Session;

const WRONG_INITIALS: &str = "Q.X.";
const WRONG_CPR: &str = "0303114417";
/// As the case stores it.
const WRONG_CPR_STORED: &str = "030311-4417";

fn allow_cpr(s: &mut Session, allowed: bool) {
    let mut settings = Settings::default();
    settings.cases.cpr_allowed = allowed;
    s.update_settings(&settings).unwrap();
}

fn wal_holds(dir: &std::path::Path) -> u64 {
    std::fs::metadata(dir.join("feltbog.db-wal")).map_or(0, |m| m.len())
}

#[test]
fn a_corrected_identity_is_gone_from_every_table_and_the_wal() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    allow_cpr(&mut s, true);
    let mut n = notification(None, WRONG_INITIALS);
    n.cpr = WRONG_CPR.into();
    let c = s.add_case(&n).unwrap();
    // Several writes, so the wrong values are in more than one log entry.
    let mut again = n.clone();
    again.journal = "1200-00001-00099-26".into();
    s.update_case(c.summary.id, &again, "journalnummer rettet")
        .unwrap();
    assert!(!s
        .store()
        .find_text_for_tests(WRONG_CPR_STORED)
        .unwrap()
        .is_empty());
    assert!(s
        .store()
        .find_text_for_tests(WRONG_INITIALS)
        .unwrap()
        .contains(&"change_log.payload".to_owned()));

    let mut right = again.clone();
    right.initials = "M.K.".into();
    right.cpr = "0404114321".into();
    s.update_case(c.summary.id, &right, "forkert barn registreret")
        .unwrap();
    for wrong in [WRONG_INITIALS, WRONG_CPR_STORED] {
        assert_eq!(
            s.store().find_text_for_tests(wrong).unwrap(),
            Vec::<String>::new(),
            "{wrong} left behind"
        );
    }
    assert_eq!(wal_holds(dir.path()), 0, "the WAL was emptied");
    let log = s.access_log(&AccessFilter::default()).unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == Access::Change && e.detail == "identity"));
    assert!(log.iter().all(|e| !e.detail.contains("4417")));
    assert_eq!(s.case(c.summary.id).unwrap().initials, "M.K.");
}

#[test]
fn a_correction_of_something_else_rewrites_no_history() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let c = s.add_case(&notification(None, "A.B.")).unwrap();
    let mut n = notification(None, "A.B.");
    n.journal = "1200-00001-00077-26".into();
    s.update_case(c.summary.id, &n, "journalnummer rettet")
        .unwrap();
    let log = s.access_log(&AccessFilter::default()).unwrap();
    assert!(log.iter().all(|e| e.detail != "identity"));
}

#[test]
fn turning_cpr_off_removes_every_stored_number_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    allow_cpr(&mut s, true);
    let mut numbers = Vec::new();
    for (initials, cpr) in [("B.A.", "0101114417"), ("B.B.", "0202114417")] {
        let mut n = notification(None, initials);
        n.cpr = cpr.into();
        numbers.push(s.add_case(&n).unwrap().summary.number);
    }
    s.add_case(&notification(None, "C")).unwrap();
    allow_cpr(&mut s, false);
    assert_eq!(
        s.stored_cpr_count().unwrap(),
        2,
        "offered: two numbers stored"
    );
    assert_eq!(s.remove_all_cpr().unwrap(), 2);
    assert_eq!(s.stored_cpr_count().unwrap(), 0);
    for stored in ["010111-4417", "020211-4417"] {
        assert_eq!(
            s.store().find_text_for_tests(stored).unwrap(),
            Vec::<String>::new()
        );
    }
    for number in numbers {
        let f = AccessFilter {
            case_number: Some(number),
            ..Default::default()
        };
        let log = s.access_log(&f).unwrap();
        assert!(log.iter().any(|e| e.detail == "cpr-removed"), "{log:?}");
    }
    assert!(s.verify_access_log().unwrap().intact());
}
