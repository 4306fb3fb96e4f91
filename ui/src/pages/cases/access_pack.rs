//! *Indsigt* on a case's page: the answer to an access request (GDPR art.
//! 15) in one step, a PDF with everything stored about the case, every
//! version of its steps and its access log with the chain check. Core
//! assembles it and logs its making; the shell sets and writes it.

use crate::components::{busy, DispatchIdle};
use crate::i18n::{error_text, t, tf};
use crate::ipc::call;
use feltbog_api::commands::{ChooseAccessPackFile, SaveAccessPack};
use feltbog_api::summary::ExportDone;
use feltbog_api::{ApiError, CaseId};
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
                        <p id="access-pack-saved" class="banner error" role="alert">{error_text(&e)}</p>
                    }.into_any(),
                })}
            </div>
        </section>
    }
}
