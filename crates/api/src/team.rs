//! Team sync as the UI and the command line see it: membership, invites,
//! the sync indicator's state and what a sync did.

use crate::words::word_enum;
use crate::ApiError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

word_enum!(
    /// A member's role in the team.
    MemberRole {
        Consultant = "consultant",
        Coordinator = "coordinator",
    }
);

word_enum!(
    /// Which side of a conflict to keep.
    Keep {
        Mine = "mine",
        Theirs = "theirs",
    }
);

word_enum!(
    /// Something the sync server, or a member's altered program, did that
    /// the protocol does not allow (docs/SECURITY.md). The device refuses
    /// it, keeps everything it holds, and shows the alarm until the person
    /// has read it.
    SyncAlarm {
        /// A key offered without the signature of an active coordinator,
        /// or naming another team, scope, epoch or device.
        ForgedKey = "forged-key",
        /// This device holds another key for the epoch the coordinator
        /// announced.
        KeyMismatch = "key-mismatch",
        /// An entry whose signature, encryption or place is wrong.
        ForgedEntry = "forged-entry",
        /// A place in a log emptied without a deletion that covers it, or
        /// a deletion that names other records.
        ForgedDeletion = "forged-deletion",
        /// The server leaves out a place in a member's log.
        Gap = "gap",
        /// Entries a removed member wrote after the removal.
        RemovedMember = "removed-member",
        /// The server holds more of this device's log than it sent, or
        /// other entries: a copied or restored profile, or a lying server.
        /// This device stops sending (docs/SECURITY.md says what to do).
        Cloned = "cloned",
        /// The server lost entries this device had sent; they were sent
        /// again.
        RolledBack = "rolled-back",
        /// An answer that breaks the protocol: too large, unreadable, or a
        /// redirect to another address.
        BadAnswer = "bad-answer",
        /// Changes stamped more than a day ahead of this device's clock:
        /// held back until then.
        FutureStamp = "future-stamp",
    }
);

impl SyncAlarm {
    /// What happened, in plain English, for the command line and logs
    /// (the app shows the catalogue's words).
    pub fn describe(self) -> &'static str {
        match self {
            SyncAlarm::ForgedKey => {
                "the server offered a key that no coordinator of the team signed; it was refused"
            }
            SyncAlarm::KeyMismatch => {
                "this device holds another key than the one the coordinator announced; it does \
                 not write under it"
            }
            SyncAlarm::ForgedEntry => {
                "an entry failed its checks (signature, encryption or place); it was refused"
            }
            SyncAlarm::ForgedDeletion => {
                "entries were removed without a deletion that covers them, or a deletion named \
                 other records; nothing was deleted here"
            }
            SyncAlarm::Gap => "the server leaves out an entry of a member's log",
            SyncAlarm::RemovedMember => {
                "the server served entries a removed member wrote after the removal; they were \
                 refused"
            }
            SyncAlarm::Cloned => {
                "the server holds more of this device's log than it sent, or other entries: \
                 this profile was copied or restored (or the server lies). This device stopped \
                 sending; leave the team on it and join again with a new invite \
                 (`feltbog team leave`)"
            }
            SyncAlarm::RolledBack => {
                "the server lost entries this device had sent; they were sent again"
            }
            SyncAlarm::BadAnswer => {
                "the server answered outside the protocol (too large, unreadable, or a redirect)"
            }
            SyncAlarm::FutureStamp => {
                "a member's changes are stamped more than a day ahead of this computer's clock; \
                 they wait until then (check both clocks)"
            }
        }
    }
}

impl MemberRole {
    pub fn of(coordinator: bool) -> MemberRole {
        if coordinator {
            MemberRole::Coordinator
        } else {
            MemberRole::Consultant
        }
    }
}

/// This profile's team, when it is in one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamInfo {
    pub name: String,
    pub server: String,
    pub role: MemberRole,
    /// Whether this device may read first-offence cases (a coordinator
    /// has granted it the case key).
    pub cases: bool,
    /// The invite gave case access, but no coordinator's device has
    /// granted the case key yet.
    pub cases_pending: bool,
    pub member_name: String,
    pub last_sync_at: Option<DateTime<Utc>>,
    /// Why the last sync did not finish; empty when it did.
    pub last_error: String,
}

/// What the sync indicator shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncStatus {
    /// `None`: not in a team.
    pub team: Option<TeamInfo>,
    /// Changes made here that the server has not confirmed.
    pub waiting: u32,
    /// Conflicts waiting for a person to choose.
    pub conflicts: u32,
    /// Edits made here that lost to another device's delete, unread.
    pub lost_edits: u32,
    /// What the server (or a member's altered program) did that this
    /// device refused, until the person has seen it.
    pub alarms: Vec<AlarmView>,
    /// This device may not send yet: it waits for the coordinator's device
    /// to admit it, or for the key of the epoch the team writes under.
    pub waiting_for_key: bool,
}

/// One kind of alarm, how often, since when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlarmView {
    pub alarm: SyncAlarm,
    pub count: u32,
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
}

/// A new invite: the code is shown once, large, to be read or copied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteView {
    pub code: String,
    pub role: MemberRole,
    pub cases: bool,
    pub expires_at: DateTime<Utc>,
}

/// What one sync did. Counts only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncReport {
    pub sent: u32,
    pub received: u32,
    pub deleted: u32,
    pub new_conflicts: u32,
    pub lost_edits: u32,
    /// Entries that failed their checks (signature, key, structure).
    pub refused: u32,
    /// What this sync refused as the server's (or a member's) doing.
    pub alarms: Vec<SyncAlarm>,
}

/// One side of a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictSide {
    /// The field's text (a group of fields: one line each, `name: value`).
    pub text: String,
    /// The device that wrote it.
    pub device: String,
    /// The member's name for that device, where the member list has it.
    pub by: String,
    pub written_at: DateTime<Utc>,
    /// Whether the record shows this side now.
    pub shown: bool,
}

/// Text two devices edited without seeing each other's edit: both kept
/// until a person chooses. `mine` is the side written on this device (or,
/// where neither was, the one shown now).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictView {
    pub id: String,
    /// `visit`, `cafe`, `follow_up`, ...
    pub entity: String,
    pub record_id: String,
    /// Where the record belongs, so a person can tell which one it is: the
    /// school (or a café's area).
    pub place: String,
    /// The visit's or café's date.
    pub date: Option<NaiveDate>,
    pub field: String,
    pub mine: ConflictSide,
    pub theirs: ConflictSide,
}

/// A member of the team, as the member list holds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub device: String,
    pub name: String,
    pub role: MemberRole,
    pub cases: bool,
    /// `false` once a coordinator removed them.
    pub active: bool,
    /// Joined with an invite, not yet admitted by the coordinator's device
    /// that made it (`name` is empty where this device cannot know it).
    pub pending: bool,
    /// When the device last reached the server (when it could be asked).
    pub last_seen: Option<DateTime<Utc>>,
    pub this_device: bool,
}

/// An edit made on this device that lost to another device's delete: the
/// person is told, once, and sees what they had written (not for cases).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LostEditView {
    pub record_id: String,
    /// `visit`, `cafe`, ...
    pub entity: String,
    /// What was written here; empty for cases.
    pub text: String,
    /// Who deleted it: the member's name, where known.
    pub deleted_by: String,
}

/// What the app's sync indicator shows: the profile's state and what the
/// background sync is doing now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncIndicator {
    pub status: SyncStatus,
    /// A sync is running now.
    pub syncing: bool,
    /// Why the last sync did not finish (the server cannot be reached, or
    /// refused); `None` when it did, or none has run since unlocking.
    pub failure: Option<ApiError>,
    /// Raised each time a sync brought changes from the team, so the
    /// screens showing records reload.
    pub arrivals: u64,
}
