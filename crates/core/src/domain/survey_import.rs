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
    pub problem: ImportProblem,
}

impl LineError {
    pub fn new(line: usize, problem: ImportProblem) -> Self {
        Self { line, problem }
    }

    /// What is wrong, in English (the command line's words).
    pub fn message(&self) -> String {
        message(&self.problem)
    }

    /// As the api carries it to a screen.
    pub fn view(&self) -> ImportLineError {
        ImportLineError {
            line: self.line as u32,
            problem: self.problem.clone(),
            message: self.message(),
        }
    }
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message())
    }
}

/// A problem in English.
fn message(p: &ImportProblem) -> String {
    match p {
        ImportProblem::TooLarge { mib, max_mib } => format!(
            "the file is {mib} MiB; the import reads at most {max_mib} MiB of class counts. Is \
             it the right file?"
        ),
        ImportProblem::NotCsv { detail } => format!("cannot be read as CSV: {detail}"),
        ImportProblem::QuoteOpen => "a quoted field is not closed (a \" is missing)".into(),
        ImportProblem::NoClasses => {
            format!("the file has no classes; expected columns {COLUMNS}")
        }
        ImportProblem::Columns { found } => format!(
            "expected the columns {COLUMNS} (answered and absent may be left out); found {found} \
             column{}",
            if *found == 1 { "" } else { "s" }
        ),
        ImportProblem::Empty { column } => match column.as_str() {
            "school" | "class" => format!("{column} is empty"),
            _ => format!("{column} is empty; write a whole number"),
        },
        ImportProblem::NotANumber { column, value } => {
            format!("{column} '{value}' is not a whole number of 0 or more")
        }
        ImportProblem::NotAGrade { value } => {
            format!("grade '{value}' is not a grade number such as 7")
        }
        ImportProblem::UnknownSchool { name } => {
            format!("no school named '{name}'; add it first")
        }
        ImportProblem::Twice { class, school } => {
            format!("class '{class}' at {school} is in the file twice")
        }
        ImportProblem::Invalid { field, message, .. } => format!("{field}: {message}"),
        ImportProblem::MoreErrors { listed } => format!(
            "more lines are wrong; the first {listed} are listed. Check that the columns are \
             {COLUMNS}"
        ),
    }
}

pub const COLUMNS: &str = "school, class, grade, enrolled, answered, absent";

/// The largest file the import reads: a municipality's classes fit in a
/// few hundred kilobytes, so a larger file is the wrong file.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Errors listed before the import stops listing: past that, the file is
/// the wrong one or the columns are out of order, and 50 lines say so.
pub const MAX_ERRORS: usize = 50;

use super::tabular::{decode, detect_delimiter, line_of};
use feltbog_api::survey::{ImportLineError, ImportProblem};

/// Parses the file's bytes into the lines that read well and the errors of
/// those that do not, so the caller can check the good ones further and
/// report every bad line at once (up to [`MAX_ERRORS`]).
pub fn parse_csv(bytes: &[u8]) -> (Vec<ImportLine>, Vec<LineError>) {
    if bytes.len() > MAX_BYTES {
        let problem = ImportProblem::TooLarge {
            mib: format!("{:.1}", bytes.len() as f64 / 1_048_576.0),
            max_mib: (MAX_BYTES / 1_048_576) as u32,
        };
        return (Vec::new(), vec![LineError::new(1, problem)]);
    }
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(&text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    let mut first = true;
    for record in reader.records() {
        if errors.len() > MAX_ERRORS {
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_of(&text, p.byte()));
                let detail = e.to_string();
                errors.push(LineError::new(line, ImportProblem::NotCsv { detail }));
                continue;
            }
        };
        let n = record.position().map_or(0, |p| line_of(&text, p.byte()));
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let spans_lines = record.iter().any(|c| c.contains('\n'));
        // A line break inside a quoted cell is kept as a space.
        let cells: Vec<String> = record
            .iter()
            .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        if std::mem::take(&mut first) && is_header(&cells) {
            continue;
        }
        match parse_line(n, &cells) {
            Ok(l) => lines.push(l),
            Err(_) if spans_lines && !(4..=6).contains(&cells.len()) => {
                errors.push(LineError::new(n, ImportProblem::QuoteOpen))
            }
            Err(problem) => errors.push(LineError::new(n, problem)),
        }
    }
    if lines.is_empty() && errors.is_empty() {
        errors.push(LineError::new(1, ImportProblem::NoClasses));
    }
    cap_errors(&mut errors);
    (lines, errors)
}

/// Keeps the first [`MAX_ERRORS`] errors (by line) and says that more were
/// left out.
pub fn cap_errors(errors: &mut Vec<LineError>) {
    errors.sort_by_key(|e| e.line);
    if errors.len() > MAX_ERRORS {
        let last = errors[MAX_ERRORS - 1].line;
        errors.truncate(MAX_ERRORS);
        let listed = MAX_ERRORS as u32;
        errors.push(LineError::new(last, ImportProblem::MoreErrors { listed }));
    }
}

fn is_header(cells: &[String]) -> bool {
    let first = cells.first().map(|c| c.to_lowercase()).unwrap_or_default();
    matches!(first.as_str(), "school" | "skole")
}

fn parse_line(n: usize, cells: &[String]) -> Result<ImportLine, ImportProblem> {
    if !(4..=6).contains(&cells.len()) {
        return Err(ImportProblem::Columns {
            found: cells.len() as u32,
        });
    }
    let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or("");
    let empty = |name: &str| ImportProblem::Empty {
        column: name.to_owned(),
    };
    let required = |i: usize, name: &str| match cell(i) {
        "" => Err(empty(name)),
        v => Ok(v.to_owned()),
    };
    let number = |i: usize, name: &str, default: Option<u32>| match (cell(i), default) {
        ("", Some(d)) => Ok(d),
        ("", None) => Err(empty(name)),
        (v, _) => v.parse::<u32>().map_err(|_| ImportProblem::NotANumber {
            column: name.to_owned(),
            value: v.to_owned(),
        }),
    };
    let grade =
        match cell(2) {
            "" => None,
            g => Some(g.trim_end_matches('.').parse::<u8>().map_err(|_| {
                ImportProblem::NotAGrade {
                    value: g.to_owned(),
                }
            })?),
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
        assert!(
            errors[0].to_string().contains("enrolled '-3'"),
            "{}",
            errors[0]
        );
        assert!(errors[1].to_string().contains("school is empty"));
        assert!(errors[2].to_string().contains("found 2 columns"));
        assert!(errors[3].to_string().contains("grade 'syv'"));
        assert!(errors[4].to_string().contains("not closed"));
    }

    #[test]
    fn a_quoted_name_may_span_lines_and_later_lines_keep_their_numbers() {
        let file = "skole;klasse;klassetrin;elever\n\
                    \"Bøgely Friskole,\nafd. Nord\";8.b;8;18\n\
                    Ærø Skole;7.a;7;x\n";
        let (lines, errors) = parse_csv(file.as_bytes());
        assert_eq!(lines.len(), 1, "{errors:?}");
        assert_eq!(lines[0].school, "Bøgely Friskole, afd. Nord");
        assert_eq!(lines[0].line, 2);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 4, "{}", errors[0]);
    }

    #[test]
    fn a_large_file_is_refused_and_errors_stop_at_fifty() {
        let big = vec![b'a'; MAX_BYTES + 1];
        let (lines, errors) = parse_csv(&big);
        assert!(lines.is_empty());
        assert!(errors[0].to_string().contains("MiB"), "{}", errors[0]);
        let file: String = (0..500)
            .map(|i| format!("Skole {i};7.a;syv;20\n"))
            .collect();
        let (_, errors) = parse_csv(file.as_bytes());
        assert_eq!(errors.len(), MAX_ERRORS + 1);
        assert!(errors[MAX_ERRORS].to_string().contains("first 50"));
    }

    proptest::proptest! {
        /// Whatever bytes arrive, the import answers lines or errors, and
        /// never panics.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::arbitrary::any::<u8>(), 0..600)) {
            let (lines, errors) = parse_csv(&bytes);
            proptest::prop_assert!(!lines.is_empty() || !errors.is_empty());
            proptest::prop_assert!(errors.len() <= MAX_ERRORS + 1);
        }

        /// CSV-shaped text with quotes, separators and line breaks in odd
        /// places: never a panic, every error names a line in the file.
        #[test]
        fn csv_shaped_text_never_panics(text in "[a-zæøå0-9;,\t\"\r\n. ]{0,300}") {
            let (_, errors) = parse_csv(text.as_bytes());
            // A lone \r ends a line too (Excel for Mac).
            let lines = super::super::tabular::one_line_end(&text).lines().count().max(1);
            for e in &errors {
                proptest::prop_assert!(e.line <= lines + 1, "{} of {}", e.line, lines);
            }
        }
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
