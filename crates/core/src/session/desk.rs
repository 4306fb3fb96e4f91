//! Overblik on an unlocked profile: the facts from the store, the purge
//! hold and the access log's state from the session, the desk from the
//! domain.

use super::Session;
use crate::domain::desk::{compute, last_day};
use crate::Result;
use feltbog_api::cases::Access;
use feltbog_api::desk::{Desk, DeskItem, Reminder};

/// The detail the access log gives a desk that showed case numbers.
const DESK_LOG_DETAIL: &str = "overblik";

impl Session {
    /// The desk today, read again without logging: for a desk already
    /// open that refreshes after a sync or a change.
    pub fn desk(&self) -> Result<Desk> {
        let today = self.today();
        let mut facts = self.store.desk_facts(today, last_day(today))?;
        facts.attention.purge_hold = self.purge_hold()?;
        facts.attention.access_log_broken = self.access_log_broken;
        Ok(compute(&facts, today, &self.settings()?.cases))
    }

    /// The desk with only what this member is responsible for (*Mine*)
    /// when `mine`, else the whole team's; opened (logged when it shows a
    /// case) unless `reload`.
    pub fn desk_for(&mut self, mine: bool, reload: bool) -> Result<Desk> {
        let mut desk = self.desk()?;
        if mine {
            let own = self.ownership()?;
            desk = desk.only(|owner| own.owns(owner));
        }
        if !reload {
            self.log_desk_opened(&desk)?;
        }
        Ok(desk)
    }

    /// Opens the desk. When it shows a case (by number and task only, as
    /// the cases list does), the opening is written to the access log like
    /// the cases list's.
    pub fn open_desk(&mut self) -> Result<Desk> {
        self.desk_for(false, false)
    }

    /// The day's reminder, at most once a date on this device while
    /// unlocked: what this member is responsible for that is overdue or due
    /// today, counted by kind (a coordinator too is reminded of their own;
    /// Overblik shows them the team's). `None` when the settings turn it
    /// off, when it was given today, or when nothing is due. Counts leave
    /// no case number on screen, so this is not an opening and is not
    /// logged.
    ///
    /// The idle lock is at most an hour, so an unlocked app has a person
    /// at it: the reminder comes at the first unlock of a day, or at
    /// midnight to someone still working.
    pub fn take_reminder(&mut self) -> Result<Option<Reminder>> {
        let today = self.today();
        if self.reminded == Some(today) || !self.settings()?.reminders {
            return Ok(None);
        }
        // Settled for this session before anything can fail, so a failure
        // is reported once, not tried again every few seconds.
        self.reminded = Some(today);
        if self.store.reminded_on()? == Some(today) {
            return Ok(None);
        }
        let desk = self.desk_for(true, true)?;
        // Remembered in the file so a restart the same day gives none; if
        // that write fails, the worst is one more reminder after a
        // restart, so the day's reminder still comes.
        let _ = self.store.set_reminded_on(today);
        Ok(desk.reminder())
    }

    fn log_desk_opened(&mut self, desk: &Desk) -> Result<()> {
        let shows_a_case = [&desk.overdue, &desk.due_today, &desk.coming, &desk.waiting]
            .into_iter()
            .flatten()
            .any(|l| matches!(l.item, DeskItem::Case { .. }));
        if shows_a_case {
            self.log_event(Access::OpenList, "", DESK_LOG_DETAIL)?;
        }
        Ok(())
    }
}
