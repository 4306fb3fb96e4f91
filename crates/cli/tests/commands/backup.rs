//! `feltbog backup` and `feltbog restore` as a consultant whose laptop died
//! would use them (issue 11, point 21). Fictitious data only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use std::path::Path;

/// What a consultant looks at, as JSON.
fn everything(p: &Path) -> Vec<String> {
    [
        &["school", "list", "--all", "--json"][..],
        &["visit", "list", "--json"],
        &["follow-ups", "--json"],
        &["case", "list", "--json"],
    ]
    .iter()
    .map(|args| ok(p, args))
    .collect()
}

fn filled() -> tempfile::TempDir {
    let dir = profile_with_school();
    let p = dir.path();
    ok(
        p,
        &[
            "visit",
            "add",
            "--school",
            "Æblehaveskolen",
            "--date",
            "2026-11-20",
            "--purpose",
            "class-talk",
            "--notes",
            "Klassemøde i 8.c om sociale medier",
            "--follow-up",
            "Ring til AKT-lærer@2026-12-10",
        ],
    );
    ok_in(
        p,
        &[
            "case",
            "add",
            "--birth-year",
            "2012",
            "--law",
            "penal-code",
            "--offence",
            "theft",
            "--offence-date",
            "2026-11-01",
            "--notified",
            "2026-11-03",
        ],
        r#"{"initials": "R.T."}"#,
    );
    dir
}

#[test]
fn a_backup_restored_on_a_new_machine_holds_everything() {
    let old = filled();
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("Feltbog-sikkerhedskopi.feltbog");
    let out = feltbog(
        old.path(),
        Some(PASS),
        &["backup", "--out", file.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("backup written to"));
    let bytes = std::fs::read(&file).unwrap();
    for marker in ["Klassemøde i 8.c", "Æblehaveskolen", "R.T."] {
        assert!(
            !bytes.windows(marker.len()).any(|w| w == marker.as_bytes()),
            "{marker} in the clear"
        );
    }

    let new = root.path().join("ny-computer");
    let out = feltbog(&new, Some(PASS), &["restore", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("restored into"));
    assert_eq!(everything(&new), everything(old.path()));
    let log = ok(&new, &["case", "log"]);
    assert!(log.contains("restore"), "{log}");
    assert!(ok(old.path(), &["case", "log"]).contains("backup"));
}

#[test]
fn a_wrong_passphrase_or_a_bad_file_restores_nothing() {
    let old = filled();
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("b.feltbog");
    ok(old.path(), &["backup", "--out", file.to_str().unwrap()]);
    let new = root.path().join("ny");

    let (code, err) = fails(
        &new,
        "forkert kodeord til prøve",
        &["restore", file.to_str().unwrap()],
    );
    assert_eq!(code, 3, "{err}");
    assert!(!new.join("feltbog.db").exists() && !new.join("keys.json").exists());

    let not_a_backup = root.path().join("noter.txt");
    std::fs::write(&not_a_backup, "Indkøbsliste").unwrap();
    let (code, err) = fails(&new, PASS, &["restore", not_a_backup.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("FILE: this is not a Feltbog backup"), "{err}");

    let (code, err) = fails(old.path(), PASS, &["restore", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("refusing to overwrite"), "{err}");

    let (code, err) = fails(
        old.path(),
        PASS,
        &["backup", "--out", root.path().to_str().unwrap()],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--out:") && err.contains("is a folder"),
        "{err}"
    );
}

#[test]
fn the_recovery_code_restores_a_backup_and_is_renewed() {
    let dir = tempfile::tempdir().unwrap();
    let code = ok(dir.path(), &["init"]).trim().to_owned();
    ok(
        dir.path(),
        &[
            "school",
            "add",
            "--name",
            "Søskolen",
            "--kind",
            "folkeskole",
            "--town",
            "Søby",
        ],
    );
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("b.feltbog");
    ok(dir.path(), &["backup", "--out", file.to_str().unwrap()]);

    let new = root.path().join("ny");
    let new_pass = "rød kano på søen i august";
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_feltbog"))
        .arg("--data-dir")
        .arg(&new)
        .args(["restore", "--recovery-code", file.to_str().unwrap()])
        .env_remove("FELTBOG_PASSPHRASE")
        .env("FELTBOG_RECOVERY_CODE", &code)
        .env("FELTBOG_NEW_PASSPHRASE", new_pass)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let new_code = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert_eq!(new_code.len(), 29, "the new code on stdout");
    assert_ne!(new_code, code);
    let list = feltbog(&new, Some(new_pass), &["school", "list"]);
    assert!(String::from_utf8_lossy(&list.stdout).contains("Søskolen"));
}
