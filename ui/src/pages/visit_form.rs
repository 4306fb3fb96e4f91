//! Record a new visit or edit one: school, date, planned/done, purpose,
//! classes, notes and follow-ups with due dates. Errors appear beside the
//! field they concern.

use crate::app::{ui, Page};
use crate::components::{ErrorBanner, Field, FormErrors};
use crate::i18n::t;
use crate::ipc::call;
use chrono::NaiveDate;
use feltbog_api::commands::{
    DiscardDraft, GetDraft, GetVisit, ListSchools, RecordVisit, SaveDraft, UpdateVisit,
};
use feltbog_api::dates::{format_short, parse_user_date};
use feltbog_api::visits::{FollowUpInput, NewVisit, VisitPurpose, VisitStatus, VisitView};
use feltbog_api::{ApiError, FollowUpId, Problem, SchoolId, VisitId};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Today in the webview's local time zone.
pub fn today() -> Option<NaiveDate> {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
}

/// The form's state as saved in an encrypted draft while the user types.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct DraftBody {
    school: String,
    date: String,
    status: VisitStatus,
    purpose: VisitPurpose,
    purpose_other: String,
    classes: String,
    notes: String,
    follow_ups: Vec<(Option<FollowUpId>, String, String, bool)>,
}

#[derive(Clone, Copy)]
struct FollowUpRow {
    key: u32,
    id: Option<FollowUpId>,
    text: RwSignal<String>,
    due: RwSignal<String>,
    done: RwSignal<bool>,
}

/// The form's fields as signals.
#[derive(Clone, Copy)]
struct Draft {
    school: RwSignal<String>,
    date: RwSignal<String>,
    status: RwSignal<VisitStatus>,
    purpose: RwSignal<VisitPurpose>,
    purpose_other: RwSignal<String>,
    classes: RwSignal<String>,
    notes: RwSignal<String>,
    follow_ups: RwSignal<Vec<FollowUpRow>>,
    next_key: StoredValue<u32>,
}

impl Draft {
    fn new() -> Self {
        Self {
            school: RwSignal::new(String::new()),
            date: RwSignal::new(today().map(format_short).unwrap_or_default()),
            status: RwSignal::new(VisitStatus::Done),
            purpose: RwSignal::new(VisitPurpose::ClassTalk),
            purpose_other: RwSignal::new(String::new()),
            classes: RwSignal::new(String::new()),
            notes: RwSignal::new(String::new()),
            follow_ups: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(0),
        }
    }

    fn add_follow_up(&self, id: Option<FollowUpId>, text: String, due: String, done: bool) {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        let row = FollowUpRow {
            key,
            id,
            text: RwSignal::new(text),
            due: RwSignal::new(due),
            done: RwSignal::new(done),
        };
        self.follow_ups.update(|f| f.push(row));
    }

    /// The current state, read reactively (so an effect re-runs on typing).
    fn body(&self) -> DraftBody {
        DraftBody {
            school: self.school.get(),
            date: self.date.get(),
            status: self.status.get(),
            purpose: self.purpose.get(),
            purpose_other: self.purpose_other.get(),
            classes: self.classes.get(),
            notes: self.notes.get(),
            follow_ups: self
                .follow_ups
                .get()
                .iter()
                .map(|f| (f.id, f.text.get(), f.due.get(), f.done.get()))
                .collect(),
        }
    }

    fn restore(&self, b: DraftBody) {
        self.school.set(b.school);
        self.date.set(b.date);
        self.status.set(b.status);
        self.purpose.set(b.purpose);
        self.purpose_other.set(b.purpose_other);
        self.classes.set(b.classes);
        self.notes.set(b.notes);
        self.follow_ups.set(Vec::new());
        for (id, text, due, done) in b.follow_ups {
            self.add_follow_up(id, text, due, done);
        }
    }

    fn fill(&self, v: VisitView) {
        self.school.set(v.school.to_string());
        self.date.set(format_short(v.date));
        self.status.set(v.status);
        self.purpose.set(v.purpose);
        self.purpose_other.set(v.purpose_other);
        self.classes.set(v.classes.join(", "));
        self.notes.set(v.notes);
        for f in v.follow_ups {
            self.add_follow_up(Some(f.id), f.text, format_short(f.due), f.done);
        }
    }

    fn body_untracked(&self) -> DraftBody {
        leptos::prelude::untrack(|| self.body())
    }

    /// The typed values as a request; a date or school that cannot be read
    /// is reported on its field before anything is sent.
    fn to_visit(self) -> Result<NewVisit, ApiError> {
        let date = read_date("date", &self.date.get())?;
        let school: SchoolId = self.school.get().parse().map_err(|_| {
            ApiError::invalid("school", Problem::UnknownReference, "choose a school")
        })?;
        let follow_ups = self
            .follow_ups
            .get()
            .iter()
            .enumerate()
            .map(|(i, f)| {
                Ok(FollowUpInput {
                    id: f.id,
                    text: f.text.get(),
                    due: read_date(&format!("follow_ups.{i}.due"), &f.due.get())?,
                    done: f.done.get(),
                })
            })
            .collect::<Result<_, ApiError>>()?;
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
fn load(
    id: Option<VisitId>,
    draft: Draft,
    form: String,
    errors: FormErrors,
    restored: RwSignal<bool>,
    saved_body: StoredValue<Option<DraftBody>>,
) {
    leptos::task::spawn_local(async move {
        if let Some(id) = id {
            match call(&GetVisit { id }).await {
                Ok(v) => draft.fill(v),
                Err(e) => errors.set(e),
            }
        }
        let stored = call(&GetDraft { form }).await.ok().flatten();
        match stored.and_then(|b| serde_json::from_str::<DraftBody>(&b).ok()) {
            Some(body) => {
                draft.restore(body.clone());
                restored.set(true);
                saved_body.set_value(Some(body));
            }
            None => saved_body.set_value(Some(draft.body_untracked())),
        }
    });
}

/// Saves the form as an encrypted draft a moment after the user stops
/// typing, whenever it differs from what was last saved.
fn autosave(draft: Draft, form: String, saved_body: StoredValue<Option<DraftBody>>) {
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let body = draft.body();
        // Nothing to save until the form has loaded, or if nothing changed.
        if saved_body.with_value(|b| b.as_ref().is_none_or(|b| *b == body)) {
            return;
        }
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let form = form.clone();
        set_timeout(
            move || {
                if generation.get_value() != mine {
                    return; // newer typing will save
                }
                let Ok(json) = serde_json::to_string(&body) else {
                    return;
                };
                saved_body.set_value(Some(body));
                leptos::task::spawn_local(async move {
                    let _ = call(&SaveDraft { form, body: json }).await;
                });
            },
            std::time::Duration::from_millis(700),
        );
    });
}

fn read_date(field: &str, s: &str) -> Result<NaiveDate, ApiError> {
    parse_user_date(s).ok_or_else(|| ApiError::invalid(field, Problem::NotADate, "not a date"))
}

#[component]
pub fn VisitForm(id: Option<VisitId>) -> impl IntoView {
    let ui = ui();
    let draft = Draft::new();
    let errors = FormErrors::new();
    let schools = LocalResource::new(|| async {
        call(&ListSchools {
            include_inactive: false,
        })
        .await
        .unwrap_or_default()
    });
    let form_key = match id {
        Some(id) => format!("visit:{id}"),
        None => "visit".to_owned(),
    };
    let restored = RwSignal::new(false);
    // What was last saved (or loaded): typing that changes nothing saves nothing.
    let saved_body: StoredValue<Option<DraftBody>> = StoredValue::new(None);
    load(id, draft, form_key.clone(), errors, restored, saved_body);
    autosave(draft, form_key.clone(), saved_body);
    let discard = StoredValue::new(form_key);
    let discard = move || {
        let form = discard.get_value();
        leptos::task::spawn_local(async move {
            let _ = call(&DiscardDraft { form }).await;
        });
    };
    let save = Action::new_local(move |v: &NewVisit| {
        let v = v.clone();
        async move {
            let r = match id {
                Some(id) => call(&UpdateVisit { id, visit: v }).await,
                None => call(&RecordVisit { visit: v }).await,
            };
            match r {
                Ok(_) => {
                    discard();
                    ui.page.set(Page::Visits)
                }
                Err(e) => errors.set(e),
            }
        }
    });
    let cancel = move |_| {
        discard();
        ui.page.set(Page::Visits)
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        match draft.to_visit() {
            Ok(v) => {
                save.dispatch_local(v);
            }
            Err(e) => errors.set(e),
        }
    };
    let title = if id.is_some() {
        t("visit.edit_title")
    } else {
        t("visit.new_title")
    };
    view! {
        <header class="page-head"><h1>{title}</h1></header>
        <form id="visit-form" class="form" on:submit=submit novalidate>
            <Show when=move || restored.get()>
                <p id="draft-restored" class="banner info" role="status">{t("visit.draft_restored")}</p>
            </Show>
            <ErrorBanner message=Signal::derive(errors.general(&["school", "date", "purpose_other", "classes", "notes", "follow_ups."]))/>
            <div class="row">
                <Field name="school" label=t("visit.school") errors>
                    <select id="school" aria-describedby="school-error"
                        on:change=move |ev| draft.school.set(event_target_value(&ev))
                        prop:value=move || draft.school.get()>
                        <option value="">{t("visit.choose_school")}</option>
                        {move || schools.get().unwrap_or_default().into_iter().map(|s| {
                            let id = s.id.to_string();
                            let selected = draft.school.get_untracked() == id;
                            view! { <option value=id selected=selected>{s.name}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                <Field name="date" label=t("visit.date") errors hint=t("visit.date_hint")>
                    <input id="date" inputmode="numeric" autocomplete="off" bind:value=draft.date
                        aria-describedby="date-error" placeholder="dd-mm-åååå"/>
                </Field>
            </div>
            <fieldset class="field radios">
                <legend>{t("visit.status")}</legend>
                {VisitStatus::ALL.iter().map(|s| {
                    let s = *s;
                    view! {
                        <label class="radio">
                            <input type="radio" name="status" id=format!("status-{s}")
                                prop:checked=move || draft.status.get() == s
                                on:change=move |_| draft.status.set(s)/>
                            <span>{t(&format!("status.{s}"))}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <div class="row">
                <Field name="purpose" label=t("visit.purpose") errors>
                    <select id="purpose" on:change=move |ev| {
                        if let Ok(p) = event_target_value(&ev).parse() { draft.purpose.set(p) }
                    }>
                        {VisitPurpose::ALL.iter().map(|p| view! {
                            <option value=p.as_str() selected=move || draft.purpose.get() == *p>
                                {t(&format!("purpose.{p}"))}
                            </option>
                        }).collect_view()}
                    </select>
                </Field>
                <Show when=move || draft.purpose.get() == VisitPurpose::Other>
                    <Field name="purpose_other" label=t("visit.purpose_other") errors>
                        <input id="purpose_other" bind:value=draft.purpose_other aria-describedby="purpose_other-error"/>
                    </Field>
                </Show>
            </div>
            <Field name="classes" label=t("visit.classes") errors hint=t("visit.classes_hint")>
                <input id="classes" bind:value=draft.classes placeholder="7.a, 8.b" aria-describedby="classes-error"/>
            </Field>
            <Field name="notes" label=t("visit.notes") errors hint=t("visit.notes_hint")>
                <textarea id="notes" rows="5" bind:value=draft.notes aria-describedby="notes-error"></textarea>
            </Field>
            <FollowUps draft errors/>
            <div class="form-actions">
                <button id="save-visit" class="button primary" type="submit" disabled=move || save.pending().get()>
                    {t("common.save")}
                </button>
                <button id="cancel-visit" class="button secondary" type="button" on:click=cancel>
                    {t("common.cancel")}
                </button>
            </div>
        </form>
    }
}

#[component]
fn FollowUps(draft: Draft, errors: FormErrors) -> impl IntoView {
    let add = move |_| {
        let due = draft.date.get();
        draft.add_follow_up(None, String::new(), due, false);
    };
    view! {
        <fieldset class="follow-ups">
            <legend>{t("visit.follow_ups")}</legend>
            <p class="hint">{t("visit.follow_ups_hint")}</p>
            {move || draft.follow_ups.get().into_iter().enumerate().map(|(i, row)| {
                let text_err = errors.for_field(format!("follow_ups.{i}.text"));
                let due_err = errors.for_field(format!("follow_ups.{i}.due"));
                let key = row.key;
                view! {
                    <div class="follow-up-row">
                        <div class="field grow">
                            <label for=format!("fu-text-{i}")>{t("visit.follow_up_text")}</label>
                            <input id=format!("fu-text-{i}") class="fu-text" bind:value=row.text/>
                            <p class="field-error" role="alert">{text_err}</p>
                        </div>
                        <div class="field date">
                            <label for=format!("fu-due-{i}")>{t("visit.follow_up_due")}</label>
                            <input id=format!("fu-due-{i}") class="fu-due" inputmode="numeric" bind:value=row.due placeholder="dd-mm-åååå"/>
                            <p class="field-error" role="alert">{due_err}</p>
                        </div>
                        <label class="check fu-done">
                            <input type="checkbox" bind:checked=row.done/>
                            <span>{t("visit.follow_up_done")}</span>
                        </label>
                        <button type="button" class="button ghost" aria-label=t("visit.follow_up_remove")
                            on:click=move |_| draft.follow_ups.update(|f| f.retain(|r| r.key != key))>
                            {t("common.remove")}
                        </button>
                    </div>
                }
            }).collect_view()}
            <button id="add-follow-up" type="button" class="button secondary" on:click=add>
                {t("visit.add_follow_up")}
            </button>
        </fieldset>
    }
}
