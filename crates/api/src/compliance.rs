//! The papers a data-protection officer asks for before a municipality may
//! use Feltbog, made from the live profile: the record of processing
//! activities (GDPR art. 30) and an appendix to the data-protection impact
//! assessment (art. 35). Core gathers the facts ([`ComplianceFacts`]:
//! rules, counts and settings, never anything about a single young
//! person); `feltbog-export` words them as a [`Paper`] in the user's
//! language, which the screen shows and the PDF and the plain text set.

use crate::profile::{CaseSettings, RetentionCounts, RetentionSettings};
use crate::words::word_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The months back the papers count deletions over.
pub const DELETED_MONTHS: u32 = 12;

/// What the papers say, as the profile stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplianceFacts {
    /// The team's name, or empty when the profile is not in a team.
    pub team: String,
    /// The sync server's address (a team only).
    pub server: Option<String>,
    /// The team's members as this device knows them (a profile alone: 1).
    pub members: u32,
    pub coordinators: u32,
    /// Members holding the case key.
    pub case_members: u32,
    /// The rules the team (or this device) has set.
    pub retention: RetentionSettings,
    pub cases: CaseSettings,
    pub small_threshold: u32,
    pub idle_lock_minutes: u32,
    /// Whether the rules are the team's (set by a coordinator).
    pub team_rules: bool,
    /// The first day of the [`DELETED_MONTHS`] the deletions are counted
    /// over, and what the retention rules deleted in them, from the
    /// purges' access-log entries this device holds (every device's, with
    /// case access; its own, without): for the team's records each day
    /// counts the most one device deleted that day, as devices delete the
    /// same records by the same rule; the access log, this device's trims.
    pub deleted_since: NaiveDate,
    pub deleted: RetentionCounts,
    /// Whether this device holds the cases (and the whole access log): a
    /// member without case access cannot count the cases' deletions.
    pub reads_cases: bool,
    /// Cases deleted in the same months (the deletion record, the team's).
    pub cases_deleted: u32,
    /// Due today and not deleted yet (a purge held for a person to
    /// confirm): all zero when everything was deleted on time.
    pub overdue: RetentionCounts,
    pub cases_overdue: u32,
    /// The access log: entries held, the devices writing them, and
    /// whether the chain check found it whole.
    pub log_entries: u32,
    pub log_devices: u32,
    pub log_intact: bool,
    /// When and by whom (the settings' name) the papers were made.
    pub made_on: NaiveDate,
    pub made_by: String,
}

/// The papers in words: parts of headed sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paper {
    pub title: String,
    /// Under the title: the team, when and by whom, from what.
    pub lead: Vec<String>,
    pub parts: Vec<PaperPart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperPart {
    pub title: String,
    pub intro: String,
    pub sections: Vec<PaperSection>,
}

/// One heading's worth: paragraphs, then label–value rows, then bullets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperSection {
    pub heading: String,
    pub paragraphs: Vec<String>,
    /// The rows' two column headings (empty: a list of label and value).
    pub header: Vec<String>,
    pub rows: Vec<(String, String)>,
    pub bullets: Vec<String>,
}

word_enum!(
    /// The two ways the papers are saved.
    PaperFormat {
        Pdf = "pdf",
        Text = "text",
    }
);

impl PaperFormat {
    /// The file's extension.
    pub fn extension(self) -> &'static str {
        match self {
            PaperFormat::Pdf => "pdf",
            PaperFormat::Text => "txt",
        }
    }

    /// The format a file name asks for: `.txt` is text, anything else PDF.
    pub fn of_path(path: &str) -> PaperFormat {
        if path.to_lowercase().ends_with(".txt") {
            PaperFormat::Text
        } else {
            PaperFormat::Pdf
        }
    }
}

/// The file name a save dialog proposes: `Feltbog-databeskyttelse-2026-12-05.pdf`.
pub fn compliance_file_name(on: NaiveDate, format: PaperFormat) -> String {
    format!(
        "Feltbog-databeskyttelse-{}.{}",
        on.format("%Y-%m-%d"),
        format.extension()
    )
}
