//! The papers a case gives out, on its page. *Indsigt*: the answer to an
//! access request (GDPR art. 15) in one step, a PDF with everything stored
//! about the case, every version of its steps and its access log with the
//! chain check. *Referat*: on each conversation held, the minutes for the
//! family and the police. Core assembles them; the shell sets and writes
//! them, and logs each once written.

use crate::components::{busy, DispatchIdle};
use crate::i18n::{error_text, t, tf};
use crate::ipc::call;
use feltbog_api::commands::{ChooseAccessPackFile, ChooseReferatFile, SaveAccessPack, SaveReferat};
use feltbog_api::summary::ExportDone;
use feltbog_api::{ApiError, CaseId, CaseStepId};
use leptos::prelude::*;

/// Asks for a file, then writes the pack; `None` when cancelled.
async fn save(case: CaseId, number: String) -> Result<Option<ExportDone>, ApiError> {
    let Some(path) = call(&ChooseAccessPackFile { number }).await? else {
        return Ok(None);
    };
    call(&SaveAccessPack { case, path }).await.map(Some)
}

#[component]
pub fn AccessPackPanel(case: CaseId, number: String) -> impl IntoView {
    let saving = Action::new_local(move |_: &()| {
        let number = number.clone();
        async move { save(case, number).await }
    });
    view! {
        <section class="panel" id="access-pack" aria-labelledby="access-pack-h">
            <h2 id="access-pack-h">{t("pack.panel")}</h2>
            <p class="muted">{t("pack.panel_lead")}</p>
            <button id="save-access-pack" class="button secondary"
                aria-disabled=move || busy(saving.pending().get())
                on:click=move |_| saving.dispatch_idle(())>
                {t("pack.save")}
            </button>
            <div aria-live="polite">
                {move || saving.value().get().map(|r| match r {
                    Ok(Some(done)) => view! {
                        <p id="access-pack-saved" class="banner info">{tf("pack.saved", &[("path", &done.path)])}</p>
                    }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => view! {
                        <p id="access-pack-saved" class="banner error">{error_text(&e)}</p>
                    }.into_any(),
                })}
            </div>
        </section>
    }
}

/// Asks for a file, then writes the referat; `None` when cancelled.
async fn save_referat(
    case: CaseId,
    step: CaseStepId,
    number: String,
    name: String,
) -> Result<Option<ExportDone>, ApiError> {
    let Some(path) = call(&ChooseReferatFile { number }).await? else {
        return Ok(None);
    };
    call(&SaveReferat {
        case,
        step,
        name,
        path,
    })
    .await
    .map(Some)
}

/// *Referat* on a conversation held: a name may be typed for this
/// printout only (never stored); without one the initials are printed.
#[component]
pub fn ReferatButton(
    case: CaseId,
    step: CaseStepId,
    number: String,
    /// The conversation ("Samtale holdt · 20-11-2026"), said to a screen
    /// reader after "Referat", as each conversation has one.
    what: String,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let saving = Action::new_local(move |_: &()| {
        let number = number.clone();
        let typed = name.get_untracked();
        async move {
            let r = save_referat(case, step, number, typed).await;
            if matches!(r, Ok(Some(_))) {
                // The name was for that printout only.
                name.set(String::new());
            }
            r
        }
    });
    let name_id = format!("referat-name-{step}");
    let hint_id = format!("referat-hint-{step}");
    view! {
        <details class="referat">
            <summary class="button ghost">{t("ref.panel")}<span class="sr-only">": "{what}</span></summary>
            <div class="field">
                <label for=name_id.clone()>{t("ref.name")}</label>
                <input id=name_id autocomplete="off" spellcheck="false" aria-describedby=hint_id.clone() bind:value=name/>
                <p id=hint_id class="hint">{t("ref.name_hint")}</p>
            </div>
            <button type="button" class="button secondary save-referat"
                aria-disabled=move || busy(saving.pending().get())
                on:click=move |_| saving.dispatch_idle(())>
                {t("ref.save")}
            </button>
            <div aria-live="polite">
                {move || saving.value().get().map(|r| match r {
                    Ok(Some(done)) => view! {
                        <p class="banner info referat-saved">{tf("ref.saved", &[("path", &done.path)])}</p>
                    }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => view! {
                        <p class="banner error referat-saved">{error_text(&e)}</p>
                    }.into_any(),
                })}
            </div>
        </details>
    }
}
