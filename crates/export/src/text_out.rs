//! The summary as plain text for a terminal: what `feltbog summary` prints.
//! It leaves the app like a file does, so hidden cells read "<5" or "x"
//! here too. Columns are padded by characters, so æ, ø and å line up.

use crate::labels::Labels;
use feltbog_api::summary::{Section, Summary};
use std::fmt::Write;

fn pad(s: &str, w: usize, right: bool) -> String {
    let fill = " ".repeat(w.saturating_sub(s.chars().count()));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

pub fn render(s: &Summary, l: &Labels) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n{}\n{}\n{}",
        l.title(s),
        l.period_line(s),
        l.made_line(s),
        l.legend()
    );
    if let Some(next) = l.next_line(s) {
        let _ = writeln!(out, "{next}");
    }
    for section in Section::ALL {
        let tables: Vec<_> = s.tables.iter().filter(|t| t.section == *section).collect();
        if tables.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n== {} ==", l.section(*section));
        for t in tables {
            match &t.round {
                Some(r) => {
                    let _ = writeln!(
                        out,
                        "\n{} · {}\n{}",
                        l.table(t.kind),
                        r.name,
                        l.round_line(r)
                    );
                }
                None => {
                    let _ = writeln!(out, "\n{}", l.table(t.kind));
                }
            }
            if t.rows.is_empty() {
                let _ = writeln!(out, "  {}", l.nothing());
                continue;
            }
            let mut lines: Vec<Vec<String>> = vec![std::iter::once(l.row_heading(t))
                .chain(t.columns.iter().map(|c| l.column(c)))
                .collect()];
            for r in t.all_rows() {
                lines.push(
                    std::iter::once(l.row(&r.label))
                        .chain(r.cells.iter().map(|c| l.cell(c)))
                        .collect(),
                );
            }
            out.push_str(&columns(&lines));
        }
    }
    out
}

/// Lines of cells as padded columns, indented: the first column to the
/// left, the figures to the right.
pub fn columns(lines: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..lines.first().map_or(0, Vec::len))
        .map(|c| {
            lines
                .iter()
                .map(|r| r.get(c).map_or(0, |x| x.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for line in lines {
        let cells: Vec<String> = line
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (x, w))| pad(x, *w, i > 0))
            .collect();
        let _ = writeln!(out, "  {}", cells.join("  ").trim_end());
    }
    out
}
