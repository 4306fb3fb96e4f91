//! Scenario tests for ownership on the command line: `--owner` on the add
//! commands, `--mine` on the lists and `today`, `feltbog assign`, with
//! the mistakes a new user makes. (A team's hand-over is tested through a
//! real server in feltbog-server's tests.)

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;

#[test]
fn mine_owner_and_assign_as_a_new_user_meets_them() {
    let dir = profile_with_school();
    let p = dir.path();
    let add = [
        "visit",
        "add",
        "--school",
        "Æblehaveskolen",
        "--date",
        "2026-11-02",
        "--purpose",
        "class-talk",
        "--follow-up",
        "Ring til skolen@2026-11-04",
    ];
    // No member of that name: refused, naming the flag, nothing written.
    let mut with_owner = add.to_vec();
    with_owner.extend(["--owner", "Bodil"]);
    let (code, err) = fails(p, PASS, &with_owner);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--owner: no member named 'Bodil'"), "{err}");
    assert!(ok(p, &["visit", "list", "--json"]).trim() == "[]");

    let id = ok(p, &add).trim().to_owned();
    // Alone, everything is mine.
    let listed = ok(p, &["visit", "list", "--mine"]);
    assert!(
        listed.contains(&id) && listed.contains("RESPONSIBLE"),
        "{listed}"
    );
    assert!(ok(p, &["follow-ups", "--mine"]).contains("Ring til skolen"));
    let json: serde_json::Value =
        serde_json::from_str(&ok(p, &["today", "--mine", "--json"])).unwrap();
    assert_eq!(json["overdue"][0]["visit"], id.as_str(), "{json}");
    assert_eq!(json["overdue"][0]["kind"], "follow-up", "{json}");
    ok(p, &["cafe", "agreements", "--mine"]);
    ok(p, &["case", "list", "--mine"]);

    // assign: an id that is nothing, and a member who is not one.
    let (code, err) = fails(p, PASS, &["assign", "ikke-et-id", "Bo"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("RECORD-ID"), "{err}");
    let (code, err) = fails(p, PASS, &["assign", &id, "Bo"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("MEMBER: no member named 'Bo'"), "{err}");
}
