//! How two devices' changes to the same record meet (docs/SYNC.md, "Merge").
//!
//! A record is a set of *field groups* (one field, or a few that must
//! change together, such as a class's counts). Each group holds a value
//! written at a [`Version`]: a clock stamp and the device that wrote it.
//! A change names the versions it *replaced*: the ones its writer had
//! seen. From those two facts every device works out the same state,
//! whatever order the changes arrive in:
//!
//! - the **heads** are the versions seen that no seen change replaced;
//! - the **current** value is the head with the highest version (last
//!   writer wins, the device id breaking ties);
//! - the other heads are kept, for free-text groups, as **conflicts**
//!   a person settles; settling is a change that replaces them all.
//!
//! A version can arrive after a change that replaced it (the replacer's
//! device was pulled first); it is then remembered as *pending* so it
//! never becomes a head. Pure functions, no I/O.

use serde::{Deserialize, Serialize};

/// When and by whom a field group was written. Ordered by stamp, then
/// device id, so every device picks the same winner.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(from = "(i64, String)", into = "(i64, String)")]
pub struct Version {
    pub stamp: i64,
    pub device: String,
}

impl From<(i64, String)> for Version {
    fn from((stamp, device): (i64, String)) -> Self {
        Version { stamp, device }
    }
}

impl From<Version> for (i64, String) {
    fn from(v: Version) -> Self {
        (v.stamp, v.device)
    }
}

/// A value as written at a version.
#[derive(Debug, Clone, PartialEq)]
pub struct Head<V> {
    pub version: Version,
    pub value: V,
}

/// What a device holds for one field group of one record.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupState<V> {
    pub current: Option<Head<V>>,
    /// Other heads: values written concurrently with `current` and not yet
    /// settled. Only free-text groups keep them.
    pub others: Vec<Head<V>>,
    /// Versions a seen change replaced that have not arrived themselves.
    pub pending: Vec<Version>,
}

impl<V> Default for GroupState<V> {
    fn default() -> Self {
        GroupState {
            current: None,
            others: Vec::new(),
            pending: Vec::new(),
        }
    }
}

/// A change to one field group, from this device or another.
#[derive(Debug, Clone, PartialEq)]
pub struct Change<V> {
    pub head: Head<V>,
    pub replaced: Vec<Version>,
}

/// How a group merges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// The highest version wins; concurrent values are dropped. For
    /// dates, counts, choices: a person would not want to pick between
    /// two dates, and the later one is as good a guess as any.
    LastWriterWins,
    /// As above, but concurrent values are kept until a person settles
    /// them: typed text is never lost silently.
    KeepConcurrent,
}

/// The state after `change` has been seen.
pub fn merge<V: Clone>(state: GroupState<V>, change: Change<V>, policy: Policy) -> GroupState<V> {
    match policy {
        Policy::LastWriterWins => {
            let current = match state.current {
                Some(c) if c.version >= change.head.version => c,
                _ => change.head,
            };
            GroupState {
                current: Some(current),
                others: Vec::new(),
                pending: Vec::new(),
            }
        }
        Policy::KeepConcurrent => merge_keeping(state, change),
    }
}

fn merge_keeping<V: Clone>(state: GroupState<V>, change: Change<V>) -> GroupState<V> {
    let GroupState {
        current,
        others,
        mut pending,
    } = state;
    let mut heads: Vec<Head<V>> = current.into_iter().chain(others).collect();
    if heads.iter().any(|h| h.version == change.head.version) {
        return split(heads, pending); // seen before: nothing new
    }
    let superseded = match pending.iter().position(|p| *p == change.head.version) {
        Some(i) => {
            pending.swap_remove(i);
            true
        }
        None => false,
    };
    for r in &change.replaced {
        match heads.iter().position(|h| h.version == *r) {
            Some(i) => {
                heads.swap_remove(i);
            }
            None if !pending.contains(r) => pending.push(r.clone()),
            None => {}
        }
    }
    if !superseded {
        heads.push(change.head);
    }
    split(heads, pending)
}

/// The highest head becomes current; the rest stay as others, in version
/// order so that equal states compare equal.
fn split<V>(mut heads: Vec<Head<V>>, mut pending: Vec<Version>) -> GroupState<V> {
    heads.sort_by(|a, b| b.version.cmp(&a.version));
    pending.sort();
    let mut it = heads.into_iter();
    GroupState {
        current: it.next(),
        others: it.collect(),
        pending,
    }
}

/// The heads a person must choose between: the others whose value differs
/// from the current one (the same text typed twice is no conflict).
pub fn conflicting<V: PartialEq>(state: &GroupState<V>) -> Vec<&Head<V>> {
    match &state.current {
        Some(c) => state.others.iter().filter(|o| o.value != c.value).collect(),
        None => Vec::new(),
    }
}

/// Whether a deletion that had seen `seen` overrode an edit made on
/// `me`: some version this device wrote (`local`) is not among them. Then
/// the editor is told that the delete won.
pub fn edit_lost_to_delete<'a>(
    local: impl IntoIterator<Item = &'a Version>,
    seen: &[Version],
    me: &str,
) -> bool {
    local
        .into_iter()
        .any(|v| v.device == me && !seen.contains(v))
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
