//! The encrypted SQLite store. All SQL in Feltbog lives under this module:
//! one file per aggregate, methods on [`Store`] for reads and on [`Tx`] for
//! writes. Every write goes through [`Store::with_tx`]; each write of a
//! synced record calls the outbox (`outbox.rs`), which stamps the groups it
//! changed with the hybrid logical clock and appends them to the change log
//! in the same transaction. Changes from other devices come in through the
//! one apply path (`apply.rs`).

/// Who is responsible for a row (migration 19), as an SQL expression over
/// the usual aliases, for `concat!`: its own owner, else (empty or NULL)
/// its visit's or café's, else its author. The one place this rule lives.
macro_rules! owner_of {
    (visit) => {
        "coalesce(nullif(v.owner, ''), v.author)"
    };
    (follow_up) => {
        "coalesce(nullif(f.owner, ''), nullif(v.owner, ''), v.author)"
    };
    // A follow-up read with its visit's owner already known (`?2`, that
    // visit's `owner_of!(visit)`): the same rule without a second lookup
    // of the visit, which cost a random page of its id index per visit.
    (follow_up, visit_owner = ?2) => {
        "coalesce(nullif(f.owner, ''), ?2)"
    };
    (cafe) => {
        "coalesce(nullif(c.owner, ''), c.author)"
    };
    (agreement) => {
        "coalesce(nullif(a.owner, ''), nullif(c.owner, ''), c.author)"
    };
    (case) => {
        "coalesce(nullif(c.owner, ''), c.author)"
    };
    (activity) => {
        "coalesce(nullif(a.owner, ''), a.author)"
    };
    (activity_follow_up) => {
        "coalesce(nullif(f.owner, ''), nullif(a.owner, ''), a.author)"
    };
}

mod access_check;
mod activities;
mod activity_follow_ups;
mod alarms;
mod apply;
mod apply_delete;
mod cafes;
mod calendar;
mod case_log;
mod cases;
mod changes;
mod checkpoint;
mod clock;
mod conflicts;
mod copy;
mod dated_rows;
mod desk;
mod drafts;
mod heads;
mod held;
mod host;
mod index_later;
mod keys;
mod members;
mod migrate;
mod outbox;
mod owner;
mod pending;
mod rejoin;
mod retention;
mod row;
mod school_merge;
mod schools;
mod scrub;
mod search;
mod settings;
mod summary;
mod survey;
mod team;
mod team_rules;
mod visits;

pub use access_check::CheckMark;
pub use apply::{ApplyReport, Block};
pub use case_log::AccessNote;
pub use cases::{CaseDates, CaseKey, NewStep, StoredCase};
pub use changes::{ChangeOp, ChangeRow};
pub use conflicts::{Choice, Conflict, LostEdit};
pub use keys::Announced;
pub use members::{InviteSent, MemberRow};
pub use migrate::LATEST_VERSION;
pub use owner::Owned;
pub use pending::StoredPending;
pub use rejoin::Left;
pub use retention::Dated;
pub use team::{OwnLog, TeamRow};
pub use team_rules::TeamRules;
pub use visits::VisitCount;

use crate::domain::hlc;
use crate::keys::DataKey;
use crate::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// An open, unlocked database.
pub struct Store {
    conn: Connection,
    device: String,
    /// The newest clock stamp written, kept in memory (read back from the
    /// change log at open) so a write need not update a row for it.
    last_stamp: i64,
    /// Added to the wall clock: only tests set it, to play devices whose
    /// clocks are wrong.
    clock_skew_ms: i64,
    /// A checkpoint that another connection kept from finishing: retried
    /// after the next write and when the store closes (see `checkpoint`).
    checkpoint_pending: std::cell::Cell<bool>,
    /// The file and key, kept so a background worker can open a second
    /// connection ([`Store::open_another`]); `None` for the plain bench file.
    reopen: Option<(std::path::PathBuf, DataKey)>,
    /// What the connection's `search_later()` reads (`index_later.rs`).
    search_later: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// A write transaction held open across `with_tx` calls (`held.rs`).
    hold: Option<held::Hold>,
}

/// Every cipher setting the file format depends on, pinned, so that a
/// future SQLCipher with other defaults (or a process that changed them
/// with `cipher_default_*`) still opens every profile. Page authentication
/// stays on; HMAC-SHA256 instead of the default SHA-512 because it runs in
/// hardware (SHA-NI) on current x86 and ARM CPUs, which roughly halves the
/// cost of every page written. The KDF settings only matter for SQLCipher's
/// own derivation of the HMAC key (the data key is given raw). Changing any
/// of these later needs a migration through `sqlcipher_export`.
pub(crate) const CIPHER_SETTINGS: &str = "PRAGMA cipher_page_size = 4096;
     PRAGMA cipher_hmac_algorithm = HMAC_SHA256;
     PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA256;
     PRAGMA kdf_iter = 256000;
     PRAGMA cipher_plaintext_header_size = 0;";

fn open_flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
}

/// Makes sure SQLite, and SQLCipher with it, is fully initialised before any
/// connection is keyed.
///
/// SQLite marks itself initialised *before* it runs SQLCipher's extra
/// initialisation, outside its own mutex. A second thread opening its first
/// connection in that window skips initialisation and its `PRAGMA key`
/// fails ("An error occurred with PRAGMA key"). Opening one in-memory
/// connection under a `Once` closes the window: `call_once` blocks every
/// other caller until the first `sqlite3_initialize` has returned.
fn initialize_sqlcipher_once() {
    static INIT: std::sync::Once = std::sync::Once::new();
    INIT.call_once(|| {
        // Opening can only fail for lack of memory; the real open that
        // follows reports any error properly.
        if let Ok(conn) = Connection::open_in_memory() {
            if MEMORY_SECURITY {
                let _ = conn.execute_batch("PRAGMA cipher_memory_security = ON;");
            }
        }
    });
}

/// Whether Feltbog turns on SQLCipher's memory security (see
/// [`set_memory_security`]). Off: `cargo xtask bench memsec` measured the
/// aggregate read 3.7 times slower with it on (142 ms against 39 ms over
/// 50,000 visits) and a write 1.3 times slower. What it would protect, freed
/// page buffers in the memory of a running, unlocked app, is already
/// outside what Feltbog can defend (malware running as the user).
pub const MEMORY_SECURITY: bool = false;

/// Turns SQLCipher's memory security on or off for the whole process: with
/// it on, every buffer SQLite frees (decrypted pages among them) is wiped
/// first, so a later memory dump or swap file holds no freed plaintext.
/// Answers the setting as SQLCipher reports it afterwards. Set once, before
/// the first profile opens (see [`MEMORY_SECURITY`]).
pub fn set_memory_security(on: bool) -> Result<bool> {
    // After the first initialisation, which sets the program's choice.
    initialize_sqlcipher_once();
    let conn = Connection::open_in_memory()?;
    conn.execute_batch(&format!(
        "PRAGMA cipher_memory_security = {};",
        if on { "ON" } else { "OFF" }
    ))?;
    let now: String = conn.query_row("PRAGMA cipher_memory_security", [], |r| r.get(0))?;
    Ok(now == "1")
}

/// One write transaction: every record write made through it is logged.
pub struct Tx<'a> {
    tx: held::Txn<'a>,
    device: &'a str,
    last_stamp: i64,
    clock_skew_ms: i64,
    /// Rows to index for search at the end of a large apply.
    later: Option<index_later::Later>,
    search_later: &'a std::sync::atomic::AtomicBool,
}

impl Store {
    /// Opens (or creates) the database at `path` with the raw data key,
    /// checks the key by reading, sets the pragmas and migrates.
    pub fn open(path: &Path, key: &DataKey) -> Result<Store> {
        initialize_sqlcipher_once();
        let conn = Connection::open_with_flags(path, open_flags())?;
        // The statement holds the key in hex: zeroed when dropped, like the key.
        let pragma = zeroize::Zeroizing::new(format!(
            "PRAGMA key = \"{}\";",
            key.sqlcipher_literal().as_str()
        ));
        conn.execute_batch(&pragma)?;
        conn.execute_batch(CIPHER_SETTINGS)?;
        let mut store = Self::finish_open(conn)?;
        store.check_host(path)?;
        store.reopen = Some((path.to_path_buf(), key.duplicate()));
        Ok(store)
    }

    /// A second connection to the same database, for work that must never
    /// hold the connection the user's screens use (a sync waits on the
    /// network). Both may write: SQLite serialises their transactions and
    /// every transaction reads the newest clock stamp from the file.
    pub fn open_another(&self) -> Result<Store> {
        let (path, key) = self.reopen.as_ref().ok_or_else(|| {
            Error::Io(std::io::Error::new(
                std::io::ErrorKind::Unsupported,
                "the benchmark's plain database has no second connection",
            ))
        })?;
        let mut store = Store::open(path, key)?;
        store.clock_skew_ms = self.clock_skew_ms;
        Ok(store)
    }

    /// Opens an *unencrypted* database, only so the benchmark can compare
    /// the same workload with and without encryption.
    #[cfg(feature = "bench-plain")]
    pub fn open_plain_for_bench(path: &Path) -> Result<Store> {
        initialize_sqlcipher_once();
        Self::finish_open(Connection::open_with_flags(path, open_flags())?)
    }

    /// Checks the key by reading, sets the pragmas and migrates.
    fn finish_open(mut conn: Connection) -> Result<Store> {
        // PRAGMA key always succeeds; the first read tells whether the key fits.
        let readable: rusqlite::Result<i64> =
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0));
        if let Err(e) = readable {
            return Err(match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::NotADatabase) => {
                    Error::Corrupt("the key does not open the database".into())
                }
                _ => e.into(),
            });
        }
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA secure_delete = ON;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -32768;
             PRAGMA wal_autocheckpoint = 4000;",
        )?;
        let search_later = search::register(&conn)?;
        migrate::migrate(&mut conn)?;
        let device = migrate::device_id(&conn)?;
        let last_stamp = changes::newest_stamp(&conn)?;
        let mut store = Store {
            conn,
            device,
            last_stamp,
            clock_skew_ms: 0,
            checkpoint_pending: std::cell::Cell::new(false),
            reopen: None,
            search_later,
            hold: None,
        };
        store.baseline_once()?;
        store.refresh_search_index()?;
        Ok(store)
    }

    /// Logs, once, every record written before the outbox existed.
    fn baseline_once(&mut self) -> Result<()> {
        if migrate::meta(&self.conn, "outbox_baseline")?.is_some() {
            return Ok(());
        }
        self.with_tx(|t| {
            t.baseline()?;
            t.set_meta("outbox_baseline", "1")
        })
    }

    /// The newest clock stamp this connection has seen. It moves when
    /// something is written, so the app knows a sync is worth starting.
    pub fn clock_stamp(&self) -> i64 {
        self.last_stamp
    }

    /// This device's id, written into every change-log entry.
    pub fn device(&self) -> &str {
        &self.device
    }

    /// Runs `f` in one immediate transaction: all of it or none of it.
    /// Inside a held batch ([`Store::hold_writes`]) it writes into the
    /// batch, committed with it; if it fails, the batch is rolled back.
    pub fn with_tx<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let held = self.hold.is_some();
        let (out, stamp) = {
            let tx = if held {
                held::Txn::Held(&self.conn)
            } else {
                held::Txn::Own(
                    self.conn
                        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?,
                )
            };
            // Another connection (the sync worker, or the command line) may
            // have moved the clock on since this one last wrote; read under
            // the write lock, so no two transactions hand out the same stamp.
            let newest = changes::newest_stamp(&tx)?;
            let mut t = Tx {
                tx,
                device: &self.device,
                last_stamp: self.last_stamp.max(newest),
                clock_skew_ms: self.clock_skew_ms,
                later: None,
                search_later: &self.search_later,
            };
            let out = f(&mut t);
            // Whatever happened, the next write indexes its rows itself.
            t.search_later
                .store(false, std::sync::atomic::Ordering::Relaxed);
            let stamp = t.last_stamp;
            match out {
                Ok(out) => {
                    t.tx.commit()?;
                    (out, stamp)
                }
                Err(e) => {
                    drop(t);
                    // Its own transaction rolls back as it drops; a held
                    // batch has no savepoint to undo this write alone.
                    self.drop_held();
                    return Err(e);
                }
            }
        };
        // Only a committed transaction moves the clock on; a failed one
        // leaves no stamp behind.
        self.last_stamp = stamp;
        if !held {
            self.retry_pending_checkpoint();
        }
        Ok(out)
    }

    /// The value of a pragma, for tests and diagnostics.
    pub fn pragma(&self, name: &str) -> Result<String> {
        let v: rusqlite::types::Value =
            self.conn
                .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))?;
        Ok(match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(s) => s,
            other => format!("{other:?}"),
        })
    }

    /// Runs `PRAGMA integrity_check`; `Ok` if the answer is "ok".
    pub fn integrity_check(&self) -> Result<()> {
        let answer: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if answer == "ok" {
            Ok(())
        } else {
            Err(Error::Corrupt(answer))
        }
    }

    /// Every decrypted page of the main database, free pages included: what an
    /// attacker holding the key would see. For tests that prove deleted text
    /// is really gone.
    pub fn decrypted_pages(&self) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        let mut stmt = self
            .conn
            .prepare("SELECT data FROM sqlite_dbpage('main')")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            out.extend_from_slice(&r.get::<_, Vec<u8>>(0)?);
        }
        Ok(out)
    }
}

impl Tx<'_> {
    /// The next clock stamp for a record written in this transaction.
    fn stamp(&mut self) -> i64 {
        self.last_stamp = hlc::tick(self.last_stamp, self.now_ms());
        self.last_stamp
    }

    fn now_ms(&self) -> i64 {
        chrono::Utc::now().timestamp_millis() + self.clock_skew_ms
    }

    fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([key, value])?;
        Ok(())
    }
}

impl Store {
    /// Only for tests: run one statement directly (to prove what the
    /// schema itself refuses).
    #[cfg(any(test, feature = "test-support"))]
    #[doc(hidden)]
    pub fn execute_for_tests(&self, sql: &str) -> Result<usize> {
        Ok(self.conn.execute(sql, [])?)
    }

    /// Only for tests: every "table.column" of the decrypted database whose
    /// text holds `needle` (to prove a value is gone from every table),
    /// except by chance inside a hash or an id ([`holds_as_data`]).
    #[cfg(any(test, feature = "test-support"))]
    #[doc(hidden)]
    pub fn find_text_for_tests(&self, needle: &str) -> Result<Vec<String>> {
        let tables: Vec<String> = self
            .conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut found = Vec::new();
        for t in tables {
            let cols: Vec<String> = self
                .conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for c in cols {
                let values: Vec<String> = self
                    .conn
                    .prepare(&format!(
                        "SELECT CAST(\"{c}\" AS TEXT) FROM \"{t}\"
                         WHERE instr(CAST(\"{c}\" AS TEXT), ?1) > 0"
                    ))?
                    .query_map([needle], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                if values.iter().any(|v| holds_as_data(v, needle)) {
                    found.push(format!("{t}.{c}"));
                }
            }
        }
        Ok(found)
    }

    /// Only for tests: this device's wall clock runs `ms` ahead (or behind).
    #[cfg(any(test, feature = "test-support"))]
    #[doc(hidden)]
    pub fn skew_clock_for_tests(&mut self, ms: i64) {
        self.clock_skew_ms = ms;
    }

    /// Only for tests: pretend a newer program wrote this file.
    #[cfg(any(test, feature = "test-support"))]
    #[doc(hidden)]
    pub fn set_user_version_for_tests(&self, v: i64) -> Result<()> {
        self.conn.pragma_update(None, "user_version", v)?;
        Ok(())
    }
}

/// Whether `needle` stands in `value` as data, not by chance inside a long
/// run of hex digits and hyphens (a hash, a uuid, a key): a search for the
/// last four digits of a CPR number must not fail on a random hash that
/// happens to hold them.
#[cfg(any(test, feature = "test-support"))]
fn holds_as_data(value: &str, needle: &str) -> bool {
    let hexish = |c: char| c.is_ascii_hexdigit() || c == '-';
    value.match_indices(needle).any(|(at, m)| {
        let before = value[..at].chars().rev().take_while(|c| hexish(*c)).count();
        let after = value[at + m.len()..]
            .chars()
            .take_while(|c| hexish(*c))
            .count();
        !m.chars().all(hexish) || before + m.chars().count() + after < 16
    })
}

#[cfg(test)]
mod find_text_tests {
    use super::holds_as_data;

    #[test]
    fn digits_inside_a_hash_or_an_id_are_not_data() {
        assert!(holds_as_data("140311-4417", "4417"));
        assert!(holds_as_data("{\"cpr\":\"1403114417\"}", "4417"));
        assert!(holds_as_data("CPR 4417 i noten", "4417"));
        assert!(holds_as_data("Søren", "Søren"));
        let hash = "9f2c4417ab03e1d5c6b7a8f90e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d";
        assert!(!holds_as_data(hash, "4417"));
        assert!(!holds_as_data(
            "7c1e4417-0b2a-4c3d-9e8f-1a2b3c4d5e6f",
            "4417"
        ));
        assert!(holds_as_data(&format!("{hash} og 4417"), "4417"));
    }
}
