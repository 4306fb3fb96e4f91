//! SQL for schools.

use super::row::{bad_column, parse_id};
use super::{Store, Tx};
use crate::domain::schools::name_key;
use crate::domain::Valid;
use crate::sync::schema::SCHOOL;
use crate::{Error, Result};
use feltbog_api::schools::{NewSchool, SchoolKind, SchoolView};
use feltbog_api::{Problem, SchoolId};
use rusqlite::{params, OptionalExtension, Row};

pub(super) const COLUMNS: &str = "id, name, kind, town, grade_from, grade_to, active";

pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<SchoolView> {
    let kind: String = r.get(2)?;
    Ok(SchoolView {
        id: parse_id(r.get_ref(0)?.as_str()?).map(SchoolId)?,
        name: r.get(1)?,
        kind: kind.parse::<SchoolKind>().map_err(|e| bad_column(2, e))?,
        town: r.get(3)?,
        grade_from: r.get(4)?,
        grade_to: r.get(5)?,
        active: r.get(6)?,
    })
}

impl Store {
    pub fn schools(&self, include_inactive: bool) -> Result<Vec<SchoolView>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM schools WHERE active = 1 OR ?1 ORDER BY name_key"
        ))?;
        let rows = stmt.query_map([include_inactive], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn school(&self, id: SchoolId) -> Result<SchoolView> {
        self.conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM schools WHERE id = ?1"))?
            .query_row([id.to_string()], from_row)
            .optional()?
            .ok_or(Error::NotFound("school"))
    }

    /// A school by its exact name, ignoring case.
    pub fn school_by_name(&self, name: &str) -> Result<Option<SchoolView>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM schools WHERE name_key = ?1"
            ))?
            .query_row([name_key(name)], from_row)
            .optional()?)
    }

    pub fn school_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM schools", [], |r| r.get(0))?)
    }
}

impl Tx<'_> {
    pub fn insert_school(&mut self, s: &Valid<NewSchool>) -> Result<SchoolView> {
        let id = SchoolId(uuid::Uuid::now_v7());
        self.write_school(id, s, true)
    }

    pub fn update_school(&mut self, id: SchoolId, s: &Valid<NewSchool>) -> Result<SchoolView> {
        self.write_school(id, s, false)
    }

    fn write_school(
        &mut self,
        id: SchoolId,
        s: &Valid<NewSchool>,
        new: bool,
    ) -> Result<SchoolView> {
        let view = SchoolView {
            id,
            name: s.name.clone(),
            kind: s.kind,
            town: s.town.clone(),
            grade_from: s.grade_from,
            grade_to: s.grade_to,
            active: s.active,
        };
        let taken: Option<String> = self
            .tx
            .prepare_cached("SELECT id FROM schools WHERE name_key = ?1 AND id <> ?2")?
            .query_row(params![name_key(&view.name), id.to_string()], |r| r.get(0))
            .optional()?;
        if taken.is_some() {
            return Err(Error::invalid(
                "name",
                Problem::Duplicate,
                "a school with this name already exists",
            ));
        }
        let sql = if new {
            "INSERT INTO schools (id, name, kind, town, grade_from, grade_to, active, name_key, hlc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0)"
        } else {
            "UPDATE schools SET name = ?2, kind = ?3, town = ?4, grade_from = ?5,
                    grade_to = ?6, active = ?7, name_key = ?8 WHERE id = ?1"
        };
        let n = self.tx.prepare_cached(sql)?.execute(params![
            id.to_string(),
            view.name,
            view.kind.as_str(),
            view.town,
            view.grade_from,
            view.grade_to,
            view.active,
            name_key(&view.name)
        ])?;
        if n == 0 {
            return Err(Error::NotFound("school"));
        }
        self.record(&SCHOOL, &id.to_string())?;
        Ok(view)
    }
}
