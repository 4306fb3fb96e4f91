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
use crate::sync::{Scope, EPOCHS_AHEAD};
use crate::{Error, Result};
use ed25519_dalek::VerifyingKey;
use feltbog_api::team::{MemberRole, SyncAlarm};
use feltbog_wire as wire;
use std::collections::BTreeMap;

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
            .filter(|m| m.active && m.role == MemberRole::Coordinator)
            .filter_map(|m| Some((m.device, verifying_key(&m.sign_key)?)))
            .collect())
    }

    /// The devices removed from the team as this device knows it: those
    /// its member list marks removed, and those an applied announcement
    /// names (another coordinator's removal can reach it as the
    /// announcement of a later epoch before the removal itself arrives).
    /// No key is granted to them and no epoch announced without them is
    /// written under.
    fn removed(&self) -> Result<Vec<String>> {
        let mut out: std::collections::BTreeSet<String> = self
            .store
            .members()?
            .into_iter()
            .filter(|m| !m.active)
            .map(|m| m.device)
            .collect();
        for a in self.store.announced()?.into_values() {
            out.extend(a.removed);
        }
        Ok(out.into_iter().collect())
    }

    /// The scopes whose announced epoch was made before a removal this
    /// device knows of (a removal just made here, two coordinators removing
    /// at once, or a removal a server held back): a removed member may hold
    /// its key, so they must move on again.
    pub(super) fn stale_scopes(&self) -> Result<Vec<Scope>> {
        let removed = self.removed()?;
        Ok(self
            .store
            .announced()?
            .into_iter()
            .filter(|(_, a)| stale(a, &removed))
            .map(|(s, _)| s)
            .collect())
    }

    /// The active members allowed `scope`: who an epoch of it is granted to.
    fn allowed(members: &[MemberRow], scope: Scope) -> impl Iterator<Item = &MemberRow> {
        members
            .iter()
            .filter(move |m| m.active && (scope == Scope::Team || m.cases))
    }

    /// Whether this device is on its own member list, active, with at
    /// least the rights of `role` (a coordinator's include a consultant's).
    pub(super) fn admitted(&self, role: MemberRole) -> Result<bool> {
        let me = self.store.device();
        Ok(self.store.members()?.iter().any(|m| {
            m.device == me
                && m.active
                && (m.role == MemberRole::Coordinator || role == MemberRole::Consultant)
        }))
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
        let removed = self.removed()?;
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
            // Newer epochs an active coordinator made: seen written under,
            // or granted to this device. Until its announcement arrives the
            // old epoch (which a removed member may hold) is not written
            // under. Only a few epochs ahead count: a coordinator's far
            // epoch would otherwise stop the team writing for ever.
            let granted: Vec<u32> = self
                .store
                .granted(scope)?
                .into_iter()
                .filter(|(_, by)| by.as_ref().is_some_and(|d| coordinators.contains_key(d)))
                .map(|(e, _)| e)
                .collect();
            let newer = |a: &crate::store::Announced| {
                let near = |e: u32| e > a.epoch && e <= a.epoch.saturating_add(EPOCHS_AHEAD);
                seen.iter().any(|(s, e)| *s == scope && near(*e))
                    || granted.iter().any(|e| near(*e))
            };
            // An epoch announced before a removal this device knows of may
            // be held by the removed member: a coordinator moves the scope
            // on again, and until then nothing is written under it.
            match (announced.get(&scope), reads) {
                (Some(a), true) if newer(a) || stale(a, &removed) => waiting = true,
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
        let admitted = self.admitted(MemberRole::Consultant)?;
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
        if !self.admitted(MemberRole::Coordinator)? {
            return Ok(());
        }
        let me = self.store.device().to_string();
        let announced = self.store.announced()?;
        let removed = self.removed()?;
        let mut out = Vec::new();
        for m in self.store.members()? {
            let Some(d) = devices.iter().find(|d| d.keys.device == m.device) else {
                continue;
            };
            // `removed` holds every inactive member too.
            if m.device == me || d.revoked || removed.contains(&m.device) {
                continue;
            }
            for scope in Scope::ALL {
                if scope == Scope::Cases && !m.cases {
                    continue;
                }
                let has = d.grants.get(scope.as_str());
                // Only epochs whose announcement this device has applied;
                // the announcement names every device removed when it was
                // made, and none of those is granted anything here.
                let up_to = announced.get(&scope).map_or(0, |a| a.epoch);
                for (epoch, key) in self.store.epoch_keys(scope)? {
                    if epoch <= up_to && !has.is_some_and(|e| e.contains(&epoch)) {
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
        if !self.store.epochs_unannounced()? || !self.admitted(MemberRole::Coordinator)? {
            return Ok(());
        }
        let announced = self.store.announced()?;
        let removed = self.removed()?;
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
                tx.announce(*scope, *epoch, id, &removed)?;
            }
            tx.epochs_announced()
        })
    }

    /// Makes a new epoch of each of `scopes`, granted to the active members
    /// allowed it; the server takes a set of grants whole or not at all,
    /// and an epoch another coordinator took at the same moment (the server
    /// keeps one key per epoch) is tried one higher. Returns the new keys
    /// to keep and announce ([`Fresh::keep`]).
    fn rotate(
        &mut self,
        t: &TeamRow,
        client: &Client,
        secrets: &DeviceSecrets,
        scopes: &[Scope],
    ) -> Result<Vec<Fresh>> {
        let me = self.store.device().to_string();
        let members = self.store.members()?;
        let removed = self.removed()?;
        // A device the server already stopped (another coordinator removed
        // it; its removal has not reached this device yet) is granted
        // nothing: the server would refuse the whole set, and it must not
        // have the key anyway. A server that lies about it only keeps a key
        // from a member, who then waits for `keep_grants`.
        let devices = client.devices()?.devices;
        let revoked: Vec<&str> = devices
            .iter()
            .filter(|d| d.revoked)
            .map(|d| d.keys.device.as_str())
            .collect();
        // Where to start: above every epoch held or announced here, and
        // above those the server already holds grants of (a rotation whose
        // answer was lost took them; the server keeps one key per epoch, so
        // they are taken for good). The server's word lifts the start by at
        // most half the window the devices accept, so a server that makes
        // up grants cannot push the team past what its devices take.
        let mut start = BTreeMap::new();
        for scope in Scope::ALL {
            let newest = self.newest_epoch(scope)?;
            let taken = devices
                .iter()
                .filter_map(|d| d.grants.get(scope.as_str())?.iter().max().copied())
                .max()
                .unwrap_or(0);
            start.insert(
                scope,
                newest.max(taken.min(newest.saturating_add(EPOCHS_AHEAD / 2))),
            );
        }
        let scopes: Vec<Scope> = scopes
            .iter()
            .copied()
            .filter(|s| self.store.epoch_keys(*s).is_ok_and(|k| !k.is_empty()))
            .collect();
        for attempt in 0..5u32 {
            let mut fresh = Vec::new();
            let mut grants = Vec::new();
            for scope in &scopes {
                let epoch = start[scope]
                    .checked_add(1 + attempt)
                    .ok_or_else(|| Error::Conflict("the team's key epochs are used up".into()))?;
                let key = EpochKey::generate();
                let granted = Self::allowed(&members, *scope)
                    .filter(|m| m.device != me && !revoked.contains(&m.device.as_str()))
                    .filter(|m| !removed.contains(&m.device));
                for m in granted {
                    grants.push(grant_to(t, m, *scope, epoch, &key, &me, secrets)?);
                }
                fresh.push(Fresh {
                    scope: *scope,
                    epoch,
                    key,
                    removed: removed.clone(),
                });
            }
            match client.put_grants(grants) {
                Ok(()) => return Ok(fresh),
                Err(Error::Refused { code, .. }) if code == "grant_exists" => continue,
                Err(e) => return Err(e),
            }
        }
        Err(Error::Conflict(
            "another coordinator is changing the team's keys too: sync, then try again".into(),
        ))
    }

    /// Moves on every scope whose announced epoch was made before a removal
    /// this coordinator knows of (its own removal, at the sync right after
    /// it; another coordinator's, or one the server held back, at the sync
    /// that brings it). A rotation cut short (the answer lost, another
    /// coordinator rotating at the same moment) leaves the scope stale, so
    /// the next sync tries again; until then no one writes under it. A
    /// scope this coordinator holds no key of waits for one who does.
    pub(super) fn rotate_stale(
        &mut self,
        t: &TeamRow,
        client: &Client,
        secrets: &DeviceSecrets,
    ) -> Result<()> {
        let stale = self.stale_scopes()?;
        if stale.is_empty() || !self.admitted(MemberRole::Coordinator)? {
            return Ok(());
        }
        let fresh = match self.rotate(t, client, secrets, &stale) {
            Ok(f) => f,
            Err(Error::Conflict(_)) => return Ok(()), // another coordinator is at it
            Err(e) => return Err(e),
        };
        self.store
            .with_tx(|tx| fresh.iter().try_for_each(|f| f.keep(tx)))
    }
}

/// Whether announcement `a` was made before a removal this device knows of.
fn stale(a: &crate::store::Announced, removed: &[String]) -> bool {
    removed.iter().any(|d| !a.removed.contains(d))
}

/// A new epoch, granted on the server, to keep and announce here.
struct Fresh {
    scope: Scope,
    epoch: u32,
    key: EpochKey,
    /// The devices removed from the team when it was made.
    removed: Vec<String>,
}

impl Fresh {
    fn keep(&self, tx: &mut crate::store::Tx<'_>) -> Result<()> {
        tx.add_epoch_key(self.scope, self.epoch, &self.key, None)?;
        tx.announce(self.scope, self.epoch, &self.key.id(), &self.removed)
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
