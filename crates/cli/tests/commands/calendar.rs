//! Scenario tests for `feltbog calendar`: the .ics file read back with an
//! iCalendar parser, as Outlook or GNOME Calendar would read it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use icalendar::{Calendar, Component, DatePerhapsTime, EventLike};

const NOTE: &str = "Hemmelig note om 8.b";
const FOLLOW_UP: &str = "Ring til skolelederen";
const AGREEMENT: &str = "Fælles sengetider";

fn events(path: &std::path::Path) -> Vec<(String, String, String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let cal: Calendar = text.parse().unwrap();
    let mut out: Vec<_> = cal
        .events()
        .map(|e| {
            let day = match e.get_start() {
                Some(DatePerhapsTime::Date(d)) => d.to_string(),
                other => panic!("an all-day event, not {other:?}"),
            };
            (
                e.get_uid().unwrap().to_string(),
                day,
                e.get_summary().unwrap().to_string(),
                e.get_location().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_calendar_holds_the_periods_visits_and_cafes_and_no_notes() {
    let dir = profile_with_school();
    let p = dir.path();
    let follow_up = format!("{FOLLOW_UP}@2027-01-20");
    let planned = ok(
        p,
        &[
            "visit",
            "add",
            "--school",
            "Æblehaveskolen",
            "--date",
            "2027-01-12",
            "--purpose",
            "class-talk",
            "--planned",
            "--notes",
            NOTE,
            "--follow-up",
            &follow_up,
        ],
    );
    ok(
        p,
        &[
            "visit",
            "add",
            "--school",
            "Æblehaveskolen",
            "--date",
            "2027-03-01",
            "--purpose",
            "management",
            "--planned",
        ],
    );
    let agreement = format!("{AGREEMENT}@2027-03-01");
    let cafe = ok(
        p,
        &[
            "cafe",
            "add",
            "--date",
            "2027-01-14",
            "--area",
            "Søby by",
            "--theme",
            "social-media",
            "--parents",
            "0",
            "--planned",
            "--notes",
            NOTE,
            "--agreement",
            &agreement,
        ],
    );
    let out = p.join("Feltbog kalender æøå.ics");
    let args = [
        "calendar",
        "--out",
        out.to_str().unwrap(),
        "--from",
        "2027-01-01",
        "--to",
        "2027-01-31",
    ];
    ok(p, &args);
    let first = events(&out);
    assert_eq!(
        first,
        [
            (
                format!("{}@feltbog", planned.trim()),
                "2027-01-12".to_string(),
                "Skolebesøg: Klasseoplæg".to_string(),
                "Æblehaveskolen".to_string()
            ),
            (
                format!("{}@feltbog", cafe.trim()),
                "2027-01-14".to_string(),
                "Forældrecafé: Sociale medier".to_string(),
                "Søby by".to_string()
            ),
        ]
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
    );
    let text = std::fs::read_to_string(&out).unwrap();
    for secret in [NOTE, FOLLOW_UP, AGREEMENT] {
        assert!(!text.contains(secret), "{secret:?} in the calendar");
    }

    // Exported again after another visit was planned: the same UIDs for
    // the same visits (a calendar updates them), one event more.
    ok(
        p,
        &[
            "visit",
            "add",
            "--school",
            "Æblehaveskolen",
            "--date",
            "2027-01-20",
            "--purpose",
            "ssp-group",
            "--planned",
        ],
    );
    ok(p, &args);
    let again = events(&out);
    assert_eq!(again.len(), 3, "{again:?}");
    for e in &first {
        assert!(again.contains(e), "{e:?} kept as it was: {again:?}");
    }

    // Each export is in the access log.
    let log = ok(p, &["case", "log", "--json"]);
    assert_eq!(log.matches("kalender").count(), 2, "{log}");

    // A period backwards names the field, and writes nothing.
    let bad = p.join("bad.ics");
    let (code, err) = fails(
        p,
        PASS,
        &[
            "calendar",
            "--out",
            bad.to_str().unwrap(),
            "--from",
            "2027-02-01",
            "--to",
            "2027-01-01",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--to") && err.contains("before its first"),
        "{err}"
    );
    assert!(!bad.exists());
}
