//! The profile's files on disk: private to the user, written so a crash or
//! a second writer never leaves half a file, and never deleted by accident.
//!
//! On Unix the data folder is 0700 and every file in it 0600 (a umask of
//! 022 would otherwise let any local user copy the database and the wrapped
//! keys for an offline attack); both are checked and repaired on every
//! create and unlock. SQLite gives the `-wal` and `-shm` files the
//! database's own mode.

use crate::Result;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Makes the folder (if needed) private, and every file in it.
pub fn make_private(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        set_mode(dir, 0o700)?;
        for e in std::fs::read_dir(dir)? {
            let e = e?;
            if e.file_type()?.is_file() {
                set_mode(&e.path(), 0o600)?;
            }
        }
        fn set_mode(p: &Path, mode: u32) -> Result<()> {
            let meta = std::fs::metadata(p)?;
            if meta.permissions().mode() & 0o777 != mode {
                std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode))?;
            }
            Ok(())
        }
    }
    Ok(())
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
    let mut waited = 0;
    loop {
        match std::fs::rename(from, to) {
            Err(e)
                if cfg!(windows)
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

/// Options for a file only its owner may read, from the moment it exists.
fn private() -> std::fs::OpenOptions {
    #[allow(unused_mut)] // only Unix sets a mode
    let mut o = std::fs::OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

/// A new file only its owner may read; refuses one that exists.
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    private().write(true).create_new(true).open(path)
}

fn new_temp_beside(path: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    loop {
        let tmp = path.with_file_name(format!("{name}.{:016x}.tmp", rand::random::<u64>()));
        match private().write(true).create_new(true).open(&tmp) {
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

    #[cfg(unix)]
    #[test]
    fn the_folder_and_its_files_become_private() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("feltbog");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let f = dir.join("feltbog.db");
        std::fs::write(&f, b"x").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        make_private(&dir).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&f), 0o600);
        write_atomically(&dir.join("keys.json"), b"{}").unwrap();
        assert_eq!(mode(&dir.join("keys.json")), 0o600);
    }

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
