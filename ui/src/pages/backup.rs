//! Sikkerhedskopi: the whole profile in one encrypted file (Indstillinger),
//! and bringing it back on a new machine (the first-start screen). The
//! file dialogs are the shell's; the window only asks for them.

use super::setup::StrengthMeter;
use crate::components::{busy, local_time, DispatchIdle, ErrorBanner, Field, FormErrors};
use crate::i18n::{error_text, t, tf};
use crate::ipc::call;
use crate::state::{ui, Gate};
use feltbog_api::commands::{
    ChooseBackupFile, ChooseRestoreFile, GetSettings, RestoreBackup, WriteBackup,
};
use feltbog_api::profile::{BackupDone, RestoreDone, RestoreKey};
use feltbog_api::summary::decimal;
use feltbog_api::{ApiError, Problem};
use leptos::prelude::*;

/// The file's name without its folder, for a line that must fit.
fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_owned()
}

fn megabytes(bytes: u64) -> String {
    decimal(bytes as f64 / 1e6, ui().lang.get_untracked())
}

/// Indstillinger → Sikkerhedskopi. In a team the team keeps the records
/// (a new computer joins again), so the section says that instead.
#[component]
pub fn BackupSettings() -> impl IntoView {
    let ui = ui();
    let done: RwSignal<Option<BackupDone>> = RwSignal::new(None);
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let save = Action::new_local(move |_: &()| async move {
        error.set(None);
        done.set(None);
        let path = match call(&ChooseBackupFile {}).await {
            Ok(Some(p)) => p,
            Ok(None) => return,
            Err(e) => return error.set(Some(error_text(&e))),
        };
        match call(&WriteBackup { path }).await {
            Ok(d) => done.set(Some(d)),
            Err(e) => error.set(Some(error_text(&e))),
        }
    });
    view! {
        <section id="backup" class="form panel">
            <h2>{t("backup.title")}</h2>
            {move || if ui.settings.get().team_rules {
                view! { <p class="hint">{t("backup.in_team")}</p> }.into_any()
            } else {
                view! {
                    <p class="hint">{t("backup.hint")}</p>
                    {move || error.get().map(|e| view! { <p class="banner error" role="alert">{e}</p> })}
                    <div class="form-actions">
                        <button id="save-backup" class="button secondary" type="button"
                            aria-disabled=move || busy(save.pending().get()) on:click=move |_| save.dispatch_idle(())>
                            {move || if save.pending().get() { t("backup.saving") } else { t("backup.save") }}
                        </button>
                        {move || done.get().map(|d| view! {
                            <span id="backup-done" class="saved" role="status">
                                {tf("backup.done", &[
                                    ("file", &file_name(&d.path)),
                                    ("mb", &megabytes(d.bytes)),
                                    ("at", &local_time(&d.made_at)),
                                ])}
                            </span>
                        })}
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// The restore form's fields as signals.
#[derive(Clone, Copy)]
struct RestoreFields {
    file: RwSignal<Option<String>>,
    /// The recovery code and a new passphrase, instead of the passphrase.
    use_code: RwSignal<bool>,
    pass: RwSignal<String>,
    code: RwSignal<String>,
    new_pass: RwSignal<String>,
    repeated: RwSignal<String>,
}

impl RestoreFields {
    fn new() -> Self {
        let text = || RwSignal::new(String::new());
        Self {
            file: RwSignal::new(None),
            use_code: RwSignal::new(false),
            pass: text(),
            code: text(),
            new_pass: text(),
            repeated: text(),
        }
    }

    /// The restore asked for; without a file chosen, an error on its field.
    fn request(self) -> Result<RestoreBackup, ApiError> {
        let Some(path) = self.file.get_untracked() else {
            return Err(ApiError::invalid(
                "file",
                Problem::Required,
                "choose the backup file",
            ));
        };
        let key = if self.use_code.get_untracked() {
            RestoreKey::RecoveryCode {
                code: self.code.get_untracked().into(),
                new_passphrase: self.new_pass.get_untracked().into(),
                repeated: self.repeated.get_untracked().into(),
            }
        } else {
            RestoreKey::Passphrase {
                passphrase: self.pass.get_untracked().into(),
            }
        };
        Ok(RestoreBackup { path, key })
    }
}

/// The first-start screen's "Gendan fra sikkerhedskopi": the file, then
/// the passphrase it was made under, or its recovery code and a new
/// passphrase. `open` is the first-start screen's switch to this form.
#[component]
pub fn RestoreForm(open: RwSignal<bool>) -> impl IntoView {
    let f = RestoreFields::new();
    let errors = FormErrors::new();
    let done: RwSignal<Option<RestoreDone>> = RwSignal::new(None);
    let restore = Action::new_local(move |req: &RestoreBackup| {
        let req = req.clone();
        async move {
            match call(&req).await {
                Ok(d) => done.set(Some(d)),
                Err(e) => {
                    f.pass.set(String::new());
                    errors.set(e);
                }
            }
        }
    });
    // Copy (it holds only signals): the view below is a closure, which
    // may draw the form again.
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        match f.request() {
            Ok(req) => restore.dispatch_idle(req),
            Err(e) => errors.set(e),
        }
    };
    move || {
        match done.get() {
        Some(d) => view! { <RestoreFinished done=d/> }.into_any(),
        None => view! {
            <form class="gate-card" on:submit=submit>
                <img class="gate-icon" src="icon.png" alt="" width="64" height="64"/>
                <h1>{t("restore.title")}</h1>
                <p class="lead">{t("restore.lead")}</p>
                <ErrorBanner message=Signal::derive(errors.general(&["file", "new_passphrase", "repeated"]))/>
                <RestoreFile file=f.file errors/>
                <label class="check">
                    <input id="restore-use-code" type="checkbox" bind:checked=f.use_code/>
                    <span>{t("restore.use_code")}</span>
                </label>
                {move || if f.use_code.get() {
                    view! { <RestoreByCode f errors/> }.into_any()
                } else {
                    view! {
                        <div class="field">
                            <label for="restore-passphrase">{t("restore.passphrase")}</label>
                            <input id="restore-passphrase" type="password" autocomplete="current-password"
                                bind:value=f.pass/>
                            <p class="hint">{t("restore.passphrase_hint")}</p>
                        </div>
                    }.into_any()
                }}
                <button id="restore" class="button primary wide" type="submit"
                    aria-disabled=move || busy(restore.pending().get())>
                    {move || if restore.pending().get() { t("restore.restoring") } else { t("restore.submit") }}
                </button>
                <button class="link" type="button" on:click=move |_| open.set(false)>{t("restore.back")}</button>
            </form>
        }.into_any(),
    }
    }
}

/// The backup file: chosen in the system's file dialog, shown by name.
#[component]
fn RestoreFile(file: RwSignal<Option<String>>, errors: FormErrors) -> impl IntoView {
    let choose = Action::new_local(move |_: &()| async move {
        errors.clear();
        match call(&ChooseRestoreFile {}).await {
            Ok(Some(p)) => file.set(Some(p)),
            Ok(None) => {}
            Err(e) => errors.set(e),
        }
    });
    view! {
        <Field name="file" label=t("restore.file") errors>
            <div class="file-pick">
                <button id="choose-restore-file" class="button secondary" type="button"
                    aria-disabled=move || busy(choose.pending().get()) on:click=move |_| choose.dispatch_idle(())>
                    {t("restore.choose")}
                </button>
                <span id="restore-file" class="file-name">
                    {move || file.get().map(|p| file_name(&p)).unwrap_or_else(|| t("restore.none"))}
                </span>
            </div>
        </Field>
    }
}

/// The recovery code and the new passphrase, twice, with its strength.
#[component]
fn RestoreByCode(f: RestoreFields, errors: FormErrors) -> impl IntoView {
    view! {
        <div class="field">
            <label for="restore-code">{t("recover.code")}</label>
            <input id="restore-code" class="mono" autocomplete="off" spellcheck="false"
                bind:value=f.code placeholder="XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"/>
        </div>
        <Field name="new_passphrase" label=t("recover.new_passphrase") errors>
            <input id="new_passphrase" type="password" autocomplete="new-password" bind:value=f.new_pass/>
        </Field>
        <StrengthMeter value=f.new_pass/>
        <Field name="repeated" label=t("setup.repeat") errors>
            <input id="repeated" type="password" autocomplete="new-password" bind:value=f.repeated/>
        </Field>
    }
}

/// What the restore did, before the app opens: when the backup was made,
/// the cases deleted since, a deletion that waits, and a renewed code.
#[component]
fn RestoreFinished(done: RestoreDone) -> impl IntoView {
    let ui = ui();
    let new_code = done.new_code.clone();
    let go_on = move |_| {
        if let Some(code) = new_code.clone() {
            ui.gate.set(Gate::RenewedRecovery(code.expose().to_owned()));
            return;
        }
        leptos::task::spawn_local(async move {
            match call(&GetSettings {}).await {
                Ok(s) => ui.open(s),
                Err(_) => ui.gate.set(Gate::Locked),
            }
        })
    };
    let deleted = (done.deleted > 0)
        .then(|| view! { <p>{tf("restore.deleted", &[("n", &done.deleted.to_string())])}</p> });
    let held = done
        .held
        .is_some()
        .then(|| view! { <p class="banner error" role="alert">{t("restore.held")}</p> });
    view! {
        <div id="restore-done" class="gate-card" role="status">
            <h1>{t("restore.done_title")}</h1>
            <p class="lead">{tf("restore.done", &[("at", &local_time(&done.made_at))])}</p>
            {deleted}
            {held}
            <button id="restore-continue" class="button primary wide" on:click=go_on>
                {t("recovery.continue")}
            </button>
        </div>
    }
}
