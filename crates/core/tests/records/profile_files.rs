//! The profile's files, as an attacker or an accident would meet them:
//! private permissions, repaired on unlock; no database destroyed or made
//! up; settings that cannot be read are an error, not defaults.
//! Fictitious data only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use feltbog_core::keys::KdfParams;
use feltbog_core::{Error, Profile};

#[cfg(unix)]
#[test]
fn the_folder_is_0700_and_its_files_0600_and_unlock_repairs_them() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("feltbog");
    let (mut s, _) = create(&dir);
    s.add_school(&school("Egeby Skole")).unwrap();
    drop(s);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
    // Loosened by hand (or by a copy): unlocking makes them private again.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let db = dir.join("feltbog.db");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let s = unlock(&dir);
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&db), 0o600);
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        assert_eq!(mode(&p), 0o600, "{} while open", p.display());
    }
    drop(s);
}

#[test]
fn unlocking_refuses_a_missing_database_instead_of_making_an_empty_one() {
    let dir = tempfile::tempdir().unwrap();
    drop(create(dir.path()));
    for f in ["feltbog.db", "feltbog.db-wal", "feltbog.db-shm"] {
        let _ = std::fs::remove_file(dir.path().join(f));
    }
    let err = Profile::at(dir.path())
        .unlock(PASS)
        .map(|_| ())
        .unwrap_err();
    assert!(
        matches!(err, Error::Corrupt(ref m) if m.contains("missing")),
        "{err}"
    );
    assert!(
        !dir.path().join("feltbog.db").exists(),
        "nothing made in its place"
    );
}

#[test]
fn creating_sets_an_orphaned_database_aside_and_never_deletes_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("feltbog.db"),
        b"an earlier, unfinished profile",
    )
    .unwrap();
    let (store, _) = Profile::at(dir.path())
        .create(PASS, KdfParams::INSECURE_FOR_TESTS)
        .unwrap();
    drop(store);
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("feltbog.db.set-aside-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        std::fs::read(&kept[0]).unwrap(),
        b"an earlier, unfinished profile"
    );
    // The new profile works.
    unlock(dir.path());
}

#[test]
fn settings_that_cannot_be_read_are_an_error_not_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let mut keep = s.settings().unwrap();
    keep.cases.delete_after_years = 8;
    s.update_settings(&keep).unwrap();
    s.store()
        .execute_for_tests(
            "UPDATE settings SET value = replace(value, '\"delete_after_years\":8', \
             '\"delete_after_years\":\"otte\"')",
        )
        .unwrap();
    let err = s.settings().unwrap_err();
    assert!(matches!(err, Error::Corrupt(_)), "{err}");
    // A purge must not run on made-up rules either.
    assert!(s.purge(false).is_err());
}

/// Wrong tries made at once (the app beside the command line, several
/// processes) each count: the counter is raised before the key derivation,
/// under a file lock.
#[test]
fn wrong_tries_made_at_once_each_count() {
    let dir = tempfile::tempdir().unwrap();
    drop(create(dir.path()));
    let tries = 4; // fewer than the free tries, so none is refused for waiting
    let start = std::sync::Barrier::new(tries);
    std::thread::scope(|s| {
        for _ in 0..tries {
            s.spawn(|| {
                start.wait();
                let r = Profile::at(dir.path()).unlock("forkert adgangskode igen");
                assert!(matches!(r, Err(Error::WrongPassphrase)));
            });
        }
    });
    let counted: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("lockout.json")).unwrap()).unwrap();
    assert_eq!(counted["failures"], tries as u64, "{counted}");
    // The right passphrase still opens, and clears the count.
    unlock(dir.path());
    assert!(!dir.path().join("lockout.json").exists());
}

/// Rewrites one slot's key-derivation settings in keys.json.
fn set_kdf(dir: &std::path::Path, slot: &str, m_kib: u64, t: u64) {
    let path = dir.join("keys.json");
    let mut file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    file[slot]["kdf"]["m_kib"] = m_kib.into();
    file[slot]["kdf"]["t"] = t.into();
    std::fs::write(&path, serde_json::to_vec(&file).unwrap()).unwrap();
}

/// keys.json's settings are not trusted: too cheap or too costly is a
/// damaged file (no crash, no weak new passphrase), and the recovery path
/// rewraps with the program's own settings.
#[test]
fn key_derivation_settings_outside_floor_and_ceiling_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, code) = create(dir.path());
    for (m, t) in [(8, 1), (4_000_000_000, 2), (65_536, 1_000)] {
        set_kdf(dir.path(), "passphrase", m, t);
        let err = Profile::at(dir.path())
            .unlock(PASS)
            .map(|_| ())
            .unwrap_err();
        assert!(
            matches!(err, Error::Corrupt(ref m) if m.contains("damaged")),
            "{err}"
        );
    }
    assert!(
        Profile::at(dir.path()).retry_after().is_none(),
        "not counted as wrong tries"
    );
    let new = "ny lang adgangsfrase til test";
    drop(
        Profile::at(dir.path())
            .unlock_with_recovery(&code, new)
            .unwrap()
            .0,
    );
    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("keys.json")).unwrap()).unwrap();
    assert_eq!(file["passphrase"]["kdf"]["m_kib"], KdfParams::DEFAULT.m_kib);
    assert_eq!(file["passphrase"]["kdf"]["t"], KdfParams::DEFAULT.t);
    drop(Profile::at(dir.path()).unlock(new).unwrap());
}
