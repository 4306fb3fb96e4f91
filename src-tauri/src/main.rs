//! Starts the Feltbog desktop app.
#![forbid(unsafe_code)]
// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    if feltbog_desk::webview::missing() {
        feltbog_desk::webview::say_missing();
        return std::process::ExitCode::FAILURE;
    }
    let Some(dir) = feltbog_desk::data_dir() else {
        eprintln!("feltbog: no data directory; set FELTBOG_DATA_DIR");
        return std::process::ExitCode::FAILURE;
    };
    let app = feltbog_desk::builder(tauri::Builder::default(), dir).run(tauri::generate_context!());
    match app {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("feltbog: the app could not start: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
