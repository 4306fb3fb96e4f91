//! `feltbog summary` as a coordinator's script would run it: text, JSON,
//! CSV, Excel and PDF, the access log, and bad input. Fictitious data only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{fails, ok, profile_with_school, PASS};

const ROUND: &str = "Ungeprofilundersøgelsen 2026";

fn with_survey() -> tempfile::TempDir {
    let dir = profile_with_school();
    let d = dir.path();
    ok(
        d,
        &[
            "survey",
            "round",
            "add",
            "--name",
            ROUND,
            "--questionnaire",
            "grades7-9",
            "--from",
            "2026-11-02",
            "--to",
            "2027-01-29",
            "--target",
            "85",
        ],
    );
    for (class, enrolled, answered) in [("7.a", "24", "22"), ("8.a", "21", "3")] {
        ok(
            d,
            &[
                "survey",
                "class",
                "set",
                "--round",
                ROUND,
                "--school",
                "Æblehaveskolen",
                "--class",
                class,
                "--enrolled",
                enrolled,
                "--answered",
                answered,
            ],
        );
    }
    dir
}

#[test]
fn text_hides_small_numbers_and_json_keeps_them_marked() {
    let dir = with_survey();
    let d = dir.path();
    let text = ok(d, &["summary", "--week", "2026-W48"]);
    assert!(text.contains("Uge 48 · 23.–29. nov. 2026"), "{text}");
    assert!(text.contains("Æblehaveskolen"));
    assert!(text.contains("<5"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&ok(
        d,
        &["summary", "--week", "2026-W48", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(json["week"], serde_json::json!({"year": 2026, "week": 48}));
    let grades = json["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "survey-grades")
        .unwrap();
    let cell = &grades["rows"][0]["cells"][1];
    assert_eq!(
        cell["value"],
        serde_json::json!({"kind": "count", "value": 3})
    );
    assert_eq!(cell["hide"], "small");
    // Both outputs left the profile: both are in the access log.
    let log = ok(d, &["case", "log"]);
    assert!(
        log.contains("2026-W48 text") && log.contains("2026-W48 json"),
        "{log}"
    );
}

#[test]
fn files_are_written_whole_and_logged() {
    let dir = with_survey();
    let d = dir.path();
    let out = tempfile::tempdir().unwrap();
    for format in ["csv", "xlsx", "pdf"] {
        let path = out
            .path()
            .join(format!("Feltbog-ugerapport-2026-U48.{format}"));
        ok(
            d,
            &[
                "summary",
                "--week",
                "2026-W48",
                "--format",
                format,
                "--out",
                path.to_str().unwrap(),
            ],
        );
        let bytes = std::fs::read(&path).unwrap();
        let magic: &[u8] = match format {
            "csv" => b"\xEF\xBB\xBF",
            "xlsx" => b"PK",
            _ => b"%PDF",
        };
        assert!(bytes.starts_with(magic), "{format}");
    }
    // Nothing but the three files: no temporary file left behind.
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 3);
    let log = ok(d, &["case", "log"]);
    for format in ["csv", "xlsx", "pdf"] {
        assert!(log.contains(&format!("2026-W48 {format}")), "{log}");
    }
}

#[test]
fn bad_weeks_missing_and_unwritable_files_are_refused_by_flag() {
    let dir = with_survey();
    let d = dir.path();
    let (code, err) = fails(d, PASS, &["summary", "--week", "2026-W60"]);
    assert_eq!(code, 2);
    assert!(err.contains("--week") && err.contains("YYYY-Www"), "{err}");
    let (code, err) = fails(d, PASS, &["summary", "--format", "pdf"]);
    assert_eq!(code, 2);
    assert!(err.contains("--out"), "{err}");
    let (code, err) = fails(
        d,
        PASS,
        &[
            "summary",
            "--format",
            "xlsx",
            "--out",
            "/nonexistent-dir/u.xlsx",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("--out") && err.contains("/nonexistent-dir/u.xlsx"),
        "{err}"
    );
    let (code, _) = fails(d, "forkert kodeord her", &["summary"]);
    assert_eq!(code, 3);
    // Failed exports log nothing.
    let log = ok(d, &["case", "log"]);
    assert!(!log.contains("ugerapport"), "{log}");
}

/// `--period` as the issue names it: a month, a quarter, a school
/// half-year, a school year, a calendar year, days from–to; the report is
/// named for its period, saved under its name, and logged by it.
#[test]
fn any_period_reads_saves_and_logs_by_its_name() {
    let dir = with_survey();
    let d = dir.path();
    let text = ok(d, &["summary", "--period", "2026-11"]);
    assert!(text.starts_with("Rapport"), "{text}");
    assert!(text.contains("November 2026 · 1.–30. nov. 2026"), "{text}");
    assert!(
        text.contains("»Næste periode« er 1.–31. dec. 2026."),
        "{text}"
    );
    for (period, line) in [
        ("2026-Q4", "4. kvartal 2026 · 1. okt. – 31. dec. 2026"),
        (
            "2026/27-H1",
            "Skoleåret 2026/27, 1. halvår · 1. aug. 2026 – 31. jan. 2027",
        ),
        (
            "2026/27",
            "Skoleåret 2026/27 · 1. aug. 2026 – 31. jul. 2027",
        ),
        ("2026", "Kalenderåret 2026 · 1. jan. – 31. dec. 2026"),
        ("2026-08-01..2026-12-31", "1. aug. – 31. dec. 2026"),
        ("2026-W48", "Uge 48 · 23.–29. nov. 2026"),
    ] {
        let text = ok(d, &["summary", "--period", period]);
        assert!(text.contains(line), "{period}: {text}");
    }
    let json: serde_json::Value = serde_json::from_str(&ok(
        d,
        &["summary", "--period", "2026/27", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(
        json["period"],
        serde_json::json!({"kind": "school-year", "start": 2026})
    );
    assert_eq!(json["from"], "2026-08-01");
    assert!(json.get("week").is_none(), "{json}");
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("Feltbog-rapport-2026-27.pdf");
    ok(
        d,
        &[
            "summary",
            "--period",
            "2026/27",
            "--format",
            "pdf",
            "--out",
            path.to_str().unwrap(),
        ],
    );
    assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF"));
    let log = ok(d, &["case", "log"]);
    for line in [
        "2026-11 text",
        "2026/27 json",
        "2026/27 pdf",
        "2026-08-01..2026-12-31 text",
    ] {
        assert!(log.contains(line), "{line}: {log}");
    }
}

#[test]
fn a_period_that_is_not_one_is_refused_by_flag_with_the_forms() {
    let dir = with_survey();
    let d = dir.path();
    for bad in ["2026-13", "2026/28", "2026-12-31..2026-08-01", "efterår"] {
        let (code, err) = fails(d, PASS, &["summary", "--period", bad]);
        assert_eq!(code, 2, "{bad}");
        assert!(
            err.contains("--period") && err.contains("2026/27-H1"),
            "{bad}: {err}"
        );
    }
    let (code, err) = fails(
        d,
        PASS,
        &["summary", "--week", "2026-W48", "--period", "2026-11"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("--week") && err.contains("--period"), "{err}");
}

/// `feltbog trends` as the issue names it: five school years by default,
/// `--years`, `--json`; a file by `--format` and `--out`; each run logged
/// by the years it covers.
#[test]
fn trends_show_the_last_school_years_and_are_logged() {
    let dir = with_survey();
    let d = dir.path();
    let today = chrono::Local::now().date_naive();
    let current = feltbog_api::period::school_year_of(today);
    let name = |start: i32| format!("{start}/{:02}", (start + 1) % 100);
    let text = ok(d, &["trends"]);
    assert!(text.starts_with("Udvikling over skoleår"), "{text}");
    for start in current - 4..=current {
        assert!(text.contains(&name(start)), "{text}");
    }
    assert!(!text.contains(&name(current - 5)), "{text}");
    assert!(text.contains("Svarprocent, Ungeprofilen"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["trends", "--years", "3", "--json"])).unwrap();
    let years = json["years"].as_array().unwrap();
    assert_eq!(years.len(), 3);
    assert_eq!(years[2]["start"], current);
    assert!(years[2]["so_far"].is_string(), "{json}");
    assert!(years[0]["so_far"].is_null(), "{json}");
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("udvikling.xlsx");
    ok(
        d,
        &[
            "trends",
            "--format",
            "xlsx",
            "--out",
            path.to_str().unwrap(),
        ],
    );
    assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));
    let log = ok(d, &["case", "log"]);
    let span = format!("{}–{}", name(current - 4), name(current));
    for line in [format!("{span} text"), format!("{span} xlsx")] {
        assert!(log.contains(&line), "{line}: {log}");
    }
    assert!(
        log.contains(&format!("{}–{} json", name(current - 2), name(current))),
        "{log}"
    );
    for bad in ["0", "11", "fem"] {
        let (code, err) = fails(d, PASS, &["trends", "--years", bad]);
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(err.contains("--years"), "{bad}: {err}");
    }
    let (code, err) = fails(d, PASS, &["trends", "--format", "pdf"]);
    assert_eq!(code, 2);
    assert!(err.contains("--out"), "{err}");
}

/// `feltbog school-report` as the issue names it: one school's PDF, and
/// every active school's into a folder; each file logged by school and
/// school year; bad input named by its flag.
#[test]
fn school_reports_are_written_one_or_all_and_logged() {
    let dir = with_survey();
    let d = dir.path();
    ok(
        d,
        &[
            "school",
            "add",
            "--name",
            "Bøgely Skole",
            "--kind",
            "folkeskole",
            "--town",
            "Egeby",
        ],
    );
    let out = tempfile::tempdir().unwrap();
    let one = out.path().join("æble rapport.pdf");
    ok(
        d,
        &[
            "school-report",
            "Æblehaveskolen",
            "--year",
            "2026/27",
            "--out",
            one.to_str().unwrap(),
        ],
    );
    assert!(std::fs::read(&one).unwrap().starts_with(b"%PDF"));
    let folder = out.path().join("alle skoler");
    std::fs::create_dir(&folder).unwrap();
    let listed = ok(
        d,
        &[
            "school-report",
            "--all",
            "--year",
            "2026/27",
            "--out-dir",
            folder.to_str().unwrap(),
        ],
    );
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "Feltbog-skolerapport-Bøgely-Skole-2026-27.pdf",
            "Feltbog-skolerapport-Æblehaveskolen-2026-27.pdf"
        ]
    );
    assert_eq!(listed.lines().count(), 2, "{listed}");
    let log = ok(d, &["case", "log"]);
    assert!(log.contains("Æblehaveskolen 2026/27 pdf"), "{log}");
    assert!(log.contains("Bøgely Skole 2026/27 pdf"), "{log}");

    for (args, flag) in [
        (vec!["school-report", "Æblehaveskolen"], "--out"),
        (
            vec!["school-report", "Nordby Skole", "--out", "x.pdf"],
            "SCHOOL",
        ),
        (
            vec![
                "school-report",
                "Æblehaveskolen",
                "--year",
                "2026",
                "--out",
                "x.pdf",
            ],
            "--year",
        ),
        (vec!["school-report", "--all"], "--out-dir"),
        (
            vec!["school-report", "--all", "--out-dir", "/nonexistent-dir"],
            "--out-dir",
        ),
    ] {
        let (code, err) = fails(d, PASS, &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(flag), "{args:?}: {err}");
    }
}

/// `feltbog compliance` as the issue names it: `--out FILE.pdf` writes the
/// PDF, a `.txt` file or `--format text` the plain text, and no `--out`
/// prints the text for pasting; bad input is named by its flag and writes
/// nothing.
#[test]
fn the_data_protection_papers_are_written_as_pdf_or_text() {
    let dir = with_survey();
    let d = dir.path();
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("databeskyttelse æøå.pdf");
    ok(d, &["compliance", "--out", pdf.to_str().unwrap()]);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let txt = out.path().join("fortegnelse.txt");
    ok(d, &["compliance", "--out", txt.to_str().unwrap()]);
    let text = std::fs::read_to_string(&txt).unwrap();
    assert!(
        text.contains("Fortegnelse over behandlingsaktiviteter"),
        "{text}"
    );
    assert!(
        text.contains("Skolebesøg med opfølgninger: 5 år efter datoen"),
        "{text}"
    );
    let forced = out.path().join("papirer");
    ok(
        d,
        &[
            "compliance",
            "--format",
            "text",
            "--out",
            forced.to_str().unwrap(),
        ],
    );
    // The same papers each time, but for the access log's size: each
    // saving is logged.
    let but_the_log = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| !l.contains("I dag:") && !l.starts_with("Poster i adgangsloggen:"))
            .map(str::to_owned)
            .collect()
    };
    let forced = std::fs::read_to_string(&forced).unwrap();
    assert_eq!(but_the_log(&forced), but_the_log(&text));
    let printed = ok(d, &["compliance"]);
    assert_eq!(but_the_log(&printed), but_the_log(&text));
    assert!(!text.contains("Æblehaveskolen"), "no school in the papers");

    for (args, flag) in [
        (vec!["compliance", "--format", "pdf"], "--out"),
        (
            vec!["compliance", "--out", "/nonexistent-dir/x.pdf"],
            "--out",
        ),
        (vec!["compliance", "--format", "word"], "--format"),
    ] {
        let (code, err) = fails(d, PASS, &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(flag), "{args:?}: {err}");
    }
    assert!(!std::path::Path::new("/nonexistent-dir/x.pdf").exists());
}
