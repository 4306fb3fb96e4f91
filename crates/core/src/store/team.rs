//! SQL for team membership: the server, this device's token and secret
//! keys, and how far the server holds this device's logs.

use super::row::word;
use super::{Store, Tx};
use crate::sync::Scope;
use crate::{Error, Result};
use feltbog_api::team::MemberRole;
use rusqlite::{params, OptionalExtension};
use zeroize::Zeroizing;

/// This profile's membership of a team.
pub struct TeamRow {
    pub server: String,
    pub team_id: String,
    pub name: String,
    pub role: MemberRole,
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
                    role: word(r, 3)?,
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
                t.role.as_str(),
                t.cases,
                t.member_name,
                t.token.as_str(),
                t.secrets.as_slice(),
                t.joined_at
            ],
        )?;
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

/// This device's own log of one scope, as it knows it: what the server
/// confirmed, the last place it gave an entry, and what it sent there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnLog {
    /// The server confirmed it holds the log up to here.
    pub acked: i64,
    /// The last place given to an entry (sent, or about to be).
    pub last: i64,
}

impl Store {
    pub fn own_log(&self, scope: Scope) -> Result<OwnLog> {
        let (acked, last) = self.conn.query_row(
            "SELECT coalesce((SELECT seq FROM sync_acked WHERE scope = ?1), 0),
                    coalesce((SELECT last FROM outbox_seqs WHERE scope = ?1), 0)",
            [scope.as_str()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(OwnLog { acked, last })
    }

    /// The signatures of what this device sent at place `seq` of `scope`'s
    /// log (none for what it sent before it kept them).
    pub fn sent_signatures(&self, scope: Scope, seq: i64) -> Result<Vec<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT sig FROM sent_sigs WHERE scope = ?1 AND seq = ?2")?
            .query_map(params![scope.as_str(), seq], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Whether the record of what this device sent at place `seq` of
    /// `scope`'s log has been deleted here (the server may then have
    /// emptied that place).
    pub fn sent_record_deleted(&self, scope: Scope, seq: i64) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT 1 FROM change_log c JOIN tombstones t ON t.record_id = c.record_id
                 WHERE c.scope = ?1 AND c.send_seq = ?2",
            )?
            .query_row(params![scope.as_str(), seq], |_| Ok(()))
            .optional()?
            .is_some())
    }
}

impl Tx<'_> {
    /// The server holds this device's log of `scope` up to `seq`: set to
    /// exactly what the server showed it holds (lower too, after a server
    /// lost entries: they are sent again).
    pub fn set_acked(&mut self, scope: Scope, seq: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO sync_acked (scope, seq) VALUES (?1, ?2)
                 ON CONFLICT (scope) DO UPDATE SET seq = excluded.seq",
            )?
            .execute(params![scope.as_str(), seq])?;
        Ok(())
    }

    /// Notes what was sealed for place `seq` of `scope`, before it is sent.
    pub fn note_sent(&mut self, scope: Scope, seq: i64, signature: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT OR IGNORE INTO sent_sigs (scope, seq, sig) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![scope.as_str(), seq, signature])?;
        Ok(())
    }
}
