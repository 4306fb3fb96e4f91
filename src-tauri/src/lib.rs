//! Feltbog's desktop shell: Tauri 2 around core and the Leptos UI.
//!
//! The shell owns the window, the app state and the idle lock. Every command
//! is a thin wrapper in [`commands`]; the rules are in `feltbog-core`.
#![forbid(unsafe_code)]

mod about;
pub mod commands;
pub mod commands_activities;
pub mod commands_backup;
pub mod commands_cafes;
pub mod commands_cases;
pub mod commands_compliance;
pub mod commands_police;
pub mod commands_summary;
pub mod commands_survey;
pub mod commands_team;
mod dialogs;
mod reminder;
pub mod state;
pub mod sync;
mod test_hooks;
pub mod webview;

use feltbog_core::Profile;
use state::AppState;
use std::path::PathBuf;
use tauri::Emitter;

/// Registers the state and every command on a Tauri builder. Generic over the
/// runtime so tests can use Tauri's mock runtime.
pub fn builder<R: tauri::Runtime>(b: tauri::Builder<R>, data_dir: PathBuf) -> tauri::Builder<R> {
    let state = AppState::new(Profile::at(data_dir));
    state::spawn_idle_lock(state.clone());
    let on_lock = state.clone();
    // The file dialogs and the daily reminder are shown from Rust only, so
    // the window's capability grants no dialog or notification permission.
    b.plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .manage(state)
        .setup(move |app| {
            // The idle lock tells the UI at once, so no record stays on
            // screen after the key has gone.
            let handle = app.handle().clone();
            on_lock.set_on_lock(move || {
                let _ = handle.emit(feltbog_api::commands::LOCKED_EVENT, ());
            });
            let handle = app.handle().clone();
            reminder::open_desk_on_click(&handle);
            on_lock.set_on_remind(move |r, lang| reminder::show(&handle, r, lang));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::get_profile_status,
            commands::heartbeat,
            commands::create_profile,
            commands::check_passphrase,
            commands::unlock,
            commands::unlock_with_recovery,
            commands::renew_recovery_code,
            commands::lock,
            commands::change_passphrase,
            commands::get_settings,
            commands::update_settings,
            commands::load_demo,
            commands::save_draft,
            commands::get_draft,
            commands::discard_draft,
            commands::list_schools,
            commands::add_school,
            commands::update_school,
            commands::list_school_duplicates,
            commands::merge_schools,
            commands::list_visits,
            commands::get_visit,
            commands::record_visit,
            commands::update_visit,
            commands::mark_visit_done,
            commands::delete_visit,
            commands::list_due_follow_ups,
            commands::set_follow_up_done,
            commands::current_week,
            commands::get_today,
            commands::set_zoom,
            commands::get_about,
            commands_cafes::list_cafes,
            commands_cafes::get_cafe,
            commands_cafes::record_cafe,
            commands_cafes::update_cafe,
            commands_cafes::delete_cafe,
            commands_cafes::list_due_agreements,
            commands_cafes::set_agreement_done,
            commands_cafes::get_attendance,
            commands_activities::list_activities,
            commands_activities::get_activity,
            commands_activities::record_activity,
            commands_activities::update_activity,
            commands_activities::delete_activity,
            commands_activities::list_due_activity_follow_ups,
            commands_activities::set_activity_follow_up_done,
            commands_survey::list_rounds,
            commands_survey::add_round,
            commands_survey::update_round,
            commands_survey::delete_round,
            commands_survey::list_classes,
            commands_survey::save_class,
            commands_survey::delete_class,
            commands_survey::copy_classes,
            commands_survey::import_classes,
            commands_survey::choose_class_list,
            commands_survey::preview_class_list,
            commands_survey::import_class_list,
            commands_survey::get_survey_overview,
            commands::get_desk,
            commands::search,
            commands::get_ownership,
            commands::assign,
            commands_summary::choose_calendar_file,
            commands_summary::export_calendar,
            commands_cases::list_cases,
            commands_cases::get_case,
            commands_cases::find_earlier_cases,
            commands_cases::add_case,
            commands_cases::update_case,
            commands_cases::link_case,
            commands_cases::record_step,
            commands_cases::correct_step,
            commands_cases::decide_repeat,
            commands_cases::postpone_deletion,
            commands_cases::delete_case,
            commands_cases::list_deletions_due,
            commands_cases::get_purge_hold,
            commands_cases::get_retention_plan,
            commands_cases::confirm_purge,
            commands_cases::list_deletions,
            commands_cases::list_access_log,
            commands_cases::verify_access_log,
            commands_cases::check_access_log,
            commands_cases::choose_access_pack_file,
            commands_cases::save_access_pack,
            commands_cases::choose_referat_file,
            commands_cases::save_referat,
            commands_cases::check_offer_letter,
            commands_cases::choose_letter_file,
            commands_cases::save_offer_letter,
            commands_police::choose_police_list,
            commands_police::preview_police_list,
            commands_police::import_police_list,
            commands_police::list_pending,
            commands_police::count_pending,
            commands_police::triage_pending,
            commands_cases::count_stored_cpr,
            commands_cases::remove_all_cpr,
            commands_backup::choose_backup_file,
            commands_backup::write_backup,
            commands_backup::choose_restore_file,
            commands_backup::restore_backup,
            commands_team::get_sync_indicator,
            commands_team::sync_now,
            commands_team::dismiss_sync_alarms,
            commands_team::create_team,
            commands_team::join_team,
            commands_team::leave_team,
            commands_team::create_invite,
            commands_team::list_members,
            commands_team::remove_member,
            commands_team::list_conflicts,
            commands_team::settle_conflict,
            commands_team::list_lost_edits,
            commands_team::dismiss_lost_edit,
            commands_compliance::get_compliance_paper,
            commands_compliance::choose_compliance_file,
            commands_compliance::export_compliance,
            commands_summary::get_summary,
            commands_summary::choose_export_file,
            commands_summary::export_summary,
            commands_summary::get_trends,
            commands_summary::choose_trends_file,
            commands_summary::export_trends,
            commands_summary::get_school_report,
            commands_summary::choose_school_report_file,
            commands_summary::export_school_report,
            commands_summary::choose_report_folder,
            commands_summary::export_all_school_reports,
        ])
}

/// The profile directory: `FELTBOG_DATA_DIR` if set (tests), otherwise the
/// OS data directory shared with the `feltbog` command line.
pub fn data_dir() -> Option<PathBuf> {
    std::env::var_os("FELTBOG_DATA_DIR")
        .map(PathBuf::from)
        .or_else(feltbog_core::profile::default_data_dir)
}
