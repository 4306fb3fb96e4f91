//! A large batch from another device (`store/apply.rs`), as a new device's
//! first sync brings: its new rows are indexed for search once, at the end
//! (`store/index_later.rs`), and an entry the database refuses in the
//! middle of it is undone alone and counted. Every other entry is applied
//! and found by search, nothing of the refused one is left, and a record
//! written here afterwards is indexed as it is written. Fictitious data
//! only.

use crate::common::*;
use feltbog_api::search::SearchItem;
use feltbog_api::visits::VisitFilter;
use feltbog_core::sync::{Incoming, Op, Payload, Scope, Value, PAYLOAD_VERSION};
use feltbog_core::Session;

const VISITS: usize = 300;
const BAD: usize = 150;

/// Each visit's own word, so search tells them apart.
fn word(i: usize) -> String {
    match i {
        0 => "hærværk".into(),
        i if i == BAD - 1 => "mobning".into(),
        BAD => "graffiti".into(),
        i if i == BAD + 1 => "rygning".into(),
        i if i == VISITS - 1 => "skolevægring".into(),
        i => format!("emne{i}"),
    }
}

fn visits_found(s: &mut Session, text: &str) -> usize {
    s.search(text)
        .unwrap()
        .hits
        .iter()
        .filter(|h| matches!(h.item, SearchItem::Visit { .. }))
        .count()
}

#[test]
fn a_large_batch_is_indexed_at_its_end_and_a_refused_entry_undone_alone() {
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (mut a, _) = create(da.path());
    let school = a.add_school(&school("Egebjergskolen")).unwrap().id;
    for i in 0..VISITS {
        a.record_visit(&visit(school, &format!("Snak om {}", word(i))))
            .unwrap();
    }
    let writer = a.store().device().to_string();
    let mut refused_id = None;
    let batch: Vec<Incoming> = a
        .sync_outgoing(Scope::Team, 0, 100_000)
        .unwrap()
        .into_iter()
        .map(|o| {
            let mut payload = o.payload;
            if payload.entity == "visit"
                && refused_id.is_none()
                && notes(&payload).contains("graffiti")
            {
                // A member's altered program: a status the database's
                // CHECK refuses, though the payload is well formed.
                set_status(&mut payload, "aflyst");
                refused_id = Some(payload.id);
            }
            Incoming {
                scope: o.scope,
                device: writer.clone(),
                seq: o.seq,
                v: PAYLOAD_VERSION,
                payload: Some(payload),
                kills: vec![],
                emptied: None,
            }
        })
        .collect();
    assert!(refused_id.is_some(), "the fixture has the visit to alter");
    assert_eq!(
        batch.len(),
        1 + 2 * VISITS,
        "a school, each visit and its follow-up"
    );

    let (mut b, _) = create(db.path());
    let r = b.sync_apply(batch).unwrap();
    assert_eq!(r.refused, 1, "{r:?}");
    // The refused visit's follow-up waits for a visit that never comes.
    assert_eq!(r.parked, 1, "{r:?}");
    assert_eq!(r.applied, 1 + 2 * (VISITS - 1), "{r:?}");

    let held = b.visits(&VisitFilter::default()).unwrap();
    assert_eq!(held.len(), VISITS - 1);
    assert!(held.iter().all(|v| Some(v.id.0) != refused_id));
    for w in ["hærværk", "mobning", "rygning", "skolevægring"] {
        assert_eq!(visits_found(&mut b, w), 1, "{w} is found");
    }
    assert_eq!(
        visits_found(&mut b, "graffiti"),
        0,
        "nothing of the refused visit"
    );
    assert_eq!(visits_found(&mut b, "emne207"), 1);
    let follow_ups = b
        .search("hærværk")
        .unwrap()
        .hits
        .iter()
        .filter(|h| matches!(h.item, SearchItem::FollowUp { .. }))
        .count();
    assert_eq!(follow_ups, 1, "the follow-ups are indexed too");
    assert_eq!(
        b.search("egebjergskolen").unwrap().hits.len(),
        1,
        "and the school"
    );

    // FTS5's own check: the index matches the rows it was built from.
    b.store()
        .execute_for_tests("INSERT INTO search_text (search_text) VALUES ('integrity-check')")
        .unwrap();

    // The index's insert triggers are back: a visit written here now is
    // found at once.
    b.record_visit(&visit(school, "Snak om cykelhjelme"))
        .unwrap();
    assert_eq!(visits_found(&mut b, "cykelhjelme"), 1);
}

fn notes(p: &Payload) -> String {
    let Op::Set { groups } = &p.op else {
        return String::new();
    };
    groups
        .values()
        .filter_map(|g| g.values.get("notes"))
        .filter_map(|v| match v {
            Value::Text(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

fn set_status(p: &mut Payload, to: &str) {
    let Op::Set { groups } = &mut p.op else {
        panic!("a visit's first entry sets it");
    };
    let status = groups
        .values_mut()
        .find_map(|g| g.values.get_mut("status"))
        .expect("a visit's entry has its status");
    *status = Value::Text(to.into());
}
