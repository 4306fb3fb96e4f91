//! Scenario tests for `feltbog case` and `feltbog purge`. The binary uses
//! the machine's clock, so every date here is counted back from today.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

mod common;

use chrono::{Datelike, Days, Local, NaiveDate};
use common::*;

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn ago(days: u64) -> String {
    (today() - Days::new(days)).to_string()
}

fn birth_year() -> String {
    (today().year() - 14).to_string()
}

fn add(dir: &std::path::Path, notified_days_ago: u64) -> String {
    let year = birth_year();
    let offence = ago(notified_days_ago + 3);
    let notified = ago(notified_days_ago);
    ok(
        dir,
        &[
            "case",
            "add",
            "--initials",
            "M.K.",
            "--birth-year",
            &year,
            "--school",
            "Æblehaveskolen",
            "--law",
            "penal-code",
            "--offence",
            "theft",
            "--offence-date",
            &offence,
            "--notified",
            &notified,
        ],
    )
    .trim()
    .to_owned()
}

#[test]
fn a_case_from_notification_to_follow_up_with_its_log() {
    let dir = profile_with_school();
    let p = dir.path();
    let number = add(p, 20);
    assert!(number.starts_with("K-"), "{number}");
    let overdue = ok(p, &["case", "list", "--overdue"]);
    assert!(
        overdue.contains(&number) && overdue.contains("OVERDUE"),
        "{overdue}"
    );

    ok(
        p,
        &[
            "case",
            "invite",
            &number,
            "--date",
            &ago(18),
            "--method",
            "letter",
        ],
    );
    ok(
        p,
        &[
            "case",
            "hold",
            &number.to_lowercase().replace('-', ""),
            "--date",
            &ago(10),
            "--participants",
            "young-person,parent,ssp",
            "--situation",
            "Går i 8. klasse",
        ],
    );
    ok(p, &["case", "follow-up", &number, "--date", &ago(5)]);
    let quiet = ok(
        p,
        &[
            "case",
            "follow-up",
            &number,
            "--date",
            &ago(1),
            "--held",
            "--outcome",
            "Godt",
        ],
    );
    assert!(quiet.is_empty(), "steps print nothing on stdout: {quiet}");
    let overdue = ok(p, &["case", "list", "--overdue"]);
    assert!(!overdue.contains(&number), "{overdue}");

    let list: serde_json::Value =
        serde_json::from_str(&ok(p, &["case", "list", "--json"])).unwrap();
    assert_eq!(list[0]["step"], "follow-up-held");
    assert_eq!(list[0]["days_to_conversation"], 10);
    assert!(list[0].get("initials").is_none(), "the list names no one");

    let show: serde_json::Value =
        serde_json::from_str(&ok(p, &["case", "show", &number, "--json"])).unwrap();
    assert_eq!(show["steps"][2]["details"]["participants"][1], "parent");
    ok(
        p,
        &[
            "case",
            "close",
            &number,
            "--reason",
            "Forløbet er afsluttet",
        ],
    );

    let log = ok(p, &["case", "log", &number]);
    for word in ["create", "change", "export", "held", "closed"] {
        assert!(log.contains(word), "{word} in {log}");
    }
    assert!(!log.contains("Går i 8. klasse"));
}

#[test]
fn bad_input_names_the_flag_and_writes_nothing() {
    let dir = profile_with_school();
    let p = dir.path();
    let number = add(p, 5);
    let year = birth_year();
    let base = |flag: &str, value: &str| -> Vec<String> {
        let mut args: Vec<String> = [
            "case",
            "add",
            "--initials",
            "A.B.",
            "--birth-year",
            &year,
            "--law",
            "penal-code",
            "--offence",
            "theft",
            "--offence-date",
            &ago(3),
            "--notified",
            &ago(2),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        if let Some(i) = args.iter().position(|a| a == flag) {
            args[i + 1] = value.into();
        } else {
            args.extend([flag.to_owned(), value.to_owned()]);
        }
        args
    };
    let tomorrow = (today() + Days::new(1)).to_string();
    let cases = [
        (base("--birth-year", "1950"), "--birth-year"),
        (base("--notified", "2026-13-01"), "--notified"),
        (base("--notified", &tomorrow), "--notified"),
        (base("--offence-date", &ago(1)), "--notified"),
        (base("--law", "other"), "--law-text"),
        (base("--cpr", "0101101234"), "--cpr"),
        (base("--school", "Ukendt skole"), "--school"),
        (base("--link", "K-0000-0000"), "--link"),
    ];
    for (args, flag) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, err) = fails(p, PASS, &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(flag), "{flag} in {err}");
    }
    let (code, err) = fails(
        p,
        PASS,
        &[
            "case",
            "add",
            "--initials",
            "A",
            "--birth-year",
            &year,
            "--law",
            "treason",
            "--offence",
            "theft",
            "--offence-date",
            &ago(3),
            "--notified",
            &ago(2),
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        ok(p, &["case", "list", "--json"])
            .matches("\"number\"")
            .count(),
        1
    );

    let (code, err) = fails(
        p,
        PASS,
        &[
            "case",
            "hold",
            &number,
            "--date",
            &ago(1),
            "--participants",
            "parent",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("CASE"), "held before invited: {err}");
    ok(p, &["case", "invite", &number, "--date", &ago(4)]);
    let (code, err) = fails(
        p,
        PASS,
        &[
            "case",
            "hold",
            &number,
            "--date",
            &ago(1),
            "--participants",
            "parent",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("--participants"), "{err}");
    let (code, err) = fails(
        p,
        PASS,
        &[
            "case",
            "hold",
            &number,
            "--date",
            &ago(6),
            "--participants",
            "young-person",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("--date"), "{err}");
    let (code, err) = fails(
        p,
        PASS,
        &["case", "invite", "K-0000-0000", "--date", &ago(1)],
    );
    assert_eq!(code, 2);
    assert!(err.contains("no case numbered"), "{err}");
    let (code, _) = fails(p, "forkert kodeord her", &["case", "list"]);
    assert_eq!(code, 3);
}

#[test]
fn purge_deletes_what_is_due_and_says_so() {
    let dir = profile_with_school();
    let p = dir.path();
    let old = add(p, 1200);
    ok(p, &["case", "invite", &old, "--date", &ago(1199)]);
    let fresh = add(p, 3);
    let marker = "SLETTES-9182";
    ok(
        p,
        &[
            "case",
            "close",
            &old,
            "--reason",
            marker,
            "--date",
            &ago(1190),
        ],
    );
    let dry = ok(p, &["purge", "--dry-run"]);
    assert!(dry.contains(&old) && !dry.contains(&fresh), "{dry}");
    // Every other command purges on opening, as the app does on unlock.
    assert_eq!(
        ok(p, &["purge", "--dry-run"]),
        dry,
        "a dry run deletes nothing"
    );
    let done = ok(p, &["purge"]);
    assert!(done.contains(&old), "{done}");
    assert!(!ok(p, &["case", "list"]).contains(&old));
    let deletions = ok(p, &["case", "deletions"]);
    assert!(deletions.contains(&old), "{deletions}");
    let log = ok(p, &["case", "log", &old]);
    assert!(log.contains("delete") && !log.contains(marker), "{log}");
    assert!(ok(p, &["purge"]).is_empty());
}

#[test]
fn opening_the_profile_deletes_what_has_come_due() {
    let dir = profile_with_school();
    let p = dir.path();
    let old = add(p, 1200);
    ok(
        p,
        &[
            "case",
            "close",
            &old,
            "--reason",
            "Flyttet",
            "--date",
            &ago(1100),
        ],
    );
    let out = feltbog(p, Some(PASS), &["case", "list"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&old) && err.contains("deleted"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains(&old));
}
