//! The profile folder on Unix: modes 0700 and 0600, and the folder's file
//! system read from the kernel's mount table.

use std::io;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

pub fn make_folder_private(dir: &Path) -> io::Result<()> {
    set_mode(dir, 0o700)
}

pub fn make_file_private(path: &Path) -> io::Result<()> {
    set_mode(path, 0o600)
}

/// A new file is 0600 from the moment it exists.
pub fn private_options() -> std::fs::OpenOptions {
    let mut o = std::fs::OpenOptions::new();
    o.mode(0o600);
    o
}

/// Unix's rename replaces a file atomically whoever else is renaming.
pub const RENAME_MAY_BE_REFUSED: bool = false;

fn set_mode(p: &Path, mode: u32) -> io::Result<()> {
    let meta = std::fs::metadata(p)?;
    if meta.permissions().mode() & 0o777 != mode {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

/// The network file system `dir` is on, if it is on one (Linux; elsewhere
/// there is no mount table to read and nothing is refused).
pub fn network_file_system(dir: &Path) -> Option<String> {
    let table = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    network_in(&table, &super::nearest_existing(dir)?)
}

/// File-system types whose locking SQLite cannot trust, and that put the
/// file on another computer.
const NETWORK: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "ncpfs",
    "afs",
    "ceph",
    "glusterfs",
    "fuse.glusterfs",
    "lustre",
    "9p",
    "fuse.sshfs",
    // GNOME Files' mounted shares (smb://, sftp://, …).
    "fuse.gvfsd-fuse",
    "fuse.rclone",
    "fuse.s3fs",
    "davfs",
];

/// In a `/proc/self/mountinfo` table, the type of the mount holding `path`
/// (the longest mount point it lies under), when that type is a network
/// one. Mount points write a space as `\040`.
fn network_in(table: &str, path: &Path) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for line in table.lines() {
        let (Some(mount), Some(kind)) = (
            line.split(' ').nth(4),
            line.split(" - ").nth(1).and_then(|t| t.split(' ').next()),
        ) else {
            continue;
        };
        let mount = mount
            .replace("\\040", " ")
            .replace("\\011", "\t")
            .replace("\\012", "\n")
            .replace("\\134", "\\");
        if path.starts_with(&mount) && best.is_none_or(|(len, _)| mount.len() >= len) {
            best = Some((mount.len(), kind));
        }
    }
    let (_, kind) = best?;
    NETWORK
        .contains(&kind)
        .then(|| format!("a network file system ({kind})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_and_its_files_become_private() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("feltbog");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let f = dir.join("feltbog.db");
        std::fs::write(&f, b"x").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        super::super::make_private(&dir).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&f), 0o600);
        super::super::write_atomically(&dir.join("keys.json"), b"{}").unwrap();
        assert_eq!(mode(&dir.join("keys.json")), 0o600);
    }

    const TABLE: &str = "\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
30 22 0:40 / /home rw,relatime shared:2 - ext4 /dev/sda2 rw
41 30 0:52 / /home/søren/Fælles\\040drev rw,relatime shared:9 - cifs //fil01/faelles rw,vers=3.1.1
42 22 0:53 / /mnt/nfs rw,relatime shared:10 - nfs4 fil02:/export rw
43 42 0:54 / /mnt/nfs/local rw shared:11 - tmpfs tmpfs rw
";

    #[test]
    fn a_folder_under_a_network_mount_is_named_with_its_type() {
        let on = |p: &str| network_in(TABLE, Path::new(p));
        assert_eq!(on("/home/søren/.local/share/feltbog"), None);
        assert_eq!(
            on("/home/søren/Fælles drev/feltbog").as_deref(),
            Some("a network file system (cifs)")
        );
        assert_eq!(
            on("/mnt/nfs/feltbog").as_deref(),
            Some("a network file system (nfs4)")
        );
        // A local mount inside a network one is local.
        assert_eq!(on("/mnt/nfs/local/feltbog"), None);
        // A name that only begins like a mount point is not under it.
        assert_eq!(on("/home/søren/Fælles drevet/feltbog"), None);
    }

    #[test]
    fn a_folder_not_made_yet_is_judged_by_its_parent() {
        let root = tempfile::tempdir().unwrap();
        let deep = root.path().join("ikke/lavet/endnu");
        assert_eq!(
            super::super::nearest_existing(&deep),
            Some(root.path().canonicalize().unwrap())
        );
    }
}
