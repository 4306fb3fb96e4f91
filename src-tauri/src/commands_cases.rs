//! Tauri commands for first-offence cases: thin wrappers over `Session`,
//! which writes the access log.

use crate::state::AppState;
use feltbog_api::cases::{
    AccessEntry, CaseLink, CaseSummary, CaseView, ChainCheck, DeletionRecord, PurgeHold,
};
use feltbog_api::commands::*;
use feltbog_api::profile::RetentionPlan;
use feltbog_api::summary::ExportDone;
use feltbog_api::ApiError;
use tauri::{AppHandle, Runtime, State};

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn list_cases(state: State<'_, AppState>, req: ListCases) -> Res<Vec<CaseSummary>> {
    state
        .with_session(move |s| match req.reload {
            true => s.cases(req.overdue_only),
            false => s.open_cases_list(req.overdue_only),
        })
        .await
}

#[tauri::command]
pub async fn get_case(state: State<'_, AppState>, req: GetCase) -> Res<CaseView> {
    state.with_session(move |s| s.case(req.id)).await
}

#[tauri::command]
pub async fn find_earlier_cases(
    state: State<'_, AppState>,
    req: FindEarlierCases,
) -> Res<Vec<CaseLink>> {
    state.with_session(move |s| s.earlier_cases(&req.key)).await
}

#[tauri::command]
pub async fn add_case(state: State<'_, AppState>, req: AddCase) -> Res<CaseView> {
    state.with_session(move |s| s.add_case(&req.case)).await
}

#[tauri::command]
pub async fn update_case(state: State<'_, AppState>, req: UpdateCase) -> Res<CaseView> {
    state
        .with_session(move |s| s.update_case(req.id, &req.case, &req.reason))
        .await
}

#[tauri::command]
pub async fn link_case(state: State<'_, AppState>, req: LinkCase) -> Res<CaseView> {
    state
        .with_session(move |s| s.link_case(req.id, req.earlier))
        .await
}

#[tauri::command]
pub async fn record_step(state: State<'_, AppState>, req: RecordStep) -> Res<CaseView> {
    state
        .with_session(move |s| s.record_step(req.id, req.step, req.date, &req.details))
        .await
}

#[tauri::command]
pub async fn correct_step(state: State<'_, AppState>, req: CorrectStep) -> Res<CaseView> {
    state
        .with_session(move |s| s.correct_step(req.step, req.date, &req.details, &req.reason))
        .await
}

#[tauri::command]
pub async fn decide_repeat(state: State<'_, AppState>, req: DecideRepeat) -> Res<CaseView> {
    state
        .with_session(move |s| s.decide_repeat(req.id, req.decision, &req.other, req.date))
        .await
}

#[tauri::command]
pub async fn postpone_deletion(state: State<'_, AppState>, req: PostponeDeletion) -> Res<CaseView> {
    state
        .with_session(move |s| s.postpone_deletion(req.id, req.until, &req.reason))
        .await
}

#[tauri::command]
pub async fn delete_case(state: State<'_, AppState>, req: DeleteCase) -> Res<DeletionRecord> {
    state.with_session(move |s| s.delete_case(req.id)).await
}

#[tauri::command]
pub async fn list_deletions_due(
    state: State<'_, AppState>,
    req: ListDeletionsDue,
) -> Res<Vec<DeletionRecord>> {
    state
        .with_session(move |s| match req.reload {
            true => s.deletions_due(),
            false => s.open_deletions_due(),
        })
        .await
}

#[tauri::command]
pub async fn list_deletions(
    state: State<'_, AppState>,
    req: ListDeletions,
) -> Res<Vec<DeletionRecord>> {
    state
        .with_session(move |s| match req.reload {
            true => s.deletions(),
            false => s.open_deletions(),
        })
        .await
}

#[tauri::command]
pub async fn list_access_log(
    state: State<'_, AppState>,
    req: ListAccessLog,
) -> Res<Vec<AccessEntry>> {
    state.with_session(move |s| s.access_log(&req.filter)).await
}

#[tauri::command]
pub async fn count_stored_cpr(state: State<'_, AppState>, req: CountStoredCpr) -> Res<u32> {
    let CountStoredCpr {} = req;
    state.with_session(|s| s.stored_cpr_count()).await
}

#[tauri::command]
pub async fn remove_all_cpr(state: State<'_, AppState>, req: RemoveAllCpr) -> Res<u32> {
    let RemoveAllCpr {} = req;
    state.with_session(|s| s.remove_all_cpr()).await
}

#[tauri::command]
pub async fn verify_access_log(
    state: State<'_, AppState>,
    req: VerifyAccessLog,
) -> Res<ChainCheck> {
    let VerifyAccessLog {} = req;
    state.with_session(|s| s.verify_access_log()).await
}

#[tauri::command]
pub async fn check_access_log(state: State<'_, AppState>, req: CheckAccessLog) -> Res<ChainCheck> {
    let CheckAccessLog {} = req;
    state.with_session(|s| s.check_access_log()).await
}

#[tauri::command]
pub async fn get_purge_hold(
    state: State<'_, AppState>,
    req: GetPurgeHold,
) -> Res<Option<PurgeHold>> {
    let GetPurgeHold {} = req;
    state.with_session(|s| s.purge_hold()).await
}

#[tauri::command]
pub async fn get_retention_plan(
    state: State<'_, AppState>,
    req: GetRetentionPlan,
) -> Res<RetentionPlan> {
    let GetRetentionPlan {} = req;
    state.with_session(|s| s.retention_plan()).await
}

#[tauri::command]
pub async fn confirm_purge(
    state: State<'_, AppState>,
    req: ConfirmPurge,
) -> Res<Vec<DeletionRecord>> {
    let ConfirmPurge {} = req;
    state.with_session(|s| s.purge_confirmed()).await
}

#[tauri::command]
pub async fn choose_access_pack_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    req: ChooseAccessPackFile,
) -> Res<Option<String>> {
    let title = match state.language().await? {
        feltbog_api::profile::Language::Da => "Gem indsigten",
        feltbog_api::profile::Language::En => "Save the access pack",
    };
    let name = feltbog_api::papers::access_pack_file_name(&req.number);
    crate::dialogs::save_file(app, title, name, "PDF".to_string(), "pdf").await
}

#[tauri::command]
pub async fn save_access_pack(state: State<'_, AppState>, req: SaveAccessPack) -> Res<ExportDone> {
    let SaveAccessPack { case, path } = req;
    state
        .with_session(move |s| {
            feltbog_export::save_access_pack(s, case, std::path::Path::new(&path))
        })
        .await
}

#[tauri::command]
pub async fn choose_referat_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    req: ChooseReferatFile,
) -> Res<Option<String>> {
    let title = match state.language().await? {
        feltbog_api::profile::Language::Da => "Gem referatet",
        feltbog_api::profile::Language::En => "Save the minutes",
    };
    let name = feltbog_api::papers::referat_file_name(&req.number);
    crate::dialogs::save_file(app, title, name, "PDF".to_string(), "pdf").await
}

#[tauri::command]
pub async fn save_referat(state: State<'_, AppState>, req: SaveReferat) -> Res<ExportDone> {
    let SaveReferat {
        case,
        step,
        name,
        path,
    } = req;
    state
        .with_session(move |s| {
            feltbog_export::save_referat(
                s,
                case,
                feltbog_api::papers::StepPick::Id(step),
                Some(name.as_str()),
                std::path::Path::new(&path),
            )
        })
        .await
}

#[tauri::command]
pub async fn choose_letter_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    req: ChooseLetterFile,
) -> Res<Option<String>> {
    let title = match state.language().await? {
        feltbog_api::profile::Language::Da => "Gem brevet",
        feltbog_api::profile::Language::En => "Save the letter",
    };
    let name = feltbog_api::papers::letter_file_name(&req.number);
    crate::dialogs::save_file(app, title, name, "PDF".to_string(), "pdf").await
}

#[tauri::command]
pub async fn save_offer_letter(
    state: State<'_, AppState>,
    req: SaveOfferLetter,
) -> Res<feltbog_api::papers::LetterSaved> {
    let SaveOfferLetter { case, letter, path } = req;
    state
        .with_session(move |s| {
            feltbog_export::save_offer_letter(s, case, &letter, std::path::Path::new(&path))
        })
        .await
}

#[tauri::command]
pub async fn check_offer_letter(state: State<'_, AppState>, req: CheckOfferLetter) -> Res<()> {
    let CheckOfferLetter { case, letter } = req;
    state
        .with_session(move |s| s.offer_letter(case, &letter).map(|_| ()))
        .await
}
