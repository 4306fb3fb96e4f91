//! A tile's fields and how they are saved: each change at once, one save
//! at a time, and the newest state always the last one sent.

use crate::components::read_date;
use crate::i18n::{error_text, t};
use crate::ipc::call;
use crate::pages::visit_form::today;
use feltbog_api::commands::SaveClass;
use feltbog_api::dates::format_short;
use feltbog_api::survey::{ClassStatus, ClassView, NewClass};
use feltbog_api::{ApiError, ClassId, Problem};
use leptos::prelude::*;

/// The tile's fields as signals.
#[derive(Clone, Copy)]
pub(super) struct TileFields {
    pub answered: RwSignal<String>,
    pub absent: RwSignal<String>,
    pub enrolled: RwSignal<String>,
    pub status: RwSignal<ClassStatus>,
    pub reason: RwSignal<String>,
    pub taken: RwSignal<String>,
}

impl TileFields {
    pub fn new(c: &ClassView) -> Self {
        Self {
            answered: RwSignal::new(c.answered.to_string()),
            absent: RwSignal::new(c.absent.to_string()),
            enrolled: RwSignal::new(c.enrolled.to_string()),
            status: RwSignal::new(c.status),
            reason: RwSignal::new(c.reason.clone()),
            taken: RwSignal::new(c.taken_on.map(format_short).unwrap_or_default()),
        }
    }

    /// The typed values as a request, read without tracking.
    fn to_class(self, base: &NewClass) -> Result<NewClass, ApiError> {
        let count = |field: &str, s: RwSignal<String>| {
            s.get_untracked().trim().parse::<u32>().map_err(|_| {
                ApiError::invalid(
                    field,
                    Problem::OutOfRange { min: 0, max: 500 },
                    "not a number",
                )
            })
        };
        let taken = self.taken.get_untracked();
        let taken_on = if taken.trim().is_empty() {
            None
        } else {
            Some(read_date("taken_on", &taken)?)
        };
        Ok(NewClass {
            enrolled: count("enrolled", self.enrolled)?,
            answered: count("answered", self.answered)?,
            absent: count("absent", self.absent)?,
            status: self.status.get_untracked(),
            reason: self.reason.get_untracked(),
            taken_on,
            ..base.clone()
        })
    }

    /// A count as typed, read reactively; `None` while it is not a number.
    pub fn number(s: RwSignal<String>) -> Option<u32> {
        s.get().trim().parse().ok()
    }

    /// The first answer starts the class and dates it today.
    pub fn started(self) {
        let answered = self.answered.get_untracked().trim().parse().unwrap_or(0);
        if answered == 0 {
            return;
        }
        let status = self.status.get_untracked();
        if status.after_answers(answered) != status {
            self.status.set(status.after_answers(answered));
        }
        if self.taken.get_untracked().trim().is_empty() {
            if let Some(d) = today() {
                self.taken.set(format_short(d));
            }
        }
    }
}

/// Where the tile's saving stands, for the line at its foot.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum SaveState {
    Saved,
    Saving,
    Failed,
}

/// Saves one class's tile. `Copy`, so every button's handler holds it.
#[derive(Clone, Copy)]
pub(super) struct Saver {
    id: ClassId,
    fields: TileFields,
    /// The class as last saved: what the tile does not edit comes from it.
    base: StoredValue<NewClass>,
    pub state: RwSignal<SaveState>,
    pub error: RwSignal<Option<String>>,
    in_flight: StoredValue<bool>,
    again: StoredValue<bool>,
}

impl Saver {
    pub fn new(c: &ClassView, fields: TileFields) -> Self {
        Self {
            id: c.id,
            fields,
            base: StoredValue::new(c.to_input()),
            state: RwSignal::new(SaveState::Saved),
            error: RwSignal::new(None),
            in_flight: StoredValue::new(false),
            again: StoredValue::new(false),
        }
    }

    /// Sends the current state; while a save is under way, remembers to
    /// send again when it is done, so the last change always wins.
    pub fn save(self) {
        let Some(class) = self.read() else {
            return;
        };
        if self.in_flight.get_value() {
            self.again.set_value(true);
            return;
        }
        self.in_flight.set_value(true);
        self.state.set(SaveState::Saving);
        leptos::task::spawn_local(async move {
            let mut class = class;
            loop {
                let id = Some(self.id);
                let result = call(&SaveClass { id, class }).await;
                if self.again.get_value() {
                    self.again.set_value(false);
                    match self.read() {
                        Some(next) => {
                            class = next;
                            continue;
                        }
                        None => break,
                    }
                }
                match result {
                    Ok(saved) => {
                        self.base.set_value(saved.to_input());
                        self.error.set(None);
                        self.state.set(SaveState::Saved);
                    }
                    Err(e) => self.failed(&e),
                }
                break;
            }
            self.in_flight.set_value(false);
        });
    }

    /// The typed values as a request, or `None` with the error shown.
    fn read(self) -> Option<NewClass> {
        self.fields
            .to_class(&self.base.get_value())
            .map_err(|e| self.failed(&e))
            .ok()
    }

    fn failed(self, e: &ApiError) {
        self.error.set(Some(field_error(e)));
        self.state.set(SaveState::Failed);
    }
}

/// "Besvaret: Skal være mellem 0 og 24."
fn field_error(e: &ApiError) -> String {
    let label = match e.field() {
        Some("answered") => t("survey.answered"),
        Some("absent") => t("onsite.absent"),
        Some("enrolled") => t("survey.enrolled"),
        Some("reason") => t("onsite.reason"),
        Some("taken_on") => t("onsite.taken_on"),
        _ => return error_text(e),
    };
    format!("{label}: {}", error_text(e))
}
