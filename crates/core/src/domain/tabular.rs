//! Reading a table out of a file a person saved from a spreadsheet: CSV as
//! Danish Excel writes it (a UTF-8 byte-order mark, `;`, `,` or tab as the
//! separator, quoted cells, CRLF, or Windows-1252 instead of UTF-8), or
//! the first sheet of an XLSX workbook. Used by the class-list and the
//! police-list imports. Pure: bytes in, rows of text out.

use chrono::NaiveDate;

/// One row of cells, with the 1-based line it starts on (the row number
/// in a workbook), whitespace inside each cell collapsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
    /// A quoted cell held a line break: in a list of one-line rows, a
    /// quote left open that swallowed the rows after it.
    pub spans_lines: bool,
}

/// A row that could not be read, and the reader's words for why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub line: usize,
    pub detail: String,
}

/// UTF-8 (without its byte-order mark), or else Windows-1252 as saved by
/// older Excel: æ, ø and å survive either way.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The separator used most on the first non-empty line.
pub fn detect_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| first.matches(char::from(*d)).count())
        .filter(|d| first.contains(char::from(*d)))
        .unwrap_or(b';')
}

/// The 1-based line a record starts on. csv's own line count is one short
/// after a CRLF (the `\n` is consumed with the next record), so count from
/// the record's first byte past any line ends.
pub fn line_of(text: &str, byte: u64) -> usize {
    let bytes = text.as_bytes();
    let mut at = usize::try_from(byte)
        .unwrap_or(bytes.len())
        .min(bytes.len());
    while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
        at += 1;
    }
    bytes[..at].iter().filter(|b| **b == b'\n').count() + 1
}

/// Whether the bytes are a ZIP archive (an XLSX workbook is one).
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The first sheet of a workbook as rows, or why it cannot be read.
pub fn read_workbook_rows(bytes: &[u8]) -> (Vec<Row>, Vec<Unreadable>) {
    match read_workbook(bytes) {
        Ok(rows) => (rows, Vec::new()),
        Err(detail) => (Vec::new(), vec![Unreadable { line: 1, detail }]),
    }
}

fn collapse(cell: &str) -> String {
    cell.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// CSV text (or tab-separated rows pasted from a spreadsheet), the
/// separator the one most used on its first line.
pub fn read_csv(text: &str) -> (Vec<Row>, Vec<Unreadable>) {
    read_csv_with(text, detect_delimiter(text))
}

/// CSV text with a given separator.
pub fn read_csv_with(text: &str, delimiter: u8) -> (Vec<Row>, Vec<Unreadable>) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let (mut rows, mut bad) = (Vec::new(), Vec::new());
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| line_of(text, p.byte()));
                let cells: Vec<String> = r.iter().map(collapse).collect();
                let spans_lines = r.iter().any(|c| c.contains('\n'));
                if cells.iter().any(|c| !c.is_empty()) {
                    rows.push(Row {
                        line,
                        cells,
                        spans_lines,
                    });
                }
            }
            Err(e) => bad.push(Unreadable {
                line: e.position().map_or(0, |p| line_of(text, p.byte())),
                detail: e.to_string(),
            }),
        }
    }
    (rows, bad)
}

/// The first sheet of an XLSX workbook. A date cell becomes `YYYY-MM-DD`,
/// a whole number its digits.
fn read_workbook(bytes: &[u8]) -> Result<Vec<Row>, String> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| "the workbook has no sheet".to_owned())?
        .map_err(|e| e.to_string())?;
    let first = range.start().map_or(0, |(r, _)| r as usize);
    let mut rows = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Data::Empty | Data::Error(_) => String::new(),
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => collapse(s),
                Data::Int(n) => n.to_string(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                Data::Float(f) => f.to_string(),
                Data::Bool(b) => b.to_string(),
                Data::DateTime(d) => d
                    .as_datetime()
                    .map(|t| t.date().to_string())
                    .unwrap_or_default(),
            })
            .collect();
        if cells.iter().any(|c| !c.is_empty()) {
            rows.push(Row {
                line: first + i + 1,
                cells,
                spans_lines: false,
            });
        }
    }
    Ok(rows)
}

/// A date as Danish lists write it: `24-11-2026`, `24.11.2026`,
/// `24/11/2026` or `2026-11-24` (a time after it is ignored).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.split_whitespace().next()?;
    let s = s.split('T').next()?;
    let parts: Vec<&str> = s.split(['-', '.', '/']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let num = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (a, b, c) = (num(a)?, num(b)?, num(c)?);
    let (y, m, d) = if parts[0].len() == 4 {
        (a, b, c)
    } else if parts[2].len() == 4 {
        (c, b, a)
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_lists_use() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 24);
        for s in [
            "24-11-2026",
            "24.11.2026",
            "2026-11-24",
            "24/11/2026",
            "24-11-2026 10:15",
        ] {
            assert_eq!(parse_date(s), d, "{s}");
        }
        for s in [
            "",
            "24-11-26",
            "31-02-2026",
            "tirsdag",
            "2026-11",
            "24--11-2026",
            "+1-11-2026",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn pasted_rows_are_tab_separated() {
        let (rows, bad) = read_csv("Navn\tSkole\nAnders Åberg\tØster Skole\n");
        assert!(bad.is_empty());
        assert_eq!(rows[1].cells, ["Anders Åberg", "Øster Skole"]);
        assert_eq!(rows[1].line, 2);
    }
}
