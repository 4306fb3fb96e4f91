//! Scenario tests for `feltbog survey`, the way a script or a new user
//! would run them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;

const ROUND: &str = "Ungeprofilundersøgelsen 2026/27";

fn with_round() -> tempfile::TempDir {
    let dir = profile_with_school();
    ok(
        dir.path(),
        &[
            "school",
            "add",
            "--name",
            "Bøgely Skole",
            "--kind",
            "friskole",
            "--town",
            "Søby",
        ],
    );
    let id = ok(
        dir.path(),
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
    assert_eq!(id.trim().len(), 36, "prints the id: {id}");
    dir
}

#[test]
fn rounds_classes_and_status() {
    let dir = with_round();
    let d = dir.path();
    let list = ok(d, &["survey", "round", "list"]);
    assert!(
        list.contains(ROUND) && list.contains("grades7-9") && list.contains("85%"),
        "{list}"
    );

    let set = |args: &[&str]| {
        let mut all = vec!["survey", "class", "set", "--round", ROUND];
        all.extend_from_slice(args);
        ok(d, &all)
    };
    set(&[
        "--school",
        "Æblehaveskolen",
        "--class",
        "7.a",
        "--enrolled",
        "24",
    ]);
    set(&[
        "--school",
        "Æblehaveskolen",
        "--class",
        "8.a",
        "--enrolled",
        "20",
        "--answered",
        "19",
    ]);
    set(&[
        "--school",
        "bøgely skole",
        "--class",
        "9.x",
        "--enrolled",
        "21",
        "--answered",
        "7",
    ]);
    // Setting again changes only what is given.
    set(&[
        "--school",
        "Æblehaveskolen",
        "--class",
        "7A",
        "--enrolled",
        "24",
        "--answered",
        "22",
    ]);

    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["survey", "status", "--round", ROUND, "--json"])).unwrap();
    assert_eq!(json["total"]["enrolled"], 65);
    assert_eq!(json["total"]["answered"], 48);
    assert_eq!(json["total"]["classes"], 3);
    let schools = json["schools"].as_array().unwrap();
    assert_eq!(schools[0]["school_name"], "Bøgely Skole", "worst first");
    assert_eq!(schools[1]["grades"].as_array().unwrap().len(), 2);

    let table = ok(
        d,
        &[
            "survey",
            "status",
            "--round",
            ROUND,
            "--school",
            "Æblehaveskolen",
        ],
    );
    assert!(
        table.contains("grade 7") && table.contains("92 %"),
        "{table}"
    );
    assert!(!table.contains("Bøgely"), "{table}");
    assert!(table.contains("MUNICIPALITY"), "{table}");

    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["survey", "round", "list", "--json"])).unwrap();
    assert_eq!(json[0]["classes"], 3);
}

#[test]
fn bad_input_names_the_flag_and_writes_nothing() {
    let dir = with_round();
    let d = dir.path();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "survey",
                "round",
                "add",
                "--name",
                "x",
                "--questionnaire",
                "grades7-9",
                "--from",
                "2026-11-02",
                "--to",
                "2026-11-01",
                "--target",
                "85",
            ],
            "--to:",
        ),
        (
            &[
                "survey",
                "round",
                "add",
                "--name",
                "x",
                "--questionnaire",
                "grades7-9",
                "--from",
                "2026-11-02",
                "--to",
                "2026-12-01",
                "--target",
                "0",
            ],
            "--target:",
        ),
        (
            &[
                "survey",
                "round",
                "add",
                "--name",
                "x",
                "--questionnaire",
                "grades7-9",
                "--from",
                "2. november",
                "--to",
                "2026-12-01",
                "--target",
                "80",
            ],
            "--from:",
        ),
        (
            &[
                "survey",
                "class",
                "set",
                "--round",
                ROUND,
                "--school",
                "Æblehaveskolen",
                "--class",
                "7.a",
                "--enrolled",
                "20",
                "--answered",
                "21",
            ],
            "--answered:",
        ),
        (
            &[
                "survey",
                "class",
                "set",
                "--round",
                ROUND,
                "--school",
                "Æblehaveskolen",
                "--class",
                "Stjerneholdet",
                "--enrolled",
                "20",
            ],
            "--grade:",
        ),
        (
            &[
                "survey",
                "class",
                "set",
                "--round",
                ROUND,
                "--school",
                "Æblehaveskolen",
                "--class",
                "6.a",
                "--enrolled",
                "20",
            ],
            "--grade:",
        ),
        (
            &[
                "survey",
                "class",
                "set",
                "--round",
                "2030",
                "--school",
                "Æblehaveskolen",
                "--class",
                "7.a",
                "--enrolled",
                "20",
            ],
            "--round:",
        ),
        (
            &["survey", "status", "--round", ROUND, "--school", "Ukendt"],
            "--school:",
        ),
    ];
    for (args, flag) in cases {
        let (code, err) = fails(d, PASS, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(flag), "{args:?}: {err}");
    }
    let list = ok(d, &["survey", "round", "list", "--json"]);
    let rounds: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(rounds.as_array().unwrap().len(), 1);
    assert_eq!(rounds[0]["classes"], 0);

    let (code, err) = fails(d, "forkert kodeord her", &["survey", "round", "list"]);
    assert_eq!(code, 3, "{err}");
}

#[test]
fn import_checks_every_line_first() {
    let dir = with_round();
    let d = dir.path();
    let file = d.join("klasser.csv");
    let bad = "\u{feff}skole;klasse;klassetrin;elever;besvaret;fraværende\r\n\
               Æblehaveskolen;7.a;7;24;20;2\r\n\
               Æblehaveskolen;7.b;7;24;30;0\r\n\
               Ukendt Skole;8.a;8;20;0;0\r\n\
               Bøgely Skole;9.x;9;tyve;0;0\r\n";
    std::fs::write(&file, bad).unwrap();
    let path = file.to_str().unwrap();
    let (code, err) = fails(d, PASS, &["survey", "import", "--round", ROUND, path]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("nothing was imported: 3 bad lines"), "{err}");
    assert!(err.contains("line 3: answered"), "{err}");
    assert!(
        err.contains("line 4: no school named 'Ukendt Skole'"),
        "{err}"
    );
    assert!(err.contains("line 5: enrolled 'tyve'"), "{err}");
    let status = ok(d, &["survey", "status", "--round", ROUND, "--json"]);
    assert!(status.contains("\"classes\": 0"), "{status}");

    let good =
        "Æblehaveskolen;7.a;7;24;20;2\nÆblehaveskolen;8.a;8;22;0;0\nBøgely Skole;9.x;9;18;18;0\n";
    std::fs::write(&file, good).unwrap();
    let out = feltbog(d, Some(PASS), &["survey", "import", "--round", ROUND, path]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 classes added, 0 updated"));
    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["survey", "status", "--round", ROUND, "--json"])).unwrap();
    assert_eq!(json["total"]["answered"], 38);

    let (code, err) = fails(
        d,
        PASS,
        &["survey", "import", "--round", ROUND, "findes-ikke.csv"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("FILE: cannot read"), "{err}");
}

#[test]
fn copy_moves_last_years_classes_up_and_delete_removes_a_round() {
    let dir = with_round();
    let d = dir.path();
    let last = "Ungeprofilundersøgelsen 2025/26";
    ok(
        d,
        &[
            "survey",
            "round",
            "add",
            "--name",
            last,
            "--questionnaire",
            "grades7-9",
            "--from",
            "2025-11-03",
            "--to",
            "2026-01-30",
            "--target",
            "85",
        ],
    );
    for (class, grade) in [("7.a", "7"), ("8.a", "8"), ("9.a", "9")] {
        ok(
            d,
            &[
                "survey",
                "class",
                "set",
                "--round",
                last,
                "--school",
                "Æblehaveskolen",
                "--class",
                class,
                "--grade",
                grade,
                "--enrolled",
                "20",
                "--answered",
                "18",
            ],
        );
    }
    let out = feltbog(
        d,
        Some(PASS),
        &["survey", "class", "copy", "--from", last, "--to", ROUND],
    );
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 classes copied"));
    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["survey", "status", "--round", ROUND, "--json"])).unwrap();
    let grades: Vec<_> = json["schools"][0]["grades"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["grade"].as_u64().unwrap())
        .collect();
    assert_eq!(grades, [8, 9]);
    assert_eq!(json["total"]["answered"], 0);

    let out = feltbog(d, Some(PASS), &["survey", "round", "delete", last]);
    assert!(out.status.success());
    let list = ok(d, &["survey", "round", "list"]);
    assert!(!list.contains("2025/26"), "{list}");
}
