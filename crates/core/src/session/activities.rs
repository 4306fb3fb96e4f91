//! Activities on an unlocked profile: validate in the domain, check the
//! school, write in one transaction.

use super::Session;
use crate::domain::activities::validate_activity;
use crate::Result;
use chrono::NaiveDate;
use feltbog_api::activities::{ActivityFilter, ActivityView, DueActivityFollowUp, NewActivity};
use feltbog_api::{ActivityFollowUpId, ActivityId};

impl Session {
    pub fn activities(&self, filter: &ActivityFilter) -> Result<Vec<ActivityView>> {
        self.store.activities(filter)
    }

    pub fn activity(&self, id: ActivityId) -> Result<ActivityView> {
        self.store.activity(id)
    }

    pub fn record_activity(&mut self, a: &NewActivity) -> Result<ActivityView> {
        self.record_activity_for(a, None)
    }

    /// Records an activity with `owner` responsible (a member's name;
    /// `None`: whoever records it).
    pub fn record_activity_for(
        &mut self,
        a: &NewActivity,
        owner: Option<&str>,
    ) -> Result<ActivityView> {
        let valid = validate_activity(a)?;
        if let Some(school) = a.school {
            self.check_school(school)?;
        }
        let owner = self.owner_for_new(owner)?;
        let author = self.store.settings()?.consultant_name;
        let id = self.store.with_tx(|tx| {
            let id = tx.insert_activity(&valid, &author)?;
            tx.give_to(
                crate::store::Owned::Activity,
                &id.to_string(),
                owner.as_deref(),
            )?;
            Ok(id)
        })?;
        self.store.activity(id)
    }

    pub fn update_activity(&mut self, id: ActivityId, a: &NewActivity) -> Result<ActivityView> {
        let valid = validate_activity(a)?;
        if let Some(school) = a.school {
            self.check_school(school)?;
        }
        self.store.with_tx(|tx| tx.update_activity(id, &valid))?;
        self.store.activity(id)
    }

    /// Open follow-ups of activities due on or before `until` (all if
    /// `None`), oldest first.
    pub fn due_activity_follow_ups(
        &self,
        until: Option<NaiveDate>,
    ) -> Result<Vec<DueActivityFollowUp>> {
        self.store.due_activity_follow_ups(until)
    }

    pub fn set_activity_follow_up_done(
        &mut self,
        id: ActivityFollowUpId,
        done: bool,
    ) -> Result<()> {
        self.store
            .with_tx(|tx| tx.set_activity_follow_up_done(id, done))
    }

    /// Deletes an activity for real; no freed byte keeps its notes.
    pub fn delete_activity(&mut self, id: ActivityId) -> Result<()> {
        self.store.with_tx(|tx| tx.delete_activity(id))?;
        self.store.checkpoint()
    }
}
