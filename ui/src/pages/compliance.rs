//! Indstillinger → Databeskyttelse: the data-protection papers (the art. 30
//! record and the DPIA appendix) as the shell words them from the live
//! profile, shown as they will read, and saved as a PDF or as plain text
//! through the system's save dialog. A coordinator's page (or a profile
//! alone's): core refuses anyone else, and the tab is not shown to them.

use super::settings::SettingsTabs;
use crate::components::{busy, DispatchIdle, ErrorBanner, ReadFailed};
use crate::i18n::{error_text, t, tf};
use crate::ipc::call;
use feltbog_api::commands::{ChooseComplianceFile, ExportCompliance, GetCompliancePaper};
use feltbog_api::compliance::{Paper, PaperFormat, PaperSection};
use feltbog_api::summary::ExportDone;
use feltbog_api::ApiError;
use leptos::prelude::*;

#[component]
pub fn CompliancePage() -> impl IntoView {
    let paper = LocalResource::new(|| call(&GetCompliancePaper {}));
    view! {
        <header class="page-head"><h1>{t("settings.title")}</h1></header>
        <SettingsTabs/>
        <section id="compliance" class="panel" aria-labelledby="compliance-title">
            <h2 id="compliance-title">{t("dpo.tab")}</h2>
            <p class="lead">{t("dpo.page_lead")}</p>
            <SaveButtons/>
        </section>
        <Transition fallback=|| view! { <p class="muted">{t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match paper.await {
                    Ok(p) => view! { <PaperView p/> }.into_any(),
                    Err(error) => view! { <ReadFailed error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

async fn save(format: PaperFormat) -> Result<Option<ExportDone>, ApiError> {
    let Some(path) = call(&ChooseComplianceFile { format }).await? else {
        return Ok(None);
    };
    call(&ExportCompliance { format, path }).await.map(Some)
}

/// The two buttons, where the file went, or why not.
#[component]
fn SaveButtons() -> impl IntoView {
    let action = Action::new_local(|format: &PaperFormat| save(*format));
    let button = move |format: PaperFormat, key: &'static str, class: &'static str| {
        view! {
            <button id=format!("dpo-save-{format}") class=format!("button {class}")
                aria-disabled=move || busy(action.pending().get())
                on:click=move |_| action.dispatch_idle(format)>
                {t(key)}
            </button>
        }
    };
    let value = action.value();
    let failed = Signal::derive(move || value.get().and_then(Result::err).map(|e| error_text(&e)));
    let saved = move || value.get().and_then(|r| r.ok()).flatten();
    view! {
        <div class="actions">
            {button(PaperFormat::Pdf, "dpo.save_pdf", "primary")}
            {button(PaperFormat::Text, "dpo.save_text", "secondary")}
        </div>
        <ErrorBanner message=failed/>
        {move || saved().map(|d| view! {
            <p id="dpo-saved" class="banner info" role="status">{tf("summary.saved", &[("path", &d.path)])}</p>
        })}
    }
}

/// The papers as the PDF and the text file say them.
#[component]
fn PaperView(p: Paper) -> impl IntoView {
    view! {
        <article id="dpo-paper" class="panel paper" aria-labelledby="dpo-paper-title">
            <h2 id="dpo-paper-title">{p.title}</h2>
            {p.lead.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
            {p.parts.into_iter().enumerate().map(|(n, part)| view! {
                <h3 id=format!("dpo-part-{}", n + 1) class="paper-part">{part.title}</h3>
                <p class="hint">{part.intro}</p>
                {part.sections.into_iter().map(|s| view! { <Section s/> }).collect_view()}
            }).collect_view()}
        </article>
    }
}

#[component]
fn Section(s: PaperSection) -> impl IntoView {
    let rows = (!s.rows.is_empty()).then(|| {
        let label = s.heading.clone();
        let head = (s.header.len() == 2).then(|| {
            view! {
                <thead><tr>
                    <th scope="col">{s.header[0].clone()}</th>
                    <th scope="col">{s.header[1].clone()}</th>
                </tr></thead>
            }
        });
        view! {
            <crate::components::TableScroll label><table class="table paper-rows">
                {head}
                <tbody>
                    {s.rows.into_iter().map(|(k, v)| view! {
                        <tr><th scope="row">{k}</th><td>{v}</td></tr>
                    }).collect_view()}
                </tbody>
            </table></crate::components::TableScroll>
        }
    });
    let bullets = (!s.bullets.is_empty()).then(|| {
        view! { <ul>{s.bullets.into_iter().map(|b| view! { <li>{b}</li> }).collect_view()}</ul> }
    });
    view! {
        <h4>{s.heading}</h4>
        {s.paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
        {rows}
        {bullets}
    }
}
