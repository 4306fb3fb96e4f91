use super::*;
use proptest::prelude::*;
use std::collections::BTreeSet;

fn v(stamp: i64, device: &str) -> Version {
    Version {
        stamp,
        device: device.into(),
    }
}

fn change(stamp: i64, device: &str, value: &str, replaced: &[Version]) -> Change<String> {
    Change {
        head: Head {
            version: v(stamp, device),
            value: value.into(),
        },
        replaced: replaced.to_vec(),
    }
}

fn apply_all(changes: &[Change<String>], policy: Policy) -> GroupState<String> {
    changes
        .iter()
        .cloned()
        .fold(GroupState::default(), |s, c| merge(s, c, policy))
}

#[test]
fn a_later_edit_that_saw_the_first_replaces_it() {
    let a = change(10, "a", "første", &[]);
    let b = change(20, "b", "anden", &[v(10, "a")]);
    let s = apply_all(&[a, b], Policy::KeepConcurrent);
    assert_eq!(s.current.unwrap().value, "anden");
    assert!(s.others.is_empty());
}

#[test]
fn two_edits_that_did_not_see_each_other_are_both_kept() {
    let base = change(5, "a", "tekst", &[]);
    let a = change(10, "a", "a's tekst", &[v(5, "a")]);
    let b = change(12, "b", "b's tekst", &[v(5, "a")]);
    let s = apply_all(&[base, a, b], Policy::KeepConcurrent);
    assert_eq!(s.current.as_ref().unwrap().value, "b's tekst");
    let c = conflicting(&s);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].value, "a's tekst");
}

#[test]
fn the_same_text_typed_on_two_devices_is_no_conflict() {
    let a = change(10, "a", "ens", &[]);
    let b = change(12, "b", "ens", &[]);
    let s = apply_all(&[a, b], Policy::KeepConcurrent);
    assert_eq!(s.others.len(), 1, "both kept as heads");
    assert!(conflicting(&s).is_empty(), "but nothing to choose");
}

#[test]
fn a_version_arriving_after_its_replacer_never_becomes_a_head() {
    let base = change(5, "a", "0", &[]);
    let a = change(10, "a", "1", &[v(5, "a")]);
    let b = change(20, "b", "2", &[v(10, "a")]);
    // b first: "a:10" is pending; base is (wrongly, for now) a head.
    let s = apply_all(&[base.clone(), b.clone()], Policy::KeepConcurrent);
    assert_eq!(s.pending, vec![v(10, "a")]);
    // then a: it removes base and does not become a head itself.
    let s = merge(s, a, Policy::KeepConcurrent);
    assert_eq!(s.current.unwrap().value, "2");
    assert!(s.others.is_empty());
    assert!(s.pending.is_empty());
}

#[test]
fn settling_replaces_every_head() {
    let a = change(10, "a", "x", &[]);
    let b = change(12, "b", "y", &[]);
    let settle = change(30, "c", "x", &[v(10, "a"), v(12, "b")]);
    let s = apply_all(&[a, b, settle], Policy::KeepConcurrent);
    assert_eq!(s.current.unwrap().value, "x");
    assert!(s.others.is_empty());
}

#[test]
fn last_writer_wins_breaks_ties_by_device() {
    let a = change(10, "a", "a", &[]);
    let b = change(10, "b", "b", &[]);
    for order in [[a.clone(), b.clone()], [b, a]] {
        let s = apply_all(&order, Policy::LastWriterWins);
        assert_eq!(s.current.unwrap().value, "b");
    }
}

#[test]
fn a_delete_overrides_only_what_it_had_not_seen() {
    let mine = [v(10, "me"), v(11, "other")];
    assert!(!edit_lost_to_delete(&mine, &[v(10, "me")], "me"));
    assert!(edit_lost_to_delete(&mine, &[v(11, "other")], "me"));
    assert!(!edit_lost_to_delete(&[v(11, "other")], &[], "me"));
}

/// One step of a simulated history: a device writes, settles, or learns
/// a change another device made.
#[derive(Debug, Clone)]
enum Step {
    Write { device: usize, text: u8 },
    Settle { device: usize },
    Learn { device: usize, pick: usize },
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        prop_oneof![
            (0usize..4, 0u8..3).prop_map(|(device, text)| Step::Write { device, text }),
            (0usize..4).prop_map(|device| Step::Settle { device }),
            (0usize..4, any::<usize>()).prop_map(|(device, pick)| Step::Learn { device, pick }),
        ],
        1..60,
    )
}

/// Runs the history: every device keeps its own state and its own clock
/// (skewed per device), and writes replace what it has seen.
fn simulate(steps: &[Step], skew: &[i64; 4], policy: Policy) -> Vec<Change<String>> {
    let mut states: Vec<GroupState<String>> = vec![GroupState::default(); 4];
    let mut clocks = [0i64; 4];
    let mut known: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); 4];
    let mut all: Vec<Change<String>> = Vec::new();
    for (t, step) in steps.iter().enumerate() {
        match *step {
            Step::Write { device, .. } | Step::Settle { device } => {
                let s = &states[device];
                let replaced: Vec<Version> = match step {
                    Step::Settle { .. } => s
                        .current
                        .iter()
                        .chain(&s.others)
                        .map(|h| h.version.clone())
                        .collect(),
                    _ => s.current.iter().map(|h| h.version.clone()).collect(),
                };
                let floor = replaced.iter().map(|r| r.stamp + 1).max().unwrap_or(0);
                let stamp = (t as i64 * 10 + skew[device])
                    .max(clocks[device] + 1)
                    .max(floor);
                clocks[device] = stamp;
                let value = match step {
                    Step::Write { text, .. } => format!("tekst {text}"),
                    _ => s
                        .current
                        .as_ref()
                        .map(|h| h.value.clone())
                        .unwrap_or_default(),
                };
                let c = change(stamp, &format!("d{device}"), &value, &replaced);
                states[device] = merge(states[device].clone(), c.clone(), policy);
                known[device].insert(all.len());
                all.push(c);
            }
            Step::Learn { device, pick } => {
                if all.is_empty() {
                    continue;
                }
                let i = pick % all.len();
                if known[device].insert(i) {
                    clocks[device] = clocks[device].max(all[i].head.version.stamp);
                    states[device] = merge(states[device].clone(), all[i].clone(), policy);
                }
            }
        }
    }
    all
}

fn visible(s: &GroupState<String>) -> (Option<Head<String>>, Vec<Head<String>>) {
    (s.current.clone(), s.others.clone())
}

proptest! {
    /// Every device that has seen every change holds the same state,
    /// whatever order the changes came in.
    #[test]
    fn any_order_gives_the_same_state(
        history in steps(),
        skew in prop::array::uniform4(-500i64..500),
        seed in any::<u64>(),
        keep in any::<bool>(),
    ) {
        let policy = if keep { Policy::KeepConcurrent } else { Policy::LastWriterWins };
        let all = simulate(&history, &skew, policy);
        let mut shuffled = all.clone();
        let mut rng = seed;
        for i in (1..shuffled.len()).rev() {
            rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (rng >> 33) as usize % (i + 1));
        }
        let a = apply_all(&all, policy);
        let b = apply_all(&shuffled, policy);
        prop_assert_eq!(visible(&a), visible(&b));
        // The winner is the highest version of all: last writer wins.
        let top = all.iter().map(|c| &c.head.version).max();
        prop_assert_eq!(a.current.as_ref().map(|h| &h.version), top);
    }

    /// Every value that no change replaced is still there to choose.
    #[test]
    fn no_unreplaced_text_is_lost(history in steps(), skew in prop::array::uniform4(-500i64..500)) {
        let all = simulate(&history, &skew, Policy::KeepConcurrent);
        let s = apply_all(&all, Policy::KeepConcurrent);
        let replaced: BTreeSet<&Version> = all.iter().flat_map(|c| &c.replaced).collect();
        let kept: BTreeSet<&Version> =
            s.current.iter().chain(&s.others).map(|h| &h.version).collect();
        for c in &all {
            prop_assert_eq!(
                kept.contains(&c.head.version),
                !replaced.contains(&c.head.version),
            );
        }
    }
}
