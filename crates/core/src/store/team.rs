//! SQL for team membership: the server, this device's token and secret
//! keys, the epoch keys, and how far the server holds this device's logs.

use super::{Store, Tx};
use crate::sync::crypto::EpochKey;
use crate::sync::Scope;
use crate::{Error, Result};
use rusqlite::{params, OptionalExtension};
use zeroize::Zeroizing;

/// This profile's membership of a team.
pub struct TeamRow {
    pub server: String,
    pub team_id: String,
    pub name: String,
    pub coordinator: bool,
    pub cases: bool,
    pub member_name: String,
    pub token: Zeroizing<String>,
    pub secrets: Zeroizing<Vec<u8>>,
    pub joined_at: String,
    pub last_sync_at: Option<String>,
    pub last_error: String,
}

impl Store {
    pub fn team(&self) -> Result<Option<TeamRow>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT server, team_id, name, role, cases, member_name, token, secrets,
                        joined_at, last_sync_at, last_error FROM team",
            )?
            .query_row([], |r| {
                Ok(TeamRow {
                    server: r.get(0)?,
                    team_id: r.get(1)?,
                    name: r.get(2)?,
                    coordinator: r.get::<_, String>(3)? == "coordinator",
                    cases: r.get(4)?,
                    member_name: r.get(5)?,
                    token: Zeroizing::new(r.get(6)?),
                    secrets: Zeroizing::new(r.get(7)?),
                    joined_at: r.get(8)?,
                    last_sync_at: r.get(9)?,
                    last_error: r.get(10)?,
                })
            })
            .optional()?)
    }

    /// The epoch keys of a scope, oldest first.
    pub fn epoch_keys(&self, scope: Scope) -> Result<Vec<(u32, EpochKey)>> {
        let rows: Vec<(u32, Zeroizing<Vec<u8>>)> = self
            .conn
            .prepare_cached("SELECT epoch, key FROM epoch_keys WHERE scope = ?1 ORDER BY epoch")?
            .query_map([scope.as_str()], |r| {
                Ok((r.get(0)?, Zeroizing::new(r.get(1)?)))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(e, k)| Ok((e, EpochKey::from_slice(&k)?)))
            .collect()
    }
}

impl Tx<'_> {
    pub fn join_team(&mut self, t: &TeamRow) -> Result<()> {
        let exists: Option<i64> = self
            .tx
            .query_row("SELECT 1 FROM team", [], |r| r.get(0))
            .optional()?;
        if exists.is_some() {
            return Err(Error::Conflict("this profile is already in a team".into()));
        }
        self.tx.execute(
            "INSERT INTO team (one, server, team_id, name, role, cases, member_name, token,
                 secrets, joined_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                t.server,
                t.team_id,
                t.name,
                if t.coordinator {
                    "coordinator"
                } else {
                    "consultant"
                },
                t.cases,
                t.member_name,
                t.token.as_str(),
                t.secrets.as_slice(),
                t.joined_at
            ],
        )?;
        Ok(())
    }

    pub fn add_epoch_key(&mut self, scope: Scope, epoch: u32, key: &EpochKey) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO epoch_keys (scope, epoch, key) VALUES (?1, ?2, ?3)
                 ON CONFLICT (scope, epoch) DO NOTHING",
            )?
            .execute(params![scope.as_str(), epoch, key.bytes().as_slice()])?;
        Ok(())
    }

    /// Notes the end of a sync: when it succeeded, or why it did not.
    pub fn note_sync(&mut self, at: Option<&str>, error: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE team SET last_sync_at = coalesce(?1, last_sync_at), last_error = ?2",
            )?
            .execute(params![at, error])?;
        Ok(())
    }
}

impl Store {
    /// Changes made here that the server has not confirmed: unsent, or sent
    /// past what the server acknowledged.
    /// `cases`: whether this device sends cases at all (without case
    /// access a case stays on the device and is not "waiting").
    pub fn waiting(&self, cases: bool) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM change_log c
             WHERE c.v >= 1 AND (c.scope = 'team' OR ?1)
               AND (c.send_seq IS NULL OR c.send_seq >
                 coalesce((SELECT seq FROM sync_acked a WHERE a.scope = c.scope), 0))",
            [cases],
            |r| r.get(0),
        )?)
    }
}

impl Tx<'_> {
    /// The server holds this device's log of `scope` up to `seq`.
    pub fn set_acked(&mut self, scope: Scope, seq: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO sync_acked (scope, seq) VALUES (?1, ?2)
                 ON CONFLICT (scope) DO UPDATE SET seq = max(seq, excluded.seq)",
            )?
            .execute(params![scope.as_str(), seq])?;
        Ok(())
    }
}
