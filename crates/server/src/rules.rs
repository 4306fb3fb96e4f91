//! The server's decisions, apart from any storage: what a push may append,
//! who may join or create a team, which key grants may be stored, how much
//! one pull page carries, how long codes live and how secrets are hashed.
//!
//! Both storages (`sqlite.rs`, `postgres.rs`) read the state a request
//! needs, ask a plan here, and execute it: the algorithm is written once
//! and tested without a database (`tests/storage.rs` then runs the same
//! requests through both storages).

use crate::storage::StoreError;
use feltbog_wire::{Entry, Grant, MemberRole};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// A setup code works for a day; an invite for seven (docs/SYNC.md).
pub const SETUP_CODE_HOURS: i64 = 24;
pub const INVITE_DAYS_MAX: i64 = 7;

/// The most entries one pull answers with.
pub const PULL_LIMIT_MAX: u32 = 2000;
/// The most ciphertext one pull page carries. Far above the largest entry
/// ([`CIPHERTEXT_MAX`]), so every page makes progress; far below what a
/// client reads in one answer.
pub const PAGE_BYTES_MAX: usize = 4 * 1024 * 1024;
/// The largest ciphertext an entry may have: the largest payload a device
/// writes (256 KiB, `feltbog_core::sync::payload::PAYLOAD_MAX`), sealed
/// (16 bytes more) and in base64 (a third more), with room to spare.
pub const CIPHERTEXT_MAX: usize = 352 * 1024;
/// A deletion names the record's tag under each epoch of its scope: a
/// scope may have this many epochs (one per removal) before deletions of
/// old records are refused.
pub const KILLS_MAX: usize = 256;
/// What one team may store, ciphertext counted; the operator can change
/// it (`--team-quota-mb`). A municipality's team writes a few MiB a year.
pub const TEAM_BYTES_DEFAULT: i64 = 1024 * 1024 * 1024;

/// A device's "last seen" is written again only once it is this many
/// seconds old. Every open app pulls about once a minute, so writing it on
/// every request made each read a write (on PostgreSQL a commit that waits
/// for the disk); the member list shows it by the minute.
pub const LAST_SEEN_STEP_SECS: i64 = 60;

/// Whether a device last seen at `last` is to be written as seen `now`:
/// once a step old, or when the server's clock went back.
pub fn seen_again(last: i64, now: i64) -> bool {
    now - last >= LAST_SEEN_STEP_SECS || now < last
}

type Result<T> = std::result::Result<T, StoreError>;

/// A setup code as stored: `None` if unknown.
#[derive(Debug, Clone, Copy)]
pub struct CodeState {
    pub used: bool,
    pub expires_at: i64,
}

/// Whether a team may be created with this setup code.
pub fn plan_create_team(code: Option<CodeState>, team_exists: bool, now: i64) -> Result<()> {
    match code {
        Some(c) if !c.used && c.expires_at > now => {}
        _ => return Err(StoreError::refused(
            "setup_code",
            "the setup code is unknown, used or expired: ask the server's operator for a new one",
        )),
    }
    if team_exists {
        return Err(StoreError::refused(
            "team_exists",
            "this team already exists",
        ));
    }
    Ok(())
}

/// An invite as stored: `None` if unknown.
#[derive(Debug, Clone)]
pub struct InviteState {
    pub team: String,
    pub role: MemberRole,
    pub cases: bool,
    pub expires_at: i64,
    pub bundle: String,
}

/// What joining does: register the device with the invite's role and case
/// access, and delete the invite (with its bundle: a used code opens
/// nothing any more, even if it leaks later).
#[derive(Debug, Clone)]
pub struct JoinPlan {
    pub team: String,
    pub role: MemberRole,
    pub cases: bool,
    pub bundle: String,
}

pub fn plan_join(invite: Option<InviteState>, device_taken: bool, now: i64) -> Result<JoinPlan> {
    let Some(i) = invite.filter(|i| i.expires_at > now) else {
        return Err(StoreError::refused(
            "invite",
            "the invite code is unknown, used or expired: ask your coordinator for a new one",
        ));
    };
    if device_taken {
        return Err(StoreError::refused(
            "device_exists",
            "this device is already registered in the team",
        ));
    }
    Ok(JoinPlan {
        team: i.team,
        role: i.role,
        cases: i.cases,
        bundle: i.bundle,
    })
}

/// One log's state, as a push of `e` meets it.
#[derive(Debug, Clone, Default)]
pub struct LogState {
    /// The log's last seq (0: empty).
    pub last: i64,
    /// The signature stored at `e.seq`, if that place is taken: `Some(None)`
    /// where the entry was deleted with its record.
    pub at_seq: Option<Option<String>>,
    /// A deletion already killed `e`'s tag: it keeps its place, not its
    /// content.
    pub dead: bool,
    /// The team's stored ciphertext, in bytes.
    pub team_bytes: i64,
    pub team_quota: i64,
}

/// What a push knows of its team as it goes: the last seq of each log it
/// met and the team's stored bytes, read once and then kept up to date by
/// its own appends and deletions, and the bytes written once, at its end.
/// Exact because a push holds its team's lock (SQLite's write lock,
/// PostgreSQL's advisory lock) from its first read to its commit: nothing
/// else changes them meanwhile. Reading them again for every entry was a
/// third of the statements of a push.
#[derive(Debug)]
pub struct PushMemo {
    last: BTreeMap<(String, String), i64>,
    team_bytes: i64,
    team_quota: i64,
    changed: bool,
}

impl PushMemo {
    /// A push of a team with `team_bytes` stored, of `team_quota` allowed.
    pub fn new(team_bytes: i64, team_quota: i64) -> PushMemo {
        PushMemo {
            last: BTreeMap::new(),
            team_bytes,
            team_quota,
            changed: false,
        }
    }

    /// The last seq of log `(scope, device)`, if this push has met it.
    pub fn last(&self, scope: &str, device: &str) -> Option<i64> {
        self.last
            .get(&(scope.to_string(), device.to_string()))
            .copied()
    }

    /// The state of `e`'s log: `last` as read or known, `at_seq` and `dead`
    /// as read for `e` (`at_seq` matters only where `e.seq <= last`).
    pub fn state(
        &mut self,
        e: &Entry,
        last: i64,
        at_seq: Option<Option<String>>,
        dead: bool,
    ) -> LogState {
        self.last.insert((e.scope.clone(), e.device.clone()), last);
        LogState {
            last,
            at_seq,
            dead,
            team_bytes: self.team_bytes,
            team_quota: self.team_quota,
        }
    }

    /// `e` was appended, with its content (`content`) or without.
    pub fn appended(&mut self, e: &Entry, content: bool) {
        self.last.insert((e.scope.clone(), e.device.clone()), e.seq);
        if content {
            self.team_bytes += e.ciphertext.len() as i64;
            self.changed = true;
        }
    }

    /// A deletion emptied entries of `freed` bytes.
    pub fn freed(&mut self, freed: i64) {
        self.team_bytes = (self.team_bytes - freed).max(0);
        self.changed = true;
    }

    /// The team's stored bytes to write at the end, if they changed.
    pub fn team_bytes_to_store(&self) -> Option<i64> {
        self.changed.then_some(self.team_bytes)
    }
}

/// What to do with one pushed entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushStep {
    /// Append it; `content: false` keeps only its place (its record was
    /// deleted before it arrived).
    Append { content: bool },
    /// The same entry again (a retried push): nothing to do.
    Repeat,
}

/// What a push may do with entry `e` of the caller's log.
pub fn plan_push(log: &LogState, e: &Entry) -> Result<PushStep> {
    if e.seq <= log.last {
        // An entry deleted with its record has no signature left: a retry
        // of it is a repeat too.
        return match &log.at_seq {
            Some(Some(s)) if *s != e.signature => Err(StoreError::refused(
                "seq_taken",
                format!(
                    "entry {} of this device's log is already on the server with other content: \
                     was the profile copied? Nothing was merged",
                    e.seq
                ),
            )),
            _ => Ok(PushStep::Repeat),
        };
    }
    if e.seq != log.last + 1 {
        return Err(StoreError::refused(
            "seq_gap",
            format!("entry {} would leave a gap after {}", e.seq, log.last),
        ));
    }
    let content = !log.dead || !e.kills.is_empty();
    if content && log.team_bytes + e.ciphertext.len() as i64 > log.team_quota {
        return Err(StoreError::refused(
            "quota",
            "the team has used the storage this server allows it: ask the server's operator",
        ));
    }
    Ok(PushStep::Append { content })
}

/// Checks an entry's size and shape before anything is read for it.
pub fn check_entry(e: &Entry) -> Result<()> {
    if e.ciphertext.len() > CIPHERTEXT_MAX || e.kills.len() > KILLS_MAX {
        return Err(StoreError::refused(
            "too_large",
            format!("entry {} is larger than any entry Feltbog writes", e.seq),
        ));
    }
    if e.kills.iter().any(|k| k.len() > 64) || e.tag.len() > 64 || e.nonce.len() > 64 {
        return Err(StoreError::refused(
            "too_large",
            format!("entry {} has a malformed tag", e.seq),
        ));
    }
    Ok(())
}

/// A device as a grant meets it: `None` if not in the team.
#[derive(Debug, Clone, Copy)]
pub struct GrantTarget {
    pub revoked: bool,
    pub cases: bool,
}

/// Which of `grants` to store: all of them, or none. A grant already
/// stored is never replaced (the same grant again is a no-op, a different
/// one is refused), and an epoch of a scope has one key: a grant of
/// another key for it is refused too, so a second coordinator that moved
/// to the same epoch at the same moment tries the next one. A key goes only
/// to a device of the team that is not removed, and a case key only to one
/// with case access. `existing`: the grant stored for each grant's device
/// and epoch (sealed box, signature); `keys`: the key id stored for each
/// grant's epoch, to any device.
pub fn plan_grants(
    grants: &[Grant],
    existing: &[Option<(String, String)>],
    keys: &[Option<String>],
    targets: &[Option<GrantTarget>],
) -> Result<Vec<usize>> {
    let taken = |g: &Grant| {
        StoreError::refused(
            "grant_exists",
            format!(
                "epoch {} of the {} keys is granted already: sync, then try again",
                g.epoch, g.scope
            ),
        )
    };
    let mut insert = Vec::new();
    let mut batch: BTreeMap<(&str, u32), &str> = BTreeMap::new();
    for (i, g) in grants.iter().enumerate() {
        let stored = keys.get(i).cloned().flatten();
        let first = *batch.entry((&g.scope, g.epoch)).or_insert(&g.key_id);
        if first != g.key_id || stored.is_some_and(|k| k != g.key_id) {
            return Err(taken(g));
        }
        let allowed = match (g.scope.as_str(), targets.get(i).copied().flatten()) {
            (_, None) => false,
            (_, Some(t)) if t.revoked => false,
            ("team", Some(_)) => true,
            ("cases", Some(t)) => t.cases,
            _ => false,
        };
        if !allowed || g.epoch == 0 {
            return Err(StoreError::refused(
                "grant_target",
                "a key may only be granted to a member of the team allowed its scope",
            ));
        }
        match existing.get(i).cloned().flatten() {
            None => insert.push(i),
            Some((sealed, sig)) if sealed == g.sealed && sig == g.signature => {}
            Some(_) => return Err(taken(g)),
        }
    }
    Ok(insert)
}

/// Fills one pull page: at most `limit` entries and
/// [`PAGE_BYTES_MAX`] of ciphertext, but always at least one entry.
#[derive(Debug)]
pub struct Pager {
    left: u32,
    bytes: usize,
    taken: u32,
}

impl Pager {
    pub fn new(limit: u32) -> Pager {
        Pager {
            left: limit.clamp(1, PULL_LIMIT_MAX),
            bytes: 0,
            taken: 0,
        }
    }

    /// Whether a slot of `size` bytes of ciphertext still fits.
    pub fn take(&mut self, size: usize) -> bool {
        if self.left == 0 || (self.taken > 0 && self.bytes + size > PAGE_BYTES_MAX) {
            return false;
        }
        self.left -= 1;
        self.taken += 1;
        self.bytes += size;
        true
    }

    /// How many more entries may be read for this page (an upper bound).
    pub fn room(&self) -> u32 {
        self.left
    }
}

/// SHA-256 of a secret (token, setup code, invite id): all the server keeps.
pub fn hash(secret: &[u8]) -> Vec<u8> {
    Sha256::digest(secret).to_vec()
}

/// 32 random bytes for a device token, base64url without padding.
pub fn new_token() -> String {
    use base64::Engine;
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// A new setup code (shown once) and its hash.
pub fn new_setup_code() -> (String, Vec<u8>) {
    let mut b = [0u8; feltbog_wire::code::CODE_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut b);
    (feltbog_wire::code::encode(&b), hash(&b))
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
