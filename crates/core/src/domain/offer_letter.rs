//! The letter offering the first-offence conversation (*Brev om tilbud*,
//! issue 24): the team's template checked, the user's values checked, and
//! the template filled. Pure.
//!
//! A template is Danish text with placeholders in braces (`{ung}`,
//! `{dato}`, …: `feltbog_api::papers::LETTER_PLACEHOLDERS`); paragraphs
//! are separated by an empty line. An unknown placeholder is an error
//! naming it, so a typo is found when the template is saved, not when a
//! family reads "{sed}".

use super::text::{self, clean};
use super::Valid;
use crate::{Error, Result};
use chrono::{Datelike, NaiveDate};
use feltbog_api::papers::{LetterInput, LETTER_PLACEHOLDERS};
use feltbog_api::Problem;

/// The longest template: a page of text.
pub const TEMPLATE_MAX: usize = 6_000;
/// How far ahead a conversation may be proposed.
const AHEAD_MAX_DAYS: u64 = 366;

/// The placeholders `t` uses, in order, or the first problem with them.
fn placeholders(t: &str) -> std::result::Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err("a { is not closed with }".into());
        };
        let name = &after[..close];
        if !LETTER_PLACEHOLDERS.contains(&name) {
            return Err(format!(
                "{{{name}}} is not a placeholder; use {}",
                LETTER_PLACEHOLDERS
                    .iter()
                    .map(|p| format!("{{{p}}}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        out.push(name);
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return Err("a } has no { before it".into());
    }
    Ok(out)
}

/// Checks and tidies a template (empty: Feltbog's own).
pub fn check_template(t: &str) -> Result<String> {
    let t = clean("offer_letter", t, false, TEMPLATE_MAX)?;
    placeholders(&t).map_err(|msg| Error::invalid("offer_letter", Problem::NotAllowed, msg))?;
    Ok(t)
}

/// Checks what the user wrote for one letter; `today` bounds the day.
pub fn check_input(i: &LetterInput, today: NaiveDate) -> Result<Valid<LetterInput>> {
    let Some(date) = i.date else {
        return Err(Error::invalid(
            "date",
            Problem::Required,
            "give the day proposed for the conversation",
        ));
    };
    if date < today {
        return Err(Error::invalid(
            "date",
            Problem::BeforeStart,
            "the day has passed; propose a day from today on",
        ));
    }
    if date > today + chrono::Days::new(AHEAD_MAX_DAYS) {
        return Err(Error::invalid(
            "date",
            Problem::OutOfRange {
                min: 0,
                max: AHEAD_MAX_DAYS as i64,
            },
            "at most a year ahead",
        ));
    }
    let name = clean("name", &i.name, false, text::NAME_MAX)?;
    if name.chars().any(|c| c.is_ascii_digit()) {
        return Err(Error::invalid(
            "name",
            Problem::NotAllowed,
            "write the young person's name, without digits",
        ));
    }
    // One line each: a line break typed into a value must not start a
    // new paragraph of the letter.
    let line = |field: &str, v: &str, required: bool| -> Result<String> {
        Ok(clean(field, v, required, text::SHORT_TEXT_MAX)?
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "))
    };
    Ok(Valid(LetterInput {
        date: Some(date),
        time: time_of_day(&i.time)?,
        place: line("place", &i.place, true)?,
        with: line("with", &i.with, false)?,
        contact: line("contact", &i.contact, true)?,
        name: name.split_whitespace().collect::<Vec<_>>().join(" "),
    }))
}

/// "14.00" from "14.00", "14:00", "14" or "9.30" ("09.30").
fn time_of_day(s: &str) -> Result<String> {
    let bad = || Error::invalid("time", Problem::NotAllowed, "write the time as 14.00");
    let lower = s.trim().to_lowercase();
    let s = lower
        .strip_prefix("kl.")
        .or_else(|| lower.strip_prefix("kl"))
        .unwrap_or(&lower)
        .trim();
    if s.is_empty() {
        return Err(Error::invalid(
            "time",
            Problem::Required,
            "give the time of day, e.g. 14.00",
        ));
    }
    let (h, m) = s.split_once(['.', ':']).unwrap_or((s, "00"));
    let digits = |p: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(h, 1..=2) || !digits(m, 2..=2) {
        return Err(bad());
    }
    let h: u32 = h.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(format!("{h:02}.{m:02}"))
}

/// The values a letter's placeholders take.
pub struct Values<'a> {
    /// The name typed for the printout, else the initials.
    pub young: &'a str,
    pub input: &'a LetterInput,
    pub team: &'a str,
    /// The consultant's name from the settings (may be empty).
    pub consultant: &'a str,
}

/// The template with its placeholders filled, paragraph by paragraph (a
/// single line break inside a paragraph is kept).
pub fn fill(template: &str, v: &Values<'_>) -> Vec<String> {
    let i = v.input;
    let value = |name: &str| -> String {
        match name {
            "ung" => v.young.to_owned(),
            "dato" => i.date.map(danish_day).unwrap_or_default(),
            "tid" => i.time.clone(),
            "sted" => i.place.clone(),
            "deltagere" if i.with.is_empty() => "en SSP-konsulent".to_owned(),
            "deltagere" => i.with.clone(),
            "kontakt" => i.contact.clone(),
            "konsulent" => v.consultant.to_owned(),
            "team" if v.team.is_empty() => "SSP".to_owned(),
            "team" => v.team.to_owned(),
            _ => String::new(),
        }
    };
    // Paragraphs are the template's: a value never starts a new one.
    template
        .split("\n\n")
        .map(|paragraph| {
            let mut filled = String::new();
            let mut rest = paragraph;
            while let Some(open) = rest.find('{') {
                filled.push_str(&rest[..open]);
                let after = &rest[open + 1..];
                match after.find('}') {
                    Some(close) => {
                        filled.push_str(&value(&after[..close]));
                        rest = &after[close + 1..];
                    }
                    None => {
                        filled.push_str(&rest[open..]);
                        rest = "";
                    }
                }
            }
            filled.push_str(rest);
            // A line left empty by an empty value (no consultant name) goes.
            filled
                .lines()
                .map(str::trim_end)
                .filter(|l| !l.trim().is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|p| !p.is_empty())
        .collect()
}

const WEEKDAYS: [&str; 7] = [
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
];
const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// "tirsdag den 8. december 2026", as a Danish letter says a day.
pub fn danish_day(d: NaiveDate) -> String {
    format!(
        "{} den {}. {} {}",
        WEEKDAYS[d.weekday().num_days_from_monday() as usize],
        d.day(),
        MONTHS[d.month0() as usize],
        d.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use feltbog_api::papers::DEFAULT_OFFER_LETTER;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn input() -> LetterInput {
        LetterInput {
            date: Some(d(2026, 12, 8)),
            time: "14:00".into(),
            place: "Egeby Skole, mødelokale 2".into(),
            with: "SSP-konsulent Bo Berg".into(),
            contact: "Bo Berg, 21 22 23 24".into(),
            name: String::new(),
        }
    }

    #[test]
    fn the_default_template_is_valid_and_fills_every_placeholder() {
        assert_eq!(
            check_template(DEFAULT_OFFER_LETTER).unwrap(),
            DEFAULT_OFFER_LETTER
        );
        let i = check_input(&input(), d(2026, 12, 5)).unwrap();
        let text = fill(
            DEFAULT_OFFER_LETTER,
            &Values {
                young: "SÆH",
                input: &i,
                team: "SSP Egeby",
                consultant: "",
            },
        )
        .join("\n\n");
        assert!(!text.contains('{') && !text.contains('}'), "{text}");
        assert!(
            text.contains("tirsdag den 8. december 2026 kl. 14.00"),
            "{text}"
        );
        assert!(text.contains("Kære forældre til SÆH"));
        assert!(text.ends_with("Med venlig hilsen\nSSP Egeby"), "{text}");
    }

    #[test]
    fn a_template_with_an_unknown_or_open_placeholder_is_refused_by_name() {
        let e = check_template("Kære {navn}").unwrap_err().to_string();
        assert!(
            e.contains("{navn} is not a placeholder") && e.contains("{ung}"),
            "{e}"
        );
        assert!(check_template("Kære {ung").is_err());
        assert!(check_template("Kære ung}").is_err());
        assert_eq!(check_template("  ").unwrap(), "");
    }

    #[test]
    fn the_letter_s_values_are_checked() {
        let today = d(2026, 12, 5);
        for (time, ok) in [
            ("14.00", "14.00"),
            ("9:30", "09.30"),
            ("kl. 15", "15.00"),
            ("Kl 8", "08.00"),
        ] {
            let i = LetterInput {
                time: time.into(),
                ..input()
            };
            assert_eq!(check_input(&i, today).unwrap().time, ok);
        }
        let field = |i: LetterInput| match check_input(&i, today) {
            Err(Error::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(LetterInput {
                time: "25.00".into(),
                ..input()
            }),
            "time"
        );
        for bad in ["14.5", "+9"] {
            let i = LetterInput {
                time: bad.into(),
                ..input()
            };
            assert_eq!(field(i), "time", "{bad}");
        }
        assert_eq!(
            field(LetterInput {
                date: Some(d(2026, 12, 4)),
                ..input()
            }),
            "date"
        );
        assert_eq!(
            field(LetterInput {
                date: None,
                ..input()
            }),
            "date"
        );
        assert_eq!(
            field(LetterInput {
                place: " ".into(),
                ..input()
            }),
            "place"
        );
        assert_eq!(
            field(LetterInput {
                contact: String::new(),
                ..input()
            }),
            "contact"
        );
        assert_eq!(
            field(LetterInput {
                name: "Bo 2".into(),
                ..input()
            }),
            "name"
        );
    }

    #[test]
    fn danish_days() {
        assert_eq!(danish_day(d(2026, 12, 8)), "tirsdag den 8. december 2026");
        assert_eq!(danish_day(d(2027, 1, 3)), "søndag den 3. januar 2027");
    }
}
