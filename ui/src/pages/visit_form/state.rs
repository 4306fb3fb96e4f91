//! The visit form's state: its fields as signals, the request they make,
//! and the encrypted draft kept while the user types (loaded on open, saved
//! a moment after typing stops).

use super::today;
use crate::components::dated_rows::{DatedRows, RowWords};
use crate::components::draft::FormDraft;
use crate::components::{read_date, FormErrors};
use crate::ipc::call;
use feltbog_api::commands::GetVisit;
use feltbog_api::dates::format_short;
use feltbog_api::visits::{FollowUpInput, NewVisit, VisitPurpose, VisitStatus, VisitView};
use feltbog_api::{ApiError, FollowUpId, Problem, SchoolId, VisitId};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The form's state as saved in an encrypted draft while the user types.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct DraftBody {
    school: String,
    date: String,
    status: VisitStatus,
    purpose: VisitPurpose,
    purpose_other: String,
    classes: String,
    notes: String,
    follow_ups: Vec<(Option<FollowUpId>, String, String, bool)>,
}

/// What the visit form calls its dated rows.
pub(super) const FOLLOW_UPS: RowWords = RowWords {
    field: "follow_ups",
    date_field: "due",
    id: "fu",
    add_id: "add-follow-up",
    legend: "visit.follow_ups",
    hint: "visit.follow_ups_hint",
    text: "visit.follow_up_text",
    date: "visit.follow_up_due",
    done: "visit.follow_up_done",
    remove: "visit.follow_up_remove",
    add: "visit.add_follow_up",
};

/// The form's fields as signals.
#[derive(Clone, Copy)]
pub(super) struct Fields {
    pub(super) school: RwSignal<String>,
    pub(super) date: RwSignal<String>,
    pub(super) status: RwSignal<VisitStatus>,
    pub(super) purpose: RwSignal<VisitPurpose>,
    pub(super) purpose_other: RwSignal<String>,
    pub(super) classes: RwSignal<String>,
    pub(super) notes: RwSignal<String>,
    pub(super) follow_ups: DatedRows<FollowUpId>,
}

impl Fields {
    pub(super) fn new() -> Self {
        Self {
            school: RwSignal::new(String::new()),
            date: RwSignal::new(today().map(format_short).unwrap_or_default()),
            status: RwSignal::new(VisitStatus::Done),
            purpose: RwSignal::new(VisitPurpose::ClassTalk),
            purpose_other: RwSignal::new(String::new()),
            classes: RwSignal::new(String::new()),
            notes: RwSignal::new(String::new()),
            follow_ups: DatedRows::new(),
        }
    }

    /// The current state, read reactively (so an effect re-runs on typing).
    pub(super) fn body(&self) -> DraftBody {
        DraftBody {
            school: self.school.get(),
            date: self.date.get(),
            status: self.status.get(),
            purpose: self.purpose.get(),
            purpose_other: self.purpose_other.get(),
            classes: self.classes.get(),
            notes: self.notes.get(),
            follow_ups: self.follow_ups.values(),
        }
    }

    pub(super) fn restore(&self, b: DraftBody) {
        self.school.set(b.school);
        self.date.set(b.date);
        self.status.set(b.status);
        self.purpose.set(b.purpose);
        self.purpose_other.set(b.purpose_other);
        self.classes.set(b.classes);
        self.notes.set(b.notes);
        self.follow_ups.set(b.follow_ups);
    }

    pub(super) fn fill(&self, v: VisitView) {
        self.school.set(v.school.to_string());
        self.date.set(format_short(v.date));
        self.status.set(v.status);
        self.purpose.set(v.purpose);
        self.purpose_other.set(v.purpose_other);
        self.classes.set(v.classes.join(", "));
        self.notes.set(v.notes);
        for f in v.follow_ups {
            self.follow_ups
                .add(Some(f.id), f.text, format_short(f.due), f.done);
        }
    }

    pub(super) fn body_untracked(&self) -> DraftBody {
        leptos::prelude::untrack(|| self.body())
    }

    /// The typed values as a request; a date or school that cannot be read
    /// is reported on its field before anything is sent.
    pub(super) fn to_visit(self) -> Result<NewVisit, ApiError> {
        let date = read_date("date", &self.date.get())?;
        let school: SchoolId = self.school.get().parse().map_err(|_| {
            ApiError::invalid("school", Problem::UnknownReference, "choose a school")
        })?;
        let follow_ups = self
            .follow_ups
            .read(FOLLOW_UPS, |id, text, due, done| FollowUpInput {
                id,
                text,
                due,
                done,
            })?;
        Ok(NewVisit {
            school,
            date,
            status: self.status.get(),
            purpose: self.purpose.get(),
            purpose_other: self.purpose_other.get(),
            classes: self
                .classes
                .get()
                .split(',')
                .map(|c| c.trim().to_owned())
                .collect(),
            notes: self.notes.get(),
            follow_ups,
        })
    }
}

/// Fills the form: the stored visit when editing, then any draft on top of
/// it (a draft is newer than what was saved).
pub(super) fn load(
    id: Option<VisitId>,
    f: Fields,
    draft: FormDraft<DraftBody>,
    errors: FormErrors,
) {
    leptos::task::spawn_local(async move {
        if let Some(id) = id {
            match call(&GetVisit { id }).await {
                Ok(v) => f.fill(v),
                Err(e) => errors.set(e),
            }
        }
        draft
            .restore(|body| f.restore(body), || f.body_untracked())
            .await;
    });
}
