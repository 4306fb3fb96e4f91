//! The summary as a PDF for management, set by typst used as a library:
//! A4, page numbers, table headers that repeat on a new page, the survey
//! chart, the font embedded and the text extractable. Rust prepares every
//! word and number (`Doc`); the template in `assets/report/` only lays
//! them out.

pub mod access_pack;
mod chart;
pub mod compliance;
pub mod letter;
pub mod referat;
pub mod trends;
mod world;

use crate::labels::Labels;
use crate::Error;
use feltbog_api::profile::Language;
use feltbog_api::summary::{Column, Section, Summary, Table, TableKind};
use serde::Serialize;
use typst_layout::PagedDocument;
use world::ReportWorld;

#[derive(Serialize)]
struct Doc {
    title: String,
    author: String,
    lang: &'static str,
    week_line: String,
    made_line: String,
    legend: String,
    footer_left: String,
    page_word: String,
    nothing: String,
    sections: Vec<DocSection>,
}

#[derive(Serialize)]
struct DocSection {
    title: String,
    note: String,
    tables: Vec<DocTable>,
}

#[derive(Serialize)]
struct DocTable {
    title: String,
    note: String,
    header: Vec<String>,
    align: Vec<&'static str>,
    rows: Vec<Vec<String>>,
    total: Vec<String>,
    chart: Option<String>,
    chart_caption: String,
}

pub fn render(s: &Summary, l: &Labels) -> Result<Vec<u8>, Error> {
    let mut charts: Vec<(String, Vec<u8>)> = Vec::new();
    let sections = Section::ALL
        .iter()
        .filter(|sec| s.tables.iter().any(|t| t.section == **sec))
        .map(|sec| DocSection {
            title: l.section(*sec),
            note: if *sec == Section::Cases {
                l.t("summary.cases_note")
            } else {
                String::new()
            },
            tables: s
                .tables
                .iter()
                .filter(|t| t.section == *sec)
                .map(|t| doc_table(t, l, &mut charts))
                .collect(),
        })
        .collect();
    let title = l.title(s);
    let legend = match l.next_line(s) {
        Some(next) => format!("{} {next}", l.legend()),
        None => l.legend(),
    };
    let doc = Doc {
        author: s.made_by.clone(),
        lang: match l.lang {
            Language::Da => "da",
            Language::En => "en",
        },
        week_line: l.period_line(s),
        made_line: l.made_line(s),
        legend,
        footer_left: format!("Feltbog · {} · {}", title, s.period),
        page_word: l.t("summary.page"),
        nothing: l.nothing(),
        title,
        sections,
    };
    let mut files = vec![("data.json".to_owned(), serde_json::to_vec(&doc)?)];
    files.extend(charts);
    set(world::SUMMARY, files)
}

/// Sets `template` over `files` (its `data.json` and any images) as a PDF.
fn set(template: world::Template, files: Vec<(String, Vec<u8>)>) -> Result<Vec<u8>, Error> {
    let world = ReportWorld::new(template, files).map_err(|e| Error::Pdf(format!("{e:?}")))?;
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|errs| Error::Pdf(messages(&errs)))?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .map_err(|errs| Error::Pdf(messages(&errs)))
}

fn messages(errs: &[typst::diag::SourceDiagnostic]) -> String {
    errs.iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

fn doc_table(t: &Table, l: &Labels, charts: &mut Vec<(String, Vec<u8>)>) -> DocTable {
    let mut header = vec![l.row_heading(t)];
    header.extend(t.columns.iter().map(|c| l.column(c)));
    let align = std::iter::once("left")
        .chain(t.columns.iter().map(|c| match c {
            Column::Measure(feltbog_api::summary::Measure::Themes) => "left",
            _ => "right",
        }))
        .collect();
    let line = |r: &feltbog_api::summary::Row| -> Vec<String> {
        std::iter::once(l.row(&r.label))
            .chain(r.cells.iter().map(|c| l.cell(c)))
            .collect()
    };
    let (title, note) = match &t.round {
        Some(r) => (format!("{} · {}", l.table(t.kind), r.name), l.round_line(r)),
        None => (l.table(t.kind), String::new()),
    };
    let chart = match (&t.round, t.kind) {
        (Some(r), TableKind::Survey) => chart::svg(t, r.target_percent, l).map(|svg| {
            let name = format!("chart-{}.svg", charts.len());
            charts.push((name.clone(), svg.into_bytes()));
            name
        }),
        _ => None,
    };
    DocTable {
        title,
        note,
        header,
        align,
        rows: t.rows.iter().map(line).collect(),
        total: t.total.as_ref().map(line).unwrap_or_default(),
        chart,
        chart_caption: l.t("survey.chart_title"),
    }
}
