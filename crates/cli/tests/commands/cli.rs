//! Scenario tests: the real `feltbog` binary, as a script would run it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use std::process::Command;

#[test]
fn init_prints_the_code_once_and_refuses_a_second_time() {
    let dir = profile_with_school();
    let (code, err) = fails(dir.path(), PASS, &["init"]);
    assert_eq!(code, 1);
    assert!(err.contains("already exists"), "{err}");
    let (code, err) = fails(tempfile::tempdir().unwrap().path(), "kort", &["init"]);
    assert_eq!(code, 2);
    assert!(err.contains("at least 10 characters"), "{err}");
}

#[test]
fn schools_add_and_list_as_table_and_json() {
    let dir = profile_with_school();
    let table = ok(dir.path(), &["school", "list"]);
    assert!(
        table.contains("Æblehaveskolen") && table.contains("folkeskole") && table.contains("0-9"),
        "{table}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(dir.path(), &["school", "list", "--json"])).unwrap();
    assert_eq!(json[0]["name"], "Æblehaveskolen");
    assert_eq!(json[0]["kind"], "folkeskole");
    assert_eq!(json[0]["grade_to"], 9);
    let (code, err) = fails(
        dir.path(),
        PASS,
        &[
            "school",
            "add",
            "--name",
            "X",
            "--kind",
            "gymnasium",
            "--town",
            "Y",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("folkeskole privatskole friskole efterskole specialskole ungdomsuddannelse"),
        "{err}"
    );
    let (code, err) = fails(
        dir.path(),
        PASS,
        &[
            "school",
            "add",
            "--name",
            "æblehaveskolen",
            "--kind",
            "friskole",
            "--town",
            "Y",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("--name") && err.contains("already exists"),
        "{err}"
    );
    let (code, err) = fails(
        dir.path(),
        PASS,
        &[
            "school", "add", "--name", "Z", "--kind", "friskole", "--town", "Y", "--grades", "9-3",
        ],
    );
    assert_eq!((code, err.contains("--grades")), (2, true), "{err}");
}

#[test]
fn visits_add_list_done_delete() {
    let dir = profile_with_school();
    let id = ok(
        dir.path(),
        &[
            "visit",
            "add",
            "--school",
            "æblehaveskolen",
            "--date",
            "2026-11-18",
            "--purpose",
            "class-talk",
            "--classes",
            "7a,8b",
            "--notes",
            "Oplæg om fællesskab",
            "--follow-up",
            "Send slides@2026-11-25",
        ],
    );
    let id = id.trim();
    let planned = ok(
        dir.path(),
        &[
            "visit",
            "add",
            "--school",
            "Æblehaveskolen",
            "--date",
            "2024-01-08",
            "--purpose",
            "survey",
            "--planned",
        ],
    );
    let planned = planned.trim();

    let week: serde_json::Value = serde_json::from_str(&ok(
        dir.path(),
        &["visit", "list", "--week", "2026-W47", "--json"],
    ))
    .unwrap();
    assert_eq!(week.as_array().unwrap().len(), 1);
    assert_eq!(week[0]["id"], id);
    assert_eq!(week[0]["classes"], serde_json::json!(["7a", "8b"]));
    assert_eq!(week[0]["follow_ups"][0]["due"], "2026-11-25");
    let by_school = ok(dir.path(), &["visit", "list", "--school", "Æblehaveskolen"]);
    assert_eq!(by_school.lines().count(), 3, "{by_school}");
    assert!(by_school.contains("planned"));

    ok(dir.path(), &["visit", "done", planned]);
    assert!(!ok(dir.path(), &["visit", "list"]).contains("planned"));
    assert!(ok(dir.path(), &["follow-ups"]).contains("Send slides"));

    ok(dir.path(), &["visit", "delete", id]);
    let all = ok(dir.path(), &["visit", "list", "--json"]);
    assert!(!all.contains(id) && !all.contains("Oplæg"));
    assert!(!ok(dir.path(), &["follow-ups"]).contains("Send slides"));
    let (code, err) = fails(dir.path(), PASS, &["visit", "delete", id]);
    assert_eq!(code, 1);
    assert!(err.contains("not found"), "{err}");
}

#[test]
fn bad_visit_input_names_the_flag_and_writes_nothing() {
    let dir = profile_with_school();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "--school",
                "Ukendt Skole",
                "--date",
                "2026-11-18",
                "--purpose",
                "survey",
            ],
            "--school",
        ),
        (
            &[
                "--school",
                "Æblehaveskolen",
                "--date",
                "18-11-2026x",
                "--purpose",
                "survey",
            ],
            "--date",
        ),
        (
            &[
                "--school",
                "Æblehaveskolen",
                "--date",
                "2026-02-30",
                "--purpose",
                "survey",
            ],
            "--date",
        ),
        (
            &[
                "--school",
                "Æblehaveskolen",
                "--date",
                "1999-05-01",
                "--purpose",
                "survey",
            ],
            "--date",
        ),
        (
            &[
                "--school",
                "Æblehaveskolen",
                "--date",
                "2099-05-01",
                "--purpose",
                "survey",
            ],
            "--date",
        ),
        (
            &[
                "--school",
                "Æblehaveskolen",
                "--date",
                "2026-11-18",
                "--purpose",
                "party",
            ],
            "--purpose",
        ),
        (
            &[
                "--school",
                "Æblehaveskolen",
                "--date",
                "2026-11-18",
                "--purpose",
                "other",
            ],
            "--purpose-text",
        ),
        (
            &[
                "--school",
                "Æblehaveskolen",
                "--date",
                "2026-11-18",
                "--purpose",
                "survey",
                "--follow-up",
                "ingen dato",
            ],
            "--follow-up 1",
        ),
        (
            &[
                "--school",
                "Æblehaveskolen",
                "--date",
                "2026-11-18",
                "--purpose",
                "survey",
                "--follow-up",
                "for tidligt@2026-11-01",
            ],
            "--follow-up 1",
        ),
    ];
    for (args, flag) in cases {
        let mut full = vec!["visit", "add"];
        full.extend_from_slice(args);
        let (code, err) = fails(dir.path(), PASS, &full);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(flag), "{args:?} should name {flag}: {err}");
    }
    assert_eq!(ok(dir.path(), &["visit", "list", "--json"]).trim(), "[]");
    let (code, err) = fails(dir.path(), PASS, &["visit", "list", "--week", "2026-47"]);
    assert_eq!(code, 2);
    assert!(err.contains("YYYY-Www"), "{err}");
    let (code, _) = fails(dir.path(), PASS, &["visit", "done", "not-an-id"]);
    assert_eq!(code, 2);
}

#[test]
fn wrong_passphrase_exits_3_and_lockout_too() {
    let dir = profile_with_school();
    for _ in 0..5 {
        let (code, err) = fails(dir.path(), "forkert forkert", &["school", "list"]);
        assert_eq!(code, 3);
        assert!(err.contains("wrong passphrase"), "{err}");
    }
    let (code, err) = fails(dir.path(), PASS, &["school", "list"]);
    assert_eq!(code, 3);
    assert!(err.contains("try again in"), "{err}");
}

#[test]
fn missing_profile_and_missing_passphrase_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = fails(dir.path(), PASS, &["school", "list"]);
    assert_eq!(code, 1);
    assert!(err.contains("feltbog init"), "{err}");
    let dir = profile_with_school();
    let out = feltbog(dir.path(), None, &["school", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("FELTBOG_PASSPHRASE"));
}

#[test]
fn passwd_and_demo() {
    let dir = profile_with_school();
    let out = Command::new(env!("CARGO_BIN_EXE_feltbog"))
        .arg("--data-dir")
        .arg(dir.path())
        .arg("passwd")
        .env("FELTBOG_PASSPHRASE", PASS)
        .env("FELTBOG_NEW_PASSPHRASE", "endnu en lang sætning")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(fails(dir.path(), PASS, &["school", "list"]).0, 3);
    let (code, err) = {
        let out = feltbog(dir.path(), Some("endnu en lang sætning"), &["demo", "load"]);
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    assert_eq!(code, 1, "the profile already has a school: {err}");
    assert!(err.contains("empty profile"), "{err}");

    let fresh = tempfile::tempdir().unwrap();
    ok(fresh.path(), &["init"]);
    ok(fresh.path(), &["demo", "load"]);
    assert!(ok(fresh.path(), &["school", "list"]).contains("Egeby Skole"));
}

/// `feltbog passwd` (issue 11, point 8) applies the same strength rule as
/// every new passphrase: a weak one is refused, naming the passphrase, and
/// the old one keeps working.
#[test]
fn passwd_refuses_a_weak_new_passphrase_and_keeps_the_old() {
    let dir = profile_with_school();
    let out = Command::new(env!("CARGO_BIN_EXE_feltbog"))
        .arg("--data-dir")
        .arg(dir.path())
        .arg("passwd")
        .env("FELTBOG_PASSPHRASE", PASS)
        .env("FELTBOG_NEW_PASSPHRASE", "skolebesøg1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("feltbog: passphrase:"), "{err}");
    assert!(ok(dir.path(), &["school", "list"]).contains("Æblehaveskolen"));
}
