//! First-offence conversations: the words a case is described with and the
//! steps it moves through. The most sensitive record in Feltbog; the rules
//! are in `feltbog-core`'s `domain::cases`.

use crate::words::word_enum;

word_enum!(
    /// The law the young person is charged under.
    Law {
        PenalCode = "penal-code",
        WeaponsAct = "weapons-act",
        DrugsAct = "drugs-act",
        Other = "other",
    }
);

word_enum!(
    /// The kind of offence.
    Offence {
        Theft = "theft",
        Violence = "violence",
        Vandalism = "vandalism",
        Drugs = "drugs",
        Weapons = "weapons",
        Threats = "threats",
        Other = "other",
    }
);

word_enum!(
    /// Who took part in a conversation, by role (never by name).
    Role {
        YoungPerson = "young-person",
        Parent = "parent",
        Ssp = "ssp",
        Police = "police",
        Caseworker = "caseworker",
        Interpreter = "interpreter",
    }
);

word_enum!(
    /// Where a case stands. Steps are recorded in this order (see
    /// `domain::cases::may_follow` for the exact table).
    Step {
        Notified = "notified",
        Invited = "invited",
        Accepted = "accepted",
        Declined = "declined",
        Held = "held",
        FollowUpPlanned = "follow-up-planned",
        FollowUpHeld = "follow-up-held",
        Closed = "closed",
    }
);

impl Step {
    /// Whether `next` may be recorded when the case stands at `self`.
    ///
    /// The path is notified → invited → accepted or declined → held →
    /// follow-up planned → follow-up held → closed. A declined invitation may
    /// be repeated (invited again); a conversation held answers the
    /// invitation (they came); a case may be closed from any step (the young
    /// person moves away, the police drop the charge), never reopened.
    pub fn may_be_followed_by(self, next: Step) -> bool {
        use Step::*;
        match (self, next) {
            (Closed, _) => false,
            (_, Closed) => true,
            (Notified, Invited) => true,
            (Invited, Accepted | Declined | Held) => true,
            (Declined, Invited) => true,
            (Accepted, Held) => true,
            (Held, FollowUpPlanned) => true,
            (FollowUpPlanned, FollowUpHeld) => true,
            _ => false,
        }
    }

    /// The steps that may be recorded next, in path order.
    pub fn next_steps(self) -> Vec<Step> {
        Step::ALL
            .iter()
            .copied()
            .filter(|n| self.may_be_followed_by(*n))
            .collect()
    }
}

word_enum!(
    /// How the young person and the parents were invited.
    InviteMethod {
        Letter = "letter",
        DigitalPost = "digital-post",
        Phone = "phone",
        InPerson = "in-person",
    }
);

word_enum!(
    /// What was decided after a repeat offence.
    RepeatDecision {
        NewConversation = "new-conversation",
        ChildProtectionNotification = "child-protection-notification",
        YouthCrimeBoard = "youth-crime-board",
        Other = "other",
    }
);

use crate::{CaseId, CaseStepId, SchoolId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A police notification as entered: the case's header. The young person is
/// named by first name or initials only; a CPR number only where the
/// municipality's setting allows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCase {
    /// The police journal number, where given.
    pub journal: String,
    /// First name or initials, never a full name.
    pub initials: String,
    pub birth_year: i32,
    /// The young person's school; `None` for no school or one outside the
    /// municipality.
    pub school: Option<SchoolId>,
    /// Ten digits, only where the setting allows CPR numbers; else empty.
    pub cpr: String,
    pub law: Law,
    /// Required when `law` is `Other`.
    pub law_other: String,
    pub offence: Offence,
    /// Required when `offence` is `Other`.
    pub offence_other: String,
    pub offence_date: NaiveDate,
    pub notified: NaiveDate,
    /// An earlier case the consultant has confirmed is the same young
    /// person: this one is then a repeat.
    pub link_to: Option<CaseId>,
}

/// What a step holds besides its kind and date. Which fields count depends
/// on the step: `method` for an invitation, place/participants/notes for the
/// conversation, `outcome` for the follow-up, `reason` for closing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepInput {
    pub method: Option<InviteMethod>,
    pub place: String,
    pub participants: Vec<Role>,
    /// Phase 1: the young person's situation.
    pub situation: String,
    /// Phase 2: the consequences made clear.
    pub consequences: String,
    /// Phase 3: what was agreed.
    pub agreements: String,
    pub outcome: String,
    pub reason: String,
}

/// A recorded step with what it held and its earlier versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepView {
    pub id: CaseStepId,
    pub step: Step,
    pub date: NaiveDate,
    pub details: StepInput,
    /// When it was written (UTC, RFC 3339) and by whom.
    pub recorded_at: String,
    pub author: String,
    /// Why this version replaced the previous one; empty for a first version.
    pub correction_reason: String,
    /// Earlier versions of this step, oldest first.
    pub revisions: Vec<Revision>,
}

/// An earlier version of a step, kept when it was corrected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub date: NaiveDate,
    pub recorded_at: String,
    pub author: String,
}

/// Which deadline a case is waiting on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlineKind {
    /// A conversation must be offered (an invitation sent).
    Offer,
    /// The follow-up must be held.
    FollowUp,
}

/// A case's next deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    pub overdue: bool,
}

/// The decision after a repeat offence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepeatDecisionView {
    pub decision: RepeatDecision,
    /// Required when `decision` is `Other`.
    pub other: String,
    pub date: NaiveDate,
}

/// A case as the list shows it: no name, initials or CPR number, so that
/// listing cases is not reading about a young person (opening one is, and is
/// logged).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub id: CaseId,
    pub number: String,
    pub school_name: String,
    pub law: Law,
    pub offence: Offence,
    pub notified: NaiveDate,
    pub step: Step,
    pub step_date: NaiveDate,
    pub deadline: Option<Deadline>,
    /// Days from the notification to the conversation, once held.
    pub days_to_conversation: Option<i64>,
    pub repeat: bool,
    /// A repeat with no decision recorded yet.
    pub repeat_undecided: bool,
    /// The day the case is deleted: a closed case by the years after
    /// closing, an open one by the stale rule (years after its last step),
    /// or later where a consultant put it off.
    pub delete_on: Option<NaiveDate>,
    /// Open, with no new step for so long that its deletion day is near
    /// ([`STALE_NOTICE_DAYS`]): close it, record a step or put it off.
    #[serde(default)]
    pub stale: bool,
    /// Who is responsible (*ansvarlig*): the team member's name. By
    /// default whoever recorded it (for a follow-up or an agreement: as
    /// its visit or café), until handed over.
    #[serde(default)]
    pub owner: String,
}

/// How long before its deletion day an open case is marked stale.
pub const STALE_NOTICE_DAYS: u64 = 183;

/// A whole case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub summary: CaseSummary,
    pub journal: String,
    pub initials: String,
    pub birth_year: i32,
    pub school: Option<SchoolId>,
    /// Whether a CPR number is registered. No part of it leaves core: its
    /// first six digits are the date of birth, so screens show
    /// "registreret" and the birth year only.
    pub cpr_registered: bool,
    pub law_other: String,
    pub offence_other: String,
    pub offence_date: NaiveDate,
    /// The earlier case this one repeats, while it still exists.
    pub linked: Option<CaseLink>,
    pub repeat_decision: Option<RepeatDecisionView>,
    /// Steps in order, each in its newest version.
    pub steps: Vec<StepView>,
    /// Set when a consultant postponed the deletion date.
    pub postponed: Option<Postponement>,
    pub author: String,
}

/// A link to another case, by number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseLink {
    pub id: CaseId,
    pub number: String,
    pub notified: NaiveDate,
    pub step: Step,
}

/// A postponed deletion: the new date and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Postponement {
    pub until: NaiveDate,
    pub reason: String,
}

/// Who the earlier-case search looks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YoungPersonKey {
    pub initials: String,
    pub birth_year: i32,
    pub school: Option<SchoolId>,
}

word_enum!(
    /// What was done to a case, as the access log records it.
    Access {
        View = "view",
        Create = "create",
        Change = "change",
        Export = "export",
        Delete = "delete",
        Postpone = "postpone",
        /// The cases list was opened (detail "overdue" when filtered).
        OpenList = "open_list",
        /// A list of deletions was opened: "due" or "done".
        OpenDeletions = "open_deletions",
        /// The case rules changed: the names of the rules that did.
        Rules = "rules",
        /// The consultant name on this device changed (the log's "who"
        /// shows the new one from then on).
        Name = "name",
        /// Wrong passphrases or recovery codes were tried since the last
        /// unlock: the count, logged at the next unlock.
        UnlockFailed = "unlock_failed",
        /// The passphrase changed ("changed", or "recovery" when set
        /// after unlocking with the recovery code).
        Passphrase = "passphrase",
        /// A new recovery code was made ("renewed", or "used" when the old
        /// one unlocked the profile).
        RecoveryCode = "recovery_code",
        /// A backup of the whole profile was written (detail: its day).
        Backup = "backup",
        /// The profile was restored from a backup (detail: the backup's day).
        Restore = "restore",
        /// The retention rules deleted records (detail: how many of each
        /// kind, e.g. "visits=3 access_log=120"; never which).
        Retention = "retention",
        /// The police's list was read in (detail: how many rows now wait
        /// for triage; never whose).
        Import = "import",
        /// A waiting notification was dismissed as not ours: nothing of
        /// it is kept, not even here (no case number, no detail).
        Dismiss = "dismiss",
    }
);

impl Access {
    /// Whether the entry is about one case (else its case-number column
    /// is empty, or names the export, e.g. "ugerapport").
    pub fn about_a_case(self) -> bool {
        matches!(
            self,
            Access::View
                | Access::Create
                | Access::Change
                | Access::Delete
                | Access::Postpone
                | Access::Export
        )
    }
}

/// The last characters of a device id, as the log page and the access
/// pack show it: its random part (the first ones are the time it was made,
/// alike for devices set up the same week).
pub fn short_device(id: &str) -> String {
    let tail: Vec<char> = id.chars().rev().take(8).collect();
    format!("…{}", tail.into_iter().rev().collect::<String>())
}

/// One access-log entry: who did what to which case, when. It holds the case
/// number and words only, never anything written in the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessEntry {
    /// UTC, RFC 3339.
    pub at: String,
    /// The consultant name set on the device (may be empty) and the device.
    pub who: String,
    pub device: String,
    pub action: Access,
    pub case_number: String,
    /// A step word or a date, e.g. "held" or "2029-03-01"; never free text.
    pub detail: String,
}

/// What `feltbog case log --verify` and the check on unlock found in the
/// access log's chains: each device's entries hold a hash of the entry
/// before them, so an entry changed, removed or slipped in outside Feltbog
/// shows as a break.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainCheck {
    /// Entries checked, and the devices they came from.
    pub entries: u32,
    pub devices: u32,
    /// Entries written before Feltbog chained the log (an older
    /// version): kept and shown, but nothing proves them.
    pub unchained: u32,
    /// The log was trimmed by its retention rule: entries before this time
    /// (UTC, RFC 3339) are gone by design, and the chain starts after them.
    #[serde(default)]
    pub trimmed_before: Option<String>,
    pub breaks: Vec<ChainBreak>,
}

impl ChainCheck {
    pub fn intact(&self) -> bool {
        self.breaks.is_empty()
    }
}

/// One break in a device's chain, with the entry where it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainBreak {
    pub kind: ChainFault,
    pub device: String,
    /// The entry's time and case number (nothing else of it).
    pub at: String,
    pub case_number: String,
}

word_enum!(
    /// How a chain is broken.
    ChainFault {
        /// The entry's content does not match its hash: it was changed.
        Altered = "altered",
        /// The entry it follows is not in the log: one was removed.
        Missing = "missing",
        /// Two entries follow the same one: the log was rewritten.
        Fork = "fork",
        /// An entry without a hash, after the device began chaining: it
        /// was put in by hand.
        Unchained = "unchained",
    }
);

/// Which access-log entries to show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessFilter {
    pub case_number: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Why cases due for deletion were not deleted by themselves: a person
/// must confirm first (the computer's date may be wrong).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum PurgeHold {
    /// Today is far past the latest date Feltbog has seen.
    ClockJump {
        last_seen: NaiveDate,
        today: NaiveDate,
        /// Cases due.
        due: u32,
        /// Other records and log entries the retention rules would delete.
        #[serde(default)]
        others: u32,
    },
    /// More cases at once than is usual.
    Many { due: u32, cases: u32 },
    /// More of the other records (visits, cafés, survey rounds) at once
    /// than is usual: the first purge after the retention rules were set
    /// shorter, say.
    ManyRecords { due: u32, records: u32 },
}

/// A case due for deletion, or deleted: the number and the date only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletionRecord {
    pub case_number: String,
    pub date: NaiveDate,
    /// The case was never closed: it is deleted for having had no new step
    /// for the stale rule's years (in the list of deletions due; the
    /// record of deletions does not keep it).
    #[serde(default)]
    pub stale: bool,
}
