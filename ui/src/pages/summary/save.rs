//! Saving a report, one shape for every kind: three buttons (PDF, Excel,
//! CSV) that ask the shell for a file through the system's save dialog,
//! the note of where it was saved, and why not when it failed. What was
//! saved belongs to what was shown: [`Saver::clear`] drops the note when
//! the report changes.

use crate::components::{busy, DispatchIdle, ErrorBanner};
use crate::i18n::{error_text, t, tf};
use feltbog_api::summary::{ExportDone, ExportFormat};
use feltbog_api::ApiError;
use leptos::prelude::*;
use std::future::Future;

type Saved = Result<Option<ExportDone>, ApiError>;

#[derive(Clone, Copy)]
pub struct Saver {
    action: Action<ExportFormat, Saved>,
    ready: Signal<bool>,
}

impl Saver {
    /// `save` writes the shown report as a format (`None`: the dialog was
    /// cancelled); `ready` says whether there is a report to save.
    pub fn new<F, Fut>(ready: Signal<bool>, save: F) -> Self
    where
        F: Fn(ExportFormat) -> Fut + 'static,
        Fut: Future<Output = Saved> + 'static,
    {
        let action = Action::new_local(move |format: &ExportFormat| save(*format));
        Self { action, ready }
    }

    pub fn clear(&self) {
        self.action.value().set(None);
    }

    /// The three buttons, ids `{prefix}save-pdf`, `…-xlsx`, `…-csv`.
    pub fn buttons(self, prefix: &'static str) -> impl IntoView {
        let button = move |format: ExportFormat, key: &'static str, class: &'static str| {
            view! {
                <button id=format!("{prefix}save-{format}") class=format!("button {class}")
                    aria-disabled=move || busy(self.action.pending().get() || !self.ready.get())
                    on:click=move |_| if self.ready.get_untracked() { self.action.dispatch_idle(format) }>
                    {t(key)}
                </button>
            }
        };
        view! {
            <div class="actions">
                {button(ExportFormat::Pdf, "summary.save_pdf", "primary")}
                {button(ExportFormat::Xlsx, "summary.save_xlsx", "secondary")}
                {button(ExportFormat::Csv, "summary.save_csv", "secondary")}
            </div>
        }
    }

    /// Why the last save failed, or where it went (`saved_id`).
    pub fn status(self, saved_id: &'static str) -> impl IntoView {
        let value = self.action.value();
        let failed =
            Signal::derive(move || value.get().and_then(Result::err).map(|e| error_text(&e)));
        let saved = move || value.get().and_then(|r| r.ok()).flatten();
        view! {
            <ErrorBanner message=failed/>
            {move || saved().map(|d| view! {
                <p id=saved_id class="banner info" role="status">{tf("summary.saved", &[("path", &d.path)])}</p>
            })}
        }
    }
}
