//! Every IPC command: its request type, its wire name and its response type.
//!
//! The UI calls `ipc::call(&Request)`; the name and the response type come from
//! the [`Command`] impl, so no command string is written anywhere else. The
//! desktop shell registers one handler per entry of [`COMMANDS`], and a test
//! there proves each one is registered.

use crate::about::AboutView;
use crate::activities::{ActivityFilter, ActivityView, DueActivityFollowUp, NewActivity};
use crate::cafes::{Attendance, CafeFilter, CafeView, DueAgreement, NewCafe};
use crate::calendar::CalendarDone;
use crate::cases::{
    AccessEntry, AccessFilter, CaseLink, CaseSummary, CaseView, ChainCheck, DeletionRecord,
    NewCase, PurgeHold, RepeatDecision, Step, StepInput, YoungPersonKey,
};
use crate::compliance::{Paper, PaperFormat};
use crate::dates::IsoWeek;
use crate::desk::{Desk, Ownership};
use crate::papers::{LetterInput, LetterSaved};
use crate::period::ReportPeriod;
use crate::police::{
    ListConfirmed, ListImported, ListPreview, ListSource, Pending, Triage, Triaged,
};
use crate::profile::{
    BackupDone, PassphraseCheck, ProfileStatus, RecoveryCodeView, RestoreDone, RestoreKey,
    RetentionPlan, Settings,
};
use crate::schools::{NewSchool, SchoolDuplicate, SchoolView};
use crate::search::SearchResults;
use crate::secret::Secret;
use crate::summary::{ExportDone, ExportFormat, SchoolReportsDone, Summary};
use crate::survey::{
    ClassView, CopySummary, ImportPreview, ImportSummary, NewClass, NewRound, Overview, RoundView,
};
use crate::team::{
    ConflictView, InviteView, Keep, LostEditView, MemberRole, MemberView, SyncIndicator, SyncStatus,
};
use crate::trends::Trends;
use crate::visits::{DueFollowUp, NewVisit, VisitFilter, VisitView};
use crate::{
    ActivityFollowUpId, ActivityId, AgreementId, CafeId, CaseId, CaseStepId, ClassId, FollowUpId,
    PendingId, RoundId, SchoolId, VisitId,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The event the shell emits when its idle lock has locked: the UI shows
/// the unlock screen at once instead of at its next heartbeat.
pub const LOCKED_EVENT: &str = "feltbog://locked";

/// The event the shell emits when the user clicks the daily reminder: the
/// UI opens Overblik.
pub const OPEN_DESK_EVENT: &str = "feltbog://open-desk";

/// A request that names its command and its response.
pub trait Command: Serialize + DeserializeOwned {
    /// The command's name on the wire (the Tauri command function's name).
    const NAME: &'static str;
    type Response: Serialize + DeserializeOwned;
}

macro_rules! commands {
    ($($(#[$doc:meta])* $req:ident { $($field:ident : $ty:ty),* $(,)? } => $name:literal -> $resp:ty;)+) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            pub struct $req { $(pub $field: $ty),* }

            impl Command for $req {
                const NAME: &'static str = $name;
                type Response = $resp;
            }
        )+

        /// The wire names of every command, in declaration order.
        pub const COMMANDS: &[&str] = &[$($name),+];
    };
}

commands! {
    /// Whether a profile exists and is unlocked.
    GetProfileStatus {} => "get_profile_status" -> ProfileStatus;
    /// Polled by the UI: reports the status and, when `active`, counts as
    /// user activity that postpones the idle lock.
    Heartbeat { active: bool } => "heartbeat" -> ProfileStatus;
    /// Creates the encrypted profile; answers the one-time recovery code.
    CreateProfile { passphrase: Secret, repeated: Secret } => "create_profile" -> RecoveryCodeView;
    /// How strong a new passphrase is, with advice (while the user types;
    /// nothing is kept).
    CheckPassphrase { passphrase: Secret } => "check_passphrase" -> PassphraseCheck;
    /// Unlocks with the passphrase.
    Unlock { passphrase: Secret } => "unlock" -> Settings;
    /// Unlocks with the recovery code and sets a new passphrase; answers the
    /// new recovery code (the used one stops working), shown once.
    UnlockWithRecovery { code: Secret, new_passphrase: Secret, repeated: Secret } => "unlock_with_recovery" -> RecoveryCodeView;
    /// A new recovery code after the passphrase; the old one stops working.
    RenewRecoveryCode { passphrase: Secret } => "renew_recovery_code" -> RecoveryCodeView;
    /// Drops the data key from memory.
    Lock {} => "lock" -> ();
    /// Rewraps the data key under a new passphrase.
    ChangePassphrase { current: Secret, new_passphrase: Secret, repeated: Secret } => "change_passphrase" -> ();
    GetSettings {} => "get_settings" -> Settings;
    UpdateSettings { settings: Settings } => "update_settings" -> Settings;
    /// Loads the fictitious demo municipality into an empty profile.
    LoadDemo {} => "load_demo" -> ();

    /// Keeps a form's unsaved state, encrypted, as the user types.
    SaveDraft { form: String, body: String } => "save_draft" -> ();
    GetDraft { form: String } => "get_draft" -> Option<String>;
    DiscardDraft { form: String } => "discard_draft" -> ();

    ListSchools { include_inactive: bool } => "list_schools" -> Vec<SchoolView>;
    AddSchool { school: NewSchool } => "add_school" -> SchoolView;
    UpdateSchool { id: SchoolId, school: NewSchool } => "update_school" -> SchoolView;
    /// Schools of the same name from two devices, offered for merging.
    ListSchoolDuplicates {} => "list_school_duplicates" -> Vec<SchoolDuplicate>;
    /// Merges the others of `keep`'s name into it: their records move.
    MergeSchools { keep: SchoolId } => "merge_schools" -> SchoolView;

    ListVisits { filter: VisitFilter } => "list_visits" -> Vec<VisitView>;
    GetVisit { id: VisitId } => "get_visit" -> VisitView;
    RecordVisit { visit: NewVisit } => "record_visit" -> VisitView;
    UpdateVisit { id: VisitId, visit: NewVisit } => "update_visit" -> VisitView;
    MarkVisitDone { id: VisitId } => "mark_visit_done" -> VisitView;
    DeleteVisit { id: VisitId } => "delete_visit" -> ();
    ListDueFollowUps { until: Option<chrono::NaiveDate> } => "list_due_follow_ups" -> Vec<DueFollowUp>;
    SetFollowUpDone { id: FollowUpId, done: bool } => "set_follow_up_done" -> ();
    ListCafes { filter: CafeFilter } => "list_cafes" -> Vec<CafeView>;
    GetCafe { id: CafeId } => "get_cafe" -> CafeView;
    RecordCafe { cafe: NewCafe } => "record_cafe" -> CafeView;
    UpdateCafe { id: CafeId, cafe: NewCafe } => "update_cafe" -> CafeView;
    DeleteCafe { id: CafeId } => "delete_cafe" -> ();
    /// Open agreements due for a revisit on or before `until`, oldest first.
    ListDueAgreements { until: Option<chrono::NaiveDate> } => "list_due_agreements" -> Vec<DueAgreement>;
    SetAgreementDone { id: AgreementId, done: bool } => "set_agreement_done" -> ();
    /// Attendance per school and per theme, for held cafés in the period.
    GetAttendance { from: chrono::NaiveDate, to: chrono::NaiveDate } => "get_attendance" -> Attendance;

    /// Activities (street presence, group work, events, class talks,
    /// network meetings), newest first.
    ListActivities { filter: ActivityFilter } => "list_activities" -> Vec<ActivityView>;
    GetActivity { id: ActivityId } => "get_activity" -> ActivityView;
    RecordActivity { activity: NewActivity } => "record_activity" -> ActivityView;
    UpdateActivity { id: ActivityId, activity: NewActivity } => "update_activity" -> ActivityView;
    DeleteActivity { id: ActivityId } => "delete_activity" -> ();
    /// Open follow-ups of activities due on or before `until`, oldest first.
    ListDueActivityFollowUps { until: Option<chrono::NaiveDate> } => "list_due_activity_follow_ups" -> Vec<DueActivityFollowUp>;
    SetActivityFollowUpDone { id: ActivityFollowUpId, done: bool } => "set_activity_follow_up_done" -> ();

    /// Survey rounds, newest window first.
    ListRounds {} => "list_rounds" -> Vec<RoundView>;
    AddRound { round: NewRound } => "add_round" -> RoundView;
    UpdateRound { id: RoundId, round: NewRound } => "update_round" -> RoundView;
    /// Deletes a round and all its classes for real.
    DeleteRound { id: RoundId } => "delete_round" -> ();
    /// A round's classes, by school and name; one school's when given.
    ListClasses { round: RoundId, school: Option<SchoolId> } => "list_classes" -> Vec<ClassView>;
    /// Adds a class (`id: None`) or replaces one's fields; saved at once.
    SaveClass { id: Option<ClassId>, class: NewClass } => "save_class" -> ClassView;
    DeleteClass { id: ClassId } => "delete_class" -> ();
    /// Copies classes from an earlier round one grade up, leaving out the
    /// last grade; one school's when given.
    CopyClasses { from: RoundId, to: RoundId, school: Option<SchoolId> } => "copy_classes" -> CopySummary;
    /// Imports classes from CSV text (school, class, grade, enrolled,
    /// answered, absent): every line checked first, all or nothing.
    ImportClasses { round: RoundId, csv: String } => "import_classes" -> ImportSummary;
    /// Shows the open dialog for a class list (CSV); `None` when cancelled.
    ChooseClassList {} => "choose_class_list" -> Option<String>;
    /// What importing the class list at `path` into `round` would write,
    /// and every line it refuses; nothing is written.
    PreviewClassList { round: RoundId, path: String } => "preview_class_list" -> ImportPreview;
    /// Imports the class list at `path` into `round`: every line checked
    /// again, all or nothing.
    ImportClassList { round: RoundId, path: String } => "import_class_list" -> ImportSummary;
    /// The round's progress per school and for the municipality.
    GetSurveyOverview { round: RoundId } => "get_survey_overview" -> Overview;

    /// Shows the save dialog for a calendar file; `None` when cancelled.
    ChooseCalendarFile {} => "choose_calendar_file" -> Option<String>;
    /// Writes the visits and cafés from `from` to `to` as an .ics file to
    /// `path` (day, place, purpose or theme; never notes); logged.
    ExportCalendar { from: chrono::NaiveDate, to: chrono::NaiveDate, path: String } => "export_calendar" -> CalendarDone;

    /// Overblik: what needs doing, by urgency, from every kind of record.
    /// Opening it is logged when it shows a case (by number only, as the
    /// cases list); `reload` (the open page refreshing) is not.
    GetDesk { reload: bool, mine: bool } => "get_desk" -> Desk;
    /// Who this member is and who the team's members are, for the *Mine*
    /// switch and the hand-over.
    GetOwnership {} => "get_ownership" -> Ownership;
    /// Hands the record `record` (a visit, follow-up, café, agreement or
    /// case, by id) over to the member `member`; answers the name now
    /// responsible. A coordinator or the member responsible only.
    Assign { record: String, member: String } => "assign" -> String;
    /// Finds records by any word (a case by its number only), best match
    /// first. A search that shows a case is logged as the cases list is.
    Search { text: String } => "search" -> SearchResults;

    /// First-offence cases: those with a deadline first, oldest due first.
    /// The list shows no name, initials or CPR number. Opening it is
    /// logged; `reload` (the open page refreshing, e.g. after the team's
    /// changes arrive) is not.
    ListCases { overdue_only: bool, reload: bool } => "list_cases" -> Vec<CaseSummary>;
    /// Opens a case (logged as a view).
    GetCase { id: CaseId } => "get_case" -> CaseView;
    /// Earlier cases that may be the same young person (each shown is logged).
    FindEarlierCases { key: YoungPersonKey } => "find_earlier_cases" -> Vec<CaseLink>;
    /// Registers a police notification.
    AddCase { case: NewCase } => "add_case" -> CaseView;
    /// Corrects the notification; the old version is kept with the reason.
    UpdateCase { id: CaseId, case: NewCase, reason: String } => "update_case" -> CaseView;
    /// Links a case to an earlier one of the same young person, or unlinks it.
    LinkCase { id: CaseId, earlier: Option<CaseId> } => "link_case" -> CaseView;
    /// Records the next step.
    RecordStep { id: CaseId, step: Step, date: chrono::NaiveDate, details: StepInput } => "record_step" -> CaseView;
    /// Corrects a recorded step; the old version is kept with the reason.
    CorrectStep { step: CaseStepId, date: chrono::NaiveDate, details: StepInput, reason: String } => "correct_step" -> CaseView;
    /// Records the decision after a repeat offence.
    DecideRepeat { id: CaseId, decision: RepeatDecision, other: String, date: chrono::NaiveDate } => "decide_repeat" -> CaseView;
    /// Puts off a closed case's deletion, with a reason (logged).
    PostponeDeletion { id: CaseId, until: chrono::NaiveDate, reason: String } => "postpone_deletion" -> CaseView;
    /// Deletes a case for real now.
    DeleteCase { id: CaseId } => "delete_case" -> DeletionRecord;
    /// Cases due for deletion in the next 30 days: number and date only.
    /// Logged like the cases list.
    ListDeletionsDue { reload: bool } => "list_deletions_due" -> Vec<DeletionRecord>;
    /// Whether the cases due wait for a person (the date jumped, or many).
    GetPurgeHold {} => "get_purge_hold" -> Option<PurgeHold>;
    /// A person confirms a held deletion: the cases due are deleted, and
    /// what the other retention rules say is due.
    ConfirmPurge {} => "confirm_purge" -> Vec<DeletionRecord>;
    /// What the retention rules for visits, cafés, survey rounds and the
    /// logs delete now and within the notice period: counts only.
    GetRetentionPlan {} => "get_retention_plan" -> RetentionPlan;
    /// Cases deleted, and when. Logged like the cases list.
    ListDeletions { reload: bool } => "list_deletions" -> Vec<DeletionRecord>;
    /// The access log, by case number and/or period.
    ListAccessLog { filter: AccessFilter } => "list_access_log" -> Vec<AccessEntry>;
    /// How many cases hold a CPR number (offered for removal once the
    /// setting no longer allows them).
    CountStoredCpr {} => "count_stored_cpr" -> u32;
    /// Removes every stored CPR number, from the cases and every logged
    /// copy; answers how many.
    RemoveAllCpr {} => "remove_all_cpr" -> u32;
    /// Checks every device's whole chain in the access log (the log page).
    VerifyAccessLog {} => "verify_access_log" -> ChainCheck;
    /// The check on unlock: the entries new since the last intact check,
    /// and the whole log once a week (the alarm over every page).
    CheckAccessLog {} => "check_access_log" -> ChainCheck;
    /// The save dialog for a case's access pack, proposing
    /// `Feltbog-indsigt-<number>.pdf`; `None` when cancelled.
    ChooseAccessPackFile { number: String } => "choose_access_pack_file" -> Option<String>;
    /// Writes the access pack of case `case` (*indsigt*: everything stored,
    /// every version, the case's access log and its chain check) as a PDF
    /// to `path`; its making is logged.
    SaveAccessPack { case: CaseId, path: String } => "save_access_pack" -> ExportDone;
    /// The save dialog for a referat, proposing
    /// `Feltbog-referat-<number>.pdf`; `None` when cancelled.
    ChooseReferatFile { number: String } => "choose_referat_file" -> Option<String>;
    /// Writes the referat of the conversation held `step` of case `case`
    /// as a PDF to `path`, `name` (if not empty) printed in place of the
    /// initials and never stored; logged.
    SaveReferat { case: CaseId, step: CaseStepId, name: String, path: String } => "save_referat" -> ExportDone;
    /// The open dialog for the police's list (CSV or XLSX); `None` when
    /// cancelled.
    ChoosePoliceList {} => "choose_police_list" -> Option<String>;
    /// What reading the police's list would keep, row by row, and every
    /// row it refuses; nothing is written.
    PreviewPoliceList { source: ListSource } => "preview_police_list" -> ListPreview;
    /// Reads the police's list in as previewed (checked again, all or
    /// nothing; refused if the file changed since): every row waits for
    /// triage; logged with the count.
    ImportPoliceList { list: ListConfirmed } => "import_police_list" -> ListImported;
    /// The notifications waiting for triage; logged when opened. With
    /// `reload` (the open page refreshing after a sync, an import or a
    /// triage) the opening is not logged again, and of the earlier cases
    /// proposed only those not yet shown since it was opened are.
    ListPending { reload: bool } => "list_pending" -> Vec<Pending>;
    /// How many notifications wait for triage (a count only: not logged).
    CountPending {} => "count_pending" -> u32;
    /// Decides a waiting notification: a new case, a linked repeat, or
    /// not ours (nothing kept).
    TriagePending { id: PendingId, choice: Triage } => "triage_pending" -> Triaged;
    /// Checks what was written for an offer letter, before the save dialog
    /// asks where it goes: an error names the field.
    CheckOfferLetter { case: CaseId, letter: LetterInput } => "check_offer_letter" -> ();
    /// The save dialog for an offer letter, proposing
    /// `Feltbog-brev-<number>.pdf`; `None` when cancelled.
    ChooseLetterFile { number: String } => "choose_letter_file" -> Option<String>;
    /// Writes the letter offering the conversation in case `case` as a PDF
    /// to `path` (`letter.name`, if given, printed and never stored);
    /// logged, and the offer recorded on a case still at notified.
    SaveOfferLetter { case: CaseId, letter: LetterInput, path: String } => "save_offer_letter" -> LetterSaved;
    /// The week containing today, by the machine's clock.
    CurrentWeek {} => "current_week" -> IsoWeek;
    /// Today, by the app's clock (works locked): the UI's proposed dates.
    GetToday {} => "get_today" -> chrono::NaiveDate;
    /// Sets the page's zoom, in percent (60–300, clamped); answers the
    /// zoom set. The UI remembers it and sets it again at each start.
    SetZoom { percent: u16 } => "set_zoom" -> u16;
    /// The version, the licence and the third-party licences (*Om Feltbog*).
    GetAbout {} => "get_about" -> AboutView;
    /// The data-protection papers (art. 30 record and DPIA appendix),
    /// made from the live profile (a coordinator, or a profile alone).
    GetCompliancePaper {} => "get_compliance_paper" -> Paper;
    /// The save dialog for the papers, proposing today's file name.
    ChooseComplianceFile { format: PaperFormat } => "choose_compliance_file" -> Option<String>;
    /// Writes the papers to `path` as a PDF or as plain text.
    ExportCompliance { format: PaperFormat, path: String } => "export_compliance" -> ExportDone;

    /// The sync indicator: the profile's sync state and what the background
    /// sync is doing now. Polled: it does not postpone the idle lock.
    GetSyncIndicator {} => "get_sync_indicator" -> SyncIndicator;
    /// Starts a sync now; the indicator shows how it goes.
    SyncNow {} => "sync_now" -> ();
    /// The person has read what the server did that this device refused.
    DismissSyncAlarms {} => "dismiss_sync_alarms" -> ();
    /// Creates a team on a server with the operator's setup code; this
    /// profile becomes its first coordinator. Reaches the server.
    CreateTeam { server: String, name: String, setup_code: String, member_name: String } => "create_team" -> SyncStatus;
    /// Joins a team with an invite code. Reaches the server.
    JoinTeam { server: String, code: String, member_name: String } => "join_team" -> SyncStatus;
    /// Leaves the team on this device (a copied or restored profile, before
    /// it joins again with a new invite); every record stays.
    LeaveTeam {} => "leave_team" -> SyncStatus;
    /// A single-use invite (coordinators); the code is shown once.
    CreateInvite { role: MemberRole, cases: bool } => "create_invite" -> InviteView;
    /// The team's members, with when each device last reached the server.
    ListMembers {} => "list_members" -> Vec<MemberView>;
    /// Removes a member (coordinators): their device is refused at once.
    RemoveMember { device: String } => "remove_member" -> MemberView;
    ListConflicts {} => "list_conflicts" -> Vec<ConflictView>;
    /// Keeps one side of a conflict; the choice reaches the team.
    SettleConflict { id: String, keep: Keep } => "settle_conflict" -> ();
    /// Edits made here that another device's delete overrode, unread.
    ListLostEdits {} => "list_lost_edits" -> Vec<LostEditView>;
    DismissLostEdit { record_id: String } => "dismiss_lost_edit" -> ();

    /// The summary of a period (a week, a month, a school year, …): real
    /// numbers, with the cells an export hides marked.
    GetSummary { period: ReportPeriod } => "get_summary" -> Summary;
    /// The system's save dialog for an export of the summary, with the
    /// proposed file name; `None` when the user cancels. The shell shows it,
    /// so the window needs no file-system or dialog permission.
    ChooseExportFile { period: ReportPeriod, format: ExportFormat } => "choose_export_file" -> Option<String>;
    /// Writes the summary of `period` to `path` as `format` (whole or not
    /// at all) and logs the export.
    ExportSummary { period: ReportPeriod, format: ExportFormat, path: String } => "export_summary" -> ExportDone;
    /// One school's own report for the school year starting in `start`
    /// (its rows of that year's summary and its survey over three years;
    /// never the cases), small numbers marked.
    GetSchoolReport { school: SchoolId, start: i32 } => "get_school_report" -> Summary;
    /// The save dialog for a school's report, proposing its file name.
    ChooseSchoolReportFile { school: SchoolId, start: i32 } => "choose_school_report_file" -> Option<String>;
    /// Writes the school's report to `path` as a PDF and logs it.
    ExportSchoolReport { school: SchoolId, start: i32, path: String } => "export_school_report" -> ExportDone;
    /// The folder dialog for "all schools"; `None` when cancelled.
    ChooseReportFolder {} => "choose_report_folder" -> Option<String>;
    /// Writes every active school's report for the school year into `dir`,
    /// one PDF each, and logs each.
    ExportAllSchoolReports { start: i32, dir: String } => "export_all_school_reports" -> SchoolReportsDone;
    /// The municipality's figures for the last `years` school years side
    /// by side (the current one so far), small numbers marked.
    GetTrends { years: u32 } => "get_trends" -> Trends;
    /// The save dialog for an export of the trends from the school year
    /// starting in `first` to the one starting in `last`.
    ChooseTrendsFile { first: i32, last: i32, format: ExportFormat } => "choose_trends_file" -> Option<String>;
    /// Writes the trends of the last `years` school years to `path` as
    /// `format` (whole or not at all) and logs the export.
    ExportTrends { years: u32, format: ExportFormat, path: String } => "export_trends" -> ExportDone;

    /// Shows the save dialog for a backup (unlocked only); `None` if the
    /// user cancelled.
    ChooseBackupFile {} => "choose_backup_file" -> Option<String>;
    /// Writes a backup of the whole profile to `path` (not in a team).
    WriteBackup { path: String } => "write_backup" -> BackupDone;
    /// Shows the open dialog for a backup to restore (only while no
    /// profile exists); `None` if the user cancelled.
    ChooseRestoreFile {} => "choose_restore_file" -> Option<String>;
    /// Restores the backup at `path` into the empty data folder and opens
    /// it; the cases that became due since the backup are deleted.
    RestoreBackup { path: String, key: RestoreKey } => "restore_backup" -> RestoreDone;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_names_are_unique_snake_case() {
        let mut names = COMMANDS.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COMMANDS.len());
        assert!(COMMANDS
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
    }

    #[test]
    fn empty_requests_are_empty_objects() {
        assert_eq!(serde_json::to_string(&Lock {}).unwrap(), "{}");
    }
}
