//! The calendar export: visits and cafés of a period as an iCalendar file
//! (RFC 5545), each an all-day event (Feltbog keeps the day of a visit,
//! not its hour) whose UID is the record's id, so exporting again updates
//! the events a calendar already holds instead of adding copies. An event
//! says what and where only: no notes, follow-ups, agreements or anything
//! of a case (`domain::calendar`).

use crate::labels::word;
use crate::Error;
use chrono::NaiveDate;
use feltbog_api::cafes::CafeTheme;
use feltbog_api::calendar::CalendarDone;
use feltbog_api::profile::Language;
use feltbog_api::visits::VisitPurpose;
use feltbog_core::domain::calendar::{CalendarEvent, EventKind};
use feltbog_core::Session;
use icalendar::{Calendar, Component, Event, EventLike};
use std::path::Path;

/// The domain every UID ends in (RFC 5545 asks for a globally unique UID;
/// the record's UUID already is, the suffix says whose it is).
const UID_DOMAIN: &str = "feltbog";

/// Writes the visits and cafés from `from` to `to` to `path`: the whole
/// file or nothing (a temporary file beside it, renamed), then the access
/// log.
pub fn save_calendar(
    s: &mut Session,
    from: NaiveDate,
    to: NaiveDate,
    path: &Path,
) -> Result<CalendarDone, Error> {
    let events = s.calendar(from, to)?;
    let text = render(&events, s.settings()?.language);
    feltbog_core::files::write_atomically(path, text.as_bytes()).map_err(|source| {
        Error::Write {
            path: path.to_owned(),
            source,
        }
    })?;
    s.log_calendar_export(from, to)?;
    Ok(CalendarDone {
        path: path.display().to_string(),
        bytes: text.len() as u64,
        events: events.len() as u32,
    })
}

/// The events as the text of an .ics file, in `lang`.
pub fn render(events: &[CalendarEvent], lang: Language) -> String {
    let mut cal = Calendar::new();
    cal.name(&word("calendar.name", lang));
    for e in events {
        cal.push(
            Event::new()
                .uid(&format!("{}@{UID_DOMAIN}", e.uid))
                .summary(&summary(e, lang))
                .location(&e.place)
                .all_day(e.date)
                .done(),
        );
    }
    cal.done().to_string()
}

/// "Skolebesøg: Klasseoplæg", "Forældrecafé: Sociale medier".
fn summary(e: &CalendarEvent, lang: Language) -> String {
    let (kind, what) = match &e.kind {
        EventKind::Visit {
            purpose,
            purpose_other,
        } => (
            word("calendar.visit", lang),
            match purpose {
                VisitPurpose::Other if !purpose_other.is_empty() => purpose_other.clone(),
                _ => word(&format!("purpose.{purpose}"), lang),
            },
        ),
        EventKind::Cafe {
            kind,
            theme,
            theme_other,
        } => (
            word(&format!("cafe_kind.{kind}"), lang),
            match theme {
                CafeTheme::Other if !theme_other.is_empty() => theme_other.clone(),
                _ => word(&format!("theme.{theme}"), lang),
            },
        ),
    };
    format!("{kind}: {what}")
}
