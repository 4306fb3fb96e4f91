//! Overblik: what needs doing, computed from plain facts the store reads in
//! one read transaction (`Store::desk_facts`). Pure: the same function
//! serves the app's first page, `feltbog today` and the daily reminder.
//!
//! The rules (docs/USER-GUIDE.md says them to the consultant):
//! - the desk looks from the oldest open item to today + seven days;
//! - a planned visit whose day has passed is overdue until it is marked
//!   done or deleted; an open follow-up (of a visit or an activity) or
//!   agreement is overdue after its day; a case after its deadline (the same rule as the cases list);
//! - a conversation offered but not held waits without a day of its own:
//!   no rule says when it must be held, so it is listed apart, oldest
//!   offer first;
//! - within a day, visits come first (the consultant's day is planned
//!   around them), then cases, visits' follow-ups, agreements and
//!   activities' follow-ups;
//! - survey rounds are listed while their window is open, schools furthest
//!   behind first (the survey overview's order).

use super::cases as rules;
use super::survey_overview::{overview, RoundClasses};
use chrono::{Days, NaiveDate};
use feltbog_api::activities::DueActivityFollowUp;
use feltbog_api::cafes::DueAgreement;
use feltbog_api::cases::{DeadlineKind, Step};
use feltbog_api::desk::{
    CaseTask, Desk, DeskAttention, DeskItem, DeskLine, DeskRound, DeskSchool, DESK_DAYS_AHEAD,
};
use feltbog_api::profile::CaseSettings;
use feltbog_api::survey::{ClassView, RoundView, Window};
use feltbog_api::visits::{DueFollowUp, VisitPurpose};
use feltbog_api::{CaseId, VisitId};

/// A visit still planned, on or before the desk's last day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedVisit {
    pub id: VisitId,
    pub date: NaiveDate,
    pub school_name: String,
    pub purpose: VisitPurpose,
    pub purpose_other: String,
    pub owner: String,
}

/// A case not closed, with the dates its task is worked out from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCase {
    pub id: CaseId,
    pub number: String,
    pub step: Step,
    pub step_date: NaiveDate,
    pub notified: NaiveDate,
    pub held_on: Option<NaiveDate>,
    pub owner: String,
}

/// Everything the desk is computed from.
#[derive(Debug, Clone, Default)]
pub struct DeskFacts {
    pub visits: Vec<PlannedVisit>,
    /// Open follow-ups due on or before the desk's last day.
    pub follow_ups: Vec<DueFollowUp>,
    /// Open agreements to revisit on or before the desk's last day.
    pub agreements: Vec<DueAgreement>,
    /// Open follow-ups of activities due on or before the desk's last day.
    pub activity_follow_ups: Vec<DueActivityFollowUp>,
    pub cases: Vec<OpenCase>,
    /// Rounds whose window is open today, with their classes.
    pub rounds: Vec<(RoundView, Vec<ClassView>)>,
    pub attention: DeskAttention,
}

/// The desk's last day: today and the next [`DESK_DAYS_AHEAD`] days.
pub fn last_day(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_days(Days::new(DESK_DAYS_AHEAD))
        .unwrap_or(today)
}

/// The desk on `today` under the case rules `rules`.
pub fn compute(f: &DeskFacts, today: NaiveDate, case_rules: &CaseSettings) -> Desk {
    let until = last_day(today);
    let mut dated: Vec<DeskLine> = Vec::new();
    let mut waiting: Vec<DeskLine> = Vec::new();

    dated.extend(f.visits.iter().map(|v| DeskLine {
        date: v.date,
        item: DeskItem::Visit {
            visit: v.id,
            school_name: v.school_name.clone(),
            purpose: v.purpose,
            purpose_other: v.purpose_other.clone(),
        },
        owner: v.owner.clone(),
    }));
    dated.extend(f.follow_ups.iter().map(|d| DeskLine {
        date: d.follow_up.due,
        item: DeskItem::FollowUp {
            follow_up: d.follow_up.id,
            visit: d.visit,
            text: d.follow_up.text.clone(),
            school_name: d.school_name.clone(),
        },
        owner: d.follow_up.owner.clone(),
    }));
    dated.extend(f.agreements.iter().map(|a| DeskLine {
        date: a.agreement.revisit,
        item: DeskItem::Agreement {
            agreement: a.agreement.id,
            cafe: a.cafe,
            text: a.agreement.text.clone(),
            place: a.place.clone(),
        },
        owner: a.agreement.owner.clone(),
    }));
    dated.extend(f.activity_follow_ups.iter().map(|d| DeskLine {
        date: d.follow_up.due,
        item: DeskItem::ActivityFollowUp {
            follow_up: d.follow_up.id,
            activity: d.activity,
            text: d.follow_up.text.clone(),
            place: d.place.clone(),
        },
        owner: d.follow_up.owner.clone(),
    }));
    for c in &f.cases {
        let Some((task, date)) = case_task(c, case_rules, today) else {
            continue;
        };
        let line = DeskLine {
            date,
            item: DeskItem::Case {
                case: c.id,
                number: c.number.clone(),
                task,
                notified: c.notified,
            },
            owner: c.owner.clone(),
        };
        if task == CaseTask::Conversation {
            waiting.push(line);
        } else {
            dated.push(line);
        }
    }
    dated.retain(|l| l.date <= until);
    dated.sort_by(|a, b| order(a).cmp(&order(b)));
    waiting.sort_by(|a, b| order(a).cmp(&order(b)));

    let mut overdue = Vec::new();
    let mut due_today = Vec::new();
    let mut coming = Vec::new();
    for line in dated {
        match line.date.cmp(&today) {
            std::cmp::Ordering::Less => overdue.push(line),
            std::cmp::Ordering::Equal => due_today.push(line),
            std::cmp::Ordering::Greater => coming.push(line),
        }
    }

    Desk {
        day: today,
        until,
        overdue,
        due_today,
        coming,
        waiting,
        rounds: f
            .rounds
            .iter()
            .filter_map(|(r, classes)| desk_round(r, classes, today))
            .collect(),
        attention: f.attention.clone(),
    }
}

/// What a case waits on, and its day: the deadline's due day, or the day a
/// conversation was offered. `None` for a case that waits on nothing
/// (declined, follow-up held, closed).
fn case_task(c: &OpenCase, r: &CaseSettings, today: NaiveDate) -> Option<(CaseTask, NaiveDate)> {
    if matches!(c.step, Step::Invited | Step::Accepted) {
        return Some((CaseTask::Conversation, c.step_date));
    }
    let d = rules::deadline(
        c.step,
        c.notified,
        c.held_on,
        r.offer_within_days,
        r.follow_up_within_weeks,
        today,
    )?;
    let task = match d.kind {
        DeadlineKind::Offer => CaseTask::Offer,
        DeadlineKind::FollowUp => CaseTask::FollowUp,
    };
    Some((task, d.due))
}

/// The order within a group: by day, visits first within a day, then by
/// what the line says (so the order is the same on every device).
fn order(l: &DeskLine) -> (NaiveDate, u8, &str) {
    let (rank, text) = match &l.item {
        DeskItem::Visit { school_name, .. } => (0, school_name.as_str()),
        DeskItem::Case { number, .. } => (1, number.as_str()),
        DeskItem::FollowUp { text, .. } => (2, text.as_str()),
        DeskItem::Agreement { text, .. } => (3, text.as_str()),
        DeskItem::ActivityFollowUp { text, .. } => (4, text.as_str()),
    };
    (l.date, rank, text)
}

/// A round whose window is open today, its schools furthest behind first.
fn desk_round(r: &RoundView, classes: &[ClassView], today: NaiveDate) -> Option<DeskRound> {
    let Window::Open { days } = Window::on(r, today) else {
        return None;
    };
    let o = overview(RoundClasses { round: r, classes }, &[], today);
    Some(DeskRound {
        round: r.id,
        name: r.name.clone(),
        target_percent: r.target_percent,
        days_left: days,
        window_to: r.window_to,
        schools: o
            .schools
            .into_iter()
            .map(|s| DeskSchool {
                school: s.school,
                school_name: s.school_name,
                counts: s.counts,
                band: s.band,
            })
            .collect(),
    })
}

#[cfg(test)]
#[path = "desk_tests.rs"]
mod tests;
