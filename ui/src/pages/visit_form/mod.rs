//! Record a new visit or edit one: school, date, planned/done, purpose,
//! classes, notes and follow-ups with due dates. Errors appear beside the
//! field they concern.

mod state;

use crate::app::{ui, Page};
use crate::components::draft::{autosave, discard_draft};
use crate::components::{ErrorBanner, Field, FormErrors};
use crate::i18n::t;
use crate::ipc::call;
use chrono::NaiveDate;
use feltbog_api::commands::{RecordVisit, UpdateVisit};
use feltbog_api::visits::{NewVisit, VisitPurpose, VisitStatus};
use feltbog_api::VisitId;
use leptos::prelude::*;
use state::{load, Draft, DraftBody};

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

#[component]
pub fn VisitForm(id: Option<VisitId>) -> impl IntoView {
    let ui = ui();
    let draft = Draft::new();
    let errors = FormErrors::new();
    let schools = crate::components::schools_resource(false);
    let form_key = match id {
        Some(id) => format!("visit:{id}"),
        None => "visit".to_owned(),
    };
    let restored = RwSignal::new(false);
    // What was last saved (or loaded): typing that changes nothing saves nothing.
    let saved_body: StoredValue<Option<DraftBody>> = StoredValue::new(None);
    load(id, draft, form_key.clone(), errors, restored, saved_body);
    let saved_at = autosave(move || draft.body(), form_key.clone(), saved_body);
    let form_key = StoredValue::new(form_key);
    let discard = move || discard_draft(form_key.get_value());
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
        move || draft.to_visit(),
        move |v| {
            save.dispatch_local(v);
        },
    );
    let title = if id.is_some() {
        t("visit.edit_title")
    } else {
        t("visit.new_title")
    };
    view! {
        <header class="page-head"><h1>{title}</h1></header>
        <crate::components::SchoolsReadFailed schools/>
        <form id="visit-form" class="form" on:submit=submit novalidate>
            <Show when=move || restored.get()>
                <p id="draft-restored" class="banner info" role="status">{t("visit.draft_restored")}</p>
            </Show>
            <ErrorBanner message=Signal::derive(errors.general(&["school", "date", "purpose_other", "classes", "notes", "follow_ups."]))/>
            <div class="row">
                <Field name="school" label=t("visit.school") errors>
                    <select id="school"
                        on:change=move |ev| draft.school.set(event_target_value(&ev))
                        prop:value=move || draft.school.get()>
                        <option value="">{t("visit.choose_school")}</option>
                        {move || crate::components::schools_or_none(schools.get()).into_iter().map(|s| {
                            let id = s.id.to_string();
                            let selected = draft.school.get_untracked() == id;
                            view! { <option value=id selected=selected>{s.name}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                <Field name="date" label=t("visit.date") errors hint=t("visit.date_hint")>
                    <input id="date" inputmode="numeric" autocomplete="off" bind:value=draft.date
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
                        <input id="purpose_other" bind:value=draft.purpose_other/>
                    </Field>
                </Show>
            </div>
            <Field name="classes" label=t("visit.classes") errors hint=t("visit.classes_hint")>
                <input id="classes" bind:value=draft.classes placeholder="7.a, 8.b"/>
            </Field>
            <Field name="notes" label=t("visit.notes") errors hint=t("visit.notes_hint")>
                <textarea id="notes" rows="5" bind:value=draft.notes></textarea>
            </Field>
            <FollowUps draft errors/>
            <div class="form-actions">
                <button id="save-visit" class="button primary" type="submit" disabled=move || save.pending().get()>
                    {t("common.save")}
                </button>
                <button id="cancel-visit" class="button secondary" type="button" on:click=cancel>
                    {t("common.cancel")}
                </button>
                <crate::components::draft::DraftStatus saved_at/>
            </div>
        </form>
    }
}

#[component]
fn FollowUps(draft: Draft, errors: FormErrors) -> impl IntoView {
    // The keyboard follows the rows: a new row's text takes the focus, and
    // removing a row hands it to the add button (the removed one is gone).
    let add = move |_| {
        let due = draft.date.get();
        draft.add_follow_up(None, String::new(), due, false);
        let last = draft.follow_ups.with_untracked(Vec::len).saturating_sub(1);
        crate::components::focus_soon(format!("fu-text-{last}"));
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
                            <input id=format!("fu-text-{i}") class="fu-text" bind:value=row.text
                                aria-describedby=format!("fu-text-{i}-error")
                                aria-invalid={let e = text_err.clone(); move || e().map(|_| "true")}/>
                            <p class="field-error" id=format!("fu-text-{i}-error") role="alert">{text_err}</p>
                        </div>
                        <div class="field date">
                            <label for=format!("fu-due-{i}")>{t("visit.follow_up_due")}</label>
                            <input id=format!("fu-due-{i}") class="fu-due" inputmode="numeric" bind:value=row.due placeholder=t("common.date_format")
                                aria-describedby=format!("fu-due-{i}-error")
                                aria-invalid={let e = due_err.clone(); move || e().map(|_| "true")}/>
                            <p class="field-error" id=format!("fu-due-{i}-error") role="alert">{due_err}</p>
                        </div>
                        <label class="check fu-done">
                            <input type="checkbox" bind:checked=row.done/>
                            <span>{t("visit.follow_up_done")}</span>
                        </label>
                        <button type="button" class="button ghost" aria-label=t("visit.follow_up_remove")
                            on:click=move |_| {
                                draft.follow_ups.update(|f| f.retain(|r| r.key != key));
                                crate::components::focus_soon("add-follow-up");
                            }>
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
