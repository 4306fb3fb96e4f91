//! The summary (ugerapport, and the report over any period: a month, a
//! school year, …): what the team did in the period and where things stand, as tables of figures per school and for the
//! municipality. Core computes it with real numbers and then marks the cells
//! an export must hide (small numbers, and the cells that would give them
//! away); the screen shows the real numbers with the marks, every export
//! writes the marked cells as "<5" or "x".

use crate::cafes::CafeTheme;
use crate::dates::IsoWeek;
use crate::period::{PeriodKind, ReportPeriod};
use crate::profile::Language;
use crate::survey::Window;
use crate::visits::VisitPurpose;
use crate::words::word_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

word_enum!(
    /// The parts of the summary, in the order they are shown.
    Section {
        Visits = "visits",
        Survey = "survey",
        Cafes = "cafes",
        /// Street presence, group work, theme days, class talks, network
        /// meetings.
        Activities = "activities",
        Cases = "cases",
    }
);

word_enum!(
    /// Which table of a section.
    TableKind {
        VisitsByPurpose = "visits-by-purpose",
        VisitsAhead = "visits-ahead",
        Survey = "survey",
        SurveyGrades = "survey-grades",
        Cafes = "cafes",
        Cases = "cases",
        /// A school's report: its survey rate per grade this school year
        /// and the two before.
        SurveyHistory = "survey-history",
        /// Activities per school or area.
        Activities = "activities",
    }
);

word_enum!(
    /// What a column or a row counts. The word names the measure in CSV;
    /// the UI and the exports show a Danish label for it.
    Measure {
        VisitsDone = "visits-done",
        PlannedNextWeek = "planned-next-week",
        FollowUpsDone = "follow-ups-done",
        FollowUpsNextWeek = "follow-ups-next-week",
        FollowUpsOverdue = "follow-ups-overdue",
        Enrolled = "enrolled",
        Answered = "answered",
        Rate = "rate",
        ClassesOpen = "classes-open",
        AnsweredThisWeek = "answered-this-week",
        CafesHeld = "cafes-held",
        CafesSchoolYear = "cafes-school-year",
        Parents = "parents",
        Invited = "invited",
        Share = "share",
        Themes = "themes",
        AgreementsDue = "agreements-due",
        Notified = "notified",
        Offered = "offered",
        Held = "held",
        Overdue = "overdue",
        CaseFollowUpsNextWeek = "case-follow-ups-next-week",
        Repeats = "repeats",
        MedianDays = "median-days",
        DeletedOnTime = "deleted-on-time",
        /// Notifications from the police's list not yet triaged, notified
        /// by the week's end (as they wait now: a waiting row has no past).
        NotificationsWaiting = "notifications-waiting",
        /// Activities held in the period, and the young people and adults
        /// they reached.
        ActivitiesHeld = "activities-held",
        YoungReached = "young-reached",
        AdultsReached = "adults-reached",
    }
);

word_enum!(
    /// The file formats a summary is saved as.
    ExportFormat {
        Pdf = "pdf",
        Xlsx = "xlsx",
        Csv = "csv",
    }
);

impl ExportFormat {
    /// The file name a save dialog proposes: `Feltbog-ugerapport-2026-U48.pdf`
    /// for a week, `Feltbog-rapport-2026-11.pdf` for any other period.
    pub fn file_name(self, period: &ReportPeriod) -> String {
        let what = match period.kind() {
            PeriodKind::Week => "ugerapport",
            _ => "rapport",
        };
        format!("Feltbog-{what}-{}.{}", period.file_part(), self.as_str())
    }
}

impl Measure {
    /// Its catalogue key. The measures that count "this week" or "next
    /// week" are named for the period on any other report ("Planlagt i
    /// næste periode"), where the report's head says which days that is.
    pub fn key(self, period: PeriodKind) -> String {
        let per_period = matches!(
            self,
            Measure::PlannedNextWeek
                | Measure::FollowUpsNextWeek
                | Measure::AnsweredThisWeek
                | Measure::CafesHeld
                | Measure::CaseFollowUpsNextWeek
        );
        if per_period && period != PeriodKind::Week {
            format!("summary.measure.{self}.period")
        } else {
            format!("summary.measure.{self}")
        }
    }
}

/// A column: a measure, one purpose of visits, one grade, or the row's total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "of", rename_all = "kebab-case")]
pub enum Column {
    Measure(Measure),
    Purpose(VisitPurpose),
    Grade(u8),
    Total,
}

impl Column {
    /// Its catalogue key, and the value of the key's `{n}` where it has one,
    /// so the screen and the exports name a column alike on a report over
    /// a period of `period`'s kind.
    pub fn key(&self, period: PeriodKind) -> (String, Option<String>) {
        match self {
            Column::Measure(m) => (m.key(period), None),
            Column::Purpose(p) => (format!("purpose.{p}"), None),
            Column::Grade(g) => ("summary.col.grade".to_owned(), Some(g.to_string())),
            Column::Total => ("summary.col.total".to_owned(), None),
        }
    }
}

/// What a row is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "kebab-case")]
pub enum RowLabel {
    School(String),
    /// A café held for an area rather than at one school.
    Area(String),
    /// The cases table has one row per measure.
    Measure(Measure),
    /// The municipality: every row above together.
    Total,
    /// A school year ("2025/26"), in a school's survey history.
    SchoolYear(String),
}

impl RowLabel {
    /// The catalogue key and its argument (`{name}`); a school's row is
    /// its name as it is (`None` key).
    pub fn key(&self, period: PeriodKind) -> (Option<String>, String) {
        match self {
            RowLabel::School(n) => (None, n.clone()),
            RowLabel::Area(n) => (Some("summary.row.area".to_owned()), n.clone()),
            RowLabel::Measure(m) => (Some(m.key(period)), String::new()),
            RowLabel::Total => (Some("summary.row.total".to_owned()), String::new()),
            RowLabel::SchoolYear(n) => (Some("summary.row.school_year".to_owned()), n.clone()),
        }
    }
}

/// A figure. Percentages are 0-100; days may have a half (a median).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum Value {
    Count(u32),
    Percent(f64),
    Days(f64),
    Themes(Vec<CafeTheme>),
    /// Nothing to show (a rate without pupils, a median without cases).
    Empty,
}

impl Value {
    /// The count, for the cells suppression works on.
    pub fn count(&self) -> Option<u32> {
        match self {
            Value::Count(n) => Some(*n),
            _ => None,
        }
    }
}

/// Why an export hides a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hide {
    /// Below the threshold: shown as "<5".
    Small,
    /// Hidden too, so that a total cannot give a small number away: "x".
    Secondary,
    /// A school too small to show by grade (the survey's small-school rule):
    /// its grades are shown together only, "x" in the grade columns.
    Combined,
    /// Worked out from a hidden count (a rate, a share): "x".
    Derived,
}

/// One cell: the real value, and whether an export hides it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub value: Value,
    pub hide: Option<Hide>,
}

impl Cell {
    pub fn new(value: Value) -> Self {
        Self { value, hide: None }
    }

    pub fn count(n: u32) -> Self {
        Self::new(Value::Count(n))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub label: RowLabel,
    pub cells: Vec<Cell>,
}

/// A survey round's facts, above its tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundFacts {
    pub name: String,
    pub window_from: NaiveDate,
    pub window_to: NaiveDate,
    pub target_percent: u8,
    /// Where the window stood at the end of the week (or today, for the
    /// current week).
    pub window: Window,
}

impl RoundFacts {
    /// Where the window stands, as a catalogue key and its `{n}`.
    pub fn state_key(&self) -> (&'static str, Option<i64>) {
        match self.window {
            Window::NotOpen { days } => ("survey.opens_in", Some(days)),
            Window::Open { days: 1 } => ("survey.last_day", None),
            Window::Open { days } => ("survey.days_left", Some(days)),
            Window::Closed => ("survey.closed", None),
        }
    }
}

/// A figure with one decimal, with a decimal comma in Danish ("56,3").
pub fn decimal(x: f64, lang: Language) -> String {
    let s = format!("{x:.1}");
    match lang {
        Language::Da => s.replace('.', ","),
        Language::En => s,
    }
}

/// One table: rows (schools, or measures) and, where the rows add up, the
/// municipality's total row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub kind: TableKind,
    pub section: Section,
    /// Set for the survey's tables: which round.
    pub round: Option<RoundFacts>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub total: Option<Row>,
}

impl Table {
    /// The rows, then the total row.
    pub fn all_rows(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().chain(self.total.as_ref())
    }
}

/// The whole summary of one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub period: ReportPeriod,
    /// The week, when the period is one: scripts read the weekly
    /// summary's JSON by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week: Option<IsoWeek>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The next period's days: what "planned next …" counts.
    pub next_from: NaiveDate,
    pub next_to: NaiveDate,
    /// Set on a school's own report (skolerapport): the school's name. Its
    /// tables hold that school's rows only, and never anything from the
    /// first-offence cases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school: Option<String>,
    /// The team's name, or empty outside a team.
    pub team: String,
    pub made_by: String,
    /// UTC, RFC 3339.
    pub made_at: String,
    /// Counts below this are hidden in what leaves the app.
    pub threshold: u32,
    pub tables: Vec<Table>,
}

impl Summary {
    /// How many cells an export hides.
    pub fn hidden_cells(&self) -> usize {
        self.tables
            .iter()
            .flat_map(Table::all_rows)
            .flat_map(|r| &r.cells)
            .filter(|c| c.hide.is_some())
            .count()
    }
}

/// A saved export: where, and how big.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportDone {
    pub path: String,
    pub bytes: u64,
}

/// The file name a save dialog proposes for a school's report:
/// `Feltbog-skolerapport-Egeby-Skole-2025-26.pdf` (the name's letters and
/// digits kept, æøå too; anything a file system may refuse becomes "-").
pub fn school_report_file_name(school: &str, start: i32) -> String {
    let name: String = school
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!(
        "Feltbog-skolerapport-{name}-{start}-{:02}.pdf",
        crate::period::next_two(start)
    )
}

/// Where "all schools" wrote their reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolReportsDone {
    pub dir: String,
    /// The file names, one per school, in the schools' order.
    pub files: Vec<String>,
}
