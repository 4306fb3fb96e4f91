//! A copy of the whole database for a backup: SQLite's online backup API
//! copies every page, as one consistent snapshot, into a new SQLCipher file
//! keyed with the same data key and the same pinned cipher settings, so
//! nothing passes through the disk in the clear. The source stays usable
//! meanwhile (the sync's connection may write; the backup restarts over
//! pages changed under it).

use super::{open_flags, Store, CIPHER_SETTINGS};
use crate::{Error, Result};
use rusqlite::Connection;
use std::path::Path;

impl Store {
    /// Writes the copy to `dest` (a path that must not exist yet), marked
    /// with the time it was made (`backup_of`, read by a restore).
    pub fn copy_to(&self, dest: &Path, made_at: &str) -> Result<()> {
        let (_, key) = self.reopen.as_ref().ok_or_else(|| {
            Error::Io(std::io::Error::new(
                std::io::ErrorKind::Unsupported,
                "the benchmark's plain database cannot be backed up",
            ))
        })?;
        if dest.exists() {
            return Err(Error::Conflict(format!(
                "{} is in the way of the backup's copy",
                dest.display()
            )));
        }
        // The file exists private before SQLite writes a page into it.
        drop(crate::files::create_private(dest)?);
        let mut dst = Connection::open_with_flags(dest, open_flags())?;
        let pragma = zeroize::Zeroizing::new(format!(
            "PRAGMA key = \"{}\";",
            key.sqlcipher_literal().as_str()
        ));
        dst.execute_batch(&pragma)?;
        dst.execute_batch(CIPHER_SETTINGS)?;
        rusqlite::backup::Backup::new(&self.conn, &mut dst)?.run_to_completion(
            1024,
            std::time::Duration::ZERO,
            None,
        )?;
        dst.execute(
            "INSERT INTO meta (key, value) VALUES ('backup_of', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [made_at],
        )?;
        // Back to one file: the copy carries the source's WAL mode.
        dst.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        drop(dst);
        for suffix in ["-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", dest.display()));
        }
        Ok(())
    }

    /// When the backup this profile was restored from was made, if it was.
    pub fn backup_of(&self) -> Result<Option<String>> {
        super::migrate::meta(&self.conn, "backup_of")
    }
}
