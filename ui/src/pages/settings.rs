//! Indstillinger: language, idle lock, the consultant's name, the rules for
//! first-offence cases, passphrase, recovery code, backup (in `backup`);
//! the Team tab is in `team`, Databeskyttelse in `compliance`, Om Feltbog
//! in `about`.

use super::setup::StrengthMeter;
use crate::components::{ErrorBanner, Field, FormErrors};
use crate::i18n::t;
use crate::ipc::call;
use crate::state::{ui, Page};
use feltbog_api::commands::{ChangePassphrase, RenewRecoveryCode, UpdateSettings};
use feltbog_api::profile::{Language, Settings};
use feltbog_api::{ApiError, Problem};
use leptos::prelude::*;

/// Saves the settings from one of the page's forms: on success the app's
/// copy is replaced, `saved` shows and `after` runs with what core kept;
/// an error goes to the form's fields.
pub fn settings_saver(
    errors: FormErrors,
    saved: RwSignal<bool>,
    after: impl Fn(&Settings) + Copy + 'static,
) -> Action<Settings, ()> {
    let ui = ui();
    Action::new_local(move |s: &Settings| {
        let s = s.clone();
        async move {
            match call(&UpdateSettings { settings: s }).await {
                Ok(s) => {
                    ui.settings.set(s.clone());
                    saved.set(true);
                    after(&s);
                }
                Err(e) => errors.set(e),
            }
        }
    })
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <header class="page-head"><h1>{t("settings.title")}</h1></header>
        <SettingsTabs/>
        <GeneralSettings/>
        <super::cases::CaseSettingsForm/>
        <super::cases::PurgeHoldBanner done=RwSignal::new(0)/>
        <super::retention::RetentionForm/>
        <PassphraseSettings/>
        <RecoveryCodeSettings/>
        <super::backup::BackupSettings/>
    }
}

/// The tabs of Indstillinger: general, team, data protection (a
/// coordinator's, or a profile alone's) and about.
#[component]
pub fn SettingsTabs() -> impl IntoView {
    let ui = ui();
    let tab = move |page: Page, key: &'static str, id: &'static str| {
        let current = move || ui.page.get() == page;
        view! {
            <button id=id class="tab" class:current=current role="tab"
                aria-selected=move || current().to_string()
                on:click=move |_| ui.page.set(page)>
                {t(key)}
            </button>
        }
    };
    view! {
        <div class="tabs" role="tablist">
            {tab(Page::Settings, "settings.general", "tab-general")}
            {tab(Page::Team, "team.tab", "tab-team")}
            {move || (!ui.settings.get().rules_read_only)
                .then(|| tab(Page::Compliance, "dpo.tab", "tab-compliance"))}
            {tab(Page::About, "about.tab", "tab-about")}
        </div>
    }
}

#[component]
fn GeneralSettings() -> impl IntoView {
    let ui = ui();
    let current = ui.settings.get_untracked();
    let lang = RwSignal::new(current.language);
    let minutes = RwSignal::new(current.idle_lock_minutes.to_string());
    let name = RwSignal::new(current.consultant_name.clone());
    let reminders = RwSignal::new(current.reminders);
    let errors = FormErrors::new();
    let saved = RwSignal::new(false);
    let save = settings_saver(errors, saved, move |s| {
        if s.language != ui.lang.get_untracked() {
            ui.apply_language(s.language);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        saved.set(false);
        let Ok(idle) = minutes.get().trim().parse() else {
            errors.set(ApiError::invalid(
                "idle_lock_minutes",
                Problem::OutOfRange { min: 1, max: 240 },
                "not a number",
            ));
            return;
        };
        save.dispatch_local(Settings {
            language: lang.get(),
            idle_lock_minutes: idle,
            consultant_name: name.get(),
            reminders: reminders.get(),
            ..ui.settings.get_untracked()
        });
    };
    view! {
        <form id="settings-form" class="form panel" on:submit=submit>
            <h2>{t("settings.general")}</h2>
            <ErrorBanner message=Signal::derive(errors.general(&["idle_lock_minutes", "consultant_name"]))/>
            <div class="field">
                <label for="language">{t("settings.language")}</label>
                <select id="language" on:change=move |ev| {
                    lang.set(if event_target_value(&ev) == "en" { Language::En } else { Language::Da })
                }>
                    <option value="da" selected=move || lang.get() == Language::Da>"Dansk"</option>
                    <option value="en" selected=move || lang.get() == Language::En>"English"</option>
                </select>
            </div>
            <Field name="consultant_name" label=t("settings.name") errors hint=t("settings.name_hint")>
                <input id="consultant_name" autocomplete="name" bind:value=name/>
            </Field>
            <Field name="idle_lock_minutes" label=t("settings.idle") errors hint=t("settings.idle_hint")>
                <input id="idle_lock_minutes" inputmode="numeric" bind:value=minutes/>
            </Field>
            <div class="field">
                <label class="check">
                    <input type="checkbox" id="reminders" aria-describedby="reminders-hint" bind:checked=reminders/>
                    <span>{t("settings.reminders")}</span>
                </label>
                <p id="reminders-hint" class="hint">{t("settings.reminders_hint")}</p>
            </div>
            <div class="form-actions">
                <button id="save-settings" class="button primary" type="submit">{t("common.save")}</button>
                <Show when=move || saved.get()><span class="saved" role="status">{t("common.saved")}</span></Show>
            </div>
        </form>
    }
}

#[component]
fn PassphraseSettings() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeated = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let done = RwSignal::new(false);
    let change = Action::new_local(move |req: &ChangePassphrase| {
        let req = req.clone();
        async move {
            match call(&req).await {
                Ok(()) => {
                    done.set(true);
                    for s in [current, new, repeated] {
                        s.set(String::new());
                    }
                }
                Err(e) => errors.set(e),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        done.set(false);
        change.dispatch_local(ChangePassphrase {
            current: current.get().into(),
            new_passphrase: new.get().into(),
            repeated: repeated.get().into(),
        });
    };
    view! {
        <form id="passphrase-form" class="form panel" on:submit=submit>
            <h2>{t("settings.passphrase")}</h2>
            <p class="hint">{t("settings.passphrase_hint")}</p>
            <ErrorBanner message=Signal::derive(errors.general(&["new_passphrase", "repeated"]))/>
            <div class="field">
                <label for="current">{t("settings.current")}</label>
                <input id="current" type="password" autocomplete="current-password" bind:value=current/>
            </div>
            <Field name="new_passphrase" label=t("settings.new") errors>
                <input id="new_passphrase" type="password" autocomplete="new-password" bind:value=new/>
            </Field>
            <StrengthMeter value=new/>
            <Field name="repeated" label=t("setup.repeat") errors>
                <input id="repeated" type="password" autocomplete="new-password" bind:value=repeated/>
            </Field>
            <div class="form-actions">
                <button id="change-passphrase" class="button primary" type="submit">{t("settings.change")}</button>
                <Show when=move || done.get()><span class="saved" role="status">{t("settings.changed")}</span></Show>
            </div>
        </form>
    }
}

/// A new recovery code, after the passphrase: shown once; the old code
/// stops working (for a code that may have been seen, or lost).
#[component]
fn RecoveryCodeSettings() -> impl IntoView {
    let pass = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let code: RwSignal<Option<String>> = RwSignal::new(None);
    let renew = Action::new_local(move |req: &RenewRecoveryCode| {
        let req = req.clone();
        async move {
            pass.set(String::new());
            match call(&req).await {
                Ok(c) => code.set(Some(c.code.expose().to_owned())),
                Err(e) => errors.set(e),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        code.set(None);
        renew.dispatch_local(RenewRecoveryCode {
            passphrase: pass.get().into(),
        });
    };
    view! {
        <form id="recovery-form" class="form panel" on:submit=submit>
            <h2>{t("settings.recovery")}</h2>
            <p class="hint">{t("settings.recovery_hint")}</p>
            <ErrorBanner message=Signal::derive(errors.general(&[]))/>
            <div class="field">
                <label for="recovery-passphrase">{t("settings.current")}</label>
                <input id="recovery-passphrase" type="password" autocomplete="current-password" bind:value=pass/>
            </div>
            <div class="form-actions">
                <button id="renew-recovery" class="button secondary" type="submit" disabled=renew.pending()>
                    {t("settings.recovery_new")}
                </button>
            </div>
            {move || code.get().map(|c| view! {
                <div class="invite" role="status">
                    <p class="invite-label">{t("settings.recovery_shown_once")}</p>
                    <super::setup::RecoveryCodeBox code=c/>
                    <p class="hint">{t("recovery.where")}</p>
                </div>
            })}
        </form>
    }
}
