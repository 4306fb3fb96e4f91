//! Scenario tests for `feltbog search`: records written through the other
//! commands found by a word, a stem and a case number, as text and JSON,
//! and a search too long refused naming the field.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;

#[test]
fn search_finds_a_visit_by_a_word_of_its_notes_as_text_and_json() {
    let dir = profile_with_school();
    let p = dir.path();
    let id = ok(
        p,
        &[
            "visit",
            "add",
            "--school",
            "Æblehaveskolen",
            "--date",
            "2026-11-02",
            "--purpose",
            "class-talk",
            "--notes",
            "Eleverne talte om rygningen bag hallen",
        ],
    )
    .trim()
    .to_owned();

    let text = ok(p, &["search", "rygning"]);
    assert!(text.contains(&id), "{text}");
    assert!(text.contains("Æblehaveskolen"), "{text}");
    assert!(text.contains("rygningen"), "the excerpt: {text}");

    let json: serde_json::Value =
        serde_json::from_str(&ok(p, &["search", "Rygningen", "--json"])).unwrap();
    assert_eq!(json["total"], 1);
    assert_eq!(json["hits"][0]["kind"], "visit");
    assert_eq!(json["hits"][0]["visit"], id.as_str());
    assert_eq!(json["hits"][0]["date"], "2026-11-02");

    let none = ok(p, &["search", "brandalarm"]);
    assert!(none.contains("Nothing found"), "{none}");

    let (code, err) = fails(p, PASS, &["search", &"ord ".repeat(60)]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("text"), "{err}");
}
