//! The papers a first-offence case gives out, assembled by core and set as
//! PDFs by `feltbog-export`; each file is named by the case number only.
//!
//! *Indsigt*: the answer to a young person's or a parent's access request
//! (GDPR art. 15) for one case, in one step: everything Feltbog stores
//! about the case, every version of its steps, and every access-log entry
//! about it with the result of the log's chain check, so the recipient
//! can see the log has not been tampered with (EU court C-579/21: when and
//! why the data was consulted is part of the answer; the staff's names
//! only where essential. Feltbog prints the name each member gave their
//! device, as a team is a handful of named SSP consultants the family
//! meets; a DPO may decide otherwise). Assembled by core
//! (`Session::access_pack`; its making is logged once written).
//!
//! *Referat*: the minutes of a conversation held ([`Referat`]).

use crate::cases::{AccessEntry, CaseView, ChainCheck, StepView};
use serde::{Deserialize, Serialize};

/// One version of a step: the current one, or one a correction replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepVersion {
    /// As recorded (its `revisions` are empty: each version is listed).
    pub version: StepView,
    /// A later correction replaced it.
    pub replaced: bool,
}

/// Everything about one case, for the person it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessPack {
    /// The case as it stands. Its CPR number, where one is registered, is
    /// said to be registered and never printed (as on every screen).
    pub case: CaseView,
    /// Every version of every step, in the order recorded.
    pub versions: Vec<StepVersion>,
    /// Every access-log entry about the case, oldest first (its own making
    /// is logged once the file is written, so it is not among them).
    pub log: Vec<AccessEntry>,
    /// The whole log's chain check, made for this pack.
    pub chain: ChainCheck,
    /// When and by whom it was made (UTC, RFC 3339; the settings' name).
    pub made_at: String,
    pub made_by: String,
    /// The team's name, or empty.
    pub team: String,
}

/// The file name an access pack is saved under: the case number only, so
/// no personal data is in a file name.
pub fn access_pack_file_name(case_number: &str) -> String {
    format!("Feltbog-indsigt-{}.pdf", file_safe(case_number))
}

/// A case number as part of a file name: letters, digits and dashes only
/// (a number from a peer is a synced text; no path may come of it).
fn file_safe(case_number: &str) -> String {
    case_number
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

/// Which step a referat is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "by", content = "value")]
pub enum StepPick {
    /// The latest conversation held (or follow-up held).
    Latest,
    /// The `n`th step as `feltbog case show` lists them, from 1.
    Nth(usize),
    /// The step with this id (the app's button on a step).
    Id(crate::CaseStepId),
}

/// When the follow-up comes, as the referat says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "date")]
pub enum FollowUpWhen {
    /// A follow-up conversation is planned for this day.
    Planned(chrono::NaiveDate),
    /// No day yet: the municipality's rule says it is held by this day.
    DueBy(chrono::NaiveDate),
}

/// The minutes (*referat*) of a conversation held, as handed to the family
/// and to the police: the case number, the young person by initials, the
/// conversation's day, place, participants by role and its three phases
/// (or, for a follow-up, what came of it), and when the follow-up comes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referat {
    pub number: String,
    pub initials: String,
    pub birth_year: i32,
    pub school_name: String,
    /// The conversation held (or the follow-up held).
    pub step: StepView,
    pub follow_up: Option<FollowUpWhen>,
    /// The team's name, or empty.
    pub team: String,
    /// When and by whom it was made (UTC, RFC 3339; the settings' name).
    pub made_at: String,
    pub made_by: String,
}

/// The file name a referat is saved under: the case number only.
pub fn referat_file_name(case_number: &str) -> String {
    format!("Feltbog-referat-{}.pdf", file_safe(case_number))
}
