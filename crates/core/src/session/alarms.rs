//! The alarms one sync raises (docs/SECURITY.md): counted by kind, then
//! kept in the profile until the person has read them.

use super::Session;
use crate::Result;
use feltbog_api::team::{AlarmView, SyncAlarm};

/// What one sync refused, by kind.
#[derive(Debug, Default)]
pub(super) struct Alarms(Vec<(SyncAlarm, u32)>);

impl Alarms {
    pub fn add(&mut self, kind: SyncAlarm) {
        self.add_n(kind, 1);
    }

    pub fn add_n(&mut self, kind: SyncAlarm, n: u32) {
        if n == 0 {
            return;
        }
        match self.0.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, c)) => *c += n,
            None => self.0.push((kind, n)),
        }
    }

    pub fn kinds(&self) -> Vec<SyncAlarm> {
        self.0.iter().map(|(k, _)| *k).collect()
    }
}

impl Session {
    /// Keeps what a sync refused, for the indicator and `feltbog sync`.
    pub(super) fn keep_alarms(&mut self, alarms: &Alarms) -> Result<()> {
        if alarms.0.is_empty() {
            return Ok(());
        }
        let now = chrono::Utc::now().to_rfc3339();
        self.store.with_tx(|tx| {
            for (kind, n) in &alarms.0 {
                tx.note_alarm(*kind, *n, &now)?;
            }
            Ok(())
        })
    }

    /// The alarms not yet read.
    pub fn sync_alarms(&self) -> Result<Vec<AlarmView>> {
        self.store.alarms()
    }

    /// The person has read the alarms: the indicator is calm again until
    /// the next one.
    pub fn dismiss_sync_alarms(&mut self) -> Result<()> {
        self.store.with_tx(|tx| tx.dismiss_alarms())
    }
}
