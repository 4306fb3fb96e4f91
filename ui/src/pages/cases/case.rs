//! One case: who and what, the steps with their corrections, the next step,
//! a repeat's decision, the deletion date (and putting it off), the case's
//! access log. Opening this page is logged as a view.

use super::deadline_text;
use super::step_form::{CorrectionForm, NextStepForm};
use crate::components::{read_date, ErrorBanner, Field, FormErrors};
use crate::i18n::{error_text, t, tf};
use crate::ipc::call;
use crate::pages::visit_form::today;
use crate::state::{ui, Page};
use feltbog_api::cases::{AccessFilter, CaseView, RepeatDecision, Step, StepView};
use feltbog_api::commands::{DecideRepeat, DeleteCase, GetCase, ListAccessLog, PostponeDeletion};
use feltbog_api::dates::format_short;
use feltbog_api::{ApiError, CaseId, CaseStepId};
use leptos::prelude::*;

#[component]
pub fn CasePage(id: CaseId) -> impl IntoView {
    let case: RwSignal<Option<Result<CaseView, ApiError>>> = RwSignal::new(None);
    leptos::task::spawn_local(async move { case.set(Some(call(&GetCase { id }).await)) });
    let on_saved = Callback::new(move |v: CaseView| case.set(Some(Ok(v))));
    // What the last letter did: said on after the case redraws with the
    // offer it recorded.
    let letter_said = RwSignal::new(None);
    move || match case.get() {
        None => view! { <p class="muted">{t("common.loading")}</p> }.into_any(),
        Some(Err(e)) => {
            view! { <p class="banner error" role="alert">{error_text(&e)}</p> }.into_any()
        }
        Some(Ok(c)) => view! { <CaseBody c on_saved letter_said/> }.into_any(),
    }
}

#[component]
fn CaseBody(
    c: CaseView,
    on_saved: Callback<CaseView>,
    letter_said: RwSignal<Option<feltbog_api::papers::LetterSaved>>,
) -> impl IntoView {
    let ui = ui();
    let s = c.summary.clone();
    let editing: RwSignal<Option<CaseStepId>> = RwSignal::new(None);
    let school = if s.school_name.is_empty() {
        t("case.no_school")
    } else {
        s.school_name.clone()
    };
    let law = if c.law_other.is_empty() {
        t(&format!("law.{}", s.law))
    } else {
        c.law_other.clone()
    };
    let offence = if c.offence_other.is_empty() {
        t(&format!("offence.{}", s.offence))
    } else {
        c.offence_other.clone()
    };
    let overdue = s.deadline.is_some_and(|d| d.overdue);
    let current = s.step;
    let case_id = s.id;
    let steps = c.steps.clone();
    view! {
        <header class="page-head">
            <h1 id="case-title">{tf("case.title", &[("number", &s.number)])}</h1>
            <button class="button secondary" on:click=move |_| ui.page.set(Page::Cases)>{t("case.back")}</button>
        </header>
        <div class="case-facts panel">
            <p class="lead"><strong>{c.initials.clone()}</strong>" · "{tf("case.born", &[("year", &c.birth_year.to_string())])}" · "{school}</p>
            {c.cpr_registered.then(|| view! { <p>{t("case.cpr")}": "{tf("case.cpr_registered", &[("year", &c.birth_year.to_string())])}</p> })}
            <p>{law}" · "{offence}" · "{t("case.offence_date")}" "{format_short(c.offence_date)}</p>
            <p>{t("case.notified")}" "{format_short(s.notified)}
                {(!c.journal.is_empty()).then(|| format!(" · {} {}", t("case.journal_short"), c.journal))}</p>
            <p class="card-meta">
                <span class="badge badge-done">{t(&format!("step.{}", s.step))}</span>
                {s.deadline.map(|d| view! { <span id="case-deadline">{deadline_text(d)}</span> })}
                {overdue.then(|| view! { <span class="badge badge-overdue">{t("cases.overdue")}</span> })}
                {s.days_to_conversation.map(|n| view! { <span>{tf("case.days_to", &[("n", &n.to_string())])}</span> })}
            </p>
        </div>
        <crate::pages::owner::Owner record=case_id.to_string() owner=s.owner.clone()/>
        {s.repeat.then(|| view! { <RepeatPanel c=c.clone() on_saved/> })}
        <section class="panel">
            <h2>{t("case.steps")}</h2>
            <ol id="case-steps" class="timeline">
                {steps.into_iter().map(|st| view! { <StepItem st editing on_saved case=case_id number=s.number.clone()/> }).collect_view()}
            </ol>
        </section>
        {(current != Step::Closed).then(|| view! {
            <Show when=move || editing.get().is_none()>
                <NextStepForm case=case_id current on_saved/>
            </Show>
        })}
        {matches!(current, Step::Notified | Step::Invited).then(|| view! {
            <super::letter::OfferLetterPanel case=case_id number=s.number.clone() on_saved saved=letter_said/>
        })}
        <DeletionPanel c=c.clone() on_saved/>
        <CaseLog number=s.number.clone()/>
        <super::papers::AccessPackPanel case=case_id number=s.number.clone()/>
    }
}

#[component]
fn StepItem(
    st: StepView,
    editing: RwSignal<Option<CaseStepId>>,
    on_saved: Callback<CaseView>,
    case: CaseId,
    number: String,
) -> impl IntoView {
    let id = st.id;
    let held = matches!(st.step, Step::Held | Step::FollowUpHeld);
    let d = st.details.clone();
    let roles: Vec<String> = d
        .participants
        .iter()
        .map(|r| t(&format!("role.{r}")))
        .collect();
    let phases = [
        ("case.situation", d.situation.clone()),
        ("case.consequences", d.consequences.clone()),
        ("case.agreements", d.agreements.clone()),
        ("case.outcome", d.outcome.clone()),
        ("case.reason", d.reason.clone()),
    ];
    let can_correct = st.step != Step::Notified;
    let done = Callback::new(move |v: CaseView| {
        editing.set(None);
        on_saved.run(v)
    });
    let st2 = st.clone();
    view! {
        <li class="timeline-item">
            <p class="timeline-head">
                <strong>{t(&format!("step.{}", st.step))}</strong>" · "{format_short(st.date)}
                {d.method.map(|m| format!(" · {}", t(&format!("invite.{m}"))))}
                {can_correct.then(|| view! {
                    <button type="button" class="button ghost correct-step" on:click=move |_| editing.set(Some(id))>{t("case.correct")}</button>
                })}
            </p>
            {(!roles.is_empty()).then(|| view! { <p class="muted">{t("case.participants")}": "{roles.join(", ")}</p> })}
            {(!d.place.is_empty()).then(|| view! { <p class="muted">{t("case.place")}": "{d.place.clone()}</p> })}
            {phases.into_iter().filter(|(_, text)| !text.is_empty()).map(|(key, text)| view! {
                <div class="phase"><p class="stat-label">{t(key)}</p><p class="card-notes">{text}</p></div>
            }).collect_view()}
            {st.revisions.iter().map(|r| view! {
                <p class="muted small">{tf("case.corrected", &[("date", &format_short(r.date)), ("at", &r.recorded_at.replace('T', " ").replace('Z', " UTC"))])}</p>
            }).collect_view()}
            {(!st.correction_reason.is_empty()).then(|| view! {
                <p class="muted small">{tf("case.correction_reason", &[("reason", &st.correction_reason)])}</p>
            })}
            {held.then(|| {
                let what = format!("{} · {}", t(&format!("step.{}", st.step)), format_short(st.date));
                view! { <super::papers::ReferatButton case step=id number what/> }
            })}
            <Show when=move || editing.get() == Some(id)>
                <CorrectionForm step=st2.clone() on_saved=done on_cancel=Callback::new(move |_| editing.set(None))/>
            </Show>
        </li>
    }
}

#[component]
fn RepeatPanel(c: CaseView, on_saved: Callback<CaseView>) -> impl IntoView {
    let ui = ui();
    let errors = FormErrors::new();
    let decision = RwSignal::new(RepeatDecision::NewConversation);
    let other = RwSignal::new(String::new());
    let date = RwSignal::new(today().map(format_short).unwrap_or_default());
    let id = c.summary.id;
    let save = super::case_action::<DecideRepeat>(errors, on_saved);
    let submit = errors.on_submit(
        move || read_date("decision_date", &date.get_untracked()),
        move |d| {
            save.dispatch_local(DecideRepeat {
                id,
                decision: decision.get_untracked(),
                other: other.get_untracked(),
                date: d,
            });
        },
    );
    let earlier = match c.linked.clone() {
        Some(l) => view! {
            <p>{t("case.repeat_of")}" "
                <button class="link" on:click=move |_| ui.page.set(Page::Case(l.id))>{l.number.clone()}</button>
            </p>
        }.into_any(),
        None => view! { <p>{t("case.repeat_deleted")}</p> }.into_any(),
    };
    view! {
        <section id="repeat-panel" class="panel">
            <h2>{t("cases.repeat")}</h2>
            {earlier}
            {match c.repeat_decision.clone() {
                Some(d) => {
                    let what = if d.other.is_empty() { t(&format!("decision.{}", d.decision)) } else { d.other.clone() };
                    view! { <p id="repeat-decided">{t("case.decision")}": "{what}" · "{format_short(d.date)}</p> }.into_any()
                }
                None => view! {
                    <form id="decision-form" class="form" on:submit=submit novalidate>
                        <ErrorBanner message=Signal::derive(errors.general(&["decision_date", "other"]))/>
                        <div class="row">
                            <div class="field">
                                <label for="decision">{t("case.decision")}</label>
                                <select id="decision" on:change=move |ev| if let Ok(d) = event_target_value(&ev).parse() { decision.set(d) }>
                                    {RepeatDecision::ALL.iter().map(|d| view! { <option value=d.as_str()>{t(&format!("decision.{d}"))}</option> }).collect_view()}
                                </select>
                            </div>
                            <Show when=move || decision.get() == RepeatDecision::Other>
                                <Field name="other" label=t("case.decision_other") errors>
                                    <input id="other" bind:value=other/>
                                </Field>
                            </Show>
                            <Field name="decision_date" label=t("case.date") errors>
                                <input id="decision_date" class="date-input" bind:value=date/>
                            </Field>
                        </div>
                        <button type="submit" class="button primary">{t("case.save_decision")}</button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn DeletionPanel(c: CaseView, on_saved: Callback<CaseView>) -> impl IntoView {
    let ui = ui();
    let errors = FormErrors::new();
    let until = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let id = c.summary.id;
    let postpone = super::case_action::<PostponeDeletion>(errors, on_saved);
    let delete = Action::new_local(move |_: &()| async move {
        match call(&DeleteCase { id }).await {
            Ok(_) => ui.page.set(Page::Cases),
            Err(e) => errors.set(e),
        }
    });
    let submit = errors.on_submit(
        move || read_date("until", &until.get_untracked()),
        move |d| {
            postpone.dispatch_local(PostponeDeletion {
                id,
                until: d,
                reason: reason.get_untracked(),
            });
        },
    );
    let closed = c.summary.delete_on;
    view! {
        <section id="deletion-panel" class="panel">
            <h2>{t("case.deletion")}</h2>
            <ErrorBanner message=Signal::derive(errors.general(&["until", "reason"]))/>
            {match closed {
                None => view! { <p class="muted">{t("case.not_closed")}</p> }.into_any(),
                Some(d) => view! {
                    <p id="delete-on">{tf("case.delete_on", &[("date", &format_short(d))])}</p>
                    {c.summary.stale.then(|| view! { <p id="stale-hint" class="banner info">{t("case.stale_hint")}</p> })}
                    {c.postponed.clone().map(|p| view! { <p class="muted">{tf("case.postponed", &[("reason", &p.reason)])}</p> })}
                    <form id="postpone-form" class="form" on:submit=submit novalidate>
                        <div class="row">
                            <Field name="until" label=t("case.postpone_until") errors>
                                <input id="until" class="date-input" bind:value=until placeholder=t("common.date_format")/>
                            </Field>
                            <Field name="reason" label=t("case.postpone_reason") errors>
                                <input id="reason" bind:value=reason/>
                            </Field>
                        </div>
                        <button type="submit" class="button secondary">{t("case.postpone")}</button>
                    </form>
                }.into_any(),
            }}
            <crate::components::Confirm ask=t("case.delete_now") ask_id="delete-case"
                question=t("case.confirm_delete") yes=t("common.delete") yes_id="confirm-delete-case"
                on_yes=move || { delete.dispatch_local(()); }/>
        </section>
    }
}

/// The access log of this case, newest first.
#[component]
fn CaseLog(number: String) -> impl IntoView {
    let entries = LocalResource::new(move || {
        let filter = AccessFilter {
            case_number: Some(number.clone()),
            ..Default::default()
        };
        async move { call(&ListAccessLog { filter }).await }
    });
    view! {
        <section class="panel" id="case-log">
            <h2>{t("case.log")}</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    crate::components::list_view(entries.await, view! { <p>{t("log.none")}</p> }, |list| {
                        super::log::log_table(list).into_any()
                    })
                })}
            </Transition>
        </section>
    }
}
