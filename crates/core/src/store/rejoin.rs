//! Leaving a team on this device, and joining again as a new device
//! (docs/SECURITY.md, "Rollback and clones"): what a copied or restored
//! profile does once the server shows it is not the only one writing as
//! its device.
//!
//! Leaving keeps every record and remembers which team this was and how
//! far the server confirmed this device's logs. Joining again takes a new
//! device id, and then:
//!
//! - the same team: what the server confirmed stays history under the old
//!   id (the team has it, under that id, so nothing is sent twice); what
//!   it never confirmed is sent again as the new device, with the versions
//!   it wrote re-authored as the new device everywhere they stand (row
//!   clocks, kept conflict values, the payloads themselves), so the team
//!   sees ordinary new changes and no spurious conflict;
//! - another team: every record is written afresh as the new device.

use super::clock::RowClock;
use super::{migrate, Store, Tx};
use crate::domain::merge::Version;
use crate::sync::payload::{Op, Payload};
use crate::sync::schema::ENTITIES;
use crate::sync::Scope;
use crate::{Error, Result};
use rusqlite::params;
use std::collections::{BTreeMap, BTreeSet};

/// What leaving remembered.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Left {
    pub team: String,
    /// The server confirmed this device's log of each scope up to here.
    pub acked: BTreeMap<String, i64>,
}

impl Store {
    /// The team this profile left, if it left one and has not joined since.
    pub fn left(&self) -> Result<Option<Left>> {
        migrate::meta(&self.conn, "left_team")?
            .map(|j| serde_json::from_str(&j).map_err(|_| Error::Corrupt("left_team".into())))
            .transpose()
    }

    /// Runs `f` in one transaction as device `device` from now on (a
    /// profile joining again): if it fails, the device id is as before.
    pub fn with_tx_as<T>(
        &mut self,
        device: &str,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        let old = std::mem::replace(&mut self.device, device.to_string());
        let r = self.with_tx(|t| {
            let d = t.device;
            t.set_meta("device", d)?;
            f(t)
        });
        if r.is_err() {
            self.device = old;
        }
        r
    }
}

impl Tx<'_> {
    /// Leaves the team on this device: its membership and keys go; every
    /// record stays, and so does the outbox and what it knows of the team
    /// (its member list, epochs and rules are the team's records: joining
    /// the same team again goes on from them; joining another drops them).
    pub fn leave_team(&mut self, left: &Left) -> Result<()> {
        let json = serde_json::to_string(left).map_err(|e| Error::Corrupt(e.to_string()))?;
        self.set_meta("left_team", &json)?;
        for sql in [
            "DELETE FROM team",
            "DELETE FROM epoch_keys",
            "DELETE FROM invites_sent",
            "DELETE FROM sync_alarms",
            "DELETE FROM meta WHERE key = 'announce_epochs'",
            "DELETE FROM meta WHERE key = 'v1_entries'",
        ] {
            self.tx.execute(sql, [])?;
        }
        Ok(())
    }

    /// Joining the team it left again (in [`Store::with_tx_as`] the new
    /// device `new`): what the server confirmed becomes history; the rest
    /// is sent again, re-authored.
    pub fn requeue_as(&mut self, old: &str, new: &str, left: &Left) -> Result<()> {
        let mut stamps = BTreeSet::new();
        for scope in Scope::ALL {
            let acked = left.acked.get(scope.as_str()).copied().unwrap_or(0);
            // Confirmed: the team has it under the old id. History now.
            self.tx.execute(
                "UPDATE change_log SET v = 0, send_seq = NULL, scope = NULL,
                     payload = CASE op WHEN 'delete' THEN NULL ELSE payload END
                 WHERE scope = ?1 AND send_seq IS NOT NULL AND send_seq <= ?2",
                params![scope.as_str(), acked],
            )?;
            let unsent: Vec<(i64, String)> = self
                .tx
                .prepare(
                    "SELECT seq, payload FROM change_log
                     WHERE scope = ?1 AND v >= 1 AND device = ?2",
                )?
                .query_map(params![scope.as_str(), old], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (_, json) in &unsent {
                let p = Payload::from_json(json)
                    .map_err(|_| Error::Corrupt("an outbox entry cannot be read".into()))?;
                if let Op::Set { groups } = &p.op {
                    stamps.extend(groups.values().map(|g| g.stamp));
                }
            }
            self.tx.execute(
                "UPDATE change_log SET send_seq = NULL, device = ?2
                 WHERE scope = ?1 AND v >= 1",
                params![scope.as_str(), new],
            )?;
        }
        self.reauthor(old, new, &stamps)?;
        for sql in [
            "DELETE FROM outbox_seqs",
            "DELETE FROM sync_acked",
            "DELETE FROM sent_sigs",
        ] {
            self.tx.execute(sql, [])?;
        }
        self.forget_left()
    }

    /// Joining another team (in [`Store::with_tx_as`] the new device):
    /// every record is written afresh (the new team has none of them).
    pub fn relog(&mut self) -> Result<()> {
        self.tx.execute(
            "UPDATE change_log SET v = 0, send_seq = NULL, scope = NULL,
                 payload = CASE op WHEN 'delete' THEN NULL ELSE payload END",
            [],
        )?;
        for e in ENTITIES {
            self.tx
                .execute(&format!("UPDATE {} SET clock = '{{}}'", e.table), [])?;
        }
        for sql in [
            "DELETE FROM outbox_seqs",
            "DELETE FROM sync_acked",
            "DELETE FROM sent_sigs",
            "DELETE FROM sync_cursors",
            "DELETE FROM sync_kills",
            "DELETE FROM parked",
            "DELETE FROM field_heads",
            "DELETE FROM field_pending",
            // The old team's own records: its members, epochs and rules.
            "DELETE FROM members",
            "DELETE FROM key_epochs",
            "DELETE FROM epoch_seen",
            "DELETE FROM team_rules",
        ] {
            self.tx.execute(sql, [])?;
        }
        self.forget_left()?;
        self.baseline()?;
        Ok(())
    }

    fn forget_left(&mut self) -> Result<()> {
        self.tx
            .execute("DELETE FROM meta WHERE key = 'left_team'", [])?;
        Ok(())
    }

    /// Every version `old` wrote at one of `stamps` becomes `new`'s: in the
    /// row clocks, the kept concurrent values, the versions a change
    /// waits on, and the payloads still to be sent.
    fn reauthor(&mut self, old: &str, new: &str, stamps: &BTreeSet<i64>) -> Result<()> {
        let swap = |v: &mut Version| {
            if v.device == old && stamps.contains(&v.stamp) {
                v.device = new.to_string();
            }
        };
        for e in ENTITIES {
            let rows: Vec<(String, String)> = self
                .tx
                .prepare(&format!(
                    "SELECT id, clock FROM {} WHERE instr(clock, ?1) > 0",
                    e.table
                ))?
                .query_map([old], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (id, clock) in rows {
                let mut c = RowClock::parse(&clock)?;
                c.groups.values_mut().for_each(|g| swap(&mut g.version));
                self.tx.execute(
                    &format!("UPDATE {} SET clock = ?2 WHERE id = ?1", e.table),
                    params![id, c.to_json()],
                )?;
            }
        }
        for table in ["field_heads", "field_pending"] {
            for stamp in stamps {
                self.tx.execute(
                    &format!("UPDATE {table} SET device = ?2 WHERE device = ?1 AND stamp = ?3"),
                    params![old, new, stamp],
                )?;
            }
        }
        let queued: Vec<(i64, String)> = self
            .tx
            .prepare("SELECT seq, payload FROM change_log WHERE v >= 1 AND device = ?1")?
            .query_map([new], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (seq, json) in queued {
            let mut p = Payload::from_json(&json)
                .map_err(|_| Error::Corrupt("an outbox entry cannot be read".into()))?;
            match &mut p.op {
                Op::Set { groups } => groups
                    .values_mut()
                    .for_each(|g| g.replaced.iter_mut().for_each(swap)),
                Op::Delete { seen } => seen.iter_mut().for_each(swap),
            }
            self.tx.execute(
                "UPDATE change_log SET payload = ?2 WHERE seq = ?1",
                params![seq, p.to_json()],
            )?;
        }
        Ok(())
    }
}
