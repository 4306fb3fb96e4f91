//! SQL for ownership (*ansvarlig*): which record an id names, who is
//! responsible for it (its own owner, else as migration 19 says: a
//! follow-up its visit's, an agreement its café's, else the author), and
//! the hand-over, logged for sync like any field.

use super::{Store, Tx};
use crate::sync::schema::{Entity, CAFE, CAFE_AGREEMENT, CASE, FOLLOW_UP, VISIT};
use crate::{Error, Result};
use rusqlite::OptionalExtension;

/// A kind of record that has a responsible member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owned {
    Visit,
    FollowUp,
    Cafe,
    Agreement,
    Case,
}

impl Owned {
    pub const ALL: [Owned; 5] = [
        Owned::Visit,
        Owned::FollowUp,
        Owned::Cafe,
        Owned::Agreement,
        Owned::Case,
    ];

    /// The word the command line and the errors use.
    pub fn word(self) -> &'static str {
        match self {
            Owned::Visit => "visit",
            Owned::FollowUp => "follow-up",
            Owned::Cafe => "café",
            Owned::Agreement => "agreement",
            Owned::Case => "case",
        }
    }

    fn entity(self) -> &'static Entity {
        match self {
            Owned::Visit => &VISIT,
            Owned::FollowUp => &FOLLOW_UP,
            Owned::Cafe => &CAFE,
            Owned::Agreement => &CAFE_AGREEMENT,
            Owned::Case => &CASE,
        }
    }

    /// The record's responsible member, by its id (`?1`).
    fn owner_sql(self) -> &'static str {
        match self {
            Owned::Visit => "SELECT coalesce(nullif(owner, ''), author) FROM visits WHERE id = ?1",
            Owned::FollowUp => {
                "SELECT coalesce(nullif(f.owner, ''), nullif(v.owner, ''), v.author)
                 FROM follow_ups f JOIN visits v ON v.id = f.visit_id WHERE f.id = ?1"
            }
            Owned::Cafe => "SELECT coalesce(nullif(owner, ''), author) FROM cafes WHERE id = ?1",
            Owned::Agreement => {
                "SELECT coalesce(nullif(a.owner, ''), nullif(c.owner, ''), c.author)
                 FROM cafe_agreements a JOIN cafes c ON c.id = a.cafe_id WHERE a.id = ?1"
            }
            Owned::Case => "SELECT coalesce(nullif(owner, ''), author) FROM cases WHERE id = ?1",
        }
    }
}

impl Store {
    /// What `id` is, and who is responsible for it; `None` if no record
    /// with an owner has that id.
    pub fn owned(&self, id: &str) -> Result<Option<(Owned, String)>> {
        for kind in Owned::ALL {
            let owner: Option<String> = self
                .conn
                .prepare_cached(kind.owner_sql())?
                .query_row([id], |r| r.get(0))
                .optional()?;
            if let Some(owner) = owner {
                return Ok(Some((kind, owner)));
            }
        }
        Ok(None)
    }
}

impl Tx<'_> {
    /// Hands the record over to `owner`.
    pub fn set_owner(&mut self, kind: Owned, id: &str, owner: &str) -> Result<()> {
        let entity = kind.entity();
        let n = self
            .tx
            .prepare_cached(&format!(
                "UPDATE {} SET owner = ?2 WHERE id = ?1",
                entity.table
            ))?
            .execute([id, owner])?;
        if n == 0 {
            return Err(Error::NotFound("record"));
        }
        self.record(entity, id)
    }
}
