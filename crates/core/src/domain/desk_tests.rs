use super::*;
use feltbog_api::activities::{ActivityFollowUpView, ActivityKind};
use feltbog_api::cafes::AgreementView;
use feltbog_api::survey::{ClassStatus, Questionnaire};
use feltbog_api::visits::FollowUpView;
use feltbog_api::{
    ActivityFollowUpId, ActivityId, AgreementId, CafeId, ClassId, FollowUpId, RoundId, SchoolId,
};
use uuid::Uuid;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Thursday of ISO week 49, 2026.
fn today() -> NaiveDate {
    d(2026, 12, 3)
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn visit(n: u128, date: NaiveDate, school: &str) -> PlannedVisit {
    PlannedVisit {
        id: VisitId(id(n)),
        date,
        school_name: school.into(),
        purpose: VisitPurpose::ClassTalk,
        purpose_other: String::new(),
        owner: "Anne".into(),
    }
}

fn follow_up(n: u128, due: NaiveDate, text: &str) -> DueFollowUp {
    DueFollowUp {
        follow_up: FollowUpView {
            id: FollowUpId(id(n)),
            text: text.into(),
            due,
            done: false,
            owner: "Bo".into(),
        },
        visit: VisitId(id(n + 1000)),
        visit_date: d(2026, 11, 1),
        school_name: "Nordskolen".into(),
    }
}

fn agreement(n: u128, revisit: NaiveDate, text: &str) -> DueAgreement {
    DueAgreement {
        agreement: AgreementView {
            id: AgreementId(id(n)),
            text: text.into(),
            revisit,
            done: false,
            owner: "Anne".into(),
        },
        cafe: CafeId(id(n + 1000)),
        cafe_date: d(2026, 9, 1),
        place: "Vestbyen".into(),
    }
}

fn activity_follow_up(n: u128, due: NaiveDate, text: &str) -> DueActivityFollowUp {
    DueActivityFollowUp {
        follow_up: ActivityFollowUpView {
            id: ActivityFollowUpId(id(n)),
            text: text.into(),
            due,
            done: false,
            owner: "Bo".into(),
        },
        activity: ActivityId(id(n + 1000)),
        kind: ActivityKind::Network,
        place: "Bymidten".into(),
    }
}

fn case(n: u128, number: &str, step: Step, step_date: NaiveDate) -> OpenCase {
    OpenCase {
        id: CaseId(id(n)),
        number: number.into(),
        step,
        step_date,
        notified: d(2026, 11, 20),
        held_on: matches!(step, Step::Held | Step::FollowUpPlanned).then_some(step_date),
        owner: "Bo".into(),
    }
}

fn items(lines: &[DeskLine]) -> Vec<(NaiveDate, &DeskItem)> {
    lines.iter().map(|l| (l.date, &l.item)).collect()
}

fn kinds(lines: &[DeskLine]) -> Vec<&'static str> {
    lines
        .iter()
        .map(|l| match l.item {
            DeskItem::Visit { .. } => "visit",
            DeskItem::FollowUp { .. } => "follow-up",
            DeskItem::Agreement { .. } => "agreement",
            DeskItem::ActivityFollowUp { .. } => "activity-follow-up",
            DeskItem::Case { .. } => "case",
        })
        .collect()
}

#[test]
fn each_kind_lands_in_its_group_by_its_day() {
    let f = DeskFacts {
        visits: vec![
            visit(1, d(2026, 12, 1), "Østskolen"), // planned, passed: overdue
            visit(2, today(), "Nordskolen"),
            visit(3, d(2026, 12, 8), "Sydskolen"),
        ],
        follow_ups: vec![
            follow_up(10, d(2026, 11, 30), "Ring til skolelederen"),
            follow_up(11, today(), "Send materiale"),
        ],
        agreements: vec![agreement(20, d(2026, 12, 10), "Aftale om sengetider")],
        activity_follow_ups: vec![
            activity_follow_up(40, d(2026, 12, 2), "Ring til klubben"),
            activity_follow_up(41, d(2026, 12, 9), "Nyt netværksmøde"),
        ],
        ..DeskFacts::default()
    };
    let desk = compute(&f, today(), &CaseSettings::default());
    assert_eq!(desk.until, d(2026, 12, 10));
    assert_eq!(
        kinds(&desk.overdue),
        ["follow-up", "visit", "activity-follow-up"]
    );
    assert_eq!(desk.overdue[0].date, d(2026, 11, 30));
    assert_eq!(kinds(&desk.due_today), ["visit", "follow-up"]);
    assert_eq!(
        kinds(&desk.coming),
        ["visit", "activity-follow-up", "agreement"]
    );
    assert!(desk.waiting.is_empty());
    assert_eq!(desk.due_now(), 5);
}

#[test]
fn the_week_ahead_ends_seven_days_after_today() {
    let f = DeskFacts {
        visits: vec![
            visit(1, d(2026, 12, 10), "Med"),
            visit(2, d(2026, 12, 11), "Uden"),
        ],
        follow_ups: vec![follow_up(10, d(2026, 12, 11), "For sent til ugen")],
        agreements: vec![agreement(20, d(2026, 12, 11), "Også for sent")],
        ..DeskFacts::default()
    };
    let desk = compute(&f, today(), &CaseSettings::default());
    assert_eq!(items(&desk.coming).len(), 1);
    assert_eq!(desk.coming[0].date, d(2026, 12, 10));
}

#[test]
fn within_a_day_visits_come_first_and_the_oldest_day_leads() {
    let f = DeskFacts {
        visits: vec![visit(1, d(2026, 12, 2), "Ås")],
        follow_ups: vec![
            follow_up(10, d(2026, 12, 2), "B"),
            follow_up(11, d(2026, 11, 2), "A"),
        ],
        agreements: vec![agreement(20, d(2026, 12, 2), "C")],
        ..DeskFacts::default()
    };
    let desk = compute(&f, today(), &CaseSettings::default());
    assert_eq!(
        kinds(&desk.overdue),
        ["follow-up", "visit", "follow-up", "agreement"]
    );
    assert_eq!(desk.overdue[0].date, d(2026, 11, 2));
}

#[test]
fn cases_show_their_task_by_the_municipality_rules() {
    let rules = CaseSettings {
        offer_within_days: 7,
        follow_up_within_weeks: 6,
        ..CaseSettings::default()
    };
    let f = DeskFacts {
        cases: vec![
            // Notified 20 Nov: offer due 27 Nov, overdue.
            case(1, "2026-0001", Step::Notified, d(2026, 11, 20)),
            // Offered: waits, by the day offered.
            case(2, "2026-0002", Step::Invited, d(2026, 11, 25)),
            case(3, "2026-0003", Step::Accepted, d(2026, 11, 21)),
            // Held 22 Oct: follow-up due 3 Dec, today.
            case(4, "2026-0004", Step::Held, d(2026, 10, 22)),
            // Held 1 Dec: follow-up due 12 Jan, beyond the week.
            case(5, "2026-0005", Step::Held, d(2026, 12, 1)),
            // Declined and closed wait on nothing.
            case(6, "2026-0006", Step::Declined, d(2026, 11, 22)),
            case(7, "2026-0007", Step::Closed, d(2026, 11, 23)),
        ],
        ..DeskFacts::default()
    };
    let desk = compute(&f, today(), &rules);
    let task = |l: &DeskLine| match &l.item {
        DeskItem::Case { number, task, .. } => (number.clone(), *task),
        other => panic!("not a case: {other:?}"),
    };
    assert_eq!(
        desk.overdue.iter().map(task).collect::<Vec<_>>(),
        [("2026-0001".to_string(), CaseTask::Offer)]
    );
    assert_eq!(desk.overdue[0].date, d(2026, 11, 27));
    assert_eq!(
        desk.due_today.iter().map(task).collect::<Vec<_>>(),
        [("2026-0004".to_string(), CaseTask::FollowUp)]
    );
    assert_eq!(
        desk.waiting.iter().map(task).collect::<Vec<_>>(),
        [
            ("2026-0003".to_string(), CaseTask::Conversation),
            ("2026-0002".to_string(), CaseTask::Conversation)
        ]
    );
    assert!(desk.coming.is_empty());
    // A longer offer rule moves the first case out of overdue.
    let lenient = CaseSettings {
        offer_within_days: 14,
        ..rules
    };
    let desk = compute(&f, today(), &lenient);
    assert_eq!(desk.coming.iter().map(task).count(), 1);
    assert_eq!(desk.coming[0].date, d(2026, 12, 4));
}

fn round(window_from: NaiveDate, window_to: NaiveDate) -> RoundView {
    RoundView {
        id: RoundId(id(50)),
        name: "2026/27".into(),
        questionnaire: Questionnaire::Grades7To9,
        window_from,
        window_to,
        target_percent: 85,
        small_threshold: 5,
        classes: 2,
    }
}

fn class(school: u128, name: &str, enrolled: u32, answered: u32) -> ClassView {
    ClassView {
        id: ClassId(Uuid::now_v7()),
        round: RoundId(id(50)),
        school: SchoolId(id(school)),
        school_name: format!("Skole {school}"),
        name: name.into(),
        grade: 7,
        enrolled,
        answered,
        absent: 0,
        status: ClassStatus::InProgress,
        reason: String::new(),
        taken_on: None,
    }
}

#[test]
fn a_round_is_listed_while_its_window_is_open_furthest_behind_first() {
    let classes = vec![class(1, "7.a", 20, 19), class(2, "7.a", 20, 5)];
    let open = round(d(2026, 11, 2), d(2026, 12, 4));
    let f = DeskFacts {
        rounds: vec![(open, classes.clone())],
        ..DeskFacts::default()
    };
    let desk = compute(&f, today(), &CaseSettings::default());
    assert_eq!(desk.rounds.len(), 1);
    let r = &desk.rounds[0];
    assert_eq!(r.days_left, 2);
    assert_eq!(
        r.schools
            .iter()
            .map(|s| s.school_name.as_str())
            .collect::<Vec<_>>(),
        ["Skole 2", "Skole 1"]
    );
    for window in [
        round(d(2026, 12, 4), d(2027, 1, 29)),
        round(d(2026, 9, 1), d(2026, 12, 2)),
    ] {
        let f = DeskFacts {
            rounds: vec![(window, classes.clone())],
            ..DeskFacts::default()
        };
        assert!(compute(&f, today(), &CaseSettings::default())
            .rounds
            .is_empty());
    }
}

#[test]
fn an_empty_profile_has_an_empty_desk() {
    let desk = compute(&DeskFacts::default(), today(), &CaseSettings::default());
    assert!(desk.overdue.is_empty() && desk.due_today.is_empty() && desk.coming.is_empty());
    assert!(desk.waiting.is_empty() && desk.rounds.is_empty());
    assert!(!desk.attention.any());
    assert_eq!(desk.due_now(), 0);
}

#[test]
fn mine_keeps_the_lines_of_the_member_responsible_and_the_rest_of_the_desk() {
    let t = today();
    let f = DeskFacts {
        visits: vec![visit(1, t, "Nordskolen")],
        follow_ups: vec![follow_up(2, t, "Ring")],
        agreements: vec![agreement(3, t - Days::new(2), "Aftale")],
        cases: vec![case(4, "K-AAAA-1111", Step::Invited, t - Days::new(1))],
        ..DeskFacts::default()
    };
    let desk = compute(&f, t, &CaseSettings::default());
    assert_eq!(desk.due_today.len(), 2);
    let bo = desk
        .clone()
        .only(|o| feltbog_api::desk::same_person(o, " bo "));
    assert_eq!(kinds(&bo.due_today), ["follow-up"]);
    assert!(bo.overdue.is_empty(), "Anne's agreement is not Bo's");
    assert_eq!(kinds(&bo.waiting), ["case"]);
    let anne = desk.only(|o| o == "Anne");
    assert_eq!(kinds(&anne.due_today), ["visit"]);
    assert_eq!(kinds(&anne.overdue), ["agreement"]);
    assert!(anne.waiting.is_empty());
}

#[test]
fn the_reminder_counts_what_is_overdue_or_due_today_by_kind() {
    let t = today();
    let f = DeskFacts {
        visits: vec![visit(1, t, "Nordskolen"), visit(2, d(2026, 12, 1), "Øst")],
        follow_ups: vec![
            follow_up(10, d(2026, 11, 30), "Ring"),
            follow_up(11, d(2026, 12, 5), "Ikke endnu"),
        ],
        agreements: vec![agreement(20, t, "Aftale")],
        activity_follow_ups: vec![activity_follow_up(40, t, "Ring til klubben")],
        cases: vec![
            // Offer due 27 Nov under the rule below: overdue.
            case(30, "K-AAAA-1111", Step::Notified, d(2026, 11, 20)),
            // Offered: waits without a day, so not counted.
            case(31, "K-BBBB-2222", Step::Invited, d(2026, 11, 25)),
            // Follow-up due today.
            case(32, "K-CCCC-3333", Step::Held, d(2026, 10, 22)),
        ],
        ..DeskFacts::default()
    };
    let rules = CaseSettings {
        offer_within_days: 7,
        follow_up_within_weeks: 6,
        ..CaseSettings::default()
    };
    let desk = compute(&f, t, &rules);
    let r = desk.reminder().expect("things are due");
    assert_eq!(
        r,
        feltbog_api::desk::Reminder {
            visits: 2,
            follow_ups: 1,
            activity_follow_ups: 1,
            agreements: 1,
            offers: 1,
            case_follow_ups: 1,
            overdue: 3,
        }
    );
    assert_eq!(r.total() as usize, desk.due_now());
    let calm = compute(&DeskFacts::default(), t, &rules);
    assert_eq!(calm.reminder(), None, "nothing due: no reminder");
}
