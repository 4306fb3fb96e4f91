//! Sync operations on an unlocked profile: what the sync client and the
//! conflicts screens call. The transport (server, keys) sits above this.

use super::Session;
use crate::store::{ApplyReport, Choice, Conflict, Incoming, LostEdit, Outgoing};
use crate::sync::Scope;
use crate::{Error, Result};
use std::collections::BTreeMap;

impl Session {
    /// The entries of `scope` the server has not confirmed (those after
    /// `after`), at most `limit`; unsent entries get their places first.
    pub fn sync_outgoing(
        &mut self,
        scope: Scope,
        after: i64,
        limit: usize,
    ) -> Result<Vec<Outgoing>> {
        self.store.with_tx(|t| t.outgoing(scope, after, limit))
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

    pub fn dismiss_lost_edit(&mut self, record_id: &str) -> Result<()> {
        self.store.with_tx(|t| t.dismiss_lost_edit(record_id))
    }

    /// Only for tests: this device's clock runs `ms` ahead (or behind).
    #[doc(hidden)]
    pub fn skew_clock_for_tests(&mut self, ms: i64) {
        self.store.skew_clock_for_tests(ms);
    }
}
