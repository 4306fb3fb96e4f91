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
mod tests {
    //! Upgrading a database file frozen at an old schema version.
    use super::*;
    use crate::keys::DataKey;
    use crate::store::Store;
    use std::path::PathBuf;

    /// The key of the frozen fixtures. They hold fictitious data only.
    const FIXTURE_KEY: [u8; 32] = [0x5a; 32];

    fn fixture(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name)
    }

    fn open_raw(path: &std::path::Path) -> Connection {
        let conn = Connection::open(path).unwrap();
        let key = DataKey::from_bytes(FIXTURE_KEY);
        conn.execute_batch(&format!(
            "PRAGMA key = \"{}\";
             PRAGMA cipher_hmac_algorithm = HMAC_SHA256;
             PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA256;",
            key.sqlcipher_literal().as_str()
        ))
        .unwrap();
        conn
    }

    /// Writes `tests/fixtures/schema-v2.db` as version 2 of the schema
    /// shipped it. Run once, by hand, when the fixture is first made:
    /// `cargo test -p feltbog-core -- --ignored write_frozen_v2_fixture`.
    #[test]
    #[ignore = "writes the frozen fixture; run by hand only"]
    fn write_frozen_v2_fixture() {
        let path = fixture("schema-v2.db");
        let _ = std::fs::remove_file(&path);
        let mut conn = open_raw(&path);
        conn.execute_batch("PRAGMA journal_mode = DELETE;").unwrap();
        migrate_to(&mut conn, 2).unwrap();
        conn.execute_batch(
            "INSERT INTO schools (id, name, name_key, kind, town, grade_from, grade_to, active, hlc)
             VALUES ('01900000-0000-7000-8000-000000000001', 'Østerbyskolen', 'østerbyskolen',
                     'folkeskole', 'Egeby', 0, 9, 1, 65536);
             INSERT INTO change_log (entity, record_id, op, hlc, device, payload)
             VALUES ('school', '01900000-0000-7000-8000-000000000001', 'upsert', 65536,
                     'fixture', '{\"name\":\"Østerbyskolen\"}');",
        )
        .unwrap();
    }

    #[test]
    fn upgrades_a_frozen_v2_file_and_keeps_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feltbog.db");
        std::fs::copy(fixture("schema-v2.db"), &path).unwrap();
        assert_eq!(
            open_raw(&path)
                .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
                .unwrap(),
            2
        );

        let store = Store::open(&path, &DataKey::from_bytes(FIXTURE_KEY)).unwrap();
        assert_eq!(
            store.pragma("user_version").unwrap(),
            LATEST_VERSION.to_string()
        );
        let schools = store.schools(true).unwrap();
        assert_eq!(schools.len(), 1);
        assert_eq!(schools[0].name, "Østerbyskolen");
        // The old entry stays as history; the school is logged afresh for
        // sync, with every field group (migration 8's baseline).
        let log = store.changes().unwrap();
        assert_eq!(log.len(), 2);
        assert_eq!(
            (log[0].v, log[1].v),
            (0, crate::sync::PAYLOAD_VERSION as i64)
        );
        let payload = log[1].payload.as_deref().unwrap();
        assert!(
            payload.contains("Østerbyskolen") && payload.contains("\"grades\""),
            "{payload}"
        );
        assert_eq!(store.unsent().unwrap(), 1);
        // The tables added after version 2 are there and usable.
        assert!(store.visits(&Default::default()).unwrap().is_empty());
        store.integrity_check().unwrap();
    }
}
