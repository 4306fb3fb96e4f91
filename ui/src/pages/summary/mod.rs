//! Rapporter: the coordinator's summary over any period. A week (this one
//! by default, as the weekly summary always opened), a month, a quarter, a
//! school half-year, a school year, a calendar year, or any days from–to;
//! arrows step to the period before or after. Read on screen with the real
//! numbers and the cells an export hides marked, and saved as PDF, Excel
//! or CSV through the system's save dialog (shown by the shell).

mod period;
mod save;
mod school;
mod table;
mod trends;

use crate::i18n::{error_text, t, tf, tn};
use crate::ipc::call;
use feltbog_api::commands::{ChooseExportFile, ExportSummary, GetSummary, GetToday};
use feltbog_api::period::{PeriodKind, ReportPeriod};
use feltbog_api::summary::{ExportDone, ExportFormat, Section, Summary};
use feltbog_api::ApiError;
use leptos::prelude::*;
use period::PeriodPicker;
use save::Saver;
use table::SummaryTable;

/// Asks the shell for a file name, then for the export; `None` when the
/// user cancelled the dialog.
async fn save(period: ReportPeriod, format: ExportFormat) -> Result<Option<ExportDone>, ApiError> {
    let Some(path) = call(&ChooseExportFile { period, format }).await? else {
        return Ok(None);
    };
    call(&ExportSummary {
        period,
        format,
        path,
    })
    .await
    .map(Some)
}

#[component]
pub fn SummaryPage() -> impl IntoView {
    let period: RwSignal<Option<ReportPeriod>> = RwSignal::new(None);
    let today: RwSignal<Option<chrono::NaiveDate>> = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        if let Ok(d) = call(&GetToday {}).await {
            today.set(Some(d));
            period.set(Some(ReportPeriod::containing(PeriodKind::Week, d)));
        }
    });
    // The period's report, a school's report, or the trends across school
    // years; the chosen period is kept while another is shown.
    let shown = RwSignal::new(Report::Period);
    let tabs = move || {
        let tab = move |report: Report, key: &'static str, id: &'static str| {
            let current = move || shown.get() == report;
            view! {
                <button id=id class="tab" class:current=current role="tab"
                    aria-selected=move || current().to_string()
                    on:click=move |_| shown.set(report)>
                    {t(key)}
                </button>
            }
        };
        view! {
            <div class="tabs" role="tablist" aria-label=t("trends.views")>
                {tab(Report::Period, "trends.period_tab", "tab-period")}
                {tab(Report::School, "school_report.tab", "tab-school")}
                {tab(Report::Trends, "trends.tab", "tab-trends")}
            </div>
        }
        .into_any()
    };
    move || match shown.get() {
        Report::Period => view! { <PeriodPanel period today tabs=tabs()/> }.into_any(),
        Report::School => view! { <school::SchoolReportPanel tabs=tabs() today/> }.into_any(),
        Report::Trends => view! { <trends::TrendsPanel tabs=tabs()/> }.into_any(),
    }
}

/// The kinds of report the page shows, one tab each.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Report {
    Period,
    School,
    Trends,
}

/// The report over the chosen period.
#[component]
fn PeriodPanel(
    period: RwSignal<Option<ReportPeriod>>,
    today: RwSignal<Option<chrono::NaiveDate>>,
    tabs: AnyView,
) -> impl IntoView {
    let arrivals = crate::state::ui().arrivals;
    let summary = LocalResource::new(move || {
        arrivals.track();
        let p = period.get();
        async move {
            match p {
                Some(period) => call(&GetSummary { period }).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let saver = Saver::new(
        Signal::derive(move || period.get().is_some()),
        move |format| {
            let p = period.get_untracked();
            async move {
                match p {
                    Some(p) => save(p, format).await,
                    None => Ok(None),
                }
            }
        },
    );
    // What was saved, or why not, belongs to the period it was saved for.
    Effect::new(move |_| {
        period.track();
        saver.clear();
    });
    view! {
        <header class="page-head">
            <h1>{t("summary.page_title")}</h1>
            {saver.buttons("")}
        </header>
        {tabs}
        <PeriodPicker period today/>
        {saver.status("saved")}
        <Transition fallback=|| view! { <p class="muted">{t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match summary.await {
                    Ok(Some(s)) => view! { <SummaryView s/> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => view! { <p class="banner error" role="alert">{error_text(&e)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub(super) fn SummaryView(s: Summary) -> impl IntoView {
    let kind = s.period.kind();
    let next = (kind != PeriodKind::Week).then(|| {
        tf(
            "summary.next_period",
            &[(
                "days",
                &feltbog_api::dates::format_range(s.next_from, s.next_to, crate::i18n::language()),
            )],
        )
    });
    let hidden = s.hidden_cells() as u32;
    let threshold = s.threshold.to_string();
    let made = if s.made_by.trim().is_empty() {
        String::new()
    } else {
        format!("{} · ", s.made_by)
    };
    let sections: Vec<(Section, Vec<feltbog_api::summary::Table>)> = Section::ALL
        .iter()
        .map(|sec| {
            (
                *sec,
                s.tables
                    .iter()
                    .filter(|t| t.section == *sec)
                    .cloned()
                    .collect(),
            )
        })
        .filter(|(_, tables): &(Section, Vec<_>)| !tables.is_empty())
        .collect();
    view! {
        <div id="summary" class="summary">
            <p class="lead">{made}{s.team.clone()}</p>
            <div class="banner info summary-legend">
                <p>{tf("summary.legend", &[("t", &threshold)])}</p>
                {next.map(|n| view! { <p id="next-period-days">{n}</p> })}
                <p>{t("summary.legend_screen")}" "<strong id="hidden-count">{tn("summary.hidden_count", hidden)}</strong></p>
            </div>
            {sections.into_iter().map(|(sec, tables)| view! {
                <section class="summary-section" id=format!("section-{sec}")>
                    <h2>{t(&format!("summary.section.{sec}"))}</h2>
                    {(sec == Section::Cases).then(|| view! { <p class="muted">{t("summary.cases_note")}</p> })}
                    {tables.into_iter().map(|table| view! { <SummaryTable table threshold=s.threshold kind/> }).collect_view()}
                </section>
            }).collect_view()}
        </div>
    }
}
