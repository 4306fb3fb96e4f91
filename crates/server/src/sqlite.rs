//! SQLite storage: one file, for one municipality's server. One connection
//! behind a mutex, used from tokio's blocking pool; WAL mode, so a backup
//! can copy the file while the server runs.

use crate::rules::{admit, decide};
use crate::storage::{
    parse_role, role_str, Caller, Grant, InviteRow, NewDevice, Result, Storage, StoreError,
};
use feltbog_wire::{DeviceInfo, DeviceKeys, Entry, Heads, JoinInfo, Pulled, SealedKey, Slot};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = ON;
PRAGMA secure_delete = ON;
CREATE TABLE IF NOT EXISTS setup_codes (
    hash BLOB PRIMARY KEY, expires_at INTEGER NOT NULL, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS teams (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS devices (
    team TEXT NOT NULL REFERENCES teams (id), id TEXT NOT NULL,
    sign_key TEXT NOT NULL, box_key TEXT NOT NULL, token_hash BLOB NOT NULL UNIQUE,
    role TEXT NOT NULL, cases INTEGER NOT NULL, last_seen INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0, join_invite TEXT, join_sealed TEXT,
    PRIMARY KEY (team, id));
CREATE TABLE IF NOT EXISTS invites (
    hash BLOB PRIMARY KEY, team TEXT NOT NULL REFERENCES teams (id), role TEXT NOT NULL,
    cases INTEGER NOT NULL, bundle TEXT NOT NULL, expires_at INTEGER NOT NULL,
    used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS sealed_keys (
    team TEXT NOT NULL, scope TEXT NOT NULL, epoch INTEGER NOT NULL, device TEXT NOT NULL,
    sealed TEXT NOT NULL, PRIMARY KEY (team, scope, epoch, device));
CREATE TABLE IF NOT EXISTS entries (
    team TEXT NOT NULL, scope TEXT NOT NULL, device TEXT NOT NULL, seq INTEGER NOT NULL,
    epoch INTEGER NOT NULL, tag TEXT NOT NULL, nonce TEXT, ciphertext TEXT, signature TEXT,
    kills TEXT NOT NULL DEFAULT '', PRIMARY KEY (team, scope, device, seq));
CREATE INDEX IF NOT EXISTS entries_tag ON entries (team, scope, tag);
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS dead_tags (
    team TEXT NOT NULL, scope TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (team, scope, tag));
";

#[derive(Clone)]
pub struct Sqlite {
    conn: Arc<Mutex<Connection>>,
}

impl Sqlite {
    pub fn open(path: &Path) -> Result<Sqlite> {
        let conn = Connection::open(path)?;
        conn.execute_batch(SCHEMA)?;
        let found: Option<i64> =
            conn.query_row("SELECT max(version) FROM schema_version", [], |r| r.get(0))?;
        crate::storage::check_version(found)?;
        if found.is_none() {
            conn.execute(
                "INSERT INTO schema_version (version) VALUES (?1)",
                [crate::storage::SCHEMA_VERSION],
            )?;
        }
        Ok(Sqlite {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut c = conn
                .lock()
                .map_err(|_| StoreError::Db("the storage lock is poisoned".into()))?;
            f(&mut c)
        })
        .await
        .map_err(|e| StoreError::Db(e.to_string()))?
    }
}

fn insert_device(tx: &Connection, team: &str, d: &NewDevice, now: i64) -> Result<()> {
    let taken: Option<i64> = tx
        .query_row(
            "SELECT 1 FROM devices WHERE team = ?1 AND id = ?2",
            params![team, d.keys.device],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some() {
        return Err(StoreError::refused(
            "device_exists",
            "this device is already registered in the team",
        ));
    }
    tx.execute(
        "INSERT INTO devices (team, id, sign_key, box_key, token_hash, role, cases, last_seen,
             join_invite, join_sealed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            team,
            d.keys.device,
            d.keys.sign_key,
            d.keys.box_key,
            d.token_hash,
            role_str(d.role),
            d.cases,
            now,
            d.join.as_ref().map(|j| &j.invite_hash),
            d.join.as_ref().map(|j| &j.sealed)
        ],
    )?;
    Ok(())
}

pub(crate) fn join_info(invite_hash: Option<String>, sealed: Option<String>) -> Option<JoinInfo> {
    Some(JoinInfo {
        invite_hash: invite_hash?,
        sealed: sealed?,
    })
}

fn push_one(tx: &Connection, team: &str, e: &Entry) -> Result<()> {
    let last: i64 = tx.query_row(
        "SELECT coalesce(max(seq), 0) FROM entries WHERE team = ?1 AND scope = ?2 AND device = ?3",
        params![team, e.scope, e.device],
        |r| r.get(0),
    )?;
    let stored: Option<Option<String>> = tx
        .query_row(
            "SELECT signature FROM entries WHERE team = ?1 AND scope = ?2 AND device = ?3 AND seq = ?4",
            params![team, e.scope, e.device, e.seq],
            |r| r.get(0),
        )
        .optional()?;
    if !admit(decide(last, stored.flatten().as_deref(), e), e.seq, last)? {
        return Ok(()); // the same entry again
    }
    for tag in &e.kills {
        tx.execute(
            "UPDATE entries SET nonce = NULL, ciphertext = NULL, signature = NULL
             WHERE team = ?1 AND scope = ?2 AND tag = ?3 AND kills = ''",
            params![team, e.scope, tag],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO dead_tags (team, scope, tag) VALUES (?1, ?2, ?3)",
            params![team, e.scope, tag],
        )?;
    }
    let dead = e.kills.is_empty()
        && tx
            .query_row(
                "SELECT 1 FROM dead_tags WHERE team = ?1 AND scope = ?2 AND tag = ?3",
                params![team, e.scope, e.tag],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
    // An entry of a record already deleted keeps its place, not its content.
    let (nonce, ct, sig) = if dead {
        (None, None, None)
    } else {
        (Some(&e.nonce), Some(&e.ciphertext), Some(&e.signature))
    };
    tx.execute(
        "INSERT INTO entries (team, scope, device, seq, epoch, tag, nonce, ciphertext, signature, kills)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![team, e.scope, e.device, e.seq, e.epoch, e.tag, nonce, ct, sig, e.kills.join(",")],
    )?;
    Ok(())
}

fn pull_log(
    tx: &Connection,
    team: &str,
    scope: &str,
    device: &str,
    after: i64,
    limit: u32,
) -> Result<Vec<Slot>> {
    let mut stmt = tx.prepare_cached(
        "SELECT seq, epoch, tag, nonce, ciphertext, signature, kills FROM entries
         WHERE team = ?1 AND scope = ?2 AND device = ?3 AND seq > ?4 ORDER BY seq LIMIT ?5",
    )?;
    let rows = stmt.query_map(params![team, scope, device, after, limit], |r| {
        let seq: i64 = r.get(0)?;
        let ct: Option<String> = r.get(4)?;
        let kills: String = r.get(6)?;
        let entry = match ct {
            None => None,
            Some(ciphertext) => Some(Entry {
                scope: scope.to_string(),
                device: device.to_string(),
                seq,
                epoch: r.get(1)?,
                tag: r.get(2)?,
                nonce: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                ciphertext,
                signature: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                kills: kills
                    .split(',')
                    .filter(|k| !k.is_empty())
                    .map(String::from)
                    .collect(),
            }),
        };
        Ok(Slot {
            scope: scope.to_string(),
            device: device.to_string(),
            seq,
            entry,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Storage for Sqlite {
    async fn add_setup_code(&self, hash: Vec<u8>, expires_at: i64) -> Result<()> {
        self.run(move |c| {
            c.execute(
                "INSERT INTO setup_codes (hash, expires_at) VALUES (?1, ?2)",
                params![hash, expires_at],
            )?;
            Ok(())
        })
        .await
    }

    async fn create_team(
        &self,
        setup_hash: Vec<u8>,
        team: String,
        first: NewDevice,
        now: i64,
    ) -> Result<()> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let n = tx.execute(
                "UPDATE setup_codes SET used = 1 WHERE hash = ?1 AND used = 0 AND expires_at > ?2",
                params![setup_hash, now],
            )?;
            if n == 0 {
                return Err(StoreError::refused(
                    "setup_code",
                    "the setup code is unknown, used or expired: ask the server's operator for a new one",
                ));
            }
            let exists: Option<i64> = tx
                .query_row("SELECT 1 FROM teams WHERE id = ?1", [&team], |r| r.get(0))
                .optional()?;
            if exists.is_some() {
                return Err(StoreError::refused("team_exists", "this team already exists"));
            }
            tx.execute("INSERT INTO teams (id, created_at) VALUES (?1, ?2)", params![team, now])?;
            insert_device(&tx, &team, &first, now)?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn caller(&self, token_hash: Vec<u8>, now: i64) -> Result<Option<Caller>> {
        self.run(move |c| {
            let row = c
                .query_row(
                    "SELECT team, id, sign_key, role, cases FROM devices
                     WHERE token_hash = ?1 AND revoked = 0",
                    [&token_hash],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, String>(3)?,
                            r.get::<_, bool>(4)?,
                        ))
                    },
                )
                .optional()?;
            let Some((team, device, sign_key, role, cases)) = row else {
                return Ok(None);
            };
            c.execute(
                "UPDATE devices SET last_seen = ?3 WHERE team = ?1 AND id = ?2",
                params![team, device, now],
            )?;
            Ok(Some(Caller {
                team,
                device,
                sign_key,
                role: parse_role(&role)?,
                cases,
            }))
        })
        .await
    }

    async fn add_invite(&self, team: String, i: InviteRow) -> Result<()> {
        self.run(move |c| {
            c.execute(
                "INSERT INTO invites (hash, team, role, cases, bundle, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    i.id_hash,
                    team,
                    role_str(i.role),
                    i.cases,
                    i.bundle,
                    i.expires_at
                ],
            )
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ConstraintViolation) => {
                    StoreError::refused("invite_exists", "this invite is already registered")
                }
                _ => e.into(),
            })?;
            Ok(())
        })
        .await
    }

    async fn join(&self, invite_hash: Vec<u8>, device: NewDevice, now: i64) -> Result<Grant> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let row = tx
                .query_row(
                    "SELECT team, role, cases, bundle FROM invites
                     WHERE hash = ?1 AND used = 0 AND expires_at > ?2",
                    params![invite_hash, now],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, bool>(2)?,
                            r.get::<_, String>(3)?,
                        ))
                    },
                )
                .optional()?;
            let Some((team, role, cases, bundle)) = row else {
                return Err(StoreError::refused(
                    "invite",
                    "the invite code is unknown, used or expired: ask your coordinator for a new one",
                ));
            };
            let role = parse_role(&role)?;
            tx.execute("UPDATE invites SET used = 1 WHERE hash = ?1", [&invite_hash])?;
            insert_device(&tx, &team, &NewDevice { role, cases, ..device }, now)?;
            tx.commit()?;
            Ok(Grant {
                team,
                role,
                cases,
                bundle,
            })
        })
        .await
    }

    async fn devices(&self, team: String) -> Result<Vec<DeviceInfo>> {
        self.run(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, sign_key, box_key, role, cases, last_seen, revoked, join_invite,
                        join_sealed FROM devices WHERE team = ?1 ORDER BY id",
            )?;
            let rows = stmt
                .query_map([&team], |r| {
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
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter()
                .map(|(keys, role, cases, last_seen, revoked, join)| {
                    Ok(DeviceInfo {
                        keys,
                        role: parse_role(&role)?,
                        cases,
                        last_seen,
                        revoked,
                        join,
                    })
                })
                .collect()
        })
        .await
    }

    async fn revoke(&self, team: String, device: String) -> Result<bool> {
        self.run(move |c| {
            let n = c.execute(
                "UPDATE devices SET revoked = 1 WHERE team = ?1 AND id = ?2 AND revoked = 0",
                params![team, device],
            )?;
            Ok(n > 0)
        })
        .await
    }

    async fn put_sealed(&self, team: String, keys: Vec<SealedKey>) -> Result<()> {
        self.run(move |c| {
            let tx = c.transaction()?;
            for k in keys {
                tx.execute(
                    "INSERT INTO sealed_keys (team, scope, epoch, device, sealed)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (team, scope, epoch, device) DO UPDATE SET sealed = excluded.sealed",
                    params![team, k.scope, k.epoch, k.device, k.sealed],
                )?;
            }
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn sealed_for(&self, team: String, device: String) -> Result<Vec<SealedKey>> {
        self.run(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT scope, epoch, sealed FROM sealed_keys WHERE team = ?1 AND device = ?2
                 ORDER BY scope, epoch",
            )?;
            let rows = stmt.query_map(params![team, device], |r| {
                Ok(SealedKey {
                    scope: r.get(0)?,
                    epoch: r.get(1)?,
                    device: device.clone(),
                    sealed: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    async fn push(&self, team: String, entries: Vec<Entry>) -> Result<()> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            for e in &entries {
                push_one(&tx, &team, e)?;
            }
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn heads(&self, team: String, device: String) -> Result<Heads> {
        self.run(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT scope, max(seq) FROM entries WHERE team = ?1 AND device = ?2 GROUP BY scope",
            )?;
            let heads = stmt
                .query_map(params![team, device], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(Heads { heads })
        })
        .await
    }

    async fn pull(
        &self,
        team: String,
        scopes: Vec<String>,
        cursors: BTreeMap<String, BTreeMap<String, i64>>,
        limit: u32,
    ) -> Result<Pulled> {
        self.run(move |c| {
            let tx = c.transaction()?;
            let logs: Vec<(String, String, i64)> = tx
                .prepare_cached(
                    "SELECT scope, device, max(seq) FROM entries WHERE team = ?1
                     GROUP BY scope, device ORDER BY scope, device",
                )?
                .query_map([&team], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut out = Pulled::default();
            let mut left = limit;
            for (scope, device, last) in logs {
                if !scopes.contains(&scope) {
                    continue;
                }
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
                let slots = pull_log(&tx, &team, &scope, &device, after, left)?;
                left -= slots.len() as u32;
                if slots.last().is_some_and(|s| s.seq < last) {
                    out.more = true;
                }
                out.slots.extend(slots);
            }
            Ok(out)
        })
        .await
    }
}
