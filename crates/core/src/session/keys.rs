//! The team's keys from this device's side (docs/SYNC.md, "Key grants" and
//! "Epochs"): taking the keys granted to it, granting what the members on
//! a coordinator's list lack, the epoch each scope is written under, and
//! moving the team to new keys when a member leaves.
//!
//! The rule throughout: a key counts only with the signature of an active
//! coordinator on *this device's* member list, and a device writes only
//! under the epoch a coordinator announced, with the key whose id the
//! announcement names. The server stores grants and announcements; it can
//! withhold them, never make one.

use super::alarms::Alarms;
use super::Session;
use crate::store::{MemberRow, TeamRow};
use crate::sync::client::Client;
use crate::sync::crypto::{verifying_key, DeviceSecrets, EpochKey};
use crate::sync::envelope::Keyring;
use crate::sync::grant::{self, Granter, Recipient, Refusal};
use crate::sync::Scope;
use crate::{Error, Result};
use ed25519_dalek::VerifyingKey;
use feltbog_api::team::SyncAlarm;
use feltbog_wire as wire;
use std::collections::BTreeMap;

/// How far past the announced epoch a granted key may be: a removal or
/// two in a row between this device's syncs. A grant beyond it is refused
/// (a coordinator about to be removed cannot plant a key at `u32::MAX`).
const EPOCHS_AHEAD: u32 = 64;

/// Whether this device may send now, and why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Ready {
    /// On its own member list, active: the team accepts what it writes.
    pub admitted: bool,
    /// It lacks the key (with the announced id) of an epoch it must write
    /// under.
    pub waiting_for_key: bool,
}

impl Session {
    /// The active coordinators on this device's member list.
    fn coordinators(&self) -> Result<BTreeMap<String, VerifyingKey>> {
        Ok(self
            .store
            .members()?
            .into_iter()
            .filter(|m| m.active && m.coordinator)
            .filter_map(|m| Some((m.device, verifying_key(&m.sign_key)?)))
            .collect())
    }

    /// Whether this device is on its own member list, active (a coordinator
    /// too, with `coordinator`).
    pub(super) fn admitted(&self, coordinator: bool) -> Result<bool> {
        let me = self.store.device();
        Ok(self
            .store
            .members()?
            .iter()
            .any(|m| m.device == me && m.active && (m.coordinator || !coordinator)))
    }

    /// The newest epoch of `scope` this device knows of: announced or held.
    fn newest_epoch(&self, scope: Scope) -> Result<u32> {
        let held = self.store.epoch_keys(scope)?.last().map_or(0, |(e, _)| *e);
        let announced = self.store.announced()?.get(&scope).map_or(0, |a| a.epoch);
        Ok(held.max(announced))
    }

    /// Takes the keys granted to this device that it does not hold yet.
    /// A grant no active coordinator here signed, or that does not open
    /// to what it says, is refused and counted; with `last`, also one from
    /// a device on no list here (before the pull it may be a coordinator
    /// whose admission has not arrived yet). Returns how many it took.
    pub(super) fn take_grants(
        &mut self,
        t: &TeamRow,
        client: &Client,
        secrets: &DeviceSecrets,
        last: bool,
        alarms: &mut Alarms,
    ) -> Result<usize> {
        let grants = client.grants()?.grants;
        let coordinators = self.coordinators()?;
        let me = self.store.device().to_string();
        let mut new: Vec<(Scope, u32, EpochKey, String)> = Vec::new();
        for g in &grants {
            let (scope, epoch, key) = match grant::open(&t.team_id, &me, secrets, g, &coordinators)
            {
                Ok(k) => k,
                Err(Refusal::UnknownGranter) if !last => continue,
                Err(_) => {
                    alarms.add(SyncAlarm::ForgedKey);
                    continue;
                }
            };
            let held = self.store.epoch_keys(scope)?;
            match held.iter().find(|(e, _)| *e == epoch) {
                Some((_, k)) if k.bytes() == key.bytes() => {}
                Some(_) => alarms.add(SyncAlarm::KeyMismatch),
                None if epoch > self.newest_epoch(scope)?.saturating_add(EPOCHS_AHEAD) => {
                    alarms.add(SyncAlarm::ForgedKey)
                }
                None => new.push((scope, epoch, key, g.granter.clone())),
            }
        }
        self.store.with_tx(|tx| {
            for (scope, epoch, key, by) in &new {
                tx.add_epoch_key(*scope, *epoch, key, Some(by))?;
            }
            Ok(())
        })?;
        Ok(new.len())
    }

    /// The keyring, with the epoch each scope is written under: the
    /// announced one, where this device holds its key and the key's id is
    /// the announced id, and no coordinator was seen writing under a newer
    /// one. A different key for it is an alarm.
    pub(super) fn keyring(
        &self,
        t: &TeamRow,
        mut alarms: Option<&mut Alarms>,
    ) -> Result<(Keyring, Ready)> {
        let mut ring = Keyring::new(&t.team_id);
        let announced = self.store.announced()?;
        let coordinators = self.coordinators()?;
        let seen: Vec<(Scope, u32)> = self
            .store
            .seen_epochs()?
            .into_iter()
            .filter(|(_, d, _)| coordinators.contains_key(d))
            .map(|(s, _, e)| (s, e))
            .collect();
        let mut waiting = false;
        for scope in Scope::ALL {
            let keys = self.store.epoch_keys(scope)?;
            let reads = scope == Scope::Team || !keys.is_empty();
            // A coordinator already writes under a newer epoch than the
            // one announced here: its key (and announcement) are on the
            // way, or withheld; the old epoch is not written under again.
            // (Only a few epochs ahead: a coordinator's entries under a far
            // epoch would otherwise stop the team writing for ever.)
            let behind = |a: &crate::store::Announced| {
                seen.iter().any(|(s, e)| {
                    *s == scope && *e > a.epoch && *e <= a.epoch.saturating_add(EPOCHS_AHEAD)
                })
            };
            match (announced.get(&scope), reads) {
                (Some(a), true) if behind(a) => waiting = true,
                (Some(a), true) => match keys.iter().find(|(e, _)| *e == a.epoch) {
                    Some((_, k)) if k.id() == a.key_id => ring.write_under(scope, a.epoch),
                    Some(_) => {
                        waiting = true;
                        if let Some(al) = alarms.as_deref_mut() {
                            al.add(SyncAlarm::KeyMismatch);
                        }
                    }
                    None => waiting = true,
                },
                (None, true) => waiting = true,
                (_, false) => {}
            }
            for (epoch, key) in keys {
                ring.add(scope, epoch, key);
            }
        }
        let admitted = self.admitted(false)?;
        Ok((
            ring,
            Ready {
                admitted,
                waiting_for_key: !admitted || waiting,
            },
        ))
    }

    /// Grants the members on this coordinator's list the keys they lack:
    /// every epoch of the team scope, and of the cases scope for members
    /// with case access. So a member joining after any number of removals
    /// reads the whole history, and a rotation reaches the devices another
    /// coordinator admitted too.
    pub(super) fn keep_grants(
        &mut self,
        t: &TeamRow,
        client: &Client,
        secrets: &DeviceSecrets,
        devices: &[wire::DeviceInfo],
    ) -> Result<()> {
        if !self.admitted(true)? {
            return Ok(());
        }
        let me = self.store.device().to_string();
        let mut out = Vec::new();
        for m in self.store.members()? {
            let Some(d) = devices.iter().find(|d| d.keys.device == m.device) else {
                continue;
            };
            if !m.active || m.device == me || d.revoked {
                continue;
            }
            for scope in Scope::ALL {
                if scope == Scope::Cases && !m.cases {
                    continue;
                }
                let has = d.grants.get(scope.as_str());
                for (epoch, key) in self.store.epoch_keys(scope)? {
                    if !has.is_some_and(|e| e.contains(&epoch)) {
                        out.push(grant_to(t, &m, scope, epoch, &key, &me, secrets)?);
                    }
                }
            }
        }
        if out.is_empty() {
            return Ok(());
        }
        match client.put_grants(out) {
            // Another coordinator granted some of them meanwhile: the rest
            // go at the next sync.
            Err(Error::Refused { code, .. }) if code == "grant_exists" => Ok(()),
            other => other,
        }
    }

    /// A team made before epochs were announced: its coordinator announces
    /// the newest epoch of each scope it holds (once, after the upgrade).
    pub(super) fn announce_held_epochs(&mut self) -> Result<()> {
        if !self.store.epochs_unannounced()? || !self.admitted(true)? {
            return Ok(());
        }
        let announced = self.store.announced()?;
        let mut newest = Vec::new();
        for scope in Scope::ALL {
            if announced.contains_key(&scope) {
                continue;
            }
            if let Some((epoch, key)) = self.store.epoch_keys(scope)?.pop() {
                newest.push((scope, epoch, key.id()));
            }
        }
        self.store.with_tx(|tx| {
            for (scope, epoch, id) in &newest {
                tx.announce(*scope, *epoch, id)?;
            }
            tx.epochs_announced()
        })
    }

    /// Moves every scope this device holds to a new epoch, granted to the
    /// `remaining` members allowed it, and announces it. The server takes a
    /// set of grants whole or not at all; an epoch another coordinator took
    /// at the same moment is tried one higher.
    pub(super) fn rotate(
        &mut self,
        t: &TeamRow,
        client: &Client,
        secrets: &DeviceSecrets,
        remaining: &[MemberRow],
    ) -> Result<()> {
        let me = self.store.device().to_string();
        let scopes: Vec<Scope> = Scope::ALL
            .into_iter()
            .filter(|s| self.store.epoch_keys(*s).is_ok_and(|k| !k.is_empty()))
            .collect();
        for attempt in 0..5u32 {
            let mut fresh = Vec::new();
            let mut grants = Vec::new();
            for scope in &scopes {
                let epoch = self
                    .newest_epoch(*scope)?
                    .checked_add(1 + attempt)
                    .ok_or_else(|| Error::Conflict("the team's key epochs are used up".into()))?;
                let key = EpochKey::generate();
                for m in remaining.iter().filter(|m| m.active && m.device != me) {
                    if *scope == Scope::Cases && !m.cases {
                        continue;
                    }
                    grants.push(grant_to(t, m, *scope, epoch, &key, &me, secrets)?);
                }
                fresh.push((*scope, epoch, key));
            }
            match client.put_grants(grants) {
                Ok(()) => {
                    return self.store.with_tx(|tx| {
                        for (scope, epoch, key) in &fresh {
                            tx.add_epoch_key(*scope, *epoch, key, None)?;
                            tx.announce(*scope, *epoch, &key.id())?;
                        }
                        Ok(())
                    })
                }
                Err(Error::Refused { code, .. }) if code == "grant_exists" => continue,
                Err(e) => return Err(e),
            }
        }
        Err(Error::Conflict(
            "another coordinator is changing the team's keys too: sync, then try again".into(),
        ))
    }
}

fn grant_to(
    t: &TeamRow,
    m: &MemberRow,
    scope: Scope,
    epoch: u32,
    key: &EpochKey,
    me: &str,
    secrets: &DeviceSecrets,
) -> Result<wire::Grant> {
    grant::make(
        &t.team_id,
        scope,
        epoch,
        key,
        &Recipient {
            device: &m.device,
            box_key: &m.box_key,
        },
        &Granter {
            device: me,
            secrets,
        },
    )
}
