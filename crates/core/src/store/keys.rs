//! SQL for the team's keys as this device holds them: the epoch keys (and
//! who granted each), the coordinators' epoch announcements, and the tags
//! the deletions it checked have killed.

use super::{Store, Tx};
use crate::sync::crypto::EpochKey;
use crate::sync::schema::{epoch_record, KEY_EPOCH};
use crate::sync::Scope;
use crate::Result;
use rusqlite::{params, OptionalExtension};
use std::collections::BTreeMap;
use zeroize::Zeroizing;

/// An epoch as a coordinator's device announced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announced {
    pub epoch: u32,
    /// The public id of its key (`EpochKey::id`).
    pub key_id: String,
    /// The devices removed from the team when it was made: a device that
    /// knows of another removal does not write under it.
    pub removed: Vec<String>,
}

impl Store {
    /// The epoch keys of a scope, oldest first.
    pub fn epoch_keys(&self, scope: Scope) -> Result<Vec<(u32, EpochKey)>> {
        let rows: Vec<(u32, Zeroizing<Vec<u8>>)> = self
            .conn
            .prepare_cached("SELECT epoch, key FROM epoch_keys WHERE scope = ?1 ORDER BY epoch")?
            .query_map([scope.as_str()], |r| {
                Ok((r.get(0)?, Zeroizing::new(r.get(1)?)))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(e, k)| Ok((e, EpochKey::from_slice(&k)?)))
            .collect()
    }

    /// Each epoch of `scope` this device holds, with the coordinator's
    /// device whose grant brought it (`None`: made here, or from the
    /// invite, or taken before grants were signed).
    pub fn granted(&self, scope: Scope) -> Result<Vec<(u32, Option<String>)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT epoch, granted_by FROM epoch_keys WHERE scope = ?1 ORDER BY epoch",
            )?
            .query_map([scope.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The epoch each scope is announced at, where a coordinator has.
    pub fn announced(&self) -> Result<BTreeMap<Scope, Announced>> {
        let rows: Vec<(String, i64, String, String)> = self
            .conn
            .prepare_cached("SELECT scope, epoch, key_id, removed FROM key_epochs")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(scope, epoch, key_id, removed)| {
                Some((
                    Scope::parse(&scope)?,
                    Announced {
                        epoch: u32::try_from(epoch).ok()?,
                        key_id,
                        // A list this program wrote; anything else reads as
                        // one that names nobody.
                        removed: serde_json::from_str(&removed).unwrap_or_default(),
                    },
                ))
            })
            .collect())
    }
}

impl Store {
    /// The newest epoch of each scope each coordinator's device was seen
    /// writing under: `(scope, device, epoch)`.
    pub fn seen_epochs(&self) -> Result<Vec<(Scope, String, u32)>> {
        let rows: Vec<(String, String, i64)> = self
            .conn
            .prepare_cached("SELECT scope, device, epoch FROM epoch_seen")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(s, d, e)| Some((Scope::parse(&s)?, d, u32::try_from(e).ok()?)))
            .collect())
    }

    /// Whether this profile's team was made before epochs were announced
    /// and its epochs are not announced yet (migration 16).
    pub fn epochs_unannounced(&self) -> Result<bool> {
        Ok(super::migrate::meta(&self.conn, "announce_epochs")?.is_some())
    }

    /// Whether the team's logs may hold places emptied before entries
    /// carried their version (a team from Feltbog 0.1.0): only then is an
    /// unsigned emptied header taken, before each writer's first entry of
    /// version 2.
    pub fn v1_entries(&self) -> Result<bool> {
        Ok(super::migrate::meta(&self.conn, "v1_entries")?.is_some())
    }
}

impl Tx<'_> {
    /// The team joined is one from Feltbog 0.1.0 (`Store::v1_entries`).
    pub fn keep_v1_entries(&mut self) -> Result<()> {
        self.set_meta("v1_entries", "1")
    }

    /// From `seq` on, `device`'s log of `scope` holds no entry of version
    /// 1 (as the inviting coordinator saw it). An earlier mark stays.
    pub fn mark_v2(&mut self, scope: Scope, device: &str, seq: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO sync_cursors (scope, device, seq, v2) VALUES (?1, ?2, 0, ?3)
                 ON CONFLICT (scope, device) DO UPDATE SET
                     v2 = CASE WHEN v2 = 0 OR v2 > excluded.v2 THEN excluded.v2 ELSE v2 END",
            )?
            .execute(params![scope.as_str(), device, seq])?;
        Ok(())
    }

    /// The epochs are announced now (`epochs_unannounced`).
    pub fn epochs_announced(&mut self) -> Result<()> {
        self.tx
            .execute("DELETE FROM meta WHERE key = 'announce_epochs'", [])?;
        Ok(())
    }

    /// Keeps an epoch key; `granted_by`: the coordinator's device whose
    /// signed grant brought it (`None`: made here, or from the invite). A
    /// key already held for that epoch stays.
    pub fn add_epoch_key(
        &mut self,
        scope: Scope,
        epoch: u32,
        key: &EpochKey,
        granted_by: Option<&str>,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO epoch_keys (scope, epoch, key, granted_by) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (scope, epoch) DO NOTHING",
            )?
            .execute(params![
                scope.as_str(),
                epoch,
                key.bytes().as_slice(),
                granted_by
            ])?;
        Ok(())
    }

    /// Announces `scope`'s epoch to the team, with the devices granted it
    /// (coordinators only: the apply path parks it from anyone else).
    pub fn announce(
        &mut self,
        scope: Scope,
        epoch: u32,
        key_id: &str,
        removed: &[String],
    ) -> Result<()> {
        let id = epoch_record(scope).to_string();
        let list =
            serde_json::to_string(removed).map_err(|e| crate::Error::Corrupt(e.to_string()))?;
        self.tx
            .prepare_cached(
                "INSERT INTO key_epochs (id, scope, epoch, key_id, removed)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch,
                     key_id = excluded.key_id, removed = excluded.removed",
            )?
            .execute(params![id, scope.as_str(), epoch, key_id, list])?;
        self.record(&KEY_EPOCH, &id)
    }

    /// Coordinator `device` was seen writing `scope` under `epoch`.
    pub fn saw_epoch(&mut self, scope: Scope, device: &str, epoch: u32) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO epoch_seen (scope, device, epoch) VALUES (?1, ?2, ?3)
                 ON CONFLICT (scope, device) DO UPDATE SET epoch = max(epoch, excluded.epoch)",
            )?
            .execute(params![scope.as_str(), device, epoch])?;
        Ok(())
    }

    /// Remembers the tags a checked deletion killed.
    pub fn note_kills(&mut self, scope: Scope, tags: &[String]) -> Result<()> {
        for t in tags {
            self.tx
                .prepare_cached("INSERT OR IGNORE INTO sync_kills (scope, tag) VALUES (?1, ?2)")?
                .execute(params![scope.as_str(), t])?;
        }
        Ok(())
    }

    /// Whether a checked deletion killed `tag`.
    pub fn killed(&mut self, scope: Scope, tag: &str) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached("SELECT 1 FROM sync_kills WHERE scope = ?1 AND tag = ?2")?
            .query_row(params![scope.as_str(), tag], |_| Ok(()))
            .optional()?
            .is_some())
    }
}
