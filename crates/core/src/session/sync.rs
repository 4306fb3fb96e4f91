//! Sync operations on an unlocked profile: what the sync client and the
//! conflicts screens call. The transport (server, keys) sits above this.

use super::Session;
use crate::domain::{hlc, merge::Version};
use crate::store::{ApplyReport, Choice, Conflict, LostEdit};
use crate::sync::payload::{GroupValues, Value};
use crate::sync::Scope;
use crate::sync::{Incoming, Outgoing};
use crate::{Error, Result};
use feltbog_api::team::{ConflictSide, ConflictView, LostEditView};
use std::collections::BTreeMap;

fn side(values: &GroupValues, v: &Version, shown: bool, names: &Names) -> ConflictSide {
    let text = if values.len() == 1 {
        values.values().map(value_text).collect()
    } else {
        values
            .iter()
            .map(|(k, v)| format!("{k}: {}", value_text(v)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    ConflictSide {
        text,
        device: v.device.clone(),
        by: names.get(&v.device).cloned().unwrap_or_default(),
        written_at: chrono::DateTime::from_timestamp_millis(hlc::wall_ms(v.stamp))
            .unwrap_or_default(),
        shown,
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Int(i) => i.to_string(),
        Value::Text(t) => t.clone(),
    }
}

/// The team's member names by device.
type Names = BTreeMap<String, String>;

impl Session {
    fn member_names(&self) -> Result<Names> {
        Ok(self
            .store
            .members()?
            .into_iter()
            .map(|m| (m.device, m.name))
            .collect())
    }
    /// The entries of `scope` the server has not confirmed (those after
    /// `after`), at most `limit`; unsent entries get their places first.
    pub fn sync_outgoing(
        &mut self,
        scope: Scope,
        after: i64,
        limit: usize,
    ) -> Result<Vec<Outgoing>> {
        Ok(self
            .outgoing_sized(scope, after, limit)?
            .into_iter()
            .map(|(o, _)| o)
            .collect())
    }

    /// [`Self::sync_outgoing`], each entry with the length of the JSON it
    /// is sealed from; read on every core, outside the transaction.
    pub(super) fn outgoing_sized(
        &mut self,
        scope: Scope,
        after: i64,
        limit: usize,
    ) -> Result<Vec<(Outgoing, usize)>> {
        let unsent = self.store.with_tx(|t| t.outgoing(scope, after, limit))?;
        crate::sync::envelope::read_unsent(&unsent)
    }

    /// Remembers the tags this device's own deletion killed (the push does,
    /// once it has sealed the deletion): the places they empty in other
    /// devices' logs are then covered here too.
    pub fn sync_note_kills(&mut self, scope: Scope, tags: &[String]) -> Result<()> {
        self.store.with_tx(|t| t.note_kills(scope, tags))
    }

    /// Applies entries received from other devices, in one transaction.
    pub fn sync_apply(&mut self, batch: Vec<Incoming>) -> Result<ApplyReport> {
        self.store.with_tx(|t| t.apply(batch))
    }

    /// How far each other device's log has been applied.
    pub fn sync_cursors(&self, scope: Scope) -> Result<BTreeMap<String, i64>> {
        self.store.cursors(scope)
    }

    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        self.store.conflicts()
    }

    /// The conflicts as the screens and the command line show them.
    pub fn conflict_views(&self) -> Result<Vec<ConflictView>> {
        let me = self.store.device().to_string();
        let names = self.member_names()?;
        self.store
            .conflicts()?
            .into_iter()
            .map(|c| {
                let current = side(&c.current, &c.current_version, true, &names);
                let other = side(&c.other, &c.other_version, false, &names);
                let (mine, theirs) = if c.mine_is_current(&me) {
                    (current, other)
                } else {
                    (other, current)
                };
                let (place, date) = self.store.record_place(c.entity, &c.record_id)?;
                Ok(ConflictView {
                    id: c.id,
                    entity: c.entity.to_string(),
                    record_id: c.record_id,
                    place,
                    date,
                    field: c.group,
                    mine,
                    theirs,
                })
            })
            .collect()
    }

    /// Keeps one side of a conflict (`mine`: the value written on this
    /// device, or the one shown now where neither was).
    pub fn settle_conflict(&mut self, id: &str, choice: Choice) -> Result<()> {
        let c = self
            .store
            .conflicts()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or(Error::NotFound("conflict"))?;
        self.store.with_tx(|t| t.settle_conflict(&c, choice))
    }

    pub fn lost_edits(&self) -> Result<Vec<LostEdit>> {
        self.store.lost_edits()
    }

    /// The lost edits as the screens show them, with who deleted.
    pub fn lost_edit_views(&self) -> Result<Vec<LostEditView>> {
        let names = self.member_names()?;
        Ok(self
            .store
            .lost_edits()?
            .into_iter()
            .map(|l| LostEditView {
                deleted_by: names.get(&l.deleted_by).cloned().unwrap_or_default(),
                record_id: l.record_id,
                entity: l.entity,
                text: l.summary,
            })
            .collect())
    }

    pub fn dismiss_lost_edit(&mut self, record_id: &str) -> Result<()> {
        self.store.with_tx(|t| t.dismiss_lost_edit(record_id))
    }

    /// Only for tests: this device's clock runs `ms` ahead (or behind).
    #[cfg(any(test, feature = "test-support"))]
    #[doc(hidden)]
    pub fn skew_clock_for_tests(&mut self, ms: i64) {
        self.store.skew_clock_for_tests(ms);
    }
}
