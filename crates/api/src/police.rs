//! The police's weekly list of first-offence notifications (issue 24):
//! read from a CSV or XLSX file or pasted rows, shown row by row before
//! anything is kept, then kept as rows waiting to be triaged: a new case,
//! a repeat of an earlier one, or not ours.
//!
//! Minimised at the door (`feltbog-core`'s `domain::police_list`): a name
//! becomes initials, a CPR number or birth date the birth year; the CPR
//! number itself is kept only where the team's rules allow CPR numbers.
//! Nothing here ever carries a name or a CPR number's digits.

use crate::cases::{CaseLink, CaseView, Deadline, Law, Offence};
use crate::{PendingId, Problem, SchoolId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The largest list read: a week's list is a few kilobytes.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// The most rows a list may hold (a large municipality's week is ~30).
pub const MAX_ROWS: usize = 500;

/// Where a list comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListSource {
    /// A CSV or XLSX file (the app's file dialog, or the command line).
    File { path: String },
    /// Rows pasted from a spreadsheet or an e-mail, header row first.
    Text { text: String },
}

/// What the user confirms: the list as previewed. Reading it in refuses a
/// file that changed since (`digest`: [`ListPreview::digest`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListConfirmed {
    pub source: ListSource,
    pub digest: String,
}

/// One row as Feltbog would keep it: already minimised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRow {
    /// The row's line in the file (1-based, the header is line 1 or later).
    pub line: u32,
    pub notified: NaiveDate,
    pub offence_date: NaiveDate,
    pub initials: String,
    pub birth_year: i32,
    /// A CPR number will be kept with the row (the team's rules allow it).
    pub cpr_kept: bool,
    pub school: Option<SchoolId>,
    pub school_name: String,
    pub law: Law,
    pub law_other: String,
    pub offence: Offence,
    /// The list's own words when the offence is none of Feltbog's kinds.
    pub offence_other: String,
    pub journal: String,
}

/// Why a row (or the whole list) cannot be read in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListProblem {
    /// Over [`MAX_BYTES`] (`mib` with one decimal).
    TooLarge { mib: String, max_mib: u32 },
    /// Over [`MAX_ROWS`] rows.
    TooManyRows { rows: u32, max: u32 },
    /// Neither CSV nor a spreadsheet Feltbog can read.
    NotReadable { detail: String },
    /// No row names the column `Dato for underretning`.
    NoHeader,
    /// The row has cells beyond the header's columns: a separator too many
    /// would move every value after it into the wrong column.
    Cells { found: u32, expected: u32 },
    /// A journal number holds more than digits, letters, `-`, `/` and `.`.
    BadJournal,
    /// The same young person and offence is already a case here.
    AlreadyCase,
    /// A header row but no rows under it.
    NoRows,
    /// A value the case needs is empty (`column`: the list's header).
    Missing { column: String },
    /// Not a date (`24-11-2026`, `24.11.2026` or `2026-11-24`). `value` is
    /// repeated only when it is digits and separators, so nothing moved
    /// into the column by mistake (a name) is said back; else empty.
    BadDate { column: String, value: String },
    /// Not a year such as 2011 (`value` as for [`ListProblem::BadDate`]).
    BadYear { column: String, value: String },
    /// Not a CPR number (its digits are never repeated back).
    BadCpr,
    /// The CPR number or birth date and the birth year disagree.
    YearsDisagree,
    /// No school of this name in the profile.
    UnknownSchool { name: String },
    /// The same young person and offence as an earlier line of the list.
    Duplicate { first_line: u32 },
    /// The same young person and offence is already waiting for triage.
    AlreadyWaiting,
    /// The row fails a case's own check (`field` as in [`crate::cases::NewCase`]).
    Invalid { field: String, problem: Problem },
    /// More rows are wrong than are listed.
    MoreErrors { listed: u32 },
}

/// One refused row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListError {
    pub line: u32,
    /// The list's column the problem is in ("" for the whole row or list).
    pub column: String,
    pub problem: ListProblem,
    /// The same in English, for the command line.
    pub message: String,
}

/// What reading a list would keep, before anything is kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPreview {
    /// The file's name without its folder; empty for pasted rows.
    pub file_name: String,
    /// A fingerprint (SHA-256) of the bytes shown: reading in checks the
    /// file is still what the user saw.
    pub digest: String,
    pub rows: Vec<ListRow>,
    pub errors: Vec<ListError>,
    /// Columns Feltbog does not read, as the list names them: never kept.
    pub ignored_columns: Vec<String>,
    /// The list had full names: only their initials are kept.
    pub names_dropped: bool,
    /// The list had CPR numbers the team's rules do not let Feltbog keep:
    /// only the birth year is.
    pub cpr_dropped: bool,
}

/// A list read in: its rows now wait for triage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListImported {
    pub rows: u32,
}

/// A notification waiting to be triaged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub id: PendingId,
    /// The id's first eight characters: how the command line names it.
    pub short: String,
    pub notified: NaiveDate,
    pub offence_date: NaiveDate,
    pub initials: String,
    pub birth_year: i32,
    pub cpr_registered: bool,
    pub school: Option<SchoolId>,
    pub school_name: String,
    pub law: Law,
    pub law_other: String,
    pub offence: Offence,
    pub offence_other: String,
    pub journal: String,
    /// The offer's deadline, running from the notification date.
    pub deadline: Deadline,
    /// Earlier cases that may be the same young person (same initials and
    /// birth year): a repeat is linked to one of them only when the user
    /// confirms it.
    pub matches: Vec<CaseLink>,
}

/// What becomes of a waiting notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Triage {
    /// A first offence: a new case.
    New,
    /// A repeat: a new case linked to the earlier case `earlier`.
    Repeat { earlier: crate::CaseId },
    /// Not ours (moved away, over 18, another municipality): nothing of
    /// the row is kept; the access log records only that one was dismissed.
    Dismiss,
}

/// What a triage did: the new case, or nothing for a dismissed row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Triaged {
    pub case: Option<CaseView>,
}
