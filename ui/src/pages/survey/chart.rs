//! The response rate per school as horizontal bars with the target line,
//! drawn as SVG by the app (no chart library, works offline).

use super::{band_class, rate_text};
use crate::i18n::{t, tf};
use feltbog_api::survey::SchoolProgress;
use leptos::prelude::*;

const LABEL_W: f64 = 210.0;
const BAR_W: f64 = 440.0;
const ROW_H: f64 = 30.0;
const TOP: f64 = 26.0;
const NAME_MAX: usize = 28;

fn x(percent: f64) -> f64 {
    LABEL_W + BAR_W * percent.clamp(0.0, 100.0) / 100.0
}

fn short(name: &str) -> String {
    if name.chars().count() <= NAME_MAX {
        name.to_owned()
    } else {
        let cut: String = name.chars().take(NAME_MAX - 1).collect();
        format!("{cut}…")
    }
}

#[component]
pub fn RateChart(schools: Vec<SchoolProgress>, target: u8) -> impl IntoView {
    let width = LABEL_W + BAR_W + 70.0;
    let height = TOP + ROW_H * schools.len() as f64 + 8.0;
    let target_x = x(f64::from(target));
    let grid = [0.0, 25.0, 50.0, 75.0, 100.0];
    // The text alternative says what the bars show, with the same figures
    // (a screen reader reads the picture as this one text).
    let figures: Vec<String> = schools
        .iter()
        .map(|s| {
            let rate = rate_text(s.counts.answered, s.counts.enrolled);
            format!("{}: {rate}", s.school_name)
        })
        .collect();
    let label = format!(
        "{}. {}.",
        tf("survey.chart_label", &[("n", &target.to_string())]),
        figures.join("; ")
    );
    view! {
        <figure class="chart">
            <figcaption>{t("survey.chart_title")}</figcaption>
            <svg id="rate-chart" viewBox=format!("0 0 {width} {height}") role="img" aria-label=label
                preserveAspectRatio="xMinYMin meet">
                {grid.map(|p| view! {
                    <line class="grid" x1=x(p).to_string() x2=x(p).to_string()
                        y1=(TOP - 6.0).to_string() y2=(height - 4.0).to_string()/>
                    <text class="axis" x=x(p).to_string() y="14" text-anchor="middle">{format!("{p:.0} %")}</text>
                })}
                {schools.into_iter().enumerate().map(|(i, s)| {
                    let y = TOP + ROW_H * i as f64;
                    let p = s.counts.rate_percent().unwrap_or(0.0);
                    let w = (x(p) - LABEL_W).max(0.0);
                    view! {
                        <text class="bar-label" x=(LABEL_W - 8.0).to_string() y=(y + ROW_H * 0.62).to_string()
                            text-anchor="end">{short(&s.school_name)}</text>
                        <rect class=format!("bar {}", band_class(s.band)) x=LABEL_W.to_string()
                            y=(y + 5.0).to_string() width=w.to_string() height=(ROW_H - 10.0).to_string() rx="3"/>
                        <text class="bar-value" x=(LABEL_W + w + 6.0).to_string() y=(y + ROW_H * 0.62).to_string()>
                            {rate_text(s.counts.answered, s.counts.enrolled)}
                        </text>
                    }
                }).collect_view()}
                <line class="target" x1=target_x.to_string() x2=target_x.to_string()
                    y1=(TOP - 8.0).to_string() y2=(height - 2.0).to_string()/>
            </svg>
        </figure>
    }
}
