//! The survey's rate chart for the PDF: the same picture as the app's
//! (`ui/src/pages/survey/chart.rs`): one horizontal bar per school and the
//! target as a vertical line, as SVG, with rows made compact so sixty
//! schools fit a page. A school whose rate an export hides gets no bar.

use crate::labels::Labels;
use feltbog_api::summary::{Column, Measure, RowLabel, Table, Value};
use std::fmt::Write;

const LABEL_W: f64 = 200.0;
const BAR_W: f64 = 440.0;
const ROW_H: f64 = 15.0;
const TOP: f64 = 20.0;
const NAME_MAX: usize = 30;

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

/// Text for SVG: the five characters XML reserves, escaped.
pub(super) fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The chart of a per-school survey table, or `None` without schools.
pub fn svg(t: &Table, target: u8, l: &Labels) -> Option<String> {
    let rate_col = t
        .columns
        .iter()
        .position(|c| *c == Column::Measure(Measure::Rate))?;
    let mut bars: Vec<(String, Option<f64>, String)> = t
        .rows
        .iter()
        .filter_map(|r| {
            let RowLabel::School(name) = &r.label else {
                return None;
            };
            let cell = r.cells.get(rate_col)?;
            let rate = match (&cell.value, cell.hide) {
                (Value::Percent(p), None) => Some(*p),
                _ => None,
            };
            Some((short(name), rate, l.cell(cell)))
        })
        .collect();
    if bars.is_empty() {
        return None;
    }
    // Worst first, as in the app; a hidden rate last (its place in the
    // order would hint at it).
    bars.sort_by(|a, b| match (a.1, b.1) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.0.cmp(&b.0),
    });
    let width = LABEL_W + BAR_W + 60.0;
    let height = TOP + ROW_H * bars.len() as f64 + 6.0;
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="DejaVu Sans" font-size="10">"#
    );
    for p in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let gx = x(p);
        let _ = write!(
            s,
            r##"<line x1="{gx}" x2="{gx}" y1="{}" y2="{}" stroke="#d0d5d8" stroke-width="1"/><text x="{gx}" y="11" text-anchor="middle" fill="#555">{p:.0} %</text>"##,
            TOP - 5.0,
            height - 3.0
        );
    }
    for (i, (name, rate, text)) in bars.iter().enumerate() {
        let y = TOP + ROW_H * i as f64;
        let w = rate.map_or(0.0, |p| x(p) - LABEL_W);
        let colour = match rate {
            Some(p) if *p >= f64::from(target) => "#2e7d4f",
            Some(p) if *p >= f64::from(target.saturating_sub(10)) => "#c98a12",
            _ => "#b3412e",
        };
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" text-anchor="end" fill="#222">{}</text><rect x="{LABEL_W}" y="{}" width="{w}" height="{}" rx="2" fill="{colour}"/><text x="{}" y="{}" fill="#222">{}</text>"##,
            LABEL_W - 6.0,
            y + ROW_H * 0.7,
            xml(name),
            y + 3.0,
            ROW_H - 6.0,
            LABEL_W + w + 5.0,
            y + ROW_H * 0.7,
            xml(text),
        );
    }
    let tx = x(f64::from(target));
    let _ = write!(
        s,
        r##"<line x1="{tx}" x2="{tx}" y1="{}" y2="{}" stroke="#1d4e5f" stroke-width="2" stroke-dasharray="4 2"/></svg>"##,
        TOP - 7.0,
        height - 1.0
    );
    Some(s)
}
