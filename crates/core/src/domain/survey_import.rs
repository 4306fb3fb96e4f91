//! Reading class counts from a CSV file: columns school, class, grade,
//! enrolled, answered, absent.
//!
//! Files come from spreadsheets, so this accepts what Danish Excel writes:
//! a UTF-8 byte-order mark, `;` as separator (`,` and tab too), quoted
//! fields, CRLF line ends, and files saved as Windows-1252 rather than UTF-8.
//! A header line (English or Danish) is skipped. Every line is checked and
//! every bad line reported; the caller imports nothing unless all are good.

/// One good line, school still a name (the session resolves it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportLine {
    /// 1-based line number in the file.
    pub line: usize,
    pub school: String,
    pub class: String,
    /// `None` when the grade column is empty: the caller takes it from the
    /// class name.
    pub grade: Option<u8>,
    pub enrolled: u32,
    pub answered: u32,
    pub absent: u32,
}

/// Why one line was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

pub const COLUMNS: &str = "school, class, grade, enrolled, answered, absent";

/// Parses the file's bytes into the lines that read well and the errors of
/// those that do not, so the caller can check the good ones further and
/// report every bad line at once.
pub fn parse_csv(bytes: &[u8]) -> (Vec<ImportLine>, Vec<LineError>) {
    let text = decode(bytes);
    let delimiter = detect_delimiter(&text);
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    let mut first = true;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let cells = match split(raw, delimiter) {
            Ok(c) => c,
            Err(message) => {
                errors.push(LineError { line: n, message });
                continue;
            }
        };
        if std::mem::take(&mut first) && is_header(&cells) {
            continue;
        }
        match parse_line(n, &cells) {
            Ok(l) => lines.push(l),
            Err(message) => errors.push(LineError { line: n, message }),
        }
    }
    if lines.is_empty() && errors.is_empty() {
        errors.push(LineError {
            line: 1,
            message: format!("the file has no classes; expected columns {COLUMNS}"),
        });
    }
    (lines, errors)
}

/// UTF-8 (without its byte-order mark), or else Windows-1252 as saved by
/// older Excel: æ, ø and å survive either way.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

/// One Windows-1252 byte as a char: Latin-1, except 0x80-0x9F.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// The separator used most on the first non-empty line.
fn detect_delimiter(text: &str) -> char {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    [';', ',', '\t']
        .into_iter()
        .max_by_key(|d| first.matches(*d).count())
        .filter(|d| first.contains(*d))
        .unwrap_or(';')
}

/// Splits one line into trimmed cells; `"..."` quotes, `""` inside quotes.
fn split(line: &str, delimiter: char) -> Result<Vec<String>, String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (false, '"') if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            (false, d) if d == delimiter => cells.push(std::mem::take(&mut cell).trim().to_owned()),
            (_, c) => cell.push(c),
        }
    }
    if quoted {
        return Err("a quoted field is not closed (a \" is missing)".into());
    }
    cells.push(cell.trim().to_owned());
    Ok(cells)
}

fn is_header(cells: &[String]) -> bool {
    let first = cells.first().map(|c| c.to_lowercase()).unwrap_or_default();
    matches!(first.as_str(), "school" | "skole")
}

fn parse_line(n: usize, cells: &[String]) -> Result<ImportLine, String> {
    if !(4..=6).contains(&cells.len()) {
        return Err(format!(
            "expected the columns {COLUMNS} (answered and absent may be left out); found {} column{}",
            cells.len(),
            if cells.len() == 1 { "" } else { "s" }
        ));
    }
    let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or("");
    let required = |i: usize, name: &str| {
        let v = cell(i);
        if v.is_empty() {
            Err(format!("{name} is empty"))
        } else {
            Ok(v.to_owned())
        }
    };
    let number = |i: usize, name: &str, default: Option<u32>| -> Result<u32, String> {
        match (cell(i), default) {
            ("", Some(d)) => Ok(d),
            ("", None) => Err(format!("{name} is empty; write a whole number")),
            (v, _) => v
                .parse::<u32>()
                .map_err(|_| format!("{name} '{v}' is not a whole number of 0 or more")),
        }
    };
    let grade = match cell(2) {
        "" => None,
        g => Some(
            g.trim_end_matches('.')
                .parse::<u8>()
                .map_err(|_| format!("grade '{g}' is not a grade number such as 7"))?,
        ),
    };
    Ok(ImportLine {
        line: n,
        school: required(0, "school")?,
        class: required(1, "class")?,
        grade,
        enrolled: number(3, "enrolled", None)?,
        answered: number(4, "answered", Some(0))?,
        absent: number(5, "absent", Some(0))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_excel_semicolons_with_a_bom_and_danish_letters() {
        let file = "\u{feff}skole;klasse;klassetrin;elever;besvaret;fraværende\r\n\
                    Ærø Skole;7.a;7;24;20;2\r\n\
                    \"Bøgely Friskole; afd. Nord\";8.b;8;18;;\r\n\r\n";
        let (lines, errors) = parse_csv(file.as_bytes());
        assert!(errors.is_empty());
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].school, "Ærø Skole");
        assert_eq!(
            (
                lines[0].line,
                lines[0].enrolled,
                lines[0].answered,
                lines[0].absent
            ),
            (2, 24, 20, 2)
        );
        assert_eq!(lines[1].school, "Bøgely Friskole; afd. Nord");
        assert_eq!((lines[1].answered, lines[1].absent), (0, 0));
    }

    #[test]
    fn reads_commas_and_windows_1252() {
        let mut file = b"school,class,grade,enrolled,answered,absent\n".to_vec();
        file.extend_from_slice(b"\xc6r\xf8 Skole,9.c,,21,21,0\n");
        let (lines, _) = parse_csv(&file);
        assert_eq!(lines[0].school, "Ærø Skole");
        assert_eq!(lines[0].grade, None);
    }

    #[test]
    fn reports_every_bad_line_with_its_number() {
        let file = "school;class;grade;enrolled;answered;absent\n\
                    Ærø Skole;7.a;7;24;20;2\n\
                    Ærø Skole;7.b;7;-3;0;0\n\
                    ;7.c;7;20;0;0\n\
                    Ærø Skole;7.d\n\
                    Ærø Skole;7.e;syv;20;0;0\n\
                    \"Ærø Skole;7.f;7;20;0;0\n";
        let (good, errors) = parse_csv(file.as_bytes());
        assert_eq!(good.len(), 1);
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7]);
        assert!(errors[0].message.contains("enrolled '-3'"), "{}", errors[0]);
        assert!(errors[1].message.contains("school is empty"));
        assert!(errors[2].message.contains("found 2 columns"));
        assert!(errors[3].message.contains("grade 'syv'"));
        assert!(errors[4].message.contains("not closed"));
    }

    #[test]
    fn an_empty_file_is_an_error() {
        assert_eq!(parse_csv(b"").1.len(), 1);
        assert_eq!(
            parse_csv(b"\xEF\xBB\xBFschool;class;grade;enrolled\n")
                .1
                .len(),
            1
        );
    }
}
