//! Scenario tests for `feltbog case import`, `case pending` and `case
//! triage` (issue 24): the forms scripts rely on and their exit codes. The
//! binary uses the machine's clock, so dates are counted back from today.
//! Fictitious people and numbers only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use chrono::{Datelike, Days, Local};

fn ago(days: u64) -> String {
    (Local::now().date_naive() - Days::new(days))
        .format("%d-%m-%Y")
        .to_string()
}

/// A list with a title row, names and CPR numbers: `rows` as
/// (notified days ago, name, CPR, school, offence).
fn list(rows: &[(u64, &str, &str, &str, &str)]) -> String {
    let mut text = String::from(
        "Politiets underretninger\nDato for underretning;Gerningsdato;Navn;CPR;Fødselsår;Skole;Forhold;Sagsbehandler\n",
    );
    let year = Local::now().date_naive().year() - 14;
    for (days, name, cpr, school, offence) in rows {
        let born = if cpr.is_empty() {
            year.to_string()
        } else {
            String::new()
        };
        text.push_str(&format!(
            "{};{};{name};{cpr};{born};{school};{offence};PB\n",
            ago(*days),
            ago(days + 3)
        ));
    }
    text
}

fn cpr() -> String {
    // Born 14 years ago on 1 March; the seventh digit 4 puts it in 2000s.
    let yy = (Local::now().date_naive().year() - 14) % 100;
    format!("0103{yy:02}-4417")
}

#[test]
fn a_list_with_a_bad_row_is_refused_whole_with_every_error_and_exit_2() {
    let dir = profile_with_school();
    let file = dir.path().join("uge.csv");
    let c = cpr();
    std::fs::write(
        &file,
        list(&[
            (2, "Søren Hansen", &c, "Æblehaveskolen", "butikstyveri"),
            (2, "Mia Berg", "", "Nordby Skole", "vold"),
            (2, "Ole Dam", "0101", "", "hærværk"),
        ]),
    )
    .unwrap();
    let path = file.to_str().unwrap();
    for args in [
        vec!["case", "import", path],
        vec!["case", "import", path, "--dry-run"],
    ] {
        let (code, err) = fails(dir.path(), PASS, &args);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("2 rows are refused; nothing was read in"),
            "{err}"
        );
        assert!(
            err.contains("line 4: no school named 'Nordby Skole'"),
            "{err}"
        );
        assert!(err.contains("line 5: CPR is not a CPR number"), "{err}");
        assert!(
            !err.contains("0101"),
            "a CPR number is never said back: {err}"
        );
    }
    // --json prints every row and error for a script, and still exits 2.
    let out = feltbog(dir.path(), Some(PASS), &["case", "import", path, "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let preview: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(preview["rows"].as_array().unwrap().len(), 1);
    assert_eq!(preview["errors"][0]["column"], "Skole");
    assert_eq!(preview["ignored_columns"][0], "Sagsbehandler");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Hansen"));
    assert!(ok(dir.path(), &["case", "pending", "--json"]).trim() == "[]");
}

#[test]
fn a_good_list_waits_for_triage_and_each_row_is_decided() {
    let dir = profile_with_school();
    let c = cpr();
    let text = list(&[
        (3, "Søren Hansen", &c, "Æblehaveskolen", "butikstyveri"),
        (2, "Åse Østergaard", "", "", "besiddelse af hash"),
        (1, "Bo Kragh", "", "", "Ulovligt fyrværkeri"),
    ]);
    let file = dir.path().join("uge.csv");
    std::fs::write(&file, &text).unwrap();
    let path = file.to_str().unwrap();
    let dry = ok(dir.path(), &["case", "import", path, "--dry-run"]);
    assert_eq!(dry.lines().count(), 3, "{dry}");
    assert!(dry.contains("SH") && !dry.contains("Hansen"), "{dry}");
    assert_eq!(ok(dir.path(), &["case", "pending", "--json"]).trim(), "[]");

    // Pasted rows come on stdin.
    let out = feltbog_stdin(dir.path(), &["case", "import", "-"], &text);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pending: Vec<serde_json::Value> =
        serde_json::from_str(&ok(dir.path(), &["case", "pending", "--json"])).unwrap();
    assert_eq!(pending.len(), 3);
    let row = |i: usize| pending[i]["short"].as_str().unwrap().to_owned();
    let table = ok(dir.path(), &["case", "pending"]);
    assert!(
        table.contains(&row(0)) && table.contains("OFFER BY"),
        "{table}"
    );

    let first = ok(dir.path(), &["case", "triage", &row(0), "new"]);
    let first = first.trim();
    assert!(first.starts_with("K-"), "{first}");
    let second = ok(dir.path(), &["case", "triage", &row(1), "repeat", first]);
    let shown = ok(dir.path(), &["case", "show", second.trim()]);
    assert!(shown.contains(&format!("repeat of    {first}")), "{shown}");
    assert_eq!(ok(dir.path(), &["case", "triage", &row(2), "dismiss"]), "");
    assert_eq!(ok(dir.path(), &["case", "pending", "--json"]).trim(), "[]");

    let (code, err) = fails(dir.path(), PASS, &["case", "triage", &row(2), "new"]);
    assert_eq!(code, 2);
    assert!(err.contains("ROW: no waiting row starts with"), "{err}");
    let log = ok(dir.path(), &["case", "log", "--json"]);
    assert!(
        log.contains("\"dismiss\"") && log.contains("\"import\""),
        "{log}"
    );
    assert!(
        !log.contains("Kragh") && !log.contains("fyrværkeri"),
        "{log}"
    );
}

#[test]
fn triage_names_what_is_wrong() {
    let dir = profile_with_school();
    let text = list(&[(1, "Bo Kragh", "", "", "vold")]);
    let out = feltbog_stdin(dir.path(), &["case", "import", "-"], &text);
    assert!(out.status.success());
    let pending: Vec<serde_json::Value> =
        serde_json::from_str(&ok(dir.path(), &["case", "pending", "--json"])).unwrap();
    let row = pending[0]["short"].as_str().unwrap();
    for (args, says) in [
        (
            vec!["case", "triage", row, "repeat"],
            "CASE-NO: name the earlier case",
        ),
        (
            vec!["case", "triage", row, "repeat", "K-0000-0000"],
            "CASE-NO: no case numbered",
        ),
        (
            vec!["case", "triage", row, "new", "K-0000-0000"],
            "CASE-NO: only `repeat`",
        ),
        (
            vec!["case", "triage", row, "måske"],
            "DECISION: 'måske' is not a decision",
        ),
        (
            vec!["case", "triage", "ab", "new"],
            "ROW: give at least the first four",
        ),
    ] {
        let (code, err) = fails(dir.path(), PASS, &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(
        serde_json::from_str::<Vec<serde_json::Value>>(&ok(
            dir.path(),
            &["case", "pending", "--json"]
        ))
        .unwrap()
        .len(),
        1,
        "nothing was decided"
    );
}

/// The example list the README and the user guide point to reads in.
#[test]
fn the_documented_example_list_reads() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init"]);
    ok(
        dir.path(),
        &[
            "school",
            "add",
            "--name",
            "Egeby Skole",
            "--kind",
            "folkeskole",
            "--town",
            "Egeby",
        ],
    );
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/demo/politiets-liste-eksempel.csv"
    );
    let shown = ok(dir.path(), &["case", "import", example, "--dry-run"]);
    assert_eq!(shown.lines().count(), 4, "{shown}");
    assert!(shown.contains("SÆH") && !shown.contains("Holm"), "{shown}");
}

/// `case letter` writes the offer letter and records the offer; bad
/// values name their flag; the team's template is set and refused by name.
#[test]
fn the_offer_letter_and_its_template() {
    let dir = profile_with_school();
    let text = list(&[(1, "Bo Kragh", "", "", "vold")]);
    let out = feltbog_stdin(dir.path(), &["case", "import", "-"], &text);
    assert!(out.status.success());
    let pending: Vec<serde_json::Value> =
        serde_json::from_str(&ok(dir.path(), &["case", "pending", "--json"])).unwrap();
    let row = pending[0]["short"].as_str().unwrap().to_owned();
    let number = ok(dir.path(), &["case", "triage", &row, "new"])
        .trim()
        .to_owned();
    let day = (Local::now().date_naive() + Days::new(5)).to_string();
    let pdf = dir.path().join("brev.pdf");
    let pdf = pdf.to_str().unwrap();
    let letter = |time: &str, place: &str| {
        vec![
            "case",
            "letter",
            &number,
            "--date",
            &day,
            "--time",
            time,
            "--place",
            place,
            "--contact",
            "Bo Berg, 21 22 23 24",
            "--out",
            pdf,
        ]
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<String>>()
    };
    let args = letter("25.00", "Rådhuset");
    let (code, err) = fails(
        dir.path(),
        PASS,
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(code, 2);
    assert!(err.contains("--time: write the time as 14.00"), "{err}");
    let args = letter("14.00", " ");
    let (_, err) = fails(
        dir.path(),
        PASS,
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert!(err.contains("--place"), "{err}");
    assert!(!std::path::Path::new(pdf).exists());
    let args = letter("14.00", "Rådhuset");
    ok(
        dir.path(),
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert!(std::fs::read(pdf).unwrap().starts_with(b"%PDF"));
    let shown = ok(dir.path(), &["case", "show", &number]);
    assert!(shown.contains("invited by letter"), "{shown}");

    let template = dir.path().join("skabelon.txt");
    std::fs::write(&template, "Kære {forælder}").unwrap();
    let (code, err) = fails(
        dir.path(),
        PASS,
        &[
            "case",
            "letter-template",
            "--set",
            template.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("--set: {forælder} is not a placeholder"),
        "{err}"
    );
    std::fs::write(
        &template,
        "Kære forældre til {ung}\n\nMed venlig hilsen\n{team}",
    )
    .unwrap();
    ok(
        dir.path(),
        &[
            "case",
            "letter-template",
            "--set",
            template.to_str().unwrap(),
        ],
    );
    assert!(
        ok(dir.path(), &["case", "letter-template"]).starts_with("Kære forældre til {ung}\n\nMed")
    );
    ok(dir.path(), &["case", "letter-template", "--default"]);
    assert!(ok(dir.path(), &["case", "letter-template"]).contains("frivilligt at deltage"));
}
