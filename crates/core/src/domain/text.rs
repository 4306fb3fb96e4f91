//! Length limits for free text, and the one function that enforces them
//! (and strips what text must not carry).

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

/// Control characters (but line breaks and tabs) and the bidirectional
/// overrides and isolates: a school name must not carry terminal escape
/// codes into the command line's output, nor turn text around on screen.
fn unwanted(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Drops unwanted characters, trims `value` and checks its length in
/// characters (æ, ø and å count as one). A Windows line break becomes `\n`.
pub fn clean(field: &str, value: &str, required: bool, max: usize) -> Result<String> {
    let kept: String = value.chars().filter(|c| !unwanted(*c)).collect();
    let v = kept.trim();
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

    #[test]
    fn escape_codes_and_direction_overrides_are_dropped() {
        assert_eq!(
            clean("name", "Egeby\u{1b}[31m Skole\u{202E}\u{0}", true, 40).unwrap(),
            "Egeby[31m Skole"
        );
        assert_eq!(
            clean("notes", "linje 1\r\nlinje 2\tslut", true, 40).unwrap(),
            "linje 1\nlinje 2\tslut"
        );
        assert!(
            clean("name", "\u{1b}\u{2066}", true, 40).is_err(),
            "nothing left"
        );
    }
}
