//! Rollback and clones (docs/SECURITY.md): a copied profile is caught the
//! first time both copies write, stops sending, and joins again as a new
//! device, sending only what the server never had, with no spurious
//! conflict; a server restored from an older backup gets back what it lost
//! from every device. Fictitious data only.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use feltbog_api::team::{MemberRole, SyncAlarm};
use feltbog_core::Session;
use feltbog_server::local::LocalServer;
use feltbog_server::sqlite::Sqlite;
use std::path::Path;

fn copy_profile(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

on_both_storages! {
    /// Bo's profile is copied to a second laptop and both are used: the
    /// second copy to sync wins the place in the log, the first is caught,
    /// sends nothing more, and leaves and joins again with a new invite.
    /// Then it sends only what the server never had: nothing is lost,
    /// nothing arrives twice, and no conflict appears that nobody made.
    fn a_copied_profile_is_caught_and_joins_again_without_spurious_conflicts(rig: &Rig) {
        let root = tempfile::tempdir().unwrap();
        let (mut anne, _) = create(&root.path().join("anne"));
        let (mut bo, _) = create(&root.path().join("bo"));
        let (mut cai, _) = create(&root.path().join("cai"));
        rig.form_team(&mut anne, &mut [(&mut bo, false, "Bo"), (&mut cai, false, "Cai")]);
        let school = anne.add_school(&school("Egeby Skole")).unwrap().id;
        anne.sync().unwrap();
        bo.sync().unwrap();
        let shared = bo.record_visit(&visit(school, "før kopien")).unwrap();
        bo.sync().unwrap();
        drop(bo);
        copy_profile(&root.path().join("bo"), &root.path().join("bo-kopi"));
        let mut bo = unlock(&root.path().join("bo"));
        let mut copy = unlock(&root.path().join("bo-kopi"));
        assert_eq!(bo.store().device(), copy.store().device(), "a move keeps the device");

        copy.record_visit(&visit(school, "fra kopien")).unwrap();
        copy.sync().unwrap();
        bo.record_visit(&visit(school, "fra originalen")).unwrap();
        let r = bo.sync().unwrap();
        assert!(r.alarms.contains(&SyncAlarm::Cloned), "{r:?}");
        assert_eq!(r.sent, 0);
        let waiting = bo.sync_status().unwrap().waiting;
        assert!(waiting >= 2, "nothing marked sent: {waiting}");

        bo.leave_team().unwrap();
        assert!(bo.sync_status().unwrap().team.is_none());
        assert_eq!(visit_notes(&bo).len(), 2, "every record stays");
        let invite = anne.invite(MemberRole::Consultant, false).unwrap();
        bo.join_team(&rig.url(), &invite.code, Some("Bo")).unwrap();
        assert_ne!(bo.store().device(), copy.store().device(), "a new device");
        anne.sync().unwrap();
        let r = bo.sync().unwrap();
        assert!(r.alarms.is_empty(), "{r:?}");
        assert!(r.sent >= 2 && r.sent < 6, "only what the server never had: {r:?}");
        assert_eq!(bo.sync_status().unwrap().waiting, 0);
        for s in [&mut anne, &mut cai, &mut copy] {
            s.sync().unwrap();
        }
        let mut seen = visit_notes(&cai);
        seen.sort();
        assert_eq!(seen, ["fra kopien", "fra originalen", "før kopien"]);
        for s in [&anne, &bo, &cai, &copy] {
            assert!(s.conflict_views().unwrap().is_empty(), "no conflict nobody made");
        }
        // The clocks agree: Anne edits the shared visit, then Bo, having
        // seen it, edits again; no conflict anywhere.
        let mut edit = visit(school, "Annes rettelse");
        edit.follow_ups = Vec::new();
        anne.update_visit(shared.id, &edit).unwrap();
        anne.sync().unwrap();
        bo.sync().unwrap();
        let mut again = visit(school, "Bos rettelse");
        again.follow_ups = Vec::new();
        bo.update_visit(shared.id, &again).unwrap();
        bo.sync().unwrap();
        for s in [&mut anne, &mut cai] {
            s.sync().unwrap();
            assert!(s.conflict_views().unwrap().is_empty());
            assert!(visit_notes(s).contains(&"Bos rettelse".to_string()));
        }
    }
}

/// The server's database is restored from a backup older than the last
/// sync (its disk failed): each device finds the head of its log below
/// what the server had confirmed, says so, and sends what was lost; the
/// team ends with every record.
#[test]
fn a_server_restored_from_an_older_backup_gets_back_what_it_lost() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("server.db");
    let store = Sqlite::open(&db).unwrap();
    let (code, hash) = feltbog_server::rules::new_setup_code();
    block(feltbog_server::storage::Storage::add_setup_code(
        &store,
        hash,
        feltbog_server::rules::now() + 3600,
    ))
    .unwrap();
    let server = LocalServer::start(store, 0).unwrap();
    let (url, port) = (server.url(), server.addr.port());
    let root = tempfile::tempdir().unwrap();
    let (mut anne, _) = create(&root.path().join("anne"));
    let (mut bo, _) = create(&root.path().join("bo"));
    anne.create_team(&url, "SSP Egeby", &code, Some("Anne"))
        .unwrap();
    let invite = anne.invite(MemberRole::Consultant, false).unwrap();
    bo.join_team(&url, &invite.code, Some("Bo")).unwrap();
    let school = anne.add_school(&school("Egeby Skole")).unwrap().id;
    anne.sync().unwrap();
    bo.sync().unwrap();
    anne.sync().unwrap();
    server.stop();
    let backup = dir.path().join("backup.db");
    std::fs::copy(&db, &backup).unwrap();
    let server = LocalServer::start(Sqlite::open(&db).unwrap(), port).unwrap();
    anne.record_visit(&visit(school, "efter backuppen"))
        .unwrap();
    bo.record_visit(&visit(school, "også efter")).unwrap();
    anne.sync().unwrap();
    bo.sync().unwrap();
    // The disk fails; the operator restores last night's copy.
    server.stop();
    for f in ["server.db-wal", "server.db-shm"] {
        let _ = std::fs::remove_file(dir.path().join(f));
    }
    std::fs::copy(&backup, &db).unwrap();
    let _server = LocalServer::start(Sqlite::open(&db).unwrap(), port).unwrap();
    let fresh = |s: &mut Session| {
        let r = s.sync().unwrap();
        assert!(r.alarms.contains(&SyncAlarm::RolledBack), "{r:?}");
        assert!(r.sent >= 1, "{r:?}");
    };
    fresh(&mut anne);
    fresh(&mut bo);
    anne.sync().unwrap();
    for s in [&anne, &bo] {
        let notes = visit_notes(s);
        assert!(notes.contains(&"efter backuppen".to_string()), "{notes:?}");
        assert!(notes.contains(&"også efter".to_string()), "{notes:?}");
    }
}

/// A profile that leaves its team and joins another brings every record
/// to the new team, as its new device; the old team keeps what it had.
#[test]
fn a_profile_that_left_one_team_brings_its_records_to_another() {
    let rig = Rig::sqlite();
    let root = tempfile::tempdir().unwrap();
    let (mut anne, _) = create(&root.path().join("anne"));
    let (mut bo, _) = create(&root.path().join("bo"));
    let (mut other, _) = create(&root.path().join("other"));
    rig.form_team(&mut anne, &mut [(&mut bo, false, "Bo")]);
    let school = bo.add_school(&school("Bos Skole")).unwrap().id;
    bo.record_visit(&visit(school, "fra det gamle team"))
        .unwrap();
    bo.sync().unwrap();
    anne.sync().unwrap();
    bo.leave_team().unwrap();
    other
        .create_team(&rig.url(), "SSP Vestby", &rig.setup_code(), Some("Olga"))
        .unwrap();
    let invite = other.invite(MemberRole::Consultant, false).unwrap();
    bo.join_team(&rig.url(), &invite.code, Some("Bo")).unwrap();
    other.sync().unwrap();
    let r = bo.sync().unwrap();
    assert!(r.alarms.is_empty() && r.sent >= 3, "{r:?}");
    other.sync().unwrap();
    assert_eq!(visit_notes(&other), ["fra det gamle team"]);
    assert_eq!(visit_notes(&anne), ["fra det gamle team"]);
    let names: Vec<String> = bo.members().unwrap().into_iter().map(|m| m.name).collect();
    assert_eq!(names, ["Bo", "Olga"], "the new team's members only");
}
