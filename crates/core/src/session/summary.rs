//! The summary of a period on an unlocked profile: the facts of the period
//! from the store, the figures from the domain, the marks of what an export hides.
//! An export leaves the encrypted profile, so each one is written to the
//! access log (who, when, which period, which format).

use super::Session;
use crate::domain::summary::{self, Facts, Header, Parts, Span};
use crate::domain::suppression::suppress_summary;
use crate::{Error, Result};
use feltbog_api::cases::Access;
use feltbog_api::dates::{IsoWeek, SANE_YEARS};
use feltbog_api::period::{ReportPeriod, PERIOD_FORMS};
use feltbog_api::summary::Summary;
use feltbog_api::Problem;

/// What the access log names an export of the summary by, in place of a
/// case number.
pub const SUMMARY_LOG_NAME: &str = "ugerapport";

fn no_such_period(period: ReportPeriod) -> Error {
    Error::invalid(
        "period",
        Problem::OutOfRange {
            min: i64::from(*SANE_YEARS.start()),
            max: i64::from(*SANE_YEARS.end()),
        },
        format!("{period} does not exist; write one of {PERIOD_FORMS}"),
    )
}

impl Session {
    /// The summary of `period`, with real numbers and the cells an export
    /// hides marked.
    pub fn summary(&self, period: ReportPeriod) -> Result<Summary> {
        let header = self.summary_header()?;
        self.summary_with(period, &header)
    }

    /// Who makes a summary now, and under which rules.
    pub(super) fn summary_header(&self) -> Result<Header> {
        let settings = self.settings()?;
        Ok(Header {
            team: self.store.team()?.map(|t| t.name).unwrap_or_default(),
            made_by: self.store.settings()?.consultant_name,
            made_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            today: self.today(),
            threshold: settings.small_threshold,
            case_rules: settings.cases,
        })
    }

    /// The summary of `period` under `header`, small numbers marked.
    pub(super) fn summary_with(&self, period: ReportPeriod, header: &Header) -> Result<Summary> {
        Ok(self.summary_and_facts(period, header)?.0)
    }

    /// The summary of `period` under `header`, small numbers marked, with
    /// the facts it was computed from.
    pub(super) fn summary_and_facts(
        &self,
        period: ReportPeriod,
        header: &Header,
    ) -> Result<(Summary, Facts)> {
        let span = Span::of(period, header.today).ok_or_else(|| no_such_period(period))?;
        let facts = self.store.summary_facts(&span, Parts::All)?;
        let s = summary::compute(&facts, period, header).ok_or_else(|| no_such_period(period))?;
        Ok((suppress_summary(s), facts))
    }

    /// The summary of one ISO week; a week that does not exist is named
    /// as the week (the command line's `--week`).
    pub fn weekly_summary(&self, week: IsoWeek) -> Result<Summary> {
        if week.monday().is_none() {
            return Err(Error::invalid(
                "week",
                Problem::OutOfRange { min: 1, max: 53 },
                format!("{week} does not exist; write it as YYYY-Www, e.g. 2026-W48"),
            ));
        }
        self.summary(week.into())
    }

    /// Records that the summary of `period` left the app as `format` (a
    /// file format's word, or "text" / "json" for the command line's
    /// output). Called once the file is written, so a failed write logs
    /// nothing. The log names the period as the command line writes it
    /// ("2026-W48", "2026/27").
    pub fn log_summary_export(&mut self, period: ReportPeriod, format: &str) -> Result<()> {
        self.log_event(
            Access::Export,
            SUMMARY_LOG_NAME,
            &format!("{period} {format}"),
        )
    }
}
