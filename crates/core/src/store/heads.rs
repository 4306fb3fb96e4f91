//! The merge state kept beside a synced row: concurrent values not yet
//! settled (`field_heads`) and versions replaced before they arrived
//! (`field_pending`). See `domain::merge`.

use super::Tx;
use crate::domain::merge::{GroupState, Head, Version};
use crate::sync::payload::GroupValues;
use crate::{Error, Result};
use rusqlite::params;

pub(super) fn read_vals(json: &str) -> rusqlite::Result<GroupValues> {
    serde_json::from_str(json).map_err(|e| super::row::bad_column(2, e.to_string()))
}

fn version(r: &rusqlite::Row<'_>) -> rusqlite::Result<Version> {
    Ok(Version {
        stamp: r.get(0)?,
        device: r.get(1)?,
    })
}

impl Tx<'_> {
    /// The kept concurrent values of one group.
    pub(super) fn heads(&mut self, id: &str, group: &str) -> Result<Vec<Head<GroupValues>>> {
        let rows = self
            .tx
            .prepare_cached(
                "SELECT stamp, device, vals FROM field_heads WHERE record_id = ?1 AND grp = ?2",
            )?
            .query_map(params![id, group], |r| {
                Ok(Head {
                    version: version(r)?,
                    value: read_vals(r.get_ref(2)?.as_str()?)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub(super) fn pending(&mut self, id: &str, group: &str) -> Result<Vec<Version>> {
        let rows = self
            .tx
            .prepare_cached(
                "SELECT stamp, device FROM field_pending WHERE record_id = ?1 AND grp = ?2",
            )?
            .query_map(params![id, group], version)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Replaces the kept values and pending versions of one group.
    pub(super) fn store_heads(
        &mut self,
        entity: &str,
        id: &str,
        group: &str,
        state: &GroupState<GroupValues>,
    ) -> Result<()> {
        self.tx
            .prepare_cached("DELETE FROM field_heads WHERE record_id = ?1 AND grp = ?2")?
            .execute(params![id, group])?;
        self.tx
            .prepare_cached("DELETE FROM field_pending WHERE record_id = ?1 AND grp = ?2")?
            .execute(params![id, group])?;
        for h in &state.others {
            let vals = serde_json::to_string(&h.value).map_err(|e| Error::Io(e.into()))?;
            self.tx
                .prepare_cached(
                    "INSERT INTO field_heads (record_id, entity, grp, stamp, device, vals)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    id,
                    entity,
                    group,
                    h.version.stamp,
                    h.version.device,
                    vals
                ])?;
        }
        for v in &state.pending {
            self.tx
                .prepare_cached(
                    "INSERT INTO field_pending (record_id, grp, stamp, device)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![id, group, v.stamp, v.device])?;
        }
        Ok(())
    }

    /// Every kept concurrent version of a record, any group.
    pub(super) fn kept_versions(&mut self, id: &str) -> Result<Vec<Version>> {
        let rows = self
            .tx
            .prepare_cached("SELECT stamp, device FROM field_heads WHERE record_id = ?1")?
            .query_map([id], version)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Drops a deleted record's merge state and parked changes.
    pub(super) fn forget_merge_state(&mut self, id: &str) -> Result<()> {
        for table in ["field_heads", "field_pending", "parked"] {
            self.tx
                .prepare_cached(&format!("DELETE FROM {table} WHERE record_id = ?1"))?
                .execute([id])?;
        }
        Ok(())
    }
}
