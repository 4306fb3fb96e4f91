//! Skolerapport: one school's own report for a school year, for the April
//! dialogue meeting: pick the school and the school year, read it on
//! screen, save it as a PDF, or save every active school's into a folder
//! at once (*Alle skoler*).

use super::SummaryView;
use crate::components::{busy, schools_resource, DispatchIdle, ErrorBanner, SchoolSelect};
use crate::i18n::{error_text, t, tf};
use crate::ipc::call;
use feltbog_api::commands::{
    ChooseReportFolder, ChooseSchoolReportFile, ExportAllSchoolReports, ExportSchoolReport,
    GetSchoolReport,
};
use feltbog_api::period::school_year_of;
use feltbog_api::summary::{ExportDone, SchoolReportsDone};
use feltbog_api::{ApiError, SchoolId};
use leptos::prelude::*;

/// The school years offered: the one under way and the four before.
const YEARS_BACK: i32 = 4;

#[derive(Clone)]
enum Saved {
    One(ExportDone),
    All(SchoolReportsDone),
}

async fn save_one(school: SchoolId, start: i32) -> Result<Option<Saved>, ApiError> {
    let Some(path) = call(&ChooseSchoolReportFile { school, start }).await? else {
        return Ok(None);
    };
    let done = call(&ExportSchoolReport {
        school,
        start,
        path,
    })
    .await?;
    Ok(Some(Saved::One(done)))
}

async fn save_all(start: i32) -> Result<Option<Saved>, ApiError> {
    let Some(dir) = call(&ChooseReportFolder {}).await? else {
        return Ok(None);
    };
    let done = call(&ExportAllSchoolReports { start, dir }).await?;
    Ok(Some(Saved::All(done)))
}

#[component]
pub fn SchoolReportPanel(
    tabs: AnyView,
    today: RwSignal<Option<chrono::NaiveDate>>,
) -> impl IntoView {
    let schools = schools_resource(false);
    let school = RwSignal::new(String::new());
    let current = move || today.get().map(school_year_of);
    let year: RwSignal<Option<i32>> = RwSignal::new(None);
    Effect::new(move |_| {
        if year.get_untracked().is_none() {
            year.set(current());
        }
    });
    let chosen = move || {
        let id: SchoolId = school.get().parse().ok()?;
        Some((id, year.get()?))
    };
    let arrivals = crate::state::ui().arrivals;
    let report = LocalResource::new(move || {
        arrivals.track();
        let chosen = chosen();
        async move {
            match chosen {
                Some((school, start)) => call(&GetSchoolReport { school, start }).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let saving = Action::new_local(move |all: &bool| {
        let (all, chosen, start) = (*all, chosen(), year.get_untracked());
        async move {
            match (all, chosen, start) {
                (true, _, Some(start)) => save_all(start).await,
                (false, Some((school, start)), _) => save_one(school, start).await,
                _ => Ok(None),
            }
        }
    });
    Effect::new(move |_| {
        school.track();
        year.track();
        saving.value().set(None);
    });
    let failed = Signal::derive(move || {
        saving
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| error_text(&e))
    });
    let saved = move || {
        saving
            .value()
            .get()
            .and_then(|r| r.ok())
            .flatten()
            .map(told)
    };
    let years = Signal::derive(move || {
        current()
            .map(|c| (c - YEARS_BACK..=c).rev().collect::<Vec<_>>())
            .unwrap_or_default()
    });
    view! {
        <header class="page-head">
            <h1>{t("summary.page_title")}</h1>
            <div class="actions">
                <button id="save-school-report" class="button primary"
                    aria-disabled=move || busy(saving.pending().get() || chosen().is_none())
                    on:click=move |_| if chosen().is_some() { saving.dispatch_idle(false) }>
                    {t("school_report.save")}
                </button>
                <button id="save-all-school-reports" class="button secondary"
                    aria-disabled=move || busy(saving.pending().get() || year.get().is_none())
                    on:click=move |_| if year.get_untracked().is_some() { saving.dispatch_idle(true) }>
                    {t("school_report.save_all")}
                </button>
            </div>
        </header>
        {tabs}
        <div class="toolbar">
            <div class="field inline">
                <label for="school">{t("school_report.school")}</label>
                <SchoolSelect value=school schools none="visit.choose_school"/>
            </div>
            <YearSelect year years/>
        </div>
        <p class="lead">{t("school_report.lead")}</p>
        <crate::components::SchoolsReadFailed schools/>
        <ErrorBanner message=failed/>
        {move || saved().map(|text| view! {
            <p id="school-report-saved" class="banner info" role="status">{text}</p>
        })}
        <Transition fallback=|| view! { <p class="muted">{t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(Some(s)) => view! { <SummaryView s/> }.into_any(),
                    Ok(None) => view! { <p class="muted" id="school-report-pick">{t("school_report.pick")}</p> }.into_any(),
                    Err(e) => view! { <p class="banner error" role="alert">{error_text(&e)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// What a save did, in the user's words.
fn told(saved: Saved) -> String {
    match saved {
        Saved::One(d) => tf("summary.saved", &[("path", &d.path)]),
        Saved::All(d) => tf(
            "school_report.saved_all",
            &[("n", &d.files.len().to_string()), ("dir", &d.dir)],
        ),
    }
}

/// The school year ("2025/26"), from `years`.
#[component]
fn YearSelect(year: RwSignal<Option<i32>>, years: Signal<Vec<i32>>) -> impl IntoView {
    let name = feltbog_api::period::school_year_name;
    view! {
        <div class="field inline">
            <label for="school-year">{t("school_report.year")}</label>
            <select id="school-year" on:change=move |ev| {
                if let Ok(y) = event_target_value(&ev).parse::<i32>() {
                    year.set(Some(y));
                }
            }>
                {move || years.get().into_iter().map(|y| view! {
                    <option value=y.to_string() selected=move || year.get() == Some(y)>{name(y)}</option>
                }).collect_view()}
            </select>
        </div>
    }
}
