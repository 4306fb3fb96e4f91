//! The youth survey (Ungeprofilundersøgelsen): rounds, the classes taking
//! part and their counts, and the overview computed from them.
//!
//! Only counts per class exist here. There is no type, field or column for
//! anything about a single pupil, and rates are always computed from counts.

use crate::words::word_enum;
use crate::{ClassId, Problem, RoundId, SchoolId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

word_enum!(
    /// Which of the survey's two questionnaires a round uses.
    Questionnaire {
        Grades7To9 = "grades7-9",
        YouthEducation = "youth-education",
    }
);

impl Questionnaire {
    /// The grades a class may have in this questionnaire: 7-9, or 10th grade
    /// and years 1-3 of a youth education.
    pub fn grades(self) -> &'static [u8] {
        match self {
            Questionnaire::Grades7To9 => &[7, 8, 9],
            Questionnaire::YouthEducation => &[10, 1, 2, 3],
        }
    }
}

word_enum!(
    /// How far a class has got.
    ClassStatus {
        NotStarted = "not-started",
        InProgress = "in-progress",
        Done = "done",
        CannotTakePart = "cannot-take-part",
    }
);

impl ClassStatus {
    /// Still to be finished: counted as "classes not done".
    pub fn is_open(self) -> bool {
        matches!(self, ClassStatus::NotStarted | ClassStatus::InProgress)
    }

    /// The status once `answered` pupils have answered: the first answer
    /// starts a class that had not started; any other status stays.
    pub fn after_answers(self, answered: u32) -> Self {
        match self {
            ClassStatus::NotStarted if answered > 0 => ClassStatus::InProgress,
            other => other,
        }
    }
}

/// The grade a class name starts with, if any ("8.b" -> 8, "10x" -> 10).
pub fn grade_from_name(name: &str) -> Option<u8> {
    let digits: String = name
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The default small-school threshold: fewer pupils than this in a grade
/// and the school is shown for grades 7-9 together.
pub const SMALL_THRESHOLD_DEFAULT: u8 = 5;
/// The highest small-number threshold allowed (docs/DOMAIN.md: up to 10).
pub const SMALL_THRESHOLD_MAX: u8 = 10;

/// A survey round as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRound {
    pub name: String,
    pub questionnaire: Questionnaire,
    /// The survey window, both days included.
    pub window_from: NaiveDate,
    pub window_to: NaiveDate,
    /// Target response rate in percent, 1-100.
    pub target_percent: u8,
    pub small_threshold: u8,
}

/// A stored round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundView {
    pub id: RoundId,
    pub name: String,
    pub questionnaire: Questionnaire,
    pub window_from: NaiveDate,
    pub window_to: NaiveDate,
    pub target_percent: u8,
    pub small_threshold: u8,
    /// How many classes the round has.
    pub classes: u32,
}

/// One class's counts as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewClass {
    pub round: RoundId,
    pub school: SchoolId,
    /// The class's name at the school, e.g. "7.a".
    pub name: String,
    pub grade: u8,
    pub enrolled: u32,
    pub answered: u32,
    pub absent: u32,
    pub status: ClassStatus,
    /// Why the class cannot take part (required for that status only).
    pub reason: String,
    /// The day the class took the survey.
    pub taken_on: Option<NaiveDate>,
}

/// One class's counts given by its name, as the command line and the CSV
/// import give them: what is left out keeps the stored class's value (or
/// the default for a new class). Core merges it with the class of that
/// name, if the round has one (`Session::set_class_by_name`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassByName {
    pub round: RoundId,
    pub school: SchoolId,
    pub name: String,
    /// Default: the stored class's, else the number the name starts with.
    pub grade: Option<u8>,
    pub enrolled: u32,
    pub answered: Option<u32>,
    pub absent: Option<u32>,
    /// Default: the stored status (not started for a new class), moved on
    /// to "in progress" once anyone has answered.
    pub status: Option<ClassStatus>,
    pub reason: Option<String>,
    pub taken_on: Option<NaiveDate>,
}

/// A stored class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassView {
    pub id: ClassId,
    pub round: RoundId,
    pub school: SchoolId,
    pub school_name: String,
    pub name: String,
    pub grade: u8,
    pub enrolled: u32,
    pub answered: u32,
    pub absent: u32,
    pub status: ClassStatus,
    pub reason: String,
    pub taken_on: Option<NaiveDate>,
}

impl ClassView {
    /// The input that keeps this class as it is, to change one field of.
    pub fn to_input(&self) -> NewClass {
        NewClass {
            round: self.round,
            school: self.school,
            name: self.name.clone(),
            grade: self.grade,
            enrolled: self.enrolled,
            answered: self.answered,
            absent: self.absent,
            status: self.status,
            reason: self.reason.clone(),
            taken_on: self.taken_on,
        }
    }
}

/// Summed counts for a group of classes. The rate is computed, never stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub classes: u32,
    /// Classes not started or in progress.
    pub classes_open: u32,
    pub enrolled: u32,
    pub answered: u32,
    pub absent: u32,
}

impl Counts {
    /// The response rate in percent (answered / enrolled), or `None` when
    /// nobody is enrolled.
    pub fn rate_percent(&self) -> Option<f64> {
        rate(self.answered, self.enrolled)
    }
}

/// `answered / enrolled` in percent; `None` for an empty group.
pub fn rate(answered: u32, enrolled: u32) -> Option<f64> {
    (enrolled > 0).then(|| 100.0 * f64::from(answered) / f64::from(enrolled))
}

word_enum!(
    /// Where a rate stands against the round's target.
    Band {
        Met = "met",
        Near = "near",
        Behind = "behind",
        NoPupils = "no-pupils",
    }
);

/// Where the survey window stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum Window {
    /// Opens in `days` days.
    NotOpen {
        days: i64,
    },
    /// Open; `days` days left, today included.
    Open {
        days: i64,
    },
    Closed,
}

impl Window {
    /// Where `round`'s window stands on `today`.
    pub fn on(round: &RoundView, today: NaiveDate) -> Window {
        if today < round.window_from {
            Window::NotOpen {
                days: (round.window_from - today).num_days(),
            }
        } else if today <= round.window_to {
            Window::Open {
                days: (round.window_to - today).num_days() + 1,
            }
        } else {
            Window::Closed
        }
    }
}

/// The same school and grade in an earlier round of the same questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Earlier {
    pub round: RoundId,
    pub round_name: String,
    pub enrolled: u32,
    pub answered: u32,
}

/// One grade at a school, or (`grade: None`) all of grades 7-9 together
/// for a school too small to show by grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeProgress {
    pub grade: Option<u8>,
    pub counts: Counts,
    pub band: Band,
    /// Earlier rounds, newest first.
    pub earlier: Vec<Earlier>,
}

/// One school in a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolProgress {
    pub school: SchoolId,
    pub school_name: String,
    pub counts: Counts,
    pub band: Band,
    /// True when a grade has fewer pupils than the round's threshold, so
    /// `grades` holds one row for grades 7-9 together.
    pub small: bool,
    pub grades: Vec<GradeProgress>,
}

/// A round's progress: the municipality and each school, worst first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub round: RoundView,
    pub window: Window,
    pub total: Counts,
    pub band: Band,
    pub schools: Vec<SchoolProgress>,
}

/// What an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub added: u32,
    pub updated: u32,
}

/// What is wrong with one line of a class-list file, so each screen can
/// say it in its language; the command line prints [`ImportLineError`]'s
/// English `message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ImportProblem {
    /// The file is larger than the import reads (`mib`, one decimal).
    TooLarge { mib: String, max_mib: u32 },
    /// Not readable as CSV at this line (`detail` is the parser's words).
    NotCsv { detail: String },
    /// A quoted field is not closed.
    QuoteOpen,
    /// The file holds no class.
    NoClasses,
    /// The line does not have the 4 to 6 columns.
    Columns { found: u32 },
    /// A required column is empty (`column`: school, class, enrolled).
    Empty { column: String },
    /// A count is not a whole number of 0 or more.
    NotANumber { column: String, value: String },
    /// The grade is not a grade number.
    NotAGrade { value: String },
    /// No school of this name in the profile.
    UnknownSchool { name: String },
    /// The same class of the same school twice in the file.
    Twice { class: String, school: String },
    /// The class fails a check (e.g. more answered than pupils);
    /// `message` says it in English.
    Invalid {
        field: String,
        problem: Problem,
        message: String,
    },
    /// More lines are wrong than are listed.
    MoreErrors { listed: u32 },
}

/// One refused line of a class-list file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportLineError {
    /// 1-based line number in the file.
    pub line: u32,
    pub problem: ImportProblem,
    /// The same in English, for the command line and logs.
    pub message: String,
}

/// One class a class-list file would write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreviewLine {
    pub line: u32,
    pub school_name: String,
    pub class: String,
    pub grade: u8,
    pub enrolled: u32,
    pub answered: u32,
    pub absent: u32,
    /// A class not in the round yet (otherwise its counts are updated).
    pub new: bool,
}

/// What importing a class-list file would do, before anything is written:
/// every line it would write, and every line it refuses. Nothing is
/// imported while a line is refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// The file's name, without its folder.
    pub file_name: String,
    pub lines: Vec<ImportPreviewLine>,
    pub errors: Vec<ImportLineError>,
}

/// What copying classes from an earlier round wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopySummary {
    pub copied: u32,
    /// Classes that already existed in the new round and were left alone.
    pub skipped: u32,
}
