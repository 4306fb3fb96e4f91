//! `feltbog calendar`: the visits and cafés of a period as an .ics file
//! for Outlook or GNOME Calendar (day, place, purpose or theme; never notes
//! or case data). Exporting again updates the same events.

use crate::common::{parse_date, Result};
use chrono::Days;
use feltbog_api::calendar::CALENDAR_DEFAULT_DAYS;
use feltbog_core::Session;
use std::path::Path;

pub fn run(s: &mut Session, out: &Path, from: Option<String>, to: Option<String>) -> Result<()> {
    let from = match from {
        Some(f) => parse_date("--from", &f)?,
        None => s.today(),
    };
    let to = match to {
        Some(t) => parse_date("--to", &t)?,
        None => from
            .checked_add_days(Days::new(CALENDAR_DEFAULT_DAYS))
            .unwrap_or(from),
    };
    let done = feltbog_export::calendar::save_calendar(s, from, to, out)?;
    eprintln!(
        "{} event(s) from {from} to {to} written to {}",
        done.events, done.path
    );
    Ok(())
}
