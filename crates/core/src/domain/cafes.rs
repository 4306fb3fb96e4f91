//! Rules for parent cafés and their agreements.

use super::dated_rows::{clean_rows, RowRules};
use super::text::{clean, NOTES_MAX, SHORT_TEXT_MAX, TOWN_MAX};
use super::visits::check_date;
use super::Valid;
use crate::{Error, Result};
use chrono::NaiveDate;
use feltbog_api::cafes::{AgreementInput, CafeStatus, CafeTheme, NewCafe, Partner};
use feltbog_api::schools::GRADE_MAX;
use feltbog_api::Problem;

/// More parents than this at one meeting is a typing mistake.
pub const PARENTS_MAX: u32 = 5_000;

/// Checks and tidies a café as typed. `today` decides what "the future" is.
/// Whether the school exists is checked against the store by the caller.
pub fn validate_cafe(c: &NewCafe, today: NaiveDate) -> Result<Valid<NewCafe>> {
    check_date("date", c.date)?;
    if c.status == CafeStatus::Held && c.date > today {
        return Err(Error::invalid(
            "date",
            Problem::InFuture,
            "a café that was held cannot be dated in the future; record it as planned",
        ));
    }
    let area = clean("area", &c.area, c.school.is_none(), TOWN_MAX)?;
    check_counts(c.parents, c.invited)?;
    Ok(Valid(NewCafe {
        date: c.date,
        status: c.status,
        school: c.school,
        area: if c.school.is_some() {
            String::new()
        } else {
            area
        },
        grades: clean_grades(&c.grades)?,
        kind: c.kind,
        theme: c.theme,
        theme_other: match c.theme {
            CafeTheme::Other => clean("theme_other", &c.theme_other, true, SHORT_TEXT_MAX)?,
            _ => String::new(),
        },
        partners: dedup(&c.partners),
        partner_other: if c.partners.contains(&Partner::Other) {
            clean("partner_other", &c.partner_other, true, SHORT_TEXT_MAX)?
        } else {
            String::new()
        },
        parents: c.parents,
        invited: c.invited,
        raised: clean("raised", &c.raised, false, NOTES_MAX)?,
        notes: clean("notes", &c.notes, false, NOTES_MAX)?,
        agreements: clean_agreements(&c.agreements, c.date)?,
    }))
}

fn check_counts(parents: u32, invited: Option<u32>) -> Result<()> {
    let range = |field: &str, n: u32| {
        if n > PARENTS_MAX {
            return Err(Error::invalid(
                field,
                Problem::OutOfRange {
                    min: 0,
                    max: PARENTS_MAX.into(),
                },
                format!("must be a whole number from 0 to {PARENTS_MAX}"),
            ));
        }
        Ok(())
    };
    range("parents", parents)?;
    if let Some(invited) = invited {
        range("invited", invited)?;
        if parents > invited {
            return Err(Error::invalid(
                "parents",
                Problem::OutOfRange {
                    min: 0,
                    max: invited.into(),
                },
                format!("more parents came than were invited ({invited}); check both numbers"),
            ));
        }
    }
    Ok(())
}

pub(super) fn clean_grades(grades: &[u8]) -> Result<Vec<u8>> {
    if let Some(g) = grades.iter().find(|g| **g > GRADE_MAX) {
        return Err(Error::invalid(
            "grades",
            Problem::OutOfRange {
                min: 0,
                max: GRADE_MAX.into(),
            },
            format!("{g} is not a grade; grades run from 0 to {GRADE_MAX}"),
        ));
    }
    let mut out = grades.to_vec();
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

pub(super) fn dedup<T: PartialEq + Copy>(items: &[T]) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for i in items {
        if !out.contains(i) {
            out.push(*i);
        }
    }
    out
}

fn clean_agreements(items: &[AgreementInput], cafe_date: NaiveDate) -> Result<Vec<AgreementInput>> {
    clean_rows(
        items,
        cafe_date,
        &RowRules {
            field: "agreements",
            date_field: "revisit",
            early: Problem::BeforeVisit,
            too_many: "agreements per café",
            too_early: "an agreement cannot be revisited before the café",
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use feltbog_api::cafes::CafeKind;
    use feltbog_api::SchoolId;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn today() -> NaiveDate {
        d(2026, 11, 23)
    }

    fn cafe() -> NewCafe {
        NewCafe {
            date: d(2026, 11, 19),
            status: CafeStatus::Held,
            school: Some(SchoolId(uuid::Uuid::nil())),
            area: "ignored".into(),
            grades: vec![8, 7, 8],
            kind: CafeKind::ParentCafe,
            theme: CafeTheme::AlcoholDrugs,
            theme_other: "ignored".into(),
            partners: vec![Partner::Police, Partner::Police, Partner::HealthNurse],
            partner_other: "ignored".into(),
            parents: 23,
            invited: Some(48),
            raised: "Fester uden voksne".into(),
            notes: String::new(),
            agreements: vec![AgreementInput {
                id: None,
                text: " Alkoholaftale for 8. årgang ".into(),
                revisit: d(2027, 8, 15),
                done: false,
            }],
        }
    }

    fn field_of(r: Result<Valid<NewCafe>>) -> String {
        match r {
            Err(Error::Invalid { field, .. }) => field,
            other => panic!("expected invalid, got {:?}", other.map(|v| v.0)),
        }
    }

    #[test]
    fn tidies_a_good_cafe() {
        let c = validate_cafe(&cafe(), today()).unwrap();
        assert_eq!(c.grades, [7, 8]);
        assert_eq!(c.partners, [Partner::Police, Partner::HealthNurse]);
        assert_eq!(
            (
                c.area.as_str(),
                c.theme_other.as_str(),
                c.partner_other.as_str()
            ),
            ("", "", "")
        );
        assert_eq!(c.agreements[0].text, "Alkoholaftale for 8. årgang");
    }

    #[test]
    fn refuses_with_the_field_named() {
        let cases: Vec<(NewCafe, &str)> = vec![
            (
                NewCafe {
                    parents: 49,
                    ..cafe()
                },
                "parents",
            ),
            (
                NewCafe {
                    parents: PARENTS_MAX + 1,
                    invited: None,
                    ..cafe()
                },
                "parents",
            ),
            (
                NewCafe {
                    invited: Some(PARENTS_MAX + 1),
                    ..cafe()
                },
                "invited",
            ),
            (
                NewCafe {
                    date: d(2026, 11, 24),
                    ..cafe()
                },
                "date",
            ),
            (
                NewCafe {
                    school: None,
                    area: " ".into(),
                    ..cafe()
                },
                "area",
            ),
            (
                NewCafe {
                    grades: vec![11],
                    ..cafe()
                },
                "grades",
            ),
            (
                NewCafe {
                    theme: CafeTheme::Other,
                    theme_other: "".into(),
                    ..cafe()
                },
                "theme_other",
            ),
            (
                NewCafe {
                    partners: vec![Partner::Other],
                    partner_other: "".into(),
                    ..cafe()
                },
                "partner_other",
            ),
        ];
        for (c, field) in cases {
            assert_eq!(field_of(validate_cafe(&c, today())), field);
        }
        let mut c = cafe();
        c.agreements[0].revisit = d(2026, 11, 18);
        assert_eq!(field_of(validate_cafe(&c, today())), "agreements.0.revisit");
    }

    #[test]
    fn a_planned_cafe_may_lie_ahead_and_an_area_replaces_the_school() {
        let c = NewCafe {
            status: CafeStatus::Planned,
            date: d(2027, 2, 1),
            parents: 0,
            agreements: vec![],
            ..cafe()
        };
        assert!(validate_cafe(&c, today()).is_ok());
        let c = NewCafe {
            school: None,
            area: " Egeby by ".into(),
            ..cafe()
        };
        assert_eq!(validate_cafe(&c, today()).unwrap().area, "Egeby by");
    }

    proptest! {
        #[test]
        fn parents_never_exceed_invited(parents in 0u32..200, invited in proptest::option::of(0u32..200)) {
            let ok = validate_cafe(&NewCafe { parents, invited, ..cafe() }, today()).is_ok();
            prop_assert_eq!(ok, invited.is_none_or(|i| parents <= i));
        }
    }
}
