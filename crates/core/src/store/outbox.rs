//! The outbox: every local write of a synced record appends one entry to the
//! change log in the writing transaction (docs/SYNC.md, "Entries").
//!
//! A write path changes its row with plain SQL, then calls [`Tx::record`],
//! which compares each field group with the fingerprint in the row's clock
//! and logs only the groups that changed, each with a new version and the
//! version it replaced. Unchanged children of a record (follow-ups saved
//! again with their visit) log nothing.
//!
//! Entries get their place in the device's log (`send_seq`, per scope,
//! without gaps) only when they are first pushed: an entry removed before
//! that, because its record was deleted, leaves no gap. One removed after
//! that becomes a content-free tombstone in its place.

use super::clock::{fingerprint, GroupClock, RowClock};
use super::Tx;
use crate::domain::merge::Version;
use crate::sync::payload::{GroupChange, GroupValues, Op, Payload, Value, PAYLOAD_VERSION};
use crate::sync::schema::{Entity, Scope, ENTITIES};
use crate::sync::Unsent;
use crate::{Error, Result};
use rusqlite::{params, OptionalExtension};
use std::collections::BTreeMap;

/// A row's synced values by wire name, and its clock.
pub(super) struct Snapshot {
    pub values: BTreeMap<String, Value>,
    pub clock: RowClock,
}

fn select_snapshot(e: &Entity) -> String {
    let pairs: Vec<String> = e
        .fields
        .iter()
        .map(|f| format!("'{}', {}", f.wire, f.column))
        .collect();
    format!(
        "SELECT json_object({}), clock FROM {} WHERE id = ?1",
        pairs.join(", "),
        e.table
    )
}

/// The values of one group, taken from a row's values.
pub(super) fn group_values(
    e: &Entity,
    group: &str,
    values: &BTreeMap<String, Value>,
) -> GroupValues {
    e.group_fields(group)
        .map(|f| {
            (
                f.wire.to_string(),
                values.get(f.wire).cloned().unwrap_or(Value::Null),
            )
        })
        .collect()
}

/// The row `id` of `e` as sync sees it, or `None` if there is none.
pub(super) fn snapshot(
    conn: &rusqlite::Connection,
    e: &Entity,
    id: &str,
) -> Result<Option<Snapshot>> {
    let row: Option<(String, String)> = conn
        .prepare_cached(&select_snapshot(e))?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((json, clock)) = row else {
        return Ok(None);
    };
    let map: BTreeMap<String, serde_json::Value> = serde_json::from_str(&json)
        .map_err(|_| Error::Corrupt(format!("a {} row cannot be read", e.name)))?;
    let values = map
        .iter()
        .map(|(k, v)| {
            Value::from_json(v)
                .map(|v| (k.clone(), v))
                .ok_or_else(|| Error::Corrupt(format!("a {} field has a bad type", e.name)))
        })
        .collect::<Result<_>>()?;
    Ok(Some(Snapshot {
        values,
        clock: RowClock::parse(&clock)?,
    }))
}

fn parse_uuid(id: &str) -> Result<uuid::Uuid> {
    uuid::Uuid::parse_str(id).map_err(|_| Error::Corrupt("a record id is not a UUID".into()))
}

impl Tx<'_> {
    /// The row `id` of `e` as sync sees it, or `None` if there is none.
    pub(super) fn snapshot(&mut self, e: &Entity, id: &str) -> Result<Option<Snapshot>> {
        snapshot(&self.tx, e, id)
    }

    /// Logs the groups of row `id` that changed since they were last
    /// versioned. Call after every local write of a synced row.
    pub(super) fn record(&mut self, e: &'static Entity, id: &str) -> Result<()> {
        self.record_settling(e, id, None)
    }

    /// As [`Tx::record`]; `settle` names a group whose kept concurrent
    /// values the write replaces too (a person chose between them), so it is
    /// logged even if its value did not change.
    pub(super) fn record_settling(
        &mut self,
        e: &'static Entity,
        id: &str,
        settle: Option<(&str, &[Version])>,
    ) -> Result<()> {
        let Snapshot { values, mut clock } =
            self.snapshot(e, id)?.ok_or(Error::NotFound(e.name))?;
        let mut groups = BTreeMap::new();
        for g in e.groups() {
            let gv = group_values(e, g, &values);
            let fp = fingerprint(&gv);
            let old = clock.groups.get(g);
            let settled = settle.filter(|(sg, _)| *sg == g).map(|(_, v)| v);
            if old.is_some_and(|c| c.fingerprint == fp) && settled.is_none() {
                continue;
            }
            // A group added by a later migration (the records' `owner`)
            // that was never set here is not news: logging its empty value
            // with a fresh stamp would undo a value set on another device
            // (a hand-over) at the first unrelated edit, and older devices
            // refuse an entry with a group they do not know.
            if old.is_none() && settled.is_none() && never_set(e, g, &gv) {
                continue;
            }
            let mut replaced: Vec<Version> = old.map(|c| c.version.clone()).into_iter().collect();
            replaced.extend(settled.into_iter().flatten().cloned());
            let stamp = self.stamp_above(replaced.iter().map(|r| r.stamp).max());
            clock.groups.insert(
                g.to_string(),
                GroupClock {
                    version: Version {
                        stamp,
                        device: self.device.to_string(),
                    },
                    fingerprint: fp,
                },
            );
            groups.insert(
                g.to_string(),
                GroupChange {
                    values: gv,
                    stamp,
                    replaced,
                },
            );
        }
        if groups.is_empty() {
            return Ok(());
        }
        self.write_clock(e, id, &clock)?;
        self.append(e, id, Op::Set { groups })?;
        Ok(())
    }

    pub(super) fn write_clock(&mut self, e: &Entity, id: &str, clock: &RowClock) -> Result<()> {
        self.tx
            .prepare_cached(&format!(
                "UPDATE {} SET clock = ?2, hlc = ?3 WHERE id = ?1",
                e.table
            ))?
            .execute(params![id, clock.to_json(), clock.newest()])?;
        Ok(())
    }

    /// Deletes row `id` of `e` for real and logs its tombstone, which names
    /// every version this device held (so a receiver can tell an edit the
    /// delete had not seen). `false` if there was no such row. Children are
    /// the caller's: it deletes them first.
    pub(super) fn delete_record(&mut self, e: &'static Entity, id: &str) -> Result<bool> {
        let Some(snap) = self.snapshot(e, id)? else {
            return Ok(false);
        };
        let mut seen: Vec<Version> = snap.clock.versions().cloned().collect();
        seen.extend(self.kept_versions(id)?);
        self.tx
            .prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", e.table))?
            .execute([id])?;
        self.forget_merge_state(id)?;
        self.log_tombstone(e, id, seen)?;
        Ok(true)
    }

    /// Appends a tombstone for `id`, removes what the log held of it and
    /// remembers that it is deleted.
    pub(super) fn log_tombstone(&mut self, e: &Entity, id: &str, seen: Vec<Version>) -> Result<()> {
        let tombstone = self.append(e, id, Op::Delete { seen })?;
        self.redact_earlier(e, id, tombstone)?;
        self.remember_deleted(e, id)
    }

    /// Notes that `id` is deleted, so no late change brings it back.
    pub(super) fn remember_deleted(&mut self, e: &Entity, id: &str) -> Result<()> {
        let stamp = self.last_stamp;
        self.tx
            .prepare_cached(
                "INSERT INTO tombstones (record_id, entity, stamp) VALUES (?1, ?2, ?3)
                 ON CONFLICT (record_id) DO NOTHING",
            )?
            .execute(params![id, e.name, stamp])?;
        Ok(())
    }

    /// Removes the content of `id`'s entries before `before`: unsent ones
    /// go; sent ones keep their place in the log as content-free tombstones
    /// (the log a device pushes has no gaps).
    pub(super) fn redact_earlier(&mut self, e: &Entity, id: &str, before: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "DELETE FROM change_log WHERE record_id = ?1 AND seq < ?2 AND send_seq IS NULL",
            )?
            .execute(params![id, before])?;
        let stub = Payload {
            v: PAYLOAD_VERSION,
            entity: e.name.to_string(),
            id: parse_uuid(id)?,
            op: Op::Delete { seen: Vec::new() },
        };
        self.tx
            .prepare_cached(
                "UPDATE change_log SET op = 'delete', payload = ?3
                 WHERE record_id = ?1 AND seq < ?2 AND send_seq IS NOT NULL",
            )?
            .execute(params![id, before, stub.to_json()])?;
        Ok(())
    }

    /// Appends one entry; returns its local `seq`.
    fn append(&mut self, e: &Entity, id: &str, op: Op) -> Result<i64> {
        let (kind, stamp) = match &op {
            Op::Set { groups } => ("upsert", groups.values().map(|g| g.stamp).max()),
            Op::Delete { .. } => ("delete", None),
        };
        let stamp = stamp.unwrap_or(self.last_stamp);
        let payload = Payload {
            v: PAYLOAD_VERSION,
            entity: e.name.to_string(),
            id: parse_uuid(id)?,
            op,
        };
        self.tx
            .prepare_cached(
                "INSERT INTO change_log (entity, record_id, op, hlc, device, payload, v, scope)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                e.name,
                id,
                kind,
                stamp,
                self.device,
                payload.to_json(),
                PAYLOAD_VERSION,
                e.scope.as_str()
            ])?;
        Ok(self.tx.last_insert_rowid())
    }

    /// The next stamp, above `floor` (the newest version a change replaces)
    /// even if that came from a device whose clock runs ahead. Only this
    /// group's stamp goes above the device's clock, so one bad clock in the
    /// team does not drag every later stamp into the future.
    fn stamp_above(&mut self, floor: Option<i64>) -> i64 {
        let s = self.stamp();
        match floor {
            Some(f) if f >= s => f + 1,
            _ => s,
        }
    }

    /// Gives the unsent entries of `scope` their places in this device's
    /// log, then returns the entries after `after` (what the server has not
    /// confirmed), at most `limit`, unread.
    pub fn outgoing(&mut self, scope: Scope, after: i64, limit: usize) -> Result<Vec<Unsent>> {
        let last: i64 = self
            .tx
            .prepare_cached("SELECT coalesce(max(last), 0) FROM outbox_seqs WHERE scope = ?1")?
            .query_row([scope.as_str()], |r| r.get(0))?;
        let unsent: Vec<i64> = self
            .tx
            .prepare_cached(
                "SELECT seq FROM change_log
                 WHERE scope = ?1 AND v >= 1 AND send_seq IS NULL ORDER BY seq",
            )?
            .query_map([scope.as_str()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for (i, seq) in unsent.iter().enumerate() {
            self.tx
                .prepare_cached("UPDATE change_log SET send_seq = ?2 WHERE seq = ?1")?
                .execute(params![seq, last + 1 + i as i64])?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO outbox_seqs (scope, last) VALUES (?1, ?2)
                 ON CONFLICT (scope) DO UPDATE SET last = excluded.last",
            )?
            .execute(params![scope.as_str(), last + unsent.len() as i64])?;
        let rows: Vec<(i64, String)> = self
            .tx
            .prepare_cached(
                "SELECT send_seq, payload FROM change_log
                 WHERE scope = ?1 AND send_seq > ?2 ORDER BY send_seq LIMIT ?3",
            )?
            .query_map(params![scope.as_str(), after, limit as i64], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .map(|(seq, json)| Unsent { scope, seq, json })
            .collect())
    }

    /// Logs every synced record that has no clock yet: the records written
    /// before the outbox existed (migration 8), so that they join a team
    /// like any other. Runs once per profile.
    pub(super) fn baseline(&mut self) -> Result<usize> {
        let mut n = 0;
        for e in ENTITIES {
            let ids: Vec<String> = self
                .tx
                .prepare_cached(&format!("SELECT id FROM {} WHERE clock = '{{}}'", e.table))?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in &ids {
                self.record(e, id)?;
            }
            n += ids.len();
        }
        Ok(n)
    }
}

impl super::Store {
    /// Entries written here that have no place in this device's log yet.
    pub fn unsent(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM change_log WHERE v >= 1 AND send_seq IS NULL",
            [],
            |r| r.get(0),
        )?)
    }
}

impl super::Store {
    /// Every synced record with its values and versions, every kept
    /// conflicting value and every deleted id, one line each, sorted: two
    /// devices that have converged print the same text. For tests.
    #[cfg(any(test, feature = "test-support"))]
    #[doc(hidden)]
    pub fn sync_state_for_tests(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for e in ENTITIES {
            let ids: Vec<String> = self
                .conn
                .prepare(&format!("SELECT id FROM {}", e.table))?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in ids {
                let Some(snap) = snapshot(&self.conn, e, &id)? else {
                    continue;
                };
                let versions: Vec<String> = snap
                    .clock
                    .groups
                    .iter()
                    .map(|(g, c)| format!("{g}@{}/{}", c.version.stamp, c.version.device))
                    .collect();
                out.push(format!(
                    "{} {id} {} {}",
                    e.name,
                    serde_json::to_string(&snap.values).unwrap_or_default(),
                    versions.join(",")
                ));
            }
        }
        let mut stmt = self
            .conn
            .prepare("SELECT record_id, grp, stamp, device, vals FROM field_heads")?;
        let heads = stmt.query_map([], |r| {
            Ok(format!(
                "head {} {} {}/{} {}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?
            ))
        })?;
        for h in heads {
            out.push(h?);
        }
        out.sort();
        Ok(out)
    }

    /// The ids this profile knows to be deleted.
    #[cfg(any(test, feature = "test-support"))]
    #[doc(hidden)]
    pub fn tombstones_for_tests(&self) -> Result<Vec<String>> {
        let rows = self
            .conn
            .prepare("SELECT record_id FROM tombstones ORDER BY record_id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

/// Whether group `g` of `e` holds nothing a person set: all its fields may
/// be missing, and each is empty.
fn never_set(e: &Entity, g: &str, values: &GroupValues) -> bool {
    e.group_fields(g).all(|f| f.optional)
        && values
            .values()
            .all(|v| matches!(v, Value::Null) || matches!(v, Value::Text(t) if t.is_empty()))
}
