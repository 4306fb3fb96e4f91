//! The attacks on the team's logs, each played through real devices that
//! reach a real server (SQLite, and PostgreSQL where the run has one) only
//! through a hostile proxy or with a member's altered program: an entry
//! emptied without a deletion, a deletion that names other records, a
//! deletion of the member list, a dropped entry, reordered and replayed
//! entries, a tampered entry, a removed member's later entries (with the
//! head a server reports wrong during the removal), a page too
//! large, a redirect, a stamp days ahead. Each is refused and shown, and
//! nothing is lost: when the server behaves again, what it held back
//! arrives. docs/SECURITY.md lists them. Fictitious data only.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::hostile::Reply;
use crate::common::*;
use feltbog_api::team::SyncAlarm;
use feltbog_core::sync::client::Client;
use feltbog_core::sync::{Op, Payload, Scope, PAYLOAD_VERSION};
use feltbog_core::{Error, Session};
use feltbog_wire as wire;

/// The slots of `writer`'s log in a pull answer.
fn slots_of<'a>(answer: &'a mut serde_json::Value, writer: &str) -> Vec<&'a mut serde_json::Value> {
    answer["slots"]
        .as_array_mut()
        .map(|a| a.iter_mut().filter(|s| s["device"] == writer).collect())
        .unwrap_or_default()
}

fn is_pull_for(ex: &crate::common::hostile::Exchange, token: &str) -> bool {
    ex.path == "/v1/pull" && ex.token.as_deref() == Some(token)
}

fn delete(entity: &str, id: uuid::Uuid) -> Payload {
    Payload {
        v: PAYLOAD_VERSION,
        entity: entity.into(),
        id,
        op: Op::Delete { seen: vec![] },
    }
}

/// A place of `writer`'s log served as emptied, with the entry's real
/// header but the tag `tag` (the entry's own, or another record's); with
/// `v1`, as a place of payload version 1, whose header has only its tag.
fn emptied_as(slot: &mut serde_json::Value, tag: Option<&str>, v1: bool) {
    let e = slot["entry"].clone();
    let tag = tag.map_or(e["tag"].clone(), |t| t.into());
    slot["emptied"] = if v1 {
        serde_json::json!({"v": 1, "epoch": e["epoch"], "tag": tag})
    } else {
        serde_json::json!({
            "v": e["v"],
            "epoch": e["epoch"],
            "tag": tag,
            "nonce": e["nonce"],
            "ciphertext_hash": feltbog_wire::ciphertext_hash(e["ciphertext"].as_str().unwrap()),
            "signature": e["signature"],
        })
    };
    slot["entry"] = serde_json::Value::Null;
}

on_both_storages! {
    /// The server empties a place in Anne's log and calls it deleted: with
    /// the tag of a record that really was deleted (the review's critical
    /// finding), with the entry's own tag, or as a place of payload version
    /// 1 (whose header carries no signature) with the deleted record's tag.
    /// The header's signature gives the first away, no checked deletion
    /// covers the second, and a team made with this release has no place
    /// of version 1: Bo refuses all three, says so, and waits; once the
    /// server serves the entry, the visit arrives.
    fn an_entry_emptied_without_a_deletion_is_refused_and_comes_back(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let gone = crew.anne.record_visit(&visit(crew.school, "slettet")).unwrap();
        crew.anne.sync().unwrap();
        crew.anne.delete_visit(gone.id).unwrap();
        crew.anne.sync().unwrap();
        crew.bo.sync().unwrap();
        let killed = Client::new(&rig.url(), Some(&token(&crew.bo)))
            .unwrap()
            .pull(&wire::Pull { cursors: Default::default(), limit: 2000, hold: Vec::new() })
            .unwrap()
            .slots
            .into_iter()
            .find_map(|s| s.entry.and_then(|e| e.kills.first().cloned()))
            .unwrap();
        crew.anne.record_visit(&visit(crew.school, "skjult af serveren")).unwrap();
        crew.anne.sync().unwrap();
        for (tag, v1) in [(Some(killed.clone()), false), (None, false), (Some(killed), true)] {
            let (bo_token, anne) = (token(&crew.bo), crew.anne.store().device().to_string());
            crew.proxy.attack(move |ex| {
                is_pull_for(ex, &bo_token).then(|| {
                    let mut a = ex.answer.clone();
                    if let Some(s) = slots_of(&mut a, &anne).into_iter().next() {
                        emptied_as(s, tag.as_deref(), v1);
                    }
                    Reply::Json(a)
                })
            });
            let r = crew.bo.sync().unwrap();
            assert!(r.alarms.contains(&SyncAlarm::ForgedDeletion), "{r:?}");
            assert!(!visit_notes(&crew.bo).contains(&"skjult af serveren".to_string()));
        }
        crew.proxy.stop_attack();
        crew.bo.sync().unwrap();
        assert!(visit_notes(&crew.bo).contains(&"skjult af serveren".to_string()));
    }
}

on_both_storages! {
    /// Bo's altered program deletes his own visit and, in the same
    /// deletion, kills the tag of Anne's visit: the server (which cannot
    /// tell) empties Anne's entries. Every device refuses the deletion and
    /// the emptied places, and says so; nothing is deleted anywhere, and
    /// Anne's visit stays on every device that has it.
    fn a_deletion_naming_other_records_deletes_nothing(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let hers = crew.anne.record_visit(&visit(crew.school, "Annes besøg")).unwrap();
        let his = crew.bo.record_visit(&visit(crew.school, "Bos besøg")).unwrap();
        crew.sync_all();
        crew.cai.sync().unwrap();
        let mut e = forged(rig, &crew.bo, delete("visit", his.id.0));
        let key = crew.bo.store().epoch_keys(Scope::Team).unwrap().remove(0).1;
        e.kills.push(key.tag(&hers.id.0));
        let t = crew.bo.store().team().unwrap().unwrap().team_id;
        e.signature = secrets(&crew.bo).sign(&wire::signed_bytes(&t, &e));
        Client::new(&rig.url(), Some(&token(&crew.bo))).unwrap().push(vec![e]).unwrap();
        let r = crew.cai.sync().unwrap();
        assert!(r.alarms.contains(&SyncAlarm::ForgedDeletion), "{r:?}");
        for s in [&crew.anne, &crew.cai] {
            let notes = visit_notes(s);
            assert!(notes.contains(&"Annes besøg".to_string()) && notes.contains(&"Bos besøg".to_string()));
        }
        // A device that joins now meets Anne's emptied entry: refused too.
        let dir = tempfile::tempdir().unwrap();
        let dan = crew.join(dir.path(), "Dan", feltbog_api::team::MemberRole::Consultant, false);
        assert!(alarmed(&dan, SyncAlarm::ForgedDeletion));
    }
}

on_both_storages! {
    /// The member list and the team's rules cannot be deleted: a member's
    /// altered program that tries is refused by every device.
    fn the_member_list_and_the_rules_cannot_be_deleted(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let anne: uuid::Uuid = crew.anne.store().device().parse().unwrap();
        let team: uuid::Uuid = crew.anne.store().team().unwrap().unwrap().team_id.parse().unwrap();
        let client = Client::new(&rig.url(), Some(&token(&crew.bo))).unwrap();
        client.push(vec![forged(rig, &crew.bo, delete("member", anne))]).unwrap();
        client.push(vec![forged(rig, &crew.bo, delete("team_rules", team))]).unwrap();
        let r = crew.cai.sync().unwrap();
        assert!(r.alarms.contains(&SyncAlarm::ForgedDeletion), "{r:?}");
        let names: Vec<String> = crew.cai.members().unwrap().into_iter().map(|m| m.name).collect();
        assert!(names.contains(&"Anne".to_string()), "{names:?}");
        assert!(crew.cai.settings().unwrap().team_rules);
    }
}

on_both_storages! {
    /// The server leaves out one entry of Anne's log: Bo applies nothing
    /// past the hole, says so, and catches up once it is served.
    fn a_dropped_entry_stops_its_log_and_says_so(rig: &Rig) {
        let mut crew = Crew::new(rig);
        for n in ["første", "anden", "tredje"] {
            crew.anne.record_visit(&visit(crew.school, n)).unwrap();
        }
        crew.anne.sync().unwrap();
        let (bo_token, anne) = (token(&crew.bo), crew.anne.store().device().to_string());
        crew.proxy.attack(move |ex| {
            is_pull_for(ex, &bo_token).then(|| {
                let mut a = ex.answer.clone();
                let first = slots_of(&mut a, &anne).first().map(|s| s["seq"].clone());
                if let Some(seq) = first {
                    a["slots"].as_array_mut().unwrap().retain(|s| !(s["device"] == anne && s["seq"] == seq));
                }
                Reply::Json(a)
            })
        });
        let r = crew.bo.sync().unwrap();
        assert!(r.alarms.contains(&SyncAlarm::Gap), "{r:?}");
        assert!(!visit_notes(&crew.bo).contains(&"tredje".to_string()));
        crew.proxy.stop_attack();
        crew.bo.sync().unwrap();
        let notes = visit_notes(&crew.bo);
        assert!(["første", "anden", "tredje"].iter().all(|n| notes.contains(&n.to_string())));
    }
}

on_both_storages! {
    /// Entries served backwards and each twice change nothing: each log is
    /// applied in its own order, once, and no alarm is raised.
    fn reordered_and_replayed_entries_change_nothing(rig: &Rig) {
        let mut crew = Crew::new(rig);
        for n in ["a", "b", "c"] {
            crew.anne.record_visit(&visit(crew.school, n)).unwrap();
        }
        crew.anne.sync().unwrap();
        let bo_token = token(&crew.bo);
        crew.proxy.attack(move |ex| {
            is_pull_for(ex, &bo_token).then(|| {
                let mut a = ex.answer.clone();
                let slots = a["slots"].as_array_mut().unwrap();
                slots.reverse();
                let again = slots.clone();
                slots.extend(again);
                Reply::Json(a)
            })
        });
        let r = crew.bo.sync().unwrap();
        assert!(r.alarms.is_empty(), "{r:?}");
        let mut notes = visit_notes(&crew.bo);
        notes.sort();
        assert_eq!(notes, ["a", "b", "c"]);
    }
}

on_both_storages! {
    /// A byte of an entry's ciphertext changed on the way: its signature
    /// no longer holds. Refused and shown; served intact, it applies.
    fn a_tampered_entry_is_refused(rig: &Rig) {
        let mut crew = Crew::new(rig);
        crew.anne.record_visit(&visit(crew.school, "ægte")).unwrap();
        crew.anne.sync().unwrap();
        let (bo_token, anne) = (token(&crew.bo), crew.anne.store().device().to_string());
        crew.proxy.attack(move |ex| {
            is_pull_for(ex, &bo_token).then(|| {
                let mut a = ex.answer.clone();
                if let Some(s) = slots_of(&mut a, &anne).into_iter().next() {
                    let ct = s["entry"]["ciphertext"].as_str().unwrap().to_string();
                    let flipped = if ct.starts_with('A') { "B" } else { "A" };
                    s["entry"]["ciphertext"] = format!("{flipped}{}", &ct[1..]).into();
                }
                Reply::Json(a)
            })
        });
        let r = crew.bo.sync().unwrap();
        assert!(r.alarms.contains(&SyncAlarm::ForgedEntry), "{r:?}");
        assert!(!visit_notes(&crew.bo).contains(&"ægte".to_string()));
        crew.proxy.stop_attack();
        crew.bo.sync().unwrap();
        assert!(visit_notes(&crew.bo).contains(&"ægte".to_string()));
    }
}

on_both_storages! {
    /// Anne removes Bo, and the server reports another head of Bo's log
    /// during the removal: higher (colluding with Bo, to make room for
    /// entries he writes later) or 0 (to have his earlier entries refused
    /// by devices that are behind). Anne records what she applied herself.
    /// Bo writes on, and the server serves his later entry to Cai:
    /// refused, shown, not applied; his earlier visit stays.
    fn a_removed_members_later_entries_are_refused(rig: &Rig) {
        for lie in [5, -1000] {
            removed_member_with_a_head_off_by(rig, lie);
        }
    }
}

fn removed_member_with_a_head_off_by(rig: &Rig, lie: i64) {
    let mut crew = Crew::new(rig);
    crew.bo
        .record_visit(&visit(crew.school, "før fjernelsen"))
        .unwrap();
    crew.sync_all();
    let bo = crew.bo.store().device().to_string();
    let real = Client::new(&rig.url(), Some(&token(&crew.anne)))
        .unwrap()
        .devices()
        .unwrap()
        .devices
        .into_iter()
        .find(|d| d.keys.device == bo)
        .map(|d| d.heads.get("team").copied().unwrap_or(0))
        .unwrap();
    assert!(real >= 1, "Bo's visit is on the server");
    let (anne_token, off) = (token(&crew.anne), bo.clone());
    crew.proxy.attack(move |ex| {
        (ex.path == "/v1/devices" && ex.token.as_deref() == Some(&anne_token)).then(|| {
            let mut a = ex.answer.clone();
            for d in a["devices"].as_array_mut().unwrap() {
                if d["keys"]["device"] == off.as_str() {
                    let h = d["heads"]["team"].as_i64().unwrap_or(0);
                    d["heads"]["team"] = (h + lie).max(0).into();
                }
            }
            Reply::Json(a)
        })
    });
    crew.anne.remove_member("Bo").unwrap();
    crew.proxy.stop_attack();
    let late = crew
        .bo
        .record_visit(&visit(crew.school, "efter fjernelsen"))
        .unwrap();
    let payload = crew
        .bo
        .sync_outgoing(Scope::Team, 0, 10_000)
        .unwrap()
        .into_iter()
        .find(|o| o.payload.id == late.id.0)
        .unwrap()
        .payload;
    crew.cai.sync().unwrap();
    let until = |s: &Session| {
        s.store()
            .members()
            .unwrap()
            .into_iter()
            .find(|m| m.device == bo)
            .and_then(|m| m.until)
            .map(|u| u.get("team").copied().unwrap_or(0))
    };
    assert_eq!(
        until(&crew.anne),
        Some(real),
        "what Anne applied, not the server's {lie:+}"
    );
    assert_eq!(
        until(&crew.cai),
        Some(real),
        "the removal records his last place"
    );
    // His place right after the last one the team accepts from him.
    let entry = forged_at(&crew.bo, real + 1, payload);
    let slot = wire::Slot {
        scope: "team".into(),
        device: bo.clone(),
        seq: entry.seq,
        entry: Some(entry),
        emptied: None,
    };
    let cai_token = token(&crew.cai);
    crew.proxy.attack(move |ex| {
        is_pull_for(ex, &cai_token).then(|| {
            let mut a = ex.answer.clone();
            a["slots"]
                .as_array_mut()
                .unwrap()
                .push(serde_json::to_value(&slot).unwrap());
            Reply::Json(a)
        })
    });
    let r = crew.cai.sync().unwrap();
    assert!(r.alarms.contains(&SyncAlarm::RemovedMember), "{r:?}");
    assert!(!visit_notes(&crew.cai).contains(&"efter fjernelsen".to_string()));
    assert!(visit_notes(&crew.cai).contains(&"før fjernelsen".to_string()));
}

on_both_storages! {
    /// A page far larger than any the server sends: refused unread, the
    /// sync ends with the server's fault (exit 6 on the command line), and
    /// the next honest sync goes on.
    fn an_oversized_page_is_refused(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let bo_token = token(&crew.bo);
        crew.proxy.attack(move |ex| {
            is_pull_for(ex, &bo_token).then(|| Reply::Raw(vec![b' '; 20 * 1024 * 1024]))
        });
        let r = crew.bo.sync();
        assert!(
            matches!(r, Err(Error::ServerFault { alarm: SyncAlarm::BadAnswer, .. })),
            "{r:?}"
        );
        assert!(alarmed(&crew.bo, SyncAlarm::BadAnswer));
        crew.proxy.stop_attack();
        crew.bo.sync().unwrap();
    }
}

on_both_storages! {
    /// The server answers with a redirect to another address: not
    /// followed (the token and the entries go nowhere else), refused.
    fn a_redirect_is_not_followed(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let elsewhere = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        elsewhere.set_nonblocking(true).unwrap();
        let to = format!("http://{}/v1/pull", elsewhere.local_addr().unwrap());
        let bo_token = token(&crew.bo);
        crew.proxy.intercept(move |ex| {
            (ex.token.as_deref() == Some(&bo_token)).then(|| (307, Reply::Redirect(to.clone())))
        });
        let r = crew.bo.sync();
        assert!(
            matches!(r, Err(Error::ServerFault { alarm: SyncAlarm::BadAnswer, .. })),
            "{r:?}"
        );
        assert!(elsewhere.accept().is_err(), "nothing reached the other address");
    }
}

on_both_storages! {
    /// A member's clock (or altered program) stamps changes days ahead: the
    /// others hold them back until then, and say so.
    fn a_stamp_days_ahead_waits_and_is_reported(rig: &Rig) {
        let mut crew = Crew::new(rig);
        crew.anne.skew_clock_for_tests(3 * 24 * 60 * 60 * 1000);
        crew.anne.record_visit(&visit(crew.school, "fra fremtiden")).unwrap();
        crew.anne.sync().unwrap();
        let r = crew.bo.sync().unwrap();
        assert!(r.alarms.contains(&SyncAlarm::FutureStamp), "{r:?}");
        assert!(!visit_notes(&crew.bo).contains(&"fra fremtiden".to_string()));
    }
}
