//! *Indsigt*: the answer to a young person's or a parent's access request
//! (GDPR art. 15) for one case, in one step: everything Feltbog stores
//! about the case, every version of its steps, and every access-log entry
//! about it with the result of the log's chain check, so the recipient
//! can see the log is complete (EU court C-579/21: who consulted the data
//! and when is part of the answer). Assembled by core
//! (`Session::access_pack`, which logs the making), set as a PDF by
//! `feltbog-export`.

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
    /// Every access-log entry about the case, oldest first, its making
    /// included.
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
pub fn file_name(case_number: &str) -> String {
    format!("Feltbog-indsigt-{case_number}.pdf")
}
