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

/// A pull's page in one statement: one snapshot, and one round trip with
/// the transaction that sets its plan (below), where a transaction around
/// a query for the logs and the page's reads took four.
/// The team's logs by a loose index scan; those the caller reads, not held,
/// with entries after its cursors; how many of each fit the page (a log's
/// places have no gaps, since a push with one is refused, so it has
/// `last - after` left: a running sum over the logs in order); and those
/// entries. The byte budget is applied as the rows are taken.
const PULL: &str = "WITH RECURSIVE logs (scope, device) AS (
        (SELECT scope, device FROM entries WHERE team = $1 ORDER BY scope, device LIMIT 1)
        UNION ALL
        SELECT n.scope, n.device FROM logs CROSS JOIN LATERAL (
            SELECT scope, device FROM entries
            WHERE team = $1 AND (scope, device) > (logs.scope, logs.device)
            ORDER BY scope, device LIMIT 1) n),
    open AS (
        SELECT l.scope, l.device, t.last, coalesce(c.after, 0) AS after,
               t.last - greatest(coalesce(c.after, 0), 0) AS left_n
        FROM logs l
        CROSS JOIN LATERAL (
            SELECT max(seq) AS last FROM entries e
            WHERE e.team = $1 AND e.scope = l.scope AND e.device = l.device) t
        LEFT JOIN unnest($3::text[], $4::text[], $5::int8[]) AS c (scope, device, after)
            ON c.scope = l.scope AND c.device = l.device
        WHERE l.scope = ANY ($2::text[])
          AND NOT EXISTS (
              SELECT 1 FROM unnest($6::text[], $7::text[]) AS h (scope, device)
              WHERE h.scope = l.scope AND h.device = l.device)
          AND t.last > coalesce(c.after, 0)),
    planned AS (
        SELECT o.scope, o.device, o.last, o.after,
               row_number() OVER w AS k,
               (least($8::int8, sum(o.left_n) OVER w)
                - least($8::int8, sum(o.left_n) OVER w - o.left_n))::int8 AS n,
               (sum(o.left_n) OVER ())::int8 AS total
        FROM open o
        WINDOW w AS (ORDER BY o.scope, o.device ROWS UNBOUNDED PRECEDING))
    SELECT p.k, p.scope, p.device, p.last, p.total,
           e.seq, e.epoch, e.tag, e.nonce, e.ciphertext, e.signature, e.kills, e.v, e.ct_hash
    FROM planned p CROSS JOIN LATERAL (
        SELECT seq, epoch, tag, nonce, ciphertext, signature, kills, v, ct_hash FROM entries
        WHERE team = $1 AND scope = p.scope AND device = p.device AND seq > p.after
        ORDER BY seq LIMIT p.n) e";

pub(super) async fn pull(c: &impl GenericClient, team: &str, req: &PullRequest) -> Result<Pulled> {
    let stmt = c.prepare_cached(PULL).await?;
    // Only names that can be a readable log go to PostgreSQL: the rest
    // match nothing, and a NUL in a text parameter would fail the query
    // (a client could make every pull of its own an error).
    let readable = |scope: &str, device: &str| {
        req.scopes.iter().any(|s| s == scope) && !scope.contains('\0') && !device.contains('\0')
    };
    let mut cursors: (Vec<&str>, Vec<&str>, Vec<i64>) = Default::default();
    for (scope, devices) in &req.cursors {
        for (device, after) in devices.iter().filter(|(d, _)| readable(scope, d)) {
            cursors.0.push(scope);
            cursors.1.push(device);
            cursors.2.push(*after);
        }
    }
    let held: (Vec<&str>, Vec<&str>) = req
        .hold
        .iter()
        .filter(|(s, d)| readable(s, d))
        .map(|(s, d)| (s.as_str(), d.as_str()))
        .unzip();
    let room = i64::from(Pager::new(req.limit).room());
    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 8] = [
        &team,
        &req.scopes,
        &cursors.0,
        &cursors.1,
        &cursors.2,
        &held.0,
        &held.1,
        &room,
    ];
    // Planned once per connection: PostgreSQL planned this statement anew
    // for every pull (its custom plans looked cheaper than the generic
    // one), which cost more than the pull's reads; measured, the pulls
    // were slower than four round trips without it. `SET LOCAL` needs a
    // transaction; the three go out together (one round trip), and a
    // failed query leaves none open (COMMIT then rolls back).
    let (begin, rows, end) = futures_util::future::join3(
        c.batch_execute(
            "BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY;
             SET LOCAL plan_cache_mode = force_generic_plan",
        ),
        c.query(&stmt, &params),
        c.batch_execute("COMMIT"),
    )
    .await;
    begin?;
    let mut rows = rows?;
    end?;
    // In the plan's order of logs, each log's entries in place order.
    rows.sort_by_key(|r| (r.get::<_, i64>(0), r.get::<_, i64>(5)));
    let mut out = Pulled {
        // Entries left that the page had no room for, in logs it did not
        // reach.
        more: rows.first().is_some_and(|r| r.get::<_, i64>(4) > room),
        ..Pulled::default()
    };
    let mut pager = Pager::new(req.limit);
    for log in rows.chunk_by(|a, b| a.get::<_, i64>(0) == b.get::<_, i64>(0)) {
        let (scope, device, last): (&str, &str, i64) =
            (log[0].get(1), log[0].get(2), log[0].get(3));
        let mut full = false;
        for r in log {
            let ct: Option<String> = r.get(9);
            if !pager.take(ct.as_ref().map_or(0, String::len)) {
                full = true;
                break;
            }
            out.slots.push(slot(scope, device, r, ct));
        }
        full |= pager.room() == 0;
        if full || out.slots.last().is_some_and(|s| s.seq < last) {
            out.more = true;
        }
        if full {
            break;
        }
    }
    Ok(out)
}

/// A row of [`PULL`] as a place: columns 5 on are the entry's.
fn slot(scope: &str, device: &str, r: &tokio_postgres::Row, ct: Option<String>) -> Slot {
    let head = Emptied {
        v: u16::try_from(r.get::<_, i32>(12)).unwrap_or(0),
        epoch: epoch(r.get(6)),
        tag: r.get(7),
        nonce: r.get(8),
        ciphertext_hash: r.get(13),
        signature: r.get(10),
    };
    crate::storage::slot(scope, device, r.get(5), head, ct, r.get(11))
}
