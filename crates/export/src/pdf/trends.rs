//! The trends across school years as a PDF: the table, then a small bar
//! chart per measure (one bar per school year; a hidden cell gets no bar,
//! only its mark), landscape A4 so ten years fit.

use super::{chart::xml, set, world};
use crate::labels::Labels;
use crate::trends_out::{made_line, title};
use crate::Error;
use feltbog_api::profile::Language;
use feltbog_api::trends::{chart_labels_at, TrendRow, Trends};
use serde::Serialize;
use std::fmt::Write;

#[derive(Serialize)]
struct Doc {
    title: String,
    author: String,
    lang: &'static str,
    lead: String,
    made_line: String,
    legend: String,
    footer_left: String,
    page_word: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    charts_title: String,
    charts: Vec<DocChart>,
}

#[derive(Serialize)]
struct DocChart {
    title: String,
    file: String,
}

pub fn render(t: &Trends, l: &Labels) -> Result<Vec<u8>, Error> {
    let title = title(t, l);
    let years: Vec<String> = t.years.iter().map(|y| y.short_name()).collect();
    let mut files = Vec::new();
    let charts = t
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let file = format!("chart-{i}.svg");
            files.push((file.clone(), svg(r, &years, l).into_bytes()));
            DocChart {
                title: l.t(&format!("trends.measure.{}", r.measure)),
                file,
            }
        })
        .collect();
    let doc = Doc {
        author: t.made_by.clone(),
        lang: match l.lang {
            Language::Da => "da",
            Language::En => "en",
        },
        lead: l.t("trends.lead"),
        made_line: made_line(t, l),
        legend: format!("{} {}", l.legend(), l.t("trends.no_sums")),
        footer_left: format!("Feltbog · {title} · {}", t.span_name()),
        page_word: l.t("summary.page"),
        header: std::iter::once(l.t("summary.col.measure"))
            .chain(t.years.iter().map(|y| y.label(l.lang)))
            .collect(),
        rows: t
            .rows
            .iter()
            .map(|r| {
                std::iter::once(l.t(&format!("trends.measure.{}", r.measure)))
                    .chain(r.cells.iter().map(|c| l.cell(c)))
                    .collect()
            })
            .collect(),
        charts_title: l.t("trends.charts"),
        charts,
        title,
    };
    let mut all = vec![("data.json".to_owned(), serde_json::to_vec(&doc)?)];
    all.extend(files);
    set(world::TRENDS, all)
}

use feltbog_api::trends::{CHART_BOTTOM as BOTTOM, CHART_H as H, CHART_TOP as TOP, CHART_W as W};

/// One measure's bars, the figure above each bar (the mark for a hidden
/// one) and the school year under it.
fn svg(r: &TrendRow, years: &[String], l: &Labels) -> String {
    let bars = r.bars(false);
    let n = bars.len().max(1) as f64;
    let slot = W / n;
    let plot = H - TOP - BOTTOM;
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" font-family="DejaVu Sans" font-size="10">"#
    );
    let _ = write!(
        s,
        r##"<line x1="0" x2="{W}" y1="{y}" y2="{y}" stroke="#9aa5ab" stroke-width="1"/>"##,
        y = H - BOTTOM
    );
    let count = bars.len();
    for (i, (bar, cell)) in bars.iter().zip(&r.cells).enumerate() {
        let cx = slot * (i as f64 + 0.5);
        let h = bar.unwrap_or(0.0) * plot;
        let y = H - BOTTOM - h;
        if bar.is_some() {
            let _ = write!(
                s,
                r##"<rect x="{}" y="{y}" width="{}" height="{h}" rx="2" fill="#1d4e5f"/>"##,
                cx - slot * 0.3,
                slot * 0.6
            );
        }
        if !chart_labels_at(i, count) {
            continue;
        }
        let _ = write!(
            s,
            r##"<text x="{cx}" y="{}" text-anchor="middle" fill="#222">{}</text><text x="{cx}" y="{}" text-anchor="middle" fill="#555">{}</text>"##,
            y - 3.0,
            xml(&l.cell(cell)),
            H - 5.0,
            xml(years.get(i).map_or("", String::as_str)),
        );
    }
    s.push_str("</svg>");
    s
}
