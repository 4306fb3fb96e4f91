//! Udvikling: the municipality's figures for the last school years side by
//! side, for the December evaluation and the politicians. A table (the
//! real numbers, the cells an export hides marked) and a small bar chart
//! per measure whose text alternative carries the same figures; saved as
//! PDF, Excel or CSV through the system's save dialog.

use super::save::Saver;
use super::table::{value, SummaryCell};
use crate::i18n::{error_text, language, t, tf, tn};
use crate::ipc::call;
use feltbog_api::commands::{ChooseTrendsFile, ExportTrends, GetTrends};
use feltbog_api::summary::{ExportDone, ExportFormat};
use feltbog_api::trends::{chart_labels_at, TrendRow, TrendYear, Trends, DEFAULT_TREND_YEARS};
use feltbog_api::ApiError;
use leptos::prelude::*;

/// The choices of how many school years to show.
const YEAR_CHOICES: [u32; 3] = [3, 5, 10];

async fn save(t: Trends, years: u32, format: ExportFormat) -> Result<Option<ExportDone>, ApiError> {
    let (Some(first), Some(last)) = (t.years.first(), t.years.last()) else {
        return Ok(None);
    };
    let choose = ChooseTrendsFile {
        first: first.start,
        last: last.start,
        format,
    };
    let Some(path) = call(&choose).await? else {
        return Ok(None);
    };
    call(&ExportTrends {
        years,
        format,
        path,
    })
    .await
    .map(Some)
}

#[component]
pub fn TrendsPanel(tabs: AnyView) -> impl IntoView {
    let years = RwSignal::new(DEFAULT_TREND_YEARS);
    let arrivals = crate::state::ui().arrivals;
    let trends = LocalResource::new(move || {
        arrivals.track();
        let years = years.get();
        async move { call(&GetTrends { years }).await }
    });
    let loaded = move || trends.get().and_then(Result::ok);
    let saver = Saver::new(Signal::derive(move || loaded().is_some()), move |format| {
        let (shown, n) = (loaded(), years.get_untracked());
        async move {
            match shown {
                Some(t) => save(t, n, format).await,
                None => Ok(None),
            }
        }
    });
    Effect::new(move |_| {
        years.track();
        saver.clear();
    });
    view! {
        <header class="page-head">
            <h1>{t("summary.page_title")}</h1>
            {saver.buttons("trends-")}
        </header>
        {tabs}
        <div class="toolbar">
            <div class="field inline">
                <label for="trend-years">{t("trends.years")}</label>
                <select id="trend-years" on:change=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                        years.set(n);
                    }
                }>
                    {YEAR_CHOICES.map(|n| view! {
                        <option value=n.to_string() selected=move || years.get() == n>{n.to_string()}</option>
                    }).collect_view()}
                </select>
            </div>
        </div>
        {saver.status("trends-saved")}
        <Transition fallback=|| view! { <p class="muted">{t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match trends.await {
                    Ok(trends) => view! { <TrendsView trends/> }.into_any(),
                    Err(e) => view! { <p class="banner error" role="alert">{error_text(&e)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn TrendsView(trends: Trends) -> impl IntoView {
    let hidden = trends.hidden_cells() as u32;
    let threshold = trends.threshold;
    let heads: Vec<String> = trends.years.iter().map(|y| y.label(language())).collect();
    let names: Vec<String> = trends.years.iter().map(TrendYear::name).collect();
    let shorts: Vec<String> = trends.years.iter().map(TrendYear::short_name).collect();
    let rows = trends.rows.clone();
    view! {
        <div id="trends" class="summary">
            <p class="lead">{t("trends.lead")}</p>
            <div class="banner info summary-legend">
                <p>{tf("summary.legend", &[("t", &threshold.to_string())])}" "{t("trends.no_sums")}</p>
                <p>{t("summary.legend_screen")}" "<strong id="trends-hidden-count">{tn("summary.hidden_count", hidden)}</strong></p>
            </div>
            <h2 id="trends-table-title">{t("trends.title")}</h2>
            <crate::components::TableScroll label=t("trends.title")>
                <table class="table compact summary-table" id="trends-table">
                    <thead><tr>
                        <th scope="col">{t("summary.col.measure")}</th>
                        {heads.into_iter().map(|h| view! { <th scope="col" class="num">{h}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {trends.rows.iter().map(|r| view! {
                            <tr>
                                <th scope="row">{t(&format!("trends.measure.{}", r.measure))}</th>
                                {r.cells.iter().cloned().map(|cell| view! {
                                    <SummaryCell cell threshold text=false/>
                                }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </crate::components::TableScroll>
            <h2>{t("trends.charts")}</h2>
            <div class="trend-charts">
                {rows.into_iter().map(|r| view! { <TrendChart row=r years=names.clone() shorts=shorts.clone()/> }).collect_view()}
            </div>
        </div>
    }
}

use feltbog_api::trends::{CHART_BOTTOM as BOTTOM, CHART_H as H, CHART_TOP as TOP, CHART_W as W};

/// One measure's bars, a year each: the real numbers as the table shows
/// them, a figure an export hides drawn with a dashed outline. Its text
/// alternative names every figure.
#[component]
fn TrendChart(row: TrendRow, years: Vec<String>, shorts: Vec<String>) -> impl IntoView {
    let measure = t(&format!("trends.measure.{}", row.measure));
    let figures = years
        .iter()
        .zip(&row.cells)
        .map(|(y, c)| format!("{y} {}", value(&c.value)))
        .collect::<Vec<_>>()
        .join(", ");
    let label = tf(
        "trends.chart_label",
        &[("measure", &measure), ("figures", &figures)],
    );
    let bars = row.bars(true);
    let count = bars.len();
    let slot = W / bars.len().max(1) as f64;
    let plot = H - TOP - BOTTOM;
    let id = format!("trend-chart-{}", row.measure);
    view! {
        <figure class="trend-chart" id=id>
            <figcaption>{measure}</figcaption>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=label>
                <line x1="0" x2=W.to_string() y1=(H - BOTTOM).to_string() y2=(H - BOTTOM).to_string() class="axis"/>
                {bars.into_iter().zip(row.cells).zip(shorts).enumerate().map(|(i, ((bar, cell), year))| {
                    let labelled = chart_labels_at(i, count);
                    let cx = slot * (i as f64 + 0.5);
                    let h = bar.unwrap_or(0.0) * plot;
                    let y = H - BOTTOM - h;
                    let hidden = cell.hide.is_some();
                    view! {
                        <g>
                            {bar.map(|_| view! {
                                <rect x=(cx - slot * 0.3).to_string() y=y.to_string()
                                    width=(slot * 0.6).to_string() height=h.to_string() rx="2"
                                    class:hidden-export=hidden/>
                            })}
                            {labelled.then(|| view! {
                                <text x=cx.to_string() y=(y - 3.0).to_string() text-anchor="middle" class="figure">{value(&cell.value)}</text>
                                <text x=cx.to_string() y=(H - 4.0).to_string() text-anchor="middle" class="year">{year}</text>
                            })}
                        </g>
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
}
