//! Tauri commands for the files that leave the app, the summary of a
//! period and the calendar: thin wrappers over `Session` and `feltbog_export`. The
//! save dialog is shown by the shell (the dialog plugin's Rust side), so
//! the window holds no file-system or dialog permission: it can only ask
//! for a path and then for an export.

use crate::state::AppState;
use feltbog_api::calendar::CalendarDone;
use feltbog_api::commands::*;
use feltbog_api::summary::{ExportDone, SchoolReportsDone, Summary};
use feltbog_api::trends::Trends;
use feltbog_api::ApiError;
use tauri::{AppHandle, Runtime, State};

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn get_summary(state: State<'_, AppState>, req: GetSummary) -> Res<Summary> {
    state.with_session(move |s| s.summary(req.period)).await
}

#[tauri::command]
pub async fn choose_export_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    req: ChooseExportFile,
) -> Res<Option<String>> {
    // Only an unlocked profile may export; ask before showing a dialog.
    let title = state.language().await?;
    let name = req.format.file_name(&req.period);
    let week = req.period.kind() == feltbog_api::period::PeriodKind::Week;
    let ext = req.format.as_str();
    let title = match (title, week) {
        (feltbog_api::profile::Language::Da, true) => "Gem ugerapporten",
        (feltbog_api::profile::Language::Da, false) => "Gem rapporten",
        (feltbog_api::profile::Language::En, true) => "Save the weekly summary",
        (feltbog_api::profile::Language::En, false) => "Save the report",
    };
    crate::dialogs::save_file(app, title, name, ext.to_uppercase(), ext).await
}

#[tauri::command]
pub async fn export_summary(state: State<'_, AppState>, req: ExportSummary) -> Res<ExportDone> {
    let ExportSummary {
        period,
        format,
        path,
    } = req;
    state
        .with_session(move |s| feltbog_export::save(s, period, format, std::path::Path::new(&path)))
        .await
}

#[tauri::command]
pub async fn choose_calendar_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    _req: ChooseCalendarFile,
) -> Res<Option<String>> {
    let lang = state.language().await?;
    let (title, name) = match lang {
        feltbog_api::profile::Language::Da => ("Gem kalenderen", "Feltbog-kalender.ics"),
        feltbog_api::profile::Language::En => ("Save the calendar", "Feltbog-calendar.ics"),
    };
    crate::dialogs::save_file(app, title, name.to_string(), "iCalendar".to_string(), "ics").await
}

#[tauri::command]
pub async fn export_calendar(state: State<'_, AppState>, req: ExportCalendar) -> Res<CalendarDone> {
    let ExportCalendar { from, to, path } = req;
    state
        .with_session(move |s| {
            feltbog_export::calendar::save_calendar(s, from, to, std::path::Path::new(&path))
        })
        .await
}

#[tauri::command]
pub async fn get_trends(state: State<'_, AppState>, req: GetTrends) -> Res<Trends> {
    state.with_session(move |s| s.trends(req.years)).await
}

#[tauri::command]
pub async fn choose_trends_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    req: ChooseTrendsFile,
) -> Res<Option<String>> {
    let ext = req.format.as_str();
    let name = feltbog_api::trends::trends_file_name(req.first, req.last, ext);
    let title = match state.language().await? {
        feltbog_api::profile::Language::Da => "Gem udviklingen",
        feltbog_api::profile::Language::En => "Save the trends",
    };
    crate::dialogs::save_file(app, title, name, ext.to_uppercase(), ext).await
}

#[tauri::command]
pub async fn export_trends(state: State<'_, AppState>, req: ExportTrends) -> Res<ExportDone> {
    let ExportTrends {
        years,
        format,
        path,
    } = req;
    state
        .with_session(move |s| {
            feltbog_export::save_trends(s, years, format, std::path::Path::new(&path))
        })
        .await
}

#[tauri::command]
pub async fn get_school_report(state: State<'_, AppState>, req: GetSchoolReport) -> Res<Summary> {
    state
        .with_session(move |s| s.school_report(req.school, req.start))
        .await
}

#[tauri::command]
pub async fn choose_school_report_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    req: ChooseSchoolReportFile,
) -> Res<Option<String>> {
    let ChooseSchoolReportFile { school, start } = req;
    let name = state
        .with_session(move |s| {
            Ok::<_, feltbog_core::Error>(s.find_school(&school.to_string())?.name)
        })
        .await?;
    let title = match state.language().await? {
        feltbog_api::profile::Language::Da => "Gem skolens rapport",
        feltbog_api::profile::Language::En => "Save the school's report",
    };
    let file = feltbog_api::summary::school_report_file_name(&name, start);
    crate::dialogs::save_file(app, title, file, "PDF".to_string(), "pdf").await
}

#[tauri::command]
pub async fn export_school_report(
    state: State<'_, AppState>,
    req: ExportSchoolReport,
) -> Res<ExportDone> {
    let ExportSchoolReport {
        school,
        start,
        path,
    } = req;
    state
        .with_session(move |s| {
            feltbog_export::save_school_report(s, school, start, std::path::Path::new(&path))
        })
        .await
}

#[tauri::command]
pub async fn choose_report_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    _req: ChooseReportFolder,
) -> Res<Option<String>> {
    let title = match state.language().await? {
        feltbog_api::profile::Language::Da => "Vælg mappen til skolernes rapporter",
        feltbog_api::profile::Language::En => "Choose the folder for the schools' reports",
    };
    crate::dialogs::pick_folder(app, title).await
}

#[tauri::command]
pub async fn export_all_school_reports(
    state: State<'_, AppState>,
    req: ExportAllSchoolReports,
) -> Res<SchoolReportsDone> {
    let ExportAllSchoolReports { start, dir } = req;
    state
        .with_session(move |s| {
            feltbog_export::save_all_school_reports(s, start, std::path::Path::new(&dir))
        })
        .await
}
