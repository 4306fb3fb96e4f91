//! Tauri commands for the youth survey: thin wrappers over `Session`, and
//! the open dialog for a class list (shown from Rust, so the window holds
//! no file-system permission).

use crate::state::AppState;
use feltbog_api::commands::*;
use feltbog_api::profile::Language;
use feltbog_api::survey::{
    ClassView, CopySummary, ImportPreview, ImportSummary, Overview, RoundView,
};
use feltbog_api::ApiError;
use std::path::Path;
use tauri::{AppHandle, Runtime, State};

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn list_rounds(state: State<'_, AppState>, req: ListRounds) -> Res<Vec<RoundView>> {
    let ListRounds {} = req;
    state.with_session(|s| s.rounds()).await
}

#[tauri::command]
pub async fn add_round(state: State<'_, AppState>, req: AddRound) -> Res<RoundView> {
    state.with_session(move |s| s.add_round(&req.round)).await
}

#[tauri::command]
pub async fn update_round(state: State<'_, AppState>, req: UpdateRound) -> Res<RoundView> {
    state
        .with_session(move |s| s.update_round(req.id, &req.round))
        .await
}

#[tauri::command]
pub async fn delete_round(state: State<'_, AppState>, req: DeleteRound) -> Res<()> {
    state.with_session(move |s| s.delete_round(req.id)).await
}

#[tauri::command]
pub async fn list_classes(state: State<'_, AppState>, req: ListClasses) -> Res<Vec<ClassView>> {
    state
        .with_session(move |s| s.classes(req.round, req.school))
        .await
}

#[tauri::command]
pub async fn save_class(state: State<'_, AppState>, req: SaveClass) -> Res<ClassView> {
    state
        .with_session(move |s| s.save_class(req.id, &req.class))
        .await
}

#[tauri::command]
pub async fn delete_class(state: State<'_, AppState>, req: DeleteClass) -> Res<()> {
    state.with_session(move |s| s.delete_class(req.id)).await
}

#[tauri::command]
pub async fn copy_classes(state: State<'_, AppState>, req: CopyClasses) -> Res<CopySummary> {
    state
        .with_session(move |s| s.copy_classes(req.from, req.to, req.school))
        .await
}

#[tauri::command]
pub async fn import_classes(state: State<'_, AppState>, req: ImportClasses) -> Res<ImportSummary> {
    state
        .with_session(move |s| s.import_classes(req.round, req.csv.as_bytes()))
        .await
}

#[tauri::command]
pub async fn choose_class_list<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    req: ChooseClassList,
) -> Res<Option<String>> {
    let ChooseClassList {} = req;
    let lang = state.language().await?;
    let (title, filter) = match lang {
        Language::Da => ("Vælg klasselisten", "Klasseliste (CSV)"),
        Language::En => ("Choose the class list", "Class list (CSV)"),
    };
    crate::dialogs::open_file(app, title, filter.to_string(), &["csv", "txt"]).await
}

#[tauri::command]
pub async fn preview_class_list(
    state: State<'_, AppState>,
    req: PreviewClassList,
) -> Res<ImportPreview> {
    state
        .with_session(move |s| s.preview_class_file(req.round, Path::new(&req.path)))
        .await
}

#[tauri::command]
pub async fn import_class_list(
    state: State<'_, AppState>,
    req: ImportClassList,
) -> Res<ImportSummary> {
    state
        .with_session(move |s| s.import_class_file(req.round, Path::new(&req.path)))
        .await
}

#[tauri::command]
pub async fn get_survey_overview(
    state: State<'_, AppState>,
    req: GetSurveyOverview,
) -> Res<Overview> {
    state
        .with_session(move |s| s.survey_overview(req.round))
        .await
}
