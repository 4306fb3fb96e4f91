//! The backup file: one archive holding a copy of the encrypted database
//! and the key file beside it, so it opens with the passphrase or the
//! recovery code that were in force when it was made, and with nothing
//! else. Nothing in it is in the clear: the database is a SQLCipher file
//! under the profile's own data key (copied page by page through SQLite's
//! backup API, `Store::copy_to`), and the key file holds that key only
//! wrapped.
//!
//! ```text
//! MAGIC (16 bytes)  "FELTBOG-BACKUP" 0x00 0x01
//! u64 BE            length K of the key file     (at most 64 KiB)
//! K bytes           keys.json
//! u64 BE            length D of the database
//! D bytes           the SQLCipher database
//! 32 bytes          SHA-256 of everything before
//! ```
//!
//! The checksum is not a security measure (the database's pages carry
//! their own HMAC, the wrapped keys their AEAD tag): it tells a file cut
//! short on a USB stick from a wrong passphrase, before anything is
//! written into the data folder.

use crate::{files, Error, Result};
use feltbog_api::Problem;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::Path;

const MAGIC: &[u8; 16] = b"FELTBOG-BACKUP\x00\x01";
const KEYS_MAX: u64 = 64 * 1024;
/// The file name's ending the app suggests.
pub const EXTENSION: &str = "feltbog";

fn not_a_backup(why: &str) -> Error {
    Error::invalid(
        "file",
        Problem::NotAllowed,
        format!("this is not a Feltbog backup, or it is damaged ({why}); choose the file again"),
    )
}

/// A writer that hashes what passes through it.
struct Hashing<W> {
    inner: W,
    hash: Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes the archive to `out`, whole or not at all (a private temporary
/// file beside it, flushed, then renamed); answers its size in bytes.
pub fn write_archive(out: &Path, keys: &[u8], db: &Path) -> Result<u64> {
    let db_len = std::fs::metadata(db)?.len();
    files::write_atomically_with(out, |f| {
        let mut w = Hashing {
            inner: std::io::BufWriter::new(f),
            hash: Sha256::new(),
        };
        w.write_all(MAGIC)?;
        w.write_all(&(keys.len() as u64).to_be_bytes())?;
        w.write_all(keys)?;
        w.write_all(&db_len.to_be_bytes())?;
        let copied = std::io::copy(&mut std::fs::File::open(db)?, &mut w)?;
        if copied != db_len {
            return Err(std::io::Error::other(
                "the database copy changed while it was read",
            ));
        }
        let sum = w.hash.finalize();
        w.inner.write_all(&sum)?;
        w.inner.flush()
    })?;
    Ok(std::fs::metadata(out)?.len())
}

/// Reads the archive at `file`: checks its form and checksum, writes the
/// database to `db_out` (a new private file) and answers the key file's
/// bytes. On any error `db_out` is removed.
pub fn read_archive(file: &Path, db_out: &Path) -> Result<Vec<u8>> {
    let result = read_into(file, db_out);
    if result.is_err() {
        let _ = std::fs::remove_file(db_out);
    }
    result
}

fn read_into(file: &Path, db_out: &Path) -> Result<Vec<u8>> {
    let total = match std::fs::metadata(file) {
        Ok(m) if m.is_file() => m.len(),
        Ok(_) => return Err(not_a_backup("not a file")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::invalid(
                "file",
                Problem::Required,
                format!("there is no file {}", file.display()),
            ))
        }
        Err(e) => return Err(e.into()),
    };
    let mut r = std::io::BufReader::new(std::fs::File::open(file)?);
    let mut hash = Sha256::new();
    let mut magic = [0u8; 16];
    if total < 16 || r.read_exact(&mut magic).is_err() || &magic != MAGIC {
        return Err(not_a_backup("it does not start as one"));
    }
    hash.update(magic);
    let keys_len = read_len(&mut r, &mut hash)?;
    if keys_len > KEYS_MAX {
        return Err(not_a_backup("the key part is too long"));
    }
    let mut keys = vec![0u8; keys_len as usize];
    r.read_exact(&mut keys)
        .map_err(|_| not_a_backup("it ends too soon"))?;
    hash.update(&keys);
    let db_len = read_len(&mut r, &mut hash)?;
    if (16 + 8 + keys_len + 8 + 32).checked_add(db_len) != Some(total) {
        return Err(not_a_backup("its length is wrong: it may be cut short"));
    }
    let mut out = Hashing {
        inner: std::io::BufWriter::new(files::create_private(db_out)?),
        hash,
    };
    std::io::copy(&mut (&mut r).take(db_len), &mut out)?;
    let file = out
        .inner
        .into_inner()
        .map_err(|e| Error::Io(e.into_error()))?;
    file.sync_all()?;
    let mut sum = [0u8; 32];
    r.read_exact(&mut sum)
        .map_err(|_| not_a_backup("it ends too soon"))?;
    if out.hash.finalize().as_slice() != sum {
        return Err(not_a_backup("its checksum does not match"));
    }
    Ok(keys)
}

fn read_len(r: &mut impl Read, hash: &mut Sha256) -> Result<u64> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b)
        .map_err(|_| not_a_backup("it ends too soon"))?;
    hash.update(b);
    Ok(u64::from_be_bytes(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn archive(dir: &Path) -> std::path::PathBuf {
        let db = dir.join("db");
        std::fs::write(&db, vec![7u8; 10_000]).unwrap();
        let out = dir.join("backup.feltbog");
        let n = write_archive(&out, br#"{"version":1}"#, &db).unwrap();
        assert_eq!(n, 16 + 8 + 13 + 8 + 10_000 + 32);
        out
    }

    #[test]
    fn an_archive_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = archive(dir.path());
        let db = dir.path().join("restored");
        assert_eq!(read_archive(&out, &db).unwrap(), br#"{"version":1}"#);
        assert_eq!(std::fs::read(&db).unwrap(), vec![7u8; 10_000]);
    }

    #[test]
    fn a_cut_changed_or_foreign_file_is_refused_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = archive(dir.path());
        let good = std::fs::read(&out).unwrap();
        let db = dir.path().join("restored");
        let mut flipped = good.clone();
        flipped[5000] ^= 1;
        for (bytes, why) in [
            (good[..good.len() - 1].to_vec(), "length"),
            (flipped, "checksum"),
            (b"SQLite format 3\0 and more".to_vec(), "start"),
            (Vec::new(), "start"),
        ] {
            std::fs::write(&out, &bytes).unwrap();
            let e = read_archive(&out, &db).unwrap_err();
            assert!(
                matches!(&e, Error::Invalid { field, .. } if field == "file"),
                "{why}: {e}"
            );
            assert!(e.to_string().contains(why), "{why}: {e}");
            assert!(!db.exists(), "{why}: nothing is left behind");
        }
    }

    #[test]
    fn a_missing_file_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_archive(&dir.path().join("none"), &dir.path().join("db")).unwrap_err();
        assert!(e.to_string().contains("there is no file"), "{e}");
    }
}
