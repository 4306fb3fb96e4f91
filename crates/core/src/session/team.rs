//! Team membership and the sync run: create a team, invite, join, and push
//! and pull until up to date. Writing never waits for this: every local
//! write is already in the outbox, and a sync that cannot reach the server
//! ends with [`Error::Offline`] and loses nothing.

use super::Session;
use crate::domain::text::{clean, NAME_MAX};
use crate::store::{Incoming, MemberRow, TeamRow};
use crate::sync::client::{server_address, Client};
use crate::sync::crypto::{verifying_key, DeviceSecrets, EpochKey};
use crate::sync::envelope::Keyring;
use crate::sync::invite::{self, Bundle, BundleMember, Proof};
use crate::sync::schema::MEMBER;
use crate::sync::Scope;
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use ed25519_dalek::VerifyingKey;
use feltbog_api::team::{InviteView, MemberRole, SyncReport, SyncStatus, TeamInfo};
use feltbog_api::Problem;
use feltbog_wire as wire;
use std::collections::BTreeMap;
use zeroize::Zeroizing;

/// Entries per push request, and per pull page.
const PUSH_PAGE: usize = 500;
const PULL_PAGE: u32 = 2000;
/// An invite is valid for seven days (SYNC.md).
const INVITE_DAYS: i64 = 7;

impl Session {
    pub(super) fn team_row(&self) -> Result<TeamRow> {
        self.store.team()?.ok_or(Error::NotInTeam)
    }

    fn keyring(&self, t: &TeamRow) -> Result<Keyring> {
        let mut ring = Keyring::new(&t.team_id);
        for scope in Scope::ALL {
            for (epoch, key) in self.store.epoch_keys(scope)? {
                ring.add(scope, epoch, key);
            }
        }
        Ok(ring)
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
    /// profile becomes its first coordinator, with case access. The records
    /// already in the profile join the team at the first sync.
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
            coordinator: true,
            cases: true,
            member_name,
            token: Zeroizing::new(reg.token),
            secrets: secrets.to_bytes(),
            joined_at: Utc::now().to_rfc3339(),
            last_sync_at: None,
            last_error: String::new(),
        };
        let me = MemberRow {
            device: device.clone(),
            name: row.member_name.clone(),
            coordinator: true,
            cases: true,
            active: true,
            sign_key: secrets.public(&device).sign_key,
            box_key: secrets.public(&device).box_key,
        };
        self.store.with_tx(|t| {
            t.join_team(&row)?;
            for scope in Scope::ALL {
                t.add_epoch_key(scope, 1, &EpochKey::generate())?;
            }
            t.put_member(&me, true)
        })?;
        // The coordinator's own case rules and threshold become the team's.
        let team_id = self.team_row()?.team_id;
        self.seed_team_rules(&team_id)?;
        self.sync_status()
    }

    /// A single-use invite code (coordinators only), valid seven days, for
    /// a consultant or a coordinator, with or without case access.
    pub fn invite(&mut self, role: MemberRole, cases: bool) -> Result<InviteView> {
        let t = self.team_row()?;
        if !t.coordinator {
            return Err(Error::Refused {
                code: "forbidden".into(),
                message: "only a coordinator can invite".into(),
            });
        }
        let ring = self.keyring(&t)?;
        let mut keys = Vec::new();
        for scope in Scope::ALL {
            if scope == Scope::Cases && !cases {
                continue; // need to know: no case key without case access
            }
            if let Some((epoch, key)) = self.store.epoch_keys(scope)?.pop() {
                keys.push((scope.as_str().to_string(), epoch, invite::key_text(&key)));
            }
        }
        let members = self
            .store
            .members()?
            .into_iter()
            .filter(|m| m.active)
            .map(|m| BundleMember {
                device: m.device,
                name: m.name,
                coordinator: m.coordinator,
                cases: m.cases,
                sign_key: m.sign_key,
                box_key: m.box_key,
            })
            .collect();
        let bundle = Bundle {
            team: ring.team.clone(),
            name: t.name.clone(),
            coordinator: role == MemberRole::Coordinator,
            cases,
            keys,
            members,
        };
        let (code, secret) = invite::new_code();
        let expires_at = Utc::now() + chrono::Duration::days(INVITE_DAYS);
        let hash = invite::id_hash(&secret.id)?;
        self.store.with_tx(|tx| {
            tx.add_invite_sent(
                &hash,
                secret.key.bytes(),
                role == MemberRole::Coordinator,
                cases,
                &expires_at.to_rfc3339(),
            )
        })?;
        Client::new(&t.server, Some(&t.token))?.add_invite(&wire::NewInvite {
            invite_id: secret.id,
            role: match role {
                MemberRole::Coordinator => wire::Role::Coordinator,
                MemberRole::Consultant => wire::Role::Consultant,
            },
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
    /// join the team too, at the first sync.
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
        let device = self.store.device().to_string();
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
            coordinator: bundle.coordinator,
            cases: bundle.cases,
            member_name,
            token: Zeroizing::new(joined.token),
            secrets: secrets.to_bytes(),
            joined_at: Utc::now().to_rfc3339(),
            last_sync_at: None,
            last_error: String::new(),
        };
        self.store.with_tx(|t| {
            t.join_team(&row)?;
            for (scope, epoch, key) in &keys {
                t.add_epoch_key(*scope, *epoch, key)?;
            }
            for m in &bundle.members {
                let row = MemberRow {
                    device: m.device.clone(),
                    name: m.name.clone(),
                    coordinator: m.coordinator,
                    cases: m.cases,
                    active: true,
                    sign_key: m.sign_key.clone(),
                    box_key: m.box_key.clone(),
                };
                t.put_member(&row, false)?;
            }
            Ok(())
        })?;
        self.sync_status()
    }

    /// What the sync indicator shows.
    pub fn sync_status(&self) -> Result<SyncStatus> {
        let row = self.store.team()?;
        let cases = row.as_ref().is_none_or(|t| t.cases);
        let team = row.map(|t| TeamInfo {
            name: t.name,
            server: t.server,
            role: MemberRole::of(t.coordinator),
            cases: t.cases,
            member_name: t.member_name,
            last_sync_at: t
                .last_sync_at
                .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
                .map(|d| d.with_timezone(&Utc)),
            last_error: t.last_error,
        });
        Ok(SyncStatus {
            team,
            waiting: self.store.waiting(cases)? as u32,
            conflicts: self.store.conflicts()?.len() as u32,
            lost_edits: self.store.lost_edits()?.len() as u32,
        })
    }

    /// Pushes and pulls until up to date. On any failure the reason is
    /// noted for the indicator and returned; what was applied stays.
    pub fn sync(&mut self) -> Result<SyncReport> {
        let t = self.team_row()?;
        let result = self.sync_with(&t);
        let (at, error) = match &result {
            Ok(_) => (Some(Utc::now().to_rfc3339()), String::new()),
            Err(e) => (None, e.to_string()),
        };
        self.store
            .with_tx(|tx| tx.note_sync(at.as_deref(), &error))?;
        result
    }

    fn scopes(t: &TeamRow) -> Vec<Scope> {
        Scope::ALL
            .into_iter()
            .filter(|s| *s == Scope::Team || t.cases)
            .collect()
    }

    fn sync_with(&mut self, t: &TeamRow) -> Result<SyncReport> {
        let client = Client::new(&t.server, Some(&t.token))?;
        let secrets = DeviceSecrets::from_bytes(&t.secrets)?;
        self.fetch_keys(&client, &secrets)?;
        if t.coordinator {
            self.admit(&client)?;
            self.seed_team_rules(&t.team_id)?;
        }
        let ring = self.keyring(t)?;
        let mut report = SyncReport::default();
        self.push(t, &client, &ring, &secrets, &mut report)?;
        self.pull(t, &client, &ring, &mut report)?;
        // Applying may have written tombstones of its own (a child this
        // device wrote under a parent another deleted): send them too.
        self.push(t, &client, &ring, &secrets, &mut report)?;
        Ok(report)
    }

    fn push(
        &mut self,
        t: &TeamRow,
        client: &Client,
        ring: &Keyring,
        secrets: &DeviceSecrets,
        report: &mut SyncReport,
    ) -> Result<()> {
        let device = self.store.device().to_string();
        let mut heads = client.heads()?.heads;
        for scope in Self::scopes(t) {
            if !ring.has(scope) {
                continue;
            }
            loop {
                let after = heads.get(scope.as_str()).copied().unwrap_or(0);
                let out = self.sync_outgoing(scope, after, PUSH_PAGE)?;
                if out.is_empty() {
                    self.store.with_tx(|tx| tx.set_acked(scope, after))?;
                    break;
                }
                let entries = out
                    .iter()
                    .map(|o| ring.seal(&device, secrets, o))
                    .collect::<Result<Vec<_>>>()?;
                let n = entries.len() as u32;
                heads = client.push(entries)?.heads;
                let now = heads.get(scope.as_str()).copied().unwrap_or(0);
                self.store.with_tx(|tx| tx.set_acked(scope, now))?;
                if now <= after {
                    return Err(Error::Corrupt("the server did not take the entries".into()));
                }
                report.sent += n;
            }
        }
        Ok(())
    }

    /// The cursors to pull from: how far each other device's log is
    /// applied here, and our own log from its end (it needs no pulling).
    fn pull_cursors(
        &self,
        t: &TeamRow,
        own: &BTreeMap<String, i64>,
    ) -> Result<BTreeMap<String, BTreeMap<String, i64>>> {
        let me = self.store.device();
        let mut cursors: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
        for scope in Self::scopes(t) {
            cursors.insert(
                scope.as_str().to_string(),
                self.sync_cursors(scope)?.into_iter().collect(),
            );
        }
        for (scope, seq) in own {
            cursors
                .entry(scope.clone())
                .or_default()
                .insert(me.to_string(), *seq);
        }
        Ok(cursors)
    }

    /// Pulls page after page until up to date. The next page is fetched
    /// while this one is checked and applied (a first sync is otherwise
    /// half waiting on the network); it is used only if the cursors after
    /// applying turn out as expected.
    fn pull(
        &mut self,
        t: &TeamRow,
        client: &Client,
        ring: &Keyring,
        report: &mut SyncReport,
    ) -> Result<()> {
        let own = client.heads()?.heads;
        let mut cursors = self.pull_cursors(t, &own)?;
        let mut pulled = client.pull(&wire::Pull {
            cursors: cursors.clone(),
            limit: PULL_PAGE,
        })?;
        loop {
            // Entries are checked against the signed member list, never
            // against keys the server hands out; it is read anew each page
            // because a page may add a member.
            let keys: BTreeMap<String, VerifyingKey> = self
                .store
                .members()?
                .into_iter()
                .filter_map(|m| Some((m.device, verifying_key(&m.sign_key)?)))
                .collect();
            let expected = advanced(&cursors, &pulled.slots);
            let (next, applied) = std::thread::scope(|scope| {
                let prefetch = pulled.more.then(|| {
                    let req = wire::Pull {
                        cursors: expected.clone(),
                        limit: PULL_PAGE,
                    };
                    scope.spawn(move || client.pull(&req))
                });
                let (batch, refused) = open_slots(ring, &keys, &pulled.slots);
                let progress = !batch.is_empty();
                let added_members = batch
                    .iter()
                    .any(|i| i.payload.as_ref().is_some_and(|p| p.entity == MEMBER.name));
                let applied = self
                    .sync_apply(batch)
                    .map(|r| (r, refused, progress, added_members));
                (prefetch.map(|h| h.join()), applied)
            });
            let (r, refused, progress, added_members) = applied?;
            report.received += r.applied as u32;
            report.deleted += r.deleted as u32;
            report.new_conflicts += r.new_conflicts as u32;
            report.lost_edits += r.lost_edits as u32;
            report.refused += r.refused as u32;
            let retry = refused > 0 && added_members; // from a member just added?
            if !retry {
                report.refused += refused;
                if !pulled.more || !progress {
                    return Ok(());
                }
            }
            cursors = self.pull_cursors(t, &own)?;
            pulled = match next {
                Some(Ok(Ok(page))) if cursors == expected => page,
                _ => client.pull(&wire::Pull {
                    cursors: cursors.clone(),
                    limit: PULL_PAGE,
                })?,
            };
        }
    }
}

/// The cursors after `slots` have all been applied.
fn advanced(
    cursors: &BTreeMap<String, BTreeMap<String, i64>>,
    slots: &[wire::Slot],
) -> BTreeMap<String, BTreeMap<String, i64>> {
    let mut out = cursors.clone();
    for s in slots {
        let c = out
            .entry(s.scope.clone())
            .or_default()
            .entry(s.device.clone())
            .or_insert(0);
        *c = (*c).max(s.seq);
    }
    out
}

/// Opens pulled slots, on every core (checking signatures and decrypting
/// is most of a first sync's work). A slot that fails its checks stops its
/// log there (later entries of that log would wait on it anyway) and is
/// counted.
fn open_slots(
    ring: &Keyring,
    keys: &BTreeMap<String, VerifyingKey>,
    slots: &[wire::Slot],
) -> (Vec<Incoming>, u32) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = slots.len().div_ceil(threads).max(64);
    let opened: Vec<Result<Incoming>> = std::thread::scope(|scope| {
        let work: Vec<_> = slots
            .chunks(chunk)
            .map(|part| scope.spawn(move || ring.open_many(part, keys)))
            .collect();
        work.into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    let mut broken: Vec<(String, String)> = Vec::new();
    let mut out = Vec::new();
    let mut refused = 0;
    for (s, r) in slots.iter().zip(opened) {
        let log = (s.scope.clone(), s.device.clone());
        if broken.contains(&log) {
            continue;
        }
        match r {
            Ok(i) => out.push(i),
            Err(_) => {
                refused += 1;
                broken.push(log);
            }
        }
    }
    (out, refused)
}
