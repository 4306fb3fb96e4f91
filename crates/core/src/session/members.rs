//! The team's member list from this device's side: admitting devices that
//! joined with this coordinator's invites, fetching new epoch keys, listing
//! members, and removing one (revoking its token and moving the team to new
//! keys). See `store/members.rs` for why the list, not the server, decides.

use super::Session;
use crate::store::MemberRow;
use crate::sync::client::Client;
use crate::sync::crypto::{DeviceSecrets, EpochKey};
use crate::sync::invite;
use crate::sync::Scope;
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use feltbog_api::team::{MemberRole, MemberView};
use feltbog_api::Problem;
use feltbog_wire as wire;
use std::collections::BTreeMap;

impl Session {
    /// Takes the epoch keys sealed to this device that it does not hold
    /// yet (a coordinator moved the team to new keys).
    pub(super) fn fetch_keys(&mut self, client: &Client, secrets: &DeviceSecrets) -> Result<()> {
        let sealed = client.sealed_keys()?.keys;
        let mut new = Vec::new();
        for k in sealed {
            let Some(scope) = Scope::parse(&k.scope) else {
                continue;
            };
            if self
                .store
                .epoch_keys(scope)?
                .iter()
                .any(|(e, _)| *e == k.epoch)
            {
                continue;
            }
            new.push((scope, k.epoch, secrets.open_sealed(&k.sealed)?));
        }
        self.store.with_tx(|t| {
            for (scope, epoch, key) in &new {
                t.add_epoch_key(*scope, *epoch, key)?;
            }
            Ok(())
        })
    }

    /// Puts the devices that joined with this coordinator's invites on the
    /// member list, after checking what each sealed under its invite's key
    /// matches the keys it registered. A device the server made up has no
    /// such proof and stays off the list.
    pub(super) fn admit(&mut self, client: &Client) -> Result<()> {
        let known: Vec<String> = self
            .store
            .members()?
            .into_iter()
            .map(|m| m.device)
            .collect();
        let now = Utc::now().to_rfc3339();
        for d in client.devices()?.devices {
            let Some(join) = d
                .join
                .filter(|_| !d.revoked && !known.contains(&d.keys.device))
            else {
                continue;
            };
            let Some(invite) = self.store.invite_sent(&join.invite_hash)? else {
                continue; // another coordinator's invite: theirs to admit
            };
            let key = EpochKey::from_slice(&invite.key)?;
            let Ok(proof) = invite::open_proof(&join.sealed, &key) else {
                continue;
            };
            if proof.device != d.keys.device
                || proof.sign_key != d.keys.sign_key
                || proof.box_key != d.keys.box_key
            {
                continue;
            }
            let m = MemberRow {
                device: proof.device,
                name: proof.name,
                coordinator: invite.coordinator,
                cases: invite.cases,
                active: true,
                sign_key: proof.sign_key,
                box_key: proof.box_key,
            };
            self.store.with_tx(|t| {
                t.put_member(&m, true)?;
                t.drop_invite_sent(&join.invite_hash, &now)
            })?;
        }
        Ok(())
    }

    /// The team's members as this device knows them, with when each device
    /// last reached the server (when the server can be reached).
    pub fn members(&self) -> Result<Vec<MemberView>> {
        let t = self.team_row()?;
        let seen: BTreeMap<String, i64> = Client::new(&t.server, Some(&t.token))?
            .devices()
            .map(|d| {
                d.devices
                    .into_iter()
                    .map(|d| (d.keys.device, d.last_seen))
                    .collect()
            })
            .unwrap_or_default();
        let me = self.store.device().to_string();
        Ok(self
            .store
            .members()?
            .into_iter()
            .map(|m| {
                let last_seen = seen
                    .get(&m.device)
                    .and_then(|s| DateTime::from_timestamp(*s, 0));
                view(m, &me, last_seen)
            })
            .collect())
    }

    /// Removes a member (coordinators): the server stops their device's
    /// token at once, the member list marks them removed, and every scope
    /// moves to a new epoch key sealed only to the remaining members, so
    /// nothing written from now on can be read with the keys they had.
    pub fn remove_member(&mut self, who: &str) -> Result<MemberView> {
        let t = self.team_row()?;
        if !t.coordinator {
            return Err(Error::Refused {
                code: "forbidden".into(),
                message: "only a coordinator can remove a member".into(),
            });
        }
        let me = self.store.device().to_string();
        let members = self.store.members()?;
        let wanted = who.trim().to_lowercase();
        let matches: Vec<&MemberRow> = members
            .iter()
            .filter(|m| m.active && (m.name.to_lowercase() == wanted || m.device == who.trim()))
            .collect();
        let target = match matches.as_slice() {
            [one] => (*one).clone(),
            [] => {
                return Err(Error::invalid(
                    "member",
                    Problem::UnknownReference,
                    "no active member by that name or device id (see `feltbog team members`)",
                ))
            }
            _ => {
                return Err(Error::invalid(
                    "member",
                    Problem::Duplicate,
                    "several members have that name: give the device id",
                ))
            }
        };
        if target.device == me {
            return Err(Error::invalid(
                "member",
                Problem::NotAllowed,
                "you cannot remove yourself; another coordinator can",
            ));
        }
        let client = Client::new(&t.server, Some(&t.token))?;
        match client.revoke(&target.device) {
            Ok(()) => {}
            Err(Error::Refused { code, .. }) if code == "no_device" => {} // revoked before
            Err(e) => return Err(e),
        }
        // New epoch keys, sealed to every remaining member for the scopes
        // they may read; stored here only once the server has them.
        let mut fresh = Vec::new();
        let mut sealed = Vec::new();
        for scope in Scope::ALL {
            let epoch = self
                .store
                .epoch_keys(scope)?
                .last()
                .map_or(1, |(e, _)| e + 1);
            let key = EpochKey::generate();
            for m in members
                .iter()
                .filter(|m| m.active && m.device != target.device)
            {
                if scope == Scope::Cases && !m.cases {
                    continue;
                }
                sealed.push(wire::SealedKey {
                    scope: scope.as_str().to_string(),
                    epoch,
                    device: m.device.clone(),
                    sealed: crate::sync::crypto::seal_to(&m.box_key, &key)?,
                });
            }
            fresh.push((scope, epoch, key));
        }
        client.put_sealed_keys(sealed)?;
        let removed = MemberRow {
            active: false,
            ..target
        };
        self.store.with_tx(|tx| {
            for (scope, epoch, key) in &fresh {
                tx.add_epoch_key(*scope, *epoch, key)?;
            }
            tx.put_member(&removed, true)
        })?;
        Ok(view(removed, &me, None))
    }
}

fn view(m: MemberRow, me: &str, last_seen: Option<DateTime<Utc>>) -> MemberView {
    MemberView {
        this_device: m.device == me,
        role: MemberRole::of(m.coordinator),
        device: m.device,
        name: m.name,
        cases: m.cases,
        active: m.active,
        last_seen,
    }
}
