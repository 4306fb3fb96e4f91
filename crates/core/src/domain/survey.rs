//! Rules for survey rounds and the classes taking part. Only counts per
//! class are ever accepted: nothing about a single pupil.

use super::text::{clean, CLASS_MAX, NAME_MAX, SHORT_TEXT_MAX};
use super::visits::check_date;
use super::Valid;
use crate::{Error, Result};
use chrono::NaiveDate;
use feltbog_api::survey::{
    grade_from_name, ClassByName, ClassStatus, ClassView, NewClass, NewRound, Questionnaire,
    SMALL_THRESHOLD_MAX,
};
use feltbog_api::Problem;

/// More pupils than this in one class is a typing mistake.
pub const ENROLLED_MAX: u32 = 500;

/// Checks and tidies a round as typed.
pub fn validate_round(r: &NewRound) -> Result<Valid<NewRound>> {
    let name = clean("name", &r.name, true, NAME_MAX)?;
    check_date("window_from", r.window_from)?;
    check_date("window_to", r.window_to)?;
    if r.window_to < r.window_from {
        return Err(Error::invalid(
            "window_to",
            Problem::BeforeStart,
            "the window must end on or after the day it starts",
        ));
    }
    if !(1..=100).contains(&r.target_percent) {
        return Err(Error::invalid(
            "target_percent",
            Problem::OutOfRange { min: 1, max: 100 },
            "must be a whole percentage from 1 to 100",
        ));
    }
    if !(1..=SMALL_THRESHOLD_MAX).contains(&r.small_threshold) {
        return Err(Error::invalid(
            "small_threshold",
            Problem::OutOfRange {
                min: 1,
                max: SMALL_THRESHOLD_MAX.into(),
            },
            format!("must be a whole number from 1 to {SMALL_THRESHOLD_MAX}"),
        ));
    }
    Ok(Valid(NewRound { name, ..r.clone() }))
}

/// Checks and tidies one class's counts for a round using `questionnaire`.
/// `today` decides what "the future" is. Whether the round and school exist,
/// and whether the name is free, is checked against the store by the caller.
pub fn validate_class(
    c: &NewClass,
    questionnaire: Questionnaire,
    today: NaiveDate,
) -> Result<Valid<NewClass>> {
    let name = clean("name", &c.name, true, CLASS_MAX)?;
    check_grade(c.grade, questionnaire)?;
    check_counts(c.enrolled, c.answered, c.absent)?;
    let reason = match c.status {
        ClassStatus::CannotTakePart => clean("reason", &c.reason, true, SHORT_TEXT_MAX)?,
        _ => String::new(),
    };
    if let Some(d) = c.taken_on {
        check_date("taken_on", d)?;
        if d > today {
            return Err(Error::invalid(
                "taken_on",
                Problem::InFuture,
                "the day the class took the survey cannot be in the future",
            ));
        }
    }
    Ok(Valid(NewClass {
        name,
        reason,
        ..c.clone()
    }))
}

/// The class `given` by name, merged with the stored class of that name
/// (`existing`), before validation: what is left out keeps the stored
/// value, or takes the default for a new class.
pub fn merge_by_name(given: &ClassByName, existing: Option<&ClassView>) -> Result<NewClass> {
    let grade = match (given.grade, existing) {
        (Some(g), _) => g,
        (None, Some(c)) => c.grade,
        (None, None) => grade_from_name(&given.name).ok_or_else(|| {
            Error::invalid(
                "grade",
                Problem::Required,
                format!(
                    "'{}' does not start with a grade; give the grade",
                    given.name
                ),
            )
        })?,
    };
    let answered = given.answered.or(existing.map(|c| c.answered)).unwrap_or(0);
    let status = given.status.unwrap_or_else(|| {
        existing
            .map_or(ClassStatus::NotStarted, |c| c.status)
            .after_answers(answered)
    });
    Ok(NewClass {
        round: given.round,
        school: given.school,
        name: given.name.clone(),
        grade,
        enrolled: given.enrolled,
        answered,
        absent: given.absent.or(existing.map(|c| c.absent)).unwrap_or(0),
        status,
        reason: given
            .reason
            .clone()
            .or(existing.map(|c| c.reason.clone()))
            .unwrap_or_default(),
        taken_on: given.taken_on.or(existing.and_then(|c| c.taken_on)),
    })
}

/// The grade must belong to the questionnaire.
pub fn check_grade(grade: u8, questionnaire: Questionnaire) -> Result<()> {
    let allowed = questionnaire.grades();
    if allowed.contains(&grade) {
        return Ok(());
    }
    let list: Vec<String> = allowed.iter().map(u8::to_string).collect();
    Err(Error::invalid(
        "grade",
        Problem::NotAllowed,
        format!(
            "{grade} is not a grade in this questionnaire ({}); use one of {}",
            questionnaire.as_str(),
            list.join(", ")
        ),
    ))
}

/// Whole numbers, answered <= enrolled, absent <= enrolled - answered.
pub fn check_counts(enrolled: u32, answered: u32, absent: u32) -> Result<()> {
    if enrolled > ENROLLED_MAX {
        return Err(Error::invalid(
            "enrolled",
            Problem::OutOfRange {
                min: 0,
                max: ENROLLED_MAX.into(),
            },
            format!("must be a whole number from 0 to {ENROLLED_MAX}"),
        ));
    }
    if answered > enrolled {
        return Err(Error::invalid(
            "answered",
            Problem::OutOfRange {
                min: 0,
                max: enrolled.into(),
            },
            format!("cannot be more than the {enrolled} pupils enrolled"),
        ));
    }
    let left = enrolled - answered;
    if absent > left {
        return Err(Error::invalid(
            "absent",
            Problem::OutOfRange {
                min: 0,
                max: left.into(),
            },
            format!("cannot be more than the {left} enrolled pupils who have not answered"),
        ));
    }
    Ok(())
}

/// The class name one school year on: the first number in the name moves
/// from `from` to `to` ("7.a" -> "8.a", "7A" -> "8A"). A name without that
/// number is kept as it is.
pub fn shift_class_name(name: &str, from: u8, to: u8) -> String {
    let from = from.to_string();
    let start = name.find(|c: char| c.is_ascii_digit());
    match start {
        Some(i) => {
            let digits: String = name[i..].chars().take_while(char::is_ascii_digit).collect();
            if digits == from {
                format!("{}{to}{}", &name[..i], &name[i + digits.len()..])
            } else {
                name.to_owned()
            }
        }
        None => name.to_owned(),
    }
}

/// The grade a class moves up to for next year's round, or `None` when it
/// leaves the questionnaire (9th grade; 10th grade and the last year of a
/// youth education).
pub fn next_grade(grade: u8, questionnaire: Questionnaire) -> Option<u8> {
    match questionnaire {
        Questionnaire::Grades7To9 => (7..9).contains(&grade).then_some(grade + 1),
        Questionnaire::YouthEducation => (1..3).contains(&grade).then_some(grade + 1),
    }
}

/// The key a class name is unique by within a school in a round.
pub fn class_key(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use feltbog_api::{ClassId, RoundId, SchoolId};
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn round() -> NewRound {
        NewRound {
            name: " Ungeprofilundersøgelsen 2026/27 ".into(),
            questionnaire: Questionnaire::Grades7To9,
            window_from: d(2026, 11, 2),
            window_to: d(2027, 1, 29),
            target_percent: 85,
            small_threshold: 5,
        }
    }

    fn class() -> NewClass {
        NewClass {
            round: RoundId(uuid::Uuid::nil()),
            school: SchoolId(uuid::Uuid::nil()),
            name: "7.a".into(),
            grade: 7,
            enrolled: 24,
            answered: 20,
            absent: 3,
            status: ClassStatus::InProgress,
            reason: "ignored".into(),
            taken_on: Some(d(2026, 11, 20)),
        }
    }

    fn field_of(e: Error) -> String {
        match e {
            Error::Invalid { field, .. } => field,
            other => panic!("not a validation error: {other}"),
        }
    }

    #[test]
    fn a_round_is_tidied_and_its_dates_kept_in_order() {
        assert_eq!(
            validate_round(&round()).unwrap().name,
            "Ungeprofilundersøgelsen 2026/27"
        );
        let cases: Vec<(NewRound, &str)> = vec![
            (
                NewRound {
                    name: " ".into(),
                    ..round()
                },
                "name",
            ),
            (
                NewRound {
                    window_to: d(2026, 11, 1),
                    ..round()
                },
                "window_to",
            ),
            (
                NewRound {
                    window_from: d(1999, 1, 1),
                    ..round()
                },
                "window_from",
            ),
            (
                NewRound {
                    target_percent: 0,
                    ..round()
                },
                "target_percent",
            ),
            (
                NewRound {
                    target_percent: 101,
                    ..round()
                },
                "target_percent",
            ),
            (
                NewRound {
                    small_threshold: 0,
                    ..round()
                },
                "small_threshold",
            ),
            (
                NewRound {
                    small_threshold: 11,
                    ..round()
                },
                "small_threshold",
            ),
        ];
        for (r, field) in cases {
            assert_eq!(field_of(validate_round(&r).unwrap_err()), field);
        }
        let one_day = NewRound {
            window_to: d(2026, 11, 2),
            ..round()
        };
        assert!(validate_round(&one_day).is_ok());
    }

    #[test]
    fn class_counts_follow_the_rules() {
        let today = d(2026, 11, 23);
        let ok = validate_class(&class(), Questionnaire::Grades7To9, today).unwrap();
        assert_eq!(ok.reason, "", "a reason is kept only for cannot-take-part");
        let cases: Vec<(NewClass, &str)> = vec![
            (
                NewClass {
                    name: "".into(),
                    ..class()
                },
                "name",
            ),
            (
                NewClass {
                    grade: 6,
                    ..class()
                },
                "grade",
            ),
            (
                NewClass {
                    grade: 10,
                    ..class()
                },
                "grade",
            ),
            (
                NewClass {
                    answered: 25,
                    ..class()
                },
                "answered",
            ),
            (
                NewClass {
                    absent: 5,
                    ..class()
                },
                "absent",
            ),
            (
                NewClass {
                    enrolled: 501,
                    answered: 0,
                    absent: 0,
                    ..class()
                },
                "enrolled",
            ),
            (
                NewClass {
                    taken_on: Some(d(2026, 11, 24)),
                    ..class()
                },
                "taken_on",
            ),
            (
                NewClass {
                    status: ClassStatus::CannotTakePart,
                    reason: " ".into(),
                    ..class()
                },
                "reason",
            ),
        ];
        for (c, field) in cases {
            let e = validate_class(&c, Questionnaire::Grades7To9, today).unwrap_err();
            assert_eq!(field_of(e), field, "{c:?}");
        }
        let youth = NewClass {
            grade: 10,
            name: "10.x".into(),
            ..class()
        };
        assert!(validate_class(&youth, Questionnaire::YouthEducation, today).is_ok());
        assert!(validate_class(&class(), Questionnaire::YouthEducation, today).is_err());
    }

    #[test]
    fn class_names_move_up_a_year() {
        assert_eq!(shift_class_name("7.a", 7, 8), "8.a");
        assert_eq!(shift_class_name("8B", 8, 9), "9B");
        assert_eq!(shift_class_name("Ø7x", 7, 8), "Ø8x");
        assert_eq!(shift_class_name("17.a", 7, 8), "17.a");
        assert_eq!(shift_class_name("Stjerneholdet", 7, 8), "Stjerneholdet");
        assert_eq!(next_grade(7, Questionnaire::Grades7To9), Some(8));
        assert_eq!(next_grade(9, Questionnaire::Grades7To9), None);
        assert_eq!(next_grade(10, Questionnaire::YouthEducation), None);
        assert_eq!(next_grade(2, Questionnaire::YouthEducation), Some(3));
        assert_eq!(grade_from_name("8.b"), Some(8));
        assert_eq!(grade_from_name("10x"), Some(10));
        assert_eq!(grade_from_name("Stjerneholdet"), None);
        assert_eq!(class_key(" 7. A "), class_key("7a"));
    }

    proptest! {
        #[test]
        fn counts_are_accepted_exactly_when_they_fit(
            enrolled in 0u32..600, answered in 0u32..600, absent in 0u32..600
        ) {
            let ok = check_counts(enrolled, answered, absent).is_ok();
            let fits = enrolled <= ENROLLED_MAX
                && answered <= enrolled
                && absent <= enrolled - answered.min(enrolled);
            prop_assert_eq!(ok, fits);
        }
    }

    fn by_name(name: &str) -> ClassByName {
        ClassByName {
            round: RoundId(uuid::Uuid::nil()),
            school: SchoolId(uuid::Uuid::nil()),
            name: name.into(),
            grade: None,
            enrolled: 24,
            answered: None,
            absent: None,
            status: None,
            reason: None,
            taken_on: None,
        }
    }

    #[test]
    fn a_class_by_name_keeps_what_it_leaves_out() {
        // New: the grade from the name, not started.
        let new = merge_by_name(&by_name("8.b"), None).unwrap();
        assert_eq!(
            (new.grade, new.answered, new.status),
            (8, 0, ClassStatus::NotStarted)
        );
        let err = merge_by_name(&by_name("Stjerneklassen"), None).unwrap_err();
        assert!(
            matches!(err, Error::Invalid { ref field, .. } if field == "grade"),
            "{err}"
        );

        // Stored: its grade, absent, reason and day stay; answers move a
        // class not started on.
        let stored = ClassView {
            id: ClassId(uuid::Uuid::nil()),
            round: RoundId(uuid::Uuid::nil()),
            school: SchoolId(uuid::Uuid::nil()),
            school_name: "Egeby Skole".into(),
            name: "Stjerneklassen".into(),
            grade: 7,
            enrolled: 20,
            answered: 0,
            absent: 2,
            status: ClassStatus::NotStarted,
            reason: String::new(),
            taken_on: Some(d(2026, 11, 3)),
        };
        let mut given = by_name("Stjerneklassen");
        given.answered = Some(5);
        let merged = merge_by_name(&given, Some(&stored)).unwrap();
        assert_eq!(
            (
                merged.grade,
                merged.enrolled,
                merged.absent,
                merged.status,
                merged.taken_on
            ),
            (7, 24, 2, ClassStatus::InProgress, Some(d(2026, 11, 3)))
        );
    }
}
