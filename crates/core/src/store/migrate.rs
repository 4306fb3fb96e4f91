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
    (4, include_str!("../../migrations/0004_create_drafts.sql")),
    (5, include_str!("../../migrations/0005_create_cafes.sql")),
    (6, include_str!("../../migrations/0006_create_survey.sql")),
    (7, include_str!("../../migrations/0007_create_cases.sql")),
    (8, include_str!("../../migrations/0008_sync_outbox.sql")),
    (9, include_str!("../../migrations/0009_team.sql")),
    (10, include_str!("../../migrations/0010_members.sql")),
    (11, include_str!("../../migrations/0011_team_rules.sql")),
    (12, include_str!("../../migrations/0012_sync_case_log.sql")),
    (
        13,
        include_str!("../../migrations/0013_follow_ups_by_due.sql"),
    ),
    (14, include_str!("../../migrations/0014_access_chain.sql")),
    (15, include_str!("../../migrations/0015_retention.sql")),
    (16, include_str!("../../migrations/0016_key_grants.sql")),
    (
        17,
        include_str!("../../migrations/0017_access_check_on_unlock.sql"),
    ),
    (18, include_str!("../../migrations/0018_search.sql")),
    (19, include_str!("../../migrations/0019_owner.sql")),
    (20, include_str!("../../migrations/0020_police_list.sql")),
    (21, include_str!("../../migrations/0021_offer_letter.sql")),
    (22, include_str!("../../migrations/0022_activities.sql")),
    (
        23,
        include_str!("../../migrations/0023_activities_search.sql"),
    ),
    (
        24,
        include_str!("../../migrations/0024_activity_follow_ups.sql"),
    ),
    (25, include_str!("../../migrations/0025_search_later.sql")),
    (
        26,
        include_str!("../../migrations/0026_follow_ups_by_visit.sql"),
    ),
];

/// The schema version this program writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the schema up to [`LATEST_VERSION`], or refuses a newer one.
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, LATEST_VERSION)
}

/// Applies migrations up to `target`; tests use it to build old schemas.
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    run(conn, MIGRATIONS, target)
}

/// Applies `migrations` above the file's version up to `target`, in one
/// exclusive transaction.
///
/// Foreign keys are off while they run: a migration that rebuilds a table
/// (create the new one, copy, drop the old, rename) would otherwise, on
/// dropping a parent, delete every child row that cascades from it, or
/// fail on one that does not. SQLite ignores `PRAGMA foreign_keys` inside a
/// transaction, so it is set around it, and put back whatever happens.
/// Before the commit `foreign_key_check` must find nothing: a migration
/// that left a row pointing nowhere is refused, and nothing of it is kept.
fn run(conn: &mut Connection, migrations: &[(i64, &str)], target: i64) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let latest = migrations.last().map_or(0, |(v, _)| *v);
    if current > latest {
        return Err(Error::TooNew {
            found: current,
            supported: latest,
        });
    }
    if current >= target {
        return Ok(());
    }
    let keys_were_on: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    let done = apply(conn, migrations, current, target);
    let restored = conn.pragma_update(None, "foreign_keys", keys_were_on);
    done?;
    Ok(restored?)
}

fn apply(
    conn: &mut Connection,
    migrations: &[(i64, &str)],
    current: i64,
    target: i64,
) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
    for (version, sql) in migrations {
        if *version > current && *version <= target {
            tx.execute_batch(sql)?;
        }
    }
    let dangling: Vec<(String, String)> = tx
        .prepare("PRAGMA foreign_key_check")?
        .query_map([], |r| Ok((r.get(0)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if let Some((table, parent)) = dangling.first() {
        // Rolled back as `tx` drops: the file stays at `current`.
        return Err(Error::Corrupt(format!(
            "upgrading the schema to version {target} would leave {} row(s) of {table} \
             pointing at a missing {parent}; nothing was changed",
            dangling.len()
        )));
    }
    if current == 0 {
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('device', ?1)",
            [uuid::Uuid::now_v7().to_string()],
        )?;
    }
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}

pub(super) fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

pub(super) fn device_id(conn: &Connection) -> Result<String> {
    Ok(
        conn.query_row("SELECT value FROM meta WHERE key = 'device'", [], |r| {
            r.get(0)
        })?,
    )
}

#[cfg(test)]
#[path = "migrate_tests.rs"]
mod tests;
