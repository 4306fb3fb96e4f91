//! SQL for drafts: the UI's unsaved form state, kept encrypted.

use super::{Store, Tx};
use crate::Result;
use rusqlite::OptionalExtension;

impl Store {
    pub fn draft(&self, form: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT body FROM drafts WHERE form = ?1")?
            .query_row([form], |r| r.get(0))
            .optional()?)
    }

    pub fn save_draft(&mut self, form: &str, body: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO drafts (form, body, saved_at) VALUES (?1, ?2, datetime('now'))
                 ON CONFLICT (form) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at",
            )?
            .execute([form, body])?;
        Ok(())
    }

    /// Deletes the drafts last saved before `day` (UTC); answers how many.
    pub fn expire_drafts(&mut self, day: chrono::NaiveDate) -> Result<usize> {
        Ok(self
            .conn
            .prepare_cached("DELETE FROM drafts WHERE saved_at < ?1")?
            .execute([day.format("%Y-%m-%d").to_string()])?)
    }

    pub fn discard_draft(&mut self, form: &str) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM drafts WHERE form = ?1")?
            .execute([form])?;
        Ok(())
    }
}

impl Tx<'_> {
    /// Drops a draft as part of a larger write (e.g. deleting its record).
    pub fn discard_draft(&mut self, form: &str) -> Result<()> {
        self.tx
            .prepare_cached("DELETE FROM drafts WHERE form = ?1")?
            .execute([form])?;
        Ok(())
    }
}
