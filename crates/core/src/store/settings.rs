//! Settings: device-local preferences, stored as one JSON value. They are not
//! records and are not synced, so they bypass the change log. (The rules a
//! team shares are a synced record: `team_rules.rs`.)

use super::{Store, Tx};
use crate::Result;
use feltbog_api::profile::Settings;
use rusqlite::{Connection, OptionalExtension};

fn read(conn: &Connection) -> Result<Settings> {
    let json: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = 'settings'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    // Unknown or missing fields fall back to defaults so an older file
    // never blocks the app.
    Ok(json
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default())
}

fn write(conn: &Connection, s: &Settings) -> Result<()> {
    let json = serde_json::to_string(s).map_err(std::io::Error::other)?;
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES ('settings', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([json])?;
    Ok(())
}

impl Store {
    /// This device's own settings, as stored.
    pub fn settings(&self) -> Result<Settings> {
        read(&self.conn)
    }

    pub fn save_settings(&mut self, s: &Settings) -> Result<()> {
        write(&self.conn, s)
    }
}

impl Tx<'_> {
    pub fn settings(&self) -> Result<Settings> {
        read(&self.tx)
    }

    pub fn save_settings(&mut self, s: &Settings) -> Result<()> {
        write(&self.tx, s)
    }
}
