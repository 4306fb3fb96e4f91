//! Tauri commands for backup and restore: thin wrappers over
//! `Session::backup` and `Profile::restore`. The dialogs are shown from
//! Rust, as for exports, so the window holds no file-system permission.

use crate::state::{blocking, AppState};
use feltbog_api::commands::*;
use feltbog_api::profile::{BackupDone, Language, RestoreDone, RestoreKey};
use feltbog_api::secret::Secret;
use feltbog_api::ApiError;
use feltbog_core::backup::EXTENSION;
use feltbog_core::profile::check_repeated;
use tauri::{AppHandle, Runtime, State};

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn choose_backup_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    req: ChooseBackupFile,
) -> Res<Option<String>> {
    let ChooseBackupFile {} = req;
    // Only an unlocked profile is backed up; ask before showing a dialog.
    let (lang, today) = state
        .with_session(|s| Ok::<_, feltbog_core::Error>((s.settings()?.language, s.today())))
        .await?;
    let (title, filter) = match lang {
        Language::Da => ("Gem sikkerhedskopi", "Feltbog-sikkerhedskopi"),
        Language::En => ("Save a backup", "Feltbog backup"),
    };
    let name = format!("Feltbog-sikkerhedskopi-{today}.{EXTENSION}");
    crate::dialogs::save_file(app, title, name, filter.to_string(), EXTENSION).await
}

#[tauri::command]
pub async fn write_backup(state: State<'_, AppState>, req: WriteBackup) -> Res<BackupDone> {
    state
        .with_session(move |s| s.backup(std::path::Path::new(&req.path)))
        .await
}

#[tauri::command]
pub async fn choose_restore_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    req: ChooseRestoreFile,
) -> Res<Option<String>> {
    let ChooseRestoreFile {} = req;
    if state.profile().exists() {
        return Err(feltbog_core::Error::ProfileExists(state.profile().dir().into()).into());
    }
    const EXTENSIONS: &[&str] = &[EXTENSION];
    let filter = "Feltbog-sikkerhedskopi".to_string();
    crate::dialogs::open_file(app, "Gendan fra sikkerhedskopi", filter, EXTENSIONS).await
}

#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, req: RestoreBackup) -> Res<RestoreDone> {
    if let RestoreKey::RecoveryCode {
        new_passphrase,
        repeated,
        ..
    } = &req.key
    {
        check_repeated(new_passphrase.expose(), repeated.expose())?;
    }
    let st = state.inner().clone();
    blocking(move || {
        let (opened, new_code) = st
            .profile()
            .restore(std::path::Path::new(&req.path), &req.key)?;
        let made_at = opened.session.restored_from()?.unwrap_or_default();
        let opening = st.open(opened)?;
        Ok(RestoreDone {
            made_at,
            deleted: opening.deleted as u32,
            held: opening.hold,
            new_code: new_code.map(|c| Secret::new(c.as_str())),
        })
    })
    .await
}
