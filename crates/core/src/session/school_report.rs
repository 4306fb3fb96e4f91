//! A school's own report on an unlocked profile: the summaries of the
//! school year and the two before, read once, and each school's report
//! taken from them. Writing one leaves the profile, so each file is logged
//! (the school and the school year; never a person).

use super::Session;
use crate::domain::school_report::{self, SurveyYear};
use crate::domain::summary::RoundFact;
use crate::{Error, Result};
use feltbog_api::cases::Access;
use feltbog_api::period::{school_year_name, ReportPeriod};
use feltbog_api::schools::SchoolView;
use feltbog_api::summary::Summary;
use feltbog_api::{Problem, SchoolId};

/// What the access log names an export of a school's report by.
pub const SCHOOL_REPORT_LOG_NAME: &str = "skolerapport";

/// The survey history looks this many school years back, this one included.
const HISTORY_YEARS: i32 = 3;

/// A school year of the history: its start, its marked summary, its survey
/// rounds, and its first and last day.
type HistoryYear = (
    i32,
    Summary,
    Vec<RoundFact>,
    (chrono::NaiveDate, chrono::NaiveDate),
);

/// The summaries a school's report is taken from: the year's, and each
/// year's of the survey history, oldest first (the year's last).
struct Years {
    this: Summary,
    history: Vec<HistoryYear>,
}

impl Years {
    fn report(&self, school: &str) -> Summary {
        let years: Vec<SurveyYear<'_>> = self
            .history
            .iter()
            .map(|(start, s, rounds, (from, to))| SurveyYear {
                name: school_year_name(*start),
                summary: s,
                rounds,
                from: *from,
                to: *to,
            })
            .collect();
        school_report::compute(school, &self.this, &years)
    }
}

impl Session {
    fn report_years(&self, start: i32) -> Result<Years> {
        let period = ReportPeriod::SchoolYear { start };
        if period.days().is_none() {
            return Err(Error::invalid(
                "year",
                Problem::OutOfRange {
                    min: 2000,
                    max: 2098,
                },
                format!(
                    "{} is not a school year Feltbog keeps; write it as 2025/26",
                    school_year_name(start)
                ),
            ));
        }
        let header = self.summary_header()?;
        let mut history = Vec::new();
        for y in start - HISTORY_YEARS + 1..=start {
            let period = ReportPeriod::SchoolYear { start: y };
            let Some(days) = period.days() else {
                continue;
            };
            let (s, facts) = self.summary_and_facts(period, &header)?;
            history.push((y, s, facts.rounds, days));
        }
        match history.last() {
            Some((_, this, _, _)) => Ok(Years {
                this: this.clone(),
                history,
            }),
            None => Err(Error::invalid(
                "year",
                Problem::OutOfRange {
                    min: 2000,
                    max: 2098,
                },
                "no school year to report on",
            )),
        }
    }

    /// The report of `school` for the school year starting in `start`.
    pub fn school_report(&self, school: SchoolId, start: i32) -> Result<Summary> {
        let view = self.store.school(school)?;
        Ok(self.report_years(start)?.report(&view.name))
    }

    /// The report of every active school for the school year starting in
    /// `start`, in the schools' order; the summaries are read once.
    pub fn school_reports(&self, start: i32) -> Result<Vec<(SchoolView, Summary)>> {
        let years = self.report_years(start)?;
        Ok(self
            .store
            .schools(false)?
            .into_iter()
            .map(|school| {
                let report = years.report(&school.name);
                (school, report)
            })
            .collect())
    }

    /// Records that a school's report left the app as a file.
    pub fn log_school_report(&mut self, report: &Summary) -> Result<()> {
        let school = report.school.as_deref().unwrap_or_default();
        self.log_event(
            Access::Export,
            SCHOOL_REPORT_LOG_NAME,
            &format!("{school} {} pdf", report.period),
        )
    }
}
