//! Tauri commands for the data-protection papers (*Indstillinger →
//! Databeskyttelse*): thin wrappers over `feltbog_export::compliance`. The
//! save dialog is the shell's, as for every file that leaves the app.

use crate::state::AppState;
use feltbog_api::commands::*;
use feltbog_api::compliance::{compliance_file_name, Paper, PaperFormat};
use feltbog_api::profile::Language;
use feltbog_api::summary::ExportDone;
use feltbog_api::ApiError;
use tauri::{AppHandle, Runtime, State};

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn get_compliance_paper(
    state: State<'_, AppState>,
    _req: GetCompliancePaper,
) -> Res<Paper> {
    state
        .with_session(|s| feltbog_export::compliance::paper_of(s))
        .await
}

#[tauri::command]
pub async fn choose_compliance_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    req: ChooseComplianceFile,
) -> Res<Option<String>> {
    // Only a coordinator (or a profile alone) may: ask before the dialog.
    let (lang, today) = state
        .with_session(|s| {
            s.check_may_make_papers()?;
            Ok::<_, feltbog_core::Error>((s.settings()?.language, s.today()))
        })
        .await?;
    let title = match lang {
        Language::Da => "Gem papirerne om databeskyttelse",
        Language::En => "Save the data-protection papers",
    };
    let filter = match (req.format, lang) {
        (PaperFormat::Pdf, _) => "PDF",
        (PaperFormat::Text, Language::Da) => "Tekst",
        (PaperFormat::Text, Language::En) => "Text",
    };
    let ext = req.format.extension();
    let name = compliance_file_name(today, req.format);
    crate::dialogs::save_file(app, title, name, filter.to_string(), ext).await
}

#[tauri::command]
pub async fn export_compliance(
    state: State<'_, AppState>,
    req: ExportCompliance,
) -> Res<ExportDone> {
    let ExportCompliance { format, path } = req;
    state
        .with_session(move |s| {
            feltbog_export::compliance::save(s, format, std::path::Path::new(&path))
        })
        .await
}
