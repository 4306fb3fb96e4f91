//! SQL for notifications from the police's list waiting to be triaged
//! (migration 20). Written already minimised; triage deletes them.

use super::row::{now_utc, parse_id, word};
use super::{Store, Tx};
use crate::domain::police_list::ListRow;
use crate::sync::schema::PENDING;
use crate::{Error, Result};
use feltbog_api::{PendingId, SchoolId};
use rusqlite::{params, OptionalExtension, Row};

const SELECT: &str = "SELECT p.id, p.notified, p.offence_date, p.initials, p.birth_year,
        p.school_id, coalesce(s.name, ''), p.cpr, p.law, p.law_other, p.offence,
        p.offence_other, p.journal
    FROM pending_notifications p LEFT JOIN schools s ON s.id = p.school_id";

/// A waiting notification as stored (its CPR number in full, where kept).
#[derive(Debug, Clone)]
pub struct StoredPending {
    pub id: PendingId,
    pub row: ListRow,
    pub school: Option<SchoolId>,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<StoredPending> {
    let school: Option<String> = r.get(5)?;
    Ok(StoredPending {
        id: PendingId(parse_id(&r.get::<_, String>(0)?)?),
        school: school.map(|s| parse_id(&s).map(SchoolId)).transpose()?,
        row: ListRow {
            line: 0,
            notified: r.get(1)?,
            offence_date: r.get(2)?,
            initials: r.get(3)?,
            birth_year: r.get(4)?,
            school_name: r.get(6)?,
            cpr: r.get(7)?,
            law: word(r, 8)?,
            law_other: r.get(9)?,
            offence: word(r, 10)?,
            offence_other: r.get(11)?,
            journal: r.get(12)?,
        },
    })
}

impl Store {
    /// Every waiting notification, the oldest notification first.
    pub fn pending(&self) -> Result<Vec<StoredPending>> {
        Ok(self
            .conn
            .prepare_cached(&format!("{SELECT} ORDER BY p.notified, p.initials, p.id"))?
            .query_map([], from_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    pub fn pending_one(&self, id: PendingId) -> Result<StoredPending> {
        self.conn
            .prepare_cached(&format!("{SELECT} WHERE p.id = ?1"))?
            .query_row([id.to_string()], from_row)
            .optional()?
            .ok_or(Error::NotFound("waiting notification"))
    }

    pub fn pending_count(&self) -> Result<u32> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM pending_notifications")?
            .query_row([], |r| r.get(0))?)
    }
}

impl Tx<'_> {
    /// Keeps one row of a list as waiting; answers its id (random, so its
    /// first characters name it).
    pub fn insert_pending(
        &mut self,
        row: &ListRow,
        school: Option<SchoolId>,
        author: &str,
    ) -> Result<PendingId> {
        let id = PendingId(uuid::Uuid::new_v4());
        self.tx
            .prepare_cached(
                "INSERT INTO pending_notifications (id, notified, offence_date, initials,
                     birth_year, school_id, cpr, law, law_other, offence, offence_other, journal,
                     imported_at, author)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?
            .execute(params![
                id.to_string(),
                row.notified,
                row.offence_date,
                row.initials,
                row.birth_year,
                school.map(|s| s.to_string()),
                row.cpr,
                row.law.as_str(),
                row.law_other,
                row.offence.as_str(),
                row.offence_other,
                row.journal,
                now_utc(),
                author
            ])?;
        self.record(&PENDING, &id.to_string())?;
        Ok(id)
    }

    /// Empties a waiting row's CPR number, and every logged or parked copy
    /// of it (the rules no longer allow CPR numbers).
    pub fn clear_pending_cpr(&mut self, id: PendingId, cpr: &str) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE pending_notifications SET cpr = '' WHERE id = ?1")?
            .execute([id.to_string()])?;
        self.record(&PENDING, &id.to_string())?;
        self.scrub_value(&id.to_string(), "cpr", cpr, "")?;
        Ok(())
    }

    /// Removes a triaged row, and what the change log held of it.
    pub fn delete_pending(&mut self, id: PendingId) -> Result<()> {
        if self.delete_record(&PENDING, &id.to_string())? {
            Ok(())
        } else {
            Err(Error::NotFound("waiting notification"))
        }
    }
}
