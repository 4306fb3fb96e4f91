//! The trends on an unlocked profile: the summary of each of the last
//! school years (the current one so far), read off into one table, small
//! numbers marked. An export is written to the access log by the years it
//! covers, never anything about a person.

use super::Session;
use crate::domain::summary::{self, Parts, Span};
use crate::domain::suppression::{suppress_summary, suppress_trends};
use crate::domain::trends;
use crate::{Error, Result};
use feltbog_api::cases::Access;
use feltbog_api::period::{school_year_of, ReportPeriod};
use feltbog_api::trends::{Trends, MAX_TREND_YEARS};
use feltbog_api::Problem;

/// What the access log names an export of the trends by.
pub const TRENDS_LOG_NAME: &str = "udvikling";

impl Session {
    /// The last `years` school years side by side, oldest first, ending
    /// with the one holding today (its figures so far).
    pub fn trends(&self, years: u32) -> Result<Trends> {
        if !(1..=MAX_TREND_YEARS).contains(&years) {
            return Err(Error::invalid(
                "years",
                Problem::OutOfRange {
                    min: 1,
                    max: i64::from(MAX_TREND_YEARS),
                },
                format!("a trend shows 1 to {MAX_TREND_YEARS} school years, not {years}"),
            ));
        }
        let header = self.summary_header()?;
        let current = school_year_of(header.today);
        let first = current - years as i32 + 1;
        let span = |start: i32| {
            Span::of(ReportPeriod::SchoolYear { start }, header.today).ok_or_else(|| {
                Error::invalid(
                    "years",
                    Problem::OutOfRange {
                        min: 1,
                        max: i64::from(MAX_TREND_YEARS),
                    },
                    "the school years lie outside the years Feltbog keeps",
                )
            })
        };
        // One read for every year (the same facts, each year's summary
        // filters its own days), then each year's summary as its report,
        // without the work lists the trends never show.
        let facts = self
            .store
            .summary_facts(&span(first)?.through(&span(current)?), Parts::YearFigures)?;
        let summaries = (first..=current)
            .map(|start| {
                let period = ReportPeriod::SchoolYear { start };
                let s = summary::compute(&facts, period, &header).ok_or_else(|| {
                    Error::invalid("years", Problem::NotAllowed, "no such school year")
                })?;
                let so_far = (start == current).then_some(header.today);
                Ok((suppress_summary(s), so_far))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(suppress_trends(trends::compute(&summaries)))
    }

    /// Records that the trends of `t` left the app as `format` (a file
    /// format's word, or "text" / "json"). Called once the file is written.
    pub fn log_trends_export(&mut self, t: &Trends, format: &str) -> Result<()> {
        self.log_event(
            Access::Export,
            TRENDS_LOG_NAME,
            &format!("{} {format}", t.span_name()),
        )
    }
}
