//! Tauri commands for activities: thin wrappers over `Session`.

use crate::state::AppState;
use feltbog_api::activities::{ActivityView, DueActivityFollowUp};
use feltbog_api::commands::*;
use feltbog_api::ApiError;
use tauri::State;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn list_activities(
    state: State<'_, AppState>,
    req: ListActivities,
) -> Res<Vec<ActivityView>> {
    state.with_session(move |s| s.activities(&req.filter)).await
}

#[tauri::command]
pub async fn get_activity(state: State<'_, AppState>, req: GetActivity) -> Res<ActivityView> {
    state.with_session(move |s| s.activity(req.id)).await
}

#[tauri::command]
pub async fn record_activity(state: State<'_, AppState>, req: RecordActivity) -> Res<ActivityView> {
    state
        .with_session(move |s| s.record_activity(&req.activity))
        .await
}

#[tauri::command]
pub async fn update_activity(state: State<'_, AppState>, req: UpdateActivity) -> Res<ActivityView> {
    state
        .with_session(move |s| s.update_activity(req.id, &req.activity))
        .await
}

#[tauri::command]
pub async fn delete_activity(state: State<'_, AppState>, req: DeleteActivity) -> Res<()> {
    state.with_session(move |s| s.delete_activity(req.id)).await
}

#[tauri::command]
pub async fn list_due_activity_follow_ups(
    state: State<'_, AppState>,
    req: ListDueActivityFollowUps,
) -> Res<Vec<DueActivityFollowUp>> {
    state
        .with_session(move |s| s.due_activity_follow_ups(req.until))
        .await
}

#[tauri::command]
pub async fn set_activity_follow_up_done(
    state: State<'_, AppState>,
    req: SetActivityFollowUpDone,
) -> Res<()> {
    state
        .with_session(move |s| s.set_activity_follow_up_done(req.id, req.done))
        .await
}
