//! Schema migrations: numbered SQL files embedded at compile time, applied in
//! one transaction, the version recorded in `PRAGMA user_version`.
//! A shipped migration is never edited; a change is a new file.

use crate::{Error, Result};
use rusqlite::Connection;

const MIGRATIONS: &[(i64, &str)] = &[
    (
        1,
        include_str!("../../migrations/0001_create_meta_and_change_log.sql"),
    ),
    (2, include_str!("../../migrations/0002_create_schools.sql")),
    (3, include_str!("../../migrations/0003_create_visits.sql")),
];

/// The schema version this program writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the schema up to [`LATEST_VERSION`], or refuses a newer one.
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, LATEST_VERSION)
}

/// Applies migrations up to `target`; tests use it to build old schemas.
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > LATEST_VERSION {
        return Err(Error::TooNew {
            found: current,
            supported: LATEST_VERSION,
        });
    }
    if current >= target {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
    for (version, sql) in MIGRATIONS {
        if *version > current && *version <= target {
            tx.execute_batch(sql)?;
        }
    }
    if current == 0 {
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('device', ?1), ('hlc', '0')",
            [uuid::Uuid::now_v7().to_string()],
        )?;
    }
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}

pub(super) fn device_id(conn: &Connection) -> Result<String> {
    Ok(
        conn.query_row("SELECT value FROM meta WHERE key = 'device'", [], |r| {
            r.get(0)
        })?,
    )
}
