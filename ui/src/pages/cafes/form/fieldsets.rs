//! The café form's fieldsets, in the order the form shows them.

use super::Fields;
use crate::components::{Field, FormErrors};
use crate::i18n::t;
use feltbog_api::cafes::{CafeKind, CafeStatus, CafeTheme};
use feltbog_api::schools::SchoolView;
use feltbog_api::ApiError;
use leptos::prelude::*;

/// When and where: the date, held or planned, the school or area, grades.
#[component]
pub(super) fn WhenAndWhere(
    f: Fields,
    errors: FormErrors,
    schools: LocalResource<Result<Vec<SchoolView>, ApiError>>,
) -> impl IntoView {
    view! {
        <div class="row">
            <Field name="date" label=t("visit.date") errors hint=t("visit.date_hint")>
                <input id="date" inputmode="numeric" bind:value=f.date placeholder=t("common.date_format")/>
            </Field>
            <fieldset class="field radios">
                <legend>{t("visit.status")}</legend>
                {CafeStatus::ALL.iter().map(|s| {
                    let s = *s;
                    view! {
                        <label class="radio">
                            <input type="radio" name="status" id=format!("cafe-status-{s}")
                                prop:checked=move || f.status.get() == s on:change=move |_| f.status.set(s)/>
                            <span>{t(&format!("cafe_status.{s}"))}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
        </div>
        <div class="row">
            <crate::components::SchoolOrArea school=f.school area=f.area schools errors
                none="cafe.no_school" area_hint="cafe.area_hint"/>
            <Field name="grades" label=t("cafe.grades") errors hint=t("cafe.grades_hint")>
                <input id="grades" bind:value=f.grades placeholder="7, 8"/>
            </Field>
        </div>
    }
}

/// What it was: the kind of meeting, its theme, the partners there.
#[component]
pub(super) fn Subject(f: Fields, errors: FormErrors) -> impl IntoView {
    view! {
        <div class="row">
            <div class="field">
                <label for="kind">{t("cafe.kind")}</label>
                <select id="kind" on:change=move |ev| { if let Ok(k) = event_target_value(&ev).parse() { f.kind.set(k) } }>
                    {CafeKind::ALL.iter().map(|k| view! {
                        <option value=k.as_str() selected=move || f.kind.get() == *k>{t(&format!("cafe_kind.{k}"))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="theme">{t("cafe.theme")}</label>
                <select id="theme" on:change=move |ev| { if let Ok(th) = event_target_value(&ev).parse() { f.theme.set(th) } }>
                    {CafeTheme::ALL.iter().map(|th| view! {
                        <option value=th.as_str() selected=move || f.theme.get() == *th>{t(&format!("theme.{th}"))}</option>
                    }).collect_view()}
                </select>
            </div>
            <Show when=move || f.theme.get() == CafeTheme::Other>
                <Field name="theme_other" label=t("cafe.theme_other") errors>
                    <input id="theme_other" bind:value=f.theme_other/>
                </Field>
            </Show>
        </div>
        <crate::components::PartnersFieldset partners=f.partners other=f.partner_other errors/>
    }
}

/// Who came and what was raised: counts only, never names.
#[component]
pub(super) fn Turnout(f: Fields, errors: FormErrors) -> impl IntoView {
    view! {
        <div class="row narrow">
            <Field name="parents" label=t("cafe.parents") errors hint=t("cafe.parents_hint")>
                <input id="parents" inputmode="numeric" bind:value=f.parents/>
            </Field>
            <Field name="invited" label=t("cafe.invited") errors hint=t("cafe.invited_hint")>
                <input id="invited" inputmode="numeric" bind:value=f.invited/>
            </Field>
        </div>
        <Field name="raised" label=t("cafe.raised") errors hint=t("cafe.no_names")>
            <textarea id="raised" rows="3" bind:value=f.raised></textarea>
        </Field>
        <Field name="notes" label=t("visit.notes") errors>
            <textarea id="notes" rows="3" bind:value=f.notes></textarea>
        </Field>
    }
}
