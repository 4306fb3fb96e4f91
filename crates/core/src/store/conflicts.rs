//! What sync could not decide alone: text two devices edited without seeing
//! each other's edit (conflicts, settled by a person), and edits made here
//! that lost to another device's delete (told, then dismissed).

use super::heads::read_vals;
use super::outbox::{group_values, snapshot};
use super::{Store, Tx};
use crate::domain::merge::Version;
use crate::sync::payload::GroupValues;
use crate::sync::schema;
use crate::{Error, Result};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

/// Two values of one field group, side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// Short and stable: what `feltbog conflicts keep ID` takes.
    pub id: String,
    pub entity: &'static str,
    pub record_id: String,
    pub group: String,
    /// The value the record shows now (the higher version).
    pub current: GroupValues,
    pub current_version: Version,
    /// The value written concurrently and kept.
    pub other: GroupValues,
    pub other_version: Version,
}

impl Conflict {
    /// Which side this device wrote, if either: "mine" is the value written
    /// here; where neither was, the one the record shows now.
    pub fn mine_is_current(&self, me: &str) -> bool {
        self.other_version.device != me || self.current_version.device == me
    }
}

/// Which side of a conflict to keep: the API's word, used as is.
pub use feltbog_api::team::Keep as Choice;

/// An edit made here that another device's delete overrode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostEdit {
    pub record_id: String,
    pub entity: String,
    /// The text that was typed here (empty for cases).
    pub summary: String,
    pub deleted_by: String,
}

fn conflict_id(record: &str, group: &str, v: &Version) -> String {
    let h = Sha256::digest(format!("{record}\n{group}\n{}\n{}", v.stamp, v.device));
    hex::encode(&h[..5])
}

impl Store {
    /// The conflicts a person has to settle, oldest first.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let rows: Vec<(String, String, String, i64, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT record_id, entity, grp, stamp, device, vals FROM field_heads
                 ORDER BY stamp",
            )?
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (record_id, entity, group, stamp, device, vals) in rows {
            let e = schema::entity(&entity)
                .ok_or_else(|| Error::Corrupt("a conflict names an unknown entity".into()))?;
            let Some(snap) = snapshot(&self.conn, e, &record_id)? else {
                continue;
            };
            let Some(clock) = snap.clock.groups.get(&group) else {
                continue;
            };
            let current = group_values(e, &group, &snap.values);
            let other = read_vals(&vals)?;
            if other == current {
                continue; // the same text on both sides: nothing to choose
            }
            let other_version = Version { stamp, device };
            out.push(Conflict {
                id: conflict_id(&record_id, &group, &other_version),
                entity: e.name,
                record_id,
                group,
                current,
                current_version: clock.version.clone(),
                other,
                other_version,
            });
        }
        Ok(out)
    }

    /// Where a record with free text belongs, for the conflicts page: the
    /// school (or a café's area) and the visit's or café's date. Empty for
    /// a record gone since.
    pub fn record_place(&self, entity: &str, id: &str) -> Result<(String, Option<NaiveDate>)> {
        let sql = match entity {
            "visit" => {
                "SELECT s.name, v.date FROM visits v JOIN schools s ON s.id = v.school_id
                 WHERE v.id = ?1"
            }
            "follow_up" => {
                "SELECT s.name, v.date FROM follow_ups f JOIN visits v ON v.id = f.visit_id
                 JOIN schools s ON s.id = v.school_id WHERE f.id = ?1"
            }
            "cafe" => {
                "SELECT coalesce(s.name, c.area), c.date FROM cafes c
                 LEFT JOIN schools s ON s.id = c.school_id WHERE c.id = ?1"
            }
            "cafe_agreement" => {
                "SELECT coalesce(s.name, c.area), c.date FROM cafe_agreements a
                 JOIN cafes c ON c.id = a.cafe_id
                 LEFT JOIN schools s ON s.id = c.school_id WHERE a.id = ?1"
            }
            "activity" => {
                "SELECT coalesce(s.name, a.area), a.date FROM activities a
                 LEFT JOIN schools s ON s.id = a.school_id WHERE a.id = ?1"
            }
            "activity_follow_up" => {
                "SELECT coalesce(s.name, a.area), a.date FROM activity_follow_ups f
                 JOIN activities a ON a.id = f.activity_id
                 LEFT JOIN schools s ON s.id = a.school_id WHERE f.id = ?1"
            }
            _ => return Ok((String::new(), None)),
        };
        let row: Option<(String, NaiveDate)> = self
            .conn
            .prepare_cached(sql)?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(row.map_or((String::new(), None), |(p, d)| (p, Some(d))))
    }

    /// Edits made here that lost to a delete, until dismissed.
    pub fn lost_edits(&self) -> Result<Vec<LostEdit>> {
        let rows = self
            .conn
            .prepare_cached(
                "SELECT record_id, entity, summary, deleted_by FROM lost_edits ORDER BY stamp",
            )?
            .query_map([], |r| {
                Ok(LostEdit {
                    record_id: r.get(0)?,
                    entity: r.get(1)?,
                    summary: r.get(2)?,
                    deleted_by: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

impl Tx<'_> {
    /// Settles a conflict: the chosen value stays, and a change that
    /// replaces every kept value of the group goes to the team, so every
    /// device settles it the same way.
    pub fn settle_conflict(&mut self, c: &Conflict, choice: Choice) -> Result<()> {
        let e = schema::entity(c.entity).ok_or(Error::NotFound("conflict"))?;
        let keep_current = c.mine_is_current(self.device) == (choice == Choice::Mine);
        if !keep_current {
            self.write_group(e, &c.record_id, &c.other)?;
        }
        let others: Vec<Version> = self
            .heads(&c.record_id, &c.group)?
            .into_iter()
            .map(|h| h.version)
            .collect();
        self.record_settling(e, &c.record_id, Some((&c.group, &others)))?;
        self.tx
            .prepare_cached("DELETE FROM field_heads WHERE record_id = ?1 AND grp = ?2")?
            .execute(params![c.record_id, c.group])?;
        Ok(())
    }

    /// The user has read that their edit lost to a delete.
    pub fn dismiss_lost_edit(&mut self, record_id: &str) -> Result<()> {
        let n = self
            .tx
            .prepare_cached("DELETE FROM lost_edits WHERE record_id = ?1")?
            .execute([record_id])?;
        if n == 0 {
            return Err(Error::NotFound("lost edit"));
        }
        Ok(())
    }
}
