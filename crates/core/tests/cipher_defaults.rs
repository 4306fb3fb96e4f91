//! The cipher settings are pinned in the program, not taken from
//! SQLCipher's defaults: a future SQLCipher with other defaults must still
//! open every profile. Its own test binary, because `cipher_default_*`
//! changes the defaults for the whole process.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

mod common;

use common::*;

#[test]
fn a_profile_opens_when_sqlcipher_defaults_change() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Østerbyskolen")).unwrap();
    drop(s);

    // What a later SQLCipher (or anything else in the process) might use.
    let other = rusqlite::Connection::open_in_memory().unwrap();
    other
        .execute_batch(
            "PRAGMA cipher_default_page_size = 8192;
             PRAGMA cipher_default_hmac_algorithm = HMAC_SHA512;
             PRAGMA cipher_default_kdf_algorithm = PBKDF2_HMAC_SHA512;
             PRAGMA cipher_default_kdf_iter = 64000;",
        )
        .unwrap();

    let s = unlock(dir.path());
    assert_eq!(s.store().pragma("cipher_page_size").unwrap(), "4096");
    assert_eq!(
        s.store().pragma("cipher_hmac_algorithm").unwrap(),
        "HMAC_SHA256"
    );
    let found = s.find_school(&school.id.to_string()).unwrap();
    assert_eq!(found.name, "Østerbyskolen");
    s.store().integrity_check().unwrap();
}
