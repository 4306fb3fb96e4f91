//! Convergence: 3 to 5 devices (real SQLCipher profiles) make random
//! creates, edits and deletes of every record kind offline (activities and
//! their follow-ups included), with clocks
//! skewed by up to 11 hours either way (a clock further out is reported
//! and its changes wait: see `a_change_from_days_ahead_waits_until_then`),
//! and sync through a relay that plays the server:
//! pushes and pulls cut short, entries repeated and reordered, the server
//! deleting a deleted record's entries. At the end every device holds the
//! same records, no deleted record is anywhere, every text two devices
//! edited without seeing each other is kept as a conflict, and the relay
//! holds no entry of a deleted record. Fictitious data only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use feltbog_api::activities::{ActivityFollowUpInput, ActivityKind, NewActivity};
use feltbog_api::cafes::{AgreementInput, CafeKind, CafeStatus, CafeTheme, NewCafe};
use feltbog_api::cases::{InviteMethod, Step, StepInput};
use feltbog_api::survey::{ClassStatus, NewClass, NewRound, Questionnaire};
use feltbog_core::domain::merge::{Policy, Version};
use feltbog_core::store::Choice;
use feltbog_core::sync::Incoming;
use feltbog_core::sync::{schema, Op, Payload, Scope};
use feltbog_core::{Error, Session};
use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::collections::{BTreeMap, BTreeSet};

struct Device {
    _dir: tempfile::TempDir,
    s: Session,
    id: String,
    n: u32,
}

/// One place in a log: the record it concerns (a stand-in for its tag) and
/// the entry, or `None` once emptied.
type Place = (uuid::Uuid, Option<Payload>);

/// The server's part, in memory: one append-only log per (scope, device).
#[derive(Default)]
struct Relay {
    logs: BTreeMap<(Scope, String), Vec<Place>>,
    dead: BTreeSet<uuid::Uuid>,
}

impl Relay {
    /// Takes up to `limit` entries of each scope from the device.
    fn push(&mut self, d: &mut Device, limit: usize) {
        for scope in Scope::ALL {
            let log = self.logs.entry((scope, d.id.clone())).or_default();
            let have = log.len() as i64;
            for o in d.s.sync_outgoing(scope, have, limit).unwrap() {
                assert_eq!(o.seq, log.len() as i64 + 1, "the log has no gaps");
                let id = o.payload.id;
                match o.payload.op {
                    Op::Delete { .. } => {
                        // As the push does after sealing: the device knows
                        // the tags its own deletion kills.
                        d.s.sync_note_kills(scope, &[id.to_string()]).unwrap();
                        self.dead.insert(id);
                        log.push((id, Some(o.payload)));
                    }
                    Op::Set { .. } if self.dead.contains(&id) => log.push((id, None)),
                    Op::Set { .. } => log.push((id, Some(o.payload))),
                }
            }
        }
        // The server deletes every earlier entry of a deleted record.
        for log in self.logs.values_mut() {
            for (_, e) in log.iter_mut() {
                if matches!(e, Some(p) if self.dead.contains(&p.id) && matches!(p.op, Op::Set { .. }))
                {
                    *e = None;
                }
            }
        }
    }

    /// What a device gets when it pulls: each other log after its cursor,
    /// each cut at a random length (or whole), with some entries repeated,
    /// all shuffled.
    fn pull(&self, d: &Device, rng: &mut StdRng, whole: bool) -> Vec<Incoming> {
        let mut out = Vec::new();
        for ((scope, device), log) in &self.logs {
            if *device == d.id {
                continue;
            }
            let cursor =
                d.s.sync_cursors(*scope)
                    .unwrap()
                    .get(device)
                    .copied()
                    .unwrap_or(0);
            let after = &log[cursor as usize..];
            let take = if whole || after.is_empty() {
                after.len()
            } else {
                rng.gen_range(0..=after.len())
            };
            for (i, (id, p)) in after[..take].iter().enumerate() {
                let entry = incoming(*scope, device, cursor + 1 + i as i64, *id, p);
                if rng.gen_bool(0.15) {
                    out.push(entry.clone());
                }
                out.push(entry);
            }
            if cursor > 0 && rng.gen_bool(0.3) {
                let (id, p) = &log[cursor as usize - 1];
                out.push(incoming(*scope, device, cursor, *id, p));
            }
        }
        out.shuffle(rng);
        out
    }

    fn sync(&mut self, d: &mut Device, rng: &mut StdRng, whole: bool) {
        let limit = if whole { 100_000 } else { rng.gen_range(1..8) };
        self.push(d, limit);
        let batch = self.pull(d, rng, whole);
        d.s.sync_apply(batch).unwrap();
    }
}

/// A place as the server serves it: a deletion kills its record's tag (the
/// record id stands in for it here), an emptied place names the tag it had.
fn incoming(scope: Scope, device: &str, seq: i64, id: uuid::Uuid, p: &Option<Payload>) -> Incoming {
    let tag = id.to_string();
    Incoming {
        scope,
        device: device.to_string(),
        seq,
        v: feltbog_core::sync::PAYLOAD_VERSION,
        kills: match p {
            Some(Payload {
                op: Op::Delete { .. },
                ..
            }) => vec![tag.clone()],
            _ => vec![],
        },
        emptied: p.is_none().then_some(tag),
        payload: p.clone(),
    }
}

fn device(skew_ms: i64) -> Device {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    s.skew_clock_for_tests(skew_ms);
    let id = s.store().device().to_string();
    Device {
        _dir: dir,
        s,
        id,
        n: 0,
    }
}

fn cafe(school: Option<feltbog_api::SchoolId>, text: &str) -> NewCafe {
    NewCafe {
        date: d(2026, 11, 12),
        status: CafeStatus::Held,
        school,
        area: if school.is_none() {
            "Egeby by".into()
        } else {
            String::new()
        },
        grades: vec![8],
        kind: CafeKind::ParentCafe,
        theme: CafeTheme::AlcoholDrugs,
        theme_other: String::new(),
        partners: vec![],
        partner_other: String::new(),
        parents: 12,
        invited: Some(40),
        raised: text.into(),
        notes: String::new(),
        agreements: vec![AgreementInput {
            id: None,
            text: format!("aftale {text}"),
            revisit: d(2027, 3, 1),
            done: false,
        }],
    }
}

fn activity(school: Option<feltbog_api::SchoolId>, text: &str) -> NewActivity {
    NewActivity {
        date: d(2026, 11, 12),
        kind: ActivityKind::Street,
        school,
        area: if school.is_none() {
            "Havnen".into()
        } else {
            String::new()
        },
        grades: vec![],
        ages: Some((13, 17)),
        young: 30,
        adults: 2,
        partners: vec![],
        partner_other: String::new(),
        theme: "Aftenvandring".into(),
        notes: text.into(),
        follow_ups: vec![ActivityFollowUpInput {
            id: None,
            text: format!("opfølgning {text}"),
            due: d(2026, 12, 1),
            done: false,
        }],
    }
}

/// Allowed to fail: the record may have been deleted by another device,
/// or the name may already be taken here.
fn tolerate<T>(r: feltbog_core::Result<T>) {
    match r {
        Ok(_) | Err(Error::NotFound(_)) | Err(Error::Invalid { .. }) => {}
        Err(e) => panic!("unexpected error: {e}"),
    }
}

/// One random thing a consultant does on device `d`.
fn act(dev: &mut Device, rng: &mut StdRng) {
    dev.n += 1;
    let text = format!("tekst {}-{}", &dev.id[..8], dev.n);
    let s = &mut dev.s;
    let schools = s.schools(true).unwrap();
    let school = schools.choose(rng).map(|x| x.id);
    let visits = s.visits(&Default::default()).unwrap();
    let cafes = s.cafes(&Default::default()).unwrap();
    let rounds = s.rounds().unwrap();
    let cases = s.cases(false).unwrap();
    let activities = s.activities(&Default::default()).unwrap();
    match rng.gen_range(0..19) {
        0 => tolerate(s.add_school(&crate::common::school(&format!(
            "Skole {}",
            rng.gen_range(0..6)
        )))),
        1 => {
            if let Some(sc) = schools.choose(rng) {
                let mut edit = crate::common::school(&sc.name);
                edit.town = format!("By {}", rng.gen_range(0..3));
                tolerate(s.update_school(sc.id, &edit));
            }
        }
        2 | 3 => {
            if let Some(school) = school {
                tolerate(s.record_visit(&visit(school, &text)));
            }
        }
        4 | 5 => {
            if let Some(v) = visits.choose(rng) {
                let mut edit = visit(v.school, &text);
                edit.follow_ups = v
                    .follow_ups
                    .iter()
                    .map(|f| feltbog_api::visits::FollowUpInput {
                        id: Some(f.id),
                        text: f.text.clone(),
                        due: f.due,
                        done: rng.gen_bool(0.5),
                    })
                    .collect();
                tolerate(s.update_visit(v.id, &edit));
            }
        }
        6 => {
            if let Some(v) = visits.choose(rng) {
                tolerate(s.delete_visit(v.id));
            }
        }
        7 => tolerate(s.record_cafe(&cafe(if rng.gen_bool(0.5) { school } else { None }, &text))),
        8 => {
            if let Some(c) = cafes.choose(rng) {
                let mut edit = cafe(c.school, &text);
                edit.agreements = c
                    .agreements
                    .iter()
                    .map(|a| AgreementInput {
                        id: Some(a.id),
                        text: format!("{} {text}", a.text.chars().take(12).collect::<String>()),
                        revisit: a.revisit,
                        done: a.done,
                    })
                    .collect();
                tolerate(s.update_cafe(c.id, &edit));
            }
        }
        9 => {
            if let Some(c) = cafes.choose(rng) {
                tolerate(s.delete_cafe(c.id));
            }
        }
        10 => tolerate(s.add_round(&NewRound {
            name: format!("Runde {}", rng.gen_range(0..3)),
            questionnaire: Questionnaire::Grades7To9,
            window_from: d(2026, 11, 2),
            window_to: d(2027, 1, 29),
            target_percent: 85,
            small_threshold: 5,
        })),
        11 => {
            if let (Some(r), Some(school)) = (rounds.choose(rng), school) {
                let classes = s.classes(r.id, None).unwrap();
                let existing = classes.choose(rng).filter(|_| rng.gen_bool(0.6));
                let enrolled = rng.gen_range(10..30);
                let c = NewClass {
                    round: r.id,
                    school: existing.map_or(school, |c| c.school),
                    name: existing
                        .map_or(format!("{}.a", rng.gen_range(7..10)), |c| c.name.clone()),
                    grade: existing.map_or(8, |c| c.grade),
                    enrolled,
                    answered: rng.gen_range(0..=enrolled),
                    absent: 0,
                    status: ClassStatus::InProgress,
                    reason: String::new(),
                    taken_on: Some(d(2026, 11, 20)),
                };
                tolerate(s.save_class(existing.map(|c| c.id), &c));
            }
        }
        12 => {
            if let Some(r) = rounds.choose(rng) {
                if rng.gen_bool(0.5) {
                    tolerate(s.delete_round(r.id));
                } else if let Some(c) = s.classes(r.id, None).unwrap().choose(rng) {
                    tolerate(s.delete_class(c.id));
                }
            }
        }
        13 => tolerate(s.add_case(&notification(school, "MK"))),
        14 => {
            if let Some(c) = cases.choose(rng) {
                let details = StepInput {
                    method: Some(InviteMethod::Letter),
                    ..Default::default()
                };
                tolerate(s.record_step(c.id, Step::Invited, d(2026, 11, 12), &details));
            }
        }
        15 => {
            if let Some(c) = cases.choose(rng) {
                tolerate(s.delete_case(c.id));
            }
        }
        16 => tolerate(s.record_activity(&activity(
            if rng.gen_bool(0.5) { school } else { None },
            &text,
        ))),
        17 => {
            if let Some(a) = activities.choose(rng) {
                let mut edit = activity(a.school, &text);
                edit.follow_ups = a
                    .follow_ups
                    .iter()
                    .map(|f| ActivityFollowUpInput {
                        id: Some(f.id),
                        text: format!("{} {text}", f.text.chars().take(12).collect::<String>()),
                        due: f.due,
                        done: rng.gen_bool(0.5),
                    })
                    .collect();
                tolerate(s.update_activity(a.id, &edit));
            }
        }
        _ => {
            if let Some(a) = activities.choose(rng) {
                tolerate(s.delete_activity(a.id));
            }
        }
    }
}

/// Syncs every device until a full round moves nothing.
fn settle_all(relay: &mut Relay, devices: &mut [Device], rng: &mut StdRng) {
    for _ in 0..6 {
        for d in devices.iter_mut() {
            relay.sync(d, rng, true);
        }
    }
    for d in devices.iter_mut() {
        assert_eq!(d.s.store().unsent().unwrap(), 0, "everything was sent");
    }
}

/// For every live record and free-text group: the versions that no entry
/// on the relay replaced, i.e. the heads a device must keep.
fn expected_heads(relay: &Relay) -> BTreeMap<(String, String), BTreeSet<Version>> {
    let mut written: BTreeMap<(String, String), BTreeSet<Version>> = BTreeMap::new();
    let mut replaced: BTreeSet<((String, String), Version)> = BTreeSet::new();
    for ((_, device), log) in &relay.logs {
        for p in log.iter().filter_map(|(_, p)| p.as_ref()) {
            let Op::Set { groups } = &p.op else { continue };
            let e = schema::entity(&p.entity).unwrap();
            for (g, c) in groups {
                if e.policy(g) != Policy::KeepConcurrent {
                    continue;
                }
                let key = (p.id.to_string(), g.clone());
                written.entry(key.clone()).or_default().insert(Version {
                    stamp: c.stamp,
                    device: device.clone(),
                });
                for r in &c.replaced {
                    replaced.insert((key.clone(), r.clone()));
                }
            }
        }
    }
    for (key, versions) in written.iter_mut() {
        versions.retain(|v| !replaced.contains(&(key.clone(), v.clone())));
    }
    written
}

/// The heads a device holds, read from its state dump.
fn held_heads(state: &[String]) -> BTreeMap<(String, String), BTreeSet<Version>> {
    let mut out: BTreeMap<(String, String), BTreeSet<Version>> = BTreeMap::new();
    let version = |s: &str| {
        let (stamp, device) = s.split_once('/').unwrap();
        Version {
            stamp: stamp.parse().unwrap(),
            device: device.into(),
        }
    };
    for line in state {
        let parts: Vec<&str> = line.splitn(4, ' ').collect();
        if parts[0] == "head" {
            out.entry((parts[1].into(), parts[2].into()))
                .or_default()
                .insert(version(parts[3].split(' ').next().unwrap()));
            continue;
        }
        let e = schema::entity(parts[0]).unwrap();
        let clocks = line.rsplit(' ').next().unwrap();
        for c in clocks.split(',') {
            let (g, v) = c.split_once('@').unwrap();
            if e.policy(g) == Policy::KeepConcurrent {
                out.entry((parts[1].into(), g.into()))
                    .or_default()
                    .insert(version(v));
            }
        }
    }
    out
}

/// Runs the day and returns the records every device ended with.
fn run(n: usize, seed: u64, steps: usize) -> Vec<String> {
    let mut rng = StdRng::seed_from_u64(seed);
    let hour = 60 * 60 * 1000;
    let mut devices: Vec<Device> = (0..n)
        .map(|_| device(rng.gen_range(-11 * hour..11 * hour)))
        .collect();
    let mut relay = Relay::default();
    for _ in 0..steps {
        let i = rng.gen_range(0..n);
        match rng.gen_range(0..10) {
            0..=6 => act(&mut devices[i], &mut rng),
            7 | 8 => relay.sync(&mut devices[i], &mut rng, false),
            _ => {
                let d = &mut devices[i];
                if let Some(c) = d.s.conflicts().unwrap().first().cloned() {
                    let choice = if rng.gen_bool(0.5) {
                        Choice::Mine
                    } else {
                        Choice::Theirs
                    };
                    d.s.settle_conflict(&c.id, choice).unwrap();
                }
            }
        }
    }
    settle_all(&mut relay, &mut devices, &mut rng);

    let states: Vec<Vec<String>> = devices
        .iter()
        .map(|d| d.s.store().sync_state_for_tests().unwrap())
        .collect();
    for (i, st) in states.iter().enumerate().skip(1) {
        assert_eq!(&states[0], st, "device {i} differs from device 0");
    }
    let dead: BTreeSet<String> = devices
        .iter()
        .flat_map(|d| d.s.store().tombstones_for_tests().unwrap())
        .collect();
    for line in &states[0] {
        let id = line.split(' ').nth(1).unwrap();
        assert!(!dead.contains(id), "a deleted record is back: {line}");
    }
    for p in relay
        .logs
        .values()
        .flatten()
        .filter_map(|(_, p)| p.as_ref())
    {
        assert!(
            !(relay.dead.contains(&p.id) && matches!(p.op, Op::Set { .. })),
            "the server still holds an entry of a deleted record"
        );
    }
    let held = held_heads(&states[0]);
    for (key, heads) in expected_heads(&relay) {
        assert_eq!(held.get(&key), Some(&heads), "heads of {key:?}");
    }
    for d in &devices {
        d.s.store().integrity_check().unwrap();
    }
    states.into_iter().next().unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn every_device_converges(n in 3usize..=5, seed in any::<u64>(), steps in 60usize..200) {
        run(n, seed, steps);
    }
}

/// A fixed, longer history, so every run covers a lot even when the
/// property's random cases are short.
#[test]
fn a_long_day_of_four_devices_converges() {
    let held = run(4, 20_261_123, 400);
    // The day reached every record kind a consultant writes, the newest
    // (activities and their follow-ups) included.
    for kind in [
        "visit ",
        "follow_up ",
        "cafe_agreement ",
        "activity ",
        "activity_follow_up ",
    ] {
        assert!(
            held.iter().any(|l| l.starts_with(kind)),
            "no {kind}at the end of the day"
        );
    }
}

/// A member whose clock runs days ahead (or who stamps a change far in the
/// future to win a record for ever) does not drag the others along: its
/// change waits, counted for the alarm, until this device's clock gets
/// there; then it applies like any other.
#[test]
fn a_change_from_days_ahead_waits_until_then() {
    let mut rng = StdRng::seed_from_u64(7);
    let day = 24 * 60 * 60 * 1000;
    let mut ahead = device(3 * day);
    let mut b = device(0);
    let mut relay = Relay::default();
    ahead.s.add_school(&school("Egeby Skole")).unwrap();
    relay.push(&mut ahead, 1000);
    let r = b.s.sync_apply(relay.pull(&b, &mut rng, true)).unwrap();
    assert_eq!(r.future, 1, "{r:?}");
    assert!(b.s.schools(true).unwrap().is_empty(), "it waits");
    b.s.skew_clock_for_tests(3 * day);
    let r = b.s.sync_apply(Vec::new()).unwrap();
    assert_eq!(r.applied, 1, "{r:?}");
    assert_eq!(b.s.schools(true).unwrap()[0].name, "Egeby Skole");
}
