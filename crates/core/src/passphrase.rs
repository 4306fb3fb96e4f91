//! How strong a new passphrase is: zxcvbn's estimate of the guesses an
//! attacker needs, with words from Feltbog's own world counted as known.
//!
//! The passphrase is the only barrier an attacker with a copy of the key
//! file has (the key derivation makes each guess cost half a second, but a
//! short list is tried quickly), so the rule is zxcvbn's score 3 or more,
//! not a length: "skolebesøg1" is long enough and guessed at once.

use crate::{Error, Result};
use feltbog_api::profile::{
    PassphraseAdvice, PassphraseCheck, Strength, PASSPHRASE_MIN_CHARS, PASSPHRASE_MIN_SCORE,
};
use feltbog_api::Problem;
use zxcvbn::feedback::{Suggestion, Warning};

/// Words an attacker who knows the user's work tries first: zxcvbn's
/// dictionaries are English, so the Danish words of the job, the places
/// and the calendar are given as "user inputs" (counted as known words).
const CONTEXT_WORDS: &[&str] = &[
    "feltbog",
    "ssp",
    "skole",
    "skolen",
    "skoler",
    "besøg",
    "besog",
    "skolebesøg",
    "elev",
    "elever",
    "klasse",
    "klassen",
    "lærer",
    "laerer",
    "forældre",
    "foraeldre",
    "forældrecafé",
    "café",
    "cafe",
    "politi",
    "politiet",
    "kommune",
    "kommunen",
    "ung",
    "unge",
    "ungdom",
    "ungeprofil",
    "sag",
    "sager",
    "samtale",
    "bekymring",
    "kriminalitet",
    "forebyggelse",
    "adgangskode",
    "kodeord",
    "password",
    "hemmelig",
    "hemmeligt",
    "kode",
    "login",
    "velkommen",
    "danmark",
    "dansk",
    "københavn",
    "kobenhavn",
    "aarhus",
    "århus",
    "odense",
    "aalborg",
    "esbjerg",
    "randers",
    "kolding",
    "horsens",
    "vejle",
    "roskilde",
    "herning",
    "silkeborg",
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
    "mandag",
    "tirsdag",
    "onsdag",
    "torsdag",
    "fredag",
    "lørdag",
    "søndag",
    "forår",
    "sommer",
    "efterår",
    "vinter",
    "jul",
    "påske",
    "hund",
    "kat",
    "hest",
    "familie",
    "kærlighed",
    "elsker",
    "sommerhus",
    "fodbold",
    "hygge",
];

/// The strength of `passphrase`, with advice for the user.
pub fn check(passphrase: &str) -> PassphraseCheck {
    let chars = passphrase.chars().count();
    if chars == 0 {
        return PassphraseCheck {
            score: 0,
            strength: Strength::TooShort,
            acceptable: false,
            warning: None,
            suggestions: vec![PassphraseAdvice::UseAFewWords],
        };
    }
    let estimate = zxcvbn::zxcvbn(passphrase, CONTEXT_WORDS);
    let score = u8::from(estimate.score());
    let strength = Strength::of(chars, score);
    let acceptable = chars >= PASSPHRASE_MIN_CHARS && score >= PASSPHRASE_MIN_SCORE;
    let mut warning = estimate
        .feedback()
        .and_then(|f| f.warning())
        .map(warning_advice);
    let mut suggestions: Vec<PassphraseAdvice> = estimate
        .feedback()
        .map(|f| {
            f.suggestions()
                .iter()
                .copied()
                .map(suggestion_advice)
                .collect()
        })
        .unwrap_or_default();
    if !acceptable && uses_context_words(passphrase) {
        warning = Some(PassphraseAdvice::ContextWords);
    }
    if chars < PASSPHRASE_MIN_CHARS {
        warning = Some(PassphraseAdvice::TooShort);
    }
    if !acceptable && suggestions.is_empty() {
        suggestions.push(PassphraseAdvice::AddAnotherWord);
    }
    if acceptable {
        warning = None;
        suggestions.clear();
    }
    PassphraseCheck {
        score,
        strength,
        acceptable,
        warning,
        suggestions,
    }
}

/// Refuses a new passphrase that is too short or too easy to guess; names
/// the field it came from.
pub fn check_new(passphrase: &str, field: &str) -> Result<()> {
    if passphrase.chars().count() < PASSPHRASE_MIN_CHARS {
        return Err(Error::invalid(
            field,
            Problem::TooShort {
                min: PASSPHRASE_MIN_CHARS as u32,
            },
            format!("the passphrase must have at least {PASSPHRASE_MIN_CHARS} characters"),
        ));
    }
    if !check(passphrase).acceptable {
        return Err(Error::invalid(
            field,
            Problem::TooWeak,
            "the passphrase is too easy to guess: use a sentence of four or five words that do \
             not usually go together (words from work, places, months and years are guessed \
             first)",
        ));
    }
    Ok(())
}

fn uses_context_words(passphrase: &str) -> bool {
    let lower = passphrase.to_lowercase();
    CONTEXT_WORDS
        .iter()
        .any(|w| w.chars().count() >= 4 && lower.contains(w))
}

fn warning_advice(w: Warning) -> PassphraseAdvice {
    use PassphraseAdvice as A;
    match w {
        Warning::StraightRowsOfKeysAreEasyToGuess => A::StraightRows,
        Warning::ShortKeyboardPatternsAreEasyToGuess => A::ShortKeyboardPatterns,
        Warning::RepeatsLikeAaaAreEasyToGuess
        | Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => A::Repeats,
        Warning::SequencesLikeAbcAreEasyToGuess => A::Sequences,
        Warning::RecentYearsAreEasyToGuess => A::RecentYears,
        Warning::DatesAreOftenEasyToGuess => A::Dates,
        Warning::ThisIsATop10Password
        | Warning::ThisIsATop100Password
        | Warning::ThisIsACommonPassword => A::CommonPassword,
        Warning::ThisIsSimilarToACommonlyUsedPassword => A::SimilarToCommon,
        Warning::AWordByItselfIsEasyToGuess => A::WordByItself,
        Warning::NamesAndSurnamesByThemselvesAreEasyToGuess
        | Warning::CommonNamesAndSurnamesAreEasyToGuess => A::Names,
    }
}

fn suggestion_advice(s: Suggestion) -> PassphraseAdvice {
    use PassphraseAdvice as A;
    match s {
        Suggestion::UseAFewWordsAvoidCommonPhrases => A::UseAFewWords,
        Suggestion::NoNeedForSymbolsDigitsOrUppercaseLetters => A::NoNeedForSymbols,
        Suggestion::AddAnotherWordOrTwo => A::AddAnotherWord,
        Suggestion::CapitalizationDoesntHelpVeryMuch => A::Capitalization,
        Suggestion::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase => A::AllUppercase,
        Suggestion::ReversedWordsArentMuchHarderToGuess => A::ReversedWords,
        Suggestion::PredictableSubstitutionsDontHelpVeryMuch => A::Substitutions,
        Suggestion::UseALongerKeyboardPatternWithMoreTurns => A::LongerKeyboardPattern,
        Suggestion::AvoidRepeatedWordsAndCharacters => A::AvoidRepeats,
        Suggestion::AvoidSequences => A::AvoidSequences,
        Suggestion::AvoidRecentYears => A::RecentYears,
        Suggestion::AvoidYearsThatAreAssociatedWithYou
        | Suggestion::AvoidDatesAndYearsThatAreAssociatedWithYou => A::AvoidYears,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_from_work_and_common_patterns_are_refused() {
        for weak in [
            "skolebesøg1",
            "Skolebesøg2026",
            "adgangskode123",
            "password1234",
            "qwertyuiopå",
            "aaaaaaaaaaaa",
            "Kommunen2026",
            "sommer2026",
        ] {
            let c = check(weak);
            assert!(!c.acceptable, "{weak} scored {}", c.score);
            assert!(c.warning.is_some() || !c.suggestions.is_empty(), "{weak}");
            assert!(check_new(weak, "passphrase").is_err(), "{weak}");
        }
        assert_eq!(
            check("skolebesøg1").warning,
            Some(PassphraseAdvice::ContextWords)
        );
    }

    #[test]
    fn a_sentence_of_unrelated_words_is_accepted() {
        for strong in [
            "grøn hest spiser syv æbler",
            "en lang og hemmelig sætning",
            "blå cykel ved havnen om aftenen",
            "tromle-pingvin-kaffe-støvle",
        ] {
            let c = check(strong);
            assert!(c.acceptable, "{strong} scored {}", c.score);
            assert_eq!(c.warning, None);
            assert!(check_new(strong, "passphrase").is_ok());
        }
    }

    #[test]
    fn too_short_is_said_first() {
        let c = check("Xq7#k");
        assert_eq!(c.strength, Strength::TooShort);
        assert_eq!(c.warning, Some(PassphraseAdvice::TooShort));
        let e = check_new("Xq7#k", "new_passphrase").err().unwrap();
        assert!(matches!(e, Error::Invalid { .. }), "{e:?}");
    }
}
