//! The attacks on who is in the team, each played through real devices
//! that reach a real server (SQLite, and PostgreSQL where the run has one)
//! only through a hostile proxy or with a member's altered program: a
//! coordinator who takes a removed member back, two removals the server
//! keeps apart so a new key reaches the other's removed member, a removal
//! served without the announcement that follows it, a key granted to a
//! device an announcement names as removed, an announcement withheld while
//! its key is served, a rotation whose answer is lost, and a device that
//! joined with a coordinator's invite acting as one before it is admitted.
//! docs/SECURITY.md lists them. Fictitious data only.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::hostile::{Exchange, Reply};
use crate::common::*;
use feltbog_api::team::MemberRole;
use feltbog_core::sync::client::Client;
use feltbog_core::sync::{Op, Scope, Value};
use feltbog_core::{Error, Session};
use feltbog_wire as wire;
use std::collections::BTreeSet;

/// Hides every entry of `writer`'s logs from the pulls of `reader`.
fn hide_log_from(crew: &Crew, writer: &Session, reader: &Session) {
    let (to, of) = (token(reader), writer.store().device().to_string());
    crew.proxy.attack(move |ex: &Exchange| {
        (ex.path == "/v1/pull" && ex.token.as_deref() == Some(&to)).then(|| {
            let mut a = ex.answer.clone();
            if let Some(slots) = a["slots"].as_array_mut() {
                slots.retain(|s| s["device"] != of.as_str());
            }
            Reply::Json(a)
        })
    });
}

/// Hides every entry of `writer`'s logs from the pulls of `reader`, and
/// tells `reader` that `stopped`'s token still works.
fn hide_removal_from(crew: &Crew, writer: &Session, reader: &Session, stopped: &str) {
    let (to, of, hidden) = (
        token(reader),
        writer.store().device().to_string(),
        stopped.to_string(),
    );
    crew.proxy.attack(move |ex: &Exchange| {
        if ex.token.as_deref() != Some(&to) {
            return None;
        }
        let mut a = ex.answer.clone();
        match ex.path.as_str() {
            "/v1/pull" => a["slots"]
                .as_array_mut()?
                .retain(|s| s["device"] != of.as_str()),
            "/v1/devices" => {
                for d in a["devices"].as_array_mut()? {
                    if d["keys"]["device"] == hidden.as_str() {
                        d["revoked"] = false.into();
                    }
                }
            }
            _ => return None,
        }
        Some(Reply::Json(a))
    });
}

fn is_active(s: &Session, device: &str) -> bool {
    s.store()
        .members()
        .unwrap()
        .into_iter()
        .any(|m| m.device == device && m.active)
}

fn refused(r: Result<(), Error>) -> String {
    match r {
        Err(Error::Refused { code, .. }) => code,
        other => panic!("not refused: {other:?}"),
    }
}

on_both_storages! {
    /// Anne removes Cai; Cora, a coordinator whose program was altered,
    /// then writes Cai's member row active again, stamped after the
    /// removal. A removal is final whatever the stamps: no device takes
    /// Cai back, whichever order the two entries arrive in (a device that
    /// joins later meets both at once).
    fn a_removed_member_stays_removed(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let root = tempfile::tempdir().unwrap();
        let mut cora = crew.join(&root.path().join("cora"), "Cora", MemberRole::Coordinator, true);
        crew.sync_all();
        cora.sync().unwrap();
        let cai = crew.cai.store().device().to_string();
        crew.anne.remove_member("Cai").unwrap();
        cora.sync().unwrap();
        assert!(!is_active(&cora, &cai));
        // The removal as Anne wrote it, turned back and stamped later.
        let mut back = crew
            .anne
            .sync_outgoing(Scope::Team, 0, 10_000)
            .unwrap()
            .into_iter()
            .rev()
            .map(|o| o.payload)
            .find(|p| p.entity == "member" && p.id.to_string() == cai)
            .unwrap();
        let Op::Set { groups } = &mut back.op else { panic!("a removal sets the row") };
        let access = groups.get_mut("access").unwrap();
        assert_eq!(access.values.get("active"), Some(&Value::Int(0)));
        access.values.insert("active".into(), Value::Int(1));
        access.stamp += 1 << 16;
        let entry = forged(rig, &cora, back);
        Client::new(&rig.url(), Some(&token(&cora))).unwrap().push(vec![entry]).unwrap();
        for s in [&mut crew.anne, &mut crew.bo] {
            s.sync().unwrap();
            assert!(!is_active(s, &cai), "Cai stays removed");
        }
        let dan = crew.join(&root.path().join("dan"), "Dan", MemberRole::Consultant, false);
        assert!(!is_active(&dan, &cai), "a joiner meets both entries at once");
    }
}

on_both_storages! {
    /// Cora removes Bo; the server, colluding with Bo, keeps her removal
    /// from Anne (her log, and Bo's stopped token), so Anne, removing Cai,
    /// grants Bo the new key (which the server keeps for him, out of the
    /// real store's sight). Once the logs meet, the epoch the team writes
    /// under was granted to a removed member: the coordinators move the
    /// team on again, to a key neither Bo nor Cai holds, and what Anne
    /// writes reaches Cora under it.
    fn two_removals_kept_apart_end_on_a_key_neither_removed_member_holds(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let root = tempfile::tempdir().unwrap();
        let mut cora = crew.join(&root.path().join("cora"), "Cora", MemberRole::Coordinator, true);
        let mut dan = crew.join(&root.path().join("dan"), "Dan", MemberRole::Consultant, false);
        crew.sync_all();
        cora.sync().unwrap();
        dan.sync().unwrap();
        let (bo, cai) = (crew.bo.store().device().to_string(), crew.cai.store().device().to_string());
        let anne_token = token(&crew.anne);
        hide_removal_from(&crew, &cora, &crew.anne, &bo);
        let (t, dropped) = (anne_token.clone(), bo.clone());
        crew.proxy.rewrite(move |ex: &Exchange| {
            if ex.path != "/v1/keys" || ex.method != "POST" || ex.token.as_deref() != Some(&t) {
                return None;
            }
            let mut r = ex.request.clone();
            r["grants"].as_array_mut()?.retain(|g| g["device"] != dropped.as_str());
            Some(r)
        });
        cora.remove_member("Bo").unwrap();
        crew.anne.remove_member("Cai").unwrap();
        let leaked = crew.anne.store().announced().unwrap()[&Scope::Team].clone();
        assert!(!leaked.removed.contains(&bo), "Anne did not know: {leaked:?}");
        crew.proxy.stop_attack();
        // Dan meets both removals before any coordinator has moved on: he
        // writes nothing under the key Bo was granted.
        dan.sync().unwrap();
        assert!(!is_active(&dan, &bo) && !is_active(&dan, &cai));
        dan.record_visit(&visit(crew.school, "Dan venter")).unwrap();
        dan.sync().unwrap();
        assert!(written_under(rig, &crew.anne, &dan).is_empty(), "nothing under epoch {}", leaked.epoch);
        assert!(dan.sync_status().unwrap().waiting_for_key);
        for _ in 0..3 {
            crew.anne.sync().unwrap();
            cora.sync().unwrap();
        }
        let removed: BTreeSet<&str> = [bo.as_str(), cai.as_str()].into();
        let devices = Client::new(&rig.url(), Some(&token(&crew.anne))).unwrap().devices().unwrap().devices;
        for scope in Scope::ALL {
            let (a, c) = (&crew.anne.store().announced().unwrap()[&scope], &cora.store().announced().unwrap()[&scope]);
            assert_eq!((a.epoch, &a.key_id), (c.epoch, &c.key_id), "{scope:?}: one epoch");
            if scope == Scope::Team {
                assert!(a.epoch > leaked.epoch, "moved on from {}", leaked.epoch);
            }
            assert!(removed.iter().all(|d| a.removed.iter().any(|r| r == d)), "{scope:?}: {:?}", a.removed);
            for d in devices.iter().filter(|d| removed.contains(d.keys.device.as_str())) {
                let granted = d.grants.get(scope.as_str()).cloned().unwrap_or_default();
                assert!(!granted.contains(&a.epoch), "{scope:?}: granted to a removed device");
            }
        }
        crew.anne.record_visit(&visit(crew.school, "efter begge")).unwrap();
        crew.anne.sync().unwrap();
        let now = crew.anne.store().announced().unwrap()[&Scope::Team].epoch;
        assert_eq!(written_under(rig, &cora, &crew.anne).last(), Some(&now));
        cora.sync().unwrap();
        assert!(visit_notes(&cora).contains(&"efter begge".to_string()));
        dan.sync().unwrap();
        assert_eq!(written_under(rig, &crew.anne, &dan).last(), Some(&now), "Dan's visit, under the new key");
    }
}

on_both_storages! {
    /// Anne removes Cai; the server serves Bo her log up to the removal
    /// (sealed under the new key, which Bo's grant opens) and withholds
    /// the announcements after it, so Bo learns of the removal but of no
    /// newer announced epoch. He writes nothing under the key Cai holds;
    /// with the rest of Anne's log, he writes under the new one.
    fn a_device_that_knows_of_a_removal_waits_for_the_new_key(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let cai = crew.cai.store().device().to_string();
        let anne = crew.anne.store().device().to_string();
        let before = Client::new(&rig.url(), Some(&token(&crew.anne))).unwrap().heads().unwrap().heads["team"];
        crew.anne.remove_member("Cai").unwrap();
        let bo_token = token(&crew.bo);
        crew.proxy.attack(move |ex: &Exchange| {
            if ex.token.as_deref() != Some(&bo_token) {
                return None;
            }
            let mut a = ex.answer.clone();
            match ex.path.as_str() {
                // The removal is Anne's first entry after `before`.
                "/v1/pull" => a["slots"]
                    .as_array_mut()?
                    .retain(|s| s["device"] != anne.as_str() || s["seq"].as_i64() <= Some(before + 1)),
                _ => return None,
            }
            Some(Reply::Json(a))
        });
        crew.bo.sync().unwrap();
        assert!(!is_active(&crew.bo, &cai), "Bo knows of the removal");
        assert_eq!(crew.bo.store().announced().unwrap()[&Scope::Team].epoch, 1, "and of no newer epoch");
        crew.bo.record_visit(&visit(crew.school, "efter Cai")).unwrap();
        crew.bo.sync().unwrap();
        assert!(crew.bo.sync_status().unwrap().waiting_for_key);
        assert!(written_under(rig, &crew.anne, &crew.bo).is_empty(), "nothing under epoch 1");
        crew.proxy.stop_attack();
        crew.bo.sync().unwrap();
        let under = written_under(rig, &crew.anne, &crew.bo);
        assert!(!under.is_empty() && under.iter().all(|e| *e == 2), "{under:?}");
    }
}

on_both_storages! {
    /// Anne removes Cai; Cora, who has Anne's log, then removes Bo. The
    /// server hides Anne's log from Dora and tells her Cai's token still
    /// works, so on Dora's member list Cai is active. Cora's announcement
    /// names both removals: Dora grants no key to Cai.
    fn no_key_goes_to_a_device_an_announcement_names_as_removed(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let root = tempfile::tempdir().unwrap();
        let mut cora = crew.join(&root.path().join("cora"), "Cora", MemberRole::Coordinator, true);
        let mut dora = crew.join(&root.path().join("dora"), "Dora", MemberRole::Coordinator, true);
        crew.sync_all();
        cora.sync().unwrap();
        dora.sync().unwrap();
        let cai = crew.cai.store().device().to_string();
        let dora_token = token(&dora);
        hide_removal_from(&crew, &crew.anne, &dora, &cai);
        let sent = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
        let seen = sent.clone();
        crew.proxy.rewrite(move |ex: &Exchange| {
            if ex.path == "/v1/keys" && ex.method == "POST" && ex.token.as_deref() == Some(&dora_token) {
                for g in ex.request["grants"].as_array().into_iter().flatten() {
                    seen.lock().unwrap().push(g["device"].as_str().unwrap_or_default().to_string());
                }
            }
            None
        });
        crew.anne.remove_member("Cai").unwrap();
        cora.sync().unwrap();
        cora.remove_member("Bo").unwrap();
        dora.sync().unwrap();
        dora.sync().unwrap();
        assert!(is_active(&dora, &cai), "on Dora's list Cai is still active");
        let a = &dora.store().announced().unwrap()[&Scope::Team];
        assert!(a.removed.contains(&cai), "{a:?}");
        assert!(!sent.lock().unwrap().contains(&cai), "a key granted to Cai");
        assert!(!dora.sync_status().unwrap().waiting_for_key);
    }
}

on_both_storages! {
    /// Anne removes Cai while the server keeps her log from Cora, who then
    /// removes Bo: Cora's new key goes to every member she knows of except
    /// the device the server has already stopped (Cai), and the removal
    /// goes through. Once the logs meet, the team writes under a key
    /// neither Bo nor Cai holds.
    fn a_removal_by_a_coordinator_who_missed_another_goes_through(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let root = tempfile::tempdir().unwrap();
        let mut cora = crew.join(&root.path().join("cora"), "Cora", MemberRole::Coordinator, true);
        crew.sync_all();
        cora.sync().unwrap();
        let (bo, cai) = (crew.bo.store().device().to_string(), crew.cai.store().device().to_string());
        crew.anne.remove_member("Cai").unwrap();
        hide_log_from(&crew, &crew.anne, &cora);
        cora.remove_member("Bo").unwrap();
        crew.proxy.stop_attack();
        for _ in 0..2 {
            crew.anne.sync().unwrap();
            cora.sync().unwrap();
        }
        let devices = Client::new(&rig.url(), Some(&token(&crew.anne))).unwrap().devices().unwrap().devices;
        for scope in Scope::ALL {
            let a = &crew.anne.store().announced().unwrap()[&scope];
            assert_eq!(a, &cora.store().announced().unwrap()[&scope]);
            for d in devices.iter().filter(|d| d.keys.device == bo || d.keys.device == cai) {
                assert!(!d.grants.get(scope.as_str()).is_some_and(|g| g.contains(&a.epoch)), "{scope:?}");
            }
        }
        crew.anne.record_visit(&visit(crew.school, "efter begge")).unwrap();
        crew.anne.sync().unwrap();
        cora.sync().unwrap();
        assert!(visit_notes(&cora).contains(&"efter begge".to_string()));
    }
}

on_both_storages! {
    /// The answer to the new key's grants is lost during Anne's removal of
    /// Cai, and at her next seven syncs (the server stored each set, so
    /// each epoch is taken): the removal stands, and the new key is made
    /// again, above every taken epoch, at her first sync after. Until then
    /// Bo, granted keys no announcement names, writes nothing; after, he
    /// writes under the key Anne announced.
    fn a_rotation_cut_short_is_finished_at_the_next_sync(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let cai = crew.cai.store().device().to_string();
        let anne_token = token(&crew.anne);
        crew.proxy.attack(move |ex: &Exchange| {
            let stored = (200..300).contains(&ex.status);
            (ex.path == "/v1/keys" && ex.method == "POST" && ex.token.as_deref() == Some(&anne_token) && stored)
                .then_some(Reply::Status(502))
        });
        crew.anne.remove_member("Cai").unwrap();
        for _ in 0..7 {
            assert!(crew.anne.sync().is_err(), "the answer is lost");
        }
        assert!(!is_active(&crew.anne, &cai), "the removal stands");
        assert_eq!(crew.anne.store().announced().unwrap()[&Scope::Team].epoch, 1);
        crew.bo.record_visit(&visit(crew.school, "mens nøglen laves")).unwrap();
        crew.bo.sync().unwrap();
        assert!(written_under(rig, &crew.anne, &crew.bo).is_empty(), "{:?}", team_epochs(&crew.bo, Scope::Team));
        crew.proxy.stop_attack();
        crew.anne.sync().unwrap();
        let now = crew.anne.store().announced().unwrap()[&Scope::Team].epoch;
        assert!(now > 1, "the new key, at last");
        crew.bo.sync().unwrap();
        assert_eq!(written_under(rig, &crew.anne, &crew.bo).last(), Some(&now));
        crew.anne.sync().unwrap();
        assert!(visit_notes(&crew.anne).contains(&"mens nøglen laves".to_string()));
    }
}

on_both_storages! {
    /// Anne removes Cai; the server serves Bo the new key but withholds
    /// Anne's announcement of it, hoping Bo writes on under the old key
    /// Cai holds. Bo waits and writes nothing; with the announcement, he
    /// writes under the new epoch.
    fn a_withheld_announcement_stops_writing_under_the_old_key(rig: &Rig) {
        let mut crew = Crew::new(rig);
        crew.anne.remove_member("Cai").unwrap();
        hide_log_from(&crew, &crew.anne, &crew.bo);
        crew.bo.record_visit(&visit(crew.school, "venter på nøglen")).unwrap();
        crew.bo.sync().unwrap();
        assert_eq!(team_epochs(&crew.bo, Scope::Team), [1, 2], "the new key is here");
        let st = crew.bo.sync_status().unwrap();
        assert!(st.waiting_for_key && st.waiting > 0, "{st:?}");
        assert!(written_under(rig, &crew.anne, &crew.bo).is_empty(), "nothing under epoch 1");
        crew.proxy.stop_attack();
        crew.bo.sync().unwrap();
        assert_eq!(crew.bo.sync_status().unwrap().waiting, 0);
        let under = written_under(rig, &crew.anne, &crew.bo);
        assert!(!under.is_empty() && under.iter().all(|e| *e == 2), "{under:?}");
        crew.anne.sync().unwrap();
        assert!(visit_notes(&crew.anne).contains(&"venter på nøglen".to_string()));
    }
}

on_both_storages! {
    /// A coordinator's invite code leaks and someone joins with it before
    /// Anne's device has admitted them: until it has, the server treats
    /// the device as a consultant without case access. It can remove no
    /// one, grant no key, invite no one and admit no one (itself
    /// included); once Anne admits it, it is the coordinator it was
    /// invited as.
    fn a_device_not_yet_admitted_has_no_coordinator_rights(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let dir = tempfile::tempdir().unwrap();
        let (mut dan, _) = create(dir.path());
        let invite = crew.anne.invite(MemberRole::Coordinator, true).unwrap();
        dan.join_team(&crew.proxy.url(), &invite.code, Some("Dan")).unwrap();
        let (id, bo) = (dan.store().device().to_string(), crew.bo.store().device().to_string());
        let client = Client::new(&rig.url(), Some(&token(&dan))).unwrap();
        let listed = |c: &Client| c.devices().unwrap().devices.into_iter().find(|d| d.keys.device == id).unwrap();
        let before = listed(&client);
        // Listed with the role its invite names, not admitted: the server
        // grants that role only with the admission.
        assert!(!before.admitted && before.role == wire::MemberRole::Coordinator, "{before:?}");
        assert_eq!(refused(client.revoke(&bo)), "forbidden");
        assert_eq!(refused(client.admit(&id)), "forbidden");
        let team = crew.anne.store().team().unwrap().unwrap().team_id;
        let key = feltbog_core::sync::crypto::EpochKey::generate();
        let grant = feltbog_core::sync::grant::make(
            &team,
            Scope::Cases,
            1,
            &key,
            &feltbog_core::sync::grant::Recipient { device: &bo, box_key: &secrets(&crew.bo).public(&bo).box_key },
            &feltbog_core::sync::grant::Granter { device: &id, secrets: &secrets(&dan) },
        )
        .unwrap();
        assert_eq!(refused(client.put_grants(vec![grant])), "forbidden");
        let made_up = wire::NewInvite {
            invite_id: "00".repeat(16),
            role: wire::MemberRole::Coordinator,
            cases: true,
            expires_at: i64::from(u32::MAX),
            bundle: "AA==".into(),
        };
        assert_eq!(refused(client.add_invite(&made_up)), "forbidden");
        assert!(Client::new(&rig.url(), Some(&token(&crew.bo))).unwrap().devices().unwrap().devices.iter().any(|d| d.keys.device == bo && !d.revoked));
        crew.anne.sync().unwrap();
        let after = listed(&client);
        assert!(after.admitted && after.cases, "{after:?}");
        dan.sync().unwrap();
        dan.invite(MemberRole::Consultant, false).unwrap();
    }
}
