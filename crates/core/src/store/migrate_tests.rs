//! Upgrading database files frozen at the schema versions that shipped, and
//! the rules every migration runs under.
//!
//! The frozen files (`tests/fixtures/schema-v*.db`) were written once by
//! `write_frozen_fixtures` from the SQL beside them and are never rewritten:
//! they are what a consultant's laptop holds after that version. Each must
//! open with today's program with every row it held still there.

use super::*;
use crate::keys::DataKey;
use crate::store::Store;
use rusqlite::types::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The key of the frozen fixtures. They hold fictitious data only.
const FIXTURE_KEY: [u8; 32] = [0x5a; 32];

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn open_raw(path: &Path) -> Connection {
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

/// A copy of a frozen fixture in a fresh directory, and its version.
fn copy_of(name: &str) -> (tempfile::TempDir, PathBuf, i64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feltbog.db");
    std::fs::copy(fixture(name), &path).unwrap();
    let version = open_raw(&path)
        .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
        .unwrap();
    (dir, path, version)
}

type Row = BTreeMap<String, Value>;

/// Every row of every table, each as its columns and values.
fn all_rows(conn: &Connection) -> BTreeMap<String, Vec<Row>> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
            let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
            let rows = stmt
                .query_map([], |r| {
                    names
                        .iter()
                        .enumerate()
                        .map(|(i, n)| Ok((n.clone(), r.get::<_, Value>(i)?)))
                        .collect::<rusqlite::Result<Row>>()
                })
                .unwrap()
                .collect::<rusqlite::Result<Vec<Row>>>()
                .unwrap();
            (t, rows)
        })
        .collect()
}

/// The sync clock of a row: the program's bookkeeping, restamped when an
/// upgrade logs every record afresh for sync (migration 8's baseline).
const BOOKKEEPING: &[&str] = &["hlc", "clock"];

/// Asserts every row of `before` is in `after`, with every column it had
/// holding the same value (but the [`BOOKKEEPING`] ones). Migrations may
/// add tables, columns and rows; they may not lose a table, a column or a
/// row, nor change what a row says.
fn assert_every_row_survived(
    before: &BTreeMap<String, Vec<Row>>,
    after: &BTreeMap<String, Vec<Row>>,
) {
    for (table, rows) in before {
        let now = after
            .get(table)
            .unwrap_or_else(|| panic!("table {table} is gone after the upgrade"));
        let Some(sample) = rows.first() else {
            continue;
        };
        let columns: Vec<&String> = sample
            .keys()
            .filter(|c| !BOOKKEEPING.contains(&c.as_str()))
            .collect();
        if let Some(n) = now.first() {
            for c in &columns {
                assert!(
                    n.contains_key(*c),
                    "column {table}.{c} is gone after the upgrade"
                );
            }
        }
        let project = |r: &Row| -> Vec<Value> { columns.iter().map(|c| r[*c].clone()).collect() };
        let mut left: Vec<Vec<Value>> = now.iter().map(project).collect();
        for row in rows {
            let want = project(row);
            let at = left
                .iter()
                .position(|r| *r == want)
                .unwrap_or_else(|| panic!("a row of {table} is lost or changed: {row:?}"));
            left.swap_remove(at);
        }
    }
}

fn rows_in(conn: &Connection) -> usize {
    all_rows(conn).values().map(Vec::len).sum()
}

/// Writes the frozen fixtures `schema-v7.db` (cases and the access log)
/// and `schema-v13.db` (team sync) as those versions shipped them, from
/// the SQL beside them. Run once, by hand, when a fixture is first made:
/// `cargo test -p feltbog-core -- --ignored write_frozen_fixtures`. Never
/// rewrite one that exists: it stands for files on users' laptops.
#[test]
#[ignore = "writes the frozen fixtures; run by hand only"]
fn write_frozen_fixtures() {
    for name in ["schema-v7.db", "schema-v13.db"] {
        let _ = std::fs::remove_file(fixture(name));
    }
    let v7 = fixture("schema-v7.db");
    let mut conn = open_raw(&v7);
    conn.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA foreign_keys = ON;")
        .unwrap();
    migrate_to(&mut conn, 7).unwrap();
    conn.execute_batch(&std::fs::read_to_string(fixture("schema-v7.sql")).unwrap())
        .unwrap();
    drop(conn);

    let v13 = fixture("schema-v13.db");
    std::fs::copy(&v7, &v13).unwrap();
    let mut conn = open_raw(&v13);
    conn.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA foreign_keys = ON;")
        .unwrap();
    migrate_to(&mut conn, 13).unwrap();
    conn.execute_batch(&std::fs::read_to_string(fixture("schema-v13.sql")).unwrap())
        .unwrap();
    // The outbox as version 13 wrote it: each school logged for sync.
    let payload = crate::sync::Payload {
        v: 1,
        entity: "school".into(),
        id: "01900000-0000-7000-8000-000000000001".parse().unwrap(),
        op: crate::sync::Op::Set {
            groups: [(
                "name".to_string(),
                crate::sync::GroupChange {
                    values: [(
                        "name".to_string(),
                        crate::sync::Value::Text("Østerbyskolen".into()),
                    )]
                    .into(),
                    stamp: 65557,
                    replaced: vec![],
                },
            )]
            .into(),
        },
    };
    conn.execute(
        "INSERT INTO change_log (entity, record_id, op, hlc, device, payload, v, scope, send_seq)
         VALUES ('school', '01900000-0000-7000-8000-000000000001', 'upsert', 65557,
                 'fixture-device', ?1, 1, 'team', 1)",
        [payload.to_json()],
    )
    .unwrap();
}

#[test]
fn the_frozen_files_hold_a_row_in_every_table_of_their_version() {
    for (name, version) in [("schema-v7.db", 7), ("schema-v13.db", 13)] {
        let (_dir, path, found) = copy_of(name);
        assert_eq!(found, version, "{name}");
        for (table, rows) in all_rows(&open_raw(&path)) {
            assert!(!rows.is_empty(), "{name}: table {table} is empty");
        }
    }
}

#[test]
fn a_frozen_v7_file_upgrades_with_every_row() {
    let (_dir, path, _) = copy_of("schema-v7.db");
    let before = all_rows(&open_raw(&path));
    let store = Store::open(&path, &DataKey::from_bytes(FIXTURE_KEY)).unwrap();
    assert_eq!(
        store.pragma("user_version").unwrap(),
        LATEST_VERSION.to_string()
    );
    assert_eq!(store.pragma("foreign_keys").unwrap(), "1");
    assert_every_row_survived(&before, &all_rows(&store.conn));
    store.integrity_check().unwrap();

    // And the program reads them as records.
    let schools = store.schools(true).unwrap();
    assert_eq!(schools.len(), 2);
    let visits = store.visits(&Default::default()).unwrap();
    assert_eq!(visits.len(), 2);
    let talk = visits.iter().find(|v| v.notes.contains("grænser")).unwrap();
    assert_eq!(talk.follow_ups.len(), 2);
    // Ownership came later (migration 19): a visit is its author's, and
    // its follow-ups go with it.
    assert_eq!(talk.owner, "Testkonsulent");
    assert!(talk.follow_ups.iter().all(|f| f.owner == "Testkonsulent"));
    let cases = store.all_cases().unwrap();
    assert_eq!(cases.len(), 2);
    assert_eq!(store.cafes(&Default::default()).unwrap().len(), 2);

    // The search index is built for the upgraded file: every indexed row
    // has its document, and a word of a note finds its visit.
    let indexed = |sql: &str| -> i64 { store.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        indexed("SELECT count(*) FROM search_docs"),
        indexed(
            "SELECT (SELECT count(*) FROM schools) + (SELECT count(*) FROM visits)
                  + (SELECT count(*) FROM follow_ups) + (SELECT count(*) FROM cafes)
                  + (SELECT count(*) FROM cafe_agreements) + (SELECT count(*) FROM survey_rounds)
                  + (SELECT count(*) FROM activities) + (SELECT count(*) FROM activity_follow_ups)"
        )
    );
    let (hits, total) = store.search_index("\"grænse\"*", 10).unwrap();
    assert_eq!(total, Some(1));
    assert_eq!(hits[0].record, talk.id.to_string());
}

/// Every table the search index reads has its three triggers: a table
/// rebuilt by a later migration loses them with the old table, and must
/// create them again (migration 18 shows how).
#[test]
fn every_searched_table_keeps_its_search_triggers() {
    let conn = latest_with_a_visit();
    for table in [
        "schools",
        "visits",
        "follow_ups",
        "cafes",
        "cafe_agreements",
        "survey_rounds",
        "activities",
        "activity_follow_ups",
    ] {
        let names: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1 AND name LIKE '%_search_%' ORDER BY name")
            .unwrap()
            .query_map([table], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            names,
            ["delete", "insert", "update"].map(|op| format!("{table}_search_{op}")),
            "{table}"
        );
    }
}

#[test]
fn a_frozen_v13_file_upgrades_with_every_row() {
    let (_dir, path, _) = copy_of("schema-v13.db");
    let before = all_rows(&open_raw(&path));
    let store = Store::open(&path, &DataKey::from_bytes(FIXTURE_KEY)).unwrap();
    assert_eq!(
        store.pragma("user_version").unwrap(),
        LATEST_VERSION.to_string()
    );
    assert_every_row_survived(&before, &all_rows(&store.conn));
    store.integrity_check().unwrap();
    assert_eq!(store.schools(true).unwrap().len(), 2);
    assert_eq!(store.all_cases().unwrap().len(), 2);
}

/// The check itself catches a lost row: without this, a comparison that
/// saw nothing would pass every upgrade.
#[test]
fn a_lost_row_is_caught() {
    let (_dir, path, _) = copy_of("schema-v7.db");
    let conn = open_raw(&path);
    let before = all_rows(&conn);
    conn.execute(
        "DELETE FROM follow_ups WHERE id = '01900000-0000-7000-8000-000000000022'",
        [],
    )
    .unwrap();
    let after = all_rows(&conn);
    let lost = std::panic::catch_unwind(|| assert_every_row_survived(&before, &after));
    assert!(lost.is_err());
}

/// A migration rebuilding a parent table (create, copy, drop, rename), as
/// SQLite's documented way to change a column: with foreign keys on, the
/// drop would delete every follow-up of every visit. The table's triggers
/// go with the old table and are made again ([`rebuild_visits`]).
const REBUILD_VISITS: &str = "
    CREATE TABLE visits_new (
        id            TEXT    PRIMARY KEY,
        school_id     TEXT    NOT NULL REFERENCES schools (id),
        date          TEXT    NOT NULL,
        status        TEXT    NOT NULL,
        purpose       TEXT    NOT NULL,
        purpose_other TEXT    NOT NULL DEFAULT '',
        classes       TEXT    NOT NULL DEFAULT '[]',
        notes         TEXT    NOT NULL DEFAULT '',
        author        TEXT    NOT NULL DEFAULT '',
        hlc           INTEGER NOT NULL,
        clock         TEXT    NOT NULL DEFAULT '{}'
    );
    INSERT INTO visits_new SELECT id, school_id, date, status, purpose, purpose_other,
        classes, notes, author, hlc, clock FROM visits;
    DROP TABLE visits;
    ALTER TABLE visits_new RENAME TO visits;";

/// Today's schema with one school, visit and follow-up, foreign keys on
/// as the store runs.
fn latest_with_a_visit() -> Connection {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    crate::store::search::register(&conn).unwrap();
    migrate_to(&mut conn, LATEST_VERSION).unwrap();
    conn.execute_batch(
        "INSERT INTO schools (id, name, name_key, kind, town, hlc)
             VALUES ('s', 'Østerbyskolen', 'østerbyskolen', 'folkeskole', 'Egeby', 1);
         INSERT INTO visits (id, school_id, date, status, purpose, hlc)
             VALUES ('v', 's', '2026-03-02', 'done', 'class-talk', 2);
         INSERT INTO follow_ups (id, visit_id, text, due, hlc)
             VALUES ('f', 'v', 'Send materiale', '2026-03-16', 3);",
    )
    .unwrap();
    conn
}

/// [`REBUILD_VISITS`] with the visits' search triggers made again, as
/// the file holds them.
fn rebuild_visits(conn: &Connection) -> &'static str {
    let again: Vec<String> = conn
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'visits'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(again.len(), 3, "insert, update, delete");
    Box::leak(format!("{REBUILD_VISITS};\n{};", again.join(";\n")).into_boxed_str())
}

fn with_next(sql: &'static str) -> Vec<(i64, &'static str)> {
    let mut all = MIGRATIONS.to_vec();
    all.push((LATEST_VERSION + 1, sql));
    all
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_migration_rebuilding_a_parent_keeps_its_children() {
    let mut conn = latest_with_a_visit();
    let sql = rebuild_visits(&conn);
    run(&mut conn, &with_next(sql), LATEST_VERSION + 1).unwrap();
    // The search index still follows the rebuilt table.
    conn.execute("UPDATE visits SET notes = 'Ny note' WHERE id = 'v'", [])
        .unwrap();
    assert_eq!(
        conn.query_row(
            "SELECT count(*) FROM search_text WHERE search_text MATCH 'note'",
            [],
            |r| r.get::<_, i64>(0)
        )
        .unwrap(),
        1
    );
    assert_eq!(count(&conn, "follow_ups"), 1);
    assert_eq!(count(&conn, "visits"), 1);
    let on: bool = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert!(on, "foreign keys are back on after the migration");
}

#[test]
fn a_migration_leaving_a_row_pointing_nowhere_is_refused_whole() {
    let mut conn = latest_with_a_visit();
    let rows = rows_in(&conn);
    let err = run(
        &mut conn,
        &with_next("ALTER TABLE schools ADD COLUMN x INTEGER; DELETE FROM schools;"),
        LATEST_VERSION + 1,
    )
    .unwrap_err();
    assert!(
        matches!(&err, Error::Corrupt(m) if m.contains("visits") && m.contains("nothing was changed")),
        "{err}"
    );
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, LATEST_VERSION);
    assert_eq!(rows_in(&conn), rows);
    assert!(conn.prepare("SELECT x FROM schools").is_err());
    let on: bool = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert!(on, "foreign keys are back on after a refused migration");
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
    let (_dir, path, version) = copy_of("schema-v2.db");
    assert_eq!(version, 2);
    let before = all_rows(&open_raw(&path));

    let store = Store::open(&path, &DataKey::from_bytes(FIXTURE_KEY)).unwrap();
    assert_eq!(
        store.pragma("user_version").unwrap(),
        LATEST_VERSION.to_string()
    );
    assert_every_row_survived(&before, &all_rows(&store.conn));
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

/// Activities recorded before search knew them (schema 22) are found once
/// the file is opened by a program that does (migration 23 and the
/// index's rebuild).
#[test]
fn activities_written_before_migration_23_are_found_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feltbog.db");
    let mut conn = open_raw(&path);
    migrate_to(&mut conn, 22).unwrap();
    conn.execute_batch(
        "INSERT INTO activities (id, date, kind, area, young, adults, theme, notes)
         VALUES ('01900000-0000-7000-8000-0000000000a1', '2026-11-20', 'street',
                 'Nordby', 30, 2, 'Fredagsaften', 'Mange unge ved skaterbanen');",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path, &DataKey::from_bytes(FIXTURE_KEY)).unwrap();
    for word in ["\"skaterbanen\"", "\"gadeplan\"", "\"nordby\""] {
        let (hits, total) = store.search_index(word, 10).unwrap();
        assert_eq!(total, Some(1), "{word}");
        assert_eq!(hits[0].kind, "activity");
        assert_eq!(hits[0].record, "01900000-0000-7000-8000-0000000000a1");
    }
}
