//! A profile is one data directory: the encrypted database, the key file with
//! the wrapped data key, and the lockout counter.
//!
//! ```text
//! <data dir>/feltbog.db      SQLCipher database (+ -wal, -shm while open)
//! <data dir>/keys.json       the data key, wrapped twice (never in the clear)
//! <data dir>/lockout.json    wrong-try counter (a count and a time only)
//! ```

use crate::keys::{self, DataKey, KdfParams, Slot, WrappedKey};
use crate::lockout::LockoutFile;
use crate::session::{Clock, Opened};
use crate::store::{AccessNote, Store};
use crate::Session;
use crate::{files, Error, Result};
use feltbog_api::cases::Access;
use feltbog_api::profile::RestoreKey;
use feltbog_api::Problem;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

const DB_FILE: &str = "feltbog.db";
const KEY_FILE: &str = "keys.json";

/// The key file: the data key wrapped under the passphrase and the recovery code.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct KeyFile {
    version: u32,
    passphrase: WrappedKey,
    recovery: WrappedKey,
}

/// The OS data directory for Feltbog (e.g. `~/.local/share/feltbog` on
/// Linux), shared by the desktop app and the command line. `None` if the OS
/// reports no home directory.
pub fn default_data_dir() -> Option<PathBuf> {
    // The *local* data folder: on Windows the roaming one is copied by
    // municipal profile sync to file servers and their backups. (On Linux
    // and macOS the two are the same folder.)
    directories::ProjectDirs::from("dk", "feltbog", "feltbog")
        .map(|d| d.data_local_dir().to_path_buf())
}

/// The profile in one data directory, and the clock its sessions read
/// "today" from (the purge on opening deletes by it).
#[derive(Debug, Clone)]
pub struct Profile {
    dir: PathBuf,
    clock: Clock,
}

impl Profile {
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            clock: Clock::System,
        }
    }

    /// The same profile with another clock (the end-to-end tests' fixed day).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn clock(&self) -> Clock {
        self.clock
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.join(DB_FILE)
    }

    /// The key file is written last when creating, so it marks a complete profile.
    pub fn exists(&self) -> bool {
        self.dir.join(KEY_FILE).is_file()
    }

    /// Seconds to wait before the next unlock try, if any.
    pub fn retry_after(&self) -> Option<u64> {
        LockoutFile::in_dir(&self.dir).load().wait_secs(now_unix())
    }

    /// Creates a new profile. Returns it opened, and the recovery code,
    /// which is shown once and stored nowhere in the clear.
    pub fn create(&self, passphrase: &str, kdf: KdfParams) -> Result<(Opened, Zeroizing<String>)> {
        if self.exists() {
            return Err(Error::ProfileExists(self.dir.clone()));
        }
        check_new_passphrase(passphrase, "passphrase")?;
        files::make_private(&self.dir)?;
        // A database without a key file is the leftover of a creation that
        // was interrupted (or of a key file lost): never deleted, only set
        // aside with the time in its name (`set_aside_database`).
        self.set_aside_database()?;
        let key = DataKey::generate();
        let code = keys::generate_recovery_code();
        let file = KeyFile {
            version: 1,
            passphrase: keys::wrap(&key, passphrase.as_bytes(), Slot::Passphrase, kdf)?,
            recovery: wrap_recovery(&key, &code, kdf)?,
        };
        let store = Store::open(&self.db_path(), &key)?;
        self.save_key_file(&file)?;
        files::make_private(&self.dir)?;
        Ok((Opened::open(self.clone(), store), code))
    }

    /// Moves a database that has no key file aside (with its `-wal` and
    /// `-shm`), never deleting it; answers where it went.
    pub fn set_aside_database(&self) -> Result<Option<PathBuf>> {
        if self.exists() {
            return Err(Error::ProfileExists(self.dir.clone()));
        }
        let aside = files::set_aside(&self.db_path())?;
        if let Some(p) = &aside {
            // Named for the log; a path, never a record.
            eprintln!(
                "feltbog: an earlier database without its key file was kept as {}",
                p.display()
            );
        }
        Ok(aside)
    }

    /// Opens the store, refusing when the database file is missing: SQLite
    /// would create an empty one, and the user would see an empty
    /// notebook where theirs should be.
    fn open_store(&self, key: &DataKey) -> Result<Store> {
        files::make_private(&self.dir)?;
        if !self.db_path().is_file() {
            return Err(Error::Corrupt(format!(
                "{DB_FILE} is missing from {} while its key file is there; restore it from a \
                 backup (nothing was created in its place)",
                self.dir.display()
            )));
        }
        let store = Store::open(&self.db_path(), key)?;
        files::make_private(&self.dir)?; // the -wal and -shm just made
        Ok(store)
    }

    /// Opens the profile with the passphrase.
    /// Wrong tries since the last unlock are written to the access log.
    pub fn unlock(&self, passphrase: &str) -> Result<Opened> {
        Ok(Opened::open(self.clone(), self.unlock_store(passphrase)?))
    }

    /// Opens the profile with the passphrase but leaves the purge to the
    /// caller: only for the command that runs the purge itself (`feltbog
    /// purge`, whose dry run must delete nothing). Every other way in is
    /// [`Profile::unlock`].
    pub fn unlock_to_purge(&self, passphrase: &str) -> Result<Session> {
        let store = self.unlock_store(passphrase)?;
        Ok(Session::from_parts(self.clone(), store, self.clock))
    }

    /// The store opened with the passphrase, the wrong tries before it
    /// written to the access log.
    fn unlock_store(&self, passphrase: &str) -> Result<Store> {
        let file = self.load_key_file()?;
        let (key, failed) = self.open_passphrase_slot(&file, passphrase)?;
        let mut store = self.open_store(&key)?;
        log_key_events(&mut store, failed, &[])?;
        Ok(store)
    }

    /// Opens the profile with the recovery code and sets a new passphrase.
    /// The code is renewed: it has been typed somewhere, perhaps written
    /// down beside the laptop; the new one (returned, shown once) replaces
    /// it and the old one stops working.
    pub fn unlock_with_recovery(
        &self,
        code: &str,
        new_passphrase: &str,
    ) -> Result<(Opened, Zeroizing<String>)> {
        check_new_passphrase(new_passphrase, "new_passphrase")?;
        let mut file = self.load_key_file()?;
        let (key, failed) = self.open_recovery_slot(&file, code)?;
        let mut store = self.open_store(&key)?;
        let new_code = rekey_after_recovery(&mut file, &key, new_passphrase)?;
        self.save_key_file(&file)?;
        log_key_events(&mut store, failed, RECOVERY_USED)?;
        Ok((Opened::open(self.clone(), store), new_code))
    }

    /// Makes a new recovery code after checking the passphrase (shown once;
    /// the old code stops working). The database is untouched.
    pub fn renew_recovery_code(&self, passphrase: &str) -> Result<Zeroizing<String>> {
        let mut file = self.load_key_file()?;
        let (key, failed) = self.open_passphrase_slot(&file, passphrase)?;
        let (recovery, code) = new_recovery_slot(&key)?;
        file.recovery = recovery;
        self.save_key_file(&file)?;
        let mut store = self.open_store(&key)?;
        log_key_events(&mut store, failed, &[(Access::RecoveryCode, "renewed")])?;
        Ok(code)
    }

    /// Rewraps the data key under a new passphrase. The database is untouched.
    pub fn change_passphrase(&self, current: &str, new_passphrase: &str) -> Result<()> {
        check_new_passphrase(new_passphrase, "new_passphrase")?;
        let mut file = self.load_key_file()?;
        let (key, failed) = self.open_passphrase_slot(&file, current)?;
        file.passphrase = keys::wrap(
            &key,
            new_passphrase.as_bytes(),
            Slot::Passphrase,
            KdfParams::DEFAULT.max_with(file.passphrase.kdf),
        )?;
        self.save_key_file(&file)?;
        let mut store = self.open_store(&key)?;
        log_key_events(&mut store, failed, &[(Access::Passphrase, "changed")])
    }

    /// The key file as it is on disk, for a backup.
    pub(crate) fn key_file_bytes(&self) -> Result<Vec<u8>> {
        self.load_key_file()?;
        Ok(std::fs::read(self.dir.join(KEY_FILE))?)
    }

    /// Restores a backup (`crate::backup`) into this folder, which must
    /// hold no profile: checks the file, opens its key with the passphrase
    /// it was made under (or its recovery code: then the passphrase is the
    /// new one and the code is renewed), and only then puts the database
    /// and the key file in place, the key file last. A database left in
    /// the folder without a key file is set aside, never deleted. Answers
    /// the profile opened (the cases whose date came while the copy was
    /// kept are deleted then, as on unlock) and the new recovery code when
    /// the old one was used.
    pub fn restore(
        &self,
        archive: &Path,
        with: &RestoreKey,
    ) -> Result<(Opened, Option<Zeroizing<String>>)> {
        if self.exists() {
            return Err(Error::ProfileExists(self.dir.clone()));
        }
        if let RestoreKey::RecoveryCode { new_passphrase, .. } = with {
            check_new_passphrase(new_passphrase.expose(), "new_passphrase")?;
        }
        files::make_private(&self.dir)?;
        let incoming = self.dir.join(format!("{DB_FILE}.restoring"));
        let _ = std::fs::remove_file(&incoming); // a restore cut short before
        let keys = crate::backup::read_archive(archive, &incoming)?;
        let placed = self.place_restored(&incoming, &keys, with);
        if placed.is_err() {
            let _ = std::fs::remove_file(&incoming);
        }
        let (key, failed, new_code) = placed?;
        let mut store = self.open_store(&key)?;
        let made = store.backup_of()?.unwrap_or_default();
        let mut events = vec![(Access::Restore, made.get(..10).unwrap_or_default())];
        if new_code.is_some() {
            events.extend_from_slice(RECOVERY_USED);
        }
        log_key_events(&mut store, failed, &events)?;
        Ok((Opened::open(self.clone(), store), new_code))
    }

    /// Opens the restored key file's key, then moves the database into
    /// place and writes the key file.
    #[allow(clippy::type_complexity)]
    fn place_restored(
        &self,
        incoming: &Path,
        keys: &[u8],
        with: &RestoreKey,
    ) -> Result<(DataKey, u32, Option<Zeroizing<String>>)> {
        let mut file = parse_key_file(keys)?;
        let (key, failed, new_code) = match with {
            RestoreKey::Passphrase { passphrase } => {
                let (key, failed) = self.open_passphrase_slot(&file, passphrase.expose())?;
                (key, failed, None)
            }
            RestoreKey::RecoveryCode {
                code,
                new_passphrase,
                ..
            } => {
                let (key, failed) = self.open_recovery_slot(&file, code.expose())?;
                let new_code = rekey_after_recovery(&mut file, &key, new_passphrase.expose())?;
                (key, failed, Some(new_code))
            }
        };
        self.set_aside_database()?;
        std::fs::rename(incoming, self.db_path())?;
        self.save_key_file(&file)?;
        Ok((key, failed, new_code))
    }

    /// The data key from the file's passphrase slot, under the lockout rule.
    fn open_passphrase_slot(&self, file: &KeyFile, passphrase: &str) -> Result<(DataKey, u32)> {
        self.guarded(|| keys::unwrap(&file.passphrase, passphrase.as_bytes(), Slot::Passphrase))
    }

    /// The data key from the file's recovery slot, under the lockout rule.
    fn open_recovery_slot(&self, file: &KeyFile, code: &str) -> Result<(DataKey, u32)> {
        self.guarded(|| {
            let normalized = keys::normalize_recovery_code(code).ok_or(Error::WrongPassphrase)?;
            keys::unwrap(&file.recovery, normalized.as_bytes(), Slot::Recovery)
        })
    }

    /// Runs an unwrap under the lockout rule: refused while a wait is due,
    /// otherwise the try is counted *before* the key derivation, under a
    /// file lock, so tries made at once (the app and the command line,
    /// several processes) each count; a success clears the count and
    /// answers how many wrong tries came before it.
    fn guarded(&self, attempt: impl FnOnce() -> Result<DataKey>) -> Result<(DataKey, u32)> {
        let lockout = LockoutFile::in_dir(&self.dir);
        let now = now_unix();
        lockout.update(|state| match state.wait_secs(now) {
            Some(wait) => Err(Error::LockedOut(wait)),
            None => Ok(state.failed(now)),
        })?;
        match attempt() {
            Ok(key) => {
                let mut failed = 0;
                lockout.update(|s| {
                    // This try was counted too.
                    failed = s.failures.saturating_sub(1);
                    Ok(Default::default())
                })?;
                Ok((key, failed))
            }
            Err(Error::WrongPassphrase) => Err(Error::WrongPassphrase),
            Err(e) => {
                // Not a wrong guess (a damaged key file): the try does not count.
                lockout.update(|s| {
                    Ok(crate::lockout::LockoutState {
                        failures: s.failures.saturating_sub(1),
                        ..s
                    })
                })?;
                Err(e)
            }
        }
    }

    fn load_key_file(&self) -> Result<KeyFile> {
        let path = self.dir.join(KEY_FILE);
        let bytes = match std::fs::read(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NoProfile(self.dir.clone()))
            }
            other => other?,
        };
        parse_key_file(&bytes)
    }

    fn save_key_file(&self, file: &KeyFile) -> Result<()> {
        let json = serde_json::to_vec_pretty(file).map_err(std::io::Error::other)?;
        files::write_atomically(&self.dir.join(KEY_FILE), &json)
    }
}

/// What the access log says when the recovery code opened the profile.
const RECOVERY_USED: &[(Access, &str)] = &[
    (Access::RecoveryCode, "used"),
    (Access::Passphrase, "recovery"),
];

/// After the recovery code opened `key`: the new passphrase wrapped with
/// the program's own settings (the file's passphrase slot may be the
/// damaged part), and a new recovery code (answered, shown once) in place
/// of the used one.
fn rekey_after_recovery(
    file: &mut KeyFile,
    key: &DataKey,
    new_passphrase: &str,
) -> Result<Zeroizing<String>> {
    file.passphrase = keys::wrap(
        key,
        new_passphrase.as_bytes(),
        Slot::Passphrase,
        KdfParams::DEFAULT,
    )?;
    let (recovery, code) = new_recovery_slot(key)?;
    file.recovery = recovery;
    Ok(code)
}

fn parse_key_file(bytes: &[u8]) -> Result<KeyFile> {
    let file: KeyFile =
        serde_json::from_slice(bytes).map_err(|e| Error::Corrupt(format!("{KEY_FILE}: {e}")))?;
    if file.version != 1 {
        return Err(Error::Corrupt(format!(
            "{KEY_FILE}: unknown version {}",
            file.version
        )));
    }
    Ok(file)
}

/// Writes to the access log what happened to the keys, and the wrong tries
/// before this success (counted in `lockout.json`, whose deletion resets
/// the count: docs/INSTALL.md, "Where the data lives", says why that is acceptable).
fn log_key_events(store: &mut Store, failed: u32, events: &[(Access, &str)]) -> Result<()> {
    let who = store.settings()?.consultant_name;
    let failed = failed.to_string();
    let tries = (failed != "0").then_some((Access::UnlockFailed, failed.as_str()));
    for (action, detail) in tries.iter().chain(events) {
        store.log_access(&AccessNote {
            who: &who,
            action: *action,
            case_number: "",
            detail,
        })?;
    }
    Ok(())
}

/// The data key wrapped under a recovery code.
fn wrap_recovery(key: &DataKey, code: &str, kdf: KdfParams) -> Result<WrappedKey> {
    let normalized = keys::normalize_recovery_code(code)
        .ok_or_else(|| Error::Corrupt("generated recovery code".into()))?;
    keys::wrap(key, normalized.as_bytes(), Slot::Recovery, kdf)
}

/// A fresh recovery code and the data key wrapped under it, with the
/// program's own settings.
fn new_recovery_slot(key: &DataKey) -> Result<(WrappedKey, Zeroizing<String>)> {
    let code = keys::generate_recovery_code();
    Ok((wrap_recovery(key, &code, KdfParams::DEFAULT)?, code))
}

impl KdfParams {
    /// The stronger of two parameter sets, field by field: a passphrase
    /// change never weakens the derivation.
    fn max_with(self, other: KdfParams) -> KdfParams {
        KdfParams {
            m_kib: self.m_kib.max(other.m_kib),
            t: self.t.max(other.t),
            p: self.p.max(other.p),
        }
    }
}

/// Refuses a passphrase that is too short or too easy to guess; names the
/// field it came from (see [`crate::passphrase`]).
pub fn check_new_passphrase(p: &str, field: &str) -> Result<()> {
    crate::passphrase::check_new(p, field)
}

/// Refuses a new passphrase whose repetition differs (a typing mistake
/// here would lock the user out of their own data).
pub fn check_repeated(new_passphrase: &str, repeated: &str) -> Result<()> {
    if new_passphrase != repeated {
        return Err(Error::invalid(
            "repeated",
            Problem::Mismatch,
            "the two passphrases differ",
        ));
    }
    Ok(())
}

fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}
