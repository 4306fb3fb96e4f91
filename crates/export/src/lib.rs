//! The weekly summary written out for management: PDF (typst), Excel
//! (rust_xlsxwriter) and CSV. Native only: the UI's wasm never links this
//! (the shell renders, the webview only asks). Every renderer takes the
//! summary *after* suppression and writes each marked cell as "<5" or "x",
//! so no export can show a hidden number. The bytes are returned, not
//! written: the caller writes them atomically (`feltbog_core::files`).
#![forbid(unsafe_code)]

mod csv_out;
mod labels;
mod pdf;
mod text_out;
mod xlsx_out;

use feltbog_api::profile::Language;
use feltbog_api::summary::{ExportFormat, WeeklySummary};
pub use labels::neutralise;

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
}

/// The summary as the bytes of a file in `format`, in `lang`.
pub fn render(s: &WeeklySummary, format: ExportFormat, lang: Language) -> Result<Vec<u8>, Error> {
    let l = labels::Labels::of(s, lang);
    match format {
        ExportFormat::Pdf => pdf::render(s, &l),
        ExportFormat::Xlsx => xlsx_out::render(s, &l),
        ExportFormat::Csv => csv_out::render(s, &l),
    }
}

/// The summary as plain text for a terminal, hidden cells marked.
pub fn render_text(s: &WeeklySummary, lang: Language) -> String {
    text_out::render(s, &labels::Labels::of(s, lang))
}
