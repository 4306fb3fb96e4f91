//! Tauri commands for the youth survey: thin wrappers over `Session`.

use crate::state::AppState;
use feltbog_api::commands::*;
use feltbog_api::survey::{ClassView, CopySummary, ImportSummary, Overview, RoundView};
use feltbog_api::ApiError;
use tauri::State;

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
pub async fn get_survey_overview(
    state: State<'_, AppState>,
    req: GetSurveyOverview,
) -> Res<Overview> {
    state
        .with_session(move |s| s.survey_overview(req.round))
        .await
}
