//! The dated rows under a record — a visit's follow-ups, a café's
//! agreements, an activity's follow-ups — written and deleted with it. One
//! write rule for the three, by the sync schema's table and parent column:
//! each row is a synced record of its own.

use super::Tx;
use crate::domain::dated_rows::DatedRow;
use crate::sync::schema::Entity;
use crate::{Error, Result};
use rusqlite::params;
use uuid::Uuid;

impl Tx<'_> {
    /// Makes `child`'s rows under `parent` exactly `rows`: a stored row
    /// missing from them is deleted for real, a new one added, the others
    /// rewritten. `day` is the day's column; an id not under `parent` is
    /// refused as `NotFound(what)`, nothing written.
    pub(super) fn replace_rows(
        &mut self,
        child: &'static Entity,
        day: &str,
        parent: &str,
        rows: &[impl DatedRow],
        what: &'static str,
    ) -> Result<()> {
        let column = parent_column(child)?;
        let existing = self.row_ids(child, parent)?;
        if rows
            .iter()
            .any(|r| r.id().is_some_and(|id| !existing.contains(&id.to_string())))
        {
            return Err(Error::NotFound(what));
        }
        for old in &existing {
            if !rows
                .iter()
                .any(|r| r.id().map(|i| i.to_string()).as_ref() == Some(old))
            {
                self.delete_record(child, old)?;
            }
        }
        for r in rows {
            let id = r.id().unwrap_or_else(Uuid::now_v7).to_string();
            self.tx
                .prepare_cached(&format!(
                    "INSERT INTO {table} (id, {column}, text, {day}, done, hlc)
                     VALUES (?1, ?2, ?3, ?4, ?5, 0)
                     ON CONFLICT (id) DO UPDATE SET text = excluded.text,
                         {day} = excluded.{day}, done = excluded.done",
                    table = child.table
                ))?
                .execute(params![id, parent, r.text(), r.day(), r.done()])?;
            self.record(child, &id)?;
        }
        Ok(())
    }

    /// Deletes every `child` row under `parent` for real (before the
    /// record itself).
    pub(super) fn delete_rows(&mut self, child: &'static Entity, parent: &str) -> Result<()> {
        for id in self.row_ids(child, parent)? {
            self.delete_record(child, &id)?;
        }
        Ok(())
    }

    fn row_ids(&self, child: &'static Entity, parent: &str) -> Result<Vec<String>> {
        let sql = format!(
            "SELECT id FROM {} WHERE {} = ?1",
            child.table,
            parent_column(child)?
        );
        let ids = self
            .tx
            .prepare_cached(&sql)?
            .query_map([parent], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }
}

fn parent_column(child: &Entity) -> Result<&'static str> {
    child
        .parent()
        .map(|(_, column)| column)
        .ok_or_else(|| Error::Corrupt(format!("{} has no parent", child.name)))
}
