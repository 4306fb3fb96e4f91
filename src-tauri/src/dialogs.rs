//! What the file dialogs the shell shows (exports, backups, class lists)
//! share: where they open, and their answer as the path the UI sends back.

use feltbog_api::{ApiError, ErrorKind};
use tauri_plugin_dialog::FilePath;

/// A dialog's answer as the path the UI sends back (`None`: cancelled).
pub fn path_text(p: Option<FilePath>) -> Result<Option<String>, ApiError> {
    p.map(|p| {
        p.into_path()
            .map(|p| p.display().to_string())
            .map_err(|e| ApiError::new(ErrorKind::Io, e.to_string()))
    })
    .transpose()
}

/// The user's documents folder, where a report or a backup is most likely
/// saved.
pub fn documents() -> Option<std::path::PathBuf> {
    directories::UserDirs::new().and_then(|u| u.document_dir().map(Into::into))
}

/// Shows the save dialog in the documents folder, proposing `name`, with
/// one filter (`filter`, files ending in `.ext`); answers the chosen path,
/// or `None` when cancelled.
pub async fn save_file<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    title: &'static str,
    name: String,
    filter: String,
    ext: &'static str,
) -> Result<Option<String>, ApiError> {
    use tauri_plugin_dialog::DialogExt;
    let dir = documents();
    let chosen = crate::state::blocking(move || {
        let mut d = app
            .dialog()
            .file()
            .set_title(title)
            .set_file_name(&name)
            .add_filter(filter, &[ext]);
        if let Some(dir) = dir {
            d = d.set_directory(dir);
        }
        Ok(d.blocking_save_file())
    })
    .await?;
    path_text(chosen)
}

/// Shows the open dialog in the documents folder for a file ending in one
/// of `exts` (`filter` names them); answers the chosen path, or `None`
/// when cancelled.
pub async fn open_file<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    title: &'static str,
    filter: String,
    exts: &'static [&'static str],
) -> Result<Option<String>, ApiError> {
    use tauri_plugin_dialog::DialogExt;
    let dir = documents();
    let chosen = crate::state::blocking(move || {
        let mut d = app
            .dialog()
            .file()
            .set_title(title)
            .add_filter(filter, exts);
        if let Some(dir) = dir {
            d = d.set_directory(dir);
        }
        Ok(d.blocking_pick_file())
    })
    .await?;
    path_text(chosen)
}

/// Shows the folder dialog in the documents folder; answers the chosen
/// folder, or `None` when cancelled.
pub async fn pick_folder<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    title: &'static str,
) -> Result<Option<String>, ApiError> {
    use tauri_plugin_dialog::DialogExt;
    let dir = documents();
    let chosen = crate::state::blocking(move || {
        let mut d = app.dialog().file().set_title(title);
        if let Some(dir) = dir {
            d = d.set_directory(dir);
        }
        Ok(d.blocking_pick_folder())
    })
    .await?;
    path_text(chosen)
}
