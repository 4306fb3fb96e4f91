//! Turning an outbox entry into what the server stores, and back: sealed
//! under the scope's newest epoch key, tagged, signed (SYNC.md, "Entries").

use super::crypto::{entry_aad, verify_with, DeviceSecrets, EpochKey};
use super::payload::{Op, Payload};
use super::Scope;
use crate::store::{Incoming, Outgoing};
use crate::{Error, Result};
use ed25519_dalek::VerifyingKey;
use feltbog_wire as wire;
use std::collections::BTreeMap;

/// The epoch keys this device holds, for one team.
pub struct Keyring {
    pub team: String,
    keys: BTreeMap<(Scope, u32), EpochKey>,
}

fn refused(what: &str) -> Error {
    Error::Corrupt(format!("sync: {what}"))
}

impl Keyring {
    pub fn new(team: &str) -> Self {
        Keyring {
            team: team.to_string(),
            keys: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, scope: Scope, epoch: u32, key: EpochKey) {
        self.keys.insert((scope, epoch), key);
    }

    pub fn has(&self, scope: Scope) -> bool {
        self.keys.keys().any(|(s, _)| *s == scope)
    }

    fn newest(&self, scope: Scope) -> Result<(u32, &EpochKey)> {
        self.keys
            .iter()
            .filter(|((s, _), _)| *s == scope)
            .max_by_key(|((_, e), _)| *e)
            .map(|((_, e), k)| (*e, k))
            .ok_or_else(|| refused("no key for this scope"))
    }

    /// Seals, tags and signs one entry of this device's log.
    pub fn seal(&self, device: &str, secrets: &DeviceSecrets, o: &Outgoing) -> Result<wire::Entry> {
        let (epoch, key) = self.newest(o.scope)?;
        let tag = key.tag(&o.payload.id);
        let kills = match o.payload.op {
            Op::Delete { .. } => self
                .keys
                .iter()
                .filter(|((s, _), _)| *s == o.scope)
                .map(|(_, k)| k.tag(&o.payload.id))
                .collect(),
            Op::Set { .. } => Vec::new(),
        };
        let aad = entry_aad(&self.team, o.scope.as_str(), device, o.seq, epoch, &tag);
        let (nonce, ciphertext) = key.seal(o.payload.to_json().as_bytes(), &aad)?;
        let mut e = wire::Entry {
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

    /// Checks and opens one pulled slot. `sign_key`: the writer's key.
    pub fn open(&self, slot: &wire::Slot, sign_key: Option<&VerifyingKey>) -> Result<Incoming> {
        let scope = Scope::parse(&slot.scope).ok_or_else(|| refused("unknown scope"))?;
        let Some(e) = &slot.entry else {
            return Ok(Incoming {
                scope,
                device: slot.device.clone(),
                seq: slot.seq,
                payload: None,
            });
        };
        if e.scope != slot.scope || e.device != slot.device || e.seq != slot.seq {
            return Err(refused("an entry is not where the server put it"));
        }
        let key = sign_key.ok_or_else(|| refused("an entry from an unknown device"))?;
        if !verify_with(key, &wire::signed_bytes(&self.team, e), &e.signature) {
            return Err(refused("an entry's signature does not match its device"));
        }
        let epoch_key = self
            .keys
            .get(&(scope, e.epoch))
            .ok_or_else(|| refused("an entry under an epoch this device has no key for"))?;
        let aad = entry_aad(&self.team, &e.scope, &e.device, e.seq, e.epoch, &e.tag);
        let plain = epoch_key.open(&e.nonce, &e.ciphertext, &aad)?;
        let text = std::str::from_utf8(&plain).map_err(|_| refused("an entry is not text"))?;
        let payload = Payload::from_json(text).map_err(|_| refused("an entry cannot be read"))?;
        if epoch_key.tag(&payload.id) != e.tag {
            return Err(refused("an entry's tag does not match its record"));
        }
        Ok(Incoming {
            scope,
            device: e.device.clone(),
            seq: e.seq,
            payload: Some(payload),
        })
    }
}
