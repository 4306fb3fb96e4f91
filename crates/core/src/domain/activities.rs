//! Rules for activities: a day, a place (a school or a town/area), counts
//! that make sense, a target group by grade and/or age.

use super::cafes::{clean_grades, dedup};
use super::dated_rows::{clean_rows, RowRules};
use super::text::{clean, NOTES_MAX, SHORT_TEXT_MAX, TOWN_MAX};
use super::visits::check_date;
use super::Valid;
use crate::{Error, Result};
use feltbog_api::activities::{NewActivity, AGE_MAX, AGE_MIN, REACHED_MAX};
use feltbog_api::cafes::Partner;
use feltbog_api::Problem;

/// Checks and tidies an activity as typed. Whether the school exists is
/// checked against the store by the caller. An activity may be planned
/// ahead, so a day in the future is allowed (its counts then are what is
/// expected).
pub fn validate_activity(a: &NewActivity) -> Result<Valid<NewActivity>> {
    check_date("date", a.date)?;
    let area = clean("area", &a.area, a.school.is_none(), TOWN_MAX)?;
    for (field, n) in [("young", a.young), ("adults", a.adults)] {
        if n > REACHED_MAX {
            return Err(Error::invalid(
                field,
                Problem::OutOfRange {
                    min: 0,
                    max: REACHED_MAX.into(),
                },
                format!("must be a whole number from 0 to {REACHED_MAX}"),
            ));
        }
    }
    if let Some((from, to)) = a.ages {
        let range = AGE_MIN..=AGE_MAX;
        if !range.contains(&from) || !range.contains(&to) || from > to {
            return Err(Error::invalid(
                "ages",
                Problem::OutOfRange {
                    min: AGE_MIN.into(),
                    max: AGE_MAX.into(),
                },
                format!(
                    "write the ages as from–to between {AGE_MIN} and {AGE_MAX}, the lower first"
                ),
            ));
        }
    }
    Ok(Valid(NewActivity {
        date: a.date,
        kind: a.kind,
        school: a.school,
        area: if a.school.is_some() {
            String::new()
        } else {
            area
        },
        grades: clean_grades(&a.grades)?,
        ages: a.ages,
        young: a.young,
        adults: a.adults,
        partners: dedup(&a.partners),
        partner_other: if a.partners.contains(&Partner::Other) {
            clean("partner_other", &a.partner_other, true, SHORT_TEXT_MAX)?
        } else {
            String::new()
        },
        theme: clean("theme", &a.theme, false, SHORT_TEXT_MAX)?,
        notes: clean("notes", &a.notes, false, NOTES_MAX)?,
        follow_ups: clean_rows(
            &a.follow_ups,
            a.date,
            &RowRules {
                field: "follow_ups",
                date_field: "due",
                // Not `BeforeVisit`: the app words it for a visit, and
                // the field's name is a visit's follow-ups' too.
                early: Problem::BeforeStart,
                too_many: "follow-ups per activity",
                too_early: "a follow-up cannot be due before the activity",
            },
        )?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use feltbog_api::activities::{ActivityFollowUpInput, ActivityKind};

    fn street() -> NewActivity {
        NewActivity {
            date: "2026-11-20".parse().unwrap(),
            kind: ActivityKind::Street,
            school: None,
            area: "  Bymidten ".into(),
            grades: vec![9, 8, 8],
            ages: Some((13, 16)),
            young: 40,
            adults: 2,
            partners: vec![Partner::Police, Partner::Police, Partner::YouthClub],
            partner_other: "ignored".into(),
            theme: " Fredagsaften ".into(),
            notes: String::new(),
            follow_ups: vec![ActivityFollowUpInput {
                id: None,
                text: " Møde med klubben ".into(),
                due: "2026-12-04".parse().unwrap(),
                done: false,
            }],
        }
    }

    fn field_of(e: Error) -> String {
        match e {
            Error::Invalid { field, .. } => field,
            other => panic!("not invalid input: {other}"),
        }
    }

    #[test]
    fn an_activity_is_tidied() {
        let v = validate_activity(&street()).unwrap();
        assert_eq!(v.area, "Bymidten");
        assert_eq!(v.grades, vec![8, 9]);
        assert_eq!(v.partners, vec![Partner::Police, Partner::YouthClub]);
        assert_eq!(v.partner_other, "");
        assert_eq!(v.theme, "Fredagsaften");
        assert_eq!(v.follow_ups[0].text, "Møde med klubben");
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut a = street();
        a.area = " ".into();
        assert_eq!(field_of(validate_activity(&a).unwrap_err()), "area");
        let mut a = street();
        a.young = REACHED_MAX + 1;
        assert_eq!(field_of(validate_activity(&a).unwrap_err()), "young");
        let mut a = street();
        a.adults = REACHED_MAX + 1;
        assert_eq!(field_of(validate_activity(&a).unwrap_err()), "adults");
        for ages in [(16, 13), (3, 10), (12, 40)] {
            let mut a = street();
            a.ages = Some(ages);
            assert_eq!(field_of(validate_activity(&a).unwrap_err()), "ages");
        }
        let mut a = street();
        a.grades = vec![11];
        assert_eq!(field_of(validate_activity(&a).unwrap_err()), "grades");
        let mut a = street();
        a.partners = vec![Partner::Other];
        a.partner_other = String::new();
        assert_eq!(
            field_of(validate_activity(&a).unwrap_err()),
            "partner_other"
        );
        let mut a = street();
        a.follow_ups[0].due = "2026-11-19".parse().unwrap();
        assert_eq!(
            field_of(validate_activity(&a).unwrap_err()),
            "follow_ups.0.due"
        );
        let mut a = street();
        a.follow_ups[0].text = " ".into();
        assert_eq!(
            field_of(validate_activity(&a).unwrap_err()),
            "follow_ups.0.text"
        );
        let mut a = street();
        a.date = "1899-01-01".parse().unwrap();
        assert_eq!(field_of(validate_activity(&a).unwrap_err()), "date");
    }
}
