//! The apply path's deletions: a record another device deleted, or a
//! child whose parent was deleted, goes here too, with its children; an
//! edit made here that the delete had not seen is kept for the user.

use super::apply::ApplyReport;
use super::outbox::Snapshot;
use super::Tx;
use crate::domain::merge::{self, Version};
use crate::sync::payload::Value;
use crate::sync::schema::{Entity, Kind, Scope, ENTITIES};
use crate::Result;
use rusqlite::params;

impl Tx<'_> {
    /// Deletes `id` here because another device deleted it (`seen`: what
    /// that device had seen) or its parent (`None`). Children go first. An
    /// edit made here that the delete had not seen is kept in `lost_edits`
    /// for the user to read; if the deleting device cannot have known the
    /// record at all, this device sends the tombstone itself so the server
    /// drops the record's entries too.
    pub(super) fn delete_here(
        &mut self,
        e: &'static Entity,
        id: &str,
        by: &str,
        seen: Option<&[Version]>,
        report: &mut ApplyReport,
    ) -> Result<()> {
        for child in ENTITIES {
            let Some((parent, column)) = child.parent() else {
                continue;
            };
            if parent != e.name {
                continue;
            }
            let ids: Vec<String> = self
                .tx
                .prepare_cached(&format!(
                    "SELECT id FROM {} WHERE {column} = ?1",
                    child.table
                ))?
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for c in &ids {
                self.delete_here(child, c, by, None, report)?;
            }
        }
        let Some(snap) = self.snapshot(e, id)? else {
            self.forget_merge_state(id)?;
            return self.remember_deleted(e, id);
        };
        let mut mine: Vec<Version> = snap.clock.versions().cloned().collect();
        mine.extend(self.kept_versions(id)?);
        let lost = match seen {
            Some(seen) => merge::edit_lost_to_delete(&mine, seen, self.device),
            None => mine.iter().any(|v| v.device == self.device),
        };
        if lost {
            self.keep_lost_edit(e, id, by, &snap)?;
            report.lost_edits += 1;
        }
        self.tx
            .prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", e.table))?
            .execute([id])?;
        self.forget_merge_state(id)?;
        self.tx
            .prepare_cached("DELETE FROM drafts WHERE form LIKE '%:' || ?1")?
            .execute([id])?;
        if seen.is_none() && lost {
            self.log_tombstone(e, id, mine)
        } else {
            self.redact_earlier(e, id, i64::MAX)?;
            self.remember_deleted(e, id)
        }
    }

    fn keep_lost_edit(&mut self, e: &Entity, id: &str, by: &str, snap: &Snapshot) -> Result<()> {
        // Case content must not outlive the case: only the fact is kept.
        let summary = if e.scope == Scope::Cases {
            String::new()
        } else {
            e.fields
                .iter()
                .filter(|f| f.kind == Kind::FreeText)
                .filter_map(|f| snap.values.get(f.wire).and_then(Value::as_text))
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        };
        self.tx
            .prepare_cached(
                "INSERT INTO lost_edits (record_id, entity, summary, deleted_by, stamp)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (record_id) DO UPDATE SET summary = excluded.summary",
            )?
            .execute(params![id, e.name, summary, by, self.last_stamp])?;
        Ok(())
    }
}
