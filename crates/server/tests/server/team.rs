//! Three profiles and a real sync server on loopback (real HTTP, real
//! storage: SQLite always, PostgreSQL when `cargo xtask test` provides
//! one): a team is created, two members join, records flow both ways, a
//! conflict appears and is settled, a delete reaches everyone, a member
//! without case access gets no case, forged and repeated entries are
//! refused or ignored, and nothing readable reaches the server's files.
//! Fictitious data only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use feltbog_api::activities::ActivityFollowUpInput;
use feltbog_api::team::MemberRole;
use feltbog_core::store::Choice;
use feltbog_core::sync::client::Client;
use feltbog_core::sync::crypto::{b64, DeviceSecrets, EpochKey};
use feltbog_core::sync::envelope::Keyring;
use feltbog_core::sync::Outgoing;
use feltbog_core::sync::{Op, Payload, Scope, PAYLOAD_VERSION};
use feltbog_core::Error;
use feltbog_server::rules;
use feltbog_server::storage::InviteRow;

const MARKERS: [&str; 4] = [
    "MARKØR-besøg-Egeby",
    "MARKØR-konflikt-A",
    "MARKØR-konflikt-B",
    "MARKØR-sag-MK",
];

/// A server that adds a device of its own: it registers an invite, joins
/// with it, and pushes an entry signed by its device. Returns the entry's
/// record id.
fn invent_device(rig: &Rig, team: &str) -> uuid::Uuid {
    let url = &rig.url();
    let id: [u8; 32] = rand::random();
    rig.plant_invite(
        team,
        InviteRow {
            id_hash: rules::hash(&id),
            role: MemberRole::Consultant,
            cases: false,
            expires_at: rules::now() + 3600,
            bundle: "made up".into(),
        },
    );
    let secrets = DeviceSecrets::generate();
    let device = uuid::Uuid::now_v7().to_string();
    let joined = Client::new(url, None)
        .unwrap()
        .join(&feltbog_wire::Join {
            invite_id: b64(&id),
            keys: secrets.public(&device),
            sealed: "no proof".into(),
        })
        .unwrap();
    let mut ring = Keyring::new(team);
    ring.add(Scope::Team, 1, EpochKey::generate());
    ring.write_under(Scope::Team, 1);
    let record = uuid::Uuid::now_v7();
    let out = Outgoing {
        scope: Scope::Team,
        seq: 1,
        payload: Payload {
            v: PAYLOAD_VERSION,
            entity: "school".into(),
            id: record,
            op: Op::Delete { seen: vec![] },
        },
    };
    let entry = ring.seal(&device, &secrets, &out).unwrap();
    Client::new(url, Some(&joined.token))
        .unwrap()
        .push(vec![entry])
        .unwrap();
    record
}

on_both_storages! {
/// A team is created, two members join, records flow both ways, a
/// conflict appears and is settled, a delete reaches everyone, a member
/// without case access gets no case, a device the server makes up gets
/// nothing, a removed member reads nothing new, and nothing readable
/// reaches the server's files.
fn a_team_works_through_a_real_server(rig: &Rig) {
    let url = &rig.url();
    let code = &rig.setup_code();
    let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let (mut a, _) = create(dirs[0].path());
    let (mut b, _) = create(dirs[1].path());
    let (mut c, _) = create(dirs[2].path());

    // The coordinator's records from before the team join it.
    let school = a.add_school(&school("Egeby Skole")).unwrap();
    let v = a.record_visit(&visit(school.id, MARKERS[0])).unwrap();
    a.add_case(&notification(None, MARKERS[3])).unwrap();

    // A mistyped setup code is refused by name, nothing is stored.
    let err = a
        .create_team(url, "SSP Egeby", "0000-0000", Some("Anne"))
        .unwrap_err();
    assert!(
        matches!(err, Error::Refused { ref code, .. } if code == "setup_code"),
        "{err}"
    );
    assert!(a.sync_status().unwrap().team.is_none());
    let status = a.create_team(url, "SSP Egeby", code, Some("Anne")).unwrap();
    assert_eq!(status.team.unwrap().role, MemberRole::Coordinator);
    // The setup code works once.
    let (mut other, _) = create(tempfile::tempdir().unwrap().path());
    assert!(other
        .create_team(url, "Andet team", code, Some("X"))
        .is_err());

    let plain = a.invite(MemberRole::Consultant, false).unwrap();
    let with_cases = a.invite(MemberRole::Consultant, true).unwrap();
    b.join_team(url, &plain.code, Some("Bo")).unwrap();
    c.join_team(url, &with_cases.code, Some("Cai")).unwrap();
    // An invite works once; a consultant cannot invite.
    assert!(matches!(
        other.join_team(url, &plain.code, Some("X")),
        Err(Error::Refused { .. })
    ));
    assert!(b.invite(MemberRole::Consultant, false).is_err());

    let r = a.sync().unwrap();
    assert!(r.sent >= 4, "school, visit, follow-up, case: {r:?}");
    assert_eq!(a.sync_status().unwrap().waiting, 0);
    b.sync().unwrap();
    c.sync().unwrap();
    assert_eq!(visit_notes(&b), [MARKERS[0]]);
    assert_eq!(visit_notes(&c), [MARKERS[0]]);
    // Need to know: only the member with case access has the case; one
    // that B registers stays on B's device and is not "waiting".
    assert!(b.cases(false).unwrap().is_empty());
    b.add_case(&notification(None, "LO")).unwrap();
    b.sync().unwrap();
    assert_eq!(b.sync_status().unwrap().waiting, 0);
    c.sync().unwrap();
    assert_eq!(c.cases(false).unwrap().len(), 1, "B's case did not reach C");
    // The police's list waits only on devices with case access, and a
    // triage on one of them reaches the others.
    let list = "Dato for underretning\tGerningsdato\tInitialer\tFødselsår\tForhold\n\
                17-11-2026\t14-11-2026\tKL\t2012\thærværk\n";
    let source = feltbog_api::police::ListSource::Text { text: list.into() };
    let digest = a.preview_police_list(&source).unwrap().digest;
    a.import_police_list(&feltbog_api::police::ListConfirmed { source, digest })
        .unwrap();
    for s in [&mut a, &mut b, &mut c] {
        s.sync().unwrap();
    }
    assert_eq!(b.pending_count().unwrap(), 0, "a waiting row reached B");
    let waiting = c.open_pending().unwrap();
    assert_eq!(waiting.len(), 1, "the waiting row did not reach C");
    c.triage(waiting[0].id, feltbog_api::police::Triage::Dismiss)
        .unwrap();
    c.sync().unwrap();
    a.sync().unwrap();
    assert_eq!(a.pending_count().unwrap(), 0, "C's triage did not reach A");
    // Every device knows the members, by name, from the signed list.
    for s in [&a, &b, &c] {
        let names: Vec<String> = s.members().unwrap().into_iter().map(|m| m.name).collect();
        assert_eq!(names, ["Anne", "Bo", "Cai"]);
    }

    // A device the server makes up is on no list: the coordinator does not
    // admit it and every member refuses what it writes.
    let team = a.store().team().unwrap().unwrap().team_id;
    invent_device(rig, &team);
    a.sync().unwrap();
    let listed = a.members().unwrap();
    assert_eq!(listed.iter().filter(|m| !m.pending).count(), 3, "not admitted");
    let pending: Vec<_> = listed.iter().filter(|m| m.pending).collect();
    assert_eq!(pending.len(), 1, "shown as waiting, with no name");
    assert!(pending[0].name.is_empty());
    let r = b.sync().unwrap();
    assert!(r.received == 0, "nothing of it applied: {r:?}");
    assert!(r.alarms.is_empty(), "a device on no list only waits: {r:?}");

    // Records flow the other way too.
    let bv = b.record_visit(&visit(school.id, "Bos besøg")).unwrap();
    b.sync().unwrap();
    a.sync().unwrap();
    assert!(visit_notes(&a).contains(&"Bos besøg".to_string()));

    // A and B edit the same notes without seeing each other's edit.
    a.update_visit(v.id, &visit(school.id, MARKERS[1])).unwrap();
    b.update_visit(v.id, &visit(school.id, MARKERS[2])).unwrap();
    a.sync().unwrap();
    b.sync().unwrap();
    a.sync().unwrap();
    c.sync().unwrap();
    let conflicts = b.conflict_views().unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(a.conflict_views().unwrap().len(), 1);
    assert_eq!(c.conflict_views().unwrap().len(), 1);
    let mine = &conflicts[0].mine.text;
    assert_eq!(mine, MARKERS[2], "mine is what B wrote");
    b.settle_conflict(&conflicts[0].id, Choice::Mine).unwrap();
    for s in [&mut b, &mut a, &mut c] {
        s.sync().unwrap();
    }
    for s in [&a, &b, &c] {
        assert!(s.conflict_views().unwrap().is_empty());
        assert!(visit_notes(s).contains(&MARKERS[2].to_string()));
    }

    // A delete reaches everyone.
    a.delete_visit(v.id).unwrap();
    a.sync().unwrap();
    b.sync().unwrap();
    c.sync().unwrap();
    for s in [&a, &b, &c] {
        assert!(!visit_notes(s).iter().any(|n| n.starts_with("MARKØR")));
        assert!(visit_notes(s).contains(&"Bos besøg".to_string()));
    }

    // A deletes Bo's visit while B edits it offline: the delete wins, and
    // B is told, with the text B typed.
    a.delete_visit(bv.id).unwrap();
    let mut edit = visit(school.id, "Bos rettelse");
    let kept = &b.visit(bv.id).unwrap().follow_ups[0];
    edit.follow_ups[0].id = Some(kept.id);
    edit.follow_ups[0].text = kept.text.clone(); // only the notes change
    b.update_visit(bv.id, &edit).unwrap();
    a.sync().unwrap();
    let r = b.sync().unwrap();
    assert_eq!(r.lost_edits, 1, "{r:?}");
    assert!(b.visits(&Default::default()).unwrap().is_empty());
    let lost = b.lost_edits().unwrap();
    assert_eq!(lost.len(), 1);
    assert!(lost[0].summary.contains("Bos rettelse"), "{:?}", lost[0]);
    b.dismiss_lost_edit(&lost[0].record_id).unwrap();
    assert!(b.lost_edits().unwrap().is_empty());
    c.sync().unwrap();

    // Syncing again sends nothing: repeated pushes and pulls are no-ops.
    let again = a.sync().unwrap();
    assert_eq!(again.sent, 0, "{again:?}");

    // Removing a member: their token stops at once, the others move to
    // new keys, and what is written after is under keys they never had.
    let removed = a.remove_member("cai").unwrap();
    assert!(!removed.active);
    assert!(matches!(c.sync(), Err(Error::Refused { ref code, .. }) if code == "token"));
    a.record_visit(&visit(school.id, "efter fjernelsen"))
        .unwrap();
    a.sync().unwrap();
    b.sync().unwrap();
    assert!(visit_notes(&b).contains(&"efter fjernelsen".to_string()));
    let b_epochs: Vec<u32> = b
        .store()
        .epoch_keys(Scope::Team)
        .unwrap()
        .into_iter()
        .map(|(e, _)| e)
        .collect();
    assert_eq!(b_epochs, [1, 2]);
    let c_epochs: Vec<u32> = c
        .store()
        .epoch_keys(Scope::Team)
        .unwrap()
        .into_iter()
        .map(|(e, _)| e)
        .collect();
    assert_eq!(c_epochs, [1], "the removed member has only the old key");
    assert!(
        b.store().epoch_keys(Scope::Cases).unwrap().is_empty(),
        "need to know"
    );
    let b_token = b.store().team().unwrap().unwrap().token;
    let slots = Client::new(url, Some(&b_token))
        .unwrap()
        .pull(&feltbog_wire::Pull {
            cursors: Default::default(),
            limit: 2000,
            hold: Vec::new(),
        })
        .unwrap()
        .slots;
    let a_device = a.store().device().to_string();
    let newest = slots
        .iter()
        .rev()
        .filter(|s| s.device == a_device)
        .find_map(|s| s.entry.as_ref())
        .unwrap();
    assert_eq!(
        newest.epoch, 2,
        "written after the removal under the new key"
    );
    let members = b.members().unwrap();
    assert!(members.iter().any(|m| m.name == "Cai" && !m.active));

    // A wrong token is refused.
    let stranger = Client::new(url, Some("not-a-token")).unwrap();
    assert!(matches!(stranger.heads(), Err(Error::Refused { ref code, .. }) if code == "token"));

    // Nothing readable on the server: no marker in any of its files.
    for (path, bytes) in rig.files() {
        for m in MARKERS {
            assert!(!contains(&bytes, m), "{m} in {}", path.display());
        }
    }
}
}

#[test]
fn an_unreachable_server_loses_nothing_and_sync_catches_up() {
    use feltbog_server::local::LocalServer;
    use feltbog_server::sqlite::Sqlite;
    let dir = tempfile::tempdir().unwrap();
    let store = Sqlite::open(&dir.path().join("server.db")).unwrap();
    let (code, hash) = rules::new_setup_code();
    block(feltbog_server::storage::Storage::add_setup_code(
        &store,
        hash,
        rules::now() + 3600,
    ))
    .unwrap();
    let server = LocalServer::start(store, 0).unwrap();
    let url = server.url();
    let port = server.addr.port();
    let pdir = tempfile::tempdir().unwrap();
    let (mut a, _) = create(pdir.path());
    a.create_team(&url, "SSP Egeby", &code, Some("Anne"))
        .unwrap();
    let school = a.add_school(&school("Egeby Skole")).unwrap();
    server.stop(); // the server dies
    a.record_visit(&visit(school.id, "skrevet offline"))
        .unwrap();
    let err = a.sync().unwrap_err();
    assert!(matches!(err, Error::Offline(_)), "{err}");
    let st = a.sync_status().unwrap();
    assert!(st.waiting >= 3, "the changes wait: {st:?}");
    assert!(!st.team.unwrap().last_error.is_empty());
    // The server comes back on the same port with the same file.
    let store = Sqlite::open(&dir.path().join("server.db")).unwrap();
    let _server = LocalServer::start(store, port).unwrap();
    let r = a.sync().unwrap();
    assert!(r.sent >= 3, "{r:?}");
    let st = a.sync_status().unwrap();
    assert_eq!(st.waiting, 0);
    assert!(st.team.unwrap().last_error.is_empty());
}

on_both_storages! {
/// The server's own checks, tried as an attacker would: a forged
/// signature, another device's log, a different entry at a taken place, a
/// gap, an expired invite. And a repeated push is harmless.
fn forged_repeated_and_out_of_place_entries_are_refused(rig: &Rig) {
    let url = rig.url();
    let code = rig.setup_code();
    let pdir = tempfile::tempdir().unwrap();
    let (mut a, _) = create(pdir.path());
    a.create_team(&url, "SSP Egeby", &code, Some("Anne"))
        .unwrap();
    let t = a.store().team().unwrap().unwrap();
    let secrets = DeviceSecrets::from_bytes(&t.secrets).unwrap();
    let mut ring = Keyring::new(&t.team_id);
    for (e, k) in a.store().epoch_keys(Scope::Team).unwrap() {
        ring.add(Scope::Team, e, k);
    }
    ring.write_under(Scope::Team, 1);
    let device = a.store().device().to_string();
    let client = Client::new(&url, Some(&t.token)).unwrap();
    let entry = |seq: i64, dev: &str| {
        let out = Outgoing {
            scope: Scope::Team,
            seq,
            payload: Payload {
                v: PAYLOAD_VERSION,
                entity: "school".into(),
                id: uuid::Uuid::now_v7(),
                op: Op::Delete { seen: vec![] },
            },
        };
        ring.seal(dev, &secrets, &out).unwrap()
    };
    let refused = |r: feltbog_core::Result<feltbog_wire::Heads>| match r {
        Err(Error::Refused { code, .. }) => code,
        other => panic!("accepted: {other:?}"),
    };
    // (The profile's own outbox is unsent: these hand-made entries own the log.)
    let first = entry(1, &device);
    client.push(vec![first.clone()]).unwrap();
    assert_eq!(
        client.push(vec![first.clone()]).unwrap().heads["team"],
        1,
        "a repeat is a no-op"
    );

    let mut forged = entry(2, &device);
    forged.signature = entry(2, &device).signature; // signed over other content
    assert_eq!(refused(client.push(vec![forged])), "bad_signature");
    let other = uuid::Uuid::now_v7().to_string();
    assert_eq!(refused(client.push(vec![entry(2, &other)])), "forbidden");
    assert_eq!(refused(client.push(vec![entry(1, &device)])), "seq_taken");
    assert_eq!(refused(client.push(vec![entry(5, &device)])), "seq_gap");
    let mut cases = entry(2, &device);
    cases.scope = "nope".into();
    assert_eq!(refused(client.push(vec![cases])), "forbidden");
    assert_eq!(
        client.heads().unwrap().heads["team"],
        1,
        "nothing refused was stored"
    );

    // An invite past its date is refused at join.
    let id: [u8; 32] = rand::random();
    rig.plant_invite(
        &t.team_id,
        InviteRow {
            id_hash: rules::hash(&id),
            role: MemberRole::Consultant,
            cases: false,
            expires_at: rules::now() - 1,
            bundle: "x".into(),
        },
    );
    let joiner = DeviceSecrets::generate();
    let late = Client::new(&url, None).unwrap().join(&feltbog_wire::Join {
        invite_id: b64(&id),
        keys: joiner.public(&uuid::Uuid::now_v7().to_string()),
        sealed: String::new(),
    });
    assert!(
        matches!(late, Err(Error::Refused { ref code, .. }) if code == "invite"),
        "{late:?}"
    );
}
}

/// The app syncs on a second connection while the user writes on the
/// first: both write (the sync applies and acknowledges, the user records),
/// no stamp is handed out twice, and everything reaches the other member.
#[test]
fn a_sync_on_a_second_connection_runs_beside_the_users_writes() {
    let rig = Rig::sqlite();
    let (pa, pb) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (mut a, _) = create(pa.path());
    let (mut b, _) = create(pb.path());
    rig.form_team(&mut a, &mut [(&mut b, false, "Bo")]);
    let school = a.add_school(&school("Egeby Skole")).unwrap();
    a.sync().unwrap();
    b.sync().unwrap();
    for i in 0..30 {
        b.record_visit(&visit(school.id, &format!("fra Bo {i}")))
            .unwrap();
    }
    b.sync().unwrap();

    let mut worker = a.open_another().unwrap();
    let syncing = std::thread::spawn(move || {
        for _ in 0..5 {
            worker.sync().unwrap();
        }
        worker
    });
    for i in 0..30 {
        a.record_visit(&visit(school.id, &format!("fra Anne {i}")))
            .unwrap();
    }
    let mut worker = syncing.join().unwrap();
    worker.sync().unwrap();
    b.sync().unwrap();

    let stamps: Vec<i64> = a.store().changes().unwrap().iter().map(|c| c.hlc).collect();
    assert!(
        stamps.windows(2).all(|w| w[0] < w[1]),
        "every local stamp is new and rising"
    );
    assert_eq!(a.visits(&Default::default()).unwrap().len(), 60);
    assert_eq!(b.visits(&Default::default()).unwrap().len(), 60);
    assert_eq!(a.sync_status().unwrap().waiting, 0);
}

/// The team's rules: the coordinator's case deadlines and threshold become
/// the team's, every member applies them, a consultant cannot change them
/// (but can change their own preferences), and a coordinator's change
/// reaches everyone.
#[test]
fn the_team_rules_are_the_coordinators_and_the_same_everywhere() {
    let rig = Rig::sqlite();
    let (pa, pb) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (mut a, _) = create(pa.path());
    let (mut b, _) = create(pb.path());
    let mut own = a.settings().unwrap();
    own.cases.offer_within_days = 10;
    own.small_threshold = 4;
    a.update_settings(&own).unwrap();
    let mut bs = b.settings().unwrap();
    bs.cases.offer_within_days = 3;
    b.update_settings(&bs).unwrap();

    rig.form_team(&mut a, &mut [(&mut b, true, "Bo")]);
    a.sync().unwrap();
    b.sync().unwrap();
    let seen = b.settings().unwrap();
    assert_eq!(
        seen.cases.offer_within_days, 10,
        "the team's, not B's own 3"
    );
    assert_eq!(seen.small_threshold, 4);
    assert!(seen.team_rules && seen.rules_read_only);
    assert!(!a.settings().unwrap().rules_read_only);

    // A consultant cannot change them, but can change their own name.
    let mut change = seen.clone();
    change.cases.delete_after_years = 5;
    let err = b.update_settings(&change).unwrap_err();
    assert!(
        matches!(err, Error::Invalid { ref field, .. } if field == "cases"),
        "{err}"
    );
    let mut name = seen.clone();
    name.consultant_name = "Bo Fiktiv".into();
    assert_eq!(
        b.update_settings(&name).unwrap().consultant_name,
        "Bo Fiktiv"
    );

    // The coordinator's change reaches the team.
    let mut rules = a.settings().unwrap();
    rules.cases.delete_after_years = 3;
    rules.small_threshold = 6;
    rules.cases.stale_after_years = 4;
    rules.retention.visits_after_years = 7;
    rules.retention.access_log_after_years = 2;
    a.update_settings(&rules).unwrap();
    a.sync().unwrap();
    b.sync().unwrap();
    let seen = b.settings().unwrap();
    assert_eq!(seen.cases.delete_after_years, 3);
    assert_eq!(seen.small_threshold, 6);
    assert_eq!(seen.cases.offer_within_days, 10);
    // The retention rules too: every device deletes the same on one day.
    assert_eq!(seen.cases.stale_after_years, 4);
    assert_eq!(seen.retention, rules.retention);
    let mut keep = seen.clone();
    keep.retention.visits_after_years = 10;
    assert!(b.update_settings(&keep).is_err(), "a consultant cannot");
}

/// Two devices that each made "Egeby Skole" before joining keep both (never
/// merged silently), are offered the merge, and when both merge at once
/// they end with the same one school holding every visit.
#[test]
fn schools_of_one_name_from_two_devices_are_offered_and_merged_alike() {
    let rig = Rig::sqlite();
    let (pa, pb) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (mut a, _) = create(pa.path());
    let (mut b, _) = create(pb.path());
    let sa = a.add_school(&school("Egeby Skole")).unwrap();
    let sb = b.add_school(&school("egeby skole")).unwrap();
    a.record_visit(&visit(sa.id, "fra Anne")).unwrap();
    b.record_visit(&visit(sb.id, "fra Bo")).unwrap();
    rig.form_team(&mut a, &mut [(&mut b, false, "Bo")]);
    a.sync().unwrap();
    b.sync().unwrap();
    a.sync().unwrap();
    for s in [&a, &b] {
        let d = s.school_duplicates().unwrap();
        assert_eq!(d.len(), 1, "offered, not merged silently");
        assert_eq!(d[0].keep.id, sa.id, "the oldest is kept, on both");
        assert_eq!(d[0].others[0].id, sb.id);
        assert_eq!(d[0].records, 1);
    }
    // Merging into the newer one is refused: every device keeps the same.
    assert!(a.merge_schools(sb.id).is_err());
    a.merge_schools(sa.id).unwrap();
    b.merge_schools(sa.id).unwrap();
    a.sync().unwrap();
    b.sync().unwrap();
    a.sync().unwrap();
    for s in [&a, &b] {
        assert!(s.school_duplicates().unwrap().is_empty());
        let active = s.schools(false).unwrap();
        assert_eq!(active.len(), 1);
        assert_eq!(active[0].id, sa.id);
        let visits = s.visits(&Default::default()).unwrap();
        assert_eq!(visits.len(), 2);
        assert!(visits.iter().all(|v| v.school == sa.id));
    }
    assert_eq!(a.sync_status().unwrap().conflicts, 0);
}

/// A profile in a team moved to another folder or machine (a new laptop)
/// is the same device: it keeps its id and token and syncs on.
#[test]
fn a_moved_profile_in_a_team_keeps_its_device_and_syncs() {
    let rig = Rig::sqlite();
    let root = tempfile::tempdir().unwrap();
    let (old, new) = (root.path().join("old"), root.path().join("new"));
    let (mut a, _) = create(&old);
    rig.form_team(&mut a, &mut []);
    let sch = a.add_school(&school("Egeby Skole")).unwrap();
    a.sync().unwrap();
    let device = a.store().device().to_string();
    drop(a);
    std::fs::create_dir_all(&new).unwrap();
    for e in std::fs::read_dir(&old).unwrap() {
        let e = e.unwrap();
        std::fs::rename(e.path(), new.join(e.file_name())).unwrap();
    }
    let mut moved = unlock(&new);
    assert_eq!(moved.store().device(), device);
    moved
        .record_visit(&visit(sch.id, "efter flytningen"))
        .unwrap();
    let r = moved.sync().unwrap();
    assert!(r.sent >= 1, "{r:?}");
}

/// The case access log and the deletion record reach the devices with case
/// access, and only them: the coordinator sees who opened a case on
/// another device; a consultant without access gets neither.
#[test]
fn the_access_log_and_deletions_reach_only_the_devices_with_case_access() {
    let rig = Rig::sqlite();
    let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let (mut a, _) = create(dirs[0].path());
    let (mut b, _) = create(dirs[1].path());
    let (mut c, _) = create(dirs[2].path());
    rig.form_team(&mut a, &mut [(&mut b, false, "Bo"), (&mut c, true, "Cai")]);
    let case = c.add_case(&notification(None, "MK")).unwrap().summary;
    c.case(case.id).unwrap(); // Cai opens it
    for s in [&mut a, &mut b, &mut c] {
        s.sync().unwrap();
    }
    a.sync().unwrap();
    let c_device = c.store().device().to_string();
    let log = a.access_log(&Default::default()).unwrap();
    assert!(
        log.iter()
            .any(|e| e.device == c_device && e.case_number == case.number),
        "the coordinator sees Cai's accesses: {log:?}"
    );
    // Cai's chain arrived whole: the coordinator's device checks it beside
    // its own.
    a.open_cases_list(false).unwrap();
    let check = a.verify_access_log().unwrap();
    assert!(check.intact() && check.devices == 2, "{check:?}");
    assert!(b.access_log(&Default::default()).unwrap().is_empty());

    a.delete_case(case.id).unwrap();
    a.sync().unwrap();
    b.sync().unwrap();
    c.sync().unwrap();
    assert!(c.cases(false).unwrap().is_empty());
    assert!(c
        .deletions()
        .unwrap()
        .iter()
        .any(|d| d.case_number == case.number));
    assert!(b.deletions().unwrap().is_empty());
}

/// A team device is not backed up (issue 11, point 21): the team keeps its
/// records, and an old copy restored would replay its place in the logs.
#[test]
fn a_profile_in_a_team_is_not_backed_up() {
    let rig = Rig::sqlite();
    let dirs: Vec<_> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let (mut a, _) = create(dirs[0].path());
    let (mut b, _) = create(dirs[1].path());
    rig.form_team(&mut a, &mut [(&mut b, false, "Bo")]);
    let file = dirs[0].path().join("../b.feltbog");
    for s in [&mut a, &mut b] {
        let e = s.backup(&file).unwrap_err();
        assert!(e.to_string().contains("in a team"), "{e}");
        assert!(!file.exists());
    }
}

/// Every kind of record a device writes reaches its outbox, in its scope:
/// a record type whose write path forgot `Tx::record` would stay on the
/// device for ever, and nothing else would notice.
#[test]
fn every_synced_record_written_here_is_in_the_outbox() {
    use feltbog_api::cases::{Step, StepInput};
    use feltbog_core::sync::schema::ENTITIES;
    use std::collections::BTreeSet;

    let rig = Rig::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _) = create(dir.path());
    a.create_team(&rig.url(), "SSP Egeby", &rig.setup_code(), Some("Anne"))
        .unwrap();
    let mut rules = a.settings().unwrap();
    rules.cases.offer_within_days = 10;
    a.update_settings(&rules).unwrap();

    let school = a.add_school(&school("Egeby Skole")).unwrap().id;
    let v = a.record_visit(&visit(school, "Klasseoplæg")).unwrap();
    let c = a.record_cafe(&cafe(school, "Fester")).unwrap();
    let mut with_follow_up = activity(school, "Oplæg");
    with_follow_up.follow_ups = vec![ActivityFollowUpInput {
        id: None,
        text: "Sende materialet til lærerne".into(),
        due: with_follow_up.date,
        done: false,
    }];
    let act = a.record_activity(&with_follow_up).unwrap();
    let act_gone = a.record_activity(&activity(school, "Aflyst")).unwrap();
    a.delete_activity(act_gone.id).unwrap();
    let r = a.add_round(&round("Ungeprofilen 2026/27", 2026)).unwrap();
    let k = a
        .save_class(None, &class(r.id, school, "7.a", 7, 24))
        .unwrap();
    let kept = a.add_case(&notification(Some(school), "AB")).unwrap();
    let kept = a
        .record_step(
            kept.summary.id,
            Step::Invited,
            d(2026, 11, 11),
            &StepInput::default(),
        )
        .unwrap();
    let gone = a.add_case(&notification(None, "CD")).unwrap();
    a.delete_case(gone.summary.id).unwrap();
    let list = "Dato for underretning\tGerningsdato\tInitialer\tFødselsår\tForhold\n\
                17-11-2026\t14-11-2026\tKL\t2012\thærværk\n";
    let source = feltbog_api::police::ListSource::Text { text: list.into() };
    let digest = a.preview_police_list(&source).unwrap().digest;
    a.import_police_list(&feltbog_api::police::ListConfirmed { source, digest })
        .unwrap();

    let mut seen = BTreeSet::new();
    let mut ops = BTreeSet::new();
    for scope in Scope::ALL {
        for o in a.sync_outgoing(scope, 0, 100_000).unwrap() {
            let entity = ENTITIES
                .iter()
                .find(|e| e.name == o.payload.entity)
                .unwrap();
            assert_eq!(
                entity.scope, scope,
                "{} logged in the wrong scope",
                entity.name
            );
            seen.insert(o.payload.entity.clone());
            let op = if matches!(o.payload.op, Op::Delete { .. }) {
                "delete"
            } else {
                "set"
            };
            ops.insert((o.payload.entity.clone(), o.payload.id, op));
        }
    }
    let every: BTreeSet<String> = ENTITIES.iter().map(|e| e.name.to_string()).collect();
    assert_eq!(
        seen, every,
        "an entity written here never reached the outbox"
    );
    for (entity, id, op) in [
        ("school", school.0, "set"),
        ("visit", v.id.0, "set"),
        ("follow_up", v.follow_ups[0].id.0, "set"),
        ("cafe", c.id.0, "set"),
        ("cafe_agreement", c.agreements[0].id.0, "set"),
        ("activity", act.id.0, "set"),
        ("activity_follow_up", act.follow_ups[0].id.0, "set"),
        ("activity", act_gone.id.0, "delete"),
        ("survey_round", r.id.0, "set"),
        ("survey_class", k.id.0, "set"),
        ("case", kept.summary.id.0, "set"),
        ("case_step", kept.steps[1].id.0, "set"),
        ("case", gone.summary.id.0, "delete"),
    ] {
        assert!(
            ops.contains(&(entity.to_string(), id, op)),
            "no {op} entry for the {entity} written"
        );
    }
}

/// A first sync in pages of three: each page is fetched and opened while
/// the one before it is applied, and the member list grows in the middle
/// of the pull (a page opened ahead with the old list is opened again).
/// Pushes go out in pages of two, the next sealed while one is on its way.
/// Everything arrives once, and nothing is taken for an attack.
#[test]
fn a_sync_in_small_pages_brings_everything_once() {
    let rig = Rig::sqlite();
    let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let (mut a, _) = create(dirs[0].path());
    let (mut b, _) = create(dirs[1].path());
    let (mut c, _) = create(dirs[2].path());
    for s in [&mut a, &mut b, &mut c] {
        s.set_sync_pages(3, 2);
    }
    let school = a.add_school(&school("Egeby Skole")).unwrap();
    rig.form_team(&mut a, &mut [(&mut b, false, "Bo")]);
    let mut want = Vec::new();
    for i in 0..9 {
        for (s, who) in [(&mut a, "Anne"), (&mut b, "Bo")] {
            let notes = format!("{who} {i}");
            s.record_visit(&visit(school.id, &notes)).unwrap();
            want.push(notes);
        }
    }
    assert!(
        a.sync().unwrap().sent >= 18,
        "visits and follow-ups, in pages"
    );
    assert!(b.sync().unwrap().sent >= 18);

    let invite = a.invite(MemberRole::Consultant, false).unwrap();
    c.join_team(&rig.url(), &invite.code, Some("Cai")).unwrap();
    a.sync().unwrap(); // admits Cai and grants the keys
    let r = c.sync().unwrap();
    assert!(r.alarms.is_empty(), "{r:?}");
    assert_eq!(r.refused, 0, "{r:?}");
    want.sort();
    let mut got = visit_notes(&c);
    got.sort();
    assert_eq!(got, want);
    // Again: nothing new, nothing twice.
    assert_eq!(c.sync().unwrap().received, 0);

    c.record_visit(&visit(school.id, "Cai 0")).unwrap();
    c.record_visit(&visit(school.id, "Cai 1")).unwrap();
    c.sync().unwrap();
    a.sync().unwrap();
    let anne = visit_notes(&a);
    assert!(anne.iter().any(|n| n == "Cai 0") && anne.iter().any(|n| n == "Cai 1"));
    assert_eq!(anne.len(), want.len() + 2);
}

/// Dan, a new member whose profile is in `dir`, joined through the proxy
/// and admitted (his first sync still to come), pulling in pages of three.
fn newcomer(crew: &mut Crew, dir: &std::path::Path) -> feltbog_core::Session {
    let (mut dan, _) = create(dir);
    dan.set_sync_pages(3, 2);
    let invite = crew.anne.invite(MemberRole::Consultant, false).unwrap();
    dan.join_team(&crew.proxy.url(), &invite.code, Some("Dan"))
        .unwrap();
    crew.anne.sync().unwrap(); // admits Dan and grants the keys
    dan
}

/// A new member's first sync is cut off after a few pages (the answer to
/// a pull is lost on the way). The pages are applied in a held write
/// transaction (`store/held.rs`): what was applied before the cut is
/// committed all the same (read here through another connection), and
/// the next sync brings the rest, once.
#[test]
fn a_first_sync_cut_off_keeps_what_it_applied() {
    use crate::common::hostile::{Exchange, Reply};
    let rig = Rig::sqlite();
    let mut crew = Crew::new(&rig);
    let mut want: Vec<String> = (0..12).map(|i| format!("besøg {i}")).collect();
    for notes in &want {
        crew.anne.record_visit(&visit(crew.school, notes)).unwrap();
    }
    crew.anne.sync().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut dan = newcomer(&mut crew, dir.path());
    let dan_token = token(&dan);
    let mut pulls = 0;
    crew.proxy.attack(move |ex: &Exchange| {
        let his = ex.path == "/v1/pull" && ex.token.as_deref() == Some(&dan_token);
        pulls += usize::from(his);
        (his && pulls > 12).then_some(Reply::Status(502))
    });
    assert!(dan.sync().is_err(), "the pull is cut off");
    // Read through another connection: only what was committed.
    let kept = unlock(dir.path())
        .visits(&Default::default())
        .unwrap()
        .len();
    assert!(
        kept > 0 && kept < want.len(),
        "{kept} of {} visits kept",
        want.len()
    );

    crew.proxy.stop_attack();
    let r = dan.sync().unwrap();
    assert!(r.alarms.is_empty(), "{r:?}");
    want.sort();
    let mut got = visit_notes(&dan);
    got.sort();
    assert_eq!(got, want, "the rest arrives, nothing twice");
}

/// While a first sync waits on the network for its next page, the write
/// lock is free: a save made then on the app's other connection (here,
/// at the moment the server answers a pull) goes through at once, where a
/// batch held across the wait made it wait out its busy timeout and fail.
#[test]
fn a_save_while_a_first_sync_waits_on_the_network_goes_through() {
    use crate::common::hostile::{Exchange, Reply};
    use std::sync::{Arc, Mutex};
    let rig = Rig::sqlite();
    let mut crew = Crew::new(&rig);
    for i in 0..12 {
        let notes = format!("besøg {i}");
        crew.anne.record_visit(&visit(crew.school, &notes)).unwrap();
    }
    crew.anne.sync().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut dan = newcomer(&mut crew, dir.path());
    // The app's screens: a second connection to Dan's profile (its busy
    // timeout is the app's, 5 s).
    let mut screens = unlock(dir.path());
    let saves = Arc::new(Mutex::new(Vec::new()));
    let (dan_token, seen) = (token(&dan), saves.clone());
    let mut pulls = 0;
    crew.proxy.attack(move |ex: &Exchange| {
        if ex.path == "/v1/pull" && ex.token.as_deref() == Some(&dan_token) {
            pulls += 1;
            if (4..8).contains(&pulls) {
                let saved = screens.add_school(&school(&format!("Skole {pulls}")));
                seen.lock()
                    .unwrap()
                    .push(saved.map(|_| ()).map_err(|e| e.to_string()));
            }
        }
        None::<Reply>
    });
    let r = dan.sync().unwrap();
    assert!(r.received > 12, "{r:?}");
    let saves = saves.lock().unwrap();
    assert_eq!(saves.len(), 4, "four saves tried during the pull");
    assert!(saves.iter().all(Result::is_ok), "{saves:?}");
}
