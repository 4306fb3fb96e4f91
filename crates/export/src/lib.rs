//! The summary of a period (the weekly summary, a month, a school year, …)
//! written out for management: PDF (typst), Excel
//! (rust_xlsxwriter) and CSV. Native only: the UI's wasm never links this
//! (the shell renders, the webview only asks). Every renderer takes the
//! summary *after* suppression and writes each marked cell as "<5" or "x",
//! so no export can show a hidden number. [`save`] is the one path from a
//! session to a file, for the app and the command line alike: rendered in
//! memory, written atomically, then logged.
#![forbid(unsafe_code)]

pub mod calendar;
pub mod compliance;
mod csv_out;
mod labels;
mod pdf;
mod text_out;
mod trends_out;
mod xlsx_out;

use feltbog_api::period::ReportPeriod;
use feltbog_api::profile::Language;
use feltbog_api::summary::{ExportDone, ExportFormat, Summary};
use feltbog_api::trends::Trends;
use feltbog_api::{ApiError, ErrorKind, Problem};
use feltbog_core::Session;
pub use labels::neutralise;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the PDF could not be set: {0}")]
    Pdf(String),
    #[error("the Excel file could not be written: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("the CSV file could not be written: {0}")]
    Csv(#[from] csv::Error),
    #[error("the summary is too large for a spreadsheet")]
    TooBig,
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("the summary could not be prepared: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: feltbog_core::Error,
    },
    #[error(transparent)]
    Core(#[from] feltbog_core::Error),
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        match e {
            Error::Core(e) => e.into(),
            Error::Write { .. } => {
                ApiError::invalid("path", Problem::NotAllowed, format!("path: {e}"))
            }
            other => ApiError::new(ErrorKind::Internal, other.to_string()),
        }
    }
}

/// Writes the summary of `period` to `path` as `format`: the whole file
/// or nothing (a temporary file beside it, renamed), then the access log.
pub fn save(
    s: &mut Session,
    period: ReportPeriod,
    format: ExportFormat,
    path: &Path,
) -> Result<ExportDone, Error> {
    let summary = s.summary(period)?;
    let bytes = render(&summary, format, s.settings()?.language)?;
    feltbog_core::files::write_atomically(path, &bytes).map_err(|source| Error::Write {
        path: path.to_owned(),
        source,
    })?;
    s.log_summary_export(period, format.as_str())?;
    Ok(ExportDone {
        path: path.display().to_string(),
        bytes: bytes.len() as u64,
    })
}

/// Writes the report of `school` for the school year starting in `start`
/// to `path` as a PDF: the whole file or nothing, then the access log.
pub fn save_school_report(
    s: &mut Session,
    school: feltbog_api::SchoolId,
    start: i32,
    path: &Path,
) -> Result<ExportDone, Error> {
    let report = s.school_report(school, start)?;
    let bytes = render(&report, ExportFormat::Pdf, s.settings()?.language)?;
    write_logged(path, &bytes, || s.log_school_report(&report))
}

/// Writes the report of every active school for the school year starting
/// in `start` into the folder `dir`, one PDF each under its proposed name,
/// each written whole and logged before the next. A school whose file
/// cannot be written stops the run there, naming the file; the files
/// written before it stay (each is whole and logged).
pub fn save_all_school_reports(
    s: &mut Session,
    start: i32,
    dir: &Path,
) -> Result<feltbog_api::summary::SchoolReportsDone, Error> {
    let lang = s.settings()?.language;
    let mut files: Vec<String> = Vec::new();
    for (school, report) in s.school_reports(start)? {
        // Two names may make one file name ("Sankt Hans Skole", "Sankt-Hans
        // Skole"): the second gets a number, never the first's file.
        let proposed = feltbog_api::summary::school_report_file_name(&school.name, start);
        let mut name = proposed.clone();
        for n in 2.. {
            if !files.contains(&name) {
                break;
            }
            name = proposed.replace(".pdf", &format!("-{n}.pdf"));
        }
        let bytes = render(&report, ExportFormat::Pdf, lang)?;
        write_logged(&dir.join(&name), &bytes, || s.log_school_report(&report))?;
        files.push(name);
    }
    Ok(feltbog_api::summary::SchoolReportsDone {
        dir: dir.display().to_string(),
        files,
    })
}

/// The trends' words: the summary's, over school years.
fn trend_labels(t: &Trends, lang: Language) -> labels::Labels {
    labels::Labels {
        lang,
        threshold: t.threshold,
        kind: feltbog_api::period::PeriodKind::SchoolYear,
    }
}

/// The trends as the bytes of a file in `format`, in `lang`.
pub fn render_trends(t: &Trends, format: ExportFormat, lang: Language) -> Result<Vec<u8>, Error> {
    let l = trend_labels(t, lang);
    match format {
        ExportFormat::Pdf => pdf::trends::render(t, &l),
        ExportFormat::Xlsx => trends_out::xlsx(t, &l),
        ExportFormat::Csv => trends_out::csv(t, &l),
    }
}

/// The trends as plain text for a terminal, hidden cells marked.
pub fn render_trends_text(t: &Trends, lang: Language) -> String {
    trends_out::text(t, &trend_labels(t, lang))
}

/// Writes the trends of the last `years` school years to `path` as
/// `format`: the whole file or nothing, then the access log.
pub fn save_trends(
    s: &mut Session,
    years: u32,
    format: ExportFormat,
    path: &Path,
) -> Result<ExportDone, Error> {
    let t = s.trends(years)?;
    let bytes = render_trends(&t, format, s.settings()?.language)?;
    write_logged(path, &bytes, || s.log_trends_export(&t, format.as_str()))
}

/// Writes the access pack of case `id` to `path` as a PDF: the whole file
/// or nothing, then the access log (the case's number and "indsigt").
pub fn save_access_pack(
    s: &mut Session,
    id: feltbog_api::CaseId,
    path: &Path,
) -> Result<ExportDone, Error> {
    let pack = s.access_pack(id)?;
    let bytes = pdf::access_pack::render(&pack, s.settings()?.language)?;
    write_logged(path, &bytes, || {
        s.log_access_pack(&pack.case.summary.number)
    })
}

/// Writes the referat of a conversation held in case `id` (`pick`) to
/// `path` as a PDF, `name` typed for this printout in place of the
/// initials (never stored, never logged): the whole file or nothing, then
/// the access log (the case's number and "referat").
pub fn save_referat(
    s: &mut Session,
    id: feltbog_api::CaseId,
    pick: feltbog_api::papers::StepPick,
    name: Option<&str>,
    path: &Path,
) -> Result<ExportDone, Error> {
    let referat = s.referat(id, pick)?;
    let bytes = pdf::referat::render(&referat, s.settings()?.language, name)?;
    write_logged(path, &bytes, || s.log_referat(&referat.number))
}

/// Writes the letter offering the conversation in case `id` to `path` as
/// a PDF (the name typed in `input`, if any, printed in place of the
/// initials and never stored): the whole file or nothing, then the access
/// log ("brev"), and, for a case still at *notified*, the offer recorded
/// as made today by letter.
pub fn save_offer_letter(
    s: &mut Session,
    id: feltbog_api::CaseId,
    input: &feltbog_api::papers::LetterInput,
    path: &Path,
) -> Result<feltbog_api::papers::LetterSaved, Error> {
    let letter = s.offer_letter(id, input)?;
    let bytes = pdf::letter::render(&letter)?;
    let mut recorded = false;
    let file = write_logged(path, &bytes, || {
        recorded = s.log_letter(id)?;
        Ok(())
    })?;
    Ok(feltbog_api::papers::LetterSaved { file, recorded })
}

/// Writes `bytes` to `path` atomically, then `log`s it; a file whose
/// logging fails is taken back, so nothing leaves the app unlogged.
fn write_logged(
    path: &Path,
    bytes: &[u8],
    log: impl FnOnce() -> feltbog_core::Result<()>,
) -> Result<ExportDone, Error> {
    feltbog_core::files::write_atomically(path, bytes).map_err(|source| Error::Write {
        path: path.to_owned(),
        source,
    })?;
    if let Err(e) = log() {
        let _ = std::fs::remove_file(path);
        return Err(e.into());
    }
    Ok(ExportDone {
        path: path.display().to_string(),
        bytes: bytes.len() as u64,
    })
}

/// The summary as the bytes of a file in `format`, in `lang`.
pub fn render(s: &Summary, format: ExportFormat, lang: Language) -> Result<Vec<u8>, Error> {
    let l = labels::Labels::of(s, lang);
    match format {
        ExportFormat::Pdf => pdf::render(s, &l),
        ExportFormat::Xlsx => xlsx_out::render(s, &l),
        ExportFormat::Csv => csv_out::render(s, &l),
    }
}

/// The summary as plain text for a terminal, hidden cells marked.
pub fn render_text(s: &Summary, lang: Language) -> String {
    text_out::render(s, &labels::Labels::of(s, lang))
}
