//! The summary as an Excel workbook (rust_xlsxwriter): one sheet per
//! section with a Danish name, the section's tables side by side on one row
//! per school (so the sheet filters and sorts as one table), a frozen
//! header row, an autofilter and columns that fit. Numbers are numbers,
//! rates are percentage cells, hidden cells are the text "<5" or "x", and
//! every text cell is written as text (never a formula) and neutralised.

use crate::labels::{neutralise, Labels};
use crate::Error;
use feltbog_api::summary::{Cell, Column, RowLabel, Section, Summary, Table, TableKind, Value};
use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet};

/// A section as one flat table: headings, then rows of (label, cells).
pub(crate) struct Sheet<'a> {
    pub headings: Vec<String>,
    pub rows: Vec<(Vec<String>, Vec<Option<&'a Cell>>)>,
}

pub fn render(s: &Summary, l: &Labels) -> Result<Vec<u8>, Error> {
    let mut book = Workbook::new();
    let title = format!("{} {}", l.title(s), s.period);
    book.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_author(&s.made_by),
    );
    for section in Section::ALL {
        let tables: Vec<&Table> = s.tables.iter().filter(|t| t.section == *section).collect();
        if tables.is_empty() {
            continue;
        }
        let sheet = flatten(&tables, l);
        let ws = book.add_worksheet();
        ws.set_name(l.sheet(*section))?;
        write(ws, &sheet, l)?;
    }
    Ok(book.save_to_buffer()?)
}

/// Joins a section's tables on (round, row label); the per-grade table's
/// total is the per-school table's "answered" again and is left out.
fn flatten<'a>(tables: &[&'a Table], l: &Labels) -> Sheet<'a> {
    let survey = tables.iter().any(|t| t.round.is_some());
    let mut headings = Vec::new();
    if survey {
        headings.push(l.t("summary.col.round"));
    }
    headings.push(l.row_heading(tables[0]));
    let mut columns: Vec<(TableKind, Column)> = Vec::new();
    for t in tables {
        for c in &t.columns {
            let skip = t.kind == TableKind::SurveyGrades && *c == Column::Total;
            if !skip && !columns.contains(&(t.kind, *c)) {
                columns.push((t.kind, *c));
            }
        }
    }
    headings.extend(columns.iter().map(|(_, c)| l.column(c)));
    let mut keys: Vec<(String, RowLabel)> = Vec::new();
    for t in tables {
        let round = t.round.as_ref().map(|r| r.name.clone()).unwrap_or_default();
        for r in t.all_rows() {
            let key = (round.clone(), r.label.clone());
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    // Each round's total row after its schools.
    keys.sort_by_key(|(round, label)| {
        let first = keys_position(tables, round);
        (first, *label == RowLabel::Total)
    });
    let rows = keys
        .into_iter()
        .map(|(round, label)| {
            let cells = columns
                .iter()
                .map(|(kind, column)| {
                    let t = tables
                        .iter()
                        .find(|t| t.kind == *kind && round_name(t) == round)?;
                    let i = t.columns.iter().position(|c| c == column)?;
                    t.all_rows().find(|r| r.label == label)?.cells.get(i)
                })
                .collect();
            let mut head = Vec::new();
            if survey {
                head.push(round);
            }
            head.push(l.row(&label));
            (head, cells)
        })
        .collect();
    Sheet { headings, rows }
}

fn round_name(t: &Table) -> String {
    t.round.as_ref().map(|r| r.name.clone()).unwrap_or_default()
}

fn keys_position(tables: &[&Table], round: &str) -> usize {
    tables
        .iter()
        .position(|t| round_name(t) == round)
        .unwrap_or(0)
}

pub(crate) fn write(ws: &mut Worksheet, sheet: &Sheet<'_>, l: &Labels) -> Result<(), Error> {
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    let decimal = Format::new().set_num_format("0.0");
    for (c, h) in sheet.headings.iter().enumerate() {
        ws.write_string_with_format(0, col(c)?, neutralise(h), &bold)?;
    }
    for (r, (head, cells)) in sheet.rows.iter().enumerate() {
        let row = u32::try_from(r + 1).map_err(|_| Error::TooBig)?;
        for (c, text) in head.iter().enumerate() {
            ws.write_string(row, col(c)?, neutralise(text))?;
        }
        for (i, cell) in cells.iter().enumerate() {
            let c = col(head.len() + i)?;
            let Some(cell) = cell else { continue };
            match (&cell.value, cell.hide) {
                (_, Some(h)) => ws.write_string(row, c, l.hidden(h))?,
                (Value::Count(n), None) => ws.write_number(row, c, f64::from(*n))?,
                (Value::Percent(p), None) => {
                    ws.write_number_with_format(row, c, p / 100.0, &percent)?
                }
                (Value::Days(d), None) => ws.write_number_with_format(row, c, *d, &decimal)?,
                (Value::Empty, None) => continue,
                (Value::Themes(_), None) => ws.write_string(row, c, neutralise(&l.cell(cell)))?,
            };
        }
    }
    let last_row = u32::try_from(sheet.rows.len()).map_err(|_| Error::TooBig)?;
    let last_col = col(sheet.headings.len().saturating_sub(1))?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last_row, last_col)?;
    ws.autofit();
    Ok(())
}

fn col(c: usize) -> Result<u16, Error> {
    u16::try_from(c).map_err(|_| Error::TooBig)
}
