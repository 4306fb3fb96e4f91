//! The facts of the data-protection papers (`feltbog_api::compliance`),
//! read from the live profile: the rules as the team has set them, the
//! members by role and case access, what the retention rules deleted in
//! the last twelve months and whether anything due is still waiting, and
//! the access log's state. Counts and settings only: nothing about a
//! single young person.

use super::Session;
use crate::domain::compliance::{deleted_by_purges, deleted_since, Purge};
use crate::{Error, Result};
use feltbog_api::cases::{Access, AccessFilter};
use feltbog_api::compliance::ComplianceFacts;
use feltbog_api::team::MemberRole;

/// What the access log names a saving of the papers by.
pub const COMPLIANCE_LOG_NAME: &str = "databeskyttelse";

impl Session {
    /// Logs that the papers were saved (detail: the format), like every
    /// other export.
    pub fn log_compliance_export(&mut self, format: &str) -> Result<()> {
        self.log_event(Access::Export, COMPLIANCE_LOG_NAME, format)
    }

    /// The papers' facts. In a team, a coordinator's: the papers describe
    /// the team's processing, which the coordinators answer for.
    /// Whether this profile may make the papers: alone, or a coordinator.
    pub fn check_may_make_papers(&self) -> Result<()> {
        match self.store.team()? {
            Some(t) if t.role != MemberRole::Coordinator => Err(Error::Forbidden(
                "only a coordinator makes the data-protection papers".into(),
            )),
            _ => Ok(()),
        }
    }

    pub fn compliance_facts(&self) -> Result<ComplianceFacts> {
        self.check_may_make_papers()?;
        let team = self.store.team()?;
        let settings = self.settings()?;
        let today = self.today();
        let since = deleted_since(today);
        let members: Vec<_> = self
            .store
            .members()?
            .into_iter()
            .filter(|m| m.active)
            .collect();
        let (n, coordinators, case_members) = match (&team, members.is_empty()) {
            (Some(_), false) => (
                members.len() as u32,
                members
                    .iter()
                    .filter(|m| m.role == MemberRole::Coordinator)
                    .count() as u32,
                members.iter().filter(|m| m.cases).count() as u32,
            ),
            // Alone (or a team whose list has not arrived): this device.
            _ => (1, 1, 1),
        };
        let log = self.store.access_log(&AccessFilter {
            case_number: None,
            from: Some(since),
            to: None,
        })?;
        let purges: Vec<Purge<'_>> = log
            .iter()
            .filter(|e| e.action == Access::Retention)
            .map(|e| Purge {
                day: e.at.get(..10).unwrap_or(&e.at),
                device: &e.device,
                detail: &e.detail,
            })
            .collect();
        let deleted = deleted_by_purges(&purges, self.store.device());
        let cases_deleted = self
            .deletions()?
            .iter()
            .filter(|d| d.date >= since && d.date <= today)
            .count() as u32;
        let cases_overdue = self
            .deletion_dates()?
            .iter()
            .filter(|(_, d)| d.date <= today)
            .count() as u32;
        let chain = self.check_whole_log()?;
        Ok(ComplianceFacts {
            reads_cases: team.is_none() || self.reads_cases()?,
            team: team.as_ref().map(|t| t.name.clone()).unwrap_or_default(),
            server: team.as_ref().map(|t| t.server.clone()),
            members: n,
            coordinators,
            case_members,
            retention: settings.retention.clone(),
            cases: settings.cases.clone(),
            small_threshold: settings.small_threshold,
            idle_lock_minutes: settings.idle_lock_minutes,
            team_rules: settings.team_rules,
            deleted_since: since,
            deleted,
            cases_deleted,
            overdue: self.retention_plan()?.now,
            cases_overdue,
            log_entries: chain.entries,
            log_devices: chain.devices,
            log_intact: chain.intact(),
            made_on: today,
            made_by: settings.consultant_name,
        })
    }
}
