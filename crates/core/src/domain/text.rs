//! Length limits for free text, and the one function that enforces them.

use crate::{Error, Result};
use feltbog_api::Problem;

pub const NAME_MAX: usize = 120;
pub const TOWN_MAX: usize = 80;
pub const CLASS_MAX: usize = 20;
pub const CLASSES_MAX: usize = 40;
pub const SHORT_TEXT_MAX: usize = 200;
pub const FOLLOW_UP_MAX: usize = 500;
pub const FOLLOW_UPS_MAX: usize = 50;
pub const NOTES_MAX: usize = 10_000;

/// Trims `value` and checks its length in characters (æ, ø and å count as one).
pub fn clean(field: &str, value: &str, required: bool, max: usize) -> Result<String> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err(Error::invalid(
            field,
            Problem::Required,
            "must be filled in",
        ));
    }
    if v.chars().count() > max {
        return Err(Error::invalid(
            field,
            Problem::TooLong { max: max as u32 },
            format!("is too long: at most {max} characters"),
        ));
    }
    Ok(v.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(clean("x", " æøå ", true, 3).unwrap(), "æøå");
        assert!(clean("x", "æøåæ", true, 3).is_err());
        assert!(clean("x", "  ", true, 3).is_err());
        assert_eq!(clean("x", "  ", false, 3).unwrap(), "");
    }
}
