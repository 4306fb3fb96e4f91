//! The profile's files on disk: private to the user, on this computer's
//! own disk, written so a crash or a second writer never leaves half a
//! file, and never deleted by accident.
//!
//! Private means only the user can read them (a copy of the database and
//! the wrapped keys is all an offline attack needs), checked and repaired
//! on every create and unlock:
//! - on Unix the folder is 0700 and every file in it 0600 (a umask of 022
//!   would otherwise let any local user read them); SQLite gives the `-wal`
//!   and `-shm` files the database's own mode;
//! - on Windows the folder's access list (normally inherited from the
//!   user's own `AppData\Local`) may let in only the user, SYSTEM and the
//!   machine's administrators (who can take any file anyway); a folder
//!   that lets anyone else in gets that list, protected from inheritance,
//!   and the files in it inherit it.
//!
//! A folder on a network file system is refused: SQLite's locking is not
//! safe there (its own documentation says so), and the profile is meant to
//! stay on the computer it was made on.
//!
//! What differs by platform lives in `unix.rs` and `windows.rs`, behind
//! the same few functions.

use crate::{Error, Result};
use feltbog_api::Problem;
use std::io::Write;
use std::path::{Path, PathBuf};

#[cfg_attr(unix, path = "unix.rs")]
#[cfg_attr(windows, path = "windows.rs")]
mod os;

/// Makes the folder (if needed) private, and every file in it; refuses a
/// folder on a network file system.
pub fn make_private(dir: &Path) -> Result<()> {
    refuse_network(dir)?;
    std::fs::create_dir_all(dir)?;
    os::make_folder_private(dir)?;
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        if e.file_type()?.is_file() {
            os::make_file_private(&e.path())?;
        }
    }
    Ok(())
}

/// Refuses a data folder on a network file system (a mapped drive, a UNC
/// path, NFS or SMB), naming it and what to do instead.
pub fn refuse_network(dir: &Path) -> Result<()> {
    match os::network_file_system(dir) {
        None => Ok(()),
        Some(what) => Err(Error::invalid(
            "data_dir",
            Problem::NotAllowed,
            format!(
                "{} is on {what}: a profile there could be damaged (SQLite cannot lock files \
                 safely on a network file system) and would leave this computer; choose a folder \
                 on this computer's own disk",
                dir.display()
            ),
        )),
    }
}

/// Writes a file so that a crash leaves either the old or the new content,
/// and two writers at once never share a temporary file: a temporary file
/// of its own (private from the start), flushed to disk, renamed over the
/// old one, and the rename itself flushed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically_with(path, |f| f.write_all(bytes))
}

/// [`write_atomically`] for content written by `fill` (a large file
/// streamed rather than held in memory).
pub fn write_atomically_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<()> {
    let (tmp, mut f) = new_temp_beside(path)?;
    let written = fill(&mut f).and_then(|()| f.sync_all());
    if let Err(e) = written.and_then(|()| replace(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    if let Some(dir) = path.parent() {
        // Not every platform lets a folder be opened to flush it.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Renames `from` over `to`. Unix's rename is atomic whoever else is
/// renaming; Windows refuses a rename over a file another writer is
/// replacing at that moment (access denied, for a few milliseconds), so
/// there a few short waits let the other finish. Found by running core's
/// tests under Wine (`writers_at_once_each_finish_and_leave_no_temporary_file`).
fn replace(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut waited: u64 = 0;
    loop {
        match std::fs::rename(from, to) {
            Err(e)
                if os::RENAME_MAY_BE_REFUSED
                    && e.kind() == std::io::ErrorKind::PermissionDenied
                    && waited < 40 =>
            {
                waited += 1;
                std::thread::sleep(std::time::Duration::from_millis(2 * waited));
            }
            done => return done,
        }
    }
}

/// Options for a file only its owner may read, from the moment it exists
/// (Unix), or from its folder (Windows; see [`open_private`]).
fn private() -> std::fs::OpenOptions {
    os::private_options()
}

/// A new file only its owner may read; refuses one that exists. Also
/// outside the profile's folder (a backup goes where the user says).
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    open_private(path)
}

/// Creates `path` new and makes it private before anything is written: on
/// Windows a file takes its folder's access list, which outside the
/// profile may let others read.
fn open_private(path: &Path) -> std::io::Result<std::fs::File> {
    let f = private().write(true).create_new(true).open(path)?;
    if let Err(e) = os::make_file_private(path) {
        drop(f);
        let _ = std::fs::remove_file(path);
        return Err(e);
    }
    Ok(f)
}

/// The folder itself, or the nearest of its parents that exists (a folder
/// not made yet is where its parent is), with links resolved.
fn nearest_existing(dir: &Path) -> Option<PathBuf> {
    let dir = std::path::absolute(dir).ok()?;
    dir.ancestors().find_map(|a| a.canonicalize().ok())
}

fn new_temp_beside(path: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    loop {
        let tmp = path.with_file_name(format!("{name}.{:016x}.tmp", rand::random::<u64>()));
        match open_private(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// An exclusive lock on `<path>.lock` (a private, empty file kept beside
/// it), held until the returned file is dropped. Blocks while another
/// process holds it.
pub fn lock_beside(path: &Path) -> Result<std::fs::File> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let lock_path = path.with_file_name(format!("{name}.lock"));
    let f = private()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(lock_path)?;
    f.lock()?;
    Ok(f)
}

/// Moves `path` (and its `-wal`/`-shm` companions) aside under a name with
/// the time, never deleting it; answers the new name of the main file.
pub fn set_aside(path: &Path) -> Result<Option<PathBuf>> {
    if !path.exists() {
        return Ok(None);
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let aside = path.with_file_name(format!("{name}.set-aside-{stamp}"));
    for suffix in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{suffix}", path.display()));
        if from.exists() {
            std::fs::rename(&from, format!("{}{suffix}", aside.display()))?;
        }
    }
    Ok(Some(aside))
}

/// A file's bytes for an import: at most one byte past `max`, so a wrong,
/// huge file is refused as too large without being read whole. A file
/// that cannot be read is bad input in `field`.
pub fn read_at_most(path: &Path, max: usize, field: &str) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(max as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| {
            crate::Error::invalid(
                field,
                feltbog_api::Problem::NotAllowed,
                format!("cannot read {}: {e}", path.display()),
            )
        })?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writers_at_once_each_finish_and_leave_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lockout.json");
        std::thread::scope(|s| {
            for i in 0..8 {
                let path = &path;
                s.spawn(move || {
                    for _ in 0..20 {
                        write_atomically(path, format!("{{\"n\":{i}}}").as_bytes()).unwrap();
                    }
                });
            }
        });
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "only the file itself");
        assert!(std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("{\"n\":"));
    }

    #[test]
    fn setting_aside_keeps_the_file_and_its_companions() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("feltbog.db");
        std::fs::write(&db, b"data").unwrap();
        std::fs::write(dir.path().join("feltbog.db-wal"), b"wal").unwrap();
        let aside = set_aside(&db).unwrap().unwrap();
        assert!(!db.exists());
        assert_eq!(std::fs::read(&aside).unwrap(), b"data");
        assert!(PathBuf::from(format!("{}-wal", aside.display())).exists());
        assert_eq!(set_aside(&db).unwrap(), None);
    }
}
