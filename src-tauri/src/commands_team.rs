//! Tauri commands for team sync: thin wrappers over `Session`. Calls that
//! reach the server run on the sync worker's connection, so the screens'
//! connection is never held while waiting on the network.

use crate::state::AppState;
use feltbog_api::commands::*;
use feltbog_api::team::{
    ConflictView, InviteView, LostEditView, MemberView, SyncIndicator, SyncStatus,
};
use feltbog_api::ApiError;
use std::time::Duration;
use tauri::State;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn get_sync_indicator(
    state: State<'_, AppState>,
    req: GetSyncIndicator,
) -> Res<SyncIndicator> {
    let GetSyncIndicator {} = req;
    let status = state.poll(|s| s.sync_status()).await?;
    let (syncing, failure, arrivals) = state.sync().state();
    Ok(SyncIndicator {
        status,
        syncing,
        failure,
        arrivals,
    })
}

#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>, req: SyncNow) -> Res<()> {
    let SyncNow {} = req;
    state.touch();
    state.sync().nudge(Duration::ZERO);
    Ok(())
}

#[tauri::command]
pub async fn dismiss_sync_alarms(state: State<'_, AppState>, req: DismissSyncAlarms) -> Res<()> {
    let DismissSyncAlarms {} = req;
    state.with_session(|s| s.dismiss_sync_alarms()).await
}

#[tauri::command]
pub async fn create_team(state: State<'_, AppState>, req: CreateTeam) -> Res<SyncStatus> {
    let status = state
        .with_sync_session(move |s| {
            s.create_team(
                &req.server,
                &req.name,
                &req.setup_code,
                Some(&req.member_name),
            )
        })
        .await?;
    // The records already here join the team with the first sync.
    state.sync().nudge(Duration::ZERO);
    Ok(status)
}

#[tauri::command]
pub async fn join_team(state: State<'_, AppState>, req: JoinTeam) -> Res<SyncStatus> {
    let status = state
        .with_sync_session(move |s| s.join_team(&req.server, &req.code, Some(&req.member_name)))
        .await?;
    state.sync().nudge(Duration::ZERO);
    Ok(status)
}

#[tauri::command]
pub async fn leave_team(state: State<'_, AppState>, req: LeaveTeam) -> Res<SyncStatus> {
    let LeaveTeam {} = req;
    state
        .with_sync_session(|s| {
            s.leave_team()?;
            s.sync_status()
        })
        .await
}

#[tauri::command]
pub async fn create_invite(state: State<'_, AppState>, req: CreateInvite) -> Res<InviteView> {
    state
        .with_sync_session(move |s| s.invite(req.role, req.cases))
        .await
}

#[tauri::command]
pub async fn list_members(state: State<'_, AppState>, req: ListMembers) -> Res<Vec<MemberView>> {
    let ListMembers {} = req;
    state.with_sync_session(|s| s.members()).await
}

#[tauri::command]
pub async fn remove_member(state: State<'_, AppState>, req: RemoveMember) -> Res<MemberView> {
    state
        .with_sync_session(move |s| s.remove_member(&req.device))
        .await
}

#[tauri::command]
pub async fn list_conflicts(
    state: State<'_, AppState>,
    req: ListConflicts,
) -> Res<Vec<ConflictView>> {
    let ListConflicts {} = req;
    state.with_session(|s| s.conflict_views()).await
}

#[tauri::command]
pub async fn settle_conflict(state: State<'_, AppState>, req: SettleConflict) -> Res<()> {
    state
        .with_session(move |s| s.settle_conflict(&req.id, req.keep))
        .await
}

#[tauri::command]
pub async fn list_lost_edits(
    state: State<'_, AppState>,
    req: ListLostEdits,
) -> Res<Vec<LostEditView>> {
    let ListLostEdits {} = req;
    state.with_session(|s| s.lost_edit_views()).await
}

#[tauri::command]
pub async fn dismiss_lost_edit(state: State<'_, AppState>, req: DismissLostEdit) -> Res<()> {
    state
        .with_session(move |s| s.dismiss_lost_edit(&req.record_id))
        .await
}
