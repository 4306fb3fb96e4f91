//! Backups for a consultant who is not in a team: the whole profile in one
//! encrypted file (`crate::backup`), to bring back on a new machine with
//! `Profile::restore`. In a team the team is the backup: a new laptop
//! joins again with an invite and receives everything, while restoring an
//! old copy of a team device would replay its place in the team's logs.

use super::Session;
use crate::{Error, Result};
use feltbog_api::cases::Access;
use feltbog_api::profile::BackupDone;
use std::path::Path;

impl Session {
    /// When the backup this profile was restored from was made, if it was
    /// (RFC 3339).
    pub fn restored_from(&self) -> Result<Option<String>> {
        self.store.backup_of()
    }

    /// Writes a backup of the whole profile to `out` (replaced whole, or
    /// left as it was), and logs it like an export.
    pub fn backup(&mut self, out: &Path) -> Result<BackupDone> {
        if self.store.team()?.is_some() {
            return Err(Error::Conflict(
                "this profile is in a team: the team keeps its records, and a new computer \
                 joins again with an invite; a backup is for a profile outside a team"
                    .into(),
            ));
        }
        if out.is_dir() {
            return Err(Error::invalid(
                "out",
                feltbog_api::Problem::NotAllowed,
                format!("{} is a folder; give a file name", out.display()),
            ));
        }
        let made_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let keys = self.profile.key_file_bytes()?;
        // The copy waits in the private data folder, encrypted, until it
        // is in the archive.
        let copy = self.profile.dir().join("feltbog.db.backup-copy");
        let _ = std::fs::remove_file(&copy); // a backup cut short before
        let written = self
            .store
            .copy_to(&copy, &made_at)
            .and_then(|()| crate::backup::write_archive(out, &keys, &copy));
        let _ = std::fs::remove_file(&copy);
        let bytes = written?;
        // Logged once the file is whole, as an export is.
        self.log_event(Access::Backup, "", &made_at[..10])?;
        Ok(BackupDone {
            path: out.display().to_string(),
            bytes,
            made_at,
        })
    }
}
