//! *Eksportér kalender* on the visits page: the visits and cafés of a
//! period saved as an .ics file through the save dialog, for Outlook or
//! GNOME Calendar. Day, place and purpose or theme only; exporting again
//! updates the same events.

use crate::components::{busy, read_date, DispatchIdle, ErrorBanner, Field, FormErrors};
use crate::i18n::{t, tf};
use crate::ipc::call;
use crate::pages::visit_form::today;
use chrono::Days;
use feltbog_api::calendar::{CalendarDone, CALENDAR_DEFAULT_DAYS};
use feltbog_api::commands::{ChooseCalendarFile, ExportCalendar};
use feltbog_api::dates::format_short;
use feltbog_api::ApiError;
use leptos::prelude::*;

/// Asks for a file, then writes the calendar; `None` when the dialog was
/// cancelled.
async fn save(from: String, to: String) -> Result<Option<CalendarDone>, ApiError> {
    let (from, to) = (read_date("from", &from)?, read_date("to", &to)?);
    let Some(path) = call(&ChooseCalendarFile {}).await? else {
        return Ok(None);
    };
    call(&ExportCalendar { from, to, path }).await.map(Some)
}

/// The button that shows and hides [`CalendarPanel`], for the page's head.
#[component]
pub fn CalendarButton(open: RwSignal<bool>) -> impl IntoView {
    view! {
        <button id="calendar-toggle" class="button secondary" aria-expanded=move || open.get().to_string()
            aria-controls="calendar-export" on:click=move |_| open.update(|o| *o = !*o)>
            {t("calendar.export")}
        </button>
    }
}

/// The period and the save button, shown while `open`.
#[component]
pub fn CalendarPanel(open: RwSignal<bool>) -> impl IntoView {
    let start = today();
    let from = RwSignal::new(start.map(format_short).unwrap_or_default());
    let to = RwSignal::new(
        start
            .and_then(|d| d.checked_add_days(Days::new(CALENDAR_DEFAULT_DAYS)))
            .map(format_short)
            .unwrap_or_default(),
    );
    let errors = FormErrors::new();
    let saving = Action::new_local(move |_: &()| {
        let (f, t) = (from.get_untracked(), to.get_untracked());
        async move {
            let r = save(f, t).await;
            match &r {
                Ok(_) => errors.clear(),
                Err(e) => errors.set(e.clone()),
            }
            r.ok().flatten()
        }
    });
    let saved = move || saving.value().get().flatten();
    view! {
        <section id="calendar-export" class="panel calendar-export" class:hidden=move || !open.get()
            aria-labelledby="calendar-export-h">
            <h2 id="calendar-export-h">{t("calendar.export")}</h2>
            <p class="muted">{t("calendar.lead")}</p>
            <ErrorBanner message=Signal::derive(errors.general(&["from", "to"]))/>
            <div class="calendar-period">
                <Field name="from" label=t("calendar.from") errors>
                    <input id="from" inputmode="numeric" autocomplete="off" bind:value=from
                        placeholder=t("common.date_format")/>
                </Field>
                <Field name="to" label=t("calendar.to") errors>
                    <input id="to" inputmode="numeric" autocomplete="off" bind:value=to
                        placeholder=t("common.date_format")/>
                </Field>
            </div>
            <button id="save-calendar" class="button primary" aria-disabled=move || busy(saving.pending().get())
                on:click=move |_| saving.dispatch_idle(())>
                {t("calendar.save")}
            </button>
            {move || saved().map(|d| view! {
                <p id="calendar-saved" class="banner info" role="status">
                    {tf("calendar.saved", &[("n", &d.events.to_string()), ("path", &d.path)])}
                </p>
            })}
        </section>
    }
}
