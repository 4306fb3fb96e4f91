//! Record a new visit or edit one: school, date, planned/done, purpose,
//! classes, notes and follow-ups with due dates. Errors appear beside the
//! field they concern.

mod state;

use crate::components::dated_rows::DatedRowsFieldset;
use crate::components::draft::{DraftRestored, DraftStatus, FormDraft};
use crate::components::{busy, DispatchIdle, ErrorBanner, Field, FormErrors};
use crate::i18n::t;
use crate::ipc::call;
use crate::state::{ui, Page};
use chrono::NaiveDate;
use feltbog_api::commands::{RecordVisit, UpdateVisit};
use feltbog_api::schools::SchoolView;
use feltbog_api::visits::{NewVisit, VisitPurpose, VisitStatus};
use feltbog_api::{ApiError, VisitId};
use leptos::prelude::*;
use state::{load, Fields, FOLLOW_UPS};

thread_local! {
    /// The shell's today minus the webview's, in days: 0 on a user's
    /// machine (one clock); the end-to-end tests' fixed date otherwise.
    static SHELL_OFFSET_DAYS: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

/// Lines the UI's today up with the shell's ([`feltbog_api::commands::GetToday`]),
/// once at start; the webview's clock still moves it across midnight.
pub fn align_today(shell: NaiveDate) {
    if let Some(mine) = webview_today() {
        SHELL_OFFSET_DAYS.with(|o| o.set((shell - mine).num_days()));
    }
}

fn webview_today() -> Option<NaiveDate> {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
}

/// Today in the webview's local time zone, by the shell's clock.
pub fn today() -> Option<NaiveDate> {
    let offset = SHELL_OFFSET_DAYS.with(std::cell::Cell::get);
    webview_today().map(|d| d + chrono::Duration::days(offset))
}

/// The visit's responsible member and the hand-over, once it has loaded.
#[component]
fn VisitOwner(id: VisitId) -> impl IntoView {
    let visit = LocalResource::new(move || async move {
        call(&feltbog_api::commands::GetVisit { id }).await.ok()
    });
    move || {
        visit.get().flatten().map(|v| {
            view! { <crate::pages::owner::Owner record=id.to_string() owner=v.owner/> }
        })
    }
}

#[component]
pub fn VisitForm(id: Option<VisitId>) -> impl IntoView {
    let ui = ui();
    let f = Fields::new();
    let errors = FormErrors::new();
    let schools = crate::components::schools_resource(false);
    let key = match id {
        Some(id) => format!("visit:{id}"),
        None => "visit".to_owned(),
    };
    let draft = FormDraft::new(key, move || f.body());
    load(id, f, draft, errors);
    let discard = move || draft.discard();
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
    let submit = errors.on_submit(
        move || f.to_visit(),
        move |v| {
            save.dispatch_idle(v);
        },
    );
    let title = if id.is_some() {
        t("visit.edit_title")
    } else {
        t("visit.new_title")
    };
    view! {
        <header class="page-head"><h1>{title}</h1></header>
        {id.map(|id| view! { <VisitOwner id/> })}
        <crate::components::SchoolsReadFailed schools/>
        <form id="visit-form" class="form" on:submit=submit novalidate>
            <DraftRestored shown=draft.restored()/>
            <ErrorBanner message=Signal::derive(errors.general(&["school", "date", "purpose_other", "classes", "notes", "follow_ups."]))/>
            <WhenAndWhere f errors schools/>
            <WhatHappened f errors/>
            <DatedRowsFieldset rows=f.follow_ups words=FOLLOW_UPS errors new_date=f.date/>
            <div class="form-actions">
                <button id="save-visit" class="button primary" type="submit" aria-disabled=move || busy(save.pending().get())>
                    {t("common.save")}
                </button>
                <button id="cancel-visit" class="button secondary" type="button" on:click=cancel>
                    {t("common.cancel")}
                </button>
                <DraftStatus saved_at=draft.saved_at()/>
            </div>
        </form>
    }
}

/// Where and when: the school, the date, planned or done.
#[component]
fn WhenAndWhere(
    f: Fields,
    errors: FormErrors,
    schools: LocalResource<Result<Vec<SchoolView>, ApiError>>,
) -> impl IntoView {
    view! {
        <div class="row">
            <Field name="school" label=t("visit.school") errors>
                <crate::components::SchoolSelect value=f.school schools none="visit.choose_school"/>
            </Field>
            <Field name="date" label=t("visit.date") errors hint=t("visit.date_hint")>
                <input id="date" inputmode="numeric" autocomplete="off" bind:value=f.date
                    placeholder=t("common.date_format")/>
            </Field>
        </div>
        <fieldset class="field radios">
            <legend>{t("visit.status")}</legend>
            {VisitStatus::ALL.iter().map(|s| {
                let s = *s;
                view! {
                    <label class="radio">
                        <input type="radio" name="status" id=format!("status-{s}")
                            prop:checked=move || f.status.get() == s
                            on:change=move |_| f.status.set(s)/>
                        <span>{t(&format!("status.{s}"))}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// What the visit was for, the classes, and the notes.
#[component]
fn WhatHappened(f: Fields, errors: FormErrors) -> impl IntoView {
    view! {
        <div class="row">
            <Field name="purpose" label=t("visit.purpose") errors>
                <select id="purpose" on:change=move |ev| {
                    if let Ok(p) = event_target_value(&ev).parse() { f.purpose.set(p) }
                }>
                    {VisitPurpose::ALL.iter().map(|p| view! {
                        <option value=p.as_str() selected=move || f.purpose.get() == *p>
                            {t(&format!("purpose.{p}"))}
                        </option>
                    }).collect_view()}
                </select>
            </Field>
            <Show when=move || f.purpose.get() == VisitPurpose::Other>
                <Field name="purpose_other" label=t("visit.purpose_other") errors>
                    <input id="purpose_other" bind:value=f.purpose_other/>
                </Field>
            </Show>
        </div>
        <Field name="classes" label=t("visit.classes") errors hint=t("visit.classes_hint")>
            <input id="classes" bind:value=f.classes placeholder="7.a, 8.b"/>
        </Field>
        <Field name="notes" label=t("visit.notes") errors hint=t("visit.notes_hint")>
            <textarea id="notes" rows="5" bind:value=f.notes></textarea>
        </Field>
    }
}
