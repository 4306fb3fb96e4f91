//! The SQLite storage's reads: who is calling, the team's devices, grants,
//! heads and pull pages.

use crate::rules::Pager;
use crate::storage::{join_info, parse_role, Caller, PullRequest, Result};
use feltbog_wire::{DeviceInfo, DeviceKeys, Emptied, Grant, Heads, Pulled, Slot};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;

pub(super) fn caller(c: &Connection, token_hash: &[u8], now: i64) -> Result<Option<Caller>> {
    let row = c
        .query_row(
            "SELECT team, id, sign_key, role, cases, admitted FROM devices
             WHERE token_hash = ?1 AND revoked = 0",
            [token_hash],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, bool>(4)?,
                    r.get::<_, bool>(5)?,
                ))
            },
        )
        .optional()?;
    let Some((team, device, sign_key, role, cases, admitted)) = row else {
        return Ok(None);
    };
    c.execute(
        "UPDATE devices SET last_seen = ?3 WHERE team = ?1 AND id = ?2",
        params![team, device, now],
    )?;
    Ok(Some(crate::storage::effective(
        Caller {
            team,
            device,
            sign_key,
            role: parse_role(&role)?,
            cases,
        },
        admitted,
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
    let mut stmt = c.prepare_cached(
        "SELECT device, scope, max(seq) FROM entries WHERE team = ?1 GROUP BY device, scope",
    )?;
    for row in stmt.query_map([team], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
        let (device, scope, seq): (String, String, i64) = row?;
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

pub(super) fn heads(c: &Connection, team: &str, device: &str) -> Result<Heads> {
    let mut stmt = c.prepare_cached(
        "SELECT e.scope, e.seq, e.signature FROM entries e
         WHERE e.team = ?1 AND e.device = ?2
           AND e.seq = (SELECT max(seq) FROM entries x
                        WHERE x.team = e.team AND x.scope = e.scope AND x.device = e.device)",
    )?;
    let mut out = Heads::default();
    for row in stmt.query_map(params![team, device], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })? {
        let (scope, seq, sig): (String, i64, Option<String>) = row?;
        if let Some(sig) = sig {
            out.tops.insert(scope.clone(), sig);
        }
        out.heads.insert(scope, seq);
    }
    Ok(out)
}

pub(super) fn pull(c: &Connection, team: &str, req: &PullRequest) -> Result<Pulled> {
    let logs: Vec<(String, String, i64)> = c
        .prepare_cached(
            "SELECT scope, device, max(seq) FROM entries WHERE team = ?1
             GROUP BY scope, device ORDER BY scope, device",
        )?
        .query_map([team], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
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
