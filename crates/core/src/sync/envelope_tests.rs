use super::*;
use crate::sync::crypto::verifying_key;
use crate::sync::payload::{GroupChange, Value};

struct Rig {
    secrets: DeviceSecrets,
    ring: Keyring,
    writers: BTreeMap<String, Writer>,
}

fn rig() -> Rig {
    let secrets = DeviceSecrets::generate();
    let mut ring = Keyring::new("team");
    ring.add(Scope::Team, 1, EpochKey::generate());
    ring.write_under(Scope::Team, 1);
    let writers = [(
        "dev".to_string(),
        Writer {
            key: verifying_key(&secrets.public("dev").sign_key).unwrap(),
            until: None,
            v2_from: BTreeMap::new(),
        },
    )]
    .into();
    Rig {
        secrets,
        ring,
        writers,
    }
}

fn payload(entity: &str, op: Op) -> Payload {
    Payload {
        v: PAYLOAD_VERSION,
        entity: entity.into(),
        id: uuid::Uuid::now_v7(),
        op,
    }
}

fn delete() -> Op {
    Op::Delete { seen: vec![] }
}

fn notes(text: &str) -> Op {
    let values = [("notes".to_string(), Value::Text(text.into()))].into();
    Op::Set {
        groups: [(
            "notes".to_string(),
            GroupChange {
                values,
                stamp: 1 << 16,
                replaced: vec![],
            },
        )]
        .into(),
    }
}

fn sealed(r: &Rig, seq: i64, p: Payload) -> wire::Slot {
    let out = Outgoing {
        scope: Scope::Team,
        seq,
        payload: p,
    };
    let e = r.ring.seal("dev", &r.secrets, &out).unwrap();
    wire::Slot {
        scope: "team".into(),
        device: "dev".into(),
        seq,
        entry: Some(e),
        emptied: None,
    }
}

fn resign(r: &Rig, slot: &mut wire::Slot) {
    let e = slot.entry.as_mut().unwrap();
    e.signature = r.secrets.sign(&wire::signed_bytes("team", e));
}

#[test]
fn a_batch_with_one_forged_entry_refuses_only_that_one() {
    let r = rig();
    let mut slots: Vec<_> = (1..=5)
        .map(|i| sealed(&r, i, payload("visit", delete())))
        .collect();
    assert!(r
        .ring
        .open_many(&slots, &r.writers)
        .iter()
        .all(Result::is_ok));
    let other = sealed(&r, 3, payload("visit", delete()));
    if let (Some(e), Some(o)) = (slots[2].entry.as_mut(), other.entry) {
        e.signature = o.signature; // a signature over other content
    }
    let opened = r.ring.open_many(&slots, &r.writers);
    let ok: Vec<bool> = opened.iter().map(Result::is_ok).collect();
    assert_eq!(ok, [true, true, false, true, true]);
    assert_eq!(
        opened[2].as_ref().err(),
        Some(&Held::Refused(SyncAlarm::ForgedEntry))
    );
    let unknown = BTreeMap::new();
    assert_eq!(
        r.ring.open_many(&slots[..1], &unknown)[0].as_ref().err(),
        Some(&Held::UnknownWriter),
        "a writer on no list waits, it is not refused"
    );
}

#[test]
fn padding_hides_a_texts_length_within_its_bucket() {
    let r = rig();
    let len = |text: &str| {
        sealed(&r, 1, payload("visit", notes(text)))
            .entry
            .unwrap()
            .ciphertext
            .len()
    };
    assert_eq!(
        len("Kort."),
        len(&"Noget længere noter om besøget. ".repeat(3))
    );
    assert!(
        len(&"x".repeat(3000)) > len("Kort."),
        "a size class, not one size"
    );
    for text in [
        "Kort.",
        &"x".repeat(300),
        &"æ".repeat(3000),
        &"y".repeat(70_000),
    ] {
        let p = payload("visit", notes(text));
        assert_eq!(
            len(text),
            sealed_len(p.to_json().len()),
            "the push's estimate"
        );
    }
    let mut v = b"{}".to_vec();
    pad(&mut v);
    assert_eq!(v.len(), 256);
    assert!(serde_json::from_slice::<serde_json::Value>(&v).is_ok());
}

#[test]
fn a_deletion_may_kill_only_its_own_records_tags() {
    let mut r = rig();
    let gone = payload("visit", delete());
    let ok = sealed(&r, 1, gone.clone());
    let opened = r.ring.open(&ok, &r.writers).unwrap();
    assert_eq!(opened.kills, ok.entry.as_ref().unwrap().kills);
    assert_eq!(opened.kills.len(), 1);

    // A patched client kills another record's tag too: the server would
    // empty that record's entries. Refused.
    let mut forged = sealed(&r, 1, payload("visit", delete()));
    let other_tag = r
        .ring
        .writing(Scope::Team)
        .unwrap()
        .1
        .tag(&uuid::Uuid::now_v7());
    forged.entry.as_mut().unwrap().kills.push(other_tag.clone());
    resign(&r, &mut forged);
    assert_eq!(
        r.ring.open(&forged, &r.writers).err(),
        Some(Held::Refused(SyncAlarm::ForgedDeletion))
    );
    // An edit may kill nothing at all.
    let mut edit = sealed(&r, 1, payload("visit", notes("x")));
    edit.entry.as_mut().unwrap().kills.push(other_tag.clone());
    resign(&r, &mut edit);
    assert_eq!(
        r.ring.open(&edit, &r.writers).err(),
        Some(Held::Refused(SyncAlarm::ForgedDeletion))
    );
    // The member list and the team's rules cannot be deleted.
    for entity in ["member", "team_rules", "key_epoch"] {
        let gone = sealed(&r, 1, payload(entity, delete()));
        assert_eq!(
            r.ring.open(&gone, &r.writers).err(),
            Some(Held::Refused(SyncAlarm::ForgedDeletion)),
            "{entity}"
        );
    }
    // Holding only some of the scope's keys, a tag it cannot check waits.
    r.ring.add(Scope::Team, 3, EpochKey::generate());
    assert_eq!(r.ring.open(&forged, &r.writers).err(), Some(Held::NoKey));
}

#[test]
fn a_removed_members_entries_after_the_removal_are_refused() {
    let mut r = rig();
    let before = sealed(&r, 2, payload("visit", notes("før")));
    let after = sealed(&r, 3, payload("visit", notes("efter")));
    r.writers.get_mut("dev").unwrap().until = Some([("team".to_string(), 2)].into());
    assert!(r.ring.open(&before, &r.writers).is_ok());
    assert_eq!(
        r.ring.open(&after, &r.writers).err(),
        Some(Held::Refused(SyncAlarm::RemovedMember))
    );
}

#[test]
fn an_entry_under_an_epoch_without_a_key_waits_and_an_emptied_place_names_its_signed_tag() {
    let r = rig();
    let mut other = rig();
    other.ring = Keyring::new("team");
    other.ring.add(Scope::Team, 2, EpochKey::generate());
    other.ring.write_under(Scope::Team, 2);
    let later = sealed(&other, 1, payload("visit", notes("ny nøgle")));
    let mut writers = r.writers.clone();
    writers.insert(
        "dev".into(),
        Writer {
            key: verifying_key(&other.secrets.public("dev").sign_key).unwrap(),
            until: None,
            v2_from: BTreeMap::new(),
        },
    );
    assert_eq!(r.ring.open(&later, &writers).err(), Some(Held::NoKey));
    // What the server leaves of a deleted entry: its signed header.
    let deleted = sealed(&r, 4, payload("visit", notes("slettes")));
    let mut emptied = emptied_from(&deleted);
    let i = r.ring.open(&emptied, &r.writers).unwrap();
    let tag = deleted.entry.as_ref().unwrap().tag.clone();
    assert_eq!((i.payload, i.emptied), (None, Some(tag)));
    // A server claiming another entry's tag for the place is refused.
    let other = sealed(&r, 5, payload("visit", notes("bliver")));
    emptied.emptied.as_mut().unwrap().tag = other.entry.unwrap().tag;
    assert_eq!(
        r.ring.open(&emptied, &r.writers).err(),
        Some(Held::Refused(SyncAlarm::ForgedDeletion))
    );
    // A place with no header at all is refused too.
    let mut bare = emptied_from(&deleted);
    bare.emptied = None;
    assert_eq!(
        r.ring.open(&bare, &r.writers).err(),
        Some(Held::Refused(SyncAlarm::ForgedDeletion))
    );
}

/// A server's emptied place for a slot: everything but the ciphertext.
fn emptied_from(slot: &wire::Slot) -> wire::Slot {
    let e = slot.entry.as_ref().unwrap();
    wire::Slot {
        scope: slot.scope.clone(),
        device: slot.device.clone(),
        seq: slot.seq,
        entry: None,
        emptied: Some(wire::Emptied {
            v: e.v,
            epoch: e.epoch,
            tag: e.tag.clone(),
            nonce: Some(e.nonce.clone()),
            ciphertext_hash: Some(wire::ciphertext_hash(&e.ciphertext)),
            signature: Some(e.signature.clone()),
        }),
    }
}

/// A place of `dev`'s team log emptied before payload version 2: its
/// header carries no signature.
fn legacy_place(seq: i64) -> wire::Slot {
    wire::Slot {
        scope: "team".into(),
        device: "dev".into(),
        seq,
        entry: None,
        emptied: Some(wire::Emptied {
            v: 1,
            epoch: 1,
            tag: "dGFn".into(),
            nonce: None,
            ciphertext_hash: None,
            signature: None,
        }),
    }
}

#[test]
fn an_unchecked_emptied_place_of_version_one_is_refused_after_the_writer_wrote_version_two() {
    let mut r = rig();
    let legacy = legacy_place(3);
    let i = r.ring.open(&legacy, &r.writers).unwrap();
    assert_eq!(
        i.emptied,
        Some("dGFn".into()),
        "a legacy place before version 2"
    );
    r.writers
        .get_mut("dev")
        .unwrap()
        .v2_from
        .insert("team".into(), 2);
    assert_eq!(
        r.ring.open(&legacy, &r.writers).err(),
        Some(Held::Refused(SyncAlarm::ForgedDeletion)),
        "after the writer's first version-2 entry an unsigned header is a forgery"
    );
}

#[test]
fn a_version_one_header_after_a_version_two_entry_in_the_same_page_is_refused() {
    // No mark stored yet: the page itself shows where version 2 begins.
    let r = rig();
    let legacy = legacy_place;
    let page = [
        legacy(1),
        sealed(&r, 2, payload("visit", notes("ny"))),
        legacy(3),
    ];
    let opened = r.ring.open_many(&page, &r.writers);
    assert!(opened[0].is_ok(), "before version 2: a legacy place");
    assert!(opened[1].is_ok());
    assert_eq!(
        opened[2].as_ref().err(),
        Some(&Held::Refused(SyncAlarm::ForgedDeletion))
    );
}

#[test]
fn a_version_one_header_in_a_later_part_of_a_page_is_refused() {
    // A page is opened in parts on several cores: the mark of version 2 at
    // the head of the first part holds for the places in the last.
    let r = rig();
    let first = sealed(&r, 1, payload("visit", notes("ny")));
    let n = 4 * OPEN_CHUNK_MIN as i64;
    let page: Vec<wire::Slot> = std::iter::once(first)
        .chain((2..=n).map(legacy_place))
        .collect();
    let opened = r.ring.open_many(&page, &r.writers);
    assert_eq!(opened.len(), page.len());
    assert!(opened[0].is_ok());
    for (i, o) in opened.iter().enumerate().skip(1) {
        assert_eq!(
            o.as_ref().err(),
            Some(&Held::Refused(SyncAlarm::ForgedDeletion)),
            "place {}",
            i + 1
        );
    }
}

#[test]
fn an_entry_of_an_unknown_payload_version_is_refused() {
    let r = rig();
    let mut s = sealed(&r, 1, payload("visit", delete()));
    s.entry.as_mut().unwrap().v = PAYLOAD_VERSION + 1;
    resign(&r, &mut s);
    assert_eq!(
        r.ring.open(&s, &r.writers).err(),
        Some(Held::Refused(SyncAlarm::ForgedEntry))
    );
}
