//! Overblik, the consultant's desk: what needs doing, by urgency, from every
//! kind of record at once. Computed by `feltbog-core`'s `domain::desk` from
//! what the store reads in one transaction; the app's first page, the
//! command line's `feltbog today` and the daily reminder ([`Desk::reminder`]) show the
//! same value.

use crate::cases::PurgeHold;
use crate::survey::{Band, Counts};
use crate::visits::VisitPurpose;
use crate::{
    ActivityFollowUpId, ActivityId, AgreementId, CafeId, CaseId, FollowUpId, RoundId, SchoolId,
    VisitId,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How many days past today the desk looks: today and the next seven, so a
/// Friday morning shows the whole of next week's Monday to Friday.
pub const DESK_DAYS_AHEAD: u64 = 7;

/// What a first-offence case waits on, as a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseTask {
    /// Notified by the police; no conversation offered yet. Due by the
    /// offer rule.
    Offer,
    /// A conversation offered (or accepted) and not yet held. There is no
    /// rule for when it must be held, so it waits without a due day.
    Conversation,
    /// The conversation is held; the follow-up is due by the follow-up
    /// rule.
    FollowUp,
}

/// One thing to do, with what it takes to open its record. A case is named
/// by its number only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DeskItem {
    /// A visit still planned: ahead, or past and not marked done.
    Visit {
        visit: VisitId,
        school_name: String,
        purpose: VisitPurpose,
        purpose_other: String,
    },
    /// An open follow-up of a visit.
    FollowUp {
        follow_up: FollowUpId,
        visit: VisitId,
        text: String,
        school_name: String,
    },
    /// An open café agreement due for its revisit.
    Agreement {
        agreement: AgreementId,
        cafe: CafeId,
        text: String,
        /// The school's name or the area.
        place: String,
    },
    /// An open follow-up of an activity.
    ActivityFollowUp {
        follow_up: ActivityFollowUpId,
        activity: ActivityId,
        text: String,
        /// The activity's school or area.
        place: String,
    },
    /// A case waiting on a step.
    Case {
        case: CaseId,
        number: String,
        task: CaseTask,
        notified: NaiveDate,
    },
}

/// A line of the desk: the item and its day (the visit's day, the due or
/// revisit day; for a conversation waiting, the day it was offered).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskLine {
    pub date: NaiveDate,
    #[serde(flatten)]
    pub item: DeskItem,
    /// Who is responsible for it (*ansvarlig*).
    #[serde(default)]
    pub owner: String,
}

/// A school in a survey round whose window is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskSchool {
    pub school: SchoolId,
    pub school_name: String,
    pub counts: Counts,
    pub band: Band,
}

/// A survey round in its window, its schools furthest behind first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskRound {
    pub round: RoundId,
    pub name: String,
    pub target_percent: u8,
    /// Days left of the window, today included.
    pub days_left: i64,
    pub window_to: NaiveDate,
    pub schools: Vec<DeskSchool>,
}

/// What waits for a person beyond the records: sync's questions, a purge
/// held, a broken access log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskAttention {
    /// Sync conflicts waiting for a choice.
    pub conflicts: u32,
    /// Edits made here that lost to a delete, unread.
    pub lost_edits: u32,
    /// Kinds of sync alarm not yet seen.
    pub sync_alarms: u32,
    pub purge_hold: Option<PurgeHold>,
    /// The access log's last check (on unlock, or the whole check) found
    /// it changed outside Feltbog.
    pub access_log_broken: bool,
    /// Notifications from the police's list waiting for triage (a count:
    /// the team's, as the rows are no one's until triaged).
    #[serde(default)]
    pub notifications_waiting: u32,
}

impl Desk {
    /// The desk with only the lines whose responsible member `mine`
    /// accepts (*Mine*); the survey rounds and what waits for a person
    /// stay, as they are the team's.
    pub fn only(mut self, mine: impl Fn(&str) -> bool) -> Desk {
        let keep = |lines: &mut Vec<DeskLine>| lines.retain(|l| mine(&l.owner));
        keep(&mut self.overdue);
        keep(&mut self.due_today);
        keep(&mut self.coming);
        keep(&mut self.waiting);
        self
    }
}

/// Who may be made responsible for a record, and who is asking: what the
/// app's *Mine* / *Hele teamet* switch and the hand-over need.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ownership {
    /// In a team (alone, everything is this member's and nothing is
    /// handed over).
    pub team: bool,
    /// A coordinator may hand over any record; a consultant their own.
    pub coordinator: bool,
    /// The names this member goes by (the settings' and the team's).
    pub me: Vec<String>,
    /// The team's active members, by name, this member included.
    pub members: Vec<String>,
}

impl Ownership {
    /// Whether `owner` is this member (alone: always).
    pub fn owns(&self, owner: &str) -> bool {
        !self.team || self.me.iter().any(|n| same_person(n, owner))
    }

    /// Whether this member may hand over a record `owner` is responsible
    /// for.
    pub fn may_hand_over(&self, owner: &str) -> bool {
        self.team && (self.coordinator || self.owns(owner))
    }
}

/// Whether two member names name the same person: trimmed, case ignored
/// (the team knows its members by name, typed by people).
pub fn same_person(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    !a.is_empty() && a.to_lowercase() == b.to_lowercase()
}

impl DeskAttention {
    /// Whether anything here waits.
    pub fn any(&self) -> bool {
        self.conflicts > 0
            || self.lost_edits > 0
            || self.sync_alarms > 0
            || self.purge_hold.is_some()
            || self.access_log_broken
            || self.notifications_waiting > 0
    }
}

/// The desk on one day. Each list is oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Desk {
    /// The day the desk is for.
    pub day: NaiveDate,
    /// The last day the desk looks at (today + [`DESK_DAYS_AHEAD`]).
    pub until: NaiveDate,
    /// Past their day and not done.
    pub overdue: Vec<DeskLine>,
    /// Today's: planned visits first.
    pub due_today: Vec<DeskLine>,
    /// From tomorrow to `until`.
    pub coming: Vec<DeskLine>,
    /// Waiting on someone else, without a due day (a conversation offered
    /// and not yet held), oldest first.
    pub waiting: Vec<DeskLine>,
    /// Survey rounds whose window is open today.
    pub rounds: Vec<DeskRound>,
    pub attention: DeskAttention,
}

impl Desk {
    /// How many lines are overdue or due today: what the reminder counts.
    pub fn due_now(&self) -> usize {
        self.overdue.len() + self.due_today.len()
    }

    /// The daily reminder: the lines overdue or due today, counted by
    /// kind. `None` when nothing is.
    pub fn reminder(&self) -> Option<Reminder> {
        let mut r = Reminder::default();
        for (line, overdue) in self
            .overdue
            .iter()
            .map(|l| (l, true))
            .chain(self.due_today.iter().map(|l| (l, false)))
        {
            let count = match &line.item {
                DeskItem::Visit { .. } => &mut r.visits,
                DeskItem::FollowUp { .. } => &mut r.follow_ups,
                DeskItem::ActivityFollowUp { .. } => &mut r.activity_follow_ups,
                DeskItem::Agreement { .. } => &mut r.agreements,
                DeskItem::Case {
                    task: CaseTask::Offer,
                    ..
                } => &mut r.offers,
                DeskItem::Case {
                    task: CaseTask::FollowUp,
                    ..
                } => &mut r.case_follow_ups,
                // Waits without a day, so never in these two lists.
                DeskItem::Case {
                    task: CaseTask::Conversation,
                    ..
                } => continue,
            };
            *count += 1;
            r.overdue += u32::from(overdue);
        }
        (r.total() > 0).then_some(r)
    }
}

/// What the daily desktop notification says: counts and kinds only. A
/// notification centre can be seen by anyone near the screen (a projector
/// in a meeting), so it never carries a name, initials, a case number or a
/// school.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    /// Planned visits today, or past and not marked done.
    pub visits: u32,
    /// Follow-ups of visits.
    pub follow_ups: u32,
    /// Café agreements to revisit.
    pub agreements: u32,
    /// Follow-ups of activities.
    #[serde(default)]
    pub activity_follow_ups: u32,
    /// First-offence conversations to offer.
    pub offers: u32,
    /// First-offence follow-up conversations to hold.
    pub case_follow_ups: u32,
    /// How many of all the above are past their day.
    pub overdue: u32,
}

impl Reminder {
    /// Everything due or overdue.
    pub fn total(&self) -> u32 {
        self.visits
            + self.follow_ups
            + self.agreements
            + self.activity_follow_ups
            + self.offers
            + self.case_follow_ups
    }
}
