//! The attacks on what a device sends, each played through real devices
//! that reach a real server (SQLite, and PostgreSQL where the run has
//! one) only through a hostile proxy: a head above what was sent, a push
//! the server pretends to store, a head whose signature the server hides,
//! and an answer lost on the way followed by a head held back. A device
//! marks as sent only what the server shows it holds, with a signature
//! this device made there; nothing it wrote is lost, and an honest server
//! raises no alarm. docs/SECURITY.md lists them. Fictitious data only.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::hostile::Reply;
use crate::common::*;
use feltbog_api::team::SyncAlarm;
use feltbog_core::Error;

fn is_heads_for(ex: &crate::common::hostile::Exchange, token: &str) -> bool {
    ex.path == "/v1/heads" && ex.token.as_deref() == Some(token)
}

on_both_storages! {
    /// The server claims to hold more of Bo's log than Bo sent (a copy of
    /// his profile, or a lie): Bo stops sending, says so, and marks
    /// nothing as sent.
    fn a_head_above_what_was_sent_stops_sending(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let bo_token = token(&crew.bo);
        crew.proxy.attack(move |ex| {
            (ex.path == "/v1/heads" && ex.token.as_deref() == Some(&bo_token)).then(|| {
                let mut a = ex.answer.clone();
                let h = a["heads"]["team"].as_i64().unwrap_or(0);
                a["heads"]["team"] = (h + 3).into();
                Reply::Json(a)
            })
        });
        crew.bo.record_visit(&visit(crew.school, "venter")).unwrap();
        let r = crew.bo.sync().unwrap();
        assert!(r.alarms.contains(&SyncAlarm::Cloned), "{r:?}");
        assert_eq!(r.sent, 0);
        assert!(crew.bo.sync_status().unwrap().waiting > 0, "nothing marked sent");
    }
}

on_both_storages! {
    /// The server answers a push as if it stored it, and drops it: the
    /// next sync finds the head below what was confirmed, says so, and
    /// sends the entries again; they reach the team.
    fn a_push_the_server_only_pretends_to_store_is_sent_again(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let bo_token = token(&crew.bo);
        crew.proxy.intercept(move |ex| {
            if ex.path != "/v1/push" || ex.token.as_deref() != Some(&bo_token) {
                return None;
            }
            let last = ex.request["entries"].as_array().unwrap().last().unwrap().clone();
            let heads = serde_json::json!({
                "heads": {"team": last["seq"]},
                "tops": {"team": last["signature"]},
            });
            Some((200, Reply::Json(heads)))
        });
        crew.bo.record_visit(&visit(crew.school, "slugt")).unwrap();
        crew.bo.sync().unwrap();
        assert_eq!(crew.bo.sync_status().unwrap().waiting, 0, "the server said so");
        crew.proxy.stop_attack();
        let r = crew.bo.sync().unwrap();
        assert!(r.alarms.contains(&SyncAlarm::RolledBack), "{r:?}");
        assert!(r.sent >= 1, "{r:?}");
        crew.cai.sync().unwrap();
        assert!(visit_notes(&crew.cai).contains(&"slugt".to_string()));
    }
}

on_both_storages! {
    /// Bo's push reaches the server, its answer is lost, and then the
    /// server hides the signature at the head of his log (where a copy of
    /// his profile could have written): the head is not confirmed on the
    /// server's word. Bo says so and marks nothing sent; honest again, the
    /// server shows his own signature there, and all is well.
    fn a_head_without_its_signature_confirms_nothing(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let bo_token = token(&crew.bo);
        let t = bo_token.clone();
        crew.proxy.attack(move |ex| {
            if ex.path == "/v1/push" && ex.token.as_deref() == Some(&t) {
                return Some(Reply::Status(502));
            }
            is_heads_for(ex, &t).then(|| {
                let mut a = ex.answer.clone();
                a["tops"] = serde_json::json!({});
                Reply::Json(a)
            })
        });
        crew.bo.record_visit(&visit(crew.school, "uden underskrift")).unwrap();
        assert!(matches!(crew.bo.sync(), Err(Error::Offline(_))), "the lost answer reads as offline");
        let r = crew.bo.sync().unwrap();
        assert!(r.alarms.contains(&SyncAlarm::Cloned), "{r:?}");
        assert!(crew.bo.sync_status().unwrap().waiting > 0, "nothing marked sent");
        crew.proxy.stop_attack();
        crew.bo.dismiss_sync_alarms().unwrap();
        let r = crew.bo.sync().unwrap();
        assert!(r.alarms.is_empty(), "{r:?}");
        assert_eq!(crew.bo.sync_status().unwrap().waiting, 0);
        crew.cai.sync().unwrap();
        assert!(visit_notes(&crew.cai).contains(&"uden underskrift".to_string()));
    }
}

on_both_storages! {
    /// Bo's push reaches the server and its answer is lost; at the next
    /// sync the server replays its heads from before the push, so Bo seals
    /// the same places again (new nonces, new signatures) and the server
    /// refuses them as taken. Bo keeps every signature it made for a
    /// place: when the server shows the head with the first one, it is
    /// Bo's own, not a copy's, and no alarm is raised.
    fn a_retry_after_a_lost_answer_is_no_clone(rig: &Rig) {
        let mut crew = Crew::new(rig);
        let bo_token = token(&crew.bo);
        let before = std::sync::Arc::new(std::sync::Mutex::new(serde_json::Value::Null));
        let (t, keep) = (bo_token.clone(), before.clone());
        crew.proxy.attack(move |ex| {
            if is_heads_for(ex, &t) {
                *keep.lock().unwrap() = ex.answer.clone();
            }
            (ex.path == "/v1/push" && ex.token.as_deref() == Some(&t)).then_some(Reply::Status(502))
        });
        crew.bo.record_visit(&visit(crew.school, "sendt to gange")).unwrap();
        assert!(matches!(crew.bo.sync(), Err(Error::Offline(_))));
        let t = bo_token.clone();
        crew.proxy.attack(move |ex| {
            is_heads_for(ex, &t).then(|| Reply::Json(before.lock().unwrap().clone()))
        });
        let again = crew.bo.sync();
        assert!(
            matches!(again, Err(Error::Refused { ref code, .. }) if code == "seq_taken"),
            "{again:?}"
        );
        crew.proxy.stop_attack();
        let r = crew.bo.sync().unwrap();
        assert!(r.alarms.is_empty(), "{r:?}");
        assert!(!alarmed(&crew.bo, SyncAlarm::Cloned));
        assert_eq!(crew.bo.sync_status().unwrap().waiting, 0);
        crew.cai.sync().unwrap();
        assert!(visit_notes(&crew.cai).contains(&"sendt to gange".to_string()));
    }
}
