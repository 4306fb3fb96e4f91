//! The calendar export: planned and held visits and cafés of a period as
//! an iCalendar (.ics) file for Outlook, GNOME Calendar and phones. What
//! an event holds is decided in `feltbog-core`'s `domain::calendar`.

use serde::{Deserialize, Serialize};

/// A calendar written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDone {
    pub path: String,
    pub bytes: u64,
    /// Events in the file.
    pub events: u32,
}
