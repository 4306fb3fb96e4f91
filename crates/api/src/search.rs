//! Search across the records (issue 23, item 4): by any word of a school,
//! a visit (purpose, classes, notes), a follow-up, a café (theme, area,
//! what was raised, notes), an agreement, an activity (kind, theme, area,
//! notes) and its follow-ups, or a survey round; a case by its
//! number only. The app's search page and `feltbog search` show the same
//! value.

use crate::activities::ActivityKind;
use crate::visits::VisitPurpose;
use crate::{
    ActivityFollowUpId, ActivityId, AgreementId, CafeId, CaseId, FollowUpId, RoundId, SchoolId,
    VisitId,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// At most this many hits are shown; the count says how many there were.
pub const SEARCH_LIMIT: usize = 50;

/// Matches are counted up to this many. Past it the count says "more than"
/// and the newest records come first: ranking a word found in every note
/// of ten years would take longer than the user waits, and says little.
pub const SEARCH_COUNT_CAP: usize = 1000;

/// The longest search text taken (characters); more is an error naming
/// the field, not a silent cut.
pub const SEARCH_MAX_CHARS: usize = 200;

/// What a hit is, with what it takes to open its record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SearchItem {
    School {
        school: SchoolId,
        name: String,
        town: String,
    },
    Visit {
        visit: VisitId,
        school_name: String,
        purpose: VisitPurpose,
        purpose_other: String,
    },
    FollowUp {
        follow_up: FollowUpId,
        visit: VisitId,
        school_name: String,
    },
    Cafe {
        cafe: CafeId,
        /// The school's name or the area.
        place: String,
    },
    Agreement {
        agreement: AgreementId,
        cafe: CafeId,
        place: String,
    },
    Activity {
        activity: ActivityId,
        activity_kind: ActivityKind,
        /// The school's name or the area.
        place: String,
    },
    ActivityFollowUp {
        follow_up: ActivityFollowUpId,
        activity: ActivityId,
        /// The activity's school or area.
        place: String,
    },
    Round {
        round: RoundId,
        name: String,
    },
    /// Found by its number; nothing else of a case is searched or shown.
    Case {
        case: CaseId,
        number: String,
    },
}

/// A piece of a hit's text: `hit` marks the words that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Excerpt {
    pub text: String,
    pub hit: bool,
}

/// One record found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    /// The record's day (visit, café, follow-up due, agreement revisit,
    /// round's first day, case notified); none for a school.
    pub date: Option<NaiveDate>,
    #[serde(flatten)]
    pub item: SearchItem,
    /// Where the words matched, a few words either side; empty for a
    /// case (its number is the whole hit).
    pub excerpt: Vec<Excerpt>,
}

/// The answer to one search, best match first (newest first when
/// `capped`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    /// The text searched for, as given.
    pub text: String,
    /// At most [`SEARCH_LIMIT`].
    pub hits: Vec<SearchHit>,
    /// How many records matched in all, up to [`SEARCH_COUNT_CAP`].
    pub total: usize,
    /// More than [`SEARCH_COUNT_CAP`] matched; the hits are the newest.
    pub capped: bool,
}
