//! The notification form's two panels: the young person, and the police
//! notification itself.

use super::Fields;
use crate::components::{Field, FormErrors, SchoolSelect};
use crate::i18n::t;
use feltbog_api::cases::{Law, Offence};
use feltbog_api::schools::SchoolView;
use feltbog_api::ApiError;
use leptos::prelude::*;

/// Initials, birth year, school and, where the municipality allows it,
/// the CPR number.
#[component]
pub(super) fn YoungPerson(
    f: Fields,
    errors: FormErrors,
    schools: LocalResource<Result<Vec<SchoolView>, ApiError>>,
) -> impl IntoView {
    let ui = crate::state::ui();
    let cpr_allowed = move || ui.settings.get().cases.cpr_allowed;
    view! {
        <div class="panel">
            <h2>{t("case.young")}</h2>
            <div class="row">
                <Field name="initials" label=t("case.initials") errors hint=t("case.initials_hint")>
                    <input id="initials" bind:value=f.initials autocomplete="off"/>
                </Field>
                <Field name="birth_year" label=t("case.birth_year") errors>
                    <input id="birth_year" inputmode="numeric" bind:value=f.birth_year/>
                </Field>
                <Field name="school" label=t("case.school") errors>
                    <SchoolSelect value=f.school schools none="case.no_school"/>
                </Field>
            </div>
            <Show when=cpr_allowed>
                <Field name="cpr" label=t("case.cpr") errors hint=t("case.cpr_hint")>
                    <input id="cpr" bind:value=f.cpr autocomplete="off" placeholder="DDMMÅÅ-XXXX"/>
                </Field>
            </Show>
        </div>
    }
}

/// The law and the offence (each with "other" in words), the offence's
/// date, the notification's date and the police journal number.
#[component]
pub(super) fn Notification(f: Fields, errors: FormErrors) -> impl IntoView {
    view! {
        <div class="panel">
            <h2>{t("case.notification")}</h2>
            <div class="row">
                <div class="field">
                    <label for="law">{t("case.law")}</label>
                    <select id="law" on:change=move |ev| if let Ok(l) = event_target_value(&ev).parse() { f.law.set(l) }>
                        {Law::ALL.iter().map(|l| view! {
                            <option value=l.as_str() selected=move || f.law.get() == *l>{t(&format!("law.{l}"))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Show when=move || f.law.get() == Law::Other>
                    <Field name="law_other" label=t("case.law_other") errors>
                        <input id="law_other" bind:value=f.law_other/>
                    </Field>
                </Show>
                <div class="field">
                    <label for="offence">{t("case.offence")}</label>
                    <select id="offence" on:change=move |ev| if let Ok(o) = event_target_value(&ev).parse() { f.offence.set(o) }>
                        {Offence::ALL.iter().map(|o| view! {
                            <option value=o.as_str() selected=move || f.offence.get() == *o>{t(&format!("offence.{o}"))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Show when=move || f.offence.get() == Offence::Other>
                    <Field name="offence_other" label=t("case.offence_other") errors>
                        <input id="offence_other" bind:value=f.offence_other/>
                    </Field>
                </Show>
            </div>
            <div class="row">
                <Field name="offence_date" label=t("case.offence_date") errors hint=t("visit.date_hint")>
                    <input id="offence_date" class="date-input" bind:value=f.offence_date placeholder=t("common.date_format")/>
                </Field>
                <Field name="notified" label=t("case.notified") errors hint=t("visit.date_hint")>
                    <input id="notified" class="date-input" bind:value=f.notified placeholder=t("common.date_format")/>
                </Field>
                <Field name="journal" label=t("case.journal") errors>
                    <input id="journal" bind:value=f.journal autocomplete="off"/>
                </Field>
            </div>
        </div>
    }
}
