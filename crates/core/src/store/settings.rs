//! Settings: device-local preferences, stored as one JSON value. They are not
//! records and are not synced, so they bypass the change log. (The rules a
//! team shares are a synced record: `team_rules.rs`.)

use super::{Store, Tx};
use crate::{Error, Result};
use chrono::NaiveDate;
use feltbog_api::profile::Settings;
use rusqlite::{Connection, OptionalExtension};

fn read(conn: &Connection) -> Result<Settings> {
    let json: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = 'settings'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    // A missing row or field takes its default (an older Feltbog wrote
    // less). A value that cannot be read is an error, never the default:
    // a silently reset "years before deletion" would let the next purge
    // delete cases the user chose to keep.
    match json {
        None => Ok(Settings::default()),
        Some(j) => serde_json::from_str(&j).map_err(|e| {
            Error::Corrupt(format!(
                "the settings cannot be read (at column {}); nothing was reset",
                e.column()
            ))
        }),
    }
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

impl Store {
    /// The last date this device gave the daily reminder: the device's own
    /// fact, like the settings (another device's reminder says nothing
    /// about this screen).
    pub fn reminded_on(&self) -> Result<Option<NaiveDate>> {
        let day: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM settings WHERE key = 'reminded_on'")?
            .query_row([], |r| r.get(0))
            .optional()?;
        // A value that cannot be read means "not today": one reminder
        // more, never one lost.
        Ok(day.and_then(|d| d.parse().ok()))
    }

    pub fn set_reminded_on(&mut self, day: NaiveDate) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO settings (key, value) VALUES ('reminded_on', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([day.to_string()])?;
        Ok(())
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
