//! The attacks on the team's keys, each played through real devices that
//! reach a real server (SQLite, and PostgreSQL where the run has one) only
//! through a hostile proxy or with a member's altered program: a key the
//! server plants, a team key served as the case key, a key a coordinator
//! about to be removed plants at `u32::MAX`, a grant that does not open, a
//! member who is no coordinator granting, an invite used after a removal.
//! And what must work despite the server: joining after any number of
//! removals, a rotation that reaches the devices another coordinator
//! admitted, case keys only after admission. docs/SECURITY.md lists them.
//! Fictitious data only.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::hostile::Reply;
use crate::common::*;
use feltbog_api::team::{MemberRole, SyncAlarm};
use feltbog_core::sync::client::Client;
use feltbog_core::sync::crypto::{seal_to, DeviceSecrets, EpochKey};
use feltbog_core::sync::grant::{self, Granter, Recipient};
use feltbog_core::sync::Scope;
use feltbog_core::{Error, Session};
use feltbog_wire as wire;

/// A grant of `key` to `to`, signed with `by` (a key the server made up
/// where the attacker is the server).
fn grant_by(
    team: &str,
    to: &Session,
    scope: Scope,
    epoch: u32,
    key: &EpochKey,
    granter: &str,
    by: &DeviceSecrets,
) -> wire::Grant {
    let id = to.store().device().to_string();
    let box_key = secrets(to).public(&id).box_key;
    grant::make(
        team,
        scope,
        epoch,
        key,
        &Recipient {
            device: &id,
            box_key: &box_key,
        },
        &Granter {
            device: granter,
            secrets: by,
        },
    )
    .unwrap()
}

fn team_id(s: &Session) -> String {
    s.store().team().unwrap().unwrap().team_id
}

on_both_storages! {
    /// The review's critical finding: the server seals a key of its own
    /// (it knows every device's public key) and serves it as the next
    /// epoch. Refused, shown, and never written under: what the devices
    /// write stays readable by the team and not by the server.
    fn a_key_the_server_plants_is_refused_and_never_written_under(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let team = team_id(&crew.anne);
        let server_key = DeviceSecrets::generate();
        let anne_id = crew.anne.store().device().to_string();
        // Signed by a key of the server's making, in the coordinator's name;
        // and a bare sealed box with no grant's plaintext at all.
        let mut forged = grant_by(&team, &crew.bo, Scope::Team, 2, &EpochKey::generate(), &anne_id, &server_key);
        let mut bare = forged.clone();
        bare.epoch = 3;
        bare.sealed = seal_to(&secrets(&crew.bo).public("x").box_key, EpochKey::generate().bytes()).unwrap();
        forged.granter = anne_id;
        let bo_token = token(&crew.bo);
        crew.proxy.attack(move |ex| {
            (ex.path == "/v1/keys" && ex.token.as_deref() == Some(&bo_token)).then(|| {
                let mut a = ex.answer.clone();
                a["grants"].as_array_mut().unwrap().push(serde_json::to_value(&forged).unwrap());
                a["grants"].as_array_mut().unwrap().push(serde_json::to_value(&bare).unwrap());
                Reply::Json(a)
            })
        });
        let r = crew.bo.sync().unwrap();
        assert!(r.alarms.contains(&SyncAlarm::ForgedKey), "{r:?}");
        assert!(alarmed(&crew.bo, SyncAlarm::ForgedKey));
        assert_eq!(team_epochs(&crew.bo, Scope::Team), [1], "nothing planted was kept");
        crew.bo.record_visit(&visit(crew.school, "skrevet under angrebet")).unwrap();
        crew.bo.sync().unwrap();
        assert!(written_under(rig, &crew.anne, &crew.bo).iter().all(|e| *e == 1));
        crew.proxy.stop_attack();
        crew.anne.sync().unwrap();
        assert!(visit_notes(&crew.anne).contains(&"skrevet under angrebet".to_string()));
        // The status keeps it until it is read.
        assert!(!crew.bo.sync_status().unwrap().alarms.is_empty());
        crew.bo.dismiss_sync_alarms().unwrap();
        assert!(crew.bo.sync_status().unwrap().alarms.is_empty());
    }
}

on_both_storages! {
    /// After a removal the server serves a consultant's new team key as
    /// the case key: the coordinator's signature does not cover it, so the
    /// consultant takes neither, reads no case, and waits for the real one.
    fn a_team_key_served_as_the_case_key_is_refused(rig: &Rig) {
        let mut crew = Crew::new(rig);
        crew.anne.add_case(&notification(None, "MK")).unwrap();
        crew.anne.remove_member("Cai").unwrap();
        let bo_token = token(&crew.bo);
        crew.proxy.attack(move |ex| {
            (ex.path == "/v1/keys" && ex.token.as_deref() == Some(&bo_token)).then(|| {
                let mut a = ex.answer.clone();
                for g in a["grants"].as_array_mut().unwrap() {
                    g["scope"] = "cases".into();
                }
                Reply::Json(a)
            })
        });
        let r = crew.bo.sync().unwrap();
        assert!(r.alarms.contains(&SyncAlarm::ForgedKey), "{r:?}");
        assert!(team_epochs(&crew.bo, Scope::Cases).is_empty(), "no case key");
        assert!(crew.bo.cases(false).unwrap().is_empty());
        assert!(crew.bo.sync_status().unwrap().waiting_for_key, "epoch 2 is announced, its key withheld");
        crew.proxy.stop_attack();
        crew.bo.sync().unwrap();
        assert_eq!(team_epochs(&crew.bo, Scope::Team), [1, 2]);
        assert!(!crew.bo.sync_status().unwrap().waiting_for_key);
        assert!(crew.bo.cases(false).unwrap().is_empty(), "still need to know");
    }
}

on_both_storages! {
    /// A coordinator about to be removed grants keys far ahead (at
    /// `u32::MAX`, where the old code's `e + 1` wrapped to 0) and a grant
    /// that does not open: refused, the sync goes on, and the removal
    /// moves the team to epoch 2 as if nothing had been tried. A consultant
    /// may grant nothing at all.
    fn a_rogue_coordinator_cannot_plant_a_high_epoch_or_stop_a_sync(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let dir = tempfile::tempdir().unwrap();
        let mut cora = crew.join(dir.path(), "Cora", MemberRole::Coordinator, true);
        crew.sync_all();
        let team = team_id(&crew.anne);
        let cora_id = cora.store().device().to_string();
        let cora_keys = secrets(&cora);
        let far = grant_by(&team, &crew.bo, Scope::Team, u32::MAX, &EpochKey::generate(), &cora_id, &cora_keys);
        let mut blob = grant_by(&team, &crew.bo, Scope::Team, 2, &EpochKey::generate(), &cora_id, &cora_keys);
        blob.sealed = "aWtrZSBlbiBub2dsZQ==".into();
        blob.signature = cora_keys.sign(&wire::grant_signed_bytes(&team, &blob));
        let client = Client::new(&crew.proxy.url(), Some(&token(&cora))).unwrap();
        client.put_grants(vec![far, blob]).unwrap();
        let r = crew.bo.sync().unwrap();
        assert!(r.alarms.contains(&SyncAlarm::ForgedKey), "{r:?}");
        assert_eq!(team_epochs(&crew.bo, Scope::Team), [1]);
        // A consultant's token may grant nothing.
        let bo_client = Client::new(&crew.proxy.url(), Some(&token(&crew.bo))).unwrap();
        let own = grant_by(&team, &crew.cai, Scope::Team, 3, &EpochKey::generate(), crew.bo.store().device(), &secrets(&crew.bo));
        assert!(matches!(bo_client.put_grants(vec![own]), Err(Error::Refused { ref code, .. }) if code == "forbidden"));

        crew.anne.remove_member("Cora").unwrap();
        crew.bo.sync().unwrap();
        // Epoch 2 of Bo is the blob Cora left on the server (never
        // replaced): the team moves to the first epoch free for everyone.
        let new = crew.anne.store().announced().unwrap()[&Scope::Team].epoch;
        assert!(new > 1 && new < 64, "{new}");
        assert_eq!(team_epochs(&crew.bo, Scope::Team), [1, new]);
        crew.bo.record_visit(&visit(crew.school, "efter Cora")).unwrap();
        crew.bo.sync().unwrap();
        assert_eq!(written_under(rig, &crew.anne, &crew.bo).last(), Some(&new));
        assert!(matches!(cora.sync(), Err(Error::Refused { ref code, .. }) if code == "token"));
        assert!(!team_epochs(&cora, Scope::Team).contains(&2));
    }
}

on_both_storages! {
    /// Five removals, with records written under each epoch, then a new
    /// member: it reads every record, through a signed grant of each epoch.
    fn a_member_joining_after_five_removals_reads_the_whole_history(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let root = tempfile::tempdir().unwrap();
        for i in 0..5 {
            let name = format!("Vikar {i}");
            let _temp = crew.join(&root.path().join(&name), &name, MemberRole::Consultant, true);
            crew.anne.record_visit(&visit(crew.school, &format!("epoke {}", i + 1))).unwrap();
            crew.anne.add_case(&notification(None, ["EA", "EB", "EC", "ED", "EE"][i])).unwrap();
            crew.anne.sync().unwrap();
            crew.anne.remove_member(&name).unwrap();
        }
        crew.anne.record_visit(&visit(crew.school, "epoke 6")).unwrap();
        crew.anne.sync().unwrap();
        let mut dan = crew.join(&root.path().join("dan"), "Dan", MemberRole::Consultant, true);
        let r = dan.sync().unwrap();
        assert!(r.alarms.is_empty(), "{r:?}");
        let mut notes = visit_notes(&dan);
        notes.sort();
        assert_eq!(notes, (1..=6).map(|i| format!("epoke {i}")).collect::<Vec<_>>());
        assert_eq!(dan.cases(false).unwrap().len(), 5);
        assert_eq!(team_epochs(&dan, Scope::Team), [1, 2, 3, 4, 5, 6]);
        assert_eq!(team_epochs(&dan, Scope::Cases), [1, 2, 3, 4, 5, 6]);
        dan.record_visit(&visit(crew.school, "Dans")).unwrap();
        dan.sync().unwrap();
        crew.bo.sync().unwrap();
        assert!(visit_notes(&crew.bo).contains(&"Dans".to_string()));
    }
}

on_both_storages! {
    /// Cora (a second coordinator) admits Dan while Anne, who has not heard
    /// of Dan yet, removes Cai: Anne's rotation cannot grant Dan the new
    /// key, but Cora's device grants what Dan lacks at its next sync.
    fn a_rotation_reaches_the_devices_another_coordinator_admitted(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let root = tempfile::tempdir().unwrap();
        let mut cora = crew.join(&root.path().join("cora"), "Cora", MemberRole::Coordinator, true);
        crew.sync_all();
        cora.sync().unwrap();
        let invite = cora.invite(MemberRole::Consultant, false).unwrap();
        let (mut dan, _) = create(&root.path().join("dan"));
        dan.join_team(&crew.proxy.url(), &invite.code, Some("Dan")).unwrap();
        crew.anne.remove_member("Cai").unwrap();
        cora.sync().unwrap(); // takes epoch 2, admits Dan, grants him 1 and 2
        let r = dan.sync().unwrap();
        assert!(r.alarms.is_empty(), "{r:?}");
        assert_eq!(team_epochs(&dan, Scope::Team), [1, 2]);
        crew.anne.record_visit(&visit(crew.school, "efter Cai")).unwrap();
        crew.anne.sync().unwrap();
        dan.sync().unwrap();
        assert!(visit_notes(&dan).contains(&"efter Cai".to_string()));
        dan.record_visit(&visit(crew.school, "fra Dan")).unwrap();
        dan.sync().unwrap();
        crew.anne.sync().unwrap();
        assert!(visit_notes(&crew.anne).contains(&"fra Dan".to_string()));
    }
}

on_both_storages! {
    /// A code gives the team's records, not its cases: until the
    /// coordinator's device has admitted the new member (checking the
    /// proof it sealed), no case key exists for it anywhere, and what it
    /// writes waits; the coordinator sees it waiting, by name.
    fn case_keys_come_only_after_admission(rig: &Rig) {
        let mut crew = Crew::new(rig);
        crew.anne.add_case(&notification(None, "MK")).unwrap();
        crew.anne.sync().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let (mut dan, _) = create(dir.path());
        let invite = crew.anne.invite(MemberRole::Consultant, true).unwrap();
        dan.join_team(&crew.proxy.url(), &invite.code, Some("Dan")).unwrap();
        dan.sync().unwrap();
        dan.record_visit(&visit(crew.school, "før optagelsen")).unwrap();
        dan.sync().unwrap();
        let st = dan.sync_status().unwrap();
        assert!(st.team.as_ref().unwrap().cases_pending && !st.team.as_ref().unwrap().cases);
        assert!(st.waiting_for_key && st.waiting > 0, "{st:?}");
        assert!(dan.cases(false).unwrap().is_empty());
        assert!(!visit_notes(&dan).is_empty(), "the team's records, at once");
        let listed = crew.anne.members().unwrap();
        let waiting: Vec<_> = listed.iter().filter(|m| m.pending).collect();
        assert_eq!(waiting.len(), 1);
        assert_eq!(waiting[0].name, "Dan");
        crew.anne.sync().unwrap();
        dan.sync().unwrap();
        assert_eq!(dan.cases(false).unwrap().len(), 1);
        assert_eq!(dan.sync_status().unwrap().waiting, 0);
        crew.anne.sync().unwrap();
        assert!(visit_notes(&crew.anne).contains(&"før optagelsen".to_string()));
    }
}

on_both_storages! {
    /// An invite made before a removal is void after it: the server
    /// deleted it with the removal, so it cannot hand out the keys from
    /// before.
    fn an_invite_made_before_a_removal_is_void_after_it(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let invite = crew.anne.invite(MemberRole::Consultant, true).unwrap();
        crew.anne.remove_member("Cai").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let (mut late, _) = create(dir.path());
        let r = late.join_team(&crew.proxy.url(), &invite.code, Some("Sen"));
        assert!(matches!(r, Err(Error::Refused { ref code, .. }) if code == "invite"), "{r:?}");
    }
}
