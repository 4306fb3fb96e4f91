//! The merges no stamp decides (`store/apply.rs`, `settled`): an epoch
//! announcement only rises, whatever the stamps and whichever order two
//! coordinators' announcements arrive in, and never far past the one held.
//! Fictitious data only.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use feltbog_core::sync::schema::epoch_record;
use feltbog_core::sync::Incoming;
use feltbog_core::sync::{GroupChange, Op, Payload, Scope, Value, PAYLOAD_VERSION};
use feltbog_core::testing::create;
use feltbog_core::Session;

/// A device that knows two coordinators, `c1` and `c2`.
fn device(dir: &std::path::Path) -> Session {
    let (s, _) = create(dir);
    s.store()
        .execute_for_tests(
            "INSERT INTO members (id, name, role, cases, active, sign_key, box_key)
             VALUES ('c1', 'c1', 'coordinator', 1, 1, '', ''),
                    ('c2', 'c2', 'coordinator', 1, 1, '', '')",
        )
        .unwrap();
    s
}

/// `by`'s announcement of team epoch `epoch`, at place `seq` of its log,
/// stamped `ago_ms` before now.
fn announcement(by: &str, seq: i64, epoch: i64, ago_ms: i64) -> Incoming {
    let stamp = (chrono::Utc::now().timestamp_millis() - ago_ms) << 16;
    let values = [
        ("scope".to_string(), Value::Text("team".into())),
        ("epoch".to_string(), Value::Int(epoch)),
        ("key_id".to_string(), Value::Text(format!("nøgle {epoch}"))),
        ("removed".to_string(), Value::Text("[]".into())),
    ]
    .into();
    Incoming {
        scope: Scope::Team,
        device: by.into(),
        seq,
        v: PAYLOAD_VERSION,
        payload: Some(Payload {
            v: PAYLOAD_VERSION,
            entity: "key_epoch".into(),
            id: epoch_record(Scope::Team),
            op: Op::Set {
                groups: [(
                    "epoch".to_string(),
                    GroupChange {
                        values,
                        stamp,
                        replaced: vec![],
                    },
                )]
                .into(),
            },
        }),
        kills: vec![],
        emptied: None,
    }
}

fn announced(s: &Session) -> u32 {
    s.store().announced().unwrap()[&Scope::Team].epoch
}

#[test]
fn an_announcement_only_rises_whatever_the_stamps() {
    // c2 announced epoch 3 with a clock running behind; c1's epoch 2 is
    // stamped later. Either order, the team writes under 3.
    let dirs: Vec<_> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let mut a = device(dirs[0].path());
    a.sync_apply(vec![announcement("c1", 1, 2, 0)]).unwrap();
    a.sync_apply(vec![announcement("c2", 1, 3, 60_000)])
        .unwrap();
    let mut b = device(dirs[1].path());
    b.sync_apply(vec![announcement("c2", 1, 3, 60_000)])
        .unwrap();
    b.sync_apply(vec![announcement("c1", 1, 2, 0)]).unwrap();
    assert_eq!((announced(&a), announced(&b)), (3, 3));
    assert_eq!(
        a.store().announced().unwrap()[&Scope::Team].key_id,
        "nøgle 3"
    );
    // An epoch far past the one held is not taken, one a little past is.
    a.sync_apply(vec![announcement("c1", 2, 3 + 65, 0)])
        .unwrap();
    assert_eq!(announced(&a), 3);
    a.sync_apply(vec![announcement("c1", 3, 4, 0)]).unwrap();
    assert_eq!(announced(&a), 4);
}
