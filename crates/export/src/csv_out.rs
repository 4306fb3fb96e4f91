//! The summary as CSV for Excel: UTF-8 with a byte-order mark (so Excel
//! reads æøå), `;` between fields and a decimal comma (Danish Excel), one
//! row per (section, table, round, school, measure) so a pivot table can
//! turn it any way. Hidden cells read "<5" or "x"; every text cell is
//! neutralised against formula injection.

use crate::labels::{neutralise, Labels};
use crate::Error;
use feltbog_api::period::PeriodKind;
use feltbog_api::summary::{Cell, Summary, Value};

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn render(s: &Summary, l: &Labels) -> Result<Vec<u8>, Error> {
    let mut out = BOM.to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        // A week's file keeps its first column "Uge" and the week as
        // 2026-W48, as scripts written for the weekly summary read it.
        let first = match l.kind {
            PeriodKind::Week => "summary.col.week",
            _ => "summary.col.period",
        };
        w.write_record(
            [
                first,
                "summary.col.section",
                "summary.col.table",
                "summary.col.round",
                "summary.col.school",
                "summary.col.measure",
                "summary.col.value",
            ]
            .map(|k| l.t(k)),
        )?;
        let week = s.period.to_string();
        for t in &s.tables {
            let round = t.round.as_ref().map(|r| r.name.as_str()).unwrap_or("");
            for row in t.all_rows() {
                for (col, cell) in t.columns.iter().zip(&row.cells) {
                    w.write_record([
                        week.clone(),
                        l.section(t.section),
                        l.table(t.kind),
                        neutralise(round),
                        neutralise(&l.row(&row.label)),
                        l.column(col),
                        value(cell, l),
                    ])?;
                }
            }
        }
        w.flush()?;
    }
    Ok(out)
}

/// The value as Excel reads it: a percentage as a number with a decimal
/// comma (no "%", so it sums), anything textual neutralised.
fn value(c: &Cell, l: &Labels) -> String {
    match (&c.value, c.hide) {
        (_, Some(h)) => l.hidden(h),
        (Value::Percent(p), None) => l.decimal(*p),
        _ => neutralise(&l.cell(c)),
    }
}
