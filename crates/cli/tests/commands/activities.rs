//! Scenario tests for `feltbog activity` in the form the issue names:
//! add (prints the id, with follow-ups), list with a period and as JSON,
//! delete; bad input named by its flag, and nothing written.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;

#[test]
fn activities_add_list_delete_and_bad_input_is_named() {
    let dir = profile_with_school();
    let d = dir.path();
    let street = ok(
        d,
        &[
            "activity",
            "add",
            "--date",
            "2026-11-20",
            "--kind",
            "street",
            "--area",
            "Bymidten",
            "--young",
            "40",
            "--adults",
            "3",
            "--ages",
            "13-16",
            "--partners",
            "police,youth-club",
            "--theme",
            "Fredagsaften",
            "--notes",
            "Rolig aften",
            "--follow-up",
            "Ring til klubben@2026-11-27",
        ],
    );
    let street = street.trim().to_owned();
    ok(
        d,
        &[
            "activity",
            "add",
            "--date",
            "2026-10-05",
            "--kind",
            "class-talk",
            "--school",
            "æblehaveskolen",
            "--young",
            "48",
            "--grades",
            "8,9",
        ],
    );
    let listed = ok(d, &["activity", "list"]);
    assert!(listed.contains("Bymidten"), "{listed}");
    assert!(listed.contains("Æblehaveskolen"), "{listed}");
    let november = ok(d, &["activity", "list", "--from", "2026-11-01", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&november).unwrap();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), 1, "{november}");
    assert_eq!(list[0]["kind"], "street");
    assert_eq!(list[0]["young"], 40);
    assert_eq!(list[0]["ages"], serde_json::json!([13, 16]));
    assert_eq!(
        list[0]["partners"],
        serde_json::json!(["police", "youth-club"])
    );
    assert_eq!(list[0]["follow_ups"][0]["text"], "Ring til klubben");
    assert_eq!(list[0]["follow_ups"][0]["due"], "2026-11-27");

    for (args, flag) in [
        (vec!["--kind", "walk", "--area", "X"], "--kind"),
        (
            vec!["--kind", "street", "--area", "X", "--ages", "16-13"],
            "ages",
        ),
        (
            vec!["--kind", "street", "--area", "X", "--ages", "teens"],
            "--ages",
        ),
        (
            vec!["--kind", "street", "--school", "Nordby Skole"],
            "Nordby",
        ),
        (
            vec!["--kind", "street", "--area", "X", "--young", "many"],
            "--young",
        ),
        (
            vec!["--kind", "street", "--area", "X", "--grades", "12"],
            "grades",
        ),
        (vec!["--kind", "street", "--area", " "], "area"),
        (
            vec!["--kind", "street", "--area", "X", "--follow-up", "Ring"],
            "--follow-up 1",
        ),
        (
            vec![
                "--kind",
                "street",
                "--area",
                "X",
                "--follow-up",
                "Ring@2026-11-01",
            ],
            "--follow-up 1",
        ),
    ] {
        let mut all = vec!["activity", "add", "--date", "2026-11-21"];
        all.extend(&args);
        let (code, err) = fails(d, PASS, &all);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(flag), "{args:?}: {err}");
    }
    let (code, err) = fails(d, PASS, &["activity", "delete", "nope"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not an activity id"), "{err}");
    let all: serde_json::Value =
        serde_json::from_str(&ok(d, &["activity", "list", "--json"])).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 2, "nothing half-written");

    ok(d, &["activity", "delete", &street]);
    let left = ok(d, &["activity", "list"]);
    assert!(!left.contains("Bymidten"), "{left}");
}
