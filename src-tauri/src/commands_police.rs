//! Tauri commands for the police's list (issue 24): thin wrappers over
//! `Session`, which checks every row and writes the access log.

use crate::state::AppState;
use feltbog_api::commands::*;
use feltbog_api::police::{ListImported, ListPreview, Pending, Triaged};
use feltbog_api::profile::Language;
use feltbog_api::ApiError;
use tauri::{AppHandle, Runtime, State};

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn choose_police_list<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    req: ChoosePoliceList,
) -> Res<Option<String>> {
    let ChoosePoliceList {} = req;
    let (title, filter) = match state.language().await? {
        Language::Da => ("Vælg politiets liste", "Politiets liste (CSV eller Excel)"),
        Language::En => ("Choose the police's list", "Police list (CSV or Excel)"),
    };
    crate::dialogs::open_file(app, title, filter.to_string(), &["csv", "txt", "xlsx"]).await
}

#[tauri::command]
pub async fn preview_police_list(
    state: State<'_, AppState>,
    req: PreviewPoliceList,
) -> Res<ListPreview> {
    state
        .with_session(move |s| s.preview_police_list(&req.source))
        .await
}

#[tauri::command]
pub async fn import_police_list(
    state: State<'_, AppState>,
    req: ImportPoliceList,
) -> Res<ListImported> {
    state
        .with_session(move |s| s.import_police_list(&req.list))
        .await
}

#[tauri::command]
pub async fn list_pending(state: State<'_, AppState>, req: ListPending) -> Res<Vec<Pending>> {
    state
        .with_session(move |s| match req.reload {
            true => s.reload_pending(),
            false => s.open_pending(),
        })
        .await
}

#[tauri::command]
pub async fn triage_pending(state: State<'_, AppState>, req: TriagePending) -> Res<Triaged> {
    state
        .with_session(move |s| s.triage(req.id, req.choice))
        .await
}

#[tauri::command]
pub async fn count_pending(state: State<'_, AppState>, req: CountPending) -> Res<u32> {
    let CountPending {} = req;
    state.with_session(move |s| s.pending_count()).await
}
