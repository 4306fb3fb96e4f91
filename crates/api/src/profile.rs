//! The encrypted profile: creating it, unlocking it and its settings.

use serde::{Deserialize, Serialize};

/// Passphrases shorter than this are refused.
pub const PASSPHRASE_MIN_CHARS: usize = 10;

/// Where the app stands before any record can be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileStatus {
    pub exists: bool,
    pub unlocked: bool,
    /// Set while too many wrong tries make the next one wait.
    pub retry_after_secs: Option<u64>,
}

/// The one-time recovery code shown after creating a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCodeView {
    pub code: crate::secret::Secret,
}

/// The UI language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    #[default]
    #[serde(rename = "da")]
    Da,
    #[serde(rename = "en")]
    En,
}

/// A backup written: where, how large, and when (UTC, RFC 3339).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupDone {
    pub path: String,
    pub bytes: u64,
    pub made_at: String,
}

/// How a backup is opened on restore: with the passphrase it was made
/// under, or with its recovery code and a new passphrase (the code is then
/// renewed, as on unlock).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "with", rename_all = "snake_case")]
pub enum RestoreKey {
    Passphrase {
        passphrase: crate::secret::Secret,
    },
    RecoveryCode {
        code: crate::secret::Secret,
        new_passphrase: crate::secret::Secret,
        repeated: crate::secret::Secret,
    },
}

/// What a restore did: when the backup was made, how many cases became
/// due since and were deleted, and whether more wait for a person (the
/// purge hold), with a new recovery code where the old one was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreDone {
    pub made_at: String,
    pub deleted: u32,
    pub held: Option<crate::cases::PurgeHold>,
    pub new_code: Option<crate::secret::Secret>,
}

/// The user's settings, stored inside the encrypted profile. A field missing
/// from a stored value (written by an older Feltbog) takes its default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub language: Language,
    /// Lock after this many idle minutes.
    pub idle_lock_minutes: u32,
    /// Written as the author of new records.
    pub consultant_name: String,
    /// First-offence cases: the municipality's deadlines and rules.
    pub cases: CaseSettings,
    /// Counts of pupils or parents below this are hidden in what leaves
    /// the app (the weekly summary); new survey rounds start with it.
    pub small_threshold: u32,
    /// How long visits, cafés, survey rounds and the logs are kept.
    pub retention: RetentionSettings,
    /// The case rules and the threshold are the team's (read from the
    /// team's rules, not this device's own). Set by core when read;
    /// ignored when saving.
    pub team_rules: bool,
    /// The team's rules, and this member is not a coordinator: shown, not
    /// changed. Set by core when read; ignored when saving.
    pub rules_read_only: bool,
    /// A desktop notification once a day with how many things are due or
    /// overdue (counts and kinds only).
    pub reminders: bool,
}

/// The municipality's rules for first-offence cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseSettings {
    /// A conversation is offered within this many days of the notification.
    pub offer_within_days: u32,
    /// The follow-up is held within this many weeks of the conversation.
    pub follow_up_within_weeks: u32,
    /// A closed case is deleted this many years after closing.
    pub delete_after_years: u32,
    /// Whether a CPR number may be recorded at all.
    pub cpr_allowed: bool,
    /// A case never closed is deleted this many years after its last step
    /// (it is marked stale in the lists half a year before).
    pub stale_after_years: u32,
    /// The team's letter offering the conversation, with placeholders
    /// (`papers::LETTER_PLACEHOLDERS`); empty: Feltbog's own
    /// (`papers::DEFAULT_OFFER_LETTER`).
    #[serde(default)]
    pub offer_letter: String,
}

impl Default for CaseSettings {
    fn default() -> Self {
        Self {
            offer_within_days: 7,
            follow_up_within_weeks: 6,
            delete_after_years: 2,
            cpr_allowed: false,
            stale_after_years: 3,
            offer_letter: String::new(),
        }
    }
}

/// Allowed ranges for the case settings.
pub const OFFER_WITHIN_DAYS_MAX: u32 = 60;
pub const FOLLOW_UP_WITHIN_WEEKS_MAX: u32 = 52;
pub const DELETE_AFTER_YEARS_MAX: u32 = 10;

/// How long the other records are kept, in whole years after their date
/// (a visit's or café's day, a survey round's last day, an access-log
/// entry's time, a deletion's day). Deleted like a case on its day: by the
/// purge on unlock and daily while open, held for a person when the date
/// looks wrong or the number is unusual. In a team they are the team's
/// rules, set by a coordinator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RetentionSettings {
    /// Visits, with their follow-ups.
    pub visits_after_years: u32,
    /// Parent cafés, with their agreements.
    pub cafes_after_years: u32,
    /// Survey rounds, with their classes (counted from the window's end).
    pub survey_after_years: u32,
    /// Activities (street presence, group work, theme days, …).
    pub activities_after_years: u32,
    /// The access log (also what it says of cases long deleted).
    pub access_log_after_years: u32,
    /// The record of which cases were deleted, and when.
    pub deletions_after_years: u32,
}

impl Default for RetentionSettings {
    fn default() -> Self {
        Self {
            visits_after_years: 5,
            cafes_after_years: 5,
            survey_after_years: 5,
            activities_after_years: 5,
            access_log_after_years: 5,
            deletions_after_years: 5,
        }
    }
}

/// The longest any retention rule may be, in years.
pub const RETENTION_YEARS_MAX: u32 = 10;

/// How many records of each kind the retention rules delete (or would).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionCounts {
    pub visits: u32,
    pub cafes: u32,
    pub survey_rounds: u32,
    #[serde(default)]
    pub activities: u32,
    /// Notifications from the police's list never triaged.
    #[serde(default)]
    pub pending: u32,
    pub access_entries: u32,
    pub deletions: u32,
}

impl RetentionCounts {
    /// Every kind together.
    pub fn total(&self) -> u32 {
        self.visits
            + self.cafes
            + self.survey_rounds
            + self.activities
            + self.pending
            + self.access_entries
            + self.deletions
    }

    pub fn is_empty(&self) -> bool {
        *self == RetentionCounts::default()
    }
}

/// What the retention rules delete at the next purge, and within the
/// notice period after it: shown before they act.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionPlan {
    pub now: RetentionCounts,
    /// Within [`RetentionPlan::notice_days`] from today (including `now`).
    pub soon: RetentionCounts,
    pub notice_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            language: Language::Da,
            idle_lock_minutes: 10,
            consultant_name: String::new(),
            cases: CaseSettings::default(),
            small_threshold: u32::from(crate::survey::SMALL_THRESHOLD_DEFAULT),
            retention: RetentionSettings::default(),
            team_rules: false,
            rules_read_only: false,
            reminders: true,
        }
    }
}

/// Allowed range for the idle lock.
pub const IDLE_LOCK_MINUTES_MIN: u32 = 1;
/// At most an hour: a laptop left open must not stay unlocked for long.
pub const IDLE_LOCK_MINUTES_MAX: u32 = 60;

/// The least zxcvbn score (0 to 4) a new passphrase must reach: 3 means
/// "safely unguessable", about 10^10 guesses, which with the key
/// derivation's half second per guess is centuries for one computer.
pub const PASSPHRASE_MIN_SCORE: u8 = 3;

/// What the strength check says of a new passphrase: the meter and the
/// advice shown while typing, and the rule `create`, `passwd` and the
/// recovery path apply. Computed in core (the dictionaries stay out of the
/// UI's wasm).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassphraseCheck {
    /// zxcvbn's score, 0 (guessed at once) to 4 (very hard).
    pub score: u8,
    pub strength: Strength,
    /// Long enough and scored at least [`PASSPHRASE_MIN_SCORE`].
    pub acceptable: bool,
    /// What is wrong, when something is.
    pub warning: Option<PassphraseAdvice>,
    /// How to do better.
    pub suggestions: Vec<PassphraseAdvice>,
}

/// The meter under a new passphrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Strength {
    /// Fewer than [`PASSPHRASE_MIN_CHARS`] characters.
    TooShort,
    /// Too easy to guess: refused.
    Weak,
    /// Accepted (score 3).
    Fair,
    /// Score 4.
    Strong,
}

impl Strength {
    /// The meter for a length and a score.
    pub fn of(chars: usize, score: u8) -> Strength {
        if chars < PASSPHRASE_MIN_CHARS {
            Strength::TooShort
        } else if score < PASSPHRASE_MIN_SCORE {
            Strength::Weak
        } else if score == PASSPHRASE_MIN_SCORE {
            Strength::Fair
        } else {
            Strength::Strong
        }
    }
}

/// One piece of advice on a passphrase: zxcvbn's warnings and suggestions,
/// each with a Danish text in the catalogue ("advice.<snake_case>").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassphraseAdvice {
    TooShort,
    /// Words from Feltbog's own world (skole, besøg, SSP, the months…).
    ContextWords,
    StraightRows,
    ShortKeyboardPatterns,
    Repeats,
    Sequences,
    RecentYears,
    Dates,
    CommonPassword,
    SimilarToCommon,
    WordByItself,
    Names,
    UseAFewWords,
    NoNeedForSymbols,
    AddAnotherWord,
    LongerKeyboardPattern,
    AvoidRepeats,
    AvoidSequences,
    AvoidYears,
    Capitalization,
    AllUppercase,
    ReversedWords,
    Substitutions,
}

impl PassphraseAdvice {
    /// The catalogue key of its text.
    pub fn key(self) -> &'static str {
        match self {
            Self::TooShort => "advice.too_short",
            Self::ContextWords => "advice.context_words",
            Self::StraightRows => "advice.straight_rows",
            Self::ShortKeyboardPatterns => "advice.short_keyboard_patterns",
            Self::Repeats => "advice.repeats",
            Self::Sequences => "advice.sequences",
            Self::RecentYears => "advice.recent_years",
            Self::Dates => "advice.dates",
            Self::CommonPassword => "advice.common_password",
            Self::SimilarToCommon => "advice.similar_to_common",
            Self::WordByItself => "advice.word_by_itself",
            Self::Names => "advice.names",
            Self::UseAFewWords => "advice.use_a_few_words",
            Self::NoNeedForSymbols => "advice.no_need_for_symbols",
            Self::AddAnotherWord => "advice.add_another_word",
            Self::LongerKeyboardPattern => "advice.longer_keyboard_pattern",
            Self::AvoidRepeats => "advice.avoid_repeats",
            Self::AvoidSequences => "advice.avoid_sequences",
            Self::AvoidYears => "advice.avoid_years",
            Self::Capitalization => "advice.capitalization",
            Self::AllUppercase => "advice.all_uppercase",
            Self::ReversedWords => "advice.reversed_words",
            Self::Substitutions => "advice.substitutions",
        }
    }

    /// Every piece of advice (for the catalogue's completeness test).
    pub const ALL: [PassphraseAdvice; 23] = [
        Self::TooShort,
        Self::ContextWords,
        Self::StraightRows,
        Self::ShortKeyboardPatterns,
        Self::Repeats,
        Self::Sequences,
        Self::RecentYears,
        Self::Dates,
        Self::CommonPassword,
        Self::SimilarToCommon,
        Self::WordByItself,
        Self::Names,
        Self::UseAFewWords,
        Self::NoNeedForSymbols,
        Self::AddAnotherWord,
        Self::LongerKeyboardPattern,
        Self::AvoidRepeats,
        Self::AvoidSequences,
        Self::AvoidYears,
        Self::Capitalization,
        Self::AllUppercase,
        Self::ReversedWords,
        Self::Substitutions,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meter_follows_length_then_score() {
        assert_eq!(Strength::of(4, 4), Strength::TooShort);
        assert_eq!(Strength::of(12, 2), Strength::Weak);
        assert_eq!(Strength::of(12, 3), Strength::Fair);
        assert_eq!(Strength::of(30, 4), Strength::Strong);
    }

    #[test]
    fn every_advice_has_its_own_key() {
        let mut keys: Vec<&str> = PassphraseAdvice::ALL.iter().map(|a| a.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), PassphraseAdvice::ALL.len());
    }
}
