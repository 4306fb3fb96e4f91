//! The lock screen: the passphrase, or the recovery code and a new passphrase.

use super::setup::StrengthMeter;
use crate::components::{busy, DispatchIdle, ErrorBanner, Field, FormErrors};
use crate::i18n::t;
use crate::ipc::call;
use crate::state::{ui, Gate, Ui};
use feltbog_api::commands::{Unlock, UnlockWithRecovery};
use feltbog_api::profile::Settings;
use feltbog_api::ApiError;
use leptos::prelude::*;

#[component]
pub fn UnlockScreen() -> impl IntoView {
    let recovering = RwSignal::new(false);
    view! {
        <div class="gate">
            {move || if recovering.get() {
                view! { <RecoveryForm back=move || recovering.set(false)/> }.into_any()
            } else {
                view! { <PassphraseForm forgot=move || recovering.set(true)/> }.into_any()
            }}
        </div>
    }
}

/// Opens the app with the answer of an unlock call, or shows its error.
async fn finish(result: Result<Settings, ApiError>, errors: FormErrors, ui: Ui) {
    match result {
        Ok(settings) => ui.open(settings),
        Err(e) => errors.set(e),
    }
}

#[component]
fn PassphraseForm(forgot: impl Fn() + 'static) -> impl IntoView {
    let pass = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let ui = ui();
    let unlock = Action::new_local(move |req: &Unlock| {
        let req = req.clone();
        async move {
            let r = call(&req).await;
            if r.is_err() {
                pass.set(String::new());
            }
            finish(r, errors, ui).await
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        unlock.dispatch_idle(Unlock {
            passphrase: pass.get().into(),
        });
    };
    view! {
        <form class="gate-card" on:submit=submit>
            <img class="gate-icon" src="icon.png" alt="" width="64" height="64"/>
            <h1>{t("unlock.title")}</h1>
            <p class="lead">{t("unlock.lead")}</p>
            <ErrorBanner message=Signal::derive(errors.general(&[]))/>
            <div class="field">
                <label for="passphrase">{t("unlock.passphrase")}</label>
                <input id="passphrase" type="password" autocomplete="current-password" autofocus
                    bind:value=pass/>
            </div>
            <button id="unlock" class="button primary wide" type="submit"
                aria-disabled=move || busy(unlock.pending().get())>
                {move || if unlock.pending().get() { t("unlock.unlocking") } else { t("unlock.unlock") }}
            </button>
            <button id="use-recovery" class="link" type="button" on:click=move |_| forgot()>
                {t("unlock.forgot")}
            </button>
        </form>
    }
}

#[component]
fn RecoveryForm(back: impl Fn() + 'static) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let pass = RwSignal::new(String::new());
    let repeated = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let ui = ui();
    let recover = Action::new_local(move |req: &UnlockWithRecovery| {
        let req = req.clone();
        async move {
            match call(&req).await {
                // The used code is replaced: show the new one once.
                Ok(code) => ui
                    .gate
                    .set(Gate::RenewedRecovery(code.code.expose().to_owned())),
                Err(e) => errors.set(e),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        recover.dispatch_idle(UnlockWithRecovery {
            code: code.get().into(),
            new_passphrase: pass.get().into(),
            repeated: repeated.get().into(),
        });
    };
    view! {
        <form class="gate-card" on:submit=submit>
            <h1>{t("recover.title")}</h1>
            <p class="lead">{t("recover.lead")}</p>
            <ErrorBanner message=Signal::derive(errors.general(&["new_passphrase", "repeated"]))/>
            <div class="field">
                <label for="code">{t("recover.code")}</label>
                <input id="code" class="mono" autocomplete="off" spellcheck="false" bind:value=code
                    placeholder="XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"/>
            </div>
            <Field name="new_passphrase" label=t("recover.new_passphrase") errors>
                <input id="new_passphrase" type="password" autocomplete="new-password" bind:value=pass/>
            </Field>
            <StrengthMeter value=pass/>
            <Field name="repeated" label=t("setup.repeat") errors>
                <input id="repeated" type="password" autocomplete="new-password" bind:value=repeated/>
            </Field>
            <button id="recover" class="button primary wide" type="submit"
                aria-disabled=move || busy(recover.pending().get())>{t("recover.submit")}</button>
            <button class="link" type="button" on:click=move |_| back()>{t("recover.back")}</button>
        </form>
    }
}
