//! Recording a case's next step, or correcting a recorded one. The fields
//! follow the step: how the invitation went out; the conversation's place,
//! participants by role and notes for its three phases; the follow-up's
//! outcome; the reason for closing. The next-step form keeps an encrypted
//! draft while typing (conversation notes are long).

use crate::components::draft::{DraftRestored, DraftStatus, FormDraft};
use crate::components::{read_date, ErrorBanner, Field, FormErrors};
use crate::i18n::t;
use crate::ipc::call;
use crate::pages::visit_form::today;
use feltbog_api::cases::{CaseView, InviteMethod, Role, Step, StepInput, StepView};
use feltbog_api::commands::{CorrectStep, RecordStep};
use feltbog_api::dates::format_short;
use feltbog_api::CaseId;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The form's state as kept in a draft.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct StepDraft {
    step: Step,
    date: String,
    details: StepInput,
}

#[derive(Clone, Copy)]
struct Fields {
    step: RwSignal<Step>,
    date: RwSignal<String>,
    method: RwSignal<Option<InviteMethod>>,
    place: RwSignal<String>,
    participants: RwSignal<Vec<Role>>,
    situation: RwSignal<String>,
    consequences: RwSignal<String>,
    agreements: RwSignal<String>,
    outcome: RwSignal<String>,
    reason: RwSignal<String>,
}

impl Fields {
    fn new(step: Step, date: String, d: StepInput) -> Self {
        Self {
            step: RwSignal::new(step),
            date: RwSignal::new(date),
            method: RwSignal::new(d.method),
            place: RwSignal::new(d.place),
            participants: RwSignal::new(d.participants),
            situation: RwSignal::new(d.situation),
            consequences: RwSignal::new(d.consequences),
            agreements: RwSignal::new(d.agreements),
            outcome: RwSignal::new(d.outcome),
            reason: RwSignal::new(d.reason),
        }
    }

    fn details(&self) -> StepInput {
        StepInput {
            method: self.method.get(),
            place: self.place.get(),
            participants: self.participants.get(),
            situation: self.situation.get(),
            consequences: self.consequences.get(),
            agreements: self.agreements.get(),
            outcome: self.outcome.get(),
            reason: self.reason.get(),
        }
    }

    fn draft(&self) -> StepDraft {
        StepDraft {
            step: self.step.get(),
            date: self.date.get(),
            details: self.details(),
        }
    }

    fn restore(&self, d: StepDraft) {
        let f = Fields::new(d.step, d.date, d.details);
        self.step.set(f.step.get_untracked());
        self.date.set(f.date.get_untracked());
        self.method.set(f.method.get_untracked());
        self.place.set(f.place.get_untracked());
        self.participants.set(f.participants.get_untracked());
        self.situation.set(f.situation.get_untracked());
        self.consequences.set(f.consequences.get_untracked());
        self.agreements.set(f.agreements.get_untracked());
        self.outcome.set(f.outcome.get_untracked());
        self.reason.set(f.reason.get_untracked());
    }
}

/// The form for the next step of a case at `current`.
#[component]
pub fn NextStepForm(case: CaseId, current: Step, on_saved: Callback<CaseView>) -> impl IntoView {
    let choices = current.next_steps();
    let first = choices.first().copied().unwrap_or(Step::Closed);
    let f = Fields::new(
        first,
        today().map(format_short).unwrap_or_default(),
        StepInput::default(),
    );
    let errors = FormErrors::new();
    let draft = FormDraft::new(format!("case-step:{case}"), move || f.draft());
    draft.restore_now(move |d| f.restore(d), move || untrack(|| f.draft()));
    let save = Action::new_local(
        move |(step, date, details): &(Step, chrono::NaiveDate, StepInput)| {
            let req = RecordStep {
                id: case,
                step: *step,
                date: *date,
                details: details.clone(),
            };
            async move {
                match call(&req).await {
                    Ok(v) => {
                        draft.discard();
                        on_saved.run(v)
                    }
                    Err(e) => errors.set(e),
                }
            }
        },
    );
    let submit = errors.on_submit(
        move || read_date("step_date", &f.date.get_untracked()),
        move |date| {
            save.dispatch_local((f.step.get_untracked(), date, untrack(|| f.details())));
        },
    );
    view! {
        <form id="step-form" class="form panel" on:submit=submit novalidate>
            <h2>{t("case.next")}</h2>
            <DraftRestored shown=draft.restored()/>
            <ErrorBanner message=Signal::derive(errors.general(SHOWN))/>
            <fieldset class="field">
                <legend>{t("case.step_kind")}</legend>
                <div class="status-buttons">
                    {choices.into_iter().map(|s| view! {
                        <button type="button" id=format!("next-{s}") class="status-button"
                            class:current=move || f.step.get() == s
                            aria-pressed=move || (f.step.get() == s).to_string()
                            on:click=move |_| f.step.set(s)>
                            {t(&format!("step.{s}"))}
                        </button>
                    }).collect_view()}
                </div>
            </fieldset>
            <StepFields f errors/>
            <div class="form-actions">
                <button type="submit" id="save-step" class="button primary">{t("case.record")}</button>
                <DraftStatus saved_at=draft.saved_at()/>
            </div>
        </form>
    }
}

const SHOWN: &[&str] = &[
    "step",
    "date",
    "participants",
    "place",
    "situation",
    "consequences",
    "agreements",
    "outcome",
    "reason",
];

const CORRECTION_SHOWN: &[&str] = &[
    "date",
    "participants",
    "place",
    "situation",
    "consequences",
    "agreements",
    "outcome",
    "reason",
    "correction_reason",
];

/// The form that corrects a recorded step; the reason is required and kept.
#[component]
pub fn CorrectionForm(
    step: StepView,
    on_saved: Callback<CaseView>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let f = Fields::new(step.step, format_short(step.date), step.details.clone());
    let why = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let id = step.id;
    let save = super::case_action::<CorrectStep>(errors, on_saved);
    let submit = errors.on_submit(
        move || read_date("step_date", &f.date.get_untracked()),
        move |date| {
            save.dispatch_local(CorrectStep {
                step: id,
                date,
                details: untrack(|| f.details()),
                reason: why.get_untracked(),
            });
        },
    );
    view! {
        <form class="form correction" on:submit=submit novalidate>
            <ErrorBanner message=Signal::derive(errors.general(CORRECTION_SHOWN))/>
            <StepFields f errors/>
            <Field name="correction_reason" label=t("case.correct_reason") errors>
                <input id="correction_reason" bind:value=why/>
            </Field>
            <div class="form-actions">
                <button type="submit" class="button primary save-correction">{t("case.save_correction")}</button>
                <button type="button" class="button secondary" on:click=move |_| on_cancel.run(())>{t("common.cancel")}</button>
            </div>
        </form>
    }
}

/// The date and the fields that belong to the chosen step.
#[component]
fn StepFields(f: Fields, errors: FormErrors) -> impl IntoView {
    let is = move |s: Step| move || f.step.get() == s;
    view! {
        <Field name="step_date" label=t("case.date") errors hint=t("visit.date_hint")>
            <input id="step_date" class="date-input" bind:value=f.date placeholder=t("common.date_format")/>
        </Field>
        <Show when=is(Step::Invited)>
            <div class="field">
                <label for="method">{t("case.method")}</label>
                <select id="method" on:change=move |ev| f.method.set(event_target_value(&ev).parse().ok())>
                    <option value="">"–"</option>
                    {InviteMethod::ALL.iter().map(|m| {
                        let m = *m;
                        view! { <option value=m.as_str() selected=move || f.method.get() == Some(m)>{t(&format!("invite.{m}"))}</option> }
                    }).collect_view()}
                </select>
            </div>
        </Show>
        <Show when=is(Step::Held)>
            <fieldset class="field" class:has-error=move || errors.for_field("participants")().is_some()>
                <legend>{t("case.participants")}</legend>
                <div class="checks">
                    {Role::ALL.iter().map(|r| {
                        let r = *r;
                        view! {
                            <label class="check">
                                <input type="checkbox" id=format!("role-{r}")
                                    prop:checked=move || f.participants.get().contains(&r)
                                    on:change=move |_| f.participants.update(|v| if let Some(i) = v.iter().position(|x| *x == r) { v.remove(i); } else { v.push(r) })/>
                                <span>{t(&format!("role.{r}"))}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
                <p class="field-error" id="participants-error" role="alert">{errors.for_field("participants")}</p>
            </fieldset>
            <Field name="place" label=t("case.place") errors>
                <input id="place" bind:value=f.place/>
            </Field>
            <Field name="situation" label=t("case.situation") errors>
                <textarea id="situation" rows="4" bind:value=f.situation></textarea>
            </Field>
            <Field name="consequences" label=t("case.consequences") errors>
                <textarea id="consequences" rows="4" bind:value=f.consequences></textarea>
            </Field>
            <Field name="agreements" label=t("case.agreements") errors>
                <textarea id="agreements" rows="4" bind:value=f.agreements></textarea>
            </Field>
        </Show>
        <Show when=is(Step::FollowUpHeld)>
            <Field name="outcome" label=t("case.outcome") errors>
                <textarea id="outcome" rows="3" bind:value=f.outcome></textarea>
            </Field>
        </Show>
        <Show when=is(Step::Closed)>
            <Field name="reason" label=t("case.reason") errors>
                <input id="reason" bind:value=f.reason/>
            </Field>
        </Show>
    }
}
