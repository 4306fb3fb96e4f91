//! Trends (udvikling): the municipality's figures for the last school years
//! side by side, for the December evaluation and the politicians. Each
//! figure is the same as the summary of that school year shows (core
//! derives them from it), for the whole municipality only, never per
//! school. Small numbers are marked as in the summary; no row has a total,
//! and no change from year to year is shown, so a hidden cell cannot be
//! worked out from the others.

use crate::profile::Language;
use crate::summary::Cell;
use crate::words::word_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How many school years a trend shows unless asked otherwise.
pub const DEFAULT_TREND_YEARS: u32 = 5;
/// The most school years a trend shows.
pub const MAX_TREND_YEARS: u32 = 10;

word_enum!(
    /// What a row of the trends counts, in the order shown.
    TrendMeasure {
        SurveyRate = "survey-rate",
        SurveyAnswered = "survey-answered",
        VisitsDone = "visits-done",
        CafesHeld = "cafes-held",
        Parents = "parents",
        Activities = "activities",
        YoungReached = "young-reached",
        Notified = "notified",
        Held = "held",
        Repeats = "repeats",
    }
);

/// One school year of the trends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendYear {
    /// The year it starts in: 2026 is 2026/27.
    pub start: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The day the figures run to, for the school year still running (its
    /// figures are so far, not whole).
    pub so_far: Option<NaiveDate>,
}

impl TrendYear {
    /// "2026/27".
    pub fn name(&self) -> String {
        crate::period::school_year_name(self.start)
    }

    /// Its column heading, on screen and in every export: "2025/26", or
    /// "2026/27 (til 5. dec. 2026)" for the year still running.
    pub fn label(&self, lang: Language) -> String {
        use crate::catalogue::{builtin, fill, text};
        match self.so_far {
            Some(day) => fill(
                text(builtin(), "trends.so_far", lang),
                &[
                    ("years", &self.name()),
                    ("day", &crate::dates::format_long(day, lang)),
                ],
            ),
            None => self.name(),
        }
    }

    /// "26/27", under a chart's bar.
    pub fn short_name(&self) -> String {
        format!(
            "{:02}/{:02}",
            self.start.rem_euclid(100),
            crate::period::next_two(self.start)
        )
    }
}

/// A trend chart's box (SVG units), shared by the screen and the PDF so
/// both draw the same picture: width, height, and the room above the
/// bars (their figures) and below (the years).
pub const CHART_W: f64 = 240.0;
pub const CHART_H: f64 = 120.0;
pub const CHART_TOP: f64 = 16.0;
pub const CHART_BOTTOM: f64 = 18.0;

/// Whether a chart of `n` years writes the figure and the year at bar `i`:
/// every bar up to six years; beyond, every second and the last, so the
/// words do not run into each other (the table and the chart's text
/// alternative have every figure).
pub fn chart_labels_at(i: usize, n: usize) -> bool {
    n <= 6 || i % 2 == (n - 1) % 2
}

/// One measure over the years: a cell per year, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendRow {
    pub measure: TrendMeasure,
    pub cells: Vec<Cell>,
}

/// The whole trends table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trends {
    /// Oldest first; the last is the school year holding today.
    pub years: Vec<TrendYear>,
    pub rows: Vec<TrendRow>,
    pub team: String,
    pub made_by: String,
    /// UTC, RFC 3339.
    pub made_at: String,
    pub threshold: u32,
}

impl Trends {
    /// How many cells an export hides.
    pub fn hidden_cells(&self) -> usize {
        self.rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| c.hide.is_some())
            .count()
    }

    /// "2022/23–2026/27", for file names and the access log.
    pub fn span_name(&self) -> String {
        match (self.years.first(), self.years.last()) {
            (Some(a), Some(b)) => format!("{}–{}", a.name(), b.name()),
            _ => String::new(),
        }
    }
}

/// The file name a save dialog proposes: `Feltbog-udvikling-2022-23-2026-27.pdf`.
pub fn trends_file_name(first: i32, last: i32, ext: &str) -> String {
    let y = |s: i32| format!("{s}-{:02}", crate::period::next_two(s));
    format!("Feltbog-udvikling-{}-{}.{ext}", y(first), y(last))
}

impl TrendRow {
    /// Each year's bar as a share (0–1) of the chart's height: a rate
    /// against 100 %, a count against the row's largest drawn count. No bar
    /// (`None`) for a year without a figure, nor, unless `with_hidden` (the
    /// screen, which shows the real numbers), for a cell an export hides:
    /// the screen's chart and the PDF's draw alike, and the PDF's draws no
    /// hidden number, not even as the scale.
    pub fn bars(&self, with_hidden: bool) -> Vec<Option<f64>> {
        let shown = |c: &Cell| -> Option<f64> {
            if c.hide.is_some() && !with_hidden {
                return None;
            }
            match c.value {
                crate::summary::Value::Count(n) => Some(f64::from(n)),
                crate::summary::Value::Percent(p) => Some(p),
                _ => None,
            }
        };
        let top = if self.measure == TrendMeasure::SurveyRate {
            100.0
        } else {
            self.cells.iter().filter_map(shown).fold(0.0_f64, f64::max)
        };
        self.cells
            .iter()
            .map(|c| {
                shown(c).map(|v| {
                    if top > 0.0 {
                        (v / top).clamp(0.0, 1.0)
                    } else {
                        0.0
                    }
                })
            })
            .collect()
    }
}
