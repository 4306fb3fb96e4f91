//! The trends across school years as Excel (the table, and a column chart
//! per measure beside it), CSV (one row per measure and year) and terminal
//! text. Hidden cells read "<5" or "x", as in every export.

use crate::labels::{neutralise, Labels};
use crate::xlsx_out::{write, Sheet};
use crate::Error;
use feltbog_api::summary::Cell;
use feltbog_api::trends::Trends;
use rust_xlsxwriter::{Chart, ChartType, DocProperties, Workbook};

pub fn title(t: &Trends, l: &Labels) -> String {
    if t.team.is_empty() {
        l.t("trends.title")
    } else {
        format!("{} · {}", l.t("trends.title"), t.team)
    }
}

fn headings(t: &Trends, l: &Labels) -> Vec<String> {
    std::iter::once(l.t("summary.col.measure"))
        .chain(t.years.iter().map(|y| y.label(l.lang)))
        .collect()
}

pub fn xlsx(t: &Trends, l: &Labels) -> Result<Vec<u8>, Error> {
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("{} {}", l.t("trends.title"), t.span_name()))
            .set_author(&t.made_by),
    );
    let sheet = Sheet {
        headings: headings(t, l),
        rows: t
            .rows
            .iter()
            .map(|r| {
                (
                    vec![l.t(&format!("trends.measure.{}", r.measure))],
                    r.cells.iter().map(Some).collect::<Vec<Option<&Cell>>>(),
                )
            })
            .collect(),
    };
    let name: String = l.t("trends.sheet").chars().take(31).collect();
    let ws = book.add_worksheet();
    ws.set_name(&name)?;
    write(ws, &sheet, l)?;
    // A chart per measure below the table, two to a row: each reads its
    // row of the sheet, so a hidden cell ("<5", text) has no column.
    let years = u16::try_from(t.years.len()).map_err(|_| Error::TooBig)?;
    let below = u32::try_from(t.rows.len() + 3).map_err(|_| Error::TooBig)?;
    for (i, r) in t.rows.iter().enumerate() {
        let row = u32::try_from(i + 1).map_err(|_| Error::TooBig)?;
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_categories((name.as_str(), 0, 1, 0, years))
            .set_values((name.as_str(), row, 1, row, years));
        let measure = l.t(&format!("trends.measure.{}", r.measure));
        chart.title().set_name(measure.as_str());
        chart.legend().set_hidden();
        chart.set_width(420).set_height(220);
        let at_row = below + u32::try_from(i / 2).map_err(|_| Error::TooBig)? * 12;
        let at_col = if i % 2 == 0 { 0 } else { 4 };
        ws.insert_chart(at_row, at_col, &chart)?;
    }
    Ok(book.save_to_buffer()?)
}

pub fn csv(t: &Trends, l: &Labels) -> Result<Vec<u8>, Error> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        w.write_record(
            [
                "trends.col.school_year",
                "summary.col.measure",
                "summary.col.value",
            ]
            .map(|k| l.t(k)),
        )?;
        for r in &t.rows {
            for (y, c) in t.years.iter().zip(&r.cells) {
                let value = match (&c.value, c.hide) {
                    (_, Some(h)) => l.hidden(h),
                    (feltbog_api::summary::Value::Percent(p), None) => l.decimal(*p),
                    _ => neutralise(&l.cell(c)),
                };
                w.write_record([
                    y.name(),
                    l.t(&format!("trends.measure.{}", r.measure)),
                    value,
                ])?;
            }
        }
        w.flush()?;
    }
    Ok(out)
}

/// The table as text for a terminal, columns padded by characters.
pub fn text(t: &Trends, l: &Labels) -> String {
    let mut lines: Vec<Vec<String>> = vec![headings(t, l)];
    for r in &t.rows {
        lines.push(
            std::iter::once(l.t(&format!("trends.measure.{}", r.measure)))
                .chain(r.cells.iter().map(|c| l.cell(c)))
                .collect(),
        );
    }
    format!(
        "{}\n{}\n{}\n{}\n\n{}",
        title(t, l),
        l.t("trends.lead"),
        made_line(t, l),
        l.legend(),
        crate::text_out::columns(&lines)
    )
}

/// "Lavet af Mette 5. dec. 2026 kl. 12.00", as on the summary.
pub fn made_line(t: &Trends, l: &Labels) -> String {
    l.made(&t.made_by, &t.made_at)
}
