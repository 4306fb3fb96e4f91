//! Team membership: create a team, invite, join, and what the sync
//! indicator shows. The sync run itself is in `sync_run.rs`; keys in
//! `keys.rs`; the member list in `members.rs`. Writing never waits for any
//! of this: every local write is already in the outbox.

use super::Session;
use crate::domain::text::{clean, NAME_MAX};
use crate::store::{MemberRow, TeamRow};
use crate::sync::client::{server_address, Client};
use crate::sync::crypto::{DeviceSecrets, EpochKey};
use crate::sync::invite::{self, Bundle, BundleMember, Proof};
use crate::sync::Scope;
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use feltbog_api::team::{InviteView, MemberRole, SyncStatus, TeamInfo};
use feltbog_api::Problem;
use feltbog_wire as wire;
use zeroize::Zeroizing;

/// An invite is valid for seven days (docs/SYNC.md).
const INVITE_DAYS: i64 = 7;

impl Session {
    pub(super) fn team_row(&self) -> Result<TeamRow> {
        self.store.team()?.ok_or(Error::NotInTeam)
    }

    /// Whether this device holds a key of the cases scope: a coordinator
    /// granted it case access.
    pub(super) fn reads_cases(&self) -> Result<bool> {
        Ok(!self.store.epoch_keys(Scope::Cases)?.is_empty())
    }

    /// The name the team will know this member by: as given, or the name
    /// in the settings.
    fn member_name(&self, given: Option<&str>) -> Result<String> {
        let name = match given {
            Some(n) => n.to_string(),
            None => self.store.settings()?.consultant_name,
        };
        if name.trim().is_empty() {
            return Err(Error::invalid(
                "member_name",
                Problem::Required,
                "give the name your team will know you by (or set your name in the settings)",
            ));
        }
        clean("member_name", &name, true, NAME_MAX)
    }

    fn refuse_if_in_team(&self) -> Result<()> {
        if self.store.team()?.is_some() {
            return Err(Error::Conflict("this profile is already in a team".into()));
        }
        Ok(())
    }

    /// Creates a team on `server` with a setup code from its operator; this
    /// profile becomes its first coordinator, with case access, and
    /// announces epoch 1 of both scopes. The records already in the
    /// profile join the team at the first sync.
    pub fn create_team(
        &mut self,
        server: &str,
        name: &str,
        setup_code: &str,
        member_name: Option<&str>,
    ) -> Result<SyncStatus> {
        self.refuse_if_in_team()?;
        let server = server_address(server)?;
        let name = clean("name", name, true, NAME_MAX)?;
        let member_name = self.member_name(member_name)?;
        let secrets = DeviceSecrets::generate();
        let team_id = uuid::Uuid::now_v7().to_string();
        let device = self.store.device().to_string();
        let reg = Client::new(&server, None)?.create_team(&wire::CreateTeam {
            setup_code: setup_code.trim().to_string(),
            team: team_id.clone(),
            keys: secrets.public(&device),
        })?;
        let row = TeamRow {
            server,
            team_id,
            name,
            role: MemberRole::Coordinator,
            cases: true,
            member_name,
            token: Zeroizing::new(reg.token),
            secrets: secrets.to_bytes(),
            joined_at: Utc::now().to_rfc3339(),
            last_sync_at: None,
            last_error: String::new(),
        };
        let public = secrets.public(&device);
        let me = MemberRow {
            device,
            name: row.member_name.clone(),
            role: MemberRole::Coordinator,
            cases: true,
            active: true,
            sign_key: public.sign_key,
            box_key: public.box_key,
            until: None,
        };
        self.store.with_tx(|t| {
            t.join_team(&row)?;
            t.put_member(&me, true)?;
            for scope in Scope::ALL {
                let key = EpochKey::generate();
                t.add_epoch_key(scope, 1, &key, None)?;
                t.announce(scope, 1, &key.id(), &[])?;
            }
            Ok(())
        })?;
        // The coordinator's own case rules and threshold become the team's.
        let team_id = self.team_row()?.team_id;
        self.seed_team_rules(&team_id)?;
        self.sync_status()
    }

    /// A single-use invite code (coordinators only), valid seven days, for
    /// a consultant or a coordinator, with or without case access. The
    /// code opens the team's keys of the team scope (so the new member
    /// reads the team's records at once); the case keys come only when the
    /// coordinator's device has admitted the member, so a leaked code never
    /// hands out case data by itself.
    pub fn invite(&mut self, role: MemberRole, cases: bool) -> Result<InviteView> {
        let t = self.team_row()?;
        if t.role != MemberRole::Coordinator {
            return Err(Error::Forbidden("only a coordinator can invite".into()));
        }
        if !self.admitted(MemberRole::Coordinator)? {
            return Err(Error::Forbidden(
                "your coordinator role is not confirmed yet: sync once another coordinator's \
                 device has admitted you"
                    .into(),
            ));
        }
        let keys = self
            .store
            .epoch_keys(Scope::Team)?
            .into_iter()
            .map(|(epoch, key)| ("team".to_string(), epoch, invite::key_text(&key)))
            .collect();
        let members = self
            .store
            .members()?
            .into_iter()
            .map(|m| BundleMember {
                device: m.device,
                name: m.name,
                role: m.role,
                cases: m.cases,
                sign_key: m.sign_key,
                box_key: m.box_key,
                active: m.active,
                until: m.until,
            })
            .collect();
        let v2_marks = self
            .store
            .v2_marks()?
            .into_iter()
            .map(|((scope, device), seq)| (scope.as_str().to_string(), device, seq))
            .collect();
        let bundle = Bundle {
            team: t.team_id.clone(),
            name: t.name.clone(),
            role,
            cases,
            keys,
            members,
            v1_entries: self.store.v1_entries()?,
            v2_marks,
        };
        let (code, secret) = invite::new_code();
        let expires_at = Utc::now() + chrono::Duration::days(INVITE_DAYS);
        let hash = invite::id_hash(&secret.id)?;
        self.store.with_tx(|tx| {
            tx.add_invite_sent(
                &hash,
                secret.key.bytes(),
                role,
                cases,
                &expires_at.to_rfc3339(),
            )
        })?;
        Client::new(&t.server, Some(&t.token))?.add_invite(&wire::NewInvite {
            invite_id: secret.id,
            role,
            cases,
            expires_at: expires_at.timestamp(),
            bundle: invite::seal(&bundle, &secret.key)?,
        })?;
        Ok(InviteView {
            code,
            role,
            cases,
            expires_at,
        })
    }

    /// Joins a team with an invite code. The records already in the profile
    /// join the team too, at the first sync; this device sends once the
    /// coordinator's device has admitted it. A profile that left a team
    /// joins as a new device (see `store/rejoin.rs`): the team it left gets
    /// only what it never had; another team gets every record.
    pub fn join_team(
        &mut self,
        server: &str,
        code: &str,
        member_name: Option<&str>,
    ) -> Result<SyncStatus> {
        self.refuse_if_in_team()?;
        let server = server_address(server)?;
        let member_name = self.member_name(member_name)?;
        let secret = invite::read_code(code)?;
        let secrets = DeviceSecrets::generate();
        let left = self.store.left()?;
        let old = self.store.device().to_string();
        let device = match left {
            Some(_) => uuid::Uuid::now_v7().to_string(),
            None => old.clone(),
        };
        let keys = secrets.public(&device);
        let proof = invite::seal_proof(
            &Proof {
                device: device.clone(),
                sign_key: keys.sign_key.clone(),
                box_key: keys.box_key.clone(),
                name: member_name.clone(),
            },
            &secret.key,
        )?;
        let joined = Client::new(&server, None)?.join(&wire::Join {
            invite_id: secret.id.clone(),
            keys,
            sealed: proof,
        })?;
        let bundle = invite::open(&joined.bundle, &secret.key)?;
        if bundle.team != joined.team {
            return Err(Error::Corrupt("the invite names another team".into()));
        }
        let keys = bundle.epoch_keys()?;
        let row = TeamRow {
            server,
            team_id: joined.team,
            name: bundle.name.clone(),
            role: bundle.role,
            cases: bundle.cases,
            member_name,
            token: Zeroizing::new(joined.token),
            secrets: secrets.to_bytes(),
            joined_at: Utc::now().to_rfc3339(),
            last_sync_at: None,
            last_error: String::new(),
        };
        self.store.with_tx_as(&device, |t| {
            match &left {
                Some(l) if l.team == row.team_id => t.requeue_as(&old, &device, l)?,
                Some(_) => t.relog()?,
                None => {}
            }
            t.join_team(&row)?;
            for (scope, epoch, key) in &keys {
                t.add_epoch_key(*scope, *epoch, key, None)?;
            }
            for m in &bundle.members {
                let row = MemberRow {
                    device: m.device.clone(),
                    name: m.name.clone(),
                    role: m.role,
                    cases: m.cases,
                    active: m.active,
                    sign_key: m.sign_key.clone(),
                    box_key: m.box_key.clone(),
                    until: m.until.clone(),
                };
                t.put_member(&row, false)?;
            }
            if bundle.v1_entries {
                t.keep_v1_entries()?;
            }
            for (scope, device, seq) in &bundle.v2_marks {
                if let Some(scope) = Scope::parse(scope) {
                    t.mark_v2(scope, device, *seq)?;
                }
            }
            Ok(())
        })?;
        self.sync_status()
    }

    /// Leaves the team on this device (docs/SECURITY.md, "Rollback and
    /// clones"): every record stays, the membership and keys go. What to
    /// do when the server shows that a copy of this profile writes as the
    /// same device: leave here, and join again with a new invite; only
    /// what the server never had is sent then. The server still knows the
    /// old device until a coordinator removes it.
    pub fn leave_team(&mut self) -> Result<()> {
        let t = self.team_row()?;
        let mut acked = std::collections::BTreeMap::new();
        for scope in Scope::ALL {
            acked.insert(scope.as_str().to_string(), self.store.own_log(scope)?.acked);
        }
        let left = crate::store::Left {
            team: t.team_id,
            acked,
        };
        self.store.with_tx(|tx| tx.leave_team(&left))
    }

    /// What the sync indicator shows.
    pub fn sync_status(&self) -> Result<SyncStatus> {
        let row = self.store.team()?;
        let cases = self.reads_cases()?;
        let waiting_for_key = match &row {
            Some(t) => self.keyring(t, None)?.1.waiting_for_key,
            None => false,
        };
        let team = row.map(|t| TeamInfo {
            name: t.name,
            server: t.server,
            role: t.role,
            cases,
            cases_pending: t.cases && !cases,
            member_name: t.member_name,
            last_sync_at: t
                .last_sync_at
                .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
                .map(|d| d.with_timezone(&Utc)),
            last_error: t.last_error,
        });
        Ok(SyncStatus {
            waiting: self.store.waiting(team.is_none() || cases)? as u32,
            team,
            conflicts: self.store.conflicts()?.len() as u32,
            lost_edits: self.store.lost_edits()?.len() as u32,
            alarms: self.store.alarms()?,
            waiting_for_key,
        })
    }
}
