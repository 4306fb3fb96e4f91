//! The encrypted store on real SQLCipher files.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use feltbog_api::dates::IsoWeek;
use feltbog_api::visits::{VisitFilter, VisitStatus};
use feltbog_core::store::ChangeOp;
use feltbog_core::{Error, Profile};

#[test]
fn round_trip_survives_closing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Æblehaveskolen")).unwrap();
    let v = s
        .record_visit(&visit(school.id, "Snak om grænser på Snapchat"))
        .unwrap();
    drop(s);

    let s = unlock(dir.path());
    let back = s.visit(v.id).unwrap();
    assert_eq!(back, v);
    assert_eq!(back.school_name, "Æblehaveskolen");
    assert_eq!(back.follow_ups.len(), 1);
    let week = IsoWeek::of(d(2026, 11, 20));
    assert_eq!(
        s.visits(&VisitFilter {
            school: None,
            week: Some(week)
        })
        .unwrap(),
        vec![v.clone()]
    );
    assert!(s
        .visits(&VisitFilter {
            school: None,
            week: Some(week.next())
        })
        .unwrap()
        .is_empty());
    assert_eq!(
        s.due_follow_ups(None).unwrap()[0].follow_up.text,
        "opfølgning Snak om grænser på Snapchat"
    );
}

#[test]
fn no_plaintext_in_any_file_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let marker = "MARKØR-7f3a9c-plaintext";
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school(&format!("Skole {marker}"))).unwrap();
    for _ in 0..50 {
        s.record_visit(&visit(school.id, marker)).unwrap();
    }
    // While open (WAL and shm present) and after closing.
    for (name, bytes) in snapshot(dir.path()) {
        assert!(
            !contains(&bytes, marker),
            "{name} holds the marker while open"
        );
        assert!(
            !contains(&bytes, "SQLite format 3"),
            "{name} is a plain SQLite file"
        );
    }
    drop(s);
    let files = snapshot(dir.path());
    assert!(files.iter().any(|(n, _)| n == "feltbog.db"));
    for (name, bytes) in files {
        assert!(
            !contains(&bytes, marker),
            "{name} holds the marker after closing"
        );
    }
}

#[test]
fn wrong_passphrase_changes_nothing_but_the_lockout_counter() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    s.add_school(&school("Egeby Skole")).unwrap();
    drop(s);
    let before = snapshot(dir.path());

    let err = Profile::at(dir.path())
        .unlock("forkert passphrase")
        .err()
        .unwrap();
    assert!(matches!(err, Error::WrongPassphrase), "{err:?}");
    assert_eq!(
        feltbog_api::ApiError::from(err).kind,
        feltbog_api::ErrorKind::WrongPassphrase
    );

    let after: Vec<_> = snapshot(dir.path())
        .into_iter()
        .filter(|(n, _)| n != "lockout.json" && n != "lockout.json.lock")
        .collect();
    assert_eq!(after, before);
    assert!(dir.path().join("lockout.json").exists());
    // The right passphrase still works and clears the counter.
    drop(unlock(dir.path()));
    assert!(!dir.path().join("lockout.json").exists());
}

#[test]
fn five_wrong_tries_lock_out_even_the_right_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    drop(create(dir.path()));
    let p = Profile::at(dir.path());
    for _ in 0..5 {
        assert!(matches!(
            p.unlock("forkert passphrase"),
            Err(Error::WrongPassphrase)
        ));
    }
    // A new Profile value reads the counter from disk, as after a restart.
    let p = Profile::at(dir.path());
    assert!(matches!(p.unlock(PASS), Err(Error::LockedOut(s)) if s > 0 && s <= 30));
    assert!(p.retry_after().is_some());
}

#[test]
fn recovery_code_unlocks_and_sets_a_new_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, code) = create(dir.path());
    let school = s.add_school(&school("Egeby Skole")).unwrap();
    drop(s);
    let p = Profile::at(dir.path());
    assert!(matches!(
        p.unlock_with_recovery("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", "helt ny passphrase"),
        Err(Error::WrongPassphrase)
    ));
    let (opened, renewed) = p
        .unlock_with_recovery(&code.to_lowercase(), "helt ny passphrase")
        .unwrap();
    assert_eq!(opened.session.schools(true).unwrap()[0].id, school.id);
    drop(opened);
    assert!(matches!(p.unlock(PASS), Err(Error::WrongPassphrase)));
    assert!(p.unlock("helt ny passphrase").is_ok());
    // A used code is renewed: the old one stops working, the new one works.
    assert_ne!(renewed.as_str(), code);
    assert!(matches!(
        p.unlock_with_recovery(&code, "endnu en ny passphrase"),
        Err(Error::WrongPassphrase)
    ));
    assert!(p
        .unlock_with_recovery(&renewed, "endnu en ny passphrase")
        .is_ok());
}

/// Indstillinger can make a new recovery code (after the passphrase):
/// shown once, the old one stops working, the passphrase is unchanged.
#[test]
fn a_new_recovery_code_replaces_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let (_, code) = create(dir.path());
    let p = Profile::at(dir.path());
    assert!(matches!(
        p.renew_recovery_code("forkert adgangskode"),
        Err(Error::WrongPassphrase)
    ));
    let new = p.renew_recovery_code(PASS).unwrap();
    assert_ne!(new.as_str(), code);
    assert!(matches!(
        p.unlock_with_recovery(&code, "helt ny passphrase"),
        Err(Error::WrongPassphrase)
    ));
    assert!(p.unlock(PASS).is_ok());
    assert!(p.unlock_with_recovery(&new, "helt ny passphrase").is_ok());
}

#[test]
fn changing_the_passphrase_keeps_all_data_and_never_reencrypts() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Egeby Skole")).unwrap();
    let v = s.record_visit(&visit(school.id, "noter")).unwrap();
    let db_before = std::fs::read(dir.path().join("feltbog.db")).unwrap();
    assert!(matches!(
        s.change_passphrase("forkert", "en anden lang passphrase"),
        Err(Error::WrongPassphrase)
    ));
    assert!(matches!(
        s.change_passphrase(PASS, "kort"),
        Err(Error::Invalid { .. })
    ));
    s.change_passphrase(PASS, "en anden lang passphrase")
        .unwrap();
    assert_eq!(
        std::fs::read(dir.path().join("feltbog.db")).unwrap(),
        db_before
    );
    drop(s);
    let p = Profile::at(dir.path());
    assert!(matches!(p.unlock(PASS), Err(Error::WrongPassphrase)));
    let s = p.unlock("en anden lang passphrase").unwrap().session;
    assert_eq!(s.visit(v.id).unwrap(), v);
}

#[test]
fn deleting_a_visit_leaves_no_trace_of_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let marker = "SLETMIG-4411-hemmelig";
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Egeby Skole")).unwrap();
    let keep = s.record_visit(&visit(school.id, "bliver")).unwrap();
    let gone = s.record_visit(&visit(school.id, marker)).unwrap();
    // Edit it too, so several change-log entries hold the text.
    let mut edited = visit(school.id, &format!("{marker} rettet"));
    edited.follow_ups[0].id = Some(gone.follow_ups[0].id);
    s.update_visit(gone.id, &edited).unwrap();
    s.store().checkpoint().unwrap();
    assert!(
        contains(&s.store().decrypted_pages().unwrap(), marker),
        "test must see the marker first"
    );

    s.delete_visit(gone.id).unwrap();
    assert_eq!(s.store().pragma("secure_delete").unwrap(), "1");
    assert!(matches!(s.visit(gone.id), Err(Error::NotFound(_))));
    assert_eq!(s.visit(keep.id).unwrap(), keep);
    let pages = s.store().decrypted_pages().unwrap();
    assert!(
        !contains(&pages, marker),
        "deleted text remains in the decrypted pages"
    );
    let log = s.store().changes().unwrap();
    assert!(log
        .iter()
        .all(|c| !c.payload.as_deref().unwrap_or("").contains(marker)));
    let tombstones: Vec<_> = log
        .iter()
        .filter(|c| c.record_id == gone.id.to_string())
        .collect();
    assert_eq!(tombstones.len(), 1);
    assert_eq!(tombstones[0].op, ChangeOp::Delete);
    // The tombstone names versions only: no field of the visit.
    let t = tombstones[0].payload.as_deref().unwrap();
    assert!(
        t.contains("\"op\":\"delete\"") && !t.contains("notes"),
        "{t}"
    );
    drop(s);
    for (name, bytes) in snapshot(dir.path()) {
        assert!(!contains(&bytes, marker), "{name}");
    }
}

#[test]
fn every_write_is_in_the_change_log_with_rising_stamps() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Egeby Skole")).unwrap();
    let v = s.record_visit(&visit(school.id, "noter")).unwrap();
    s.set_follow_up_done(v.follow_ups[0].id, true).unwrap();
    let log = s.store().changes().unwrap();
    let kinds: Vec<_> = log.iter().map(|c| (c.entity.as_str(), c.op)).collect();
    assert_eq!(
        kinds,
        [
            ("school", ChangeOp::Upsert),
            ("visit", ChangeOp::Upsert),
            ("follow_up", ChangeOp::Upsert),
            ("follow_up", ChangeOp::Upsert)
        ]
    );
    assert!(log.windows(2).all(|w| w[0].hlc < w[1].hlc));
    assert!(log.iter().all(|c| c.device == s.store().device()));
    // Marking the follow-up done sends only the group that changed, with
    // the version it replaced.
    let done = log[3].payload.as_deref().unwrap();
    assert!(
        done.contains("\"groups\":{\"done\":{\"values\":{\"done\":1}"),
        "{done}"
    );
    assert!(
        done.contains("\"replaced\"") && !done.contains("\"text\""),
        "{done}"
    );
}

#[test]
fn a_failed_write_leaves_nothing_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let egeby = s.add_school(&school("Egeby Skole")).unwrap();
    let before = s.store().changes().unwrap().len();
    // A follow-up id that belongs to no follow-up fails inside the transaction,
    // after the visit row itself was written.
    let v = s.record_visit(&visit(egeby.id, "noter")).unwrap();
    let mut bad = visit(egeby.id, "ændret");
    bad.follow_ups[0].id = Some(feltbog_api::FollowUpId(uuid::Uuid::now_v7()));
    assert!(matches!(
        s.update_visit(v.id, &bad),
        Err(Error::NotFound(_))
    ));
    assert_eq!(s.visit(v.id).unwrap(), v);
    assert_eq!(s.store().changes().unwrap().len(), before + 2);
    // Duplicate school names are refused with the field named.
    assert!(
        matches!(s.add_school(&school("egeby skole")), Err(Error::Invalid { field, .. }) if field == "name")
    );
}

#[test]
fn marking_done_and_unknown_schools() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Egeby Skole")).unwrap();
    let mut planned = visit(school.id, "planlagt");
    planned.status = VisitStatus::Planned;
    planned.date = d(2026, 11, 23);
    let v = s.record_visit(&planned).unwrap();
    assert_eq!(s.mark_visit_done(v.id).unwrap().status, VisitStatus::Done);
    let mut ahead = planned.clone();
    ahead.date = d(2026, 12, 3);
    ahead.follow_ups.clear();
    let v2 = s.record_visit(&ahead).unwrap();
    assert!(
        matches!(s.mark_visit_done(v2.id), Err(Error::Invalid { field, .. }) if field == "date")
    );
    let orphan = visit(feltbog_api::SchoolId(uuid::Uuid::now_v7()), "x");
    assert!(
        matches!(s.record_visit(&orphan), Err(Error::Invalid { field, .. }) if field == "school")
    );
}

#[test]
fn a_newer_schema_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = create(dir.path());
    s.store().set_user_version_for_tests(99).unwrap();
    drop(s);
    let err = Profile::at(dir.path()).unlock(PASS).err().unwrap();
    assert!(matches!(err, Error::TooNew { found: 99, .. }), "{err:?}");
    assert!(err.to_string().contains("newer Feltbog"));
}

#[test]
fn creating_twice_is_refused_and_demo_loads_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let again =
        Profile::at(dir.path()).create(PASS, feltbog_core::keys::KdfParams::INSECURE_FOR_TESTS);
    assert!(matches!(again, Err(Error::ProfileExists(_))));
    s.load_demo().unwrap();
    assert!(s.schools(false).unwrap().len() >= 7);
    assert!(!s.visits(&VisitFilter::default()).unwrap().is_empty());
    // Activities at a school and in an area, dated around today.
    let activities = s.activities(&Default::default()).unwrap();
    assert!(activities.iter().any(|a| a.school.is_some()));
    assert!(activities
        .iter()
        .any(|a| a.school.is_none() && !a.area.is_empty()));
    assert!(matches!(s.load_demo(), Err(Error::Conflict(_))));
}

#[test]
fn drafts_are_encrypted_kept_and_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let marker = "KLADDE-93a1-ikke-gemt-endnu";
    let (mut s, _) = create(dir.path());
    s.save_draft("visit", &format!("{{\"notes\":\"{marker}\"}}"))
        .unwrap();
    for (name, bytes) in snapshot(dir.path()) {
        assert!(
            !contains(&bytes, marker),
            "{name} holds the draft in plaintext"
        );
    }
    drop(s);
    let mut s = unlock(dir.path());
    assert!(s.draft("visit").unwrap().unwrap().contains(marker));
    assert!(
        matches!(s.save_draft("visit", &"x".repeat(100_001)), Err(Error::Invalid { field, .. }) if field == "body")
    );
    s.discard_draft("visit").unwrap();
    assert_eq!(s.draft("visit").unwrap(), None);
    assert!(!contains(&s.store().decrypted_pages().unwrap(), marker));
    // Drafts are not records: the change log does not hold them.
    assert!(s.store().changes().unwrap().is_empty());
}

#[test]
fn deleting_a_visit_discards_its_draft() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Egeby Skole")).unwrap();
    let v = s.record_visit(&visit(school.id, "noter")).unwrap();
    let form = format!("visit:{}", v.id);
    s.save_draft(&form, "{}").unwrap();
    s.delete_visit(v.id).unwrap();
    assert_eq!(s.draft(&form).unwrap(), None);
}

#[test]
fn change_log_seq_never_goes_back_even_when_the_newest_record_is_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let egeby = s.add_school(&school("Egeby Skole")).unwrap();
    let mut last = 0;
    for round in 0..5 {
        let v = s
            .record_visit(&visit(egeby.id, &format!("runde {round}")))
            .unwrap();
        let before = s.store().changes().unwrap().last().unwrap().seq;
        assert!(before > last);
        // The visit's entries are the newest ones; deleting it must not let
        // the next entry reuse their numbers.
        s.delete_visit(v.id).unwrap();
        let after = s.store().changes().unwrap().last().unwrap().seq;
        assert!(after > before, "round {round}: {after} <= {before}");
        last = after;
    }
    drop(s);
    let mut s = unlock(dir.path());
    s.add_school(&school("Anden Skole")).unwrap();
    assert!(s.store().changes().unwrap().last().unwrap().seq > last);
}

/// Two connections to one profile (the app's screens and its sync worker)
/// never hand out the same clock stamp. With the wall clock a day behind
/// the last stamp, each stamp is the previous one plus one, so a
/// connection that did not read the other's newest stamp would repeat it.
#[test]
fn two_connections_never_repeat_a_clock_stamp() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _) = create(dir.path());
    a.add_school(&school("Første Skole")).unwrap();
    a.skew_clock_for_tests(-86_400_000);
    let mut b = a.open_another().unwrap();
    a.add_school(&school("Anden Skole")).unwrap();
    b.add_school(&school("Tredje Skole")).unwrap();
    a.add_school(&school("Fjerde Skole")).unwrap();
    let stamps: Vec<i64> = a.store().changes().unwrap().iter().map(|c| c.hlc).collect();
    assert_eq!(stamps.len(), 4);
    assert!(stamps.windows(2).all(|w| w[0] < w[1]), "{stamps:?}");
    assert_eq!(b.schools(false).unwrap().len(), 4);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// A profile copied elsewhere before it joined a team (a prepared profile
/// handed to a colleague) takes a new device id, everywhere the old one
/// stood; the original keeps its own; reopening either changes nothing.
#[test]
fn a_copied_profile_takes_a_new_device_id() {
    let root = tempfile::tempdir().unwrap();
    let (orig, copy) = (root.path().join("orig"), root.path().join("copy"));
    let (mut s, _) = create(&orig);
    let sch = s.add_school(&school("Egeby Skole")).unwrap();
    s.record_visit(&visit(sch.id, "oplæg")).unwrap();
    let first = s.store().device().to_string();
    drop(s);
    copy_dir(&orig, &copy);

    let c = unlock(&copy);
    let renamed = c.store().device().to_string();
    assert_ne!(renamed, first, "a copy must not reuse the device id");
    let changes = c.store().changes().unwrap();
    assert!(changes.iter().all(|ch| ch.device == renamed));
    assert_eq!(c.visits(&Default::default()).unwrap().len(), 1);
    drop(c);
    assert_eq!(
        unlock(&copy).store().device(),
        renamed,
        "stable once renamed"
    );
    assert_eq!(
        unlock(&orig).store().device(),
        first,
        "the original keeps its id"
    );
    // No trace of the old id in the copy's clocks.
    let c = unlock(&copy);
    let state = c.store().sync_state_for_tests().unwrap();
    assert!(!state.is_empty());
    assert!(state.iter().all(|line| !line.contains(&first)), "{state:?}");
}

/// A deletion while another connection reads: the checkpoint cannot empty
/// the WAL then, so the deleted pages would stay in it. It is retried after
/// the next write, and the WAL ends empty.
#[test]
fn a_checkpoint_kept_busy_by_a_reader_is_finished_later() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Egeby Skole")).unwrap();
    let gone = s
        .record_visit(&visit(school.id, "SLETMIG-7720-hemmelig"))
        .unwrap();
    let reader = s.store().open_another().unwrap();
    reader.begin_read_for_tests().unwrap();

    s.delete_visit(gone.id).unwrap();
    let wal = dir.path().join("feltbog.db-wal");
    assert!(s.store().checkpoint_pending(), "the reader kept it busy");
    assert!(std::fs::metadata(&wal).unwrap().len() > 0);

    reader.end_read_for_tests().unwrap();
    s.add_school(&self::school("Søby Skole")).unwrap();
    assert!(!s.store().checkpoint_pending());
    assert_eq!(
        std::fs::metadata(&wal).unwrap().len(),
        0,
        "the WAL still holds frames from before the deletion"
    );
}

/// A draft is kept 30 days after it was last saved, then deleted by the
/// purge on unlock; not while the date looks like it jumped.
#[test]
fn drafts_expire_thirty_days_after_they_were_saved() {
    let dir = tempfile::tempdir().unwrap();
    drop(create(dir.path()));
    let real_today = chrono::Utc::now().date_naive();
    // Each unlock runs the purge, drafts included.
    let at = |days: u64| {
        Profile::at(dir.path())
            .with_clock(feltbog_core::session::Clock::Fixed(
                real_today + chrono::Days::new(days),
            ))
            .unlock(PASS)
            .unwrap()
            .session
    };
    let mut s = at(0);
    s.save_draft("visit", "{\"notes\":\"halvt skrevet\"}")
        .unwrap();
    drop(s);

    let s = at(29);
    assert!(s.draft("visit").unwrap().is_some(), "kept for 30 days");
    drop(s);

    // The date jumped: the draft waits.
    let s = at(400);
    assert!(s.draft("visit").unwrap().is_some());
    drop(s);

    let s = at(31);
    assert_eq!(s.draft("visit").unwrap(), None, "gone after 30 days");
}
