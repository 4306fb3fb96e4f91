//! Opbevaring og sletning, on the settings page: how many years each kind
//! of record is kept, with the defaults said in the text, and what the
//! rules delete now and within 30 days, shown before they act. In a team
//! they are the team's rules, read-only for a consultant, like the case
//! rules (`cases/settings.rs`).

use crate::components::{ErrorBanner, Field, FormErrors};
use crate::i18n::t;
use crate::ipc::call;
use crate::state::ui;
use feltbog_api::commands::GetRetentionPlan;
use feltbog_api::profile::{RetentionCounts, RetentionSettings, Settings, RETENTION_YEARS_MAX};
use feltbog_api::{ApiError, Problem};
use leptos::prelude::*;

/// The fields, in the order shown: id (the core field name), label key.
const FIELDS: [(&str, &str); 7] = [
    ("stale_after_years", "retention.stale"),
    ("visits_after_years", "retention.visits"),
    ("cafes_after_years", "retention.cafes"),
    ("survey_after_years", "retention.survey"),
    ("activities_after_years", "retention.activities"),
    ("access_log_after_years", "retention.access_log"),
    ("deletions_after_years", "retention.deletions"),
];

/// The field names alone, for the banner of errors no field shows.
const NAMES: &[&str] = &[
    "stale_after_years",
    "visits_after_years",
    "cafes_after_years",
    "survey_after_years",
    "activities_after_years",
    "access_log_after_years",
    "deletions_after_years",
];

fn values(s: &Settings) -> [u32; 7] {
    let r = &s.retention;
    [
        s.cases.stale_after_years,
        r.visits_after_years,
        r.cafes_after_years,
        r.survey_after_years,
        r.activities_after_years,
        r.access_log_after_years,
        r.deletions_after_years,
    ]
}

fn year(field: &str, s: RwSignal<String>) -> Result<u32, ApiError> {
    s.get_untracked().trim().parse::<u32>().map_err(|_| {
        ApiError::invalid(
            field,
            Problem::OutOfRange {
                min: 1,
                max: RETENTION_YEARS_MAX.into(),
            },
            "not a number",
        )
    })
}

#[component]
pub fn RetentionForm() -> impl IntoView {
    let ui = ui();
    let inputs: [RwSignal<String>; 7] =
        values(&ui.settings.get_untracked()).map(|v| RwSignal::new(v.to_string()));
    let read_only = move || ui.settings.get().rules_read_only;
    let errors = FormErrors::new();
    let saved = RwSignal::new(false);
    let changed = RwSignal::new(0u32);
    let save = crate::pages::settings::settings_saver(errors, saved, move |_| {
        changed.update(|n| *n += 1);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        saved.set(false);
        let read = || -> Result<[u32; 7], ApiError> {
            let mut out = [0; 7];
            for (i, (field, _)) in FIELDS.iter().enumerate() {
                out[i] = year(field, inputs[i])?;
            }
            Ok(out)
        };
        match read() {
            Ok([stale, visits, cafes, survey, activities, log, deletions]) => {
                let mut s = ui.settings.get_untracked();
                s.cases.stale_after_years = stale;
                s.retention = RetentionSettings {
                    visits_after_years: visits,
                    cafes_after_years: cafes,
                    survey_after_years: survey,
                    activities_after_years: activities,
                    access_log_after_years: log,
                    deletions_after_years: deletions,
                };
                save.dispatch_local(s);
            }
            Err(e) => errors.set(e),
        }
    };
    view! {
        <form id="retention-form" class="form panel" on:submit=submit novalidate>
            <h2>{t("retention.title")}</h2>
            <p class="muted">{t("retention.intro")}</p>
            <ErrorBanner message=Signal::derive(errors.general(NAMES))/>
            <div class="retention-grid">
                {FIELDS.iter().enumerate().map(|(i, (field, label))| view! {
                    <Field name=*field label=t(label) errors>
                        <input id=*field class="short-input" inputmode="numeric"
                            bind:value=inputs[i] disabled=read_only/>
                    </Field>
                }).collect_view()}
            </div>
            <p class="hint">{t("retention.hint")}</p>
            <Show when=move || !read_only()>
                <div class="form-actions">
                    <button id="save-retention" class="button primary" type="submit">{t("common.save")}</button>
                    <Show when=move || saved.get()><span class="saved" role="status">{t("common.saved")}</span></Show>
                </div>
            </Show>
            <RetentionPlanView changed/>
        </form>
    }
}

/// What the rules delete at the next purge and within the notice period.
#[component]
fn RetentionPlanView(changed: RwSignal<u32>) -> impl IntoView {
    let plan = LocalResource::new(move || {
        changed.track();
        async { call(&GetRetentionPlan {}).await }
    });
    let rows = |now: &RetentionCounts, soon: &RetentionCounts| {
        [
            ("retention.row_visits", now.visits, soon.visits),
            ("retention.row_cafes", now.cafes, soon.cafes),
            (
                "retention.row_survey",
                now.survey_rounds,
                soon.survey_rounds,
            ),
            ("retention.row_activities", now.activities, soon.activities),
            ("retention.row_pending", now.pending, soon.pending),
            (
                "retention.row_access",
                now.access_entries,
                soon.access_entries,
            ),
            ("retention.row_deletions", now.deletions, soon.deletions),
        ]
    };
    view! {
        <section id="retention-plan" class="retention-plan">
            <h3 class="subhead">{t("retention.plan")}</h3>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match plan.await {
                        Err(e) => view! { <p class="banner error">{crate::i18n::error_text(&e)}</p> }.into_any(),
                        Ok(p) if p.soon.is_empty() => view! { <p id="retention-plan-none">{t("retention.plan_none")}</p> }.into_any(),
                        Ok(p) => view! {
                            <crate::components::TableScroll label=t("retention.plan")><table class="table compact">
                                <thead><tr>
                                    <th>{t("retention.kind")}</th>
                                    <th class="num">{t("retention.now")}</th>
                                    <th class="num">{t("retention.soon")}</th>
                                </tr></thead>
                                <tbody>
                                    {rows(&p.now, &p.soon).into_iter().filter(|(_, _, soon)| *soon > 0).map(|(key, now, soon)| view! {
                                        <tr><td>{t(key)}</td><td class="num">{now}</td><td class="num">{soon}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table></crate::components::TableScroll>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
