//! SQL for the calendar export: the visits and cafés of a period, with
//! their day, place and purpose or theme only (no notes, no follow-ups, no
//! agreements), through the date indexes, in one read transaction.

use super::row::word;
use super::Store;
use crate::domain::calendar::{CalendarEvent, EventKind};
use crate::Result;
use chrono::NaiveDate;

impl Store {
    /// The visits and cafés from `from` to `to`, both days included, by day.
    pub fn calendar_events(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<CalendarEvent>> {
        let tx = self.conn.unchecked_transaction()?;
        let mut out = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT v.id, v.date, s.name, v.purpose, v.purpose_other
                 FROM visits v JOIN schools s ON s.id = v.school_id
                 WHERE v.date BETWEEN ?1 AND ?2",
            )?;
            let rows = stmt.query_map([from, to], |r| {
                Ok(CalendarEvent {
                    uid: r.get(0)?,
                    date: r.get(1)?,
                    place: r.get(2)?,
                    kind: EventKind::Visit {
                        purpose: word(r, 3)?,
                        purpose_other: r.get(4)?,
                    },
                })
            })?;
            out.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
        }
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT c.id, c.date, coalesce(s.name, c.area), c.kind, c.theme, c.theme_other
                 FROM cafes c LEFT JOIN schools s ON s.id = c.school_id
                 WHERE c.date BETWEEN ?1 AND ?2",
            )?;
            let rows = stmt.query_map([from, to], |r| {
                Ok(CalendarEvent {
                    uid: r.get(0)?,
                    date: r.get(1)?,
                    place: r.get(2)?,
                    kind: EventKind::Cafe {
                        kind: word(r, 3)?,
                        theme: word(r, 4)?,
                        theme_other: r.get(5)?,
                    },
                })
            })?;
            out.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
        }
        tx.finish()?;
        out.sort_by(|a, b| (a.date, &a.uid).cmp(&(b.date, &b.uid)));
        Ok(out)
    }
}
