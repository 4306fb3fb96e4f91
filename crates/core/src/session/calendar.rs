//! The calendar export on an unlocked profile: the period checked, the
//! events read. The file leaves the encrypted profile, so each export is
//! written to the access log, as the weekly summary's are.

use super::Session;
use crate::domain::calendar::{check_period, CalendarEvent};
use crate::Result;
use chrono::NaiveDate;
use feltbog_api::cases::Access;

/// What the access log names a calendar export by, in place of a case
/// number.
pub const CALENDAR_LOG_NAME: &str = "kalender";

impl Session {
    /// The visits and cafés from `from` to `to` as calendar events.
    pub fn calendar(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<CalendarEvent>> {
        check_period(from, to)?;
        self.store.calendar_events(from, to)
    }

    /// Records that a calendar of `from`–`to` left the app. Called once
    /// the file is written, so a failed write logs nothing.
    pub fn log_calendar_export(&mut self, from: NaiveDate, to: NaiveDate) -> Result<()> {
        self.log_event(Access::Export, CALENDAR_LOG_NAME, &format!("{from}..{to}"))
    }
}
