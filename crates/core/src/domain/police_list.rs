//! The police's list of first-offence notifications, read and minimised
//! (issue 24). Pure: the bytes of a CSV or XLSX file (or pasted rows) in,
//! the rows Feltbog would keep and every row's problems out.
//!
//! Columns are found by their Danish headers in any order and case; the
//! header row is the first that names `Dato for underretning` (title rows
//! above it are skipped). **Minimisation happens here, at the door**: a
//! full name becomes initials, a CPR number or birth date becomes the birth
//! year, and the CPR number itself leaves this module only when the team's
//! rules allow CPR numbers. No other column is read, and no problem ever
//! repeats a name or a CPR number back.

use super::tabular::{self, parse_date, Row};
use chrono::{Datelike, NaiveDate};
use feltbog_api::cases::{Law, Offence};
use feltbog_api::police::{ListError, ListProblem, MAX_BYTES, MAX_ROWS};
use std::collections::HashMap;

/// Errors listed before the list stops listing them.
pub const MAX_ERRORS: usize = 50;

/// A column Feltbog reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    Notified,
    OffenceDate,
    Name,
    Initials,
    Cpr,
    BirthDate,
    BirthYear,
    School,
    Law,
    Offence,
    Journal,
}

impl Col {
    /// The header the README documents for it.
    pub fn header(self) -> &'static str {
        match self {
            Col::Notified => "Dato for underretning",
            Col::OffenceDate => "Gerningsdato",
            Col::Name => "Navn",
            Col::Initials => "Initialer",
            Col::Cpr => "CPR",
            Col::BirthDate => "Fødselsdato",
            Col::BirthYear => "Fødselsår",
            Col::School => "Skole",
            Col::Law => "Lov",
            Col::Offence => "Forhold",
            Col::Journal => "Journalnummer",
        }
    }

    /// The column a case field is read from (for a case check's error).
    pub fn of_field(field: &str) -> Option<Col> {
        Some(match field {
            "notified" => Col::Notified,
            "offence_date" => Col::OffenceDate,
            "initials" => Col::Initials,
            "birth_year" => Col::BirthYear,
            "cpr" => Col::Cpr,
            "school" => Col::School,
            "law" | "law_other" => Col::Law,
            "offence" | "offence_other" => Col::Offence,
            "journal" => Col::Journal,
            _ => return None,
        })
    }
}

/// A header as a key: lower case, without dots, colons, dashes or extra
/// spaces ("CPR-nr." and "cpr nr" are one).
fn header_key(h: &str) -> String {
    h.to_lowercase()
        .replace(['.', ':'], "")
        .replace(['-', '_', '/'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The column a header names, if Feltbog reads it.
pub fn column(header: &str) -> Option<Col> {
    Some(match header_key(header).as_str() {
        "dato for underretning"
        | "dato for underretningen"
        | "underretningsdato"
        | "underretning"
        | "underretningsdag" => Col::Notified,
        "gerningsdato" | "gerningsdag" | "gerningstidspunkt" | "dato for forholdet" => {
            Col::OffenceDate
        }
        "navn" | "fulde navn" | "fuldt navn" | "barnets navn" => Col::Name,
        "initialer" => Col::Initials,
        "cpr" | "cpr nr" | "cprnr" | "cpr nummer" | "cprnummer" | "personnummer" => Col::Cpr,
        "fødselsdato" | "født" => Col::BirthDate,
        "fødselsår" => Col::BirthYear,
        "skole" | "skolenavn" => Col::School,
        "lov" | "lovgivning" | "overtrådt lov" => Col::Law,
        "forhold" | "sigtelse" | "sigtet for" | "overtrædelse" => Col::Offence,
        "journalnummer" | "journalnr" | "journal nr" | "j nr" | "jnr" | "journal" => Col::Journal,
        _ => return None,
    })
}

/// One row as Feltbog would keep it (the school still a name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRow {
    pub line: usize,
    pub notified: NaiveDate,
    pub offence_date: NaiveDate,
    pub initials: String,
    pub birth_year: i32,
    /// `DDMMÅÅ-XXXX`, only when the team's rules allow CPR numbers.
    pub cpr: String,
    pub school_name: String,
    pub law: Law,
    pub law_other: String,
    pub offence: Offence,
    pub offence_other: String,
    pub journal: String,
}

/// Who and what: two rows with the same key are the same notification.
pub type RowKey = (String, i32, NaiveDate, Offence, String, String);

impl ListRow {
    /// This row's [`RowKey`]: initials as the earlier-case search compares
    /// them ("A.H." is "AH"), the birth year, the offence and its date, and
    /// the journal number (two charges on one day differ by it).
    pub fn key(&self) -> RowKey {
        (
            initials_key(&self.initials),
            self.birth_year,
            self.offence_date,
            self.offence,
            self.offence_other.to_lowercase(),
            self.journal.to_uppercase(),
        )
    }
}

/// Initials compared without dots, spaces or case.
pub fn initials_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .flat_map(char::to_lowercase)
        .collect()
}

/// A list read: its good rows, its errors, what it held that is not kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadList {
    pub rows: Vec<ListRow>,
    pub errors: Vec<ListError>,
    /// Headers not read, as the list writes them.
    pub ignored: Vec<String>,
    /// The headers found, as written, by column.
    pub headers: HashMap<Col, String>,
    pub names_dropped: bool,
    pub cpr_dropped: bool,
}

impl ReadList {
    /// The column's header as the list wrote it, or as documented.
    pub fn header(&self, c: Col) -> String {
        self.headers
            .get(&c)
            .cloned()
            .unwrap_or_else(|| c.header().to_owned())
    }

    /// Adds an error about `line`'s `col` (None: the whole row).
    pub fn refuse(&mut self, line: usize, col: Option<Col>, problem: ListProblem) {
        let column = col.map(|c| self.header(c)).unwrap_or_default();
        self.errors.push(error(line, column, problem));
    }
}

fn error(line: usize, column: String, problem: ListProblem) -> ListError {
    let message = message(&column, &problem);
    ListError {
        line: line as u32,
        column,
        problem,
        message,
    }
}

/// Reads a list from a file's bytes. `cpr_allowed`: the team's rule.
pub fn read(bytes: &[u8], cpr_allowed: bool) -> ReadList {
    if bytes.len() > MAX_BYTES {
        let mut out = ReadList::default();
        out.refuse(
            1,
            None,
            ListProblem::TooLarge {
                mib: format!("{:.1}", bytes.len() as f64 / 1_048_576.0),
                max_mib: (MAX_BYTES / 1_048_576) as u32,
            },
        );
        return out;
    }
    if tabular::is_workbook(bytes) {
        // Title rows above the header, and one row past the limit.
        let (rows, bad) = tabular::read_workbook_rows(bytes, MAX_ROWS + 21);
        return read_rows(rows, bad, cpr_allowed);
    }
    read_text(&tabular::decode(bytes), cpr_allowed)
}

/// Reads pasted rows (tab-separated from a spreadsheet, or CSV).
pub fn read_text(text: &str, cpr_allowed: bool) -> ReadList {
    if text.len() > MAX_BYTES {
        return read(text.as_bytes(), cpr_allowed);
    }
    // A title row above the header ("Underretninger, uge 47") may use
    // another separator than the table: the one whose header row names
    // the most known columns is the table's.
    let text = &tabular::one_line_end(text);
    let (rows, bad) = [b';', b'\t', b',']
        .into_iter()
        .map(|d| tabular::read_csv_with(text, d))
        .min_by_key(|(rows, _)| std::cmp::Reverse(known_columns(rows)))
        .unwrap_or_default();
    read_rows(rows, bad, cpr_allowed)
}

/// How many known columns the header row names (0 without one).
fn known_columns(rows: &[Row]) -> usize {
    let header = rows
        .iter()
        .find(|r| r.cells.iter().any(|c| column(c) == Some(Col::Notified)));
    header.map_or(0, |h| {
        h.cells.iter().filter(|c| column(c).is_some()).count()
    })
}

fn read_rows(rows: Vec<Row>, bad: Vec<tabular::Unreadable>, cpr_allowed: bool) -> ReadList {
    let mut out = ReadList::default();
    for b in bad {
        out.refuse(b.line, None, ListProblem::NotReadable { detail: b.detail });
    }
    let Some(h) = rows
        .iter()
        .position(|r| r.cells.iter().any(|c| column(c) == Some(Col::Notified)))
    else {
        if out.errors.is_empty() {
            out.refuse(1, None, ListProblem::NoHeader);
        }
        return out;
    };
    let mut at: Vec<Option<Col>> = Vec::new();
    for cell in &rows[h].cells {
        let col = column(cell).filter(|c| !out.headers.contains_key(c));
        match col {
            Some(c) => {
                out.headers.insert(c, cell.clone());
            }
            None if !cell.is_empty() => out.ignored.push(cell.clone()),
            None => {}
        }
        at.push(col);
    }
    let body = &rows[h + 1..];
    if body.len() > MAX_ROWS {
        out.refuse(
            body[MAX_ROWS].line,
            None,
            ListProblem::TooManyRows {
                rows: body.len() as u32,
                max: MAX_ROWS as u32,
            },
        );
        return out;
    }
    if body.is_empty() && out.errors.is_empty() {
        out.refuse(rows[h].line, None, ListProblem::NoRows);
    }
    let mut seen: HashMap<RowKey, usize> = HashMap::new();
    for row in body {
        let extra = row.cells.iter().skip(at.len()).any(|c| !c.is_empty());
        if extra {
            let problem = ListProblem::Cells {
                found: row.cells.len() as u32,
                expected: at.len() as u32,
            };
            out.refuse(row.line, None, problem);
            continue;
        }
        if row.spans_lines {
            let detail = "a quoted cell runs over several lines (a \" is not closed)".into();
            out.refuse(row.line, None, ListProblem::NotReadable { detail });
            continue;
        }
        let cells: HashMap<Col, &str> = at
            .iter()
            .zip(&row.cells)
            .filter_map(|(c, v)| c.map(|c| (c, v.as_str())))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        match read_row(row.line, &cells, cpr_allowed, &mut out) {
            Some(r) => match seen.get(&r.key()) {
                Some(first) => out.refuse(
                    r.line,
                    None,
                    ListProblem::Duplicate {
                        first_line: *first as u32,
                    },
                ),
                None => {
                    seen.insert(r.key(), r.line);
                    out.rows.push(r);
                }
            },
            None => continue,
        }
    }
    cap_errors(&mut out.errors);
    out
}

/// Keeps the first [`MAX_ERRORS`] errors by line and says more were left.
pub fn cap_errors(errors: &mut Vec<ListError>) {
    errors.sort_by_key(|e| e.line);
    if errors.len() > MAX_ERRORS {
        let last = errors[MAX_ERRORS - 1].line as usize;
        errors.truncate(MAX_ERRORS);
        let listed = MAX_ERRORS as u32;
        errors.push(error(
            last,
            String::new(),
            ListProblem::MoreErrors { listed },
        ));
    }
}

/// One row minimised, or `None` with its problems added to `out`.
fn read_row(
    line: usize,
    cells: &HashMap<Col, &str>,
    cpr_allowed: bool,
    out: &mut ReadList,
) -> Option<ListRow> {
    let before = out.errors.len();
    let date = |c: Col, out: &mut ReadList| match cells.get(&c) {
        None => {
            out.refuse(line, Some(c), missing(out, c));
            None
        }
        Some(v) => parse_date(v).or_else(|| {
            let problem = ListProblem::BadDate {
                column: out.header(c),
                value: said_back(v),
            };
            out.refuse(line, Some(c), problem);
            None
        }),
    };
    let notified = date(Col::Notified, out);
    let offence_date = date(Col::OffenceDate, out);

    let initials = match (cells.get(&Col::Initials), cells.get(&Col::Name)) {
        // "A.H." or "AH" keep their letters; "Anders H." is a name.
        (Some(i), name) if !i.chars().any(char::is_lowercase) => {
            out.names_dropped |= name.is_some();
            Some(i.chars().filter(|c| c.is_alphabetic()).collect::<String>())
                .filter(|i| !i.is_empty())
        }
        (Some(i), _) => {
            out.names_dropped = true;
            Some(initials_of(i)).filter(|i| !i.is_empty())
        }
        (None, Some(name)) => {
            out.names_dropped = true;
            Some(initials_of(name)).filter(|i| !i.is_empty())
        }
        (None, None) => None,
    };
    if initials.is_none() {
        let col = if out.headers.contains_key(&Col::Name) {
            Col::Name
        } else {
            Col::Initials
        };
        out.refuse(line, Some(col), missing(out, col));
    }

    let cpr = match cells.get(&Col::Cpr) {
        None => None,
        Some(v) => match cpr_digits(v) {
            Some(d) => Some(d),
            None => {
                out.refuse(line, Some(Col::Cpr), ListProblem::BadCpr);
                None
            }
        },
    };
    let birth_year = birth_year(line, cells, cpr.as_deref(), out);
    let cpr = match cpr {
        Some(d) if cpr_allowed => format!("{}-{}", &d[..6], &d[6..]),
        Some(_) => {
            out.cpr_dropped = true;
            String::new()
        }
        None => String::new(),
    };

    let offence_words = cells.get(&Col::Offence).copied().unwrap_or("");
    let (offence, offence_other) = match offence_of(offence_words) {
        Some(o) => o,
        None => {
            out.refuse(line, Some(Col::Offence), missing(out, Col::Offence));
            (Offence::Other, String::new())
        }
    };
    let (law, law_other) = law_of(cells.get(&Col::Law).copied().unwrap_or(""), offence);
    let journal = cells.get(&Col::Journal).copied().unwrap_or("");
    let journal_ok = journal
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | ' '));
    if !journal_ok {
        out.refuse(line, Some(Col::Journal), ListProblem::BadJournal);
    }

    if out.errors.len() > before {
        return None;
    }
    Some(ListRow {
        line,
        notified: notified?,
        offence_date: offence_date?,
        initials: initials?,
        birth_year: birth_year?,
        cpr,
        school_name: cells.get(&Col::School).copied().unwrap_or("").to_owned(),
        law,
        law_other: without_cpr(&law_other),
        offence,
        offence_other: without_cpr(&offence_other),
        journal: journal.to_owned(),
    })
}

/// Text with every run of digits and separators holding six digits or
/// more blanked (a CPR number in any spelling, a birth date, a phone
/// number): words kept from a list (an offence's, a law's) may carry one
/// the police typed into the cell. Paragraph numbers ("§ 276") stay.
pub fn without_cpr(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let part = |c: char| c.is_ascii_digit() || matches!(c, '-' | '.' | '/' | ' ' | '–');
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let mut end = i;
            while end < chars.len() && part(chars[end]) {
                end += 1;
            }
            // A trailing separator belongs to the text after the run.
            while end > i && !chars[end - 1].is_ascii_digit() {
                end -= 1;
            }
            let digits = chars[i..end].iter().filter(|c| c.is_ascii_digit()).count();
            if digits >= 6 {
                out.push_str("[…]");
            } else {
                out.extend(&chars[i..end]);
            }
            i = end;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// A cell value fit to be said back in an error: a short run of digits and
/// separators (a mistyped date or year). Anything else may be a name moved
/// into the column, so it is not repeated.
fn said_back(v: &str) -> String {
    let short = v.chars().count() <= 12;
    let plain = v
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | '/' | ' '));
    if short && plain {
        v.to_owned()
    } else {
        String::new()
    }
}

fn missing(out: &ReadList, c: Col) -> ListProblem {
    ListProblem::Missing {
        column: out.header(c),
    }
}

/// The birth year from the CPR number, the birth date or the year, which
/// must agree where more than one is given.
fn birth_year(
    line: usize,
    cells: &HashMap<Col, &str>,
    cpr: Option<&str>,
    out: &mut ReadList,
) -> Option<i32> {
    let mut years: Vec<i32> = Vec::new();
    if let Some(y) = cpr.and_then(year_of_cpr) {
        years.push(y);
    }
    if let Some(v) = cells.get(&Col::BirthDate) {
        match parse_date(v) {
            Some(d) => years.push(d.year()),
            None => {
                // A birth date is personal data: not repeated back.
                let column = out.header(Col::BirthDate);
                let problem = ListProblem::BadDate {
                    column,
                    value: String::new(),
                };
                out.refuse(line, Some(Col::BirthDate), problem);
                return None;
            }
        }
    }
    if let Some(v) = cells.get(&Col::BirthYear) {
        match v.trim().parse::<i32>() {
            Ok(y) if (1900..=2100).contains(&y) => years.push(y),
            _ => {
                let problem = ListProblem::BadYear {
                    column: out.header(Col::BirthYear),
                    value: said_back(v),
                };
                out.refuse(line, Some(Col::BirthYear), problem);
                return None;
            }
        }
    }
    match years.as_slice() {
        [] => {
            if cpr.is_none() && !cells.contains_key(&Col::Cpr) {
                out.refuse(line, Some(Col::BirthYear), missing(out, Col::BirthYear));
            }
            None
        }
        [first, rest @ ..] if rest.iter().any(|y| y != first) => {
            out.refuse(line, Some(Col::BirthYear), ListProblem::YearsDisagree);
            None
        }
        [first, ..] => Some(*first),
    }
}

/// A CPR number's ten digits, or `None` if it is not one. A dash or spaces
/// may be written; nine digits are a number a spreadsheet stripped of its
/// leading zero.
pub fn cpr_digits(v: &str) -> Option<String> {
    let mut d: String = v.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    if d.len() == 9 && d.bytes().all(|b| b.is_ascii_digit()) {
        d.insert(0, '0');
    }
    if d.len() != 10 || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    year_of_cpr(&d).map(|_| d)
}

/// The year of birth a CPR number's digits give, by the CPR office's
/// century rule (the seventh digit and the two-digit year); `None` if the
/// first six are not a date.
pub fn year_of_cpr(d: &str) -> Option<i32> {
    let num = |r: std::ops::Range<usize>| d.get(r)?.parse::<u32>().ok();
    let (day, month, yy, seventh) = (num(0..2)?, num(2..4)?, num(4..6)? as i32, num(6..7)?);
    let century = match seventh {
        0..=3 => 1900,
        4 | 9 if yy <= 36 => 2000,
        4 | 9 => 1900,
        5..=8 if yy <= 57 => 2000,
        5..=8 => 1800,
        _ => return None,
    };
    let year = century + yy;
    NaiveDate::from_ymd_opt(year, month, day).map(|_| year)
}

/// Initials from a full name: the first letter of each part, upper case
/// ("Anne-Sofie Møller Berg" → "ASMB"). The name goes no further.
pub fn initials_of(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|part| part.chars().find(|c| c.is_alphabetic()))
        .flat_map(char::to_uppercase)
        .take(super::case_input::INITIALS_MAX)
        .collect()
}

fn words_key(s: &str) -> String {
    s.to_lowercase()
        .replace(['.', ','], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The law by its name, also shortened ("strfl.", "euforiserende stoffer");
/// anything else is *other* with its words. An empty cell follows the
/// offence: drugs under the drugs act, weapons under the weapons act,
/// everything else under the penal code.
pub fn law_of(words: &str, offence: Offence) -> (Law, String) {
    let k = words_key(words);
    let law = if k.is_empty() {
        match offence {
            Offence::Drugs => Law::DrugsAct,
            Offence::Weapons => Law::WeaponsAct,
            _ => Law::PenalCode,
        }
    } else if k.starts_with("strfl") || k.starts_with("stfl") || k.contains("straffelov") {
        Law::PenalCode
    } else if k.contains("våbenlov") || k.starts_with("våben") || k == "vbl" {
        Law::WeaponsAct
    } else if k.contains("euforiserende") || k == "lef" || k.starts_with("lov om euf") {
        Law::DrugsAct
    } else {
        return (Law::Other, words.trim().to_owned());
    };
    (law, String::new())
}

/// The offence by its Danish words; anything else is *other* with its
/// words. `None` for an empty cell.
pub fn offence_of(words: &str) -> Option<(Offence, String)> {
    let k = words_key(words);
    if k.is_empty() {
        return None;
    }
    let has = |w: &[&str]| w.iter().any(|w| k.contains(w));
    let offence = if has(&["røveri", "vold", "legemsangreb", "slagsmål"]) {
        Offence::Violence
    } else if has(&["tyveri", "indbrud", "hæleri", "butikstyv", "stjål"]) {
        Offence::Theft
    } else if has(&["hærværk", "graffiti", "tagging", "brand"]) {
        Offence::Vandalism
    } else if has(&["euforiserende", "narko", "hash", "cannabis", "stoffer"]) {
        Offence::Drugs
    } else if has(&["våben", "kniv", "skydevåben"]) {
        Offence::Weapons
    } else if has(&["trussel", "trusler", "true"]) {
        Offence::Threats
    } else {
        return Some((Offence::Other, words.trim().to_owned()));
    };
    Some((offence, String::new()))
}

/// A problem in English (the command line's words).
pub fn message(column: &str, p: &ListProblem) -> String {
    match p {
        ListProblem::TooLarge { mib, max_mib } => format!(
            "the file is {mib} MiB; a police list is at most {max_mib} MiB. Is it the right file?"
        ),
        ListProblem::TooManyRows { rows, max } => format!(
            "the list has {rows} rows; at most {max} are read at a time. Split it into smaller \
             lists"
        ),
        ListProblem::NotReadable { detail } => {
            format!("cannot be read as CSV or XLSX: {detail}")
        }
        ListProblem::NoHeader => "no header row naming the column 'Dato for underretning'; \
                                  the first row must name the columns"
            .into(),
        ListProblem::NoRows => "the list has a header row but no notifications under it".into(),
        ListProblem::Missing { column } => format!("{column} is empty; fill it in"),
        ListProblem::BadDate { column, value } if value.is_empty() => {
            format!("{column} is not a date; write it as 24-11-2026 (the cell is not shown here)")
        }
        ListProblem::BadDate { column, value } => {
            format!("{column} '{value}' is not a date; write it as 24-11-2026")
        }
        ListProblem::BadYear { column, value } if value.is_empty() => {
            format!("{column} is not a year such as 2011")
        }
        ListProblem::BadYear { column, value } => {
            format!("{column} '{value}' is not a year such as 2011")
        }
        ListProblem::Cells { found, expected } => format!(
            "the row has {found} cells but the header names {expected} columns; is a separator \
             too many in it?"
        ),
        ListProblem::BadJournal => {
            format!("{column} may hold digits, letters, - / and . only, as the police write it")
        }
        ListProblem::AlreadyCase => {
            "the same young person and offence is already a case; it is not read in again".into()
        }
        ListProblem::BadCpr => format!(
            "{column} is not a CPR number; write ten digits as DDMMÅÅ-XXXX (the number is not \
             shown here)"
        ),
        ListProblem::YearsDisagree => {
            "the CPR number, birth date and birth year do not give the same year".into()
        }
        ListProblem::UnknownSchool { name } => {
            format!("no school named '{name}'; add it under Schools first, or correct the name")
        }
        ListProblem::Duplicate { first_line } => {
            format!("the same young person and offence as line {first_line}")
        }
        ListProblem::AlreadyWaiting => {
            "the same young person and offence is already waiting for triage".into()
        }
        ListProblem::Invalid { field, problem } => {
            format!("{column}: {}", invalid_words(field, problem))
        }
        ListProblem::MoreErrors { listed } => {
            format!("more rows are wrong; the first {listed} are listed. Is it the police's list?")
        }
    }
}

fn invalid_words(field: &str, p: &feltbog_api::Problem) -> String {
    use feltbog_api::Problem as P;
    match (field, p) {
        (_, P::InFuture) => "cannot be in the future".into(),
        ("notified", P::BeforeStart) => "is before the offence date (Gerningsdato)".into(),
        (_, P::DateOutOfRange) => "is not a date Feltbog accepts; check the year".into(),
        ("birth_year", P::OutOfRange { min, max }) => {
            format!("the birth year must be from {min} to {max}")
        }
        (_, P::TooLong { max }) => format!("at most {max} characters"),
        _ => "is not accepted; check the value".into(),
    }
}

#[cfg(test)]
#[path = "police_list_tests.rs"]
mod tests;
