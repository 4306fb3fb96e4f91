//! The summary of a period (the weekly summary, and any month, quarter,
//! school half-year, school year, calendar year or from–to), computed from
//! plain facts the store loads in one read transaction. Pure: nothing here reads or writes; small numbers are hidden
//! afterwards by [`super::suppression`], over the finished tables.
//!
//! What each figure means (docs/USER-GUIDE.md repeats it for the coordinator):
//! - a week runs Monday 00:00 to Sunday 23:59 (ISO 8601); "next week" is
//!   the one after it, and for any other period the next of its kind
//!   (`feltbog_api::period` has the calendar's rules);
//! - figures *as of the end of the period* (overdue, classes not done, cases
//!   waiting) count what was recorded with a date in or before the week, so
//!   a past week's summary does not change when later work is recorded,
//!   except where the record keeps no date (a follow-up or agreement marked
//!   done keeps no date: its state today is used), and except that a school
//!   year holds its survey rounds whole ([`survey::counts_round`]): a rare
//!   round still open after 1 August adds its August classes to the year
//!   it opened in;
//! - the school year starts on 1 August.

mod activities;
mod cafes;
mod cases;
mod survey;
mod visits;

pub use survey::{counted_to, counts_round};

pub use super::period::Span;
use chrono::NaiveDate;
use feltbog_api::cafes::{CafeStatus, CafeTheme};
use feltbog_api::cases::Step;
use feltbog_api::period::ReportPeriod;
use feltbog_api::profile::CaseSettings;
use feltbog_api::summary::{Cell, Summary, Table};
use feltbog_api::survey::{ClassView, RoundView};
use feltbog_api::visits::{VisitPurpose, VisitStatus};

/// A visit, as the summary needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitFact {
    pub school: String,
    pub date: NaiveDate,
    pub status: VisitStatus,
    pub purpose: VisitPurpose,
}

/// Follow-ups of visits at one school with one due date and state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpFact {
    pub school: String,
    pub due: NaiveDate,
    pub done: bool,
    pub count: u32,
}

/// Where a café or an activity was held: at a school, or for an area.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    School(String),
    Area(String),
}

impl Place {
    /// The row a place gets in a table.
    fn label(self) -> feltbog_api::summary::RowLabel {
        match self {
            Place::School(n) => feltbog_api::summary::RowLabel::School(n),
            Place::Area(n) => feltbog_api::summary::RowLabel::Area(n),
        }
    }

    fn name(&self) -> &str {
        match self {
            Place::School(n) | Place::Area(n) => n,
        }
    }
}

/// A café or parent meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CafeFact {
    pub place: Place,
    pub date: NaiveDate,
    pub status: CafeStatus,
    pub parents: u32,
    pub invited: Option<u32>,
    pub theme: CafeTheme,
}

/// An agreement made at a café.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementFact {
    pub place: Place,
    pub revisit: NaiveDate,
    pub done: bool,
}

/// An activity: where, when, and how many it reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityFact {
    pub place: Place,
    pub date: NaiveDate,
    pub young: u32,
    pub adults: u32,
}

/// A case: its dates and steps only, never who or where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFact {
    pub notified: NaiveDate,
    pub repeat: bool,
    /// Each step's newest version, in order.
    pub steps: Vec<(Step, NaiveDate)>,
}

/// A survey round with its classes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundFact {
    pub round: RoundView,
    pub classes: Vec<ClassView>,
}

/// Everything the summary of one period is computed from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub visits: Vec<VisitFact>,
    pub follow_ups: Vec<FollowUpFact>,
    pub rounds: Vec<RoundFact>,
    pub cafes: Vec<CafeFact>,
    pub agreements: Vec<AgreementFact>,
    pub activities: Vec<ActivityFact>,
    pub cases: Vec<CaseFact>,
    /// The days cases were deleted on.
    pub deletions: Vec<NaiveDate>,
    /// The notification dates of the police's rows waiting for triage.
    pub waiting: Vec<NaiveDate>,
}

/// Which facts a reader counts. A report counts them all. The trends put
/// each school year's figures side by side ([`crate::domain::trends`]) and
/// show nothing of the follow-ups, the cafés' agreements, the deletions or
/// the police rows waiting: over five school years the follow-ups alone
/// were two thirds of the reading, so the trends leave these unread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parts {
    All,
    YearFigures,
}

impl Parts {
    /// Whether the follow-ups, agreements, deletions and waiting rows are
    /// read.
    pub fn reads_work_lists(self) -> bool {
        self == Parts::All
    }
}

impl Facts {
    /// These facts as a reader of `parts` reads them: what it does not
    /// count left empty (the store leaves them unread; the tests compare).
    #[cfg(test)]
    pub fn only(mut self, parts: Parts) -> Facts {
        if !parts.reads_work_lists() {
            self.follow_ups.clear();
            self.agreements.clear();
            self.deletions.clear();
            self.waiting.clear();
        }
        self
    }
}

/// Who made the summary, when, and under which rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub team: String,
    pub made_by: String,
    pub made_at: String,
    pub today: NaiveDate,
    pub threshold: u32,
    pub case_rules: CaseSettings,
}

/// The summary of `period` with real numbers; nothing hidden yet. `None`
/// for a period that does not exist. A week's summary is this with a
/// week: one function, one meaning for every figure.
pub fn compute(facts: &Facts, period: ReportPeriod, header: &Header) -> Option<Summary> {
    let p = Span::of(period, header.today)?;
    let mut tables: Vec<Table> = visits::tables(facts, &p);
    for round in survey::rounds_in(&facts.rounds, &p) {
        tables.extend(survey::tables(round, &p));
    }
    tables.push(cafes::table(facts, &p));
    tables.push(activities::table(facts, &p));
    tables.push(cases::table(facts, &p, &header.case_rules));
    Some(Summary {
        period,
        week: match period {
            ReportPeriod::Week { week } => Some(week),
            _ => None,
        },
        from: p.from,
        to: p.to,
        next_from: p.next_from,
        next_to: p.next_to,
        school: None,
        team: header.team.clone(),
        made_by: header.made_by.clone(),
        made_at: header.made_at.clone(),
        threshold: header.threshold,
        tables,
    })
}

/// Cells of counts.
fn counts(values: impl IntoIterator<Item = u32>) -> Vec<Cell> {
    values.into_iter().map(Cell::count).collect()
}

/// The column sums of rows of cells holding counts (anything else sums to 0).
fn column_sums(rows: &[Vec<u32>], width: usize) -> Vec<u32> {
    (0..width)
        .map(|c| rows.iter().map(|r| r.get(c).copied().unwrap_or(0)).sum())
        .collect()
}

/// Sorts by name the way a Danish reader expects (Æ, Ø, Å after Z).
fn danish_key(name: &str) -> String {
    crate::domain::schools::name_key(name)
        .chars()
        .flat_map(|c| match c {
            'æ' | 'ä' => ['{', '1'],
            'ø' | 'ö' => ['{', '2'],
            'å' => ['{', '3'],
            c => [c, '\0'],
        })
        .filter(|c| *c != '\0')
        .collect()
}

#[cfg(test)]
mod tests;
