//! Tauri commands for parent cafés: thin wrappers over `Session`.

use crate::state::AppState;
use feltbog_api::cafes::{Attendance, CafeView, DueAgreement};
use feltbog_api::commands::*;
use feltbog_api::ApiError;
use tauri::State;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn list_cafes(state: State<'_, AppState>, req: ListCafes) -> Res<Vec<CafeView>> {
    state.with_session(move |s| s.cafes(&req.filter)).await
}

#[tauri::command]
pub async fn get_cafe(state: State<'_, AppState>, req: GetCafe) -> Res<CafeView> {
    state.with_session(move |s| s.cafe(req.id)).await
}

#[tauri::command]
pub async fn record_cafe(state: State<'_, AppState>, req: RecordCafe) -> Res<CafeView> {
    state.with_session(move |s| s.record_cafe(&req.cafe)).await
}

#[tauri::command]
pub async fn update_cafe(state: State<'_, AppState>, req: UpdateCafe) -> Res<CafeView> {
    state
        .with_session(move |s| s.update_cafe(req.id, &req.cafe))
        .await
}

#[tauri::command]
pub async fn delete_cafe(state: State<'_, AppState>, req: DeleteCafe) -> Res<()> {
    state.with_session(move |s| s.delete_cafe(req.id)).await
}

#[tauri::command]
pub async fn list_due_agreements(
    state: State<'_, AppState>,
    req: ListDueAgreements,
) -> Res<Vec<DueAgreement>> {
    state
        .with_session(move |s| s.due_agreements(req.until))
        .await
}

#[tauri::command]
pub async fn set_agreement_done(state: State<'_, AppState>, req: SetAgreementDone) -> Res<()> {
    state
        .with_session(move |s| s.set_agreement_done(req.id, req.done))
        .await
}

#[tauri::command]
pub async fn get_attendance(state: State<'_, AppState>, req: GetAttendance) -> Res<Attendance> {
    state
        .with_session(move |s| s.attendance(req.from, req.to))
        .await
}
