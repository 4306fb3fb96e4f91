//! Removing a value entered for the wrong child (issue 11, point 13): the
//! case's row holds only the current value, but the change log (sync's
//! outbox) and entries parked from other devices keep every version a
//! write logged. A correction of the initials or the CPR number rewrites
//! those copies to the corrected value, so the wrong one is nowhere in the
//! file; `secure_delete` zeroes the bytes it leaves and the WAL is emptied
//! after (the session checkpoints). What has already reached the sync
//! server stays there, encrypted, until the server drops it; the team's
//! devices receive the correction like any change.

use super::Tx;
use crate::Result;
use feltbog_api::CaseId;
use rusqlite::params;
use serde_json::Value;

/// Replaces, anywhere under `field` in `v`, the string `old` with `new`;
/// answers whether anything changed.
fn replace_under(v: &mut Value, field: &str, old: &str, new: &str, inside: bool) -> bool {
    match v {
        Value::String(s) if inside && s == old => {
            *s = new.to_owned();
            true
        }
        Value::Object(map) => {
            let mut changed = false;
            for (k, child) in map.iter_mut() {
                changed |= replace_under(child, field, old, new, inside || k == field);
            }
            changed
        }
        Value::Array(items) => {
            let mut changed = false;
            for child in items.iter_mut() {
                changed |= replace_under(child, field, old, new, inside);
            }
            changed
        }
        _ => false,
    }
}

impl Tx<'_> {
    /// Rewrites every logged or parked copy of the case's `field` that holds
    /// `old` to `new`; answers how many entries changed.
    pub fn scrub_case_value(
        &mut self,
        id: CaseId,
        field: &str,
        old: &str,
        new: &str,
    ) -> Result<usize> {
        self.scrub_value(&id.to_string(), field, old, new)
    }

    /// [`Tx::scrub_case_value`] for any synced record (a waiting row of
    /// the police's list).
    pub fn scrub_value(
        &mut self,
        record: &str,
        field: &str,
        old: &str,
        new: &str,
    ) -> Result<usize> {
        if old.is_empty() || old == new {
            return Ok(0);
        }
        let mut changed = 0;
        for (table, key) in [("change_log", "seq"), ("parked", "id")] {
            let rows: Vec<(i64, String)> = self
                .tx
                .prepare(&format!(
                    "SELECT {key}, payload FROM {table}
                     WHERE record_id = ?1 AND payload IS NOT NULL"
                ))?
                .query_map([record], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (k, payload) in rows {
                let Ok(mut v) = serde_json::from_str::<Value>(&payload) else {
                    continue;
                };
                if replace_under(&mut v, field, old, new, false) {
                    self.tx.execute(
                        &format!("UPDATE {table} SET payload = ?2 WHERE {key} = ?1"),
                        params![k, v.to_string()],
                    )?;
                    changed += 1;
                }
            }
        }
        Ok(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_named_field_is_rewritten() {
        let mut v: Value = serde_json::json!({
            "groups": {
                "initials": {"values": {"initials": "Q.X."}, "stamp": 1},
                "journal": {"values": {"journal": "Q.X."}, "stamp": 1}
            }
        });
        assert!(replace_under(&mut v, "initials", "Q.X.", "M.K.", false));
        assert_eq!(v["groups"]["initials"]["values"]["initials"], "M.K.");
        assert_eq!(v["groups"]["journal"]["values"]["journal"], "Q.X.");
        assert!(!replace_under(&mut v, "initials", "Q.X.", "M.K.", false));
    }
}
