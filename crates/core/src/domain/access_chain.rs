//! The access log as evidence: each device chains its own entries, every
//! entry holding a hash of the one it follows, so an entry changed, removed
//! or slipped in outside Feltbog (with the SQLCipher shell and the key, or
//! by dropping the log's triggers) shows as a break.
//!
//! The chain is per device because the log is synced: each device writes
//! its own entries in its own order, and they arrive on the others in that
//! order (the apply path takes each device's log in sequence), so every
//! device can check every chain it holds. Rewriting a device's log after
//! it was synced leaves the team's copies holding the old entries beside
//! the new: two entries follow the same one, a fork.
//!
//! What a chain cannot show alone: the newest entries of a device cut off
//! (nothing follows them to miss them). Entries that reached the team are
//! still on the other devices. Pure: entries in, a report out.

use feltbog_api::cases::{ChainBreak, ChainCheck, ChainFault};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Written into every hash, so a hash from another use of SHA-256 cannot
/// stand in for one.
const DOMAIN: &[u8] = b"feltbog access log v1";

/// One entry as it is stored: its content, and its link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainEntry {
    pub id: String,
    pub at: String,
    pub who: String,
    pub device: String,
    pub action: String,
    pub case_number: String,
    pub detail: String,
    /// The hash of the device's entry before this one ("" for its first).
    pub prev: String,
    /// This entry's hash ("" for one written before the log was chained).
    pub hash: String,
}

/// The hash of an entry's content and the hash it follows, in hex. Each
/// field is length-prefixed, so no two different entries encode alike.
pub fn entry_hash(e: &ChainEntry) -> String {
    let mut h = Sha256::new();
    h.update(DOMAIN);
    for field in [
        &e.id,
        &e.at,
        &e.who,
        &e.device,
        &e.action,
        &e.case_number,
        &e.detail,
        &e.prev,
    ] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

fn broken(kind: ChainFault, e: &ChainEntry) -> ChainBreak {
    ChainBreak {
        kind,
        device: e.device.clone(),
        at: e.at.clone(),
        case_number: e.case_number.clone(),
    }
}

/// Checks every device's chain. `entries` in any order; `starts`: the
/// hashes of the newest entries the retention rule trimmed, which the
/// entries after them may name as `prev`.
pub fn verify(entries: &[ChainEntry], starts: &HashSet<String>) -> ChainCheck {
    verify_except(entries, starts, &HashSet::new())
}

/// [`verify`], with the entries in `linked` (by id) taken as linked.
fn verify_except(
    entries: &[ChainEntry],
    starts: &HashSet<String>,
    linked: &HashSet<&str>,
) -> ChainCheck {
    let mut by_device: BTreeMap<&str, Vec<&ChainEntry>> = BTreeMap::new();
    for e in entries {
        by_device.entry(e.device.as_str()).or_default().push(e);
    }
    let mut check = ChainCheck {
        entries: entries.len() as u32,
        devices: by_device.len() as u32,
        ..ChainCheck::default()
    };
    for list in by_device.values() {
        check_device(list, starts, linked, &mut check);
    }
    check
        .breaks
        .sort_by(|a, b| (&a.at, &a.device).cmp(&(&b.at, &b.device)));
    check
}

/// Checks only the entries written since the last check that found the
/// log intact (`new`), each against the older entries it links to
/// (`linked`: the entry it follows, any other of its device following
/// that one, its device's first chained entry). Those were checked
/// before, so the links they hold themselves are taken as given. What
/// it cannot see: an older entry changed since its own check, which the
/// weekly check of the whole log ([`verify`]) finds. `entries` and
/// `devices` count the new entries only.
pub fn verify_new(
    new: &[ChainEntry],
    linked: &[ChainEntry],
    starts: &HashSet<String>,
) -> ChainCheck {
    let older: Vec<ChainEntry> = linked
        .iter()
        .filter(|l| !new.iter().any(|n| n.id == l.id))
        .cloned()
        .collect();
    // An older entry's own link was checked with it: the entry before it
    // is simply not among these. (Its link is not made a start for all: a
    // new entry of another device naming it would then pass.)
    let checked: HashSet<&str> = older.iter().map(|e| e.id.as_str()).collect();
    let mut all: Vec<ChainEntry> = new.to_vec();
    all.extend(older.iter().cloned());
    let mut check = verify_except(&all, starts, &checked);
    check.entries = new.len() as u32;
    check.devices = new
        .iter()
        .map(|e| e.device.as_str())
        .collect::<HashSet<_>>()
        .len() as u32;
    check
}

fn check_device(
    list: &[&ChainEntry],
    starts: &HashSet<String>,
    linked: &HashSet<&str>,
    check: &mut ChainCheck,
) {
    let chained: Vec<&ChainEntry> = list
        .iter()
        .copied()
        .filter(|e| !e.hash.is_empty())
        .collect();
    // The device began chaining with its first chained entry; an unchained
    // one written after that did not come from Feltbog.
    let began = chained.iter().map(|e| e.at.as_str()).min();
    for e in list.iter().filter(|e| e.hash.is_empty()) {
        match began {
            Some(b) if e.at.as_str() > b => check.breaks.push(broken(ChainFault::Unchained, e)),
            _ => check.unchained += 1,
        }
    }
    let hashes: HashSet<&str> = chained.iter().map(|e| e.hash.as_str()).collect();
    let mut followers: HashMap<&str, usize> = HashMap::new();
    for e in &chained {
        if entry_hash(e) != e.hash {
            check.breaks.push(broken(ChainFault::Altered, e));
        }
        if !e.prev.is_empty()
            && !hashes.contains(e.prev.as_str())
            && !starts.contains(&e.prev)
            && !linked.contains(e.id.as_str())
        {
            check.breaks.push(broken(ChainFault::Missing, e));
        }
        let n = followers.entry(e.prev.as_str()).or_default();
        *n += 1;
        if *n == 2 {
            check.breaks.push(broken(ChainFault::Fork, e));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A device's chain of `n` entries, linked as Feltbog writes them.
    fn chain(device: &str, n: usize) -> Vec<ChainEntry> {
        let mut out: Vec<ChainEntry> = Vec::new();
        for i in 0..n {
            let mut e = ChainEntry {
                id: format!("{device}-{i}"),
                at: format!("2026-12-02T10:{i:02}:00Z"),
                who: "Testbruger".into(),
                device: device.into(),
                action: "view".into(),
                case_number: "K-AAAA-BBBB".into(),
                detail: String::new(),
                prev: out.last().map(|p| p.hash.clone()).unwrap_or_default(),
                hash: String::new(),
            };
            e.hash = entry_hash(&e);
            out.push(e);
        }
        out
    }

    fn kinds(c: &ChainCheck) -> Vec<ChainFault> {
        c.breaks.iter().map(|b| b.kind).collect()
    }

    #[test]
    fn an_intact_log_of_two_devices_in_any_order_is_intact() {
        let mut all = chain("a", 5);
        all.extend(chain("b", 3));
        all.reverse();
        let c = verify(&all, &HashSet::new());
        assert!(c.intact(), "{c:?}");
        assert_eq!((c.entries, c.devices, c.unchained), (8, 2, 0));
    }

    /// The check on unlock, as the store hands it the entries: those after
    /// the mark, and what they link to.
    fn check_after(all: &[ChainEntry], mark: usize) -> ChainCheck {
        let (old, new) = all.split_at(mark);
        let linked: Vec<ChainEntry> = old
            .iter()
            .filter(|o| {
                new.iter().any(|n| {
                    (!n.prev.is_empty() && n.prev == o.hash)
                        || (o.device == n.device && o.prev == n.prev && !o.hash.is_empty())
                })
            })
            .cloned()
            .collect();
        verify_new(new, &linked, &HashSet::new())
    }

    #[test]
    fn the_check_on_unlock_finds_what_the_new_entries_break() {
        let all = chain("a", 6);
        let c = check_after(&all, 4);
        assert!(c.intact(), "{c:?}");
        assert_eq!((c.entries, c.devices), (2, 1));

        let mut altered = all.clone();
        altered[5].detail = "rettet".into();
        assert_eq!(kinds(&check_after(&altered, 4)), vec![ChainFault::Altered]);

        let mut gap = all.clone();
        gap.remove(4);
        assert_eq!(kinds(&check_after(&gap, 4)), vec![ChainFault::Missing]);

        // A second entry after the fourth, written outside Feltbog.
        let mut fork = all.clone();
        let mut other = fork[4].clone();
        other.id = "a-x".into();
        other.detail = "indsat".into();
        other.hash = entry_hash(&other);
        fork.push(other);
        assert_eq!(kinds(&check_after(&fork, 6)), vec![ChainFault::Fork]);

        // A new entry of another device following what an older entry
        // (the one a new entry follows) follows is missing its link, as
        // the whole check says.
        let mut two = all.clone();
        let mut stray = chain("b", 1).remove(0);
        stray.prev = two[4].prev.clone();
        stray.hash = entry_hash(&stray);
        two.push(stray);
        assert_eq!(kinds(&check_after(&two, 5)), vec![ChainFault::Missing]);
        assert_eq!(
            kinds(&verify(&two, &HashSet::new())),
            vec![ChainFault::Missing]
        );

        // An older entry changed after its own check is for the weekly
        // check of the whole log.
        let mut old = all.clone();
        old[1].detail = "rettet".into();
        assert!(check_after(&old, 4).intact());
        assert_eq!(
            kinds(&verify(&old, &HashSet::new())),
            vec![ChainFault::Altered]
        );
    }

    #[test]
    fn a_changed_entry_is_altered() {
        let mut all = chain("a", 4);
        all[1].case_number = "K-CCCC-DDDD".into();
        let c = verify(&all, &HashSet::new());
        assert_eq!(kinds(&c), vec![ChainFault::Altered]);
        assert_eq!(c.breaks[0].case_number, "K-CCCC-DDDD");
    }

    #[test]
    fn a_log_trimmed_from_its_old_end_starts_at_the_recorded_tip() {
        let mut all = chain("a", 5);
        let tip = all[1].hash.clone();
        all.drain(..2);
        assert_eq!(
            kinds(&verify(&all, &HashSet::new())),
            vec![ChainFault::Missing]
        );
        let starts = HashSet::from([tip]);
        assert!(verify(&all, &starts).intact());
        all.remove(1);
        assert_eq!(
            kinds(&verify(&all, &starts)),
            vec![ChainFault::Missing],
            "a gap after the trim is still a break"
        );
    }

    #[test]
    fn a_removed_entry_leaves_the_next_one_missing_its_link() {
        let mut all = chain("a", 4);
        all.remove(1);
        assert_eq!(
            kinds(&verify(&all, &HashSet::new())),
            vec![ChainFault::Missing]
        );
    }

    #[test]
    fn an_entry_rehashed_after_a_change_breaks_the_link_of_the_next() {
        let mut all = chain("a", 4);
        all[1].detail = "rewritten".into();
        all[1].hash = entry_hash(&all[1]);
        assert_eq!(
            kinds(&verify(&all, &HashSet::new())),
            vec![ChainFault::Missing]
        );
    }

    #[test]
    fn a_rewritten_log_beside_the_team_copy_is_a_fork() {
        let old = chain("a", 3);
        let mut rewritten = old[..1].to_vec();
        let mut e = old[1].clone();
        e.id = "a-new".into();
        e.detail = "rewritten".into();
        e.hash = entry_hash(&e);
        rewritten.push(e);
        let mut all = old;
        all.push(rewritten.pop().unwrap_or_else(|| unreachable!()));
        assert_eq!(
            kinds(&verify(&all, &HashSet::new())),
            vec![ChainFault::Fork]
        );
    }

    #[test]
    fn entries_from_before_the_chain_are_counted_one_slipped_in_later_is_a_break() {
        let mut all = chain("a", 2);
        let mut old = all[0].clone();
        old.at = "2025-01-01T00:00:00Z".into();
        old.id = "old".into();
        old.prev.clear();
        old.hash.clear();
        let mut late = old.clone();
        late.at = "2026-12-03T00:00:00Z".into();
        late.id = "late".into();
        all.push(old);
        let c = verify(&all, &HashSet::new());
        assert!(c.intact());
        assert_eq!(c.unchained, 1);
        all.push(late);
        assert_eq!(
            kinds(&verify(&all, &HashSet::new())),
            vec![ChainFault::Unchained]
        );
    }

    #[test]
    fn the_hash_covers_every_field() {
        let base = chain("a", 2)[1].clone();
        let h = entry_hash(&base);
        let changes: [fn(&mut ChainEntry); 8] = [
            |e| e.id.push('x'),
            |e| e.at.push('x'),
            |e| e.who.push('x'),
            |e| e.device.push('x'),
            |e| e.action.push('x'),
            |e| e.case_number.push('x'),
            |e| e.detail.push('x'),
            |e| e.prev.push('x'),
        ];
        for change in changes {
            let mut e = base.clone();
            change(&mut e);
            assert_ne!(entry_hash(&e), h);
        }
        // Moving text from one field to the next changes the hash too.
        let mut a = base.clone();
        a.who = "ab".into();
        a.action = "c".into();
        let mut b = base;
        b.who = "a".into();
        b.action = "bc".into();
        assert_ne!(entry_hash(&a), entry_hash(&b));
    }
}
