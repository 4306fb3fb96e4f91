//! SQL for the sync alarms: what this device refused as the server's (or a
//! member's) doing, by kind, kept until the person has read them.

use super::{Store, Tx};
use crate::Result;
use feltbog_api::team::{AlarmView, SyncAlarm};
use rusqlite::params;

impl Store {
    /// The alarms not yet read, oldest kind first.
    pub fn alarms(&self) -> Result<Vec<AlarmView>> {
        let rows: Vec<(String, u32, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT kind, count, first_at, last_at FROM sync_alarms ORDER BY first_at",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(kind, count, first, last)| {
                Some(AlarmView {
                    alarm: kind.parse::<SyncAlarm>().ok()?,
                    count,
                    first_at: chrono::DateTime::parse_from_rfc3339(&first).ok()?.into(),
                    last_at: chrono::DateTime::parse_from_rfc3339(&last).ok()?.into(),
                })
            })
            .collect())
    }
}

impl Tx<'_> {
    /// Adds `count` alarms of `kind`, noted at `now` (RFC 3339).
    pub fn note_alarm(&mut self, kind: SyncAlarm, count: u32, now: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO sync_alarms (kind, count, first_at, last_at) VALUES (?1, ?2, ?3, ?3)
                 ON CONFLICT (kind) DO UPDATE SET count = count + excluded.count,
                     last_at = excluded.last_at",
            )?
            .execute(params![kind.as_str(), count, now])?;
        Ok(())
    }

    /// The person has read the alarms.
    pub fn dismiss_alarms(&mut self) -> Result<()> {
        self.tx.execute("DELETE FROM sync_alarms", [])?;
        Ok(())
    }
}
