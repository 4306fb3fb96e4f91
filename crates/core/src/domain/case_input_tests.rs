use super::*;
use feltbog_api::cases::InviteMethod;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn case() -> NewCase {
    NewCase {
        journal: "1200-00001-00012-26".into(),
        initials: "M.K.".into(),
        birth_year: 2011,
        school: None,
        cpr: String::new(),
        law: Law::PenalCode,
        law_other: "stray".into(),
        offence: Offence::Theft,
        offence_other: String::new(),
        offence_date: d(2026, 11, 1),
        notified: d(2026, 11, 10),
        link_to: None,
    }
}

fn field<T: std::fmt::Debug>(r: Result<T>) -> String {
    match r {
        Err(Error::Invalid { field, .. }) => field,
        other => panic!("expected a refused field, got {other:?}"),
    }
}

#[test]
fn a_good_notification_is_kept_and_stray_other_text_dropped() {
    let v = validate_case(&case(), d(2026, 11, 23), false).unwrap();
    assert_eq!(v.initials, "M.K.");
    assert_eq!(v.law_other, "");
}

#[test]
fn each_bad_notification_names_its_field() {
    let today = d(2026, 11, 23);
    let cases: Vec<(NewCase, &str)> = vec![
        (
            NewCase {
                initials: " ".into(),
                ..case()
            },
            "initials",
        ),
        (
            NewCase {
                initials: "MK2".into(),
                ..case()
            },
            "initials",
        ),
        (
            NewCase {
                birth_year: 1990,
                ..case()
            },
            "birth_year",
        ),
        (
            NewCase {
                birth_year: 2024,
                ..case()
            },
            "birth_year",
        ),
        (
            NewCase {
                law: Law::Other,
                law_other: String::new(),
                ..case()
            },
            "law_other",
        ),
        (
            NewCase {
                offence: Offence::Other,
                ..case()
            },
            "offence_other",
        ),
        (
            NewCase {
                offence_date: d(2026, 11, 24),
                ..case()
            },
            "offence_date",
        ),
        (
            NewCase {
                notified: d(2026, 10, 30),
                ..case()
            },
            "notified",
        ),
        (
            NewCase {
                notified: d(2026, 11, 30),
                ..case()
            },
            "notified",
        ),
        (
            NewCase {
                cpr: "0101111234".into(),
                ..case()
            },
            "cpr",
        ),
        (
            NewCase {
                journal: "x".repeat(41),
                ..case()
            },
            "journal",
        ),
    ];
    for (c, want) in cases {
        assert_eq!(field(validate_case(&c, today, false)), want, "{c:?}");
    }
}

#[test]
fn a_cpr_number_only_where_allowed_and_only_a_real_one() {
    let today = d(2026, 11, 23);
    let with = |cpr: &str| NewCase {
        cpr: cpr.into(),
        ..case()
    };
    let v = validate_case(&with("010111 1234"), today, true).unwrap();
    assert_eq!(v.cpr, "010111-1234");
    for bad in ["0101111", "3102111234", "0101121234", "01011x1234"] {
        assert_eq!(
            field(validate_case(&with(bad), today, true)),
            "cpr",
            "{bad}"
        );
    }
    assert_eq!(
        field(validate_case(&with("0101111234"), today, false)),
        "cpr"
    );
}

#[test]
fn step_details_keep_what_belongs_to_the_step() {
    let typed = StepInput {
        method: Some(InviteMethod::Letter),
        place: "Rådhuset".into(),
        participants: vec![Role::Parent, Role::YoungPerson, Role::Parent],
        situation: "s".into(),
        reason: "r".into(),
        ..Default::default()
    };
    let invited = validate_step_details(Step::Invited, &typed).unwrap();
    assert_eq!(invited.method, Some(InviteMethod::Letter));
    assert_eq!(invited.place, "");
    let held = validate_step_details(Step::Held, &typed).unwrap();
    assert_eq!(held.participants, vec![Role::Parent, Role::YoungPerson]);
    assert_eq!(held.method, None);
    assert_eq!(held.reason, "");
    let no_young = StepInput {
        participants: vec![Role::Parent],
        ..Default::default()
    };
    assert_eq!(
        field(validate_step_details(Step::Held, &no_young)),
        "participants"
    );
    assert_eq!(
        field(validate_step_details(Step::Closed, &StepInput::default())),
        "reason"
    );
}

#[test]
fn decisions_and_postponements_are_checked() {
    let today = d(2026, 11, 23);
    let n = d(2026, 11, 10);
    assert!(check_decision(
        RepeatDecision::NewConversation,
        "x",
        d(2026, 11, 12),
        n,
        today
    )
    .unwrap()
    .is_empty());
    assert_eq!(
        field(check_decision(
            RepeatDecision::Other,
            " ",
            d(2026, 11, 12),
            n,
            today
        )),
        "other"
    );
    assert_eq!(
        field(check_decision(
            RepeatDecision::YouthCrimeBoard,
            "",
            d(2026, 11, 9),
            n,
            today
        )),
        "decision_date"
    );
    assert_eq!(
        field(check_decision(
            RepeatDecision::YouthCrimeBoard,
            "",
            d(2026, 11, 24),
            n,
            today
        )),
        "decision_date"
    );
    let current = d(2026, 12, 1);
    assert!(check_postpone(d(2027, 3, 1), current, "Sagen er anket", today).is_ok());
    assert_eq!(
        field(check_postpone(d(2026, 12, 1), current, "x", today)),
        "until"
    );
    assert_eq!(
        field(check_postpone(d(2028, 3, 1), current, "x", today)),
        "until"
    );
    assert_eq!(
        field(check_postpone(d(2027, 3, 1), current, "  ", today)),
        "reason"
    );
}

#[test]
fn case_numbers_are_pseudonymous_and_typed_back_in_any_form() {
    assert_eq!(case_number(0), "K-0000-0000");
    assert_eq!(case_number(u64::MAX), "K-ZZZZ-ZZZZ");
    let n = case_number(0x12_3456_789A);
    assert_eq!(normalize_case_number(&n.to_lowercase()), n);
    assert_eq!(normalize_case_number(&n.replace('-', "")), n);
    assert_eq!(normalize_case_number(&n[2..].replace('-', "")), n);
    assert_eq!(normalize_case_number("k-0000-0000"), "K-0000-0000");
}
