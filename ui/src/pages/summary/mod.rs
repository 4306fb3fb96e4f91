//! Ugerapport: the coordinator's weekly summary. Pick an ISO week (this one
//! by default, arrows to step), read it on screen with the real numbers and
//! the cells an export hides marked, and save it as PDF, Excel or CSV
//! through the system's save dialog (shown by the shell).

mod table;

use crate::components::{busy, DispatchIdle, ErrorBanner};
use crate::i18n::{error_text, t, tf, tn};
use crate::ipc::call;
use crate::pages::visits::week_label;
use feltbog_api::commands::{ChooseExportFile, CurrentWeek, ExportWeeklySummary, GetWeeklySummary};
use feltbog_api::dates::IsoWeek;
use feltbog_api::summary::{ExportDone, ExportFormat, Section, WeeklySummary};
use feltbog_api::ApiError;
use leptos::prelude::*;
use table::SummaryTable;

/// Asks the shell for a file name, then for the export; `None` when the
/// user cancelled the dialog.
async fn save(week: IsoWeek, format: ExportFormat) -> Result<Option<ExportDone>, ApiError> {
    let Some(path) = call(&ChooseExportFile { week, format }).await? else {
        return Ok(None);
    };
    call(&ExportWeeklySummary { week, format, path })
        .await
        .map(Some)
}

#[component]
pub fn SummaryPage() -> impl IntoView {
    let week: RwSignal<Option<IsoWeek>> = RwSignal::new(None);
    let this_week: RwSignal<Option<IsoWeek>> = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        if let Ok(w) = call(&CurrentWeek {}).await {
            this_week.set(Some(w));
            week.set(Some(w));
        }
    });
    let arrivals = crate::state::ui().arrivals;
    let summary = LocalResource::new(move || {
        arrivals.track();
        let w = week.get();
        async move {
            match w {
                Some(week) => call(&GetWeeklySummary { week }).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let saving = Action::new_local(move |format: &ExportFormat| {
        let format = *format;
        let w = week.get_untracked();
        async move {
            match w {
                Some(w) => save(w, format).await,
                None => Ok(None),
            }
        }
    });
    let saved = move || saving.value().get().and_then(|r| r.ok()).flatten();
    let failed = Signal::derive(move || {
        saving
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| error_text(&e))
    });
    let button = move |format: ExportFormat, key: &'static str, class: &'static str| {
        view! {
            <button id=format!("save-{format}") class=format!("button {class}")
                aria-disabled=move || busy(saving.pending().get() || week.get().is_none())
                on:click=move |_| if week.get_untracked().is_some() { saving.dispatch_idle(format) }>
                {t(key)}
            </button>
        }
    };
    view! {
        <header class="page-head">
            <h1>{t("summary.title")}</h1>
            <div class="actions">
                {button(ExportFormat::Pdf, "summary.save_pdf", "primary")}
                {button(ExportFormat::Xlsx, "summary.save_xlsx", "secondary")}
                {button(ExportFormat::Csv, "summary.save_csv", "secondary")}
            </div>
        </header>
        <div class="toolbar" role="group" aria-label=t("summary.pick_week")>
            <div class="week-nav">
                <button id="prev-week" class="button icon" aria-label=t("summary.prev_week")
                    on:click=move |_| week.update(|w| if let Some(w) = w { *w = w.prev() })>"‹"</button>
                <span id="week-label" class="week-label" aria-live="polite">
                    {move || week.get().map(week_label).unwrap_or_default()}
                </span>
                <button id="next-week" class="button icon" aria-label=t("summary.next_week")
                    on:click=move |_| week.update(|w| if let Some(w) = w { *w = w.next() })>"›"</button>
            </div>
            <button id="this-week" class="button secondary"
                disabled=move || week.get() == this_week.get()
                on:click=move |_| week.set(this_week.get())>{t("summary.this_week")}</button>
        </div>
        <ErrorBanner message=failed/>
        {move || saved().map(|d| view! {
            <p id="saved" class="banner info" role="status">{tf("summary.saved", &[("path", &d.path)])}</p>
        })}
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
fn SummaryView(s: WeeklySummary) -> impl IntoView {
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
                <p>{t("summary.legend_screen")}" "<strong id="hidden-count">{tn("summary.hidden_count", hidden)}</strong></p>
            </div>
            {sections.into_iter().map(|(sec, tables)| view! {
                <section class="summary-section" id=format!("section-{sec}")>
                    <h2>{t(&format!("summary.section.{sec}"))}</h2>
                    {(sec == Section::Cases).then(|| view! { <p class="muted">{t("summary.cases_note")}</p> })}
                    {tables.into_iter().map(|table| view! { <SummaryTable table threshold=s.threshold/> }).collect_view()}
                </section>
            }).collect_view()}
        </div>
    }
}
