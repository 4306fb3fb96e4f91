//! The Tauri commands: one per request type in `feltbog_api::commands`.
//! Each takes the request, calls core off the UI thread and maps the error;
//! no rule lives here.

use crate::state::{blocking, AppState};
use feltbog_api::commands::*;
use feltbog_api::dates::IsoWeek;
use feltbog_api::desk::{Desk, Ownership};
use feltbog_api::profile::{PassphraseCheck, ProfileStatus, RecoveryCodeView, Settings};
use feltbog_api::schools::{SchoolDuplicate, SchoolView};
use feltbog_api::search::SearchResults;
use feltbog_api::secret::Secret;
use feltbog_api::visits::{DueFollowUp, VisitView};
use feltbog_api::ApiError;
use feltbog_core::keys::KdfParams;
use feltbog_core::profile::check_repeated;
use tauri::State;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn get_profile_status(
    state: State<'_, AppState>,
    req: GetProfileStatus,
) -> Res<ProfileStatus> {
    let GetProfileStatus {} = req;
    Ok(state.status())
}

#[tauri::command]
pub async fn heartbeat(state: State<'_, AppState>, req: Heartbeat) -> Res<ProfileStatus> {
    if req.active {
        state.touch();
    }
    Ok(state.status())
}

#[tauri::command]
pub async fn create_profile(
    state: State<'_, AppState>,
    req: CreateProfile,
) -> Res<RecoveryCodeView> {
    check_repeated(req.passphrase.expose(), req.repeated.expose())?;
    let st = state.inner().clone();
    blocking(move || {
        let (opened, code) = st
            .profile()
            .create(req.passphrase.expose(), KdfParams::DEFAULT)?;
        st.open(opened)?;
        Ok(RecoveryCodeView {
            code: Secret::new(code.as_str()),
        })
    })
    .await
}

/// The strength of a new passphrase while it is typed. Nothing is kept;
/// the text is zeroed when the request is dropped.
#[tauri::command]
pub async fn check_passphrase(req: CheckPassphrase) -> Res<PassphraseCheck> {
    Ok(feltbog_core::passphrase::check(req.passphrase.expose()))
}

#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, req: Unlock) -> Res<Settings> {
    let st = state.inner().clone();
    blocking(move || {
        let opened = st.profile().unlock(req.passphrase.expose())?;
        Ok(st.open(opened)?.settings)
    })
    .await
}

#[tauri::command]
pub async fn unlock_with_recovery(
    state: State<'_, AppState>,
    req: UnlockWithRecovery,
) -> Res<RecoveryCodeView> {
    check_repeated(req.new_passphrase.expose(), req.repeated.expose())?;
    let st = state.inner().clone();
    blocking(move || {
        let (opened, code) = st
            .profile()
            .unlock_with_recovery(req.code.expose(), req.new_passphrase.expose())?;
        st.open(opened)?;
        Ok(RecoveryCodeView {
            code: Secret::new(code.as_str()),
        })
    })
    .await
}

#[tauri::command]
pub async fn renew_recovery_code(
    state: State<'_, AppState>,
    req: RenewRecoveryCode,
) -> Res<RecoveryCodeView> {
    let st = state.inner().clone();
    blocking(move || {
        st.touch();
        let code = st.profile().renew_recovery_code(req.passphrase.expose())?;
        Ok(RecoveryCodeView {
            code: Secret::new(code.as_str()),
        })
    })
    .await
}

#[tauri::command]
pub async fn lock(state: State<'_, AppState>, req: Lock) -> Res<()> {
    let Lock {} = req;
    state.lock();
    Ok(())
}

#[tauri::command]
pub async fn change_passphrase(state: State<'_, AppState>, req: ChangePassphrase) -> Res<()> {
    check_repeated(req.new_passphrase.expose(), req.repeated.expose())?;
    state
        .with_session(move |s| {
            s.change_passphrase(req.current.expose(), req.new_passphrase.expose())
        })
        .await
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>, req: GetSettings) -> Res<Settings> {
    let GetSettings {} = req;
    state.with_session(|s| s.settings()).await
}

#[tauri::command]
pub async fn update_settings(state: State<'_, AppState>, req: UpdateSettings) -> Res<Settings> {
    state
        .with_session(move |s| s.update_settings(&req.settings))
        .await
}

#[tauri::command]
pub async fn load_demo(state: State<'_, AppState>, req: LoadDemo) -> Res<()> {
    let LoadDemo {} = req;
    state.with_session(|s| s.load_demo()).await
}

#[tauri::command]
pub async fn list_schools(state: State<'_, AppState>, req: ListSchools) -> Res<Vec<SchoolView>> {
    crate::test_hooks::fail_read("list_schools")?;
    state
        .with_session(move |s| s.schools(req.include_inactive))
        .await
}

#[tauri::command]
pub async fn add_school(state: State<'_, AppState>, req: AddSchool) -> Res<SchoolView> {
    state.with_session(move |s| s.add_school(&req.school)).await
}

#[tauri::command]
pub async fn update_school(state: State<'_, AppState>, req: UpdateSchool) -> Res<SchoolView> {
    state
        .with_session(move |s| s.update_school(req.id, &req.school))
        .await
}

#[tauri::command]
pub async fn list_visits(state: State<'_, AppState>, req: ListVisits) -> Res<Vec<VisitView>> {
    state.with_session(move |s| s.visits(&req.filter)).await
}

#[tauri::command]
pub async fn get_visit(state: State<'_, AppState>, req: GetVisit) -> Res<VisitView> {
    state.with_session(move |s| s.visit(req.id)).await
}

#[tauri::command]
pub async fn record_visit(state: State<'_, AppState>, req: RecordVisit) -> Res<VisitView> {
    state
        .with_session(move |s| s.record_visit(&req.visit))
        .await
}

#[tauri::command]
pub async fn update_visit(state: State<'_, AppState>, req: UpdateVisit) -> Res<VisitView> {
    state
        .with_session(move |s| s.update_visit(req.id, &req.visit))
        .await
}

#[tauri::command]
pub async fn mark_visit_done(state: State<'_, AppState>, req: MarkVisitDone) -> Res<VisitView> {
    state.with_session(move |s| s.mark_visit_done(req.id)).await
}

#[tauri::command]
pub async fn delete_visit(state: State<'_, AppState>, req: DeleteVisit) -> Res<()> {
    state.with_session(move |s| s.delete_visit(req.id)).await
}

#[tauri::command]
pub async fn get_desk(state: State<'_, AppState>, req: GetDesk) -> Res<Desk> {
    state
        .with_session(move |s| s.desk_for(req.mine, req.reload))
        .await
}

#[tauri::command]
pub async fn get_ownership(state: State<'_, AppState>, req: GetOwnership) -> Res<Ownership> {
    let GetOwnership {} = req;
    state.with_session(|s| s.ownership()).await
}

#[tauri::command]
pub async fn assign(state: State<'_, AppState>, req: Assign) -> Res<String> {
    state
        .with_session(move |s| s.assign(&req.record, &req.member).map(|h| h.owner))
        .await
}

#[tauri::command]
pub async fn search(state: State<'_, AppState>, req: Search) -> Res<SearchResults> {
    state.with_session(move |s| s.search(&req.text)).await
}

#[tauri::command]
pub async fn list_due_follow_ups(
    state: State<'_, AppState>,
    req: ListDueFollowUps,
) -> Res<Vec<DueFollowUp>> {
    state
        .with_session(move |s| s.due_follow_ups(req.until))
        .await
}

#[tauri::command]
pub async fn set_follow_up_done(state: State<'_, AppState>, req: SetFollowUpDone) -> Res<()> {
    state
        .with_session(move |s| s.set_follow_up_done(req.id, req.done))
        .await
}

#[tauri::command]
pub async fn current_week(state: State<'_, AppState>, req: CurrentWeek) -> Res<IsoWeek> {
    let CurrentWeek {} = req;
    state
        .with_session(|s| Ok::<_, feltbog_core::Error>(IsoWeek::of(s.today())))
        .await
}

/// Today by the app's clock, for the dates the UI proposes; needs no
/// unlock.
#[tauri::command]
pub async fn get_today(state: State<'_, AppState>, req: GetToday) -> Res<chrono::NaiveDate> {
    let GetToday {} = req;
    Ok(state.today())
}

/// The page's zoom (Ctrl and + or −): the webview's own zoom, so the
/// layout reflows as at a smaller window. Not async: Tauri runs a plain
/// command on the main thread, one after another, so quick presses land in
/// the order they were made.
#[tauri::command]
pub fn set_zoom<R: tauri::Runtime>(window: tauri::WebviewWindow<R>, req: SetZoom) -> Res<u16> {
    let percent = req.percent.clamp(60, 300);
    window
        .set_zoom(f64::from(percent) / 100.0)
        .map_err(|e| ApiError::new(feltbog_api::ErrorKind::Internal, e.to_string()))?;
    Ok(percent)
}

#[tauri::command]
pub async fn get_about(req: GetAbout) -> Res<feltbog_api::about::AboutView> {
    let GetAbout {} = req;
    crate::about::view()
}

#[tauri::command]
pub async fn save_draft(state: State<'_, AppState>, req: SaveDraft) -> Res<()> {
    state
        .with_session(move |s| s.save_draft(&req.form, &req.body))
        .await
}

#[tauri::command]
pub async fn get_draft(state: State<'_, AppState>, req: GetDraft) -> Res<Option<String>> {
    state.with_session(move |s| s.draft(&req.form)).await
}

#[tauri::command]
pub async fn discard_draft(state: State<'_, AppState>, req: DiscardDraft) -> Res<()> {
    state
        .with_session(move |s| s.discard_draft(&req.form))
        .await
}

#[tauri::command]
pub async fn list_school_duplicates(
    state: State<'_, AppState>,
    req: ListSchoolDuplicates,
) -> Res<Vec<SchoolDuplicate>> {
    let ListSchoolDuplicates {} = req;
    state.with_session(|s| s.school_duplicates()).await
}

#[tauri::command]
pub async fn merge_schools(state: State<'_, AppState>, req: MergeSchools) -> Res<SchoolView> {
    state.with_session(move |s| s.merge_schools(req.keep)).await
}
