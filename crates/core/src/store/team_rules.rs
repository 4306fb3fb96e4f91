//! The team's rules record: one per team (id = the team id), synced, and
//! written only by a coordinator's device (the apply path refuses it from
//! anyone else).

use super::{Store, Tx};
use crate::sync::schema::TEAM_RULES;
use crate::Result;
use feltbog_api::profile::{CaseSettings, RetentionSettings};
use rusqlite::{params, OptionalExtension};

/// The rules a team shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRules {
    pub cases: CaseSettings,
    pub small_threshold: u32,
    pub retention: RetentionSettings,
}

impl Store {
    pub fn team_rules(&self, team_id: &str) -> Result<Option<TeamRules>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT offer_within_days, follow_up_within_weeks, delete_after_years,
                        cpr_allowed, small_threshold, stale_after_years,
                        visits_after_years, cafes_after_years, survey_after_years,
                        access_log_after_years, deletions_after_years,
                        coalesce(offer_letter, ''), coalesce(activities_after_years, 5)
                 FROM team_rules WHERE id = ?1",
            )?
            .query_row([team_id], |r| {
                Ok(TeamRules {
                    cases: CaseSettings {
                        offer_within_days: r.get(0)?,
                        follow_up_within_weeks: r.get(1)?,
                        delete_after_years: r.get(2)?,
                        cpr_allowed: r.get(3)?,
                        stale_after_years: r.get(5)?,
                        offer_letter: r.get(11)?,
                    },
                    small_threshold: r.get(4)?,
                    retention: RetentionSettings {
                        visits_after_years: r.get(6)?,
                        cafes_after_years: r.get(7)?,
                        survey_after_years: r.get(8)?,
                        activities_after_years: r.get(12)?,
                        access_log_after_years: r.get(9)?,
                        deletions_after_years: r.get(10)?,
                    },
                })
            })
            .optional()?)
    }
}

impl Tx<'_> {
    /// Sets the team's rules; the change goes to the team.
    pub fn put_team_rules(&mut self, team_id: &str, r: &TeamRules) -> Result<()> {
        let k = &r.retention;
        self.tx
            .prepare_cached(
                "INSERT INTO team_rules (id, offer_within_days, follow_up_within_weeks,
                     delete_after_years, cpr_allowed, small_threshold, stale_after_years,
                     visits_after_years, cafes_after_years, survey_after_years,
                     access_log_after_years, deletions_after_years, offer_letter,
                     activities_after_years)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                 ON CONFLICT (id) DO UPDATE SET
                     offer_within_days = excluded.offer_within_days,
                     follow_up_within_weeks = excluded.follow_up_within_weeks,
                     delete_after_years = excluded.delete_after_years,
                     cpr_allowed = excluded.cpr_allowed,
                     small_threshold = excluded.small_threshold,
                     stale_after_years = excluded.stale_after_years,
                     visits_after_years = excluded.visits_after_years,
                     cafes_after_years = excluded.cafes_after_years,
                     survey_after_years = excluded.survey_after_years,
                     access_log_after_years = excluded.access_log_after_years,
                     deletions_after_years = excluded.deletions_after_years,
                     offer_letter = excluded.offer_letter,
                     activities_after_years = excluded.activities_after_years",
            )?
            .execute(params![
                team_id,
                r.cases.offer_within_days,
                r.cases.follow_up_within_weeks,
                r.cases.delete_after_years,
                r.cases.cpr_allowed,
                r.small_threshold,
                r.cases.stale_after_years,
                k.visits_after_years,
                k.cafes_after_years,
                k.survey_after_years,
                k.access_log_after_years,
                k.deletions_after_years,
                r.cases.offer_letter,
                k.activities_after_years
            ])?;
        self.record(&TEAM_RULES, team_id)
    }
}
