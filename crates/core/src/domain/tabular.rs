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
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    };
    one_line_end(&text)
}

/// Line ends as `\n` only: a file from Excel for Mac ends lines with a
/// lone `\r`, which would otherwise let an open quote swallow the rows
/// after it unseen, and number every line 1.
pub fn one_line_end(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
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

/// The first sheet of a workbook as rows (at most `max_rows` of them with
/// anything in them, and the first [`WORKBOOK_COLUMNS`] columns), or why
/// it cannot be read.
pub fn read_workbook_rows(bytes: &[u8], max_rows: usize) -> (Vec<Row>, Vec<Unreadable>) {
    match read_workbook(bytes, max_rows) {
        Ok(rows) => (rows, Vec::new()),
        Err(detail) => (Vec::new(), vec![Unreadable { line: 1, detail }]),
    }
}

/// The most a workbook may unpack to: a week's list is kilobytes, and a
/// small file that unpacks to gigabytes (a "zip bomb") must not take the
/// app down.
pub const WORKBOOK_UNPACKED_MAX: u64 = 32 * 1024 * 1024;
/// Columns read from a workbook; a cell further right is ignored.
pub const WORKBOOK_COLUMNS: u32 = 100;

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

/// The first sheet of an XLSX workbook, cell by cell, so a sheet that
/// claims a huge range costs nothing. A date cell becomes `YYYY-MM-DD`, a
/// whole number its digits.
fn read_workbook(bytes: &[u8], max_rows: usize) -> Result<Vec<Row>, String> {
    use calamine::{DataRef, Reader, Xlsx};
    check_unpacked_size(bytes)?;
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let first = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| "the workbook has no sheet".to_owned())?;
    let mut cells = book
        .worksheet_cells_reader(&first)
        .map_err(|e| e.to_string())?;
    let mut rows: Vec<Row> = Vec::new();
    while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
        let (r, c) = cell.get_position();
        if c >= WORKBOOK_COLUMNS {
            continue;
        }
        let text = match cell.get_value() {
            DataRef::Empty | DataRef::Error(_) => continue,
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => collapse(s),
            DataRef::SharedString(s) => collapse(s),
            DataRef::Int(n) => n.to_string(),
            DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            DataRef::Float(f) => f.to_string(),
            DataRef::Bool(b) => b.to_string(),
            DataRef::DateTime(d) => d
                .as_datetime()
                .map(|t| t.date().to_string())
                .unwrap_or_default(),
        };
        if text.is_empty() {
            continue;
        }
        let line = r as usize + 1;
        if rows.last().is_none_or(|last| last.line != line) {
            if rows.len() == max_rows {
                break;
            }
            rows.push(Row {
                line,
                cells: Vec::new(),
                spans_lines: false,
            });
        }
        if let Some(row) = rows.last_mut() {
            let c = c as usize;
            if row.cells.len() <= c {
                row.cells.resize(c + 1, String::new());
            }
            row.cells[c] = text;
        }
    }
    Ok(rows)
}

/// Unpacks every part of the workbook into nothing, refusing it once
/// [`WORKBOOK_UNPACKED_MAX`] is passed: what the parts' headers claim is
/// not trusted.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|e| e.to_string())?;
        let left = WORKBOOK_UNPACKED_MAX - total;
        total += std::io::copy(
            &mut std::io::Read::take(part, left + 1),
            &mut std::io::sink(),
        )
        .map_err(|e| e.to_string())?;
        if total > WORKBOOK_UNPACKED_MAX {
            return Err(format!(
                "the workbook unpacks to more than {} MiB; a police list is far smaller",
                WORKBOOK_UNPACKED_MAX / 1_048_576
            ));
        }
    }
    Ok(())
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

#[cfg(test)]
pub(crate) mod workbook_tests {
    use super::*;
    use std::io::Write;

    /// A minimal XLSX workbook: one sheet of inline-string rows (as a
    /// spreadsheet program saves one), `extra` parts added as they are.
    pub fn workbook(rows: &[&[&str]], extra: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut sheet = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
        );
        for (r, row) in rows.iter().enumerate() {
            sheet.push_str(&format!(r#"<row r="{}">"#, r + 1));
            for (c, v) in row.iter().enumerate() {
                let col = char::from(b'A' + c as u8);
                sheet.push_str(&format!(
                    r#"<c r="{col}{}" t="inlineStr"><is><t>{v}</t></is></c>"#,
                    r + 1
                ));
            }
            sheet.push_str("</row>");
        }
        sheet.push_str("</sheetData></worksheet>");
        let parts: Vec<(&str, Vec<u8>)> = vec![
            ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_vec()),
            ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec()),
            ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_vec()),
            ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_vec()),
            ("xl/worksheets/sheet1.xml", sheet.into_bytes()),
        ];
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts.iter().chain(extra) {
            out.start_file(*name, options).unwrap();
            out.write_all(bytes).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn the_first_sheet_of_a_workbook_is_read_as_rows() {
        let book = workbook(
            &[
                &["Dato for underretning", "Skole"],
                &["24-11-2026", "Østerby Skole"],
            ],
            &[],
        );
        assert!(is_workbook(&book));
        let (rows, bad) = read_workbook_rows(&book, 10);
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(rows[1].cells, ["24-11-2026", "Østerby Skole"]);
        assert_eq!(rows[1].line, 2);
    }

    #[test]
    fn a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_read() {
        let zeros = vec![0u8; (WORKBOOK_UNPACKED_MAX + 1024) as usize];
        let book = workbook(&[&["x"]], &[("xl/media/big.bin", zeros)]);
        assert!(book.len() < 1024 * 1024, "small on disk: {}", book.len());
        let (rows, bad) = read_workbook_rows(&book, 10);
        assert!(rows.is_empty());
        assert!(bad[0].detail.contains("unpacks to more than"), "{bad:?}");
    }

    #[test]
    fn rows_past_the_limit_are_not_read() {
        let many: Vec<Vec<&str>> = (0..50).map(|_| vec!["a", "b"]).collect();
        let refs: Vec<&[&str]> = many.iter().map(Vec::as_slice).collect();
        let (rows, _) = read_workbook_rows(&workbook(&refs, &[]), 10);
        assert_eq!(rows.len(), 10);
    }
}
