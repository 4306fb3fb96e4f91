//! Scenario tests for `feltbog cafe`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;

#[test]
fn cafes_add_list_filter_agreements_delete() {
    let dir = profile_with_school();
    let id = ok(
        dir.path(),
        &[
            "cafe",
            "add",
            "--date",
            "2026-11-12",
            "--school",
            "æblehaveskolen",
            "--theme",
            "alcohol-drugs",
            "--parents",
            "23",
            "--invited",
            "48",
            "--grades",
            "8,7",
            "--partners",
            "police,health-nurse",
            "--raised",
            "Fester uden voksne",
            "--agreement",
            "Fælles alkoholaftale@2027-08-15",
        ],
    );
    let id = id.trim().to_owned();
    ok(
        dir.path(),
        &[
            "cafe",
            "add",
            "--date",
            "2026-10-01",
            "--area",
            "Søby by",
            "--theme",
            "social-media",
            "--parents",
            "9",
            "--kind",
            "parent-meeting",
        ],
    );

    let all: serde_json::Value =
        serde_json::from_str(&ok(dir.path(), &["cafe", "list", "--json"])).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(all[0]["id"], id.as_str());
    assert_eq!(all[0]["grades"], serde_json::json!([7, 8]));
    assert_eq!(
        all[0]["partners"],
        serde_json::json!(["police", "health-nurse"])
    );
    assert_eq!(all[0]["agreements"][0]["revisit"], "2027-08-15");
    assert_eq!(all[1]["place"], "Søby by");

    let by_school = ok(dir.path(), &["cafe", "list", "--school", "Æblehaveskolen"]);
    assert_eq!(by_school.lines().count(), 2, "{by_school}");
    assert!(by_school.contains("alcohol-drugs") && by_school.contains("48"));
    let period = ok(
        dir.path(),
        &[
            "cafe",
            "list",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--json",
        ],
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&period)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(ok(dir.path(), &["cafe", "agreements"]).contains("Fælles alkoholaftale"));

    ok(dir.path(), &["cafe", "delete", &id]);
    assert!(!ok(dir.path(), &["cafe", "list", "--json"]).contains("Fælles"));
    assert!(ok(dir.path(), &["cafe", "agreements"]).trim().is_empty());
}

#[test]
fn bad_cafe_input_names_the_flag_and_writes_nothing() {
    let dir = profile_with_school();
    let base = [
        "cafe",
        "add",
        "--date",
        "2026-11-12",
        "--school",
        "Æblehaveskolen",
        "--theme",
        "parties",
    ];
    let cases: &[(&[&str], &str)] = &[
        (&["--parents", "50", "--invited", "48"], "--parents"),
        (&["--parents", "tre"], "--parents"),
        (&["--parents", "3", "--grades", "12"], "--grades"),
        (
            &["--parents", "3", "--agreement", "uden dato"],
            "--agreement 1",
        ),
        (
            &["--parents", "3", "--agreement", "for tidligt@2026-11-01"],
            "--agreement 1",
        ),
        (&["--parents", "3", "--partners", "other"], "--partner-text"),
        (&["--parents", "3", "--kind", "party"], "--kind"),
    ];
    for (extra, flag) in cases {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        let (code, err) = fails(dir.path(), PASS, &args);
        assert_eq!(code, 2, "{extra:?}: {err}");
        assert!(err.contains(flag), "{extra:?} should name {flag}: {err}");
    }
    let (code, err) = fails(
        dir.path(),
        PASS,
        &[
            "cafe",
            "add",
            "--date",
            "2026-11-12",
            "--theme",
            "parties",
            "--parents",
            "3",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("--school"), "{err}");
    let (code, err) = fails(
        dir.path(),
        PASS,
        &[
            "cafe",
            "add",
            "--date",
            "2099-01-01",
            "--area",
            "Søby",
            "--theme",
            "parties",
            "--parents",
            "3",
        ],
    );
    assert_eq!((code, err.contains("--date")), (2, true), "{err}");
    assert_eq!(ok(dir.path(), &["cafe", "list", "--json"]).trim(), "[]");
}
