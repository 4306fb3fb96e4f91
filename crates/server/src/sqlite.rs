//! SQLite storage: one file, for one municipality's server. One connection
//! writes, behind a mutex, used from tokio's blocking pool; a few more only
//! read (who is calling, pulls, heads, the device list and grants), each
//! in one read transaction, so reads run on every core beside each other and
//! beside a write (WAL mode; a backup can also copy the file while the
//! server runs). The decisions are the plans in `rules.rs`; this file
//! reads the state they need and executes them.

use crate::rules::{
    self, CodeState, GrantTarget, InviteState, JoinPlan, LogState, PushMemo, PushStep,
};
use crate::storage::{
    layout, parse_role, Caller, InviteRow, Layout, NewDevice, PullRequest, Result, Storage,
    StoreError, SCHEMA_VERSION,
};
use feltbog_wire::{DeviceInfo, Entry, Grant, Heads, Pulled};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

#[path = "sqlite_read.rs"]
mod read;

/// The page cache holds a busy team's recent entries (64 MiB), and pages
/// are read through a memory map (up to 1 GiB of address space, not of
/// memory) rather than copied by a read each: a first sync's pulls read
/// every entry of the team.
const PRAGMAS: &str = "
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = ON;
PRAGMA secure_delete = ON;
PRAGMA cache_size = -65536;
PRAGMA mmap_size = 1073741824;";

/// The reading connections: no writing, the same map, and a smaller
/// cache each (they read through the map; up to four of them).
const READER_PRAGMAS: &str = "
PRAGMA query_only = ON;
PRAGMA cache_size = -16384;
PRAGMA mmap_size = 1073741824;";

/// Layout 2, for a new database.
const CREATE: &str = "
CREATE TABLE setup_codes (
    hash BLOB PRIMARY KEY, expires_at INTEGER NOT NULL, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE teams (
    id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, stored_bytes INTEGER NOT NULL DEFAULT 0);
CREATE TABLE devices (
    team TEXT NOT NULL REFERENCES teams (id), id TEXT NOT NULL,
    sign_key TEXT NOT NULL, box_key TEXT NOT NULL, token_hash BLOB NOT NULL UNIQUE,
    role TEXT NOT NULL, cases INTEGER NOT NULL, last_seen INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0, join_invite TEXT, join_sealed TEXT,
    admitted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (team, id));
CREATE TABLE invites (
    hash BLOB PRIMARY KEY, team TEXT NOT NULL REFERENCES teams (id), role TEXT NOT NULL,
    cases INTEGER NOT NULL, bundle TEXT NOT NULL, expires_at INTEGER NOT NULL,
    used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE grants (
    team TEXT NOT NULL, scope TEXT NOT NULL, epoch INTEGER NOT NULL, device TEXT NOT NULL,
    granter TEXT NOT NULL, sealed TEXT NOT NULL, signature TEXT NOT NULL,
    key_id TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (team, scope, epoch, device));
CREATE TABLE entries (
    team TEXT NOT NULL, scope TEXT NOT NULL, device TEXT NOT NULL, seq INTEGER NOT NULL,
    epoch INTEGER NOT NULL, tag TEXT NOT NULL, nonce TEXT, ciphertext TEXT, signature TEXT,
    kills TEXT NOT NULL DEFAULT '', v INTEGER NOT NULL DEFAULT 1, ct_hash TEXT,
    PRIMARY KEY (team, scope, device, seq));
CREATE INDEX entries_tag ON entries (team, scope, tag);
CREATE TABLE dead_tags (
    team TEXT NOT NULL, scope TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (team, scope, tag));
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version (version) VALUES (2);";

/// Layout 1 (Feltbog 0.1.0) to 2. The anonymous sealed keys go: a device
/// holds the keys it took already, and a coordinator's device grants the
/// rest again, signed. Used and expired invites go with their bundles.
const UPGRADE_FROM_1: &str = "
CREATE TABLE grants (
    team TEXT NOT NULL, scope TEXT NOT NULL, epoch INTEGER NOT NULL, device TEXT NOT NULL,
    granter TEXT NOT NULL, sealed TEXT NOT NULL, signature TEXT NOT NULL,
    key_id TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (team, scope, epoch, device));
DROP TABLE sealed_keys;
DELETE FROM invites WHERE used = 1 OR expires_at <= CAST(strftime('%s', 'now') AS INTEGER);
ALTER TABLE teams ADD COLUMN stored_bytes INTEGER NOT NULL DEFAULT 0;
UPDATE teams SET stored_bytes = (SELECT coalesce(sum(length(ciphertext)), 0)
                                 FROM entries WHERE entries.team = teams.id);
ALTER TABLE entries ADD COLUMN v INTEGER NOT NULL DEFAULT 1;
ALTER TABLE entries ADD COLUMN ct_hash TEXT;
ALTER TABLE devices ADD COLUMN admitted INTEGER NOT NULL DEFAULT 1;
UPDATE schema_version SET version = 2;";

/// At most this many reading connections (one per core, at least two).
const READERS_AT_MOST: usize = 4;

#[derive(Clone)]
pub struct Sqlite {
    conn: Arc<Mutex<Connection>>,
    readers: Arc<Readers>,
}

/// The connections that only read (`query_only`), who is calling included.
/// With one connection for everything, 32 pulls in flight queued on its
/// mutex; with these the server answers 17% more first-sync pulls a second,
/// and the p99 fell once the caller's lookup moved here (docs/SYNC.md).
struct Readers {
    conns: Vec<Mutex<Connection>>,
    next: AtomicUsize,
}

impl Readers {
    fn open(path: &Path) -> Result<Readers> {
        let n = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(2, READERS_AT_MOST);
        let conns = (0..n)
            .map(|_| {
                let c = Connection::open(path)?;
                c.execute_batch(READER_PRAGMAS)?;
                Ok(Mutex::new(c))
            })
            .collect::<Result<_>>()?;
        Ok(Readers {
            conns,
            next: AtomicUsize::new(0),
        })
    }

    /// A free reader if there is one, else the next in turn (waiting).
    fn take(&self) -> Result<std::sync::MutexGuard<'_, Connection>> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let n = self.conns.len();
        for i in 0..n {
            if let Ok(c) = self.conns[(start + i) % n].try_lock() {
                return Ok(c);
            }
        }
        self.conns[start % n].lock().map_err(|_| poisoned())
    }
}

impl Sqlite {
    pub fn open(path: &Path) -> Result<Sqlite> {
        let mut conn = Connection::open(path)?;
        conn.execute_batch(PRAGMAS)?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
        let versioned: bool = tx.query_row(
            "SELECT count(*) > 0 FROM sqlite_schema WHERE name = 'schema_version'",
            [],
            |r| r.get(0),
        )?;
        let found: Option<i64> = if versioned {
            tx.query_row("SELECT max(version) FROM schema_version", [], |r| r.get(0))?
        } else {
            None
        };
        match layout(found)? {
            Layout::Create => tx.execute_batch(CREATE)?,
            Layout::UpgradeFrom1 => tx.execute_batch(UPGRADE_FROM_1)?,
            Layout::Current => {}
        }
        tx.commit()?;
        debug_assert_eq!(SCHEMA_VERSION, 2);
        Ok(Sqlite {
            conn: Arc::new(Mutex::new(conn)),
            readers: Arc::new(Readers::open(path)?),
        })
    }

    /// Runs `f` on a reading connection, in one read transaction: what it
    /// reads is one snapshot, as on the one connection before (a pull
    /// never sees half of a push or of a deletion).
    async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let readers = self.readers.clone();
        blocking(move || {
            let mut c = readers.take()?;
            let tx = c.transaction()?;
            f(&tx)
        })
        .await
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let conn = self.conn.clone();
        blocking(move || f(&mut *conn.lock().map_err(|_| poisoned())?)).await
    }
}

/// Runs `f` on tokio's blocking pool (SQLite's calls block).
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StoreError::Db(e.to_string()))?
}

fn poisoned() -> StoreError {
    StoreError::Db("the storage lock is poisoned".into())
}

/// Registers a device; the team's first device is admitted at once, one
/// that joins only when a coordinator's device has checked its proof.
fn insert_device(
    tx: &Connection,
    team: &str,
    d: &NewDevice,
    role: &str,
    cases: bool,
    now: i64,
) -> Result<()> {
    tx.execute(
        "INSERT INTO devices (team, id, sign_key, box_key, token_hash, role, cases, last_seen,
             join_invite, join_sealed, admitted)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            team,
            d.keys.device,
            d.keys.sign_key,
            d.keys.box_key,
            d.token_hash,
            role,
            cases,
            now,
            d.join.as_ref().map(|j| &j.invite_hash),
            d.join.as_ref().map(|j| &j.sealed),
            d.join.is_none()
        ],
    )?;
    Ok(())
}

fn device_taken(tx: &Connection, team: &str, device: &str) -> Result<bool> {
    Ok(tx
        .query_row(
            "SELECT 1 FROM devices WHERE team = ?1 AND id = ?2",
            params![team, device],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The state of `e`'s log as the push meets it: the log's last seq from
/// `memo` once the push has read it, the signature at `e.seq` only for a
/// place already taken, and whether a deletion killed `e`'s tag. The
/// statements are prepared once per connection.
fn log_state(tx: &Connection, team: &str, e: &Entry, memo: &mut PushMemo) -> Result<LogState> {
    let last: i64 = match memo.last(&e.scope, &e.device) {
        Some(last) => last,
        None => tx
            .prepare_cached(
                "SELECT coalesce(max(seq), 0) FROM entries
                 WHERE team = ?1 AND scope = ?2 AND device = ?3",
            )?
            .query_row(params![team, e.scope, e.device], |r| r.get(0))?,
    };
    let at_seq: Option<Option<String>> = match e.seq <= last {
        true => tx
            .prepare_cached(
                "SELECT signature FROM entries
                 WHERE team = ?1 AND scope = ?2 AND device = ?3 AND seq = ?4",
            )?
            .query_row(params![team, e.scope, e.device, e.seq], |r| r.get(0))
            .optional()?,
        false => None,
    };
    let dead = tx
        .prepare_cached("SELECT 1 FROM dead_tags WHERE team = ?1 AND scope = ?2 AND tag = ?3")?
        .query_row(params![team, e.scope, e.tag], |_| Ok(()))
        .optional()?
        .is_some();
    Ok(memo.state(e, last, at_seq, dead))
}

fn push_one(tx: &Connection, team: &str, e: &Entry, memo: &mut PushMemo) -> Result<()> {
    let state = log_state(tx, team, e, memo)?;
    let PushStep::Append { content } = rules::plan_push(&state, e)? else {
        return Ok(()); // the same entry again
    };
    for tag in &e.kills {
        let freed: i64 = tx
            .prepare_cached(
                "SELECT coalesce(sum(length(ciphertext)), 0) FROM entries
             WHERE team = ?1 AND scope = ?2 AND tag = ?3 AND kills = ''",
            )?
            .query_row(params![team, e.scope, tag], |r| r.get(0))?;
        tx.prepare_cached(
            "UPDATE entries SET ciphertext = NULL
             WHERE team = ?1 AND scope = ?2 AND tag = ?3 AND kills = ''",
        )?
        .execute(params![team, e.scope, tag])?;
        memo.freed(freed);
        tx.prepare_cached(
            "INSERT OR IGNORE INTO dead_tags (team, scope, tag) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![team, e.scope, tag])?;
    }
    // An entry of a record already deleted keeps its place and its signed
    // header, not its content.
    let ct = content.then_some(&e.ciphertext);
    tx.prepare_cached(
        "INSERT INTO entries (team, scope, device, seq, epoch, tag, nonce, ciphertext, signature,
             kills, v, ct_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        team,
        e.scope,
        e.device,
        e.seq,
        e.epoch,
        e.tag,
        e.nonce,
        ct,
        e.signature,
        e.kills.join(","),
        e.v,
        feltbog_wire::ciphertext_hash(&e.ciphertext)
    ])?;
    memo.appended(e, content);
    Ok(())
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
            let code = tx
                .query_row(
                    "SELECT used, expires_at FROM setup_codes WHERE hash = ?1",
                    [&setup_hash],
                    |r| {
                        Ok(CodeState {
                            used: r.get(0)?,
                            expires_at: r.get(1)?,
                        })
                    },
                )
                .optional()?;
            let exists = tx
                .query_row("SELECT 1 FROM teams WHERE id = ?1", [&team], |_| Ok(()))
                .optional()?
                .is_some();
            rules::plan_create_team(code, exists, now)?;
            tx.execute(
                "UPDATE setup_codes SET used = 1 WHERE hash = ?1",
                [&setup_hash],
            )?;
            tx.execute(
                "INSERT INTO teams (id, created_at) VALUES (?1, ?2)",
                params![team, now],
            )?;
            insert_device(&tx, &team, &first, "coordinator", true, now)?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn caller(&self, token_hash: Vec<u8>, now: i64) -> Result<Option<Caller>> {
        let Some((caller, last_seen)) = self.read(move |c| read::caller(c, &token_hash)).await?
        else {
            return Ok(None);
        };
        if crate::rules::seen_again(last_seen, now) {
            let (team, device) = (caller.team.clone(), caller.device.clone());
            self.run(move |c| {
                c.prepare_cached(
                    "UPDATE devices SET last_seen = ?3 WHERE team = ?1 AND id = ?2 AND revoked = 0",
                )?
                .execute(params![team, device, now])?;
                Ok(())
            })
            .await?;
        }
        Ok(Some(caller))
    }

    async fn add_invite(&self, team: String, i: InviteRow, now: i64) -> Result<()> {
        self.run(move |c| {
            c.execute("DELETE FROM invites WHERE expires_at <= ?1", [now])?;
            c.execute(
                "INSERT INTO invites (hash, team, role, cases, bundle, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    i.id_hash,
                    team,
                    i.role.as_str(),
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

    async fn join(&self, invite_hash: Vec<u8>, device: NewDevice, now: i64) -> Result<JoinPlan> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let invite = tx
                .query_row(
                    "SELECT team, role, cases, bundle, expires_at FROM invites WHERE hash = ?1",
                    [&invite_hash],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, bool>(2)?,
                            r.get::<_, String>(3)?,
                            r.get::<_, i64>(4)?,
                        ))
                    },
                )
                .optional()?
                .map(|(team, role, cases, bundle, expires_at)| {
                    Ok::<_, StoreError>(InviteState {
                        team,
                        role: parse_role(&role)?,
                        cases,
                        expires_at,
                        bundle,
                    })
                })
                .transpose()?;
            let taken = match &invite {
                Some(i) => device_taken(&tx, &i.team, &device.keys.device)?,
                None => false,
            };
            let plan = rules::plan_join(invite, taken, now)?;
            tx.execute(
                "DELETE FROM invites WHERE hash = ?1 OR expires_at <= ?2",
                params![invite_hash, now],
            )?;
            insert_device(
                &tx,
                &plan.team,
                &device,
                plan.role.as_str(),
                plan.cases,
                now,
            )?;
            tx.commit()?;
            Ok(plan)
        })
        .await
    }

    async fn devices(&self, team: String) -> Result<Vec<DeviceInfo>> {
        self.read(move |c| read::devices(c, &team)).await
    }

    async fn admit(&self, team: String, device: String) -> Result<bool> {
        self.run(move |c| {
            let n = c.execute(
                "UPDATE devices SET admitted = 1 WHERE team = ?1 AND id = ?2 AND revoked = 0",
                params![team, device],
            )?;
            Ok(n > 0)
        })
        .await
    }

    async fn revoke(&self, team: String, device: String) -> Result<bool> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let n = tx.execute(
                "UPDATE devices SET revoked = 1 WHERE team = ?1 AND id = ?2 AND revoked = 0",
                params![team, device],
            )?;
            if n > 0 {
                tx.execute("DELETE FROM invites WHERE team = ?1", [&team])?;
            }
            tx.commit()?;
            Ok(n > 0)
        })
        .await
    }

    async fn put_grants(&self, team: String, grants: Vec<Grant>) -> Result<()> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut existing = Vec::new();
            let mut keys = Vec::new();
            let mut targets = Vec::new();
            for g in &grants {
                keys.push(
                    tx.query_row(
                        "SELECT key_id FROM grants
                         WHERE team = ?1 AND scope = ?2 AND epoch = ?3 LIMIT 1",
                        params![team, g.scope, g.epoch],
                        |r| r.get(0),
                    )
                    .optional()?,
                );
                existing.push(
                    tx.query_row(
                        "SELECT sealed, signature FROM grants
                         WHERE team = ?1 AND scope = ?2 AND epoch = ?3 AND device = ?4",
                        params![team, g.scope, g.epoch, g.device],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?,
                );
                targets.push(
                    tx.query_row(
                        "SELECT revoked, cases FROM devices WHERE team = ?1 AND id = ?2",
                        params![team, g.device],
                        |r| {
                            Ok(GrantTarget {
                                revoked: r.get(0)?,
                                cases: r.get(1)?,
                            })
                        },
                    )
                    .optional()?,
                );
            }
            for i in rules::plan_grants(&grants, &existing, &keys, &targets)? {
                let g = &grants[i];
                tx.execute(
                    "INSERT INTO grants
                         (team, scope, epoch, device, granter, sealed, signature, key_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        team,
                        g.scope,
                        g.epoch,
                        g.device,
                        g.granter,
                        g.sealed,
                        g.signature,
                        g.key_id
                    ],
                )?;
            }
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn grants_for(
        &self,
        team: String,
        device: String,
        scopes: Vec<String>,
    ) -> Result<Vec<Grant>> {
        self.read(move |c| read::grants_for(c, &team, &device, &scopes))
            .await
    }

    async fn push(&self, team: String, entries: Vec<Entry>, quota: i64) -> Result<()> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let bytes: i64 = tx
                .prepare_cached("SELECT stored_bytes FROM teams WHERE id = ?1")?
                .query_row([&team], |r| r.get(0))?;
            let mut memo = PushMemo::new(bytes, quota);
            for e in &entries {
                push_one(&tx, &team, e, &mut memo)?;
            }
            if let Some(bytes) = memo.team_bytes_to_store() {
                tx.prepare_cached("UPDATE teams SET stored_bytes = ?2 WHERE id = ?1")?
                    .execute(params![team, bytes])?;
            }
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn heads(&self, team: String, device: String) -> Result<Heads> {
        self.read(move |c| read::heads(c, &team, &device)).await
    }

    async fn pull(&self, team: String, req: PullRequest) -> Result<Pulled> {
        self.read(move |c| read::pull(c, &team, &req)).await
    }
}
