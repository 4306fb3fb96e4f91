//! The calendar export: planned and held visits and cafés of a period as
//! an iCalendar (.ics) file for Outlook, GNOME Calendar and phones. What
//! an event holds is decided in `feltbog-core`'s `domain::calendar`.

use serde::{Deserialize, Serialize};

/// How far ahead an export reaches when no last day is given: about
/// three months, the app's and the command line's default alike.
pub const CALENDAR_DEFAULT_DAYS: u64 = 91;

/// A calendar written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDone {
    pub path: String,
    pub bytes: u64,
    /// Events in the file.
    pub events: u32,
}
