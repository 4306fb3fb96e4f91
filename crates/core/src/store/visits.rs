//! SQL for school visits and their follow-ups.

use super::row::{bad_column, parse_id};
use super::{Store, Tx};
use crate::domain::Valid;
use crate::sync::schema::{FOLLOW_UP, VISIT};
use crate::{Error, Result};
use chrono::NaiveDate;
use feltbog_api::visits::{
    DueFollowUp, FollowUpView, NewVisit, VisitFilter, VisitPurpose, VisitView,
};
use feltbog_api::{FollowUpId, SchoolId, VisitId};
use rusqlite::{params, OptionalExtension, Row};

const SELECT_VISIT: &str = concat!(
    "SELECT v.id, v.school_id, s.name, v.date, v.status, v.purpose,
        v.purpose_other, v.classes, v.notes, v.author, ",
    owner_of!(visit),
    " FROM visits v JOIN schools s ON s.id = v.school_id"
);

/// A visit's follow-ups (`?1`) given its owner (`?2`): read from the
/// covering index `follow_ups_visit` alone (migration 26), one page per
/// visit on the first screen.
const FOLLOW_UPS_OF: &str = concat!(
    "SELECT f.id, f.text, f.due, f.done, ",
    owner_of!(follow_up, visit_owner = ?2),
    " FROM follow_ups f WHERE f.visit_id = ?1 ORDER BY f.due, f.id"
);

/// Visits per school and purpose in a period: the aggregate the weekly
/// summary and the benchmark read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitCount {
    pub school: String,
    pub purpose: VisitPurpose,
    pub done: i64,
    pub planned: i64,
}

fn visit_from_row(r: &Row<'_>) -> rusqlite::Result<VisitView> {
    let classes: String = r.get(7)?;
    Ok(VisitView {
        id: VisitId(parse_id(r.get_ref(0)?.as_str()?)?),
        school: SchoolId(parse_id(r.get_ref(1)?.as_str()?)?),
        school_name: r.get(2)?,
        date: r.get(3)?,
        status: r
            .get::<_, String>(4)?
            .parse()
            .map_err(|e| bad_column(4, e))?,
        purpose: r
            .get::<_, String>(5)?
            .parse()
            .map_err(|e| bad_column(5, e))?,
        purpose_other: r.get(6)?,
        classes: serde_json::from_str(&classes).map_err(|e| bad_column(7, e.to_string()))?,
        notes: r.get(8)?,
        author: r.get(9)?,
        owner: r.get(10)?,
        follow_ups: Vec::new(),
    })
}

fn follow_up_from_row(r: &Row<'_>) -> rusqlite::Result<FollowUpView> {
    Ok(FollowUpView {
        id: FollowUpId(parse_id(r.get_ref(0)?.as_str()?)?),
        text: r.get(1)?,
        due: r.get(2)?,
        done: r.get(3)?,
        owner: r.get(4)?,
    })
}

impl Store {
    pub fn visit(&self, id: VisitId) -> Result<VisitView> {
        let mut v = self
            .conn
            .prepare_cached(&format!("{SELECT_VISIT} WHERE v.id = ?1"))?
            .query_row([id.to_string()], visit_from_row)
            .optional()?
            .ok_or(Error::NotFound("visit"))?;
        v.follow_ups = self.follow_ups_of(id, &v.owner)?;
        Ok(v)
    }

    /// Visits matching the filter, newest first, each with its follow-ups.
    pub fn visits(&self, filter: &VisitFilter) -> Result<Vec<VisitView>> {
        let days = filter.week.and_then(|w| w.monday().zip(w.sunday()));
        let school = filter.school.map(|s| s.to_string());
        // Each filter as its own statement: an `?1 IS NULL OR …` filter
        // keeps SQLite off the date index, and the first screen after
        // unlock (this week's visits) read and decrypted every visit of
        // every year.
        let mut conditions = Vec::new();
        let mut values: Vec<&dyn rusqlite::ToSql> = Vec::new();
        if let Some(s) = &school {
            conditions.push("v.school_id = ?");
            values.push(s);
        }
        if let Some((from, to)) = &days {
            conditions.push("v.date BETWEEN ? AND ?");
            values.push(from);
            values.push(to);
        }
        let filter = match conditions.is_empty() {
            true => String::new(),
            false => format!("WHERE {}", conditions.join(" AND ")),
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_VISIT} {filter} ORDER BY v.date DESC, v.id DESC"
        ))?;
        let mut visits: Vec<VisitView> = stmt
            .query_map(rusqlite::params_from_iter(values), visit_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        for v in &mut visits {
            v.follow_ups = self.follow_ups_of(v.id, &v.owner)?;
        }
        Ok(visits)
    }

    /// The follow-ups of a visit whose owner (`owner_of!(visit)`) is
    /// `owner`: read from the follow-ups alone, so the first screen's
    /// week of visits does not look each visit up again.
    fn follow_ups_of(&self, visit: VisitId, owner: &str) -> Result<Vec<FollowUpView>> {
        let mut stmt = self.conn.prepare_cached(FOLLOW_UPS_OF)?;
        let rows = stmt.query_map(
            rusqlite::params![visit.to_string(), owner],
            follow_up_from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Open follow-ups due on or before `until` (all open ones if `None`),
    /// oldest first.
    pub fn due_follow_ups(&self, until: Option<NaiveDate>) -> Result<Vec<DueFollowUp>> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT f.id, f.text, f.due, f.done, ",
            owner_of!(follow_up),
            ", v.id, v.date, s.name
             FROM follow_ups f JOIN visits v ON v.id = f.visit_id JOIN schools s ON s.id = v.school_id
             WHERE f.done = 0 AND (?1 IS NULL OR f.due <= ?1)
             ORDER BY f.due, v.date, f.id"
        ))?;
        let rows = stmt.query_map([until], |r| {
            Ok(DueFollowUp {
                follow_up: follow_up_from_row(r)?,
                visit: VisitId(parse_id(r.get_ref(5)?.as_str()?)?),
                visit_date: r.get(6)?,
                school_name: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Done and planned visits per school and purpose between two dates.
    pub fn visit_counts(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<VisitCount>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.name, v.purpose,
                    sum(v.status = 'done'), sum(v.status = 'planned')
             FROM visits v JOIN schools s ON s.id = v.school_id
             WHERE v.date BETWEEN ?1 AND ?2
             GROUP BY s.name, v.purpose ORDER BY s.name, v.purpose",
        )?;
        let rows = stmt.query_map(params![from, to], |r| {
            Ok(VisitCount {
                school: r.get(0)?,
                purpose: r
                    .get::<_, String>(1)?
                    .parse()
                    .map_err(|e| bad_column(1, e))?,
                done: r.get(2)?,
                planned: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    pub fn insert_visit(&mut self, v: &Valid<NewVisit>, author: &str) -> Result<VisitId> {
        let id = VisitId(uuid::Uuid::now_v7());
        self.write_visit(id, v, author, true)?;
        Ok(id)
    }

    /// Replaces a visit's fields and its follow-ups; follow-ups missing from
    /// the new list are deleted.
    pub fn update_visit(&mut self, id: VisitId, v: &Valid<NewVisit>) -> Result<()> {
        let author: String = self
            .tx
            .prepare_cached("SELECT author FROM visits WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?
            .ok_or(Error::NotFound("visit"))?;
        self.write_visit(id, v, &author, false)
    }

    fn write_visit(
        &mut self,
        id: VisitId,
        v: &Valid<NewVisit>,
        author: &str,
        new: bool,
    ) -> Result<()> {
        let classes = serde_json::to_string(&v.classes).map_err(std::io::Error::other)?;
        let sql = if new {
            "INSERT INTO visits (id, school_id, date, status, purpose, purpose_other, classes, notes, author, hlc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0)"
        } else {
            "UPDATE visits SET school_id = ?2, date = ?3, status = ?4, purpose = ?5,
                    purpose_other = ?6, classes = ?7, notes = ?8, author = ?9
             WHERE id = ?1"
        };
        self.tx.prepare_cached(sql)?.execute(params![
            id.to_string(),
            v.school.to_string(),
            v.date,
            v.status.as_str(),
            v.purpose.as_str(),
            v.purpose_other,
            classes,
            v.notes,
            author
        ])?;
        self.record(&VISIT, &id.to_string())?;
        self.replace_follow_ups(id, v)
    }

    fn replace_follow_ups(&mut self, visit: VisitId, v: &Valid<NewVisit>) -> Result<()> {
        self.replace_rows(
            &FOLLOW_UP,
            "due",
            &visit.to_string(),
            &v.follow_ups,
            "follow-up",
        )
    }

    /// Sets a follow-up's done mark.
    pub fn set_follow_up_done(&mut self, id: FollowUpId, done: bool) -> Result<()> {
        let n = self
            .tx
            .prepare_cached("UPDATE follow_ups SET done = ?2 WHERE id = ?1")?
            .execute(params![id.to_string(), done])?;
        if n == 0 {
            return Err(Error::NotFound("follow-up"));
        }
        self.record(&FOLLOW_UP, &id.to_string())
    }

    /// Deletes a visit and its follow-ups for real, change-log contents included.
    pub fn delete_visit(&mut self, id: VisitId) -> Result<()> {
        self.delete_rows(&FOLLOW_UP, &id.to_string())?;
        if !self.delete_record(&VISIT, &id.to_string())? {
            return Err(Error::NotFound("visit"));
        }
        self.discard_draft(&format!("visit:{id}"))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests may panic
    use super::FOLLOW_UPS_OF;
    use crate::store::migrate::{migrate_to, LATEST_VERSION};
    use rusqlite::Connection;

    /// The first screen reads a visit's follow-ups from the index alone, in
    /// its order: a column added to the list, or an index changed by a later
    /// migration, would bring back a random encrypted page per visit.
    #[test]
    fn follow_ups_of_a_visit_are_read_from_the_index_alone() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, LATEST_VERSION).unwrap();
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {FOLLOW_UPS_OF}"))
            .unwrap()
            .query_map(["v", "o"], |r| r.get(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            plan,
            ["SEARCH f USING COVERING INDEX follow_ups_visit (visit_id=?)"],
            "{plan:?}"
        );
    }
}
