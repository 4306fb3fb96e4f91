//! Rules for schools.

use super::text::{clean, NAME_MAX, TOWN_MAX};
use super::Valid;
use crate::{Error, Result};
use feltbog_api::schools::{NewSchool, GRADE_MAX, GRADE_MIN};
use feltbog_api::Problem;

/// The name as compared for uniqueness and lookup: trimmed, Unicode lower
/// case (SQLite's NOCASE folds only ASCII, and Danish names start with Æ,
/// Ø and Å).
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Checks and tidies a school as typed.
pub fn validate_school(s: &NewSchool) -> Result<Valid<NewSchool>> {
    let grade = |field: &str, g: Option<u8>| -> Result<Option<u8>> {
        match g {
            Some(g) if !(GRADE_MIN..=GRADE_MAX).contains(&g) => Err(Error::invalid(
                field,
                Problem::OutOfRange {
                    min: GRADE_MIN.into(),
                    max: GRADE_MAX.into(),
                },
                format!("must be a grade from {GRADE_MIN} to {GRADE_MAX}"),
            )),
            g => Ok(g),
        }
    };
    let grade_from = grade("grade_from", s.grade_from)?;
    let grade_to = grade("grade_to", s.grade_to)?;
    if let (Some(a), Some(b)) = (grade_from, grade_to) {
        if a > b {
            return Err(Error::invalid(
                "grade_to",
                Problem::OutOfRange {
                    min: a.into(),
                    max: GRADE_MAX.into(),
                },
                "the highest grade must not be below the lowest",
            ));
        }
    }
    Ok(Valid(NewSchool {
        name: clean("name", &s.name, true, NAME_MAX)?,
        kind: s.kind,
        town: clean("town", &s.town, true, TOWN_MAX)?,
        grade_from,
        grade_to,
        active: s.active,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use feltbog_api::schools::SchoolKind;

    fn school() -> NewSchool {
        NewSchool {
            name: " Æblehaveskolen ".into(),
            kind: SchoolKind::Folkeskole,
            town: "Søby".into(),
            grade_from: Some(0),
            grade_to: Some(9),
            active: true,
        }
    }

    fn field_of(r: Result<Valid<NewSchool>>) -> String {
        match r {
            Err(Error::Invalid { field, .. }) => field,
            other => panic!("expected invalid, got {:?}", other.map(|v| v.0)),
        }
    }

    #[test]
    fn accepts_and_trims() {
        assert_eq!(validate_school(&school()).unwrap().name, "Æblehaveskolen");
    }

    #[test]
    fn names_the_bad_field() {
        assert_eq!(
            field_of(validate_school(&NewSchool {
                name: " ".into(),
                ..school()
            })),
            "name"
        );
        assert_eq!(
            field_of(validate_school(&NewSchool {
                town: "".into(),
                ..school()
            })),
            "town"
        );
        assert_eq!(
            field_of(validate_school(&NewSchool {
                grade_to: Some(11),
                ..school()
            })),
            "grade_to"
        );
        assert_eq!(
            field_of(validate_school(&NewSchool {
                grade_from: Some(8),
                grade_to: Some(7),
                ..school()
            })),
            "grade_to"
        );
    }
}
