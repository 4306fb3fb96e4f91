//! Rules for school visits and their follow-ups.

use super::dated_rows::{clean_rows, RowRules};
use super::text::{clean, CLASSES_MAX, CLASS_MAX, NOTES_MAX, SHORT_TEXT_MAX};
use super::Valid;
use crate::{Error, Result};
use chrono::NaiveDate;
use feltbog_api::dates;
use feltbog_api::visits::{FollowUpInput, NewVisit, VisitPurpose, VisitStatus};
use feltbog_api::Problem;

/// Checks and tidies a visit as typed. `today` decides what "the future" is.
/// Whether the school exists is checked against the store by the caller.
pub fn validate_visit(v: &NewVisit, today: NaiveDate) -> Result<Valid<NewVisit>> {
    check_date("date", v.date)?;
    if v.status == VisitStatus::Done && v.date > today {
        return Err(Error::invalid(
            "date",
            Problem::InFuture,
            "a visit that has happened cannot be dated in the future; record it as planned",
        ));
    }
    let purpose_other = match v.purpose {
        VisitPurpose::Other => clean("purpose_other", &v.purpose_other, true, SHORT_TEXT_MAX)?,
        _ => String::new(),
    };
    Ok(Valid(NewVisit {
        school: v.school,
        date: v.date,
        status: v.status,
        purpose: v.purpose,
        purpose_other,
        classes: clean_classes(&v.classes)?,
        notes: clean("notes", &v.notes, false, NOTES_MAX)?,
        follow_ups: clean_follow_ups(&v.follow_ups, v.date)?,
    }))
}

/// Whether a planned visit may now be marked done.
pub fn check_can_mark_done(date: NaiveDate, today: NaiveDate) -> Result<()> {
    if date > today {
        return Err(Error::invalid(
            "date",
            Problem::InFuture,
            "the visit is dated in the future; change its date before marking it done",
        ));
    }
    Ok(())
}

/// Refuses a date outside the years Feltbog accepts.
pub fn check_date(field: &str, d: NaiveDate) -> Result<()> {
    if !dates::is_sane(d) {
        let (a, b) = (dates::SANE_YEARS.start(), dates::SANE_YEARS.end());
        return Err(Error::invalid(
            field,
            Problem::DateOutOfRange,
            format!("must be a date in the years {a} to {b}"),
        ));
    }
    Ok(())
}

/// Trims class names, drops empty ones and repeats, keeps the order typed.
fn clean_classes(classes: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for c in classes {
        let c = clean("classes", c, false, CLASS_MAX)?;
        if !c.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&c)) {
            out.push(c);
        }
    }
    if out.len() > CLASSES_MAX {
        return Err(Error::invalid(
            "classes",
            Problem::OutOfRange {
                min: 0,
                max: CLASSES_MAX as i64,
            },
            format!("at most {CLASSES_MAX} classes per visit"),
        ));
    }
    Ok(out)
}

fn clean_follow_ups(items: &[FollowUpInput], visit_date: NaiveDate) -> Result<Vec<FollowUpInput>> {
    clean_rows(
        items,
        visit_date,
        &RowRules {
            field: "follow_ups",
            date_field: "due",
            early: Problem::BeforeVisit,
            too_many: "follow-ups per visit",
            too_early: "a follow-up cannot be due before the visit",
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use feltbog_api::SchoolId;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 23);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    fn visit() -> NewVisit {
        NewVisit {
            school: SchoolId(uuid::Uuid::nil()),
            date: d(2026, 11, 20),
            status: VisitStatus::Done,
            purpose: VisitPurpose::ClassTalk,
            purpose_other: "ignored".into(),
            classes: vec![" 7.a ".into(), "".into(), "7.A".into(), "8.b".into()],
            notes: "Snak om sociale medier".into(),
            follow_ups: vec![FollowUpInput {
                id: None,
                text: " Send materiale ".into(),
                due: d(2026, 11, 27),
                done: false,
            }],
        }
    }

    fn field_of(r: Result<Valid<NewVisit>>) -> String {
        match r {
            Err(Error::Invalid { field, .. }) => field,
            other => panic!("expected invalid, got {:?}", other.map(|v| v.0)),
        }
    }

    #[test]
    fn tidies_a_good_visit() {
        let v = validate_visit(&visit(), today()).unwrap();
        assert_eq!(v.classes, ["7.a", "8.b"]);
        assert_eq!(v.purpose_other, "");
        assert_eq!(v.follow_ups[0].text, "Send materiale");
    }

    #[test]
    fn refuses_with_the_field_named() {
        let cases: Vec<(NewVisit, &str)> = vec![
            (
                NewVisit {
                    date: d(1999, 12, 31),
                    ..visit()
                },
                "date",
            ),
            (
                NewVisit {
                    date: d(2026, 11, 24),
                    ..visit()
                },
                "date",
            ),
            (
                NewVisit {
                    purpose: VisitPurpose::Other,
                    purpose_other: " ".into(),
                    ..visit()
                },
                "purpose_other",
            ),
            (
                NewVisit {
                    classes: vec!["x".repeat(21)],
                    ..visit()
                },
                "classes",
            ),
            (
                NewVisit {
                    notes: "n".repeat(NOTES_MAX + 1),
                    ..visit()
                },
                "notes",
            ),
        ];
        for (v, field) in cases {
            assert_eq!(field_of(validate_visit(&v, today())), field);
        }
        let mut v = visit();
        v.follow_ups.push(FollowUpInput {
            id: None,
            text: "Tidligt".into(),
            due: d(2026, 11, 19),
            done: false,
        });
        assert_eq!(field_of(validate_visit(&v, today())), "follow_ups.1.due");
        v.follow_ups[1] = FollowUpInput {
            id: None,
            text: " ".into(),
            due: d(2026, 11, 21),
            done: false,
        };
        assert_eq!(field_of(validate_visit(&v, today())), "follow_ups.1.text");
    }

    #[test]
    fn a_planned_visit_may_lie_ahead_but_not_be_marked_done_early() {
        let v = NewVisit {
            date: d(2027, 3, 1),
            status: VisitStatus::Planned,
            follow_ups: vec![],
            ..visit()
        };
        assert!(validate_visit(&v, today()).is_ok());
        assert!(check_can_mark_done(d(2027, 3, 1), today()).is_err());
        assert!(check_can_mark_done(today(), today()).is_ok());
    }

    proptest! {
        #[test]
        fn follow_ups_are_never_due_before_their_visit(visit_off in 0i64..3000, due_off in -60i64..60) {
            let date = d(2020, 1, 1) + chrono::Duration::days(visit_off);
            let due = date + chrono::Duration::days(due_off);
            let v = NewVisit {
                date,
                status: VisitStatus::Planned,
                follow_ups: vec![FollowUpInput { id: None, text: "x".into(), due, done: false }],
                ..visit()
            };
            prop_assert_eq!(validate_visit(&v, today()).is_ok(), due >= date);
        }
    }
}
