//! The one apply path for changes from other devices (docs/SYNC.md, "Merge").
//!
//! A batch is applied in one transaction: entries are taken in each
//! device's log order (a repeat is skipped, one after a gap waits for the
//! next pull), parents before children, deletions after everything else and
//! children first. Each entry is checked for structure (not for today's
//! date rules: a visit valid when it was written stays valid), then merged
//! group by group with the pure rules in `domain::merge`. An entry the
//! database refuses is rolled back alone and counted; one whose record or
//! parent has not arrived yet is parked and retried after every batch.
//! Deleted ids are remembered, so nothing resurrects.

use super::clock::{fingerprint, GroupClock};
use super::index_later;
use super::outbox::{group_values, Snapshot};
use super::Tx;
use crate::domain::hlc;
use crate::domain::merge::{self, Change, GroupState, Head, Policy, Version};
use crate::sync::payload::{GroupChange, GroupValues, Op, Payload, Value};
use crate::sync::schema::{self, Entity, Kind, Scope};
use crate::sync::{Incoming, EPOCHS_AHEAD};
use crate::{Error, Result};
use rusqlite::{params, OptionalExtension};
use std::collections::BTreeMap;

/// How far ahead of this device's clock a change may be stamped: one day.
/// A change stamped further ahead (a clock days wrong, or a member's
/// altered program stamping far in the future to win a record for ever)
/// is parked until this device's clock gets there, and counted in
/// [`ApplyReport::future`] for the alarm. Every device applies it in the
/// end, with its own stamps, so they still agree.
const CLAMP_MS: i64 = 24 * 60 * 60 * 1000;

/// Why a log stopped short in this batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// An emptied place no checked deletion covers (yet: the deletion may
    /// come in a later page).
    Uncovered,
    /// A place the server left out.
    Gap,
}

/// What a batch did. Counts only: nothing of a record's content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyReport {
    pub applied: usize,
    pub deleted: usize,
    pub repeated: usize,
    pub out_of_order: usize,
    pub parked: usize,
    pub refused: usize,
    pub new_conflicts: usize,
    pub lost_edits: usize,
    /// Changes stamped more than a day ahead: parked until then.
    pub future: usize,
    /// The logs that stopped short, and why.
    pub blocked: Vec<(Scope, String, Block)>,
}

enum Outcome {
    Applied,
    Deleted,
    /// Already deleted here, or a child of a deleted parent.
    Ignored,
    /// Waits for its record's first entry or for a record it refers to.
    Parked,
    Refused,
}

fn constraint(e: &Error) -> bool {
    matches!(e, Error::Db(d) if d.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation))
}

impl Tx<'_> {
    /// Applies a batch of entries from other devices.
    pub fn apply(&mut self, batch: Vec<Incoming>) -> Result<ApplyReport> {
        let mut report = ApplyReport::default();
        let mut ready = self.in_log_order(batch, &mut report)?;
        // Counted from what will be written, so repeats a server pads a
        // pull with change nothing.
        if ready.len() + self.parked_due()? >= index_later::FROM_ENTRIES {
            self.index_later();
        }
        // Sets parents first; deletions last, children first.
        ready.sort_by_key(|(_, p)| match p.op {
            Op::Set { .. } => (0, schema::rank(&p.entity) as i64),
            Op::Delete { .. } => (1, -(schema::rank(&p.entity) as i64)),
        });
        let now = self.now_ms();
        let ceiling = (now + CLAMP_MS) << 16;
        let mut newest = 0;
        for (device, payload) in &ready {
            let stamp = newest_stamp(payload);
            if stamp > ceiling {
                // A day or more ahead: it waits for this clock to get there,
                // so one bad clock (or a member stamping `i64::MAX`) cannot
                // win a record for ever.
                report.future += 1;
                self.park(payload, device, hlc::wall_ms(stamp) - CLAMP_MS)?;
                continue;
            }
            newest = newest.max(stamp);
            match self.apply_entry(device, payload, &mut report)? {
                Outcome::Applied => report.applied += 1,
                Outcome::Deleted => report.deleted += 1,
                Outcome::Parked => self.park(payload, device, 0)?,
                Outcome::Refused => report.refused += 1,
                Outcome::Ignored => {}
            }
        }
        self.retry_parked(&mut report)?;
        self.index_now()?;
        report.parked = self
            .tx
            .query_row("SELECT count(*) FROM parked", [], |r| r.get::<_, i64>(0))?
            as usize;
        self.last_stamp = hlc::observe(self.last_stamp, newest.min(ceiling), now);
        // Received stamps are not in this device's change log: keep the
        // clock where a reopened profile finds it.
        let clock = self.last_stamp.to_string();
        self.set_meta("clock", &clock)?;
        Ok(report)
    }

    /// Keeps an entry to try again after every batch (`not_before`: not
    /// before this wall-clock time, in milliseconds).
    fn park(&mut self, p: &Payload, device: &str, not_before: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO parked (record_id, device, payload, not_before)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![p.id.to_string(), device, p.to_json(), not_before])?;
        Ok(())
    }

    /// Keeps the entries that come next in their device's log, advancing
    /// each cursor; counts repeats; stops a log at a place the server left
    /// out or emptied without a checked deletion.
    fn in_log_order(
        &mut self,
        mut batch: Vec<Incoming>,
        report: &mut ApplyReport,
    ) -> Result<Vec<(String, Payload)>> {
        batch.sort_by(|a, b| (a.scope, &a.device, a.seq).cmp(&(b.scope, &b.device, b.seq)));
        // A deletion in this batch covers places emptied anywhere in it.
        let fresh: Vec<(Scope, &str)> = batch
            .iter()
            .flat_map(|i| i.kills.iter().map(move |k| (i.scope, k.as_str())))
            .collect();
        let mut covered = std::collections::BTreeSet::new();
        for i in &batch {
            if let Some(tag) = &i.emptied {
                if fresh.contains(&(i.scope, tag.as_str())) || self.killed(i.scope, tag)? {
                    covered.insert((i.scope, i.device.clone(), i.seq));
                }
            }
        }
        let mut cursors: BTreeMap<(Scope, String), i64> = BTreeMap::new();
        let mut v2: BTreeMap<(Scope, String), i64> = BTreeMap::new();
        let mut stopped: BTreeMap<(Scope, String), Block> = BTreeMap::new();
        let mut ready = Vec::new();
        for entry in batch {
            if entry.device == self.device {
                report.repeated += 1; // our own entries, echoed back
                continue;
            }
            let key = (entry.scope, entry.device.clone());
            if stopped.contains_key(&key) {
                continue;
            }
            let cursor = match cursors.get(&key) {
                Some(c) => *c,
                None => self.cursor(entry.scope, &entry.device)?,
            };
            if entry.seq <= cursor {
                report.repeated += 1;
                continue;
            }
            if entry.seq > cursor + 1 {
                report.out_of_order += 1;
                stopped.insert(key, Block::Gap);
                continue;
            }
            if entry.payload.is_none()
                && !covered.contains(&(entry.scope, entry.device.clone(), entry.seq))
            {
                stopped.insert(key, Block::Uncovered);
                continue;
            }
            cursors.insert(key.clone(), entry.seq);
            if entry.v >= 2 {
                v2.entry(key).or_insert(entry.seq);
            }
            self.note_kills(entry.scope, &entry.kills)?;
            match entry.payload {
                Some(p) if schema::entity(&p.entity).is_some_and(|e| e.scope == entry.scope) => {
                    ready.push((entry.device, p))
                }
                Some(_) => report.refused += 1, // an entity sent under the wrong key scope
                None => {}
            }
        }
        report
            .blocked
            .extend(stopped.into_iter().map(|((s, d), b)| (s, d, b)));
        for ((scope, device), seq) in cursors {
            let first_v2 = v2.get(&(scope, device.clone())).copied().unwrap_or(0);
            self.tx
                .prepare_cached(
                    "INSERT INTO sync_cursors (scope, device, seq, v2) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (scope, device) DO UPDATE SET seq = excluded.seq,
                         v2 = CASE WHEN v2 = 0 THEN excluded.v2 ELSE v2 END",
                )?
                .execute(params![scope.as_str(), device, seq, first_v2])?;
        }
        Ok(ready)
    }

    fn cursor(&mut self, scope: Scope, device: &str) -> Result<i64> {
        Ok(self
            .tx
            .prepare_cached("SELECT seq FROM sync_cursors WHERE scope = ?1 AND device = ?2")?
            .query_row(params![scope.as_str(), device], |r| r.get(0))
            .optional()?
            .unwrap_or(0))
    }

    /// Applies one entry in a savepoint of its own: an entry the database
    /// refuses is undone alone.
    fn apply_entry(
        &mut self,
        device: &str,
        p: &Payload,
        report: &mut ApplyReport,
    ) -> Result<Outcome> {
        let Ok(e) = p.check() else {
            return Ok(Outcome::Refused);
        };
        // Prepared once: a first sync opens and releases 100,000 of these.
        self.tx
            .prepare_cached("SAVEPOINT apply_entry")?
            .execute([])?;
        match self.apply_one(e, device, p, report) {
            Ok(outcome) => {
                self.tx.prepare_cached("RELEASE apply_entry")?.execute([])?;
                Ok(outcome)
            }
            Err(err) => {
                self.tx
                    .execute_batch("ROLLBACK TO apply_entry; RELEASE apply_entry")?;
                if constraint(&err) {
                    Ok(Outcome::Refused)
                } else {
                    Err(err)
                }
            }
        }
    }

    fn apply_one(
        &mut self,
        e: &'static Entity,
        device: &str,
        p: &Payload,
        report: &mut ApplyReport,
    ) -> Result<Outcome> {
        let id = p.id.to_string();
        if e.coordinators_only && !self.is_coordinator(device)? {
            // Perhaps a coordinator whose admission has not been applied
            // yet: it waits rather than being lost.
            return Ok(Outcome::Parked);
        }
        if matches!(p.op, Op::Delete { .. }) && !e.deletable() {
            return Ok(Outcome::Refused);
        }
        if self.is_deleted(&id)? {
            return Ok(Outcome::Ignored);
        }
        match &p.op {
            Op::Delete { .. }
                if e.name == schema::CASE_ACCESS.name
                    && self.snapshot(e, &id)?.is_some()
                    && !self.access_entry_trimmable(&id)? =>
            {
                Ok(Outcome::Ignored)
            }
            Op::Delete { seen } => {
                self.delete_here(e, &id, device, Some(seen), report)?;
                Ok(Outcome::Deleted)
            }
            Op::Set { groups } => self.apply_set(e, &id, device, groups, report),
        }
    }

    fn apply_set(
        &mut self,
        e: &'static Entity,
        id: &str,
        device: &str,
        groups: &BTreeMap<String, GroupChange>,
        report: &mut ApplyReport,
    ) -> Result<Outcome> {
        for (f, target) in refs(e, groups) {
            if self.is_deleted(target)? {
                if matches!(f.kind, Kind::Ref { parent: true, .. }) {
                    // A child of a deleted parent is deleted too.
                    self.remember_deleted(e, id)?;
                    self.forget_merge_state(id)?;
                    return Ok(Outcome::Ignored);
                }
                return Ok(Outcome::Parked);
            }
            let Kind::Ref { entity, .. } = f.kind else {
                continue;
            };
            if !self.exists(entity, target)? {
                return Ok(Outcome::Parked);
            }
        }
        match self.snapshot(e, id)? {
            None if e.required_groups().iter().all(|g| groups.contains_key(*g)) => {
                self.insert_remote(e, id, device, groups)?;
                Ok(Outcome::Applied)
            }
            None => Ok(Outcome::Parked),
            Some(snap) => {
                self.merge_into(e, id, device, snap, groups, report)?;
                Ok(Outcome::Applied)
            }
        }
    }

    fn exists(&mut self, entity: &str, id: &str) -> Result<bool> {
        let Some(e) = schema::entity(entity) else {
            return Ok(false);
        };
        Ok(self
            .tx
            .prepare_cached(&format!("SELECT 1 FROM {} WHERE id = ?1", e.table))?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Whether `device` is an active coordinator on the member list.
    fn is_coordinator(&mut self, device: &str) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT 1 FROM members WHERE id = ?1 AND role = 'coordinator' AND active = 1",
            )?
            .query_row([device], |_| Ok(()))
            .optional()?
            .is_some())
    }

    pub(super) fn is_deleted(&mut self, id: &str) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached("SELECT 1 FROM tombstones WHERE record_id = ?1")?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn insert_remote(
        &mut self,
        e: &'static Entity,
        id: &str,
        device: &str,
        groups: &BTreeMap<String, GroupChange>,
    ) -> Result<()> {
        let mut columns = vec!["id"];
        let mut values: Vec<Value> = vec![Value::Text(id.to_string())];
        let mut clock = super::clock::RowClock::default();
        for (g, change) in groups {
            for (wire, v) in &change.values {
                if let Some(f) = e.field(wire) {
                    columns.push(f.column);
                    values.push(v.clone());
                }
            }
            clock.groups.insert(
                g.clone(),
                GroupClock {
                    version: version(change.stamp, device),
                    fingerprint: fingerprint(&change.values),
                },
            );
        }
        for d in e.derived {
            let from = groups
                .values()
                .find_map(|g| g.values.get(d.from))
                .and_then(Value::as_text)
                .unwrap_or_default();
            columns.push(d.column);
            values.push(Value::Text((d.compute)(from)));
        }
        columns.extend(["clock", "hlc"]);
        values.push(Value::Text(clock.to_json()));
        values.push(Value::Int(clock.newest()));
        let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
        self.tx
            .prepare_cached(&format!(
                "INSERT INTO {} ({}) VALUES ({})",
                e.table,
                columns.join(", "),
                marks.join(", ")
            ))?
            .execute(rusqlite::params_from_iter(values.iter()))?;
        self.inserted(e.table, id);
        Ok(())
    }

    /// Merges each incoming group with what this device holds.
    fn merge_into(
        &mut self,
        e: &'static Entity,
        id: &str,
        device: &str,
        snap: Snapshot,
        groups: &BTreeMap<String, GroupChange>,
        report: &mut ApplyReport,
    ) -> Result<()> {
        let mut clock = snap.clock;
        for (g, change) in groups {
            if let Some(take) = settled(e, g, &snap.values, &change.values) {
                // Decided by what the change says, whatever the stamps (see
                // `settled`).
                if take {
                    self.write_group(e, id, &change.values)?;
                    clock.groups.insert(
                        g.clone(),
                        GroupClock {
                            version: version(change.stamp, device),
                            fingerprint: fingerprint(&change.values),
                        },
                    );
                }
                continue;
            }
            let policy = e.policy(g);
            let before = GroupState {
                current: clock.groups.get(g).map(|c| Head {
                    version: c.version.clone(),
                    value: group_values(e, g, &snap.values),
                }),
                others: self.heads(id, g)?,
                pending: self.pending(id, g)?,
            };
            let incoming = Change {
                head: Head {
                    version: version(change.stamp, device),
                    value: change.values.clone(),
                },
                replaced: change.replaced.clone(),
            };
            let had = merge::conflicting(&before).len();
            let after = merge::merge(before.clone(), incoming, policy);
            report.new_conflicts += merge::conflicting(&after).len().saturating_sub(had);
            if let Some(cur) = &after.current {
                if before.current.as_ref().map(|c| &c.version) != Some(&cur.version) {
                    self.write_group(e, id, &cur.value)?;
                    clock.groups.insert(
                        g.clone(),
                        GroupClock {
                            version: cur.version.clone(),
                            fingerprint: fingerprint(&cur.value),
                        },
                    );
                }
            }
            if policy == Policy::KeepConcurrent {
                self.store_heads(e.name, id, g, &after)?;
            }
        }
        self.write_clock(e, id, &clock)
    }

    pub(super) fn write_group(&mut self, e: &Entity, id: &str, values: &GroupValues) -> Result<()> {
        let mut sets = Vec::new();
        let mut args: Vec<Value> = vec![Value::Text(id.to_string())];
        for (wire, v) in values {
            let Some(f) = e.field(wire) else { continue };
            args.push(v.clone());
            sets.push(format!("{} = ?{}", f.column, args.len()));
            for d in e.derived.iter().filter(|d| d.from == f.wire) {
                args.push(Value::Text((d.compute)(v.as_text().unwrap_or_default())));
                sets.push(format!("{} = ?{}", d.column, args.len()));
            }
        }
        if sets.is_empty() {
            return Ok(());
        }
        self.tx
            .prepare_cached(&format!(
                "UPDATE {} SET {} WHERE id = ?1",
                e.table,
                sets.join(", ")
            ))?
            .execute(rusqlite::params_from_iter(args.iter()))?;
        Ok(())
    }

    /// How many parked entries [`Tx::retry_parked`] will try now.
    fn parked_due(&mut self) -> Result<usize> {
        let n: i64 = self
            .tx
            .prepare_cached("SELECT count(*) FROM parked WHERE not_before <= ?1")?
            .query_row([self.now_ms()], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Tries the parked entries again until none moves.
    fn retry_parked(&mut self, report: &mut ApplyReport) -> Result<()> {
        loop {
            let parked: Vec<(i64, String, String)> = self
                .tx
                .prepare_cached(
                    "SELECT id, device, payload FROM parked WHERE not_before <= ?1 ORDER BY id",
                )?
                .query_map([self.now_ms()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut moved = false;
            for (row, device, json) in parked {
                let outcome = match Payload::from_json(&json) {
                    Ok(p) => self.apply_entry(&device, &p, report)?,
                    Err(_) => Outcome::Refused,
                };
                match outcome {
                    Outcome::Parked => continue,
                    Outcome::Applied => report.applied += 1,
                    Outcome::Deleted => report.deleted += 1,
                    Outcome::Refused => report.refused += 1,
                    Outcome::Ignored => {}
                }
                self.tx
                    .prepare_cached("DELETE FROM parked WHERE id = ?1")?
                    .execute([row])?;
                moved = true;
            }
            if !moved {
                return Ok(());
            }
        }
    }
}

/// The merges no stamp decides: `Some(true)` takes the change, `Some(false)`
/// keeps what this device has, `None` leaves it to the ordinary merge.
fn settled(
    e: &Entity,
    group: &str,
    have: &BTreeMap<String, Value>,
    change: &GroupValues,
) -> Option<bool> {
    sticky_removal(e, group, have, change).or_else(|| rising_epoch(e, group, have, change))
}

/// For an epoch announcement: the higher epoch wins, whatever the stamps. A
/// coordinator whose clock runs behind cannot take the team back to an
/// older key (one a removed member may hold), and a device that has seen
/// an epoch announced never waits for an older one. An epoch more than
/// [`EPOCHS_AHEAD`] past the one held is not taken (a coordinator's
/// announcement at `u32::MAX` would use up the team's epochs).
fn rising_epoch(
    e: &Entity,
    group: &str,
    have: &BTreeMap<String, Value>,
    change: &GroupValues,
) -> Option<bool> {
    if e.name != schema::KEY_EPOCH.name || group != "epoch" {
        return None;
    }
    let epoch = |v: Option<&Value>| match v {
        Some(Value::Int(n)) => Some(*n),
        _ => None,
    };
    let (have, new) = (epoch(have.get("epoch"))?, epoch(change.get("epoch"))?);
    match new.cmp(&have) {
        std::cmp::Ordering::Less => Some(false),
        std::cmp::Ordering::Greater => Some(new <= have + i64::from(EPOCHS_AHEAD)),
        std::cmp::Ordering::Equal => None,
    }
}

/// For a member's access group only: `Some(true)` where the change removes
/// a member this device still has active (it applies, whatever its stamp),
/// `Some(false)` where it would bring back a member removed here (it does
/// not), `None` otherwise (the ordinary merge decides).
fn sticky_removal(
    e: &Entity,
    group: &str,
    have: &BTreeMap<String, Value>,
    change: &GroupValues,
) -> Option<bool> {
    if e.name != schema::MEMBER.name || group != "access" {
        return None;
    }
    let removed = |v: Option<&Value>| matches!(v, Some(Value::Int(0)));
    match (removed(have.get("active")), removed(change.get("active"))) {
        (false, true) => Some(true),
        (true, false) => Some(false),
        _ => None,
    }
}

fn newest_stamp(p: &Payload) -> i64 {
    match &p.op {
        Op::Set { groups } => groups.values().map(|g| g.stamp).max().unwrap_or(0),
        Op::Delete { .. } => 0,
    }
}

fn version(stamp: i64, device: &str) -> Version {
    Version {
        stamp,
        device: device.to_string(),
    }
}

/// The record ids an incoming change points to, with their fields.
fn refs<'a>(
    e: &'static Entity,
    groups: &'a BTreeMap<String, GroupChange>,
) -> Vec<(&'static schema::Field, &'a str)> {
    groups
        .values()
        .flat_map(|g| g.values.iter())
        .filter_map(|(wire, v)| {
            let f = e.field(wire)?;
            match (f.kind, v) {
                (Kind::Ref { .. }, Value::Text(t)) => Some((f, t.as_str())),
                _ => None,
            }
        })
        .collect()
}

impl super::Store {
    /// Where this device first met an entry of payload version 2 or later
    /// in each other device's log, by (scope, device).
    pub fn v2_marks(&self) -> Result<BTreeMap<(Scope, String), i64>> {
        let rows: Vec<(String, String, i64)> = self
            .conn
            .prepare_cached("SELECT scope, device, v2 FROM sync_cursors WHERE v2 > 0")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(s, d, v)| Some(((Scope::parse(&s)?, d), v)))
            .collect())
    }

    /// How far each other device's log has been applied, in `scope`.
    pub fn cursors(&self, scope: Scope) -> Result<BTreeMap<String, i64>> {
        let rows = self
            .conn
            .prepare_cached("SELECT device, seq FROM sync_cursors WHERE scope = ?1")?
            .query_map([scope.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
