//! PostgreSQL storage, for a hosted service with many municipalities: a
//! pool of connections (deadpool), one transaction per request, and an
//! advisory lock per log so two pushes of one device cannot interleave.

use crate::rules::{admit, decide};
use crate::storage::{
    parse_role, role_str, Caller, Grant, InviteRow, NewDevice, Result, Storage, StoreError,
};
use deadpool_postgres::{GenericClient, Pool, Runtime};
use feltbog_wire::{DeviceInfo, DeviceKeys, Entry, Heads, Pulled, SealedKey, Slot};
use std::collections::BTreeMap;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS setup_codes (
    hash BYTEA PRIMARY KEY, expires_at BIGINT NOT NULL, used BOOLEAN NOT NULL DEFAULT FALSE);
CREATE TABLE IF NOT EXISTS teams (id TEXT PRIMARY KEY, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS devices (
    team TEXT NOT NULL REFERENCES teams (id), id TEXT NOT NULL,
    sign_key TEXT NOT NULL, box_key TEXT NOT NULL, token_hash BYTEA NOT NULL UNIQUE,
    role TEXT NOT NULL, cases BOOLEAN NOT NULL, last_seen BIGINT NOT NULL,
    revoked BOOLEAN NOT NULL DEFAULT FALSE, join_invite TEXT, join_sealed TEXT,
    PRIMARY KEY (team, id));
CREATE TABLE IF NOT EXISTS invites (
    hash BYTEA PRIMARY KEY, team TEXT NOT NULL REFERENCES teams (id), role TEXT NOT NULL,
    cases BOOLEAN NOT NULL, bundle TEXT NOT NULL, expires_at BIGINT NOT NULL,
    used BOOLEAN NOT NULL DEFAULT FALSE);
CREATE TABLE IF NOT EXISTS sealed_keys (
    team TEXT NOT NULL, scope TEXT NOT NULL, epoch BIGINT NOT NULL, device TEXT NOT NULL,
    sealed TEXT NOT NULL, PRIMARY KEY (team, scope, epoch, device));
CREATE TABLE IF NOT EXISTS entries (
    team TEXT NOT NULL, scope TEXT NOT NULL, device TEXT NOT NULL, seq BIGINT NOT NULL,
    epoch BIGINT NOT NULL, tag TEXT NOT NULL, nonce TEXT, ciphertext TEXT, signature TEXT,
    kills TEXT NOT NULL DEFAULT '', PRIMARY KEY (team, scope, device, seq));
CREATE INDEX IF NOT EXISTS entries_tag ON entries (team, scope, tag);
CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS dead_tags (
    team TEXT NOT NULL, scope TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (team, scope, tag));
";

#[derive(Clone)]
pub struct Postgres {
    pool: Pool,
}

impl From<deadpool_postgres::PoolError> for StoreError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        StoreError::Db(e.to_string())
    }
}

impl Postgres {
    pub async fn connect(url: &str) -> Result<Postgres> {
        let cfg = deadpool_postgres::Config {
            url: Some(url.to_string()),
            ..Default::default()
        };
        let pool = cfg
            .create_pool(Some(Runtime::Tokio1), tokio_postgres::NoTls)
            .map_err(|e| StoreError::Db(e.to_string()))?;
        let c = pool.get().await?;
        c.batch_execute(SCHEMA).await?;
        let found: Option<i64> = c
            .query_one("SELECT max(version) FROM schema_version", &[])
            .await?
            .get(0);
        crate::storage::check_version(found)?;
        if found.is_none() {
            c.execute(
                "INSERT INTO schema_version (version) VALUES ($1)",
                &[&crate::storage::SCHEMA_VERSION],
            )
            .await?;
        }
        drop(c);
        Ok(Postgres { pool })
    }
}

async fn insert_device(tx: &impl GenericClient, team: &str, d: &NewDevice, now: i64) -> Result<()> {
    let taken = tx
        .query_opt(
            "SELECT 1 FROM devices WHERE team = $1 AND id = $2",
            &[&team, &d.keys.device],
        )
        .await?;
    if taken.is_some() {
        return Err(StoreError::refused(
            "device_exists",
            "this device is already registered in the team",
        ));
    }
    tx.execute(
        "INSERT INTO devices (team, id, sign_key, box_key, token_hash, role, cases, last_seen,
             join_invite, join_sealed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &[
            &team,
            &d.keys.device,
            &d.keys.sign_key,
            &d.keys.box_key,
            &d.token_hash,
            &role_str(d.role),
            &d.cases,
            &now,
            &d.join.as_ref().map(|j| j.invite_hash.clone()),
            &d.join.as_ref().map(|j| j.sealed.clone()),
        ],
    )
    .await?;
    Ok(())
}

async fn push_one(tx: &impl GenericClient, team: &str, e: &Entry) -> Result<()> {
    let last: i64 = tx
        .query_one(
            "SELECT coalesce(max(seq), 0) FROM entries WHERE team = $1 AND scope = $2 AND device = $3",
            &[&team, &e.scope, &e.device],
        )
        .await?
        .get(0);
    let stored: Option<Option<String>> = tx
        .query_opt(
            "SELECT signature FROM entries WHERE team = $1 AND scope = $2 AND device = $3 AND seq = $4",
            &[&team, &e.scope, &e.device, &e.seq],
        )
        .await?
        .map(|r| r.get(0));
    if !admit(decide(last, stored.flatten().as_deref(), e), e.seq, last)? {
        return Ok(()); // the same entry again
    }
    for tag in &e.kills {
        tx.execute(
            "UPDATE entries SET nonce = NULL, ciphertext = NULL, signature = NULL
             WHERE team = $1 AND scope = $2 AND tag = $3 AND kills = ''",
            &[&team, &e.scope, tag],
        )
        .await?;
        tx.execute(
            "INSERT INTO dead_tags (team, scope, tag) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[&team, &e.scope, tag],
        )
        .await?;
    }
    let dead = e.kills.is_empty()
        && tx
            .query_opt(
                "SELECT 1 FROM dead_tags WHERE team = $1 AND scope = $2 AND tag = $3",
                &[&team, &e.scope, &e.tag],
            )
            .await?
            .is_some();
    let (nonce, ct, sig) = if dead {
        (None, None, None)
    } else {
        (Some(&e.nonce), Some(&e.ciphertext), Some(&e.signature))
    };
    tx.execute(
        "INSERT INTO entries (team, scope, device, seq, epoch, tag, nonce, ciphertext, signature, kills)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &[
            &team,
            &e.scope,
            &e.device,
            &e.seq,
            &i64::from(e.epoch),
            &e.tag,
            &nonce,
            &ct,
            &sig,
            &e.kills.join(","),
        ],
    )
    .await?;
    Ok(())
}

fn slot(scope: &str, device: &str, r: &tokio_postgres::Row) -> Slot {
    let seq: i64 = r.get(0);
    let ct: Option<String> = r.get(4);
    let kills: String = r.get(6);
    let epoch: i64 = r.get(1);
    Slot {
        scope: scope.to_string(),
        device: device.to_string(),
        seq,
        entry: ct.map(|ciphertext| Entry {
            scope: scope.to_string(),
            device: device.to_string(),
            seq,
            epoch: u32::try_from(epoch).unwrap_or(0),
            tag: r.get(2),
            nonce: r.get::<_, Option<String>>(3).unwrap_or_default(),
            ciphertext,
            signature: r.get::<_, Option<String>>(5).unwrap_or_default(),
            kills: kills
                .split(',')
                .filter(|k| !k.is_empty())
                .map(String::from)
                .collect(),
        }),
    }
}

impl Storage for Postgres {
    async fn add_setup_code(&self, hash: Vec<u8>, expires_at: i64) -> Result<()> {
        let c = self.pool.get().await?;
        c.execute(
            "INSERT INTO setup_codes (hash, expires_at) VALUES ($1, $2)",
            &[&hash, &expires_at],
        )
        .await?;
        Ok(())
    }

    async fn create_team(
        &self,
        setup_hash: Vec<u8>,
        team: String,
        first: NewDevice,
        now: i64,
    ) -> Result<()> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        let n = tx
            .execute(
                "UPDATE setup_codes SET used = TRUE WHERE hash = $1 AND NOT used AND expires_at > $2",
                &[&setup_hash, &now],
            )
            .await?;
        if n == 0 {
            return Err(StoreError::refused(
                "setup_code",
                "the setup code is unknown, used or expired: ask the server's operator for a new one",
            ));
        }
        if tx
            .query_opt("SELECT 1 FROM teams WHERE id = $1", &[&team])
            .await?
            .is_some()
        {
            return Err(StoreError::refused(
                "team_exists",
                "this team already exists",
            ));
        }
        tx.execute(
            "INSERT INTO teams (id, created_at) VALUES ($1, $2)",
            &[&team, &now],
        )
        .await?;
        insert_device(&tx, &team, &first, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn caller(&self, token_hash: Vec<u8>, now: i64) -> Result<Option<Caller>> {
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                "UPDATE devices SET last_seen = $2 WHERE token_hash = $1 AND NOT revoked
                 RETURNING team, id, sign_key, role, cases",
                &[&token_hash, &now],
            )
            .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(Caller {
            team: r.get(0),
            device: r.get(1),
            sign_key: r.get(2),
            role: parse_role(r.get(3))?,
            cases: r.get(4),
        }))
    }

    async fn add_invite(&self, team: String, i: InviteRow) -> Result<()> {
        let c = self.pool.get().await?;
        let n = c
            .execute(
                "INSERT INTO invites (hash, team, role, cases, bundle, expires_at)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                &[
                    &i.id_hash,
                    &team,
                    &role_str(i.role),
                    &i.cases,
                    &i.bundle,
                    &i.expires_at,
                ],
            )
            .await?;
        if n == 0 {
            return Err(StoreError::refused(
                "invite_exists",
                "this invite is already registered",
            ));
        }
        Ok(())
    }

    async fn join(&self, invite_hash: Vec<u8>, device: NewDevice, now: i64) -> Result<Grant> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        let row = tx
            .query_opt(
                "UPDATE invites SET used = TRUE WHERE hash = $1 AND NOT used AND expires_at > $2
                 RETURNING team, role, cases, bundle",
                &[&invite_hash, &now],
            )
            .await?;
        let Some(r) = row else {
            return Err(StoreError::refused(
                "invite",
                "the invite code is unknown, used or expired: ask your coordinator for a new one",
            ));
        };
        let team: String = r.get(0);
        let role = parse_role(r.get(1))?;
        let cases: bool = r.get(2);
        insert_device(
            &tx,
            &team,
            &NewDevice {
                role,
                cases,
                ..device
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Grant {
            team,
            role,
            cases,
            bundle: r.get(3),
        })
    }

    async fn devices(&self, team: String) -> Result<Vec<DeviceInfo>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT id, sign_key, box_key, role, cases, last_seen, revoked, join_invite,
                        join_sealed FROM devices WHERE team = $1 ORDER BY id",
                &[&team],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(DeviceInfo {
                    keys: DeviceKeys {
                        device: r.get(0),
                        sign_key: r.get(1),
                        box_key: r.get(2),
                    },
                    role: parse_role(r.get(3))?,
                    cases: r.get(4),
                    last_seen: r.get(5),
                    revoked: r.get(6),
                    join: crate::sqlite::join_info(r.get(7), r.get(8)),
                })
            })
            .collect()
    }

    async fn revoke(&self, team: String, device: String) -> Result<bool> {
        let c = self.pool.get().await?;
        let n = c
            .execute(
                "UPDATE devices SET revoked = TRUE WHERE team = $1 AND id = $2 AND NOT revoked",
                &[&team, &device],
            )
            .await?;
        Ok(n > 0)
    }

    async fn put_sealed(&self, team: String, keys: Vec<SealedKey>) -> Result<()> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        for k in keys {
            tx.execute(
                "INSERT INTO sealed_keys (team, scope, epoch, device, sealed) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (team, scope, epoch, device) DO UPDATE SET sealed = excluded.sealed",
                &[&team, &k.scope, &i64::from(k.epoch), &k.device, &k.sealed],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn sealed_for(&self, team: String, device: String) -> Result<Vec<SealedKey>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT scope, epoch, sealed FROM sealed_keys WHERE team = $1 AND device = $2
                 ORDER BY scope, epoch",
                &[&team, &device],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| SealedKey {
                scope: r.get(0),
                epoch: u32::try_from(r.get::<_, i64>(1)).unwrap_or(0),
                device: device.clone(),
                sealed: r.get(2),
            })
            .collect())
    }

    async fn push(&self, team: String, entries: Vec<Entry>) -> Result<()> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        let mut locked: Vec<(String, String)> = Vec::new();
        for e in &entries {
            let log = (e.scope.clone(), e.device.clone());
            if !locked.contains(&log) {
                let key = format!("{team}/{}/{}", e.scope, e.device);
                tx.execute("SELECT pg_advisory_xact_lock(hashtext($1))", &[&key])
                    .await?;
                locked.push(log);
            }
            push_one(&tx, &team, e).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn heads(&self, team: String, device: String) -> Result<Heads> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT scope, max(seq) FROM entries WHERE team = $1 AND device = $2 GROUP BY scope",
                &[&team, &device],
            )
            .await?;
        Ok(Heads {
            heads: rows.iter().map(|r| (r.get(0), r.get(1))).collect(),
        })
    }

    async fn pull(
        &self,
        team: String,
        scopes: Vec<String>,
        cursors: BTreeMap<String, BTreeMap<String, i64>>,
        limit: u32,
    ) -> Result<Pulled> {
        let c = self.pool.get().await?;
        let logs = c
            .query(
                "SELECT scope, device, max(seq) FROM entries WHERE team = $1 AND scope = ANY($2)
                 GROUP BY scope, device ORDER BY scope, device",
                &[&team, &scopes],
            )
            .await?;
        let mut out = Pulled::default();
        let mut left = i64::from(limit);
        for log in &logs {
            let (scope, device, last): (String, String, i64) = (log.get(0), log.get(1), log.get(2));
            let after = cursors
                .get(&scope)
                .and_then(|c| c.get(&device))
                .copied()
                .unwrap_or(0);
            if last <= after {
                continue;
            }
            if left == 0 {
                out.more = true;
                break;
            }
            let rows = c
                .query(
                    "SELECT seq, epoch, tag, nonce, ciphertext, signature, kills FROM entries
                     WHERE team = $1 AND scope = $2 AND device = $3 AND seq > $4 ORDER BY seq LIMIT $5",
                    &[&team, &scope, &device, &after, &left],
                )
                .await?;
            left -= rows.len() as i64;
            let slots: Vec<Slot> = rows.iter().map(|r| slot(&scope, &device, r)).collect();
            if slots.last().is_some_and(|s| s.seq < last) {
                out.more = true;
            }
            out.slots.extend(slots);
        }
        Ok(out)
    }
}
