//! The weekly summary on an unlocked profile: the facts of the week from the
//! store, the figures from the domain, the marks of what an export hides.
//! An export leaves the encrypted profile, so each one is written to the
//! access log (who, when, which week, which format).

use super::Session;
use crate::domain::summary::{self, Header, Period};
use crate::domain::suppression::suppress_summary;
use crate::{Error, Result};
use feltbog_api::cases::Access;
use feltbog_api::dates::IsoWeek;
use feltbog_api::summary::WeeklySummary;
use feltbog_api::Problem;

/// What the access log names an export of the summary by, in place of a
/// case number.
pub const SUMMARY_LOG_NAME: &str = "ugerapport";

fn no_such_week(week: IsoWeek) -> Error {
    Error::invalid(
        "week",
        Problem::OutOfRange { min: 1, max: 53 },
        format!("{week} does not exist; write it as YYYY-Www, e.g. 2026-W48"),
    )
}

impl Session {
    /// The summary of `week`, with real numbers and the cells an export
    /// hides marked.
    pub fn weekly_summary(&self, week: IsoWeek) -> Result<WeeklySummary> {
        let today = self.today();
        let period = Period::of(week, today).ok_or_else(|| no_such_week(week))?;
        let settings = self.settings()?;
        let header = Header {
            team: self.store.team()?.map(|t| t.name).unwrap_or_default(),
            made_by: self.store.settings()?.consultant_name,
            made_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            today,
            threshold: settings.small_threshold,
            case_rules: settings.cases,
        };
        let facts = self.store.summary_facts(&period)?;
        let s = summary::compute(&facts, week, &header).ok_or_else(|| no_such_week(week))?;
        Ok(suppress_summary(s))
    }

    /// Records that the summary of `week` left the app as `format` (a
    /// file format's word, or "text" / "json" for the command line's
    /// output). Called once the file is written, so a failed write logs
    /// nothing.
    pub fn log_summary_export(&mut self, week: IsoWeek, format: &str) -> Result<()> {
        self.log_event(
            Access::Export,
            SUMMARY_LOG_NAME,
            &format!("{week} {format}"),
        )
    }
}
