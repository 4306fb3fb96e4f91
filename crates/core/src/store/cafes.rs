//! SQL for parent cafés and their agreements.

use super::row::{json, parse_id, to_json, word};
use super::{Store, Tx};
use crate::domain::Valid;
use crate::sync::schema::{CAFE, CAFE_AGREEMENT};
use crate::{Error, Result};
use chrono::NaiveDate;
use feltbog_api::cafes::{
    AgreementInput, AgreementView, AttendanceRow, CafeFilter, CafeView, DueAgreement, NewCafe,
};
use feltbog_api::{AgreementId, CafeId, SchoolId};
use rusqlite::{params, OptionalExtension, Row};

const SELECT_CAFE: &str = concat!(
    "SELECT c.id, c.date, c.status, c.school_id, coalesce(s.name, c.area),
        c.area, c.grades, c.kind, c.theme, c.theme_other, c.partners, c.partner_other,
        c.parents, c.invited, c.raised, c.notes, c.author, ",
    owner_of!(cafe),
    " FROM cafes c LEFT JOIN schools s ON s.id = c.school_id"
);

fn cafe_from_row(r: &Row<'_>) -> rusqlite::Result<CafeView> {
    let school: Option<String> = r.get(3)?;
    Ok(CafeView {
        id: CafeId(parse_id(r.get_ref(0)?.as_str()?)?),
        date: r.get(1)?,
        status: word(r, 2)?,
        school: school.map(|s| parse_id(&s).map(SchoolId)).transpose()?,
        place: r.get(4)?,
        area: r.get(5)?,
        grades: json(r, 6)?,
        kind: word(r, 7)?,
        theme: word(r, 8)?,
        theme_other: r.get(9)?,
        partners: json(r, 10)?,
        partner_other: r.get(11)?,
        parents: r.get(12)?,
        invited: r.get(13)?,
        raised: r.get(14)?,
        notes: r.get(15)?,
        author: r.get(16)?,
        owner: r.get(17)?,
        agreements: Vec::new(),
    })
}

fn agreement_from_row(r: &Row<'_>) -> rusqlite::Result<AgreementView> {
    Ok(AgreementView {
        id: AgreementId(parse_id(r.get_ref(0)?.as_str()?)?),
        text: r.get(1)?,
        revisit: r.get(2)?,
        done: r.get(3)?,
        owner: r.get(4)?,
    })
}

impl Store {
    pub fn cafe(&self, id: CafeId) -> Result<CafeView> {
        let mut c = self
            .conn
            .prepare_cached(&format!("{SELECT_CAFE} WHERE c.id = ?1"))?
            .query_row([id.to_string()], cafe_from_row)
            .optional()?
            .ok_or(Error::NotFound("parent café"))?;
        c.agreements = self.agreements_of(id)?;
        Ok(c)
    }

    /// Cafés matching the filter, newest first, each with its agreements.
    pub fn cafes(&self, f: &CafeFilter) -> Result<Vec<CafeView>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_CAFE}
             WHERE (?1 IS NULL OR c.school_id = ?1) AND (?2 IS NULL OR c.theme = ?2)
               AND (?3 IS NULL OR c.date >= ?3) AND (?4 IS NULL OR c.date <= ?4)
             ORDER BY c.date DESC, c.id DESC"
        ))?;
        let school = f.school.map(|s| s.to_string());
        let theme = f.theme.map(|t| t.as_str());
        let mut cafes: Vec<CafeView> = stmt
            .query_map(params![school, theme, f.from, f.to], cafe_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        for c in &mut cafes {
            c.agreements = self.agreements_of(c.id)?;
        }
        Ok(cafes)
    }

    fn agreements_of(&self, cafe: CafeId) -> Result<Vec<AgreementView>> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT a.id, a.text, a.revisit, a.done, ",
            owner_of!(agreement),
            " FROM cafe_agreements a JOIN cafes c ON c.id = a.cafe_id
             WHERE a.cafe_id = ?1 ORDER BY a.revisit, a.id"
        ))?;
        let rows = stmt.query_map([cafe.to_string()], agreement_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Open agreements due on or before `until` (all if `None`), oldest first.
    pub fn due_agreements(&self, until: Option<NaiveDate>) -> Result<Vec<DueAgreement>> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT a.id, a.text, a.revisit, a.done, ",
            owner_of!(agreement),
            ", c.id, c.date, coalesce(s.name, c.area)
             FROM cafe_agreements a JOIN cafes c ON c.id = a.cafe_id
             LEFT JOIN schools s ON s.id = c.school_id
             WHERE a.done = 0 AND (?1 IS NULL OR a.revisit <= ?1)
             ORDER BY a.revisit, c.date, a.id"
        ))?;
        let rows = stmt.query_map([until], |r| {
            Ok(DueAgreement {
                agreement: agreement_from_row(r)?,
                cafe: CafeId(parse_id(r.get_ref(5)?.as_str()?)?),
                cafe_date: r.get(6)?,
                place: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Held cafés in a period, grouped by `group` (an SQL expression over
    /// the café `c` and its school `s`): counts and, where known, invited.
    fn attendance_by(
        &self,
        group: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<AttendanceRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {group}, count(*), sum(c.parents),
                    coalesce(sum(CASE WHEN c.invited IS NOT NULL THEN c.parents END), 0),
                    coalesce(sum(c.invited), 0)
             FROM cafes c LEFT JOIN schools s ON s.id = c.school_id
             WHERE c.status = 'held' AND c.date BETWEEN ?1 AND ?2
             GROUP BY 1 ORDER BY 1"
        ))?;
        let rows = stmt.query_map(params![from, to], |r| {
            Ok(AttendanceRow {
                key: r.get(0)?,
                cafes: r.get(1)?,
                parents: r.get(2)?,
                parents_with_invited: r.get(3)?,
                invited: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn attendance_by_school(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<AttendanceRow>> {
        self.attendance_by("coalesce(s.name, c.area)", from, to)
    }

    pub fn attendance_by_theme(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<AttendanceRow>> {
        self.attendance_by("c.theme", from, to)
    }
}

impl Tx<'_> {
    pub fn insert_cafe(&mut self, c: &Valid<NewCafe>, author: &str) -> Result<CafeId> {
        let id = CafeId(uuid::Uuid::now_v7());
        self.write_cafe(id, c, author, true)?;
        Ok(id)
    }

    /// Replaces a café's fields and agreements; agreements missing from the
    /// new list are deleted.
    pub fn update_cafe(&mut self, id: CafeId, c: &Valid<NewCafe>) -> Result<()> {
        let author: String = self
            .tx
            .prepare_cached("SELECT author FROM cafes WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?
            .ok_or(Error::NotFound("parent café"))?;
        self.write_cafe(id, c, &author, false)
    }

    fn write_cafe(
        &mut self,
        id: CafeId,
        c: &Valid<NewCafe>,
        author: &str,
        new: bool,
    ) -> Result<()> {
        let sql = if new {
            "INSERT INTO cafes (id, date, status, school_id, area, grades, kind, theme, theme_other,
                 partners, partner_other, parents, invited, raised, notes, author, hlc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 0)"
        } else {
            "UPDATE cafes SET date = ?2, status = ?3, school_id = ?4, area = ?5, grades = ?6,
                 kind = ?7, theme = ?8, theme_other = ?9, partners = ?10, partner_other = ?11,
                 parents = ?12, invited = ?13, raised = ?14, notes = ?15, author = ?16
             WHERE id = ?1"
        };
        self.tx.prepare_cached(sql)?.execute(params![
            id.to_string(),
            c.date,
            c.status.as_str(),
            c.school.map(|s| s.to_string()),
            c.area,
            to_json(&c.grades)?,
            c.kind.as_str(),
            c.theme.as_str(),
            c.theme_other,
            to_json(&c.partners)?,
            c.partner_other,
            c.parents,
            c.invited,
            c.raised,
            c.notes,
            author
        ])?;
        // Agreements are records of their own.
        self.record(&CAFE, &id.to_string())?;
        self.replace_agreements(id, &c.agreements)
    }

    fn replace_agreements(&mut self, cafe: CafeId, items: &[AgreementInput]) -> Result<()> {
        self.replace_rows(
            &CAFE_AGREEMENT,
            "revisit",
            &cafe.to_string(),
            items,
            "agreement",
        )
    }

    /// Sets an agreement's done mark.
    pub fn set_agreement_done(&mut self, id: AgreementId, done: bool) -> Result<()> {
        let n = self
            .tx
            .prepare_cached("UPDATE cafe_agreements SET done = ?2 WHERE id = ?1")?
            .execute(params![id.to_string(), done])?;
        if n == 0 {
            return Err(Error::NotFound("agreement"));
        }
        self.record(&CAFE_AGREEMENT, &id.to_string())
    }

    /// Deletes a café and its agreements for real, change-log contents included.
    pub fn delete_cafe(&mut self, id: CafeId) -> Result<()> {
        self.delete_rows(&CAFE_AGREEMENT, &id.to_string())?;
        if !self.delete_record(&CAFE, &id.to_string())? {
            return Err(Error::NotFound("parent café"));
        }
        self.discard_draft(&format!("cafe:{id}"))
    }
}
