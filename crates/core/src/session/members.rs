//! The team's member list from this device's side: admitting devices that
//! joined with this coordinator's invites, listing members (and devices
//! still waiting to be admitted), and removing one: its token stops, the
//! team moves to new keys, and nothing it writes after is accepted. See
//! `store/members.rs` for why the list, not the server, decides.

use super::Session;
use crate::store::MemberRow;
use crate::sync::client::Client;
use crate::sync::crypto::EpochKey;
use crate::sync::invite;
use crate::sync::Scope;
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use feltbog_api::team::{MemberRole, MemberView};
use feltbog_api::Problem;
use feltbog_wire as wire;

impl Session {
    /// Puts the devices that joined with this coordinator's invites on the
    /// member list, after checking what each sealed under its invite's key
    /// matches the keys it registered, and tells the server (which gives a
    /// joined device its invite's role and case access only then). A device
    /// the server made up has no such proof and stays off the list. The
    /// keys it may read are granted by `keep_grants` in the same sync.
    pub(super) fn admit(&mut self, client: &Client, devices: &[wire::DeviceInfo]) -> Result<()> {
        let list = self.store.members()?;
        let now = Utc::now().to_rfc3339();
        for d in devices {
            if d.revoked {
                continue;
            }
            match list.iter().find(|m| m.device == d.keys.device) {
                // On the list already: the server may not have heard (an
                // earlier sync ended before it could tell it).
                Some(m) => {
                    if m.active && !d.admitted {
                        admit_on_server(client, &d.keys.device)?;
                    }
                }
                None => {
                    let Some(m) = self.proven(d)? else {
                        continue;
                    };
                    let hash = d.join.as_ref().map(|j| j.invite_hash.clone());
                    self.store.with_tx(|t| {
                        t.put_member(&m, true)?;
                        match &hash {
                            Some(h) => t.drop_invite_sent(h, &now),
                            None => Ok(()),
                        }
                    })?;
                    admit_on_server(client, &d.keys.device)?;
                }
            }
        }
        Ok(())
    }

    /// The member a device that joined with one of this coordinator's
    /// invites proved to be, if it did.
    fn proven(&self, d: &wire::DeviceInfo) -> Result<Option<MemberRow>> {
        let Some(join) = &d.join else {
            return Ok(None);
        };
        let Some(invite) = self.store.invite_sent(&join.invite_hash)? else {
            return Ok(None); // another coordinator's invite: theirs to admit
        };
        let key = EpochKey::from_slice(&invite.key)?;
        let Ok(proof) = invite::open_proof(&join.sealed, &key) else {
            return Ok(None);
        };
        if proof.device != d.keys.device
            || proof.sign_key != d.keys.sign_key
            || proof.box_key != d.keys.box_key
        {
            return Ok(None);
        }
        Ok(Some(MemberRow {
            device: proof.device,
            name: proof.name,
            role: invite.role,
            cases: invite.cases,
            active: true,
            sign_key: proof.sign_key,
            box_key: proof.box_key,
            until: None,
        }))
    }

    /// The team's members as this device knows them, with when each device
    /// last reached the server; and, when the server can be asked, the
    /// devices that joined but are not admitted yet (named where this
    /// device made their invite).
    pub fn members(&self) -> Result<Vec<MemberView>> {
        let t = self.team_row()?;
        let devices = Client::new(&t.server, Some(&t.token))?
            .devices()
            .map(|d| d.devices)
            .unwrap_or_default();
        let me = self.store.device().to_string();
        let list = self.store.members()?;
        let mut out: Vec<MemberView> = list
            .iter()
            .map(|m| {
                let seen = devices
                    .iter()
                    .find(|d| d.keys.device == m.device)
                    .and_then(|d| DateTime::from_timestamp(d.last_seen, 0));
                view(m.clone(), &me, seen)
            })
            .collect();
        for d in &devices {
            if d.revoked || d.join.is_none() || list.iter().any(|m| m.device == d.keys.device) {
                continue;
            }
            let this = d.keys.device == me;
            let name = match self.proven(d).ok().flatten() {
                Some(m) => m.name,
                None if this => t.member_name.clone(),
                None => String::new(),
            };
            out.push(MemberView {
                device: d.keys.device.clone(),
                name,
                role: d.role,
                cases: d.cases,
                active: true,
                pending: true,
                last_seen: DateTime::from_timestamp(d.last_seen, 0),
                this_device: this,
            });
        }
        Ok(out)
    }

    /// Removes a member (coordinators): the server stops their device's
    /// token at once and deletes the team's unused invites; the member
    /// list marks them removed, with the last entries of theirs the team
    /// accepts; and every scope moves to a new epoch key granted only to
    /// the remaining members, so nothing written from now on can be read
    /// with the keys they had.
    pub fn remove_member(&mut self, who: &str) -> Result<MemberView> {
        let t = self.team_row()?;
        if t.role != MemberRole::Coordinator || !self.admitted(MemberRole::Coordinator)? {
            return Err(Error::Forbidden(
                "only a coordinator can remove a member".into(),
            ));
        }
        // Up to date first: the newest member list and epochs.
        self.sync()?;
        let me = self.store.device().to_string();
        let members = self.store.members()?;
        let client = Client::new(&t.server, Some(&t.token))?;
        let target = match pick(&members, who) {
            Ok(m) => m,
            // A device that joined but is not admitted (an invite that
            // leaked, or one the server made up): it holds the team keys
            // its invite carried, so it goes the same way.
            Err(e) => self.pending_device(&client, who)?.ok_or(e)?,
        };
        if target.device == me {
            return Err(Error::invalid(
                "member",
                Problem::NotAllowed,
                "you cannot remove yourself; another coordinator can",
            ));
        }
        match client.revoke(&target.device) {
            Ok(()) => {}
            Err(Error::Refused { code, .. }) if code == "no_device" => {} // revoked before
            Err(e) => return Err(e),
        }
        // Everything it sent before its token stopped, applied here: that,
        // and no more, is all the team will ever accept from it. Not the
        // server's count, which could make room for later entries (too
        // high) or drop earlier ones (too low). A scope this device does
        // not read has only the server's word (docs/SECURITY.md).
        self.sync()?;
        let heads = client
            .devices()?
            .devices
            .into_iter()
            .find(|d| d.keys.device == target.device)
            .map(|d| d.heads)
            .unwrap_or_default();
        let mut until = std::collections::BTreeMap::new();
        for scope in Scope::ALL {
            let last = if scope == Scope::Team || self.reads_cases()? {
                let applied = self.sync_cursors(scope)?.get(&target.device).copied();
                applied.unwrap_or(0)
            } else {
                heads.get(scope.as_str()).copied().unwrap_or(0)
            };
            until.insert(scope.as_str().to_string(), last);
        }
        let removed = MemberRow {
            active: false,
            until: Some(until),
            ..target.clone()
        };
        self.store.with_tx(|tx| {
            tx.put_member(&removed, true)?;
            tx.drop_invites_sent()
        })?;
        // Every announced epoch now predates a removal: the sync moves each
        // scope to a new key granted only to the remaining members, then
        // sends the removal and the announcements. Offline, or cut short,
        // the next sync does it; until then nothing is written under the
        // old keys (the indicator says so).
        match self.sync() {
            Ok(_) | Err(Error::Offline(_) | Error::UntrustedServer(_)) => {}
            Err(e) => return Err(e),
        }
        Ok(view(removed, &me, None))
    }
}

impl Session {
    /// A device the server lists as joined and not admitted, by its id (or
    /// by the name its proof gives, where this coordinator made the invite).
    fn pending_device(&self, client: &Client, who: &str) -> Result<Option<MemberRow>> {
        let known: Vec<String> = self
            .store
            .members()?
            .into_iter()
            .map(|m| m.device)
            .collect();
        for d in client.devices()?.devices {
            if d.revoked || d.join.is_none() || known.contains(&d.keys.device) {
                continue;
            }
            let proven = self.proven(&d)?;
            let named = proven
                .as_ref()
                .is_some_and(|m| m.name.to_lowercase() == who.trim().to_lowercase());
            if d.keys.device == who.trim() || named {
                return Ok(Some(proven.unwrap_or(MemberRow {
                    device: d.keys.device.clone(),
                    name: String::new(),
                    role: MemberRole::Consultant,
                    cases: false,
                    active: true,
                    sign_key: d.keys.sign_key.clone(),
                    box_key: d.keys.box_key.clone(),
                    until: None,
                })));
            }
        }
        Ok(None)
    }
}

fn admit_on_server(client: &Client, device: &str) -> Result<()> {
    match client.admit(device) {
        // Removed meanwhile by another coordinator: nothing to tell.
        Err(Error::Refused { code, .. }) if code == "no_device" => Ok(()),
        other => other,
    }
}

/// The one active member `who` names (a name, any case, or a device id).
fn pick(members: &[MemberRow], who: &str) -> Result<MemberRow> {
    let wanted = who.trim().to_lowercase();
    let matches: Vec<&MemberRow> = members
        .iter()
        .filter(|m| m.active && (m.name.to_lowercase() == wanted || m.device == who.trim()))
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::invalid(
            "member",
            Problem::UnknownReference,
            "no active member by that name or device id (see `feltbog team members`)",
        )),
        _ => Err(Error::invalid(
            "member",
            Problem::Duplicate,
            "several members have that name: give the device id",
        )),
    }
}

fn view(m: MemberRow, me: &str, last_seen: Option<DateTime<Utc>>) -> MemberView {
    MemberView {
        this_device: m.device == me,
        role: m.role,
        device: m.device,
        name: m.name,
        cases: m.cases,
        active: m.active,
        pending: false,
        last_seen,
    }
}
