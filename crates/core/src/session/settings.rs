//! Settings: this device's preferences, and the rules a team shares. In a
//! team the case rules and the small-numbers threshold come from the
//! team's rules record, written only by a coordinator, so every device
//! counts the same deadlines, deletes cases on the same day and hides the
//! same small numbers; a consultant reads them and cannot change them.

use super::Session;
use crate::domain::text;
use crate::store::{AccessNote, TeamRules};
use crate::{Error, Result};
use feltbog_api::cases::Access;
use feltbog_api::profile::{
    Settings, DELETE_AFTER_YEARS_MAX, FOLLOW_UP_WITHIN_WEEKS_MAX, IDLE_LOCK_MINUTES_MAX,
    IDLE_LOCK_MINUTES_MIN, OFFER_WITHIN_DAYS_MAX, RETENTION_YEARS_MAX,
};
use feltbog_api::survey::SMALL_THRESHOLD_MAX;
use feltbog_api::team::MemberRole;
use feltbog_api::Problem;

fn out_of_range(field: &str, min: u32, max: u32) -> Error {
    Error::invalid(
        field,
        Problem::OutOfRange {
            min: min.into(),
            max: max.into(),
        },
        format!("must be from {min} to {max}"),
    )
}

/// Checks the ranges of everything a user can set.
fn validate(s: &Settings) -> Result<()> {
    if !(IDLE_LOCK_MINUTES_MIN..=IDLE_LOCK_MINUTES_MAX).contains(&s.idle_lock_minutes) {
        return Err(out_of_range(
            "idle_lock_minutes",
            IDLE_LOCK_MINUTES_MIN,
            IDLE_LOCK_MINUTES_MAX,
        ));
    }
    let c = &s.cases;
    for (field, value, max) in [
        (
            "offer_within_days",
            c.offer_within_days,
            OFFER_WITHIN_DAYS_MAX,
        ),
        (
            "follow_up_within_weeks",
            c.follow_up_within_weeks,
            FOLLOW_UP_WITHIN_WEEKS_MAX,
        ),
        (
            "delete_after_years",
            c.delete_after_years,
            DELETE_AFTER_YEARS_MAX,
        ),
    ] {
        if !(1..=max).contains(&value) {
            return Err(out_of_range(field, 1, max));
        }
    }
    let r = &s.retention;
    for (field, value) in [
        ("stale_after_years", c.stale_after_years),
        ("visits_after_years", r.visits_after_years),
        ("cafes_after_years", r.cafes_after_years),
        ("survey_after_years", r.survey_after_years),
        ("activities_after_years", r.activities_after_years),
        ("access_log_after_years", r.access_log_after_years),
        ("deletions_after_years", r.deletions_after_years),
    ] {
        if !(1..=RETENTION_YEARS_MAX).contains(&value) {
            return Err(out_of_range(field, 1, RETENTION_YEARS_MAX));
        }
    }
    let max = u32::from(SMALL_THRESHOLD_MAX);
    if !(1..=max).contains(&s.small_threshold) {
        return Err(out_of_range("small_threshold", 1, max));
    }
    Ok(())
}

/// The names of the rules that differ, for the access log ("" if none).
fn changed_rules(a: &TeamRules, b: &TeamRules) -> String {
    let (x, y) = (&a.cases, &b.cases);
    [
        (
            "offer_within_days",
            x.offer_within_days != y.offer_within_days,
        ),
        (
            "follow_up_within_weeks",
            x.follow_up_within_weeks != y.follow_up_within_weeks,
        ),
        (
            "delete_after_years",
            x.delete_after_years != y.delete_after_years,
        ),
        ("cpr_allowed", x.cpr_allowed != y.cpr_allowed),
        ("small_threshold", a.small_threshold != b.small_threshold),
        (
            "stale_after_years",
            x.stale_after_years != y.stale_after_years,
        ),
        (
            "visits_after_years",
            a.retention.visits_after_years != b.retention.visits_after_years,
        ),
        (
            "cafes_after_years",
            a.retention.cafes_after_years != b.retention.cafes_after_years,
        ),
        (
            "survey_after_years",
            a.retention.survey_after_years != b.retention.survey_after_years,
        ),
        (
            "activities_after_years",
            a.retention.activities_after_years != b.retention.activities_after_years,
        ),
        (
            "access_log_after_years",
            a.retention.access_log_after_years != b.retention.access_log_after_years,
        ),
        (
            "deletions_after_years",
            a.retention.deletions_after_years != b.retention.deletions_after_years,
        ),
        ("offer_letter", x.offer_letter != y.offer_letter),
    ]
    .into_iter()
    .filter(|(_, changed)| *changed)
    .map(|(name, _)| name)
    .collect::<Vec<_>>()
    .join(",")
}

fn rules_of(s: &Settings) -> TeamRules {
    TeamRules {
        cases: s.cases.clone(),
        small_threshold: s.small_threshold,
        retention: s.retention.clone(),
    }
}

impl Session {
    /// The settings in force: this device's own, with the team's rules in
    /// place of its own when it is in a team that has set them.
    pub fn settings(&self) -> Result<Settings> {
        let mut s = self.store.settings()?;
        // An older Feltbog allowed longer; the limit is an hour now.
        s.idle_lock_minutes = s.idle_lock_minutes.min(IDLE_LOCK_MINUTES_MAX);
        if let Some(team) = self.store.team()? {
            if let Some(rules) = self.store.team_rules(&team.team_id)? {
                s.cases = rules.cases;
                s.small_threshold = rules.small_threshold;
                s.retention = rules.retention;
            }
            s.team_rules = true;
            s.rules_read_only = team.role != MemberRole::Coordinator;
        }
        Ok(s)
    }

    /// A coordinator's device gives a team without rules its own (at
    /// creation, or a team made before the rules were synced).
    pub(super) fn seed_team_rules(&mut self, team_id: &str) -> Result<()> {
        if self.store.team_rules(team_id)?.is_some() {
            return Ok(());
        }
        let own = rules_of(&self.store.settings()?);
        self.store.with_tx(|tx| tx.put_team_rules(team_id, &own))
    }

    /// Saves the settings. In a team a coordinator's change of the rules
    /// goes to the whole team; a consultant's is refused (the screen shows
    /// them read-only).
    pub fn update_settings(&mut self, s: &Settings) -> Result<Settings> {
        validate(s)?;
        let mut clean = Settings {
            consultant_name: text::clean(
                "consultant_name",
                &s.consultant_name,
                false,
                text::NAME_MAX,
            )?,
            team_rules: false,
            rules_read_only: false,
            ..s.clone()
        };
        let team = self.store.team()?;
        let current = self.settings()?;
        // Checked when it changes: a team's letter from a newer Feltbog
        // (a placeholder this one does not know) must not stop a member
        // saving their own settings.
        if clean.cases.offer_letter != current.cases.offer_letter {
            clean.cases.offer_letter =
                crate::domain::offer_letter::check_template(&s.cases.offer_letter)?;
        }
        let changed = changed_rules(&rules_of(&current), &rules_of(&clean));
        let rules_changed = !changed.is_empty();
        let renamed = clean.consultant_name != current.consultant_name;
        if rules_changed
            && team
                .as_ref()
                .is_some_and(|t| t.role != MemberRole::Coordinator)
        {
            return Err(Error::invalid(
                "cases",
                Problem::NotAllowed,
                "the team's rules are set by a coordinator",
            ));
        }
        self.store.with_tx(|tx| {
            match &team {
                // The device keeps its own copy as it was: the team's
                // rules are read from their record.
                Some(t) => {
                    let own = tx.settings()?;
                    tx.save_settings(&Settings {
                        cases: own.cases,
                        small_threshold: own.small_threshold,
                        retention: own.retention,
                        ..clean.clone()
                    })?;
                    if rules_changed {
                        tx.put_team_rules(&t.team_id, &rules_of(&clean))?;
                    }
                }
                None => tx.save_settings(&clean)?,
            }
            // Both are evidence: the rules decide when cases are deleted,
            // the name is what the log shows as "who" from now on.
            let who = &current.consultant_name;
            if rules_changed {
                tx.log_access(&AccessNote {
                    who,
                    action: Access::Rules,
                    case_number: "",
                    detail: &changed,
                })?;
            }
            if renamed {
                tx.log_access(&AccessNote {
                    who,
                    action: Access::Name,
                    case_number: "",
                    detail: "",
                })?;
            }
            Ok(())
        })?;
        self.settings()
    }
}
