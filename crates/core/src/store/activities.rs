//! SQL for activities; their follow-ups are in `activity_follow_ups.rs`.

use super::row::{json, parse_id, to_json, word};
use super::{Store, Tx};
use crate::domain::Valid;
use crate::sync::schema::{ACTIVITY, ACTIVITY_FOLLOW_UP};
use crate::{Error, Result};
use feltbog_api::activities::{ActivityFilter, ActivityView, NewActivity};
use feltbog_api::{ActivityId, SchoolId};
use rusqlite::{params, OptionalExtension, Row};

const SELECT_ACTIVITY: &str = concat!(
    "SELECT a.id, a.date, a.kind, a.school_id, coalesce(s.name, a.area), a.area, a.grades,
        a.age_from, a.age_to, a.young, a.adults, a.partners, a.partner_other, a.theme,
        a.notes, a.author, ",
    owner_of!(activity),
    " FROM activities a LEFT JOIN schools s ON s.id = a.school_id"
);

fn activity_from_row(r: &Row<'_>) -> rusqlite::Result<ActivityView> {
    let school: Option<String> = r.get(3)?;
    // Ages as stored by any member's device: a value no age can be (from
    // an altered program) reads as no ages, not as a list that fails.
    let age = |i: usize| -> rusqlite::Result<Option<u8>> {
        Ok(r.get::<_, Option<i64>>(i)?
            .and_then(|n| u8::try_from(n).ok()))
    };
    let (from, to) = (age(7)?, age(8)?);
    Ok(ActivityView {
        id: ActivityId(parse_id(r.get_ref(0)?.as_str()?)?),
        date: r.get(1)?,
        kind: word(r, 2)?,
        school: school.map(|s| parse_id(&s).map(SchoolId)).transpose()?,
        place: r.get(4)?,
        area: r.get(5)?,
        grades: json(r, 6)?,
        ages: from.zip(to),
        young: r.get(9)?,
        adults: r.get(10)?,
        partners: json(r, 11)?,
        partner_other: r.get(12)?,
        theme: r.get(13)?,
        notes: r.get(14)?,
        author: r.get(15)?,
        owner: r.get(16)?,
        follow_ups: Vec::new(),
    })
}

impl Store {
    pub fn activity(&self, id: ActivityId) -> Result<ActivityView> {
        let mut a = self
            .conn
            .prepare_cached(&format!("{SELECT_ACTIVITY} WHERE a.id = ?1"))?
            .query_row([id.to_string()], activity_from_row)
            .optional()?
            .ok_or(Error::NotFound("activity"))?;
        a.follow_ups = self.follow_ups_of_activity(id)?;
        Ok(a)
    }

    /// Activities matching the filter, newest first, each with its
    /// follow-ups.
    pub fn activities(&self, f: &ActivityFilter) -> Result<Vec<ActivityView>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_ACTIVITY}
             WHERE (?1 IS NULL OR a.school_id = ?1) AND (?2 IS NULL OR a.kind = ?2)
               AND (?3 IS NULL OR a.date >= ?3) AND (?4 IS NULL OR a.date <= ?4)
             ORDER BY a.date DESC, a.id DESC"
        ))?;
        let school = f.school.map(|s| s.to_string());
        let kind = f.kind.map(|k| k.as_str());
        let rows = stmt.query_map(params![school, kind, f.from, f.to], activity_from_row)?;
        let mut list: Vec<ActivityView> = rows.collect::<rusqlite::Result<_>>()?;
        for a in &mut list {
            a.follow_ups = self.follow_ups_of_activity(a.id)?;
        }
        Ok(list)
    }
}

impl Tx<'_> {
    pub fn insert_activity(&mut self, a: &Valid<NewActivity>, author: &str) -> Result<ActivityId> {
        let id = ActivityId(uuid::Uuid::now_v7());
        self.write_activity(id, a, author, true)?;
        Ok(id)
    }

    /// Replaces an activity's fields (its author stays).
    pub fn update_activity(&mut self, id: ActivityId, a: &Valid<NewActivity>) -> Result<()> {
        let author: String = self
            .tx
            .prepare_cached("SELECT author FROM activities WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?
            .ok_or(Error::NotFound("activity"))?;
        self.write_activity(id, a, &author, false)
    }

    fn write_activity(
        &mut self,
        id: ActivityId,
        a: &Valid<NewActivity>,
        author: &str,
        new: bool,
    ) -> Result<()> {
        let sql = if new {
            "INSERT INTO activities (id, date, kind, school_id, area, grades, age_from, age_to,
                 young, adults, partners, partner_other, theme, notes, author, hlc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 0)"
        } else {
            "UPDATE activities SET date = ?2, kind = ?3, school_id = ?4, area = ?5, grades = ?6,
                 age_from = ?7, age_to = ?8, young = ?9, adults = ?10, partners = ?11,
                 partner_other = ?12, theme = ?13, notes = ?14, author = ?15
             WHERE id = ?1"
        };
        self.tx.prepare_cached(sql)?.execute(params![
            id.to_string(),
            a.date,
            a.kind.as_str(),
            a.school.map(|s| s.to_string()),
            a.area,
            to_json(&a.grades)?,
            a.ages.map(|(f, _)| f),
            a.ages.map(|(_, t)| t),
            a.young,
            a.adults,
            to_json(&a.partners)?,
            a.partner_other,
            a.theme,
            a.notes,
            author
        ])?;
        self.record(&ACTIVITY, &id.to_string())?;
        self.replace_activity_follow_ups(id, &a.follow_ups)
    }

    /// Deletes an activity and its follow-ups for real, change-log
    /// contents included.
    pub fn delete_activity(&mut self, id: ActivityId) -> Result<()> {
        self.delete_rows(&ACTIVITY_FOLLOW_UP, &id.to_string())?;
        if !self.delete_record(&ACTIVITY, &id.to_string())? {
            return Err(Error::NotFound("activity"));
        }
        self.discard_draft(&format!("activity:{id}"))
    }
}
