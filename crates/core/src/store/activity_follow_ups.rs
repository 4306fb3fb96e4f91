//! SQL for the follow-ups of activities: read with their activity, written
//! and deleted with it, each a synced record of its own (as a café's
//! agreements are).

use super::row::{parse_id, word};
use super::{Store, Tx};
use crate::sync::schema::ACTIVITY_FOLLOW_UP;
use crate::{Error, Result};
use chrono::NaiveDate;
use feltbog_api::activities::{ActivityFollowUpInput, ActivityFollowUpView, DueActivityFollowUp};
use feltbog_api::{ActivityFollowUpId, ActivityId};
use rusqlite::{params, Row};

/// A follow-up's columns, as [`follow_up_from_row`] reads them.
const COLUMNS: &str = concat!(
    "f.id, f.text, f.due, f.done, ",
    owner_of!(activity_follow_up)
);
const FROM: &str = " FROM activity_follow_ups f JOIN activities a ON a.id = f.activity_id";

fn follow_up_from_row(r: &Row<'_>) -> rusqlite::Result<ActivityFollowUpView> {
    Ok(ActivityFollowUpView {
        id: ActivityFollowUpId(parse_id(r.get_ref(0)?.as_str()?)?),
        text: r.get(1)?,
        due: r.get(2)?,
        done: r.get(3)?,
        owner: r.get(4)?,
    })
}

impl Store {
    /// An activity's follow-ups, by day.
    pub(super) fn follow_ups_of_activity(
        &self,
        activity: ActivityId,
    ) -> Result<Vec<ActivityFollowUpView>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS}{FROM} WHERE f.activity_id = ?1 ORDER BY f.due, f.id"
        ))?;
        let rows = stmt.query_map([activity.to_string()], follow_up_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Open follow-ups of activities due on or before `until` (all if
    /// `None`), oldest first.
    pub fn due_activity_follow_ups(
        &self,
        until: Option<NaiveDate>,
    ) -> Result<Vec<DueActivityFollowUp>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS}, a.id, a.kind, coalesce(s.name, a.area){FROM}
             LEFT JOIN schools s ON s.id = a.school_id
             WHERE f.done = 0 AND (?1 IS NULL OR f.due <= ?1)
             ORDER BY f.due, a.date, f.id"
        ))?;
        let rows = stmt.query_map([until], |r| {
            Ok(DueActivityFollowUp {
                follow_up: follow_up_from_row(r)?,
                activity: ActivityId(parse_id(r.get_ref(5)?.as_str()?)?),
                kind: word(r, 6)?,
                place: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    /// Makes the activity's follow-ups `items` (see `replace_rows`).
    pub(super) fn replace_activity_follow_ups(
        &mut self,
        activity: ActivityId,
        items: &[ActivityFollowUpInput],
    ) -> Result<()> {
        let parent = activity.to_string();
        self.replace_rows(&ACTIVITY_FOLLOW_UP, "due", &parent, items, "follow-up")
    }

    /// Sets a follow-up's done mark.
    pub fn set_activity_follow_up_done(
        &mut self,
        id: ActivityFollowUpId,
        done: bool,
    ) -> Result<()> {
        let n = self
            .tx
            .prepare_cached("UPDATE activity_follow_ups SET done = ?2 WHERE id = ?1")?
            .execute(params![id.to_string(), done])?;
        if n == 0 {
            return Err(Error::NotFound("follow-up"));
        }
        self.record(&ACTIVITY_FOLLOW_UP, &id.to_string())
    }
}
