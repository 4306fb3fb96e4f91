//! SQL for the team's member list and the invites this device has made.

use super::{Store, Tx};
use crate::sync::schema::MEMBER;
use crate::Result;
use rusqlite::{params, OptionalExtension, Row};
use zeroize::Zeroizing;

/// One device of the team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub device: String,
    pub name: String,
    pub coordinator: bool,
    pub cases: bool,
    pub active: bool,
    pub sign_key: String,
    pub box_key: String,
}

/// An invite this coordinator made, not used yet.
pub struct InviteSent {
    pub key: Zeroizing<Vec<u8>>,
    pub coordinator: bool,
    pub cases: bool,
}

fn member(r: &Row<'_>) -> rusqlite::Result<MemberRow> {
    Ok(MemberRow {
        device: r.get(0)?,
        name: r.get(1)?,
        coordinator: r.get::<_, String>(2)? == "coordinator",
        cases: r.get(3)?,
        active: r.get(4)?,
        sign_key: r.get(5)?,
        box_key: r.get(6)?,
    })
}

impl Store {
    /// Every device ever on the list, active ones first, by name.
    pub fn members(&self) -> Result<Vec<MemberRow>> {
        let rows = self
            .conn
            .prepare_cached(
                "SELECT id, name, role, cases, active, sign_key, box_key FROM members
                 ORDER BY active DESC, name, id",
            )?
            .query_map([], member)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn invite_sent(&self, invite_hash: &str) -> Result<Option<InviteSent>> {
        Ok(self
            .conn
            .prepare_cached("SELECT key, role, cases FROM invites_sent WHERE invite_hash = ?1")?
            .query_row([invite_hash], |r| {
                Ok(InviteSent {
                    key: Zeroizing::new(r.get(0)?),
                    coordinator: r.get::<_, String>(1)? == "coordinator",
                    cases: r.get(2)?,
                })
            })
            .optional()?)
    }
}

impl Tx<'_> {
    /// Writes a member. `logged`: a change this coordinator makes, sent to
    /// the team; otherwise a copy of what an invite said, which the
    /// coordinator's own entries will confirm.
    pub fn put_member(&mut self, m: &MemberRow, logged: bool) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO members (id, name, role, cases, active, sign_key, box_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role,
                     cases = excluded.cases, active = excluded.active,
                     sign_key = excluded.sign_key, box_key = excluded.box_key",
            )?
            .execute(params![
                m.device,
                m.name,
                if m.coordinator {
                    "coordinator"
                } else {
                    "consultant"
                },
                m.cases,
                m.active,
                m.sign_key,
                m.box_key
            ])?;
        if logged {
            self.record(&MEMBER, &m.device)?;
        }
        Ok(())
    }

    pub fn add_invite_sent(
        &mut self,
        invite_hash: &str,
        key: &[u8],
        coordinator: bool,
        cases: bool,
        expires_at: &str,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO invites_sent (invite_hash, key, role, cases, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                invite_hash,
                key,
                if coordinator {
                    "coordinator"
                } else {
                    "consultant"
                },
                cases,
                expires_at
            ])?;
        Ok(())
    }

    /// Forgets a used invite, and any past its date.
    pub fn drop_invite_sent(&mut self, invite_hash: &str, now: &str) -> Result<()> {
        self.tx
            .prepare_cached("DELETE FROM invites_sent WHERE invite_hash = ?1 OR expires_at < ?2")?
            .execute(params![invite_hash, now])?;
        Ok(())
    }
}
