//! The access log as evidence (issue 11, point 15) on real SQLCipher files:
//! what is logged beyond the cases, and the chain that shows an entry
//! changed, removed or slipped in outside Feltbog. Fictitious data only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use feltbog_api::cases::{Access, AccessFilter, ChainFault};
use feltbog_core::keys::KdfParams;
use feltbog_core::{Error, Profile, Session};

/// Every entry, oldest first, as (action, detail).
fn log(s: &Session) -> Vec<(Access, String)> {
    let mut out: Vec<_> = s
        .access_log(&AccessFilter::default())
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.detail))
        .collect();
    out.reverse();
    out
}

fn kinds(s: &mut Session) -> Vec<ChainFault> {
    s.verify_access_log()
        .unwrap()
        .breaks
        .into_iter()
        .map(|b| b.kind)
        .collect()
}

/// The triggers that keep the log unchangeable, gone: what someone with
/// the key and the SQLCipher shell could do.
fn drop_guards(s: &Session) {
    for t in ["case_access_no_update", "case_access_no_delete"] {
        s.store()
            .execute_for_tests(&format!("DROP TRIGGER {t}"))
            .unwrap();
    }
}

#[test]
fn opening_the_lists_is_logged_and_refreshing_them_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    s.open_cases_list(false).unwrap();
    s.cases(false).unwrap();
    s.open_cases_list(true).unwrap();
    s.open_deletions_due().unwrap();
    s.deletions_due().unwrap();
    s.open_deletions().unwrap();
    assert_eq!(
        log(&s),
        vec![
            (Access::OpenList, "".into()),
            (Access::OpenList, "overdue".into()),
            (Access::OpenDeletions, "due".into()),
            (Access::OpenDeletions, "done".into()),
        ]
    );
}

#[test]
fn rule_and_name_changes_are_logged_with_the_rules_that_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let mut settings = s.settings().unwrap();
    settings.consultant_name = "Testbruger Sørensen".into();
    s.update_settings(&settings).unwrap();
    settings.cases.delete_after_years = 3;
    settings.cases.cpr_allowed = true;
    s.update_settings(&settings).unwrap();
    settings.idle_lock_minutes = 20;
    s.update_settings(&settings).unwrap();
    assert_eq!(
        log(&s),
        vec![
            (Access::Name, "".into()),
            (Access::Rules, "delete_after_years,cpr_allowed".into()),
        ]
    );
    // The entry names who made the change.
    let entries = s.access_log(&AccessFilter::default()).unwrap();
    assert_eq!(entries[0].who, "Testbruger Sørensen");
    assert_eq!(entries[1].who, "", "the name before the change");
}

#[test]
fn wrong_tries_are_logged_at_the_next_unlock_with_their_count() {
    let dir = tempfile::tempdir().unwrap();
    drop(create(dir.path()));
    let profile = Profile::at(dir.path());
    for _ in 0..3 {
        assert!(matches!(
            profile.unlock("forkert kodeord her"),
            Err(Error::WrongPassphrase)
        ));
    }
    let s = unlock(dir.path());
    assert_eq!(log(&s), vec![(Access::UnlockFailed, "3".into())]);
    drop(s);
    // The count starts again from the unlock.
    let s = unlock(dir.path());
    assert_eq!(log(&s).len(), 1);
}

#[test]
fn passphrase_and_recovery_code_changes_are_logged() {
    let dir = tempfile::tempdir().unwrap();
    let (s, code) = create(dir.path());
    drop(s);
    let profile = Profile::at(dir.path());
    let new_pass = "grøn cykel under regnbuen syd";
    profile.change_passphrase(PASS, new_pass).unwrap();
    let code2 = profile.renew_recovery_code(new_pass).unwrap();
    assert!(
        profile.unlock_with_recovery(&code, PASS).is_err(),
        "old code"
    );
    let s = profile
        .unlock_with_recovery(&code2, PASS)
        .unwrap()
        .0
        .session;
    assert_eq!(
        log(&s),
        vec![
            (Access::Passphrase, "changed".into()),
            (Access::RecoveryCode, "renewed".into()),
            (Access::UnlockFailed, "1".into()),
            (Access::RecoveryCode, "used".into()),
            (Access::Passphrase, "recovery".into()),
        ]
    );
}

#[test]
fn a_log_written_by_feltbog_is_intact() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let c = s.add_case(&notification(None, "A.B.")).unwrap();
    s.case(c.summary.id).unwrap();
    s.open_cases_list(false).unwrap();
    let check = s.verify_access_log().unwrap();
    assert!(check.intact(), "{check:?}");
    assert_eq!((check.entries, check.devices, check.unchained), (3, 1, 0));
}

#[test]
fn an_entry_changed_outside_feltbog_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let c = s.add_case(&notification(None, "A.B.")).unwrap();
    s.case(c.summary.id).unwrap();
    s.case(c.summary.id).unwrap();
    drop_guards(&s);
    s.store()
        .execute_for_tests(
            "UPDATE case_access SET who = 'en anden' WHERE seq = (SELECT min(seq) + 1 FROM case_access)",
        )
        .unwrap();
    assert_eq!(kinds(&mut s), vec![ChainFault::Altered]);
}

#[test]
fn an_entry_removed_outside_feltbog_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let c = s.add_case(&notification(None, "A.B.")).unwrap();
    for _ in 0..3 {
        s.case(c.summary.id).unwrap();
    }
    drop_guards(&s);
    s.store()
        .execute_for_tests(
            "DELETE FROM case_access WHERE seq = (SELECT min(seq) + 1 FROM case_access)",
        )
        .unwrap();
    assert_eq!(kinds(&mut s), vec![ChainFault::Missing]);
}

#[test]
fn an_entry_slipped_in_by_hand_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    s.open_cases_list(false).unwrap();
    let device = s.store().device().to_owned();
    s.store()
        .execute_for_tests(&format!(
            "INSERT INTO case_access (id, at, who, device, action, case_number)
             VALUES ('x', '2999-01-01T00:00:00Z', 'en anden', '{device}', 'view', 'K-AAAA-BBBB')"
        ))
        .unwrap();
    assert_eq!(kinds(&mut s), vec![ChainFault::Unchained]);
}

#[test]
fn a_profile_whose_log_was_cut_in_the_middle_still_opens_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    for _ in 0..3 {
        s.open_cases_list(false).unwrap();
    }
    drop_guards(&s);
    s.store()
        .execute_for_tests(
            "DELETE FROM case_access WHERE seq = (SELECT min(seq) + 1 FROM case_access)",
        )
        .unwrap();
    drop(s);
    // Nothing is refused: the notes stay reachable, the break is reported.
    let mut s = unlock(dir.path());
    assert!(!s.verify_access_log().unwrap().intact());
}

#[test]
fn a_new_profile_starts_an_empty_log() {
    let dir = tempfile::tempdir().unwrap();
    let profile = Profile::at(dir.path());
    let mut s = profile
        .create(PASS, KdfParams::INSECURE_FOR_TESTS)
        .unwrap()
        .0
        .session;
    assert!(log(&s).is_empty());
    assert!(s.verify_access_log().unwrap().intact());
}

fn faults(c: &feltbog_api::cases::ChainCheck) -> Vec<ChainFault> {
    c.breaks.iter().map(|b| b.kind).collect()
}

/// The profile in `dir` opened on `day`.
fn unlock_on(dir: &std::path::Path, day: chrono::NaiveDate) -> Session {
    Profile::at(dir)
        .with_clock(feltbog_core::session::Clock::Fixed(day))
        .unlock(PASS)
        .unwrap()
        .session
}

/// The check on unlock takes what is new since the last intact check,
/// and the whole log once a week: an entry changed outside Feltbog after
/// it was checked is found by the next weekly check; one changed before
/// its first check, at the next unlock. A break moves no mark: the alarm
/// stays until the log is whole.
#[test]
fn the_check_on_unlock_takes_what_is_new_and_the_whole_log_weekly() {
    let dir = tempfile::tempdir().unwrap();
    let day = d(2026, 11, 2);
    let (s, _) = create(dir.path());
    drop(s);
    let mut s = unlock_on(dir.path(), day);
    for _ in 0..4 {
        s.open_cases_list(false).unwrap();
    }
    assert!(
        s.check_access_log().unwrap().intact(),
        "the first check: whole"
    );
    drop_guards(&s);
    s.store()
        .execute_for_tests(
            "UPDATE case_access SET detail = 'rettet' WHERE seq = (SELECT min(seq) FROM case_access)",
        )
        .unwrap();
    // An old entry, checked before: not looked at again until the week is up.
    assert!(s.check_access_log().unwrap().intact());

    // New entries changed before their first check: found at once.
    s.open_cases_list(true).unwrap();
    s.open_deletions().unwrap();
    s.store()
        .execute_for_tests(
            "UPDATE case_access SET detail = 'rettet' WHERE seq = (SELECT max(seq) FROM case_access)",
        )
        .unwrap();
    let c = s.check_access_log().unwrap();
    assert_eq!(faults(&c), vec![ChainFault::Altered]);
    assert_eq!(c.entries, 2, "only the new entries were checked");
    assert_eq!(
        faults(&s.check_access_log().unwrap()),
        vec![ChainFault::Altered],
        "the mark did not move past a break"
    );
    drop(s);

    // A week after the last full check: the whole log, both changes.
    let mut s = unlock_on(dir.path(), day + chrono::Days::new(7));
    let both = vec![ChainFault::Altered, ChainFault::Altered];
    assert_eq!(faults(&s.check_access_log().unwrap()), both);
    // Once the whole log was found broken, every unlock checks it whole.
    assert_eq!(faults(&s.check_access_log().unwrap()), both);
}

/// A new profile in `dir` with three entries in its log, checked intact
/// on unlock (so the mark stands after them).
fn checked_log(dir: &std::path::Path) -> Session {
    let (mut s, _) = create(dir);
    for _ in 0..3 {
        s.open_cases_list(false).unwrap();
    }
    assert!(s.check_access_log().unwrap().intact());
    s
}

/// A whole check that finds the log broken (the log page, `case log
/// --verify`) makes the next check on unlock whole too, so the alarm
/// comes back at every unlock until the log is whole.
#[test]
fn a_break_the_whole_check_found_is_said_at_every_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = checked_log(dir.path());
    drop_guards(&s);
    s.store()
        .execute_for_tests(
            "DELETE FROM case_access WHERE seq = (SELECT min(seq) + 1 FROM case_access)",
        )
        .unwrap();
    assert!(
        s.check_access_log().unwrap().intact(),
        "checked before: not seen"
    );
    assert_eq!(kinds(&mut s), vec![ChainFault::Missing]);
    drop(s);
    let mut s = unlock(dir.path());
    assert_eq!(
        faults(&s.check_access_log().unwrap()),
        vec![ChainFault::Missing]
    );
}

/// A log whose newest rows were removed (or a mark from another copy of
/// the profile) makes the next check a whole one.
#[test]
fn a_mark_beyond_the_log_makes_the_check_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = checked_log(dir.path());
    drop_guards(&s);
    s.store()
        .execute_for_tests(
            "DELETE FROM case_access WHERE seq >= (SELECT max(seq) - 1 FROM case_access)",
        )
        .unwrap();
    s.store()
        .execute_for_tests(
            "UPDATE case_access SET detail = 'rettet' WHERE seq = (SELECT min(seq) FROM case_access)",
        )
        .unwrap();
    assert_eq!(
        faults(&s.check_access_log().unwrap()),
        vec![ChainFault::Altered]
    );
}

/// The newest row checked gone and its place taken again by a new entry
/// (SQLite gives the highest place again): not the row the mark checked,
/// so the check is whole, and sees an older change too. An entry's place
/// itself cannot be changed.
#[test]
fn a_place_taken_again_makes_the_check_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = checked_log(dir.path());
    assert!(s
        .store()
        .execute_for_tests(
            "UPDATE case_access SET seq = seq + 100 WHERE seq = (SELECT max(seq) FROM case_access)"
        )
        .is_err());
    drop_guards(&s);
    s.store()
        .execute_for_tests("DELETE FROM case_access WHERE seq = (SELECT max(seq) FROM case_access)")
        .unwrap();
    s.store()
        .execute_for_tests(
            "UPDATE case_access SET detail = 'rettet' WHERE seq = (SELECT min(seq) FROM case_access)",
        )
        .unwrap();
    s.open_cases_list(false).unwrap();
    let faults = faults(&s.check_access_log().unwrap());
    assert!(faults.contains(&ChainFault::Altered), "{faults:?}");
}
