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
    pub code: String,
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
    /// The case rules and the threshold are the team's (read from the
    /// team's rules, not this device's own). Set by core when read;
    /// ignored when saving.
    pub team_rules: bool,
    /// The team's rules, and this member is not a coordinator: shown, not
    /// changed. Set by core when read; ignored when saving.
    pub rules_read_only: bool,
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
}

impl Default for CaseSettings {
    fn default() -> Self {
        Self {
            offer_within_days: 7,
            follow_up_within_weeks: 6,
            delete_after_years: 2,
            cpr_allowed: false,
        }
    }
}

/// Allowed ranges for the case settings.
pub const OFFER_WITHIN_DAYS_MAX: u32 = 60;
pub const FOLLOW_UP_WITHIN_WEEKS_MAX: u32 = 52;
pub const DELETE_AFTER_YEARS_MAX: u32 = 10;

impl Default for Settings {
    fn default() -> Self {
        Self {
            language: Language::Da,
            idle_lock_minutes: 10,
            consultant_name: String::new(),
            cases: CaseSettings::default(),
            small_threshold: u32::from(crate::survey::SMALL_THRESHOLD_DEFAULT),
            team_rules: false,
            rules_read_only: false,
        }
    }
}

/// Allowed range for the idle lock.
pub const IDLE_LOCK_MINUTES_MIN: u32 = 1;
/// At most an hour: a laptop left open must not stay unlocked for long.
pub const IDLE_LOCK_MINUTES_MAX: u32 = 60;

/// A rough strength estimate for the passphrase hint shown while typing.
/// It only guides; the hard rule is [`PASSPHRASE_MIN_CHARS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Strength {
    TooShort,
    Weak,
    Fair,
    Strong,
}

/// Estimates passphrase strength from length and variety of characters.
pub fn passphrase_strength(p: &str) -> Strength {
    let len = p.chars().count();
    if len < PASSPHRASE_MIN_CHARS {
        return Strength::TooShort;
    }
    let classes = [
        p.chars().any(|c| c.is_lowercase()),
        p.chars().any(|c| c.is_uppercase()),
        p.chars().any(|c| c.is_numeric()),
        p.chars().any(|c| !c.is_alphanumeric()),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    let distinct = {
        let mut cs: Vec<char> = p.chars().collect();
        cs.sort_unstable();
        cs.dedup();
        cs.len()
    };
    if distinct < 5 {
        Strength::Weak
    } else if len >= 20 || (len >= 14 && classes >= 3) {
        Strength::Strong
    } else if len >= 12 || classes >= 3 {
        Strength::Fair
    } else {
        Strength::Weak
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strength_grows_with_length_and_variety() {
        assert_eq!(passphrase_strength("kort"), Strength::TooShort);
        assert_eq!(passphrase_strength("aaaaaaaaaaaa"), Strength::Weak);
        assert_eq!(passphrase_strength("skolebesøg"), Strength::Weak);
        assert_eq!(passphrase_strength("skolebesøg12"), Strength::Fair);
        assert_eq!(
            passphrase_strength("grøn hest spiser 7 æbler"),
            Strength::Strong
        );
    }
}
