//! PostgreSQL storage, for a hosted service with many municipalities: a
//! pool of connections (deadpool), one transaction per request, and an
//! advisory lock per team, so two pushes of one team cannot interleave (a
//! push keeps its team's byte count and its logs' heads in memory from its
//! first read to its commit: `rules::PushMemo`).
//! The decisions are the plans in `rules.rs`, as for SQLite; this file
//! reads the state they need and executes them.

use crate::rules::{
    self, CodeState, GrantTarget, InviteState, JoinPlan, LogState, PushMemo, PushStep,
};
use crate::storage::{
    layout, parse_role, Caller, InviteRow, Layout, NewDevice, PullRequest, Result, Storage,
    StoreError,
};
use deadpool_postgres::{GenericClient, Pool};
use feltbog_wire::{DeviceInfo, Entry, Grant, Heads, Pulled};

#[path = "postgres_connect.rs"]
mod connect;
#[path = "postgres_read.rs"]
mod read;

/// Layout 2, for a new database.
const CREATE: &str = "
CREATE TABLE setup_codes (
    hash BYTEA PRIMARY KEY, expires_at BIGINT NOT NULL, used BOOLEAN NOT NULL DEFAULT FALSE);
CREATE TABLE teams (
    id TEXT PRIMARY KEY, created_at BIGINT NOT NULL, stored_bytes BIGINT NOT NULL DEFAULT 0);
CREATE TABLE devices (
    team TEXT NOT NULL REFERENCES teams (id), id TEXT NOT NULL,
    sign_key TEXT NOT NULL, box_key TEXT NOT NULL, token_hash BYTEA NOT NULL UNIQUE,
    role TEXT NOT NULL, cases BOOLEAN NOT NULL, last_seen BIGINT NOT NULL,
    revoked BOOLEAN NOT NULL DEFAULT FALSE, join_invite TEXT, join_sealed TEXT,
    admitted BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (team, id));
CREATE TABLE invites (
    hash BYTEA PRIMARY KEY, team TEXT NOT NULL REFERENCES teams (id), role TEXT NOT NULL,
    cases BOOLEAN NOT NULL, bundle TEXT NOT NULL, expires_at BIGINT NOT NULL,
    used BOOLEAN NOT NULL DEFAULT FALSE);
CREATE TABLE grants (
    team TEXT NOT NULL, scope TEXT NOT NULL, epoch BIGINT NOT NULL, device TEXT NOT NULL,
    granter TEXT NOT NULL, sealed TEXT NOT NULL, signature TEXT NOT NULL,
    key_id TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (team, scope, epoch, device));
CREATE TABLE entries (
    team TEXT NOT NULL, scope TEXT NOT NULL, device TEXT NOT NULL, seq BIGINT NOT NULL,
    epoch BIGINT NOT NULL, tag TEXT NOT NULL, nonce TEXT, ciphertext TEXT, signature TEXT,
    kills TEXT NOT NULL DEFAULT '', v INTEGER NOT NULL DEFAULT 1, ct_hash TEXT,
    PRIMARY KEY (team, scope, device, seq));
CREATE INDEX entries_tag ON entries (team, scope, tag);
CREATE TABLE dead_tags (
    team TEXT NOT NULL, scope TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (team, scope, tag));
CREATE TABLE schema_version (version BIGINT NOT NULL);
INSERT INTO schema_version (version) VALUES (2);";

/// Layout 1 (Feltbog 0.1.0) to 2; see `sqlite.rs` for why.
const UPGRADE_FROM_1: &str = "
CREATE TABLE grants (
    team TEXT NOT NULL, scope TEXT NOT NULL, epoch BIGINT NOT NULL, device TEXT NOT NULL,
    granter TEXT NOT NULL, sealed TEXT NOT NULL, signature TEXT NOT NULL,
    key_id TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (team, scope, epoch, device));
DROP TABLE sealed_keys;
DELETE FROM invites WHERE used OR expires_at <= extract(epoch FROM now())::bigint;
ALTER TABLE teams ADD COLUMN stored_bytes BIGINT NOT NULL DEFAULT 0;
UPDATE teams SET stored_bytes = (SELECT coalesce(sum(length(ciphertext)), 0)
                                 FROM entries WHERE entries.team = teams.id);
ALTER TABLE entries ADD COLUMN v INTEGER NOT NULL DEFAULT 1;
ALTER TABLE entries ADD COLUMN ct_hash TEXT;
ALTER TABLE devices ADD COLUMN admitted BOOLEAN NOT NULL DEFAULT TRUE;
UPDATE schema_version SET version = 2;";

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
    /// Connects (`postgres://…`; TLS or a Unix socket unless the host is
    /// this machine, see `postgres_connect.rs`) and brings the layout up
    /// to date.
    pub async fn connect(url: &str) -> Result<Postgres> {
        let pool = connect::pool(url)?;
        let mut c = pool.get().await?;
        let tx = c.transaction().await?;
        // Two servers starting at once upgrade one after the other.
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtext('feltbog-layout'))",
            &[],
        )
        .await?;
        let versioned = tx
            .query_one("SELECT to_regclass('schema_version') IS NOT NULL", &[])
            .await?
            .get::<_, bool>(0);
        let found: Option<i64> = if versioned {
            tx.query_one("SELECT max(version) FROM schema_version", &[])
                .await?
                .get(0)
        } else {
            None
        };
        match layout(found)? {
            Layout::Create => tx.batch_execute(CREATE).await?,
            Layout::UpgradeFrom1 => tx.batch_execute(UPGRADE_FROM_1).await?,
            Layout::Current => {}
        }
        tx.commit().await?;
        drop(c);
        Ok(Postgres { pool })
    }
}

impl Postgres {
    /// How the connection to the database goes, for the server's start-up
    /// line: over TLS (with its version), through a Unix socket, or plain
    /// to this machine.
    pub async fn transport(&self) -> Result<String> {
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                &[],
            )
            .await?;
        let socket = c
            .query_one("SELECT inet_client_addr() IS NULL", &[])
            .await?
            .get::<_, bool>(0);
        Ok(match row {
            Some(r) if r.get::<_, bool>(0) => {
                format!(
                    "TLS ({})",
                    r.get::<_, Option<String>>(1).unwrap_or_default()
                )
            }
            _ if socket => "a Unix socket".into(),
            _ => "plain TCP to this machine".into(),
        })
    }
}

async fn insert_device(
    tx: &impl GenericClient,
    team: &str,
    d: &NewDevice,
    role: &str,
    cases: bool,
    now: i64,
) -> Result<()> {
    // The team's first device is admitted at once; one that joins only
    // when a coordinator's device has checked its proof.
    tx.execute(
        "INSERT INTO devices (team, id, sign_key, box_key, token_hash, role, cases, last_seen,
             join_invite, join_sealed, admitted)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        &[
            &team,
            &d.keys.device,
            &d.keys.sign_key,
            &d.keys.box_key,
            &d.token_hash,
            &role,
            &cases,
            &now,
            &d.join.as_ref().map(|j| j.invite_hash.clone()),
            &d.join.as_ref().map(|j| j.sealed.clone()),
            &d.join.is_none(),
        ],
    )
    .await?;
    Ok(())
}

/// The state of `e`'s log as the push meets it (`PushMemo`: the log's last
/// seq and the team's bytes where the push read them already).
async fn log_state(
    tx: &impl GenericClient,
    team: &str,
    e: &Entry,
    memo: &mut PushMemo,
) -> Result<LogState> {
    let last: i64 = match memo.last(&e.scope, &e.device) {
        Some(last) => last,
        None => tx
            .query_one(
                "SELECT coalesce(max(seq), 0) FROM entries WHERE team = $1 AND scope = $2 AND device = $3",
                &[&team, &e.scope, &e.device],
            )
            .await?
            .get(0),
    };
    let at_seq: Option<Option<String>> = match e.seq <= last {
        true => tx
            .query_opt(
                "SELECT signature FROM entries WHERE team = $1 AND scope = $2 AND device = $3 AND seq = $4",
                &[&team, &e.scope, &e.device, &e.seq],
            )
            .await?
            .map(|r| r.get(0)),
        false => None,
    };
    let dead = tx
        .query_opt(
            "SELECT 1 FROM dead_tags WHERE team = $1 AND scope = $2 AND tag = $3",
            &[&team, &e.scope, &e.tag],
        )
        .await?
        .is_some();
    Ok(memo.state(e, last, at_seq, dead))
}

async fn push_one(
    tx: &impl GenericClient,
    team: &str,
    e: &Entry,
    memo: &mut PushMemo,
) -> Result<()> {
    let state = log_state(tx, team, e, memo).await?;
    let PushStep::Append { content } = rules::plan_push(&state, e)? else {
        return Ok(()); // the same entry again
    };
    for tag in &e.kills {
        let freed: i64 = tx
            .query_one(
                "SELECT coalesce(sum(length(ciphertext)), 0)::bigint FROM entries
                 WHERE team = $1 AND scope = $2 AND tag = $3 AND kills = ''",
                &[&team, &e.scope, tag],
            )
            .await?
            .get(0);
        tx.execute(
            "UPDATE entries SET ciphertext = NULL
             WHERE team = $1 AND scope = $2 AND tag = $3 AND kills = ''",
            &[&team, &e.scope, tag],
        )
        .await?;
        memo.freed(freed);
        tx.execute(
            "INSERT INTO dead_tags (team, scope, tag) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[&team, &e.scope, tag],
        )
        .await?;
    }
    // An entry of a record already deleted keeps its place and its signed
    // header, not its content.
    let ct = content.then_some(&e.ciphertext);
    tx.execute(
        "INSERT INTO entries (team, scope, device, seq, epoch, tag, nonce, ciphertext, signature,
             kills, v, ct_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        &[
            &team,
            &e.scope,
            &e.device,
            &e.seq,
            &i64::from(e.epoch),
            &e.tag,
            &e.nonce,
            &ct,
            &e.signature,
            &e.kills.join(","),
            &i32::from(e.v),
            &feltbog_wire::ciphertext_hash(&e.ciphertext),
        ],
    )
    .await?;
    memo.appended(e, content);
    Ok(())
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
        let code = tx
            .query_opt(
                "SELECT used, expires_at FROM setup_codes WHERE hash = $1 FOR UPDATE",
                &[&setup_hash],
            )
            .await?
            .map(|r| CodeState {
                used: r.get(0),
                expires_at: r.get(1),
            });
        let exists = tx
            .query_opt("SELECT 1 FROM teams WHERE id = $1", &[&team])
            .await?
            .is_some();
        rules::plan_create_team(code, exists, now)?;
        tx.execute(
            "UPDATE setup_codes SET used = TRUE WHERE hash = $1",
            &[&setup_hash],
        )
        .await?;
        tx.execute(
            "INSERT INTO teams (id, created_at) VALUES ($1, $2)",
            &[&team, &now],
        )
        .await?;
        insert_device(&tx, &team, &first, "coordinator", true, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn caller(&self, token_hash: Vec<u8>, now: i64) -> Result<Option<Caller>> {
        let c = self.pool.get().await?;
        let who = c
            .prepare_cached(
                "SELECT team, id, sign_key, role, cases, admitted, last_seen FROM devices
                 WHERE token_hash = $1 AND NOT revoked",
            )
            .await?;
        let Some(r) = c.query_opt(&who, &[&token_hash]).await? else {
            return Ok(None);
        };
        let (team, device): (String, String) = (r.get(0), r.get(1));
        if crate::rules::seen_again(r.get(6), now) {
            let seen = c
                .prepare_cached(
                    "UPDATE devices SET last_seen = $3 WHERE team = $1 AND id = $2 AND NOT revoked",
                )
                .await?;
            c.execute(&seen, &[&team, &device, &now]).await?;
        }
        Ok(Some(crate::storage::effective(
            Caller {
                team,
                device,
                sign_key: r.get(2),
                role: parse_role(r.get(3))?,
                cases: r.get(4),
            },
            r.get(5),
        )))
    }

    async fn add_invite(&self, team: String, i: InviteRow, now: i64) -> Result<()> {
        let c = self.pool.get().await?;
        c.execute("DELETE FROM invites WHERE expires_at <= $1", &[&now])
            .await?;
        let n = c
            .execute(
                "INSERT INTO invites (hash, team, role, cases, bundle, expires_at)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                &[
                    &i.id_hash,
                    &team,
                    &i.role.as_str(),
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

    async fn join(&self, invite_hash: Vec<u8>, device: NewDevice, now: i64) -> Result<JoinPlan> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        let invite = match tx
            .query_opt(
                "SELECT team, role, cases, bundle, expires_at FROM invites WHERE hash = $1
                 FOR UPDATE",
                &[&invite_hash],
            )
            .await?
        {
            Some(r) => Some(InviteState {
                team: r.get(0),
                role: parse_role(r.get(1))?,
                cases: r.get(2),
                bundle: r.get(3),
                expires_at: r.get(4),
            }),
            None => None,
        };
        let taken = match &invite {
            Some(i) => tx
                .query_opt(
                    "SELECT 1 FROM devices WHERE team = $1 AND id = $2",
                    &[&i.team, &device.keys.device],
                )
                .await?
                .is_some(),
            None => false,
        };
        let plan = rules::plan_join(invite, taken, now)?;
        tx.execute(
            "DELETE FROM invites WHERE hash = $1 OR expires_at <= $2",
            &[&invite_hash, &now],
        )
        .await?;
        insert_device(
            &tx,
            &plan.team,
            &device,
            plan.role.as_str(),
            plan.cases,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(plan)
    }

    async fn devices(&self, team: String) -> Result<Vec<DeviceInfo>> {
        let c = self.pool.get().await?;
        read::devices(&c, &team).await
    }

    async fn admit(&self, team: String, device: String) -> Result<bool> {
        let c = self.pool.get().await?;
        let n = c
            .execute(
                "UPDATE devices SET admitted = TRUE WHERE team = $1 AND id = $2 AND NOT revoked",
                &[&team, &device],
            )
            .await?;
        Ok(n > 0)
    }

    async fn revoke(&self, team: String, device: String) -> Result<bool> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        let n = tx
            .execute(
                "UPDATE devices SET revoked = TRUE WHERE team = $1 AND id = $2 AND NOT revoked",
                &[&team, &device],
            )
            .await?;
        if n > 0 {
            tx.execute("DELETE FROM invites WHERE team = $1", &[&team])
                .await?;
        }
        tx.commit().await?;
        Ok(n > 0)
    }

    async fn put_grants(&self, team: String, grants: Vec<Grant>) -> Result<()> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtext($1))",
            &[&format!("{team}/grants")],
        )
        .await?;
        let mut existing = Vec::new();
        let mut keys = Vec::new();
        let mut targets = Vec::new();
        for g in &grants {
            keys.push(
                tx.query_opt(
                    "SELECT key_id FROM grants
                     WHERE team = $1 AND scope = $2 AND epoch = $3 LIMIT 1",
                    &[&team, &g.scope, &i64::from(g.epoch)],
                )
                .await?
                .map(|r| r.get(0)),
            );
            existing.push(
                tx.query_opt(
                    "SELECT sealed, signature FROM grants
                     WHERE team = $1 AND scope = $2 AND epoch = $3 AND device = $4",
                    &[&team, &g.scope, &i64::from(g.epoch), &g.device],
                )
                .await?
                .map(|r| (r.get(0), r.get(1))),
            );
            targets.push(
                tx.query_opt(
                    "SELECT revoked, cases FROM devices WHERE team = $1 AND id = $2",
                    &[&team, &g.device],
                )
                .await?
                .map(|r| GrantTarget {
                    revoked: r.get(0),
                    cases: r.get(1),
                }),
            );
        }
        for i in rules::plan_grants(&grants, &existing, &keys, &targets)? {
            let g = &grants[i];
            tx.execute(
                "INSERT INTO grants
                     (team, scope, epoch, device, granter, sealed, signature, key_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &team,
                    &g.scope,
                    &i64::from(g.epoch),
                    &g.device,
                    &g.granter,
                    &g.sealed,
                    &g.signature,
                    &g.key_id,
                ],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn grants_for(
        &self,
        team: String,
        device: String,
        scopes: Vec<String>,
    ) -> Result<Vec<Grant>> {
        let c = self.pool.get().await?;
        read::grants_for(&c, &team, &device, &scopes).await
    }

    async fn push(&self, team: String, entries: Vec<Entry>, quota: i64) -> Result<()> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        // One push of a team at a time: its logs and its byte count.
        tx.execute("SELECT pg_advisory_xact_lock(hashtext($1))", &[&team])
            .await?;
        let bytes: i64 = tx
            .query_one("SELECT stored_bytes FROM teams WHERE id = $1", &[&team])
            .await?
            .get(0);
        let mut memo = PushMemo::new(bytes, quota);
        for e in &entries {
            push_one(&tx, &team, e, &mut memo).await?;
        }
        if let Some(bytes) = memo.team_bytes_to_store() {
            tx.execute(
                "UPDATE teams SET stored_bytes = $2 WHERE id = $1",
                &[&team, &bytes],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn heads(&self, team: String, device: String) -> Result<Heads> {
        let c = self.pool.get().await?;
        read::heads(&c, &team, &device).await
    }

    async fn pull(&self, team: String, req: PullRequest) -> Result<Pulled> {
        // One statement, so one snapshot for the whole page, as SQLite's
        // single connection gives: were the logs and the entries read by
        // statements of their own under READ COMMITTED, a deletion pushed
        // between them could show its emptied entries without the
        // deletion, and the device would take that for a forged deletion
        // by the server.
        let c = self.pool.get().await?;
        read::pull(&c, &team, &req).await
    }
}
