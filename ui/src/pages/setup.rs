//! First start: choose a passphrase, then write down the recovery code;
//! or restore a backup (`backup`).

use crate::components::{busy, DispatchIdle, ErrorBanner, Field, FormErrors};
use crate::i18n::t;
use crate::ipc::call;
use crate::state::{ui, Gate};
use feltbog_api::commands::{CheckPassphrase, CreateProfile, GetSettings};
use feltbog_api::profile::{PassphraseCheck, Strength};
use leptos::prelude::*;

/// The strength hint under a new passphrase: core's check (zxcvbn, with
/// words from the job counted as known), asked for as the user types, with
/// its advice in Danish. The rule itself is applied again on submit.
#[component]
pub fn StrengthMeter(value: RwSignal<String>) -> impl IntoView {
    let check: RwSignal<Option<PassphraseCheck>> = RwSignal::new(None);
    Effect::new(move |_| {
        let typed = value.get();
        if typed.is_empty() {
            check.set(None);
            return;
        }
        leptos::task::spawn_local(async move {
            let answer = call(&CheckPassphrase {
                passphrase: typed.clone().into(),
            })
            .await
            .ok();
            // An answer for an older text must not overwrite a newer one.
            if value.get_untracked() == typed {
                check.set(answer);
            }
        });
    });
    let strength = move || {
        check
            .get()
            .map(|c| c.strength)
            .unwrap_or(Strength::TooShort)
    };
    let class = move || match strength() {
        Strength::TooShort => "meter too-short",
        Strength::Weak => "meter weak",
        Strength::Fair => "meter fair",
        Strength::Strong => "meter strong",
    };
    let label = move || match strength() {
        Strength::TooShort => t("strength.too_short"),
        Strength::Weak => t("strength.weak"),
        Strength::Fair => t("strength.fair"),
        Strength::Strong => t("strength.strong"),
    };
    let advice = move || {
        check.get().and_then(|c| {
            let lines: Vec<String> = c
                .warning
                .into_iter()
                .chain(c.suggestions.into_iter().take(1))
                .map(|a| t(a.key()))
                .collect();
            (!lines.is_empty()).then(|| lines.join(" "))
        })
    };
    view! {
        <div class=class aria-live="polite">
            <span class="meter-bar"><span></span></span>
            <span id="strength" class="meter-text">{label}</span>
        </div>
        <p id="strength-advice" class="meter-advice" hidden=move || advice().is_none()>
            {advice}
        </p>
    }
}

/// First start: a new profile, or one brought back from a backup.
#[component]
pub fn CreateProfile() -> impl IntoView {
    let restoring = RwSignal::new(false);
    move || {
        if restoring.get() {
            view! {
                <div class="gate">
                    <super::backup::RestoreForm open=restoring/>
                </div>
            }
            .into_any()
        } else {
            view! { <NewProfile restore=move || restoring.set(true)/> }.into_any()
        }
    }
}

#[component]
fn NewProfile(restore: impl Fn() + 'static) -> impl IntoView {
    let ui = ui();
    let pass = RwSignal::new(String::new());
    let repeated = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let create = Action::new_local(move |req: &CreateProfile| {
        let req = req.clone();
        async move {
            match call(&req).await {
                Ok(code) => ui.gate.set(Gate::Recovery(code.code.expose().to_owned())),
                Err(e) => errors.set(e),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        create.dispatch_idle(CreateProfile {
            passphrase: pass.get().into(),
            repeated: repeated.get().into(),
        });
    };
    view! {
        <div class="gate">
            <form class="gate-card" on:submit=submit>
                <img class="gate-icon" src="icon.png" alt="" width="64" height="64"/>
                <h1>{t("setup.title")}</h1>
                <p class="lead">{t("setup.lead")}</p>
                <ErrorBanner message=Signal::derive(errors.general(&["passphrase", "repeated"]))/>
                <Field name="passphrase" label=t("setup.passphrase") errors hint=t("setup.passphrase_hint")>
                    <input id="passphrase" type="password" autocomplete="new-password" bind:value=pass
                        aria-describedby="strength"/>
                </Field>
                <StrengthMeter value=pass/>
                <Field name="repeated" label=t("setup.repeat") errors>
                    <input id="repeated" type="password" autocomplete="new-password" bind:value=repeated/>
                </Field>
                <button id="create-profile" class="button primary wide" type="submit"
                    aria-disabled=move || busy(create.pending().get())>
                    {move || if create.pending().get() { t("setup.creating") } else { t("setup.create") }}
                </button>
                <button id="open-restore" class="link" type="button" on:click=move |_| restore()>
                    {t("restore.open")}
                </button>
            </form>
        </div>
    }
}

/// A recovery code in large type, its groups never broken inside; a
/// labelled group, so a screen reader names it before reading it.
#[component]
pub fn RecoveryCodeBox(code: String) -> impl IntoView {
    view! {
        <p id="recovery-code" class="recovery-code" role="group" aria-label=t("recovery.code_label")>
            // Groups never break inside; lines break only after a dash.
            {code.split('-').enumerate().map(|(i, g)| view! {
                {(i > 0).then_some("-")}<span class="group">{g.to_owned()}</span>
            }).collect_view()}
        </p>
    }
}

/// The recovery code, once: after creating the profile, or a new one after
/// the old was used to unlock (`renewed`).
#[component]
pub fn ShowRecoveryCode(code: String, #[prop(optional)] renewed: bool) -> impl IntoView {
    let ui = ui();
    let confirmed = RwSignal::new(false);
    let go_on = move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(s) = call(&GetSettings {}).await {
                ui.open(s);
            } else {
                ui.gate.set(Gate::Locked);
            }
        })
    };
    let (title, lead) = if renewed {
        ("recovery.renewed_title", "recovery.renewed_lead")
    } else {
        ("recovery.title", "recovery.lead")
    };
    view! {
        <div class="gate">
            <div class="gate-card">
                <h1>{t(title)}</h1>
                <p class="lead">{t(lead)}</p>
                <RecoveryCodeBox code/>
                <p class="hint">{t("recovery.where")}</p>
                <label class="check">
                    <input id="recovery-confirm" type="checkbox" bind:checked=confirmed/>
                    <span>{t("recovery.confirm")}</span>
                </label>
                <button id="recovery-continue" class="button primary wide"
                    disabled=move || !confirmed.get() on:click=go_on>
                    {t("recovery.continue")}
                </button>
            </div>
        </div>
    }
}
