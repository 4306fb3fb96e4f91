//! SQL for the team's member list and the invites this device has made.

use super::row::word;
use super::{Store, Tx};
use crate::sync::schema::MEMBER;
use crate::Result;
use feltbog_api::team::MemberRole;
use rusqlite::{params, OptionalExtension, Row};
use std::collections::BTreeMap;
use zeroize::Zeroizing;

/// One device of the team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub device: String,
    pub name: String,
    pub role: MemberRole,
    pub cases: bool,
    pub active: bool,
    pub sign_key: String,
    pub box_key: String,
    /// Removed: the last seq of each scope the team accepts from the
    /// device (what the server held when the coordinator removed it).
    pub until: Option<BTreeMap<String, i64>>,
}

/// An invite this coordinator made, not used yet.
pub struct InviteSent {
    pub key: Zeroizing<Vec<u8>>,
    pub role: MemberRole,
    pub cases: bool,
}

fn member(r: &Row<'_>) -> rusqlite::Result<MemberRow> {
    Ok(MemberRow {
        device: r.get(0)?,
        name: r.get(1)?,
        role: word(r, 2)?,
        cases: r.get(3)?,
        active: r.get(4)?,
        sign_key: r.get(5)?,
        box_key: r.get(6)?,
        // Written by this program as a JSON object of numbers; anything
        // else reads as "not recorded".
        until: r
            .get::<_, Option<String>>(7)?
            .and_then(|j| serde_json::from_str(&j).ok()),
    })
}

impl Store {
    /// Every device ever on the list, active ones first, by name.
    pub fn members(&self) -> Result<Vec<MemberRow>> {
        let rows = self
            .conn
            .prepare_cached(
                "SELECT id, name, role, cases, active, sign_key, box_key, until FROM members
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
                    role: word(r, 1)?,
                    cases: r.get(2)?,
                })
            })
            .optional()?)
    }
}

impl Store {
    /// The invites this coordinator made that no device has used yet, by
    /// the hash of their id.
    pub fn invites_sent(&self) -> Result<Vec<(String, InviteSent)>> {
        let rows = self
            .conn
            .prepare_cached("SELECT invite_hash, key, role, cases FROM invites_sent")?
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    InviteSent {
                        key: Zeroizing::new(r.get(1)?),
                        role: word(r, 2)?,
                        cases: r.get(3)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

impl Tx<'_> {
    /// Forgets every invite this coordinator made (a removal deleted them
    /// on the server: an invite must not hand out the keys from before it).
    pub fn drop_invites_sent(&mut self) -> Result<()> {
        self.tx.execute("DELETE FROM invites_sent", [])?;
        Ok(())
    }

    /// Writes a member. `logged`: a change this coordinator makes, sent to
    /// the team; otherwise a copy of what an invite said, which the
    /// coordinator's own entries will confirm. A removal is final: a row
    /// removed here stays removed, with the last entry it recorded (an
    /// inviter who has not heard of the removal cannot undo it).
    pub fn put_member(&mut self, m: &MemberRow, logged: bool) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO members (id, name, role, cases, active, sign_key, box_key, until)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role,
                     cases = excluded.cases, active = excluded.active AND members.active,
                     sign_key = excluded.sign_key, box_key = excluded.box_key,
                     until = CASE WHEN members.active THEN excluded.until
                                  ELSE COALESCE(members.until, excluded.until) END",
            )?
            .execute(params![
                m.device,
                m.name,
                m.role.as_str(),
                m.cases,
                m.active,
                m.sign_key,
                m.box_key,
                m.until
                    .as_ref()
                    .map(|u| serde_json::to_string(u).unwrap_or_default())
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
        role: MemberRole,
        cases: bool,
        expires_at: &str,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO invites_sent (invite_hash, key, role, cases, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![invite_hash, key, role.as_str(), cases, expires_at])?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::DataKey;
    use crate::store::Store;

    fn member(active: bool, until: Option<i64>) -> MemberRow {
        MemberRow {
            device: "0b6f4c1e-3d2a-4f5b-9c8d-7e6f5a4b3c2d".into(),
            name: "Cai Fiktiv".into(),
            role: MemberRole::Consultant,
            cases: false,
            active,
            sign_key: String::new(),
            box_key: String::new(),
            until: until.map(|u| [("team".to_string(), u)].into()),
        }
    }

    #[test]
    fn an_invite_cannot_bring_a_removed_member_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(&dir.path().join("p.db"), &DataKey::from_bytes([7; 32])).unwrap();
        store
            .with_tx(|t| t.put_member(&member(false, Some(4)), true))
            .unwrap();
        // An inviter who has not heard of the removal lists Cai as active.
        store
            .with_tx(|t| t.put_member(&member(true, None), false))
            .unwrap();
        // Or as removed later, with another last entry.
        store
            .with_tx(|t| t.put_member(&member(false, Some(9)), false))
            .unwrap();
        let cai = store.members().unwrap().pop().unwrap();
        assert!(!cai.active, "a removal is final");
        assert_eq!(
            cai.until,
            member(false, Some(4)).until,
            "the first removal's last entry"
        );
    }
}
