//! SQL for survey rounds and their classes.

use super::row::{parse_id, word};
use super::{Store, Tx};
use crate::domain::survey::class_key;
use crate::domain::Valid;
use crate::sync::schema::{SURVEY_CLASS, SURVEY_ROUND};
use crate::{Error, Result};
use feltbog_api::survey::{ClassView, NewClass, NewRound, RoundView};
use feltbog_api::{ClassId, Problem, RoundId, SchoolId};
use rusqlite::{params, OptionalExtension, Row};

const SELECT_ROUND: &str = "SELECT r.id, r.name, r.questionnaire, r.window_from, r.window_to,
        r.target_percent, r.small_threshold,
        (SELECT count(*) FROM survey_classes c WHERE c.round_id = r.id)
     FROM survey_rounds r";
const SELECT_CLASS: &str = "SELECT c.id, c.round_id, c.school_id, s.name, c.name, c.grade,
        c.enrolled, c.answered, c.absent, c.status, c.reason, c.taken_on
     FROM survey_classes c JOIN schools s ON s.id = c.school_id";

fn round_from_row(r: &Row<'_>) -> rusqlite::Result<RoundView> {
    Ok(RoundView {
        id: RoundId(parse_id(r.get_ref(0)?.as_str()?)?),
        name: r.get(1)?,
        questionnaire: word(r, 2)?,
        window_from: r.get(3)?,
        window_to: r.get(4)?,
        target_percent: r.get(5)?,
        small_threshold: r.get(6)?,
        classes: r.get(7)?,
    })
}

fn class_from_row(r: &Row<'_>) -> rusqlite::Result<ClassView> {
    Ok(ClassView {
        id: ClassId(parse_id(r.get_ref(0)?.as_str()?)?),
        round: RoundId(parse_id(r.get_ref(1)?.as_str()?)?),
        school: SchoolId(parse_id(r.get_ref(2)?.as_str()?)?),
        school_name: r.get(3)?,
        name: r.get(4)?,
        grade: r.get(5)?,
        enrolled: r.get(6)?,
        answered: r.get(7)?,
        absent: r.get(8)?,
        status: word(r, 9)?,
        reason: r.get(10)?,
        taken_on: r.get(11)?,
    })
}

impl Store {
    /// Every round, the newest window first.
    pub fn rounds(&self) -> Result<Vec<RoundView>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_ROUND} ORDER BY r.window_from DESC, r.id DESC"
        ))?;
        let rows = stmt.query_map([], round_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn round(&self, id: RoundId) -> Result<RoundView> {
        self.conn
            .prepare_cached(&format!("{SELECT_ROUND} WHERE r.id = ?1"))?
            .query_row([id.to_string()], round_from_row)
            .optional()?
            .ok_or(Error::NotFound("survey round"))
    }

    /// A round by its name, ignoring case.
    pub fn round_by_name(&self, name: &str) -> Result<Option<RoundView>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "{SELECT_ROUND} WHERE lower(r.name) = lower(?1) ORDER BY r.window_from DESC LIMIT 1"
            ))?
            .query_row([name.trim()], round_from_row)
            .optional()?)
    }

    /// Rounds of the same questionnaire whose window started before this
    /// one's, newest first: what the overview compares with.
    pub fn earlier_rounds(&self, round: &RoundView) -> Result<Vec<RoundView>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_ROUND} WHERE r.questionnaire = ?1 AND r.window_from < ?2
             ORDER BY r.window_from DESC, r.id DESC"
        ))?;
        let rows = stmt.query_map(
            params![round.questionnaire.as_str(), round.window_from],
            round_from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A round's classes by school name, grade and class name; one school's
    /// when given.
    pub fn classes(&self, round: RoundId, school: Option<SchoolId>) -> Result<Vec<ClassView>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_CLASS} WHERE c.round_id = ?1 AND (?2 IS NULL OR c.school_id = ?2)
             ORDER BY s.name_key, c.grade, c.name_key"
        ))?;
        let rows = stmt.query_map(
            params![round.to_string(), school.map(|s| s.to_string())],
            class_from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn class(&self, id: ClassId) -> Result<ClassView> {
        self.conn
            .prepare_cached(&format!("{SELECT_CLASS} WHERE c.id = ?1"))?
            .query_row([id.to_string()], class_from_row)
            .optional()?
            .ok_or(Error::NotFound("class"))
    }

    /// The class of that name at the school in the round, if any.
    pub fn class_by_name(
        &self,
        round: RoundId,
        school: SchoolId,
        name: &str,
    ) -> Result<Option<ClassView>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "{SELECT_CLASS} WHERE c.round_id = ?1 AND c.school_id = ?2 AND c.name_key = ?3"
            ))?
            .query_row(
                params![round.to_string(), school.to_string(), class_key(name)],
                class_from_row,
            )
            .optional()?)
    }
}

impl Tx<'_> {
    pub fn insert_round(&mut self, r: &Valid<NewRound>) -> Result<RoundId> {
        let id = RoundId(uuid::Uuid::now_v7());
        self.write_round(id, r, true)?;
        Ok(id)
    }

    pub fn update_round(&mut self, id: RoundId, r: &Valid<NewRound>) -> Result<()> {
        self.write_round(id, r, false)
    }

    fn write_round(&mut self, id: RoundId, r: &Valid<NewRound>, new: bool) -> Result<()> {
        let sql = if new {
            "INSERT INTO survey_rounds (id, name, questionnaire, window_from, window_to,
                 target_percent, small_threshold, hlc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)"
        } else {
            "UPDATE survey_rounds SET name = ?2, questionnaire = ?3, window_from = ?4,
                 window_to = ?5, target_percent = ?6, small_threshold = ?7
             WHERE id = ?1"
        };
        let n = self.tx.prepare_cached(sql)?.execute(params![
            id.to_string(),
            r.name,
            r.questionnaire.as_str(),
            r.window_from,
            r.window_to,
            r.target_percent,
            r.small_threshold
        ])?;
        if n == 0 {
            return Err(Error::NotFound("survey round"));
        }
        self.record(&SURVEY_ROUND, &id.to_string())
    }

    /// Deletes a round and its classes for real, change-log contents included.
    pub fn delete_round(&mut self, id: RoundId) -> Result<()> {
        let classes: Vec<String> = self
            .tx
            .prepare_cached("SELECT id FROM survey_classes WHERE round_id = ?1")?
            .query_map([id.to_string()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for c in &classes {
            self.delete_class_row(c)?;
        }
        if !self.delete_record(&SURVEY_ROUND, &id.to_string())? {
            return Err(Error::NotFound("survey round"));
        }
        Ok(())
    }

    /// Adds a class, or replaces the fields of `id`.
    pub fn write_class(&mut self, id: Option<ClassId>, c: &Valid<NewClass>) -> Result<ClassId> {
        let key = class_key(&c.name);
        let taken: Option<String> = self
            .tx
            .prepare_cached(
                "SELECT id FROM survey_classes
                 WHERE round_id = ?1 AND school_id = ?2 AND name_key = ?3 AND id IS NOT ?4",
            )?
            .query_row(
                params![
                    c.round.to_string(),
                    c.school.to_string(),
                    key,
                    id.map(|i| i.to_string())
                ],
                |r| r.get(0),
            )
            .optional()?;
        if taken.is_some() {
            return Err(Error::invalid(
                "name",
                Problem::Duplicate,
                format!(
                    "the school already has a class named '{}' in this round",
                    c.name
                ),
            ));
        }
        let new = id.is_none();
        let id = id.unwrap_or_else(|| ClassId(uuid::Uuid::now_v7()));
        let sql = if new {
            "INSERT INTO survey_classes (id, round_id, school_id, name, name_key, grade, enrolled,
                 answered, absent, status, reason, taken_on, hlc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 0)"
        } else {
            "UPDATE survey_classes SET round_id = ?2, school_id = ?3, name = ?4, name_key = ?5,
                 grade = ?6, enrolled = ?7, answered = ?8, absent = ?9, status = ?10,
                 reason = ?11, taken_on = ?12
             WHERE id = ?1"
        };
        let n = self.tx.prepare_cached(sql)?.execute(params![
            id.to_string(),
            c.round.to_string(),
            c.school.to_string(),
            c.name,
            key,
            c.grade,
            c.enrolled,
            c.answered,
            c.absent,
            c.status.as_str(),
            c.reason,
            c.taken_on
        ])?;
        if n == 0 {
            return Err(Error::NotFound("class"));
        }
        self.record(&SURVEY_CLASS, &id.to_string())?;
        Ok(id)
    }

    pub fn delete_class(&mut self, id: ClassId) -> Result<()> {
        self.delete_class_row(&id.to_string())
    }

    fn delete_class_row(&mut self, id: &str) -> Result<()> {
        if !self.delete_record(&SURVEY_CLASS, id)? {
            return Err(Error::NotFound("class"));
        }
        Ok(())
    }
}
