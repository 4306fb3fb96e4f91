//! The police notification: registers a new case. Before saving, the app
//! looks for earlier cases of the same young person (initials, birth year,
//! school) and offers to link them, which makes the new case a repeat.

use crate::components::{read_date, ErrorBanner, Field, FormErrors};
use crate::i18n::t;
use crate::ipc::call;
use crate::pages::visit_form::today;
use crate::state::{ui, Page};
use feltbog_api::cases::{CaseLink, Law, NewCase, Offence, YoungPersonKey};
use feltbog_api::commands::{AddCase, FindEarlierCases};
use feltbog_api::dates::format_short;
use feltbog_api::{ApiError, CaseId, Problem};
use leptos::prelude::*;

#[component]
pub fn NewCaseForm() -> impl IntoView {
    let ui = ui();
    let errors = FormErrors::new();
    let journal = RwSignal::new(String::new());
    let initials = RwSignal::new(String::new());
    let birth_year = RwSignal::new(String::new());
    let school = RwSignal::new(String::new());
    let cpr = RwSignal::new(String::new());
    let law = RwSignal::new(Law::PenalCode);
    let law_other = RwSignal::new(String::new());
    let offence = RwSignal::new(Offence::Theft);
    let offence_other = RwSignal::new(String::new());
    let offence_date = RwSignal::new(String::new());
    let notified = RwSignal::new(today().map(format_short).unwrap_or_default());
    // Earlier cases found for what is typed; `Some` once looked for.
    let matches: RwSignal<Option<Vec<CaseLink>>> = RwSignal::new(None);
    let cpr_allowed = move || ui.settings.get().cases.cpr_allowed;
    let schools = crate::components::schools_resource(false);
    let to_case = move || -> Result<NewCase, ApiError> {
        let typed = birth_year.get_untracked();
        let year = match typed.trim() {
            "" => Err(ApiError::invalid(
                "birth_year",
                Problem::Required,
                "no year",
            )),
            y => y
                .parse()
                .map_err(|_| ApiError::invalid("birth_year", Problem::NotAllowed, "not a year")),
        }?;
        Ok(NewCase {
            journal: journal.get_untracked(),
            initials: initials.get_untracked(),
            birth_year: year,
            school: school.get_untracked().parse().ok(),
            cpr: cpr.get_untracked(),
            law: law.get_untracked(),
            law_other: law_other.get_untracked(),
            offence: offence.get_untracked(),
            offence_other: offence_other.get_untracked(),
            offence_date: read_date("offence_date", &offence_date.get_untracked())?,
            notified: read_date("notified", &notified.get_untracked())?,
            link_to: None,
        })
    };
    let save = Action::new_local(move |c: &NewCase| {
        let c = c.clone();
        async move {
            match call(&AddCase { case: c }).await {
                Ok(v) => ui.page.set(Page::Case(v.summary.id)),
                Err(e) => errors.set(e),
            }
        }
    });
    // First press: look for earlier cases; with none, save at once.
    let check = Action::new_local(move |c: &NewCase| {
        let c = c.clone();
        async move {
            let key = YoungPersonKey {
                initials: c.initials.clone(),
                birth_year: c.birth_year,
                school: c.school,
            };
            match call(&FindEarlierCases { key }).await {
                Ok(found) if found.is_empty() => {
                    save.dispatch_local(c);
                }
                Ok(found) => matches.set(Some(found)),
                Err(e) => errors.set(e),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        matches.set(None);
        match to_case() {
            Ok(c) => {
                check.dispatch_local(c);
            }
            Err(e) => errors.set(e),
        }
    };
    let save_linked = move |link: Option<CaseId>| match to_case() {
        Ok(c) => {
            save.dispatch_local(NewCase { link_to: link, ..c });
        }
        Err(e) => errors.set(e),
    };
    let shown: &'static [&'static str] = &[
        "journal",
        "initials",
        "birth_year",
        "school",
        "cpr",
        "law_other",
        "offence_other",
        "offence_date",
        "notified",
    ];
    view! {
        <header class="page-head"><h1>{t("case.new_title")}</h1></header>
        <crate::components::SchoolsReadFailed schools/>
        <form id="case-form" class="form" on:submit=submit novalidate>
            <ErrorBanner message=Signal::derive(errors.general(shown))/>
            <div class="panel">
                <h2>{t("case.young")}</h2>
                <div class="row">
                    <Field name="initials" label=t("case.initials") errors hint=t("case.initials_hint")>
                        <input id="initials" bind:value=initials autocomplete="off"/>
                    </Field>
                    <Field name="birth_year" label=t("case.birth_year") errors>
                        <input id="birth_year" inputmode="numeric" bind:value=birth_year/>
                    </Field>
                    <Field name="school" label=t("case.school") errors>
                        <select id="school" on:change=move |ev| school.set(event_target_value(&ev))>
                            <option value="">{t("case.no_school")}</option>
                            {move || crate::components::schools_or_none(schools.get()).into_iter().map(|s| view! {
                                <option value=s.id.to_string()>{s.name}</option>
                            }).collect_view()}
                        </select>
                    </Field>
                </div>
                <Show when=cpr_allowed>
                    <Field name="cpr" label=t("case.cpr") errors hint=t("case.cpr_hint")>
                        <input id="cpr" bind:value=cpr autocomplete="off" placeholder="DDMMÅÅ-XXXX"/>
                    </Field>
                </Show>
            </div>
            <div class="panel">
                <h2>{t("case.notification")}</h2>
                <div class="row">
                    <div class="field">
                        <label for="law">{t("case.law")}</label>
                        <select id="law" on:change=move |ev| if let Ok(l) = event_target_value(&ev).parse() { law.set(l) }>
                            {Law::ALL.iter().map(|l| view! { <option value=l.as_str()>{t(&format!("law.{l}"))}</option> }).collect_view()}
                        </select>
                    </div>
                    <Show when=move || law.get() == Law::Other>
                        <Field name="law_other" label=t("case.law_other") errors>
                            <input id="law_other" bind:value=law_other/>
                        </Field>
                    </Show>
                    <div class="field">
                        <label for="offence">{t("case.offence")}</label>
                        <select id="offence" on:change=move |ev| if let Ok(o) = event_target_value(&ev).parse() { offence.set(o) }>
                            {Offence::ALL.iter().map(|o| view! { <option value=o.as_str()>{t(&format!("offence.{o}"))}</option> }).collect_view()}
                        </select>
                    </div>
                    <Show when=move || offence.get() == Offence::Other>
                        <Field name="offence_other" label=t("case.offence_other") errors>
                            <input id="offence_other" bind:value=offence_other/>
                        </Field>
                    </Show>
                </div>
                <div class="row">
                    <Field name="offence_date" label=t("case.offence_date") errors hint=t("visit.date_hint")>
                        <input id="offence_date" class="date-input" bind:value=offence_date placeholder=t("common.date_format")/>
                    </Field>
                    <Field name="notified" label=t("case.notified") errors hint=t("visit.date_hint")>
                        <input id="notified" class="date-input" bind:value=notified placeholder=t("common.date_format")/>
                    </Field>
                    <Field name="journal" label=t("case.journal") errors>
                        <input id="journal" bind:value=journal autocomplete="off"/>
                    </Field>
                </div>
            </div>
            {move || matches.get().map(|found| view! {
                <div id="case-matches" class="panel banner info" role="status">
                    <h2>{t("case.matches_title")}</h2>
                    <p>{t("case.matches_text")}</p>
                    <ul class="plain-list">
                        {found.into_iter().map(|m| {
                            let id = m.id;
                            view! {
                                <li>
                                    <span>{m.number.clone()}" · "{t(&format!("step.{}", m.step))}" · "{format_short(m.notified)}</span>
                                    <button type="button" class="button primary link-case" on:click=move |_| save_linked(Some(id))>
                                        {t("case.link_save")}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <button type="button" id="save-unlinked" class="button secondary" on:click=move |_| save_linked(None)>
                        {t("case.save_unlinked")}
                    </button>
                </div>
            })}
            <div class="form-actions">
                <button type="submit" id="save-case" class="button primary">{t("case.save")}</button>
                <button type="button" class="button secondary" on:click=move |_| ui.page.set(Page::Cases)>{t("common.cancel")}</button>
            </div>
        </form>
    }
}
