//! Settings: device-local preferences, stored as one JSON value. They are not
//! records and are not synced, so they bypass the change log.

use super::Store;
use crate::Result;
use feltbog_api::profile::Settings;

impl Store {
    pub fn settings(&self) -> Result<Settings> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM settings WHERE key = 'settings'")?
            .query_row([], |r| r.get(0))
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        // Unknown or missing fields fall back to defaults so an older file
        // never blocks the app.
        Ok(json
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default())
    }

    pub fn save_settings(&mut self, s: &Settings) -> Result<()> {
        let json = serde_json::to_string(s).map_err(std::io::Error::other)?;
        self.conn
            .prepare_cached(
                "INSERT INTO settings (key, value) VALUES ('settings', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([json])?;
        Ok(())
    }
}
