//! SQL for ownership (*ansvarlig*): which record an id names, who is
//! responsible for it (`owner_of!` in `store/mod.rs`), and the hand-over,
//! logged for sync like any field.

use super::{Store, Tx};
use crate::sync::schema::{
    Entity, ACTIVITY, ACTIVITY_FOLLOW_UP, CAFE, CAFE_AGREEMENT, CASE, FOLLOW_UP, VISIT,
};
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
    Activity,
    ActivityFollowUp,
}

impl Owned {
    pub const ALL: [Owned; 7] = [
        Owned::Visit,
        Owned::FollowUp,
        Owned::Cafe,
        Owned::Agreement,
        Owned::Case,
        Owned::Activity,
        Owned::ActivityFollowUp,
    ];

    /// The word the command line and the errors use.
    pub fn word(self) -> &'static str {
        match self {
            Owned::Visit => "visit",
            Owned::FollowUp => "follow-up",
            Owned::Cafe => "café",
            Owned::Agreement => "agreement",
            Owned::Case => "case",
            Owned::Activity => "activity",
            Owned::ActivityFollowUp => "follow-up",
        }
    }

    fn entity(self) -> &'static Entity {
        match self {
            Owned::Visit => &VISIT,
            Owned::FollowUp => &FOLLOW_UP,
            Owned::Cafe => &CAFE,
            Owned::Agreement => &CAFE_AGREEMENT,
            Owned::Case => &CASE,
            Owned::Activity => &ACTIVITY,
            Owned::ActivityFollowUp => &ACTIVITY_FOLLOW_UP,
        }
    }

    /// The record's responsible member, by its id (`?1`).
    fn owner_sql(self) -> &'static str {
        match self {
            Owned::Visit => concat!(
                "SELECT ",
                owner_of!(visit),
                " FROM visits v WHERE v.id = ?1"
            ),
            Owned::FollowUp => concat!(
                "SELECT ",
                owner_of!(follow_up),
                " FROM follow_ups f JOIN visits v ON v.id = f.visit_id WHERE f.id = ?1"
            ),
            Owned::Cafe => concat!("SELECT ", owner_of!(cafe), " FROM cafes c WHERE c.id = ?1"),
            Owned::Agreement => concat!(
                "SELECT ",
                owner_of!(agreement),
                " FROM cafe_agreements a JOIN cafes c ON c.id = a.cafe_id WHERE a.id = ?1"
            ),
            Owned::Case => concat!("SELECT ", owner_of!(case), " FROM cases c WHERE c.id = ?1"),
            Owned::Activity => concat!(
                "SELECT ",
                owner_of!(activity),
                " FROM activities a WHERE a.id = ?1"
            ),
            Owned::ActivityFollowUp => concat!(
                "SELECT ",
                owner_of!(activity_follow_up),
                " FROM activity_follow_ups f JOIN activities a ON a.id = f.activity_id
                 WHERE f.id = ?1"
            ),
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
    /// Gives a record just written to `owner` when one was given; `None`
    /// leaves it to whoever recorded it.
    pub fn give_to(&mut self, kind: Owned, id: &str, owner: Option<&str>) -> Result<()> {
        match owner {
            Some(owner) => self.set_owner(kind, id, owner),
            None => Ok(()),
        }
    }

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
