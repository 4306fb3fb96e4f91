//! The PostgreSQL storage's reads: the team's devices, grants, heads and
//! pull pages.

use crate::rules::Pager;
use crate::storage::{join_info, parse_role, PullRequest, Result};
use deadpool_postgres::GenericClient;
use feltbog_wire::{DeviceInfo, DeviceKeys, Emptied, Grant, Heads, Pulled, Slot};
use std::collections::BTreeMap;

fn epoch(v: i64) -> u32 {
    // Stored from a u32; anything else is a damaged row, read as 0 (which
    // no device accepts as an epoch).
    u32::try_from(v).unwrap_or(0)
}

pub(super) async fn devices(c: &impl GenericClient, team: &str) -> Result<Vec<DeviceInfo>> {
    let mut grants: BTreeMap<String, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
    for r in c
        .query(
            "SELECT device, scope, epoch FROM grants WHERE team = $1
             ORDER BY device, scope, epoch",
            &[&team],
        )
        .await?
    {
        grants
            .entry(r.get(0))
            .or_default()
            .entry(r.get(1))
            .or_default()
            .push(epoch(r.get(2)));
    }
    let mut heads: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    for (scope, device, seq) in logs(c, team).await? {
        heads.entry(device).or_default().insert(scope, seq);
    }
    let rows = c
        .query(
            "SELECT id, sign_key, box_key, role, cases, last_seen, revoked, join_invite,
                    join_sealed, admitted FROM devices WHERE team = $1 ORDER BY id",
            &[&team],
        )
        .await?;
    rows.iter()
        .map(|r| {
            let id: String = r.get(0);
            Ok(DeviceInfo {
                grants: grants.remove(&id).unwrap_or_default(),
                heads: heads.remove(&id).unwrap_or_default(),
                keys: DeviceKeys {
                    device: id,
                    sign_key: r.get(1),
                    box_key: r.get(2),
                },
                role: parse_role(r.get(3))?,
                cases: r.get(4),
                last_seen: r.get(5),
                revoked: r.get(6),
                join: join_info(r.get(7), r.get(8)),
                admitted: r.get(9),
            })
        })
        .collect()
}

pub(super) async fn grants_for(
    c: &impl GenericClient,
    team: &str,
    device: &str,
    scopes: &[String],
) -> Result<Vec<Grant>> {
    let rows = c
        .query(
            "SELECT scope, epoch, granter, sealed, signature, key_id FROM grants
             WHERE team = $1 AND device = $2 AND scope = ANY($3) ORDER BY scope, epoch",
            &[&team, &device, &scopes],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| Grant {
            scope: r.get(0),
            epoch: epoch(r.get(1)),
            device: device.to_string(),
            granter: r.get(2),
            sealed: r.get(3),
            signature: r.get(4),
            key_id: r.get(5),
        })
        .collect())
}

/// Where `device`'s logs end, and the signature at each end: one
/// statement (one snapshot), a seek per scope of the team.
pub(super) async fn heads(c: &impl GenericClient, team: &str, device: &str) -> Result<Heads> {
    let stmt = c
        .prepare_cached(
            "WITH RECURSIVE scopes (scope) AS (
                 (SELECT scope FROM entries WHERE team = $1 ORDER BY scope LIMIT 1)
                 UNION ALL
                 SELECT n.scope FROM scopes CROSS JOIN LATERAL (
                     SELECT scope FROM entries WHERE team = $1 AND scope > scopes.scope
                     ORDER BY scope LIMIT 1) n)
             SELECT s.scope, t.seq, t.signature FROM scopes s CROSS JOIN LATERAL (
                 SELECT seq, signature FROM entries
                 WHERE team = $1 AND scope = s.scope AND device = $2
                 ORDER BY seq DESC LIMIT 1) t",
        )
        .await?;
    let rows = c.query(&stmt, &[&team, &device]).await?;
    let mut out = Heads::default();
    for r in rows {
        let scope: String = r.get(0);
        if let Some(sig) = r.get::<_, Option<String>>(2) {
            out.tops.insert(scope.clone(), sig);
        }
        out.heads.insert(scope, r.get(1));
    }
    Ok(out)
}

/// Each log of the team, `(scope, device, last seq)` in that order, found
/// by a loose index scan (one primary-key seek per log, in one recursive
/// query). A `GROUP BY` over the entries read every entry of the team on
/// every pull: the server's main cost in a new device's first sync.
async fn logs(c: &impl GenericClient, team: &str) -> Result<Vec<(String, String, i64)>> {
    let stmt = c
        .prepare_cached(
            "WITH RECURSIVE logs (scope, device) AS (
                 (SELECT scope, device FROM entries WHERE team = $1
                  ORDER BY scope, device LIMIT 1)
                 UNION ALL
                 SELECT n.scope, n.device FROM logs CROSS JOIN LATERAL (
                     SELECT scope, device FROM entries
                     WHERE team = $1 AND (scope, device) > (logs.scope, logs.device)
                     ORDER BY scope, device LIMIT 1) n)
             SELECT l.scope, l.device,
                    (SELECT max(seq) FROM entries e
                     WHERE e.team = $1 AND e.scope = l.scope AND e.device = l.device)
             FROM logs l ORDER BY l.scope, l.device",
        )
        .await?;
    let rows = c.query(&stmt, &[&team]).await?;
    Ok(rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect())
}

pub(super) async fn pull(c: &impl GenericClient, team: &str, req: &PullRequest) -> Result<Pulled> {
    let logs = logs(c, team).await?;
    let page = c
        .prepare_cached(
            "SELECT seq, epoch, tag, nonce, ciphertext, signature, kills, v, ct_hash
             FROM entries
             WHERE team = $1 AND scope = $2 AND device = $3 AND seq > $4 ORDER BY seq LIMIT $5",
        )
        .await?;
    // Which logs this page reads, and how many entries of each, known
    // before reading: a log's places have no gaps (a push with one is
    // refused), so it has `last - after` left. The page's queries then go
    // out together (tokio-postgres pipelines them on the connection): one
    // round trip for all the logs instead of one per log.
    let mut room = i64::from(Pager::new(req.limit).room());
    let mut plan = Vec::new();
    let mut left_out = false;
    for (scope, device, last) in &logs {
        // `after` is `None` for a scope the caller may not read.
        let Some(after) = req.after(scope, device) else {
            continue;
        };
        if *last <= after {
            continue;
        }
        if room == 0 {
            left_out = true;
            break;
        }
        // Places start at 1: a cursor below 0 (what a client says) reads
        // from the start, as on SQLite, and cannot overflow.
        let n = (last - after.max(0)).min(room);
        room -= n;
        plan.push((scope, device, *last, after, n));
    }
    type Param<'a> = &'a (dyn tokio_postgres::types::ToSql + Sync);
    let params: Vec<[Param; 5]> = plan
        .iter()
        .map(|(scope, device, _, after, n)| [&team as Param, scope, device, after, n])
        .collect();
    let pages =
        futures_util::future::try_join_all(params.iter().map(|p| c.query(&page, p))).await?;
    let mut out = Pulled::default();
    let mut pager = Pager::new(req.limit);
    for ((scope, device, last, _, _), rows) in plan.iter().zip(&pages) {
        let mut full = false;
        for r in rows {
            let ct: Option<String> = r.get(4);
            if !pager.take(ct.as_ref().map_or(0, String::len)) {
                full = true;
                break;
            }
            out.slots.push(slot(scope, device, r, ct));
        }
        full |= pager.room() == 0;
        if full || out.slots.last().is_some_and(|s| s.seq < *last) {
            out.more = true;
        }
        if full {
            break;
        }
    }
    // A log with entries left that this page had no room for.
    out.more |= left_out;
    Ok(out)
}

fn slot(scope: &str, device: &str, r: &tokio_postgres::Row, ct: Option<String>) -> Slot {
    let head = Emptied {
        v: u16::try_from(r.get::<_, i32>(7)).unwrap_or(0),
        epoch: epoch(r.get(1)),
        tag: r.get(2),
        nonce: r.get(3),
        ciphertext_hash: r.get(8),
        signature: r.get(5),
    };
    crate::storage::slot(scope, device, r.get(0), head, ct, r.get(6))
}
