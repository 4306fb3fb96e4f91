//! Schools of the same name made on two devices before they were in one
//! team: both are kept by sync (never merged silently), and a person merges
//! them. The merge moves every record to the school kept and deactivates
//! the other; it is not deleted, so a record another device wrote against
//! it while offline still finds its school when it arrives.

use super::schools::{from_row, COLUMNS};
use super::{Store, Tx};
use crate::sync::schema::{Entity, ACTIVITY, CAFE, CASE, PENDING, SCHOOL, SURVEY_CLASS, VISIT};
use crate::Result;
use feltbog_api::schools::SchoolView;
use feltbog_api::SchoolId;

/// Every record that names a school, and its column.
const USES: [(&Entity, &str); 6] = [
    (&VISIT, "school_id"),
    (&CAFE, "school_id"),
    (&ACTIVITY, "school_id"),
    (&SURVEY_CLASS, "school_id"),
    (&CASE, "school_id"),
    (&PENDING, "school_id"),
];

impl Store {
    /// Active schools that share a name, in groups; each group oldest
    /// first (ids are time-ordered), the one a merge keeps, so two devices
    /// that both merge keep the same school.
    pub fn duplicate_schools(&self) -> Result<Vec<Vec<SchoolView>>> {
        let rows: Vec<(String, SchoolView)> = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS}, name_key FROM schools
                 WHERE active = 1 AND name_key IN (
                     SELECT name_key FROM schools WHERE active = 1
                     GROUP BY name_key HAVING count(*) > 1)
                 ORDER BY name_key, id"
            ))?
            .query_map([], |r| Ok((r.get(7)?, from_row(r)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut groups: Vec<(String, Vec<SchoolView>)> = Vec::new();
        for (key, school) in rows {
            match groups.last_mut() {
                Some((k, g)) if *k == key => g.push(school),
                _ => groups.push((key, vec![school])),
            }
        }
        Ok(groups.into_iter().map(|(_, g)| g).collect())
    }

    /// How many records on this device name the school.
    pub fn school_uses(&self, id: SchoolId) -> Result<u32> {
        let mut n = 0;
        for (e, column) in USES {
            let c: i64 = self.conn.query_row(
                &format!("SELECT count(*) FROM {} WHERE {column} = ?1", e.table),
                [id.to_string()],
                |r| r.get(0),
            )?;
            n += c as u32;
        }
        Ok(n)
    }
}

impl Tx<'_> {
    /// Moves every record from `other` to `keep` and deactivates `other`;
    /// each change goes to the team. Answers how many records moved.
    pub fn merge_school(&mut self, keep: SchoolId, other: SchoolId) -> Result<u32> {
        let (keep, other) = (keep.to_string(), other.to_string());
        let mut moved = 0;
        for (e, column) in USES {
            let ids: Vec<String> = self
                .tx
                .prepare_cached(&format!("SELECT id FROM {} WHERE {column} = ?1", e.table))?
                .query_map([&other], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in ids {
                self.tx
                    .prepare_cached(&format!(
                        "UPDATE {} SET {column} = ?2 WHERE id = ?1",
                        e.table
                    ))?
                    .execute([&id, &keep])?;
                self.record(e, &id)?;
                moved += 1;
            }
        }
        self.tx
            .prepare_cached("UPDATE schools SET active = 0 WHERE id = ?1")?
            .execute([&other])?;
        self.record(&SCHOOL, &other)?;
        Ok(moved)
    }
}
