//! Scenario tests for `feltbog today`: Overblik on the command line, from
//! records written through the other commands. Dates are counted from the
//! machine's today, as the binary counts them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use chrono::{Datelike, Days, Local, NaiveDate};

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn ago(days: u64) -> String {
    (today() - Days::new(days)).to_string()
}

fn ahead(days: u64) -> String {
    (today() + Days::new(days)).to_string()
}

fn visit(p: &std::path::Path, date: &str, planned: bool, extra: &[&str]) -> String {
    let mut args = vec![
        "visit",
        "add",
        "--school",
        "Æblehaveskolen",
        "--date",
        date,
        "--purpose",
        "class-talk",
    ];
    if planned {
        args.push("--planned");
    }
    args.extend(extra);
    ok(p, &args).trim().to_owned()
}

fn case(p: &std::path::Path, notified_days_ago: u64) -> String {
    let year = (today().year() - 14).to_string();
    let (offence, notified) = (ago(notified_days_ago + 2), ago(notified_days_ago));
    ok_in(
        p,
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
        r#"{"initials": "T.D."}"#,
    )
    .trim()
    .to_owned()
}

#[test]
fn today_lists_what_is_due_by_urgency_as_text_and_json() {
    let dir = profile_with_school();
    let p = dir.path();
    let empty = ok(p, &["today"]);
    assert_eq!(empty.matches("  nothing").count(), 3, "{empty}");

    let late_visit = visit(p, &ago(2), true, &[]);
    visit(p, &ahead(8), true, &[]); // beyond the week ahead
    let follow_up = format!("Ring til klasselæreren@{}", ago(1));
    let later = format!("Send materialet@{}", ahead(3));
    let far = format!("Evaluer forløbet@{}", ahead(30));
    let done_visit = visit(
        p,
        &ago(5),
        false,
        &[
            "--follow-up",
            &follow_up,
            "--follow-up",
            &later,
            "--follow-up",
            &far,
        ],
    );
    let agreement = format!("Fælles sengetider@{}", ago(0));
    let cafe = ok(
        p,
        &[
            "cafe",
            "add",
            "--date",
            &ago(40),
            "--school",
            "Æblehaveskolen",
            "--theme",
            "alcohol-drugs",
            "--parents",
            "12",
            "--agreement",
            &agreement,
        ],
    );
    let overdue_case = case(p, 20);
    let waiting_case = case(p, 6);
    ok(
        p,
        &[
            "case",
            "invite",
            &waiting_case,
            "--date",
            &ago(4),
            "--method",
            "letter",
        ],
    );

    let text = ok(p, &["today"]);
    let section = |from: &str, to: &str| -> String {
        let start = text
            .find(from)
            .unwrap_or_else(|| panic!("{from} in {text}"));
        let rest = &text[start..];
        rest[..rest.find(to).unwrap_or(rest.len())].to_string()
    };
    let overdue = section("OVERDUE", "TODAY");
    assert!(
        overdue.contains(&late_visit) && overdue.contains("not marked done"),
        "{overdue}"
    );
    assert!(overdue.contains("Ring til klasselæreren") && overdue.contains(&done_visit));
    assert!(overdue.contains(&overdue_case) && overdue.contains("offer a conversation"));
    let due_today = section("TODAY", "NEXT 7 DAYS");
    assert!(due_today.contains("Fælles sengetider") && due_today.contains(cafe.trim()));
    let coming = section("NEXT 7 DAYS", "WAITING");
    assert!(coming.contains("Send materialet"), "{coming}");
    assert!(
        !text.contains("Evaluer forløbet"),
        "beyond the week: {text}"
    );
    let waiting = section("WAITING", "\n\n");
    assert!(
        waiting.contains(&waiting_case) && waiting.contains("6 days since"),
        "{waiting}"
    );
    assert!(!text.contains("T.D."), "a case is shown by its number only");

    let json: serde_json::Value = serde_json::from_str(&ok(p, &["today", "--json"])).unwrap();
    assert_eq!(json["day"], today().to_string());
    assert_eq!(json["until"], ahead(7));
    assert_eq!(json["overdue"].as_array().unwrap().len(), 3, "{json}");
    assert_eq!(json["overdue"][0]["kind"], "case");
    assert_eq!(json["overdue"][0]["task"], "offer");
    assert_eq!(json["due_today"][0]["kind"], "agreement");
    assert_eq!(json["waiting"][0]["task"], "conversation");
    assert_eq!(json["coming"].as_array().unwrap().len(), 1);

    // Showing case numbers is logged like opening the cases list.
    let log = ok(p, &["case", "log", "--json"]);
    assert!(log.contains("overblik"), "{log}");
}
