//! School visits and the follow-up actions agreed at them.

use crate::dates::IsoWeek;
use crate::words::word_enum;
use crate::{FollowUpId, SchoolId, VisitId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

word_enum!(
    /// Why the consultant visits the school.
    VisitPurpose {
        Survey = "survey",
        ClassTalk = "class-talk",
        Management = "management",
        SspGroup = "ssp-group",
        ParentMeeting = "parent-meeting",
        Other = "other",
    }
);

word_enum!(
    /// Whether the visit is ahead (planned) or has happened (done).
    VisitStatus {
        Planned = "planned",
        Done = "done",
    }
);

/// A visit as entered by the user, for recording or editing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewVisit {
    pub school: SchoolId,
    pub date: NaiveDate,
    pub status: VisitStatus,
    pub purpose: VisitPurpose,
    /// Required when `purpose` is `Other`, ignored otherwise.
    pub purpose_other: String,
    /// Classes met, e.g. `["7.a", "8.b"]`.
    pub classes: Vec<String>,
    pub notes: String,
    pub follow_ups: Vec<FollowUpInput>,
}

/// One follow-up action as entered. `id` is `None` for a new one and the
/// existing id when editing, so edits keep the follow-up's identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpInput {
    pub id: Option<FollowUpId>,
    pub text: String,
    pub due: NaiveDate,
    pub done: bool,
}

/// A stored visit with its follow-ups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitView {
    pub id: VisitId,
    pub school: SchoolId,
    pub school_name: String,
    pub date: NaiveDate,
    pub status: VisitStatus,
    pub purpose: VisitPurpose,
    pub purpose_other: String,
    pub classes: Vec<String>,
    pub notes: String,
    /// The consultant's name from settings when the visit was recorded.
    pub author: String,
    /// Who is responsible (*ansvarlig*): the team member's name. By
    /// default whoever recorded it (for a follow-up or an agreement: as
    /// its visit or café), until handed over.
    #[serde(default)]
    pub owner: String,
    pub follow_ups: Vec<FollowUpView>,
}

/// A stored follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpView {
    pub id: FollowUpId,
    pub text: String,
    pub due: NaiveDate,
    pub done: bool,
    /// Who is responsible (*ansvarlig*): the team member's name. By
    /// default whoever recorded it (for a follow-up or an agreement: as
    /// its visit or café), until handed over.
    #[serde(default)]
    pub owner: String,
}

/// Which visits to list. Both empty: all visits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitFilter {
    pub school: Option<SchoolId>,
    pub week: Option<IsoWeek>,
}

/// An open follow-up with enough of its visit to act on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueFollowUp {
    pub follow_up: FollowUpView,
    pub visit: VisitId,
    pub visit_date: NaiveDate,
    pub school_name: String,
}

impl From<FollowUpView> for FollowUpInput {
    /// The input that keeps a stored follow-up as it is.
    fn from(f: FollowUpView) -> Self {
        Self {
            id: Some(f.id),
            text: f.text,
            due: f.due,
            done: f.done,
        }
    }
}
