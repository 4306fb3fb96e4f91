//! Scenario tests for `feltbog case` and `feltbog purge`. The binary uses
//! the machine's clock, so every date here is counted back from today.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use chrono::{Datelike, Days, Local, NaiveDate};

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
    ok_in(
        dir,
        &[
            "case",
            "add",
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
        r#"{"initials": "M.K."}"#,
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
    ok_in(
        p,
        &[
            "case",
            "hold",
            &number.to_lowercase().replace('-', ""),
            "--date",
            &ago(10),
            "--participants",
            "young-person,parent,ssp",
        ],
        r#"{"situation": "Går i 8. klasse"}"#,
    );
    ok(p, &["case", "follow-up", &number, "--date", &ago(5)]);
    let quiet = ok_in(
        p,
        &["case", "follow-up", &number, "--date", &ago(1), "--held"],
        r#"{"outcome": "Godt"}"#,
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
    ok_in(
        p,
        &["case", "close", &number],
        r#"{"reason": "Forløbet er afsluttet"}"#,
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
        let mut args = case_add_args();
        args.splice(2..2, ["--input".to_owned(), "-".to_owned()]);
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
        (base("--school", "Ukendt skole"), "--school"),
        (base("--link", "K-0000-0000"), "--link"),
    ];
    let initials = r#"{"initials": "A.B."}"#;
    for (args, flag) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, err) = fails_in(p, &args, initials);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(flag), "{flag} in {err}");
    }
    // The sensitive values are named as the keys of --input.
    let add = base("--birth-year", &year);
    let add: Vec<&str> = add.iter().map(String::as_str).collect();
    for (json, named) in [
        (
            r#"{"initials": "A.B.", "cpr": "0101101234"}"#,
            r#""cpr" (--input"#,
        ),
        (r#"{"initials": "A7"}"#, r#""initials" (--input"#),
        (r#"{"journal": "1"}"#, r#""initials" (--input"#),
        (r#"{"initials": "A.B.", "navn": "x"}"#, r#""navn""#),
        (r#"{"initials": ["A"]}"#, r#""initials""#),
        ("not json", "--input"),
    ] {
        let (code, err) = fails_in(p, &add, json);
        assert_eq!(code, 2, "{json}: {err}");
        assert!(err.contains(named), "{named} in {err}");
    }
    let (code, err) = fails(
        p,
        PASS,
        &[
            "case",
            "add",
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
    // Notified under three years ago: a case left open that long is
    // deleted by the stale rule (tested below).
    let old = add(p, 1000);
    ok(p, &["case", "invite", &old, "--date", &ago(999)]);
    let fresh = add(p, 3);
    let marker = "SLETTES-9182";
    ok_in(
        p,
        &["case", "close", &old, "--date", &ago(990)],
        &format!(r#"{{"reason": "{marker}"}}"#),
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

/// A case nobody closed is deleted three years after its last step, and
/// the dry run says so, with what the other retention rules would delete.
#[test]
fn a_case_left_open_is_listed_as_such_and_deleted_after_its_years() {
    let dir = profile_with_school();
    let p = dir.path();
    let recent = add(p, 950);
    let shown = ok(p, &["case", "show", &recent]);
    assert!(shown.contains("stale"), "{shown}");
    // Due at once: the next command that opens the profile deletes it,
    // so the dry run (which does not) comes next.
    let forgotten = add(p, 1200);
    let out = feltbog(p, Some(PASS), &["purge", "--dry-run"]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains(&forgotten) && stdout.contains("(open, no new step)"),
        "{stdout}"
    );
    assert!(!stdout.contains(&recent), "{stdout}");
    assert!(
        stderr.contains("By the retention rules, at the next purge: nothing"),
        "{stderr}"
    );
    assert!(ok(p, &["purge"]).contains(&forgotten));
    assert!(ok(p, &["case", "list"]).contains(&recent));
    let log = ok(p, &["case", "log", &forgotten]);
    assert!(log.contains("delete") && log.contains("stale"), "{log}");
}

#[test]
fn opening_the_profile_deletes_what_has_come_due() {
    let dir = profile_with_school();
    let p = dir.path();
    let old = add(p, 1000);
    ok_in(
        p,
        &["case", "close", &old, "--date", &ago(900)],
        r#"{"reason": "Flyttet"}"#,
    );
    let out = feltbog(p, Some(PASS), &["case", "list"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&old) && err.contains("deleted"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains(&old));
}

#[test]
fn sensitive_values_are_refused_as_arguments_and_nothing_is_written() {
    let dir = profile_with_school();
    let p = dir.path();
    let number = add(p, 5);
    let add_args = |extra: &[&'static str]| -> Vec<String> {
        let mut a = case_add_args();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let refused: [(Vec<String>, &str); 7] = [
        (add_args(&["--initials", "Z.Q."]), "--initials"),
        (add_args(&["--cpr", "0101101234"]), "--cpr"),
        (add_args(&["--journal", "1200-12345"]), "--journal"),
        (
            [
                "case",
                "hold",
                &number,
                "--date",
                &ago(1),
                "--situation",
                "Z.Q.",
            ]
            .map(String::from)
            .to_vec(),
            "--situation",
        ),
        (
            ["case", "close", &number, "--reason", "Z.Q."]
                .map(String::from)
                .to_vec(),
            "--reason",
        ),
        (
            [
                "case",
                "follow-up",
                &number,
                "--date",
                &ago(1),
                "--held",
                "--outcome",
                "Z.Q.",
            ]
            .map(String::from)
            .to_vec(),
            "--outcome",
        ),
        (
            [
                "case",
                "postpone",
                &number,
                "--until",
                &ago(0),
                "--reason",
                "Z.Q.",
            ]
            .map(String::from)
            .to_vec(),
            "--reason",
        ),
    ];
    for (args, flag) in refused {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, err) = fails(p, PASS, &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(flag) && err.contains("--input"), "{err}");
        assert!(
            !err.contains("Z.Q.") && !err.contains("0101101234"),
            "{err}"
        );
    }
    // Without a terminal and without --input, a required value is missing.
    let args = add_args(&[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, err) = fails(p, PASS, &args);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("\"initials\"") && err.contains("--input"),
        "{err}"
    );
    // A file works as well as stdin.
    let file = p.join("ny-sag.json");
    std::fs::write(&file, r#"{"initials": "F.I.", "journal": "1200-1"}"#).unwrap();
    let mut with_file = args.clone();
    with_file.extend(["--input", file.to_str().unwrap()]);
    ok(p, &with_file);
    let show = ok(p, &["case", "list", "--json"]);
    assert_eq!(show.matches("\"number\"").count(), 2, "{show}");
    let steps = ok(p, &["case", "log", &number]);
    assert!(!steps.contains("closed"), "nothing was recorded: {steps}");
}

/// `case add` as typed at a terminal, without the sensitive values.
fn case_add_args() -> Vec<String> {
    [
        "case",
        "add",
        "--birth-year",
        &birth_year(),
        "--law",
        "penal-code",
        "--offence",
        "theft",
        "--offence-date",
        &ago(3),
        "--notified",
        &ago(2),
    ]
    .map(String::from)
    .to_vec()
}

/// The one case the prompts made holds what was typed.
fn the_typed_case_was_saved(p: &std::path::Path) {
    let list = ok(p, &["case", "list", "--json"]);
    assert_eq!(list.matches("\"number\"").count(), 1, "{list}");
    let number = ok(p, &["case", "list"])
        .split_whitespace()
        .find(|w| w.starts_with("K-"))
        .unwrap()
        .to_owned();
    let shown: serde_json::Value =
        serde_json::from_str(&ok(p, &["case", "show", &number, "--json"])).unwrap();
    assert_eq!(shown["initials"], "T.P.", "{shown}");
    assert_eq!(shown["journal"], "1200-777", "{shown}");
}

/// On a terminal the values are asked for. `script` (util-linux) gives the
/// command a terminal; what it types is answered from here. The Windows
/// counterpart is `in_a_windows_console_the_values_are_asked_for`.
#[cfg(unix)]
#[test]
fn on_a_terminal_the_values_are_asked_for() {
    let dir = profile_with_school();
    let p = dir.path();
    let cmd = format!(
        "{} --data-dir {} {}",
        env!("CARGO_BIN_EXE_feltbog"),
        p.display(),
        case_add_args().join(" ")
    );
    let out = std::process::Command::new("script")
        .args(["-q", "-e", "-c", &cmd, "/dev/null"])
        .env("FELTBOG_PASSPHRASE", PASS)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(b"T.P.\n1200-777\n")?;
            child.wait_with_output()
        })
        .unwrap();
    let transcript = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{transcript}");
    assert!(
        transcript.contains("Initials or first name"),
        "{transcript}"
    );
    assert!(transcript.contains("Police journal number"), "{transcript}");
    the_typed_case_was_saved(p);
}

/// In a Windows console (ConPTY, as in a `cmd` window) the passphrase is
/// asked for without echo and the case's values with it: the console's
/// own line input, its Enter (CR LF), and a passphrase with spaces and æ
/// typed as keys. A wrong passphrase typed there is refused and nothing is
/// saved. Run under Wine by `cargo xtask test-windows`.
#[cfg(windows)]
#[test]
fn in_a_windows_console_the_values_are_asked_for() {
    use crate::common::console::Console;
    use std::ffi::OsStr;
    let dir = profile_with_school();
    let p = dir.path();
    let args = case_add_args();
    let mut line: Vec<&OsStr> = vec![OsStr::new("--data-dir"), p.as_os_str()];
    line.extend(args.iter().map(OsStr::new));
    let exe = std::path::Path::new(env!("CARGO_BIN_EXE_feltbog"));
    let run =
        || Console::run(exe, &line, &[], &["FELTBOG_PASSPHRASE", "FELTBOG_DATA_DIR"]).unwrap();

    let mut wrong = run();
    wrong.expect("Passphrase: ").unwrap();
    wrong.type_line("en forkert sætning").unwrap();
    let (code, screen) = wrong.finish();
    assert_eq!(code, 3, "{screen}");
    assert!(
        screen.contains("wrong passphrase"),
        "the refusal is said: {screen}"
    );
    assert!(
        !screen.contains("forkert"),
        "a passphrase is never echoed: {screen}"
    );
    assert!(!ok(p, &["case", "list", "--json"]).contains("\"number\""));

    let mut console = run();
    console.expect("Passphrase: ").unwrap();
    console.type_line(PASS).unwrap();
    console.expect("Initials or first name").unwrap();
    console.type_line("T.P.").unwrap();
    console.expect("Police journal number").unwrap();
    console.type_line("1200-777").unwrap();
    let (code, screen) = console.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(
        !screen.contains("hemmelig"),
        "a passphrase is never echoed: {screen}"
    );
    assert!(
        screen.contains("T.P."),
        "what is typed in the open is shown: {screen}"
    );
    the_typed_case_was_saved(p);
}

/// `case log --verify` (issue 11, point 15): intact as Feltbog wrote it;
/// after someone with the key removes an entry outside Feltbog, it lists
/// the break and exits 1, and every command that unlocks warns.
#[test]
fn the_log_check_finds_an_entry_removed_outside_feltbog() {
    let dir = profile_with_school();
    let p = dir.path();
    let number = add(p, 5);
    ok(p, &["case", "show", &number]);
    ok(p, &["case", "list"]);
    let fine = ok(p, &["case", "log", "--verify"]);
    assert!(
        fine.contains("access log intact: 3 entries from 1 devices"),
        "{fine}"
    );
    let log = ok(p, &["case", "log"]);
    assert!(log.contains("open_list"), "{log}");

    let s = feltbog_core::Profile::at(p).unlock(PASS).unwrap().session;
    for sql in [
        "DROP TRIGGER case_access_no_delete",
        "DELETE FROM case_access WHERE action = 'view'",
    ] {
        s.store().execute_for_tests(sql).unwrap();
    }
    drop(s);

    let out = feltbog(p, Some(PASS), &["case", "log", "--verify"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("access log BROKEN"), "{stdout}");
    assert!(stdout.contains("missing"), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("case log --verify"), "{stderr}");

    let out = feltbog(p, Some(PASS), &["case", "list"]);
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("warning: the access log has 1 break(s)"),
        "{stderr}"
    );

    let (code, err) = fails(p, PASS, &["case", "log", "--verify", &number]);
    assert_eq!(code, 2, "{err}");
}

/// `case remove-cpr` (issue 11, point 13): counts without --yes, removes
/// every stored number with it.
#[test]
fn remove_cpr_asks_for_yes_then_removes_every_number() {
    let dir = profile_with_school();
    let p = dir.path();
    let year = birth_year();
    let yy = &year[2..];
    // CPR numbers are allowed only by the settings (the app's screen sets
    // it); the JSON input gives one.
    let mut s = feltbog_core::Profile::at(p).unlock(PASS).unwrap().session;
    let mut settings = s.settings().unwrap();
    settings.cases.cpr_allowed = true;
    s.update_settings(&settings).unwrap();
    drop(s);
    let cpr = format!("0101{yy}4417");
    ok_in(
        p,
        &[
            "case",
            "add",
            "--birth-year",
            &year,
            "--law",
            "penal-code",
            "--offence",
            "theft",
            "--offence-date",
            &ago(9),
            "--notified",
            &ago(6),
        ],
        &format!(r#"{{"initials": "M.K.", "cpr": "{cpr}"}}"#),
    );
    let out = feltbog(p, Some(PASS), &["case", "remove-cpr"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 case(s) hold a CPR number"));
    let out = feltbog(p, Some(PASS), &["case", "remove-cpr", "--yes"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 CPR number(s) removed"));
    let out = feltbog(p, Some(PASS), &["case", "remove-cpr"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 case(s)"));
}

/// `case access-pack` (issue 24, item 5): the PDF for an access request,
/// its making in the log; a wrong case or an unwritable --out is named
/// and leaves nothing.
#[test]
fn access_pack_writes_the_pdf_and_logs_its_making() {
    let dir = profile_with_school();
    let p = dir.path();
    let number = add(p, 5);
    let out = p.join(format!("Feltbog-indsigt-{number}.pdf"));
    ok(
        p,
        &[
            "case",
            "access-pack",
            &number,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    let log = ok(p, &["case", "log", &number]);
    assert!(log.contains("indsigt"), "{log}");

    let (code, err) = fails(
        p,
        PASS,
        &["case", "access-pack", "K-0000-0000", "--out", "x.pdf"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("CASE") && err.contains("K-0000-0000"), "{err}");
    let nowhere = p.join("findes-ikke").join("indsigt.pdf");
    let (code, err) = fails(
        p,
        PASS,
        &[
            "case",
            "access-pack",
            &number,
            "--out",
            nowhere.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--out"), "{err}");
    assert!(!nowhere.exists());
    let log = ok(p, &["case", "log", &number]);
    assert_eq!(
        log.matches("indsigt").count(),
        1,
        "a failed write is not logged: {log}"
    );
}

/// `case referat` (issue 24, item 4): refused with --step named until a
/// conversation is held and for a step that is not one; then the PDF, and
/// its making in the log.
#[test]
fn referat_of_the_conversation_held() {
    let dir = profile_with_school();
    let p = dir.path();
    let number = add(p, 6);
    let out = p.join(format!("Feltbog-referat-{number}.pdf"));
    let out_s = out.to_str().unwrap();
    let (code, err) = fails(p, PASS, &["case", "referat", &number, "--out", out_s]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("CASE") && err.contains("no conversation held"),
        "{err}"
    );
    ok(p, &["case", "invite", &number, "--date", &ago(4)]);
    ok_in(
        p,
        &[
            "case",
            "hold",
            &number,
            "--date",
            &ago(2),
            "--participants",
            "young-person,parent,ssp",
        ],
        r#"{"situation": "Går i skole", "consequences": "Forstår det", "agreements": "Ses igen"}"#,
    );
    let (code, err) = fails(
        p,
        PASS,
        &["case", "referat", &number, "--step", "2", "--out", out_s],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--step") && err.contains("not a conversation held"),
        "{err}"
    );
    let (code, err) = fails(
        p,
        PASS,
        &["case", "referat", &number, "--step", "9", "--out", out_s],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--step") && err.contains("1 to 3"), "{err}");
    assert!(!out.exists(), "nothing written");

    ok(
        p,
        &["case", "referat", &number, "--step", "3", "--out", out_s],
    );
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));
    let log = ok(p, &["case", "log", &number]);
    assert_eq!(log.matches("referat").count(), 1, "{log}");
}
