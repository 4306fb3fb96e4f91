//! The SQLite storage's reads: who is calling, the team's devices, grants,
//! heads and pull pages.

use crate::rules::Pager;
use crate::storage::{join_info, parse_role, Caller, PullRequest, Result};
use feltbog_wire::{DeviceInfo, DeviceKeys, Emptied, Grant, Heads, Pulled, Slot};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;

/// The device a token names, and when it was last seen (to be written
/// again on the writing connection once a minute old: `rules::seen_again`).
/// Read on a reading connection: every request asks this first, and on
/// the one writing connection's lock it was the point where all requests
/// queued behind whichever thread held it.
pub(super) fn caller(c: &Connection, token_hash: &[u8]) -> Result<Option<(Caller, i64)>> {
    let row = c
        .prepare_cached(
            "SELECT team, id, sign_key, role, cases, admitted, last_seen FROM devices
             WHERE token_hash = ?1 AND revoked = 0",
        )?
        .query_row([token_hash], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, bool>(4)?,
                r.get::<_, bool>(5)?,
                r.get::<_, i64>(6)?,
            ))
        })
        .optional()?;
    let Some((team, device, sign_key, role, cases, admitted, last_seen)) = row else {
        return Ok(None);
    };
    let caller = Caller {
        team,
        device,
        sign_key,
        role: parse_role(&role)?,
        cases,
    };
    Ok(Some((
        crate::storage::effective(caller, admitted),
        last_seen,
    )))
}

pub(super) fn devices(c: &Connection, team: &str) -> Result<Vec<DeviceInfo>> {
    let mut grants: BTreeMap<String, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
    let mut stmt = c.prepare_cached(
        "SELECT device, scope, epoch FROM grants WHERE team = ?1 ORDER BY device, scope, epoch",
    )?;
    for row in stmt.query_map([team], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
        let (device, scope, epoch): (String, String, u32) = row?;
        grants
            .entry(device)
            .or_default()
            .entry(scope)
            .or_default()
            .push(epoch);
    }
    let mut heads: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    for (scope, device, seq) in logs(c, team)? {
        heads.entry(device).or_default().insert(scope, seq);
    }
    let mut stmt = c.prepare_cached(
        "SELECT id, sign_key, box_key, role, cases, last_seen, revoked, join_invite,
                join_sealed, admitted FROM devices WHERE team = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([team], |r| {
            Ok((
                DeviceKeys {
                    device: r.get(0)?,
                    sign_key: r.get(1)?,
                    box_key: r.get(2)?,
                },
                r.get::<_, String>(3)?,
                r.get::<_, bool>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, bool>(6)?,
                join_info(r.get(7)?, r.get(8)?),
                r.get::<_, bool>(9)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(keys, role, cases, last_seen, revoked, join, admitted)| {
            Ok(DeviceInfo {
                admitted,
                grants: grants.remove(&keys.device).unwrap_or_default(),
                heads: heads.remove(&keys.device).unwrap_or_default(),
                keys,
                role: parse_role(&role)?,
                cases,
                last_seen,
                revoked,
                join,
            })
        })
        .collect()
}

pub(super) fn grants_for(
    c: &Connection,
    team: &str,
    device: &str,
    scopes: &[String],
) -> Result<Vec<Grant>> {
    let mut stmt = c.prepare_cached(
        "SELECT scope, epoch, granter, sealed, signature, key_id FROM grants
         WHERE team = ?1 AND device = ?2 ORDER BY scope, epoch",
    )?;
    let rows = stmt
        .query_map(params![team, device], |r| {
            Ok(Grant {
                scope: r.get(0)?,
                epoch: r.get(1)?,
                device: device.to_string(),
                granter: r.get(2)?,
                sealed: r.get(3)?,
                signature: r.get(4)?,
                key_id: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter(|g| scopes.contains(&g.scope))
        .collect())
}

/// Where `device`'s logs end, and the signature at each end.
pub(super) fn heads(c: &Connection, team: &str, device: &str) -> Result<Heads> {
    let mut top = c.prepare_cached(
        "SELECT signature FROM entries WHERE team = ?1 AND scope = ?2 AND device = ?3 AND seq = ?4",
    )?;
    let mut out = Heads::default();
    for (scope, _, seq) in logs(c, team)?.into_iter().filter(|(_, d, _)| d == device) {
        let sig: Option<String> = top.query_row(params![team, scope, device, seq], |r| r.get(0))?;
        if let Some(sig) = sig {
            out.tops.insert(scope.clone(), sig);
        }
        out.heads.insert(scope, seq);
    }
    Ok(out)
}

/// The next log after `(?2, ?3)` in the same scope.
const NEXT_DEVICE: &str =
    "SELECT device FROM entries WHERE team = ?1 AND scope = ?2 AND device > ?3
     ORDER BY device LIMIT 1";
/// The first log of a scope after `?2`.
const NEXT_SCOPE: &str = "SELECT scope, device FROM entries WHERE team = ?1 AND scope > ?2
     ORDER BY scope, device LIMIT 1";
/// The last place of one log.
const LAST_SEQ: &str =
    "SELECT max(seq) FROM entries WHERE team = ?1 AND scope = ?2 AND device = ?3";

/// Each log of the team, `(scope, device, last seq)` in that order, found
/// by seeking the primary key twice per log. A `GROUP BY` over the entries
/// read every entry of the team on every pull (a team's year is some
/// 100,000): the server's main cost in a new device's first sync.
///
/// The next log is two seeks, not one `(scope, device) > (?2, ?3)`:
/// SQLite steps through every entry of the log `(?2, ?3)` to get past it
/// on that comparison (the key's `seq` follows), so every pull, and the
/// answer to every push, read the team's largest log whole (about 11 ms
/// for 100,000 entries, on each request).
pub(super) fn logs(c: &Connection, team: &str) -> Result<Vec<(String, String, i64)>> {
    let mut next_device = c.prepare_cached(NEXT_DEVICE)?;
    let mut next_scope = c.prepare_cached(NEXT_SCOPE)?;
    let mut last = c.prepare_cached(LAST_SEQ)?;
    let mut out = Vec::new();
    // Below every real log: scopes are "team" and "cases", device ids
    // are UUIDs, never empty.
    let (mut scope, mut device) = (String::new(), String::new());
    loop {
        let found = match next_device
            .query_row(params![team, scope, device], |r| r.get::<_, String>(0))
            .optional()?
        {
            Some(d) => Some((scope.clone(), d)),
            None => next_scope
                .query_row(params![team, scope], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?,
        };
        let Some((s, d)) = found else { break };
        let seq: i64 = last.query_row(params![team, s, d], |r| r.get(0))?;
        out.push((s.clone(), d.clone(), seq));
        (scope, device) = (s, d);
    }
    Ok(out)
}

pub(super) fn pull(c: &Connection, team: &str, req: &PullRequest) -> Result<Pulled> {
    let logs = logs(c, team)?;
    let mut out = Pulled::default();
    let mut pager = Pager::new(req.limit);
    for (scope, device, last) in logs {
        let Some(after) = req.after(&scope, &device) else {
            continue;
        };
        if last <= after {
            continue;
        }
        let full = pull_log(c, team, &scope, &device, after, &mut pager, &mut out.slots)?;
        if full || out.slots.last().is_some_and(|s| s.seq < last) {
            out.more = true;
        }
        if full {
            break;
        }
    }
    Ok(out)
}

/// Appends log `(scope, device)`'s slots after `after` while the page has
/// room; `true` once it is full.
fn pull_log(
    c: &Connection,
    team: &str,
    scope: &str,
    device: &str,
    after: i64,
    pager: &mut Pager,
    out: &mut Vec<Slot>,
) -> Result<bool> {
    let mut stmt = c.prepare_cached(
        "SELECT seq, epoch, tag, nonce, ciphertext, signature, kills, v, ct_hash FROM entries
         WHERE team = ?1 AND scope = ?2 AND device = ?3 AND seq > ?4 ORDER BY seq LIMIT ?5",
    )?;
    let mut rows = stmt.query(params![team, scope, device, after, pager.room()])?;
    while let Some(r) = rows.next()? {
        let ct: Option<String> = r.get(4)?;
        if !pager.take(ct.as_ref().map_or(0, String::len)) {
            return Ok(true);
        }
        let seq: i64 = r.get(0)?;
        let head = Emptied {
            v: r.get(7)?,
            epoch: r.get(1)?,
            tag: r.get(2)?,
            nonce: r.get(3)?,
            ciphertext_hash: r.get(8)?,
            signature: r.get(5)?,
        };
        out.push(crate::storage::slot(
            scope,
            device,
            seq,
            head,
            ct,
            r.get(6)?,
        ));
    }
    Ok(pager.room() == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The logs come from seeks into the primary key: a plan that reads the
    /// team's entries would cost a first sync a full scan on every page.
    /// Measured in the statements' own steps, not in their plans: the plan
    /// of the one-comparison form said SEARCH while it read every entry of
    /// the log before.
    #[test]
    fn the_logs_are_found_by_seeking_not_by_reading_every_entry() {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(super::super::CREATE).unwrap();
        assert_eq!(logs(&c, "t").unwrap(), vec![], "a team with no entries");
        let long = 2_000;
        for (scope, device, n) in [("team", "b", 3), ("cases", "a", long), ("team", "a", long)] {
            for seq in 1..=n {
                c.execute(
                    "INSERT INTO entries (team, scope, device, seq, epoch, tag)
                     VALUES ('t', ?1, ?2, ?3, 1, 'x')",
                    params![scope, device, seq],
                )
                .unwrap();
            }
        }
        c.execute(
            "INSERT INTO entries (team, scope, device, seq, epoch, tag) VALUES ('u', 'team', 'z', 9, 1, 'x')",
            [],
        )
        .unwrap();
        let found = logs(&c, "t").unwrap();
        let want = [("cases", "a", long), ("team", "a", long), ("team", "b", 3)];
        assert_eq!(
            found,
            want.map(|(s, d, n)| (s.to_string(), d.to_string(), n))
        );
        // The cached statements `logs` ran, with what they cost.
        let steps: i32 = [NEXT_DEVICE, NEXT_SCOPE, LAST_SEQ]
            .iter()
            .map(|sql| {
                c.prepare_cached(sql)
                    .unwrap()
                    .get_status(rusqlite::StatementStatus::VmStep)
            })
            .sum();
        assert!(
            (1..200).contains(&steps),
            "{steps} steps to find 3 logs of {long}, {long} and 3 entries"
        );
    }
}
