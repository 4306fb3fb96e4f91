//! Search's rules, pure: what a typed text asks the index for, and how the
//! index's marked excerpt becomes pieces the screens can show.
//!
//! The index (store/search.rs) splits text into words as SQLite's
//! `unicode61` tokenizer does: letters and digits, Danish letters kept,
//! case folded. A typed word is matched as the start of an indexed word,
//! after a light Danish stemming of the typed word: "rygning" finds
//! "rygningen", and "rygningen" finds "rygning" because its ending is taken
//! off first. Every typed word must match (AND). A typed "7.a" is one
//! phrase, "7 a", as the index holds it.

use crate::{Error, Result};
use feltbog_api::search::{Excerpt, SEARCH_MAX_CHARS};
use feltbog_api::Problem;

/// Where the store's excerpt marks a matched word (FTS5's `snippet`).
pub const HIT_START: char = '\u{1}';
pub const HIT_END: char = '\u{2}';

/// At most this many typed words are used; a search is a few words.
const MAX_WORDS: usize = 8;

/// Danish inflectional endings, longest first: the definite forms and the
/// plurals ("-erne", "-ene", "-en", "-et", "-er", "-e") and the genitive.
const ENDINGS: &[&str] = &[
    "erne", "ene", "ens", "ers", "en", "et", "er", "es", "e", "s",
];

/// A stem keeps at least this many letters, so short words stay as typed
/// ("bus" is not "bu").
const MIN_STEM: usize = 4;

/// What to ask the index for: an FTS5 MATCH expression, or `None` when the
/// text holds no word at all (only spaces or signs): nothing to find.
pub fn match_expression(text: &str) -> Result<Option<String>> {
    if text.chars().count() > SEARCH_MAX_CHARS {
        return Err(Error::invalid(
            "text",
            Problem::TooLong {
                max: SEARCH_MAX_CHARS as u32,
            },
            format!("the search text is longer than {SEARCH_MAX_CHARS} characters; shorten it"),
        ));
    }
    let phrases: Vec<String> = text
        .split_whitespace()
        .filter_map(phrase)
        .take(MAX_WORDS)
        .collect();
    Ok((!phrases.is_empty()).then(|| phrases.join(" AND ")))
}

/// One typed word as a prefix phrase; `None` if it has no letter or digit.
fn phrase(word: &str) -> Option<String> {
    let parts: Vec<String> = word
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(str::to_lowercase)
        .collect();
    match parts.as_slice() {
        [] => None,
        [one] => Some(format!("\"{}\"*", stem(one))),
        many => Some(format!("\"{}\"*", many.join(" "))),
    }
}

/// `word` without its Danish ending, if a stem of [`MIN_STEM`] letters is
/// left; digits are never stemmed.
pub fn stem(word: &str) -> &str {
    if word.chars().any(|c| c.is_ascii_digit()) {
        return word;
    }
    for ending in ENDINGS {
        if let Some(stem) = word.strip_suffix(ending) {
            if stem.chars().count() >= MIN_STEM {
                return stem;
            }
        }
    }
    word
}

/// The part of a case number `text` may be, for finding a case by its
/// number: the letters and digits of "K-7F3Q-92XA", "k7f3q92xa", "K-7F3Q"
/// or "7F3Q", upper case, without the dashes (matched against the number
/// without its dashes, so the K may be typed or not). `None` unless it is
/// one word of four to nine such signs, written with a dash as a case
/// number is or holding a digit, so an ordinary word such as "tema" never
/// shows a case.
pub fn case_number_part(text: &str) -> Option<String> {
    let word = text.trim();
    if word.is_empty() || word.contains(char::is_whitespace) {
        return None;
    }
    let core: String = word
        .chars()
        .filter(|c| *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let fits = (4..=9).contains(&core.len())
        && core.chars().all(|c| c.is_ascii_alphanumeric())
        && (word.contains('-') || core.chars().any(|c| c.is_ascii_digit()));
    fits.then_some(core)
}

/// The store's marked excerpt as pieces, matched words marked.
pub fn excerpt(marked: &str) -> Vec<Excerpt> {
    let mut out = Vec::new();
    let mut rest = marked;
    while !rest.is_empty() {
        let (plain, after) = rest.split_once(HIT_START).unwrap_or((rest, ""));
        push(&mut out, plain, false);
        let (hit, after) = after.split_once(HIT_END).unwrap_or((after, ""));
        push(&mut out, hit, true);
        rest = after;
    }
    out
}

fn push(out: &mut Vec<Excerpt>, text: &str, hit: bool) {
    if !text.is_empty() {
        out.push(Excerpt {
            text: text.to_owned(),
            hit,
        });
    }
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
