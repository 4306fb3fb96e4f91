//! Turning an outbox entry into what the server stores, and back: padded,
//! sealed under the epoch the team writes under, tagged, signed (docs/
//! docs/SYNC.md, "Entries"); and checking a pulled place in a log before
//! anything of it is applied.

use super::crypto::{entry_aad, verify_with, DeviceSecrets, EpochKey};
use super::entry::{Incoming, Outgoing, Unsent};
use super::payload::{Op, Payload, PAYLOAD_MAX, PAYLOAD_VERSION};
use super::schema::{self, Scope};
use crate::{Error, Result};
use ed25519_dalek::VerifyingKey;
use feltbog_api::team::SyncAlarm;
use feltbog_wire as wire;
use std::collections::BTreeMap;

/// The epoch keys this device holds for one team, and the epoch of each
/// scope it writes under.
pub struct Keyring {
    pub team: String,
    keys: BTreeMap<(Scope, u32), EpochKey>,
    writing: BTreeMap<Scope, u32>,
}

/// A writer as this device's member list knows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Writer {
    pub key: VerifyingKey,
    /// Removed: the last seq of each scope the team accepts from it
    /// (`None`: removed before this was recorded, or still active).
    pub until: Option<BTreeMap<String, i64>>,
    /// From where in the writer's log of each scope no place can be of
    /// payload version 1, whose emptied header cannot be checked: where
    /// this device (or the coordinator who invited it) first met a
    /// version-2 entry there, or 0 in a team that never had version 1.
    pub v2_from: BTreeMap<String, i64>,
}

/// Why a place in a log cannot be applied now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// Its writer is on no member list here yet (a member the coordinator
    /// has not admitted yet): it waits, and so does the rest of that log.
    UnknownWriter,
    /// Written under an epoch this device has no key for yet.
    NoKey,
    /// Refused: what the server (or the writer's program) did wrong.
    Refused(SyncAlarm),
}

/// Pads a payload's JSON with spaces (which JSON ignores) to the next size
/// bucket, a power of two from 256 bytes: the server learns a size class,
/// not a text's length.
pub fn pad(json: &mut Vec<u8>) {
    let bucket = json.len().max(256).next_power_of_two();
    json.resize(bucket, b' ');
}

/// The length of an entry's ciphertext as sent, from its payload's JSON
/// length: padded to its bucket ([`pad`]), the AEAD tag, base64. A push
/// page is cut by it before anything is sealed.
pub fn sealed_len(json: usize) -> usize {
    (json.max(256).next_power_of_two() + 16).div_ceil(3) * 4
}

impl Keyring {
    pub fn new(team: &str) -> Self {
        Keyring {
            team: team.to_string(),
            keys: BTreeMap::new(),
            writing: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, scope: Scope, epoch: u32, key: EpochKey) {
        self.keys.insert((scope, epoch), key);
    }

    /// Writes `scope` under `epoch` from now on (its key must be held).
    pub fn write_under(&mut self, scope: Scope, epoch: u32) {
        self.writing.insert(scope, epoch);
    }

    /// Whether `other` opens every place as this keyring does: the same
    /// team and the same keys (which epoch is written under plays no part
    /// in opening).
    pub fn opens_alike(&self, other: &Keyring) -> bool {
        self.team == other.team
            && self.keys.len() == other.keys.len()
            && self
                .keys
                .iter()
                .zip(&other.keys)
                .all(|((a, ka), (b, kb))| a == b && ka.same_as(kb))
    }

    /// Whether this device holds the key of `scope`'s `epoch`.
    pub fn holds(&self, scope: Scope, epoch: u32) -> bool {
        self.keys.contains_key(&(scope, epoch))
    }

    /// Whether this device can write `scope` now.
    pub fn can_write(&self, scope: Scope) -> bool {
        self.writing
            .get(&scope)
            .is_some_and(|e| self.keys.contains_key(&(scope, *e)))
    }

    fn writing(&self, scope: Scope) -> Result<(u32, &EpochKey)> {
        let epoch = *self
            .writing
            .get(&scope)
            .ok_or_else(|| Error::Corrupt("sync: no epoch to write under".into()))?;
        let key = self
            .keys
            .get(&(scope, epoch))
            .ok_or_else(|| Error::Corrupt("sync: no key for the epoch to write under".into()))?;
        Ok((epoch, key))
    }

    /// The record's tags under every key of the scope: what a deletion
    /// kills on the server.
    fn tags(&self, scope: Scope, id: &uuid::Uuid) -> Vec<String> {
        self.keys
            .iter()
            .filter(|((s, _), _)| *s == scope)
            .map(|(_, k)| k.tag(id))
            .collect()
    }

    fn newest(&self, scope: Scope) -> u32 {
        self.keys
            .keys()
            .filter(|(s, _)| *s == scope)
            .map(|(_, e)| *e)
            .max()
            .unwrap_or(0)
    }

    /// Whether this device holds every key of `scope` from epoch 1 to `e`:
    /// then a tag that matches none of them was not made by any of them.
    fn complete_to(&self, scope: Scope, e: u32) -> bool {
        (1..=e).all(|i| self.keys.contains_key(&(scope, i)))
    }

    /// Seals, tags and signs one entry of this device's log.
    pub fn seal(&self, device: &str, secrets: &DeviceSecrets, o: &Outgoing) -> Result<wire::Entry> {
        let (epoch, key) = self.writing(o.scope)?;
        let tag = key.tag(&o.payload.id);
        let kills = match o.payload.op {
            Op::Delete { .. } => self.tags(o.scope, &o.payload.id),
            Op::Set { .. } => Vec::new(),
        };
        let mut plain = zeroize::Zeroizing::new(o.payload.to_json().into_bytes());
        if plain.len() > PAYLOAD_MAX {
            return Err(Error::Corrupt(format!(
                "sync: a {} change is larger than sync carries",
                o.payload.entity
            )));
        }
        pad(&mut plain);
        let aad = entry_aad(
            &self.team,
            o.scope.as_str(),
            device,
            o.seq,
            epoch,
            &tag,
            PAYLOAD_VERSION,
        );
        let (nonce, ciphertext) = key.seal(&plain, &aad)?;
        let mut e = wire::Entry {
            v: PAYLOAD_VERSION,
            scope: o.scope.as_str().to_string(),
            device: device.to_string(),
            seq: o.seq,
            epoch,
            tag,
            nonce,
            ciphertext,
            signature: String::new(),
            kills,
        };
        e.signature = secrets.sign(&wire::signed_bytes(&self.team, &e));
        Ok(e)
    }

    /// Seals, tags and signs entries of this device's log, on every core
    /// (signing is most of a push's work here), in their order.
    pub fn seal_many(
        &self,
        device: &str,
        secrets: &DeviceSecrets,
        outs: &[Outgoing],
    ) -> Result<Vec<wire::Entry>> {
        on_cores(outs, |o| self.seal(device, secrets, o))
            .into_iter()
            .collect()
    }

    /// Checks and opens one pulled place. `writers`: the member list.
    pub fn open(
        &self,
        slot: &wire::Slot,
        writers: &BTreeMap<String, Writer>,
    ) -> std::result::Result<Incoming, Held> {
        self.open_marked(slot, writers, None)
    }

    /// Opens a place; `page_v2`: where its log first shows a version-2
    /// entry in the page it came in (not stored yet).
    fn open_marked(
        &self,
        slot: &wire::Slot,
        writers: &BTreeMap<String, Writer>,
        page_v2: Option<i64>,
    ) -> std::result::Result<Incoming, Held> {
        self.open_with(slot, writers, page_v2, |w, e| {
            if verify_with(&w.key, &wire::signed_bytes(&self.team, e), &e.signature) {
                Ok(())
            } else {
                Err(Held::Refused(SyncAlarm::ForgedEntry))
            }
        })
    }

    /// Opens a pulled page on every core (checking signatures and
    /// decrypting is most of a first sync's work), each signature checked
    /// on its own (strictly: a batch check accepts some signatures a single
    /// one refuses, and every device must decide alike). The page's marks
    /// ([`PageMarks`]) are taken over the whole page before it is split.
    pub fn open_many(
        &self,
        slots: &[wire::Slot],
        writers: &BTreeMap<String, Writer>,
    ) -> Vec<std::result::Result<Incoming, Held>> {
        let marks = PageMarks::of(slots);
        on_cores(slots, |s| {
            self.open_marked(s, writers, marks.of_log(&s.scope, &s.device))
        })
    }

    /// Opens a place after `check` has accepted its entry's signature.
    fn open_with(
        &self,
        slot: &wire::Slot,
        writers: &BTreeMap<String, Writer>,
        page_v2: Option<i64>,
        check: impl FnOnce(&Writer, &wire::Entry) -> std::result::Result<(), Held>,
    ) -> std::result::Result<Incoming, Held> {
        let forged = Held::Refused(SyncAlarm::ForgedEntry);
        let scope = Scope::parse(&slot.scope).ok_or(forged)?;
        let writer = writers.get(&slot.device).ok_or(Held::UnknownWriter)?;
        if let Some(until) = &writer.until {
            if slot.seq > until.get(&slot.scope).copied().unwrap_or(0) {
                return Err(Held::Refused(SyncAlarm::RemovedMember));
            }
        }
        let Some(e) = &slot.entry else {
            return self.open_emptied(scope, slot, writer, page_v2);
        };
        if e.scope != slot.scope || e.device != slot.device || e.seq != slot.seq {
            return Err(forged);
        }
        if e.v == 0 || e.v > PAYLOAD_VERSION {
            return Err(forged);
        }
        check(writer, e)?;
        let epoch_key = self.keys.get(&(scope, e.epoch)).ok_or(Held::NoKey)?;
        let aad = entry_aad(&self.team, &e.scope, &e.device, e.seq, e.epoch, &e.tag, e.v);
        let plain = epoch_key
            .open(&e.nonce, &e.ciphertext, &aad)
            .map_err(|_| forged)?;
        if plain.len() > PAYLOAD_MAX.next_power_of_two() {
            return Err(forged);
        }
        let text = std::str::from_utf8(&plain).map_err(|_| forged)?;
        let payload = Payload::from_json(text).map_err(|_| forged)?;
        if epoch_key.tag(&payload.id) != e.tag {
            return Err(forged);
        }
        let kills = self.check_kills(scope, e, &payload)?;
        Ok(Incoming {
            scope,
            device: e.device.clone(),
            seq: e.seq,
            v: e.v,
            payload: Some(payload),
            kills,
            emptied: None,
        })
    }

    /// A place whose content the server deleted: its header must carry the
    /// writer's signature (entries of version 2 on), so its tag is the one
    /// the entry had. Whether a checked deletion killed that tag is the
    /// apply path's question. A header of version 1 cannot be checked: it
    /// is taken only in a team from before version 2, before the first
    /// entry of version 2 in the log.
    fn open_emptied(
        &self,
        scope: Scope,
        slot: &wire::Slot,
        writer: &Writer,
        page_v2: Option<i64>,
    ) -> std::result::Result<Incoming, Held> {
        let forged = Held::Refused(SyncAlarm::ForgedDeletion);
        let head = slot.emptied.as_ref().ok_or(forged)?;
        if head.v == 0 {
            return Err(forged);
        }
        if head.v == 1 {
            let stored = writer.v2_from.get(&slot.scope).copied();
            let from = match (stored, page_v2) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if from.is_some_and(|from| slot.seq >= from) {
                return Err(forged);
            }
        } else {
            let signed = wire::emptied_signed_bytes(&self.team, slot).ok_or(forged)?;
            let sig = head.signature.as_deref().ok_or(forged)?;
            if head.v > PAYLOAD_VERSION || !verify_with(&writer.key, &signed, sig) {
                return Err(forged);
            }
        }
        Ok(Incoming {
            scope,
            device: slot.device.clone(),
            seq: slot.seq,
            v: head.v,
            payload: None,
            kills: Vec::new(),
            emptied: Some(head.tag.clone()),
        })
    }

    /// A deletion may kill only its own record's tags, and only of records
    /// someone may delete; anything else may kill nothing (docs/SYNC.md,
    /// "Deletion"). Returns the kills this device accepts as deletions.
    fn check_kills(
        &self,
        scope: Scope,
        e: &wire::Entry,
        p: &Payload,
    ) -> std::result::Result<Vec<String>, Held> {
        let forged = Held::Refused(SyncAlarm::ForgedDeletion);
        match p.op {
            Op::Set { .. } if e.kills.is_empty() => return Ok(Vec::new()),
            Op::Set { .. } => return Err(forged),
            Op::Delete { .. } => {}
        }
        if schema::entity(&p.entity).is_some_and(|x| !x.deletable()) {
            return Err(forged);
        }
        let mine = self.tags(scope, &p.id);
        if e.kills.iter().all(|k| mine.contains(k)) {
            return Ok(e.kills.clone());
        }
        if self.complete_to(scope, e.epoch.max(self.newest(scope))) {
            Err(forged)
        } else {
            Err(Held::NoKey)
        }
    }
}

#[cfg(test)]
#[path = "envelope_tests.rs"]
mod tests;

/// The fewest places a core opens at a time (fewer are not worth a thread).
pub const OPEN_CHUNK_MIN: usize = 64;

/// Reads outbox entries on every core, each with the length of the JSON
/// it is sealed from (which decides where a push page ends).
pub fn read_unsent(unsent: &[Unsent]) -> Result<Vec<(Outgoing, usize)>> {
    on_cores(unsent, |u| {
        let payload = Payload::from_json(&u.json)
            .map_err(|_| Error::Corrupt("an outbox entry cannot be read".into()))?;
        let len = payload.to_json().len();
        let out = Outgoing {
            scope: u.scope,
            seq: u.seq,
            payload,
        };
        Ok((out, len))
    })
    .into_iter()
    .collect()
}

/// `f` of each item, in order, worked on one thread per core (at most 8)
/// in parts of at least [`OPEN_CHUNK_MIN`]: how a page is opened or sealed.
fn on_cores<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = items.len().div_ceil(threads).max(OPEN_CHUNK_MIN);
    if items.len() <= chunk {
        return items.iter().map(&f).collect();
    }
    let f = &f;
    std::thread::scope(|scope| {
        let work: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<_>>()))
            .collect();
        work.into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// Where each log first shows an entry (or an emptied header) of version 2
/// or later in one pulled page: no place after it is of version 1, though
/// the mark is stored only once the page is applied. (A forged header can
/// only make a place be refused, never accepted.)
#[derive(Debug, Default)]
pub struct PageMarks(BTreeMap<(String, String), i64>);

impl PageMarks {
    /// The marks of a whole page.
    pub fn of(slots: &[wire::Slot]) -> Self {
        let mut marks: BTreeMap<(String, String), i64> = BTreeMap::new();
        for s in slots {
            let v = s
                .entry
                .as_ref()
                .map(|e| e.v)
                .or(s.emptied.as_ref().map(|h| h.v));
            if v.is_some_and(|v| v >= 2) {
                let from = marks
                    .entry((s.scope.clone(), s.device.clone()))
                    .or_insert(s.seq);
                *from = (*from).min(s.seq);
            }
        }
        Self(marks)
    }

    fn of_log(&self, scope: &str, device: &str) -> Option<i64> {
        self.0
            .get(&(scope.to_string(), device.to_string()))
            .copied()
    }
}
