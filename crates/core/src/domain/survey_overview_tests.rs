use super::*;
use feltbog_api::survey::{rate, ClassStatus, Questionnaire};
use feltbog_api::{ClassId, RoundId};
use proptest::prelude::*;
use uuid::Uuid;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn round(n: u128, name: &str) -> RoundView {
    RoundView {
        id: RoundId(Uuid::from_u128(n)),
        name: name.into(),
        questionnaire: Questionnaire::Grades7To9,
        window_from: d(2026, 11, 2),
        window_to: d(2027, 1, 29),
        target_percent: 85,
        small_threshold: 5,
        classes: 0,
    }
}

fn school(n: u128) -> SchoolId {
    SchoolId(Uuid::from_u128(n))
}

fn class(s: u128, grade: u8, enrolled: u32, answered: u32, status: ClassStatus) -> ClassView {
    ClassView {
        id: ClassId(Uuid::now_v7()),
        round: RoundId(Uuid::nil()),
        school: school(s),
        school_name: format!("Skole {s}"),
        name: format!("{grade}.x"),
        grade,
        enrolled,
        answered,
        absent: 0,
        status,
        reason: String::new(),
        taken_on: None,
    }
}

#[test]
fn schools_come_worst_first_with_bands_against_the_target() {
    let r = round(1, "2026/27");
    let classes = vec![
        class(1, 7, 20, 18, ClassStatus::Done),       // 90 %: met
        class(2, 7, 20, 16, ClassStatus::InProgress), // 80 %: near
        class(3, 7, 20, 10, ClassStatus::InProgress), // 50 %: behind
        class(3, 8, 20, 0, ClassStatus::NotStarted),
    ];
    let o = overview(
        RoundClasses {
            round: &r,
            classes: &classes,
        },
        &[],
        d(2026, 11, 23),
    );
    let names: Vec<_> = o.schools.iter().map(|s| s.school_name.as_str()).collect();
    assert_eq!(names, ["Skole 3", "Skole 2", "Skole 1"]);
    let bands: Vec<_> = o.schools.iter().map(|s| s.band).collect();
    assert_eq!(bands, [Band::Behind, Band::Near, Band::Met]);
    assert_eq!(o.schools[0].counts.classes_open, 2);
    assert_eq!(o.total.enrolled, 80);
    assert_eq!(o.total.answered, 44);
    assert_eq!(o.window, Window::Open { days: 68 });
}

#[test]
fn the_target_is_met_exactly_at_the_edge() {
    let c = |answered| Counts {
        enrolled: 100,
        answered,
        ..Counts::default()
    };
    assert_eq!(band(&c(85), 85), Band::Met);
    assert_eq!(band(&c(84), 85), Band::Near);
    assert_eq!(band(&c(75), 85), Band::Near);
    assert_eq!(band(&c(74), 85), Band::Behind);
    assert_eq!(band(&Counts::default(), 85), Band::NoPupils);
}

#[test]
fn the_window_counts_days_across_new_year() {
    let r = round(1, "x");
    assert_eq!(Window::on(&r, d(2026, 10, 31)), Window::NotOpen { days: 2 });
    assert_eq!(Window::on(&r, d(2026, 11, 2)), Window::Open { days: 89 });
    assert_eq!(Window::on(&r, d(2027, 1, 29)), Window::Open { days: 1 });
    assert_eq!(Window::on(&r, d(2027, 1, 30)), Window::Closed);
}

#[test]
fn a_small_school_is_shown_for_all_grades_together() {
    let r = round(1, "2026/27");
    let classes = vec![
        class(1, 7, 22, 20, ClassStatus::Done),
        class(1, 8, 4, 4, ClassStatus::Done),
        class(1, 9, 21, 10, ClassStatus::InProgress),
        class(2, 7, 22, 20, ClassStatus::Done),
        class(2, 8, 5, 5, ClassStatus::Done),
    ];
    let o = overview(
        RoundClasses {
            round: &r,
            classes: &classes,
        },
        &[],
        d(2026, 11, 23),
    );
    let small = o.schools.iter().find(|s| s.school == school(1)).unwrap();
    assert!(small.small);
    assert_eq!(small.grades.len(), 1);
    assert_eq!(small.grades[0].grade, None);
    assert_eq!(small.grades[0].counts.enrolled, 47);
    let big = o.schools.iter().find(|s| s.school == school(2)).unwrap();
    assert!(!big.small, "5 pupils meets a threshold of 5");
    assert_eq!(
        big.grades.iter().map(|g| g.grade).collect::<Vec<_>>(),
        [Some(7), Some(8)]
    );
}

#[test]
fn earlier_rounds_are_compared_by_school_and_grade() {
    let now = round(3, "2026/27");
    let last = round(2, "2025/26");
    let before = round(1, "2024/25");
    let classes = vec![class(1, 8, 20, 10, ClassStatus::InProgress)];
    let last_classes = vec![
        class(1, 8, 24, 20, ClassStatus::Done),
        class(1, 7, 20, 20, ClassStatus::Done),
    ];
    let before_classes = vec![class(1, 7, 20, 15, ClassStatus::Done)];
    let o = overview(
        RoundClasses {
            round: &now,
            classes: &classes,
        },
        &[
            RoundClasses {
                round: &last,
                classes: &last_classes,
            },
            RoundClasses {
                round: &before,
                classes: &before_classes,
            },
        ],
        d(2026, 11, 23),
    );
    let eighth = &o.schools[0].grades[0];
    assert_eq!(eighth.grade, Some(8));
    assert_eq!(eighth.earlier.len(), 1, "2024/25 had no 8th grade there");
    assert_eq!(eighth.earlier[0].round_name, "2025/26");
    assert_eq!(
        (eighth.earlier[0].answered, eighth.earlier[0].enrolled),
        (20, 24)
    );
}

fn any_class() -> impl Strategy<Value = ClassView> {
    (0u128..6, 7u8..=9, 0u32..40, 0u32..=100, 0usize..4).prop_map(|(s, g, enrolled, pct, st)| {
        let answered = enrolled * pct / 100;
        class(s, g, enrolled, answered, ClassStatus::ALL[st])
    })
}

proptest! {
    #[test]
    fn totals_add_up_and_rates_stay_within_bounds(
        classes in prop::collection::vec(any_class(), 0..60),
        threshold in 1u8..=10,
    ) {
        let r = RoundView { small_threshold: threshold, ..round(1, "x") };
        let o = overview(RoundClasses { round: &r, classes: &classes }, &[], d(2026, 11, 23));
        let all = sum(classes.iter());
        prop_assert_eq!(o.total, all);
        let mut schools = Counts::default();
        for s in &o.schools {
            schools = add(schools, s.counts);
            let grades = s.grades.iter().fold(Counts::default(), |acc, g| add(acc, g.counts));
            prop_assert_eq!(grades, s.counts, "the grade rows add up to the school");
            for g in &s.grades {
                if let Some(p) = g.counts.rate_percent() {
                    prop_assert!((0.0..=100.0).contains(&p));
                }
                // The small-school rule: no grade row shows fewer pupils
                // than the threshold.
                if g.grade.is_some() {
                    prop_assert!(g.counts.enrolled >= u32::from(threshold));
                }
            }
            prop_assert_eq!(s.small, s.grades.len() == 1 && s.grades[0].grade.is_none());
        }
        prop_assert_eq!(schools, o.total);
        if let Some(p) = rate(o.total.answered, o.total.enrolled) {
            prop_assert!((0.0..=100.0).contains(&p));
        }
        for pair in o.schools.windows(2) {
            prop_assert_ne!(worst_first(&pair[0].counts, &pair[1].counts), Ordering::Greater);
        }
    }
}
