//! *Brev om tilbud*: the letter offering the conversation, on a case that
//! is still to have it (notified or invited). The consultant writes the
//! day, time and place, who will be there and whom to call (and, for this
//! printout only, the young person's name); the team's template does the
//! rest. Saving it through the save dialog is logged, and a case still at
//! *notified* records the offer as made by letter today.

use crate::components::{read_date, DispatchIdle, ErrorBanner, Field, FormErrors};
use crate::i18n::{t, tf};
use crate::ipc::call;
use feltbog_api::cases::CaseView;
use feltbog_api::commands::{CheckOfferLetter, ChooseLetterFile, GetCase, SaveOfferLetter};
use feltbog_api::papers::{LetterInput, LetterSaved};
use feltbog_api::{ApiError, CaseId};
use leptos::prelude::*;

const SHOWN: &[&str] = &["date", "time", "place", "with", "contact", "name"];

/// The letter's fields as signals.
#[derive(Clone, Copy)]
struct Fields {
    date: RwSignal<String>,
    time: RwSignal<String>,
    place: RwSignal<String>,
    with: RwSignal<String>,
    contact: RwSignal<String>,
    /// The young person's name, for this printout only: never stored.
    name: RwSignal<String>,
}

impl Fields {
    fn new() -> Self {
        let text = || RwSignal::new(String::new());
        Self {
            date: text(),
            time: text(),
            place: text(),
            with: text(),
            contact: text(),
            name: text(),
        }
    }

    /// The typed letter; a day that cannot be read is reported on its
    /// field.
    fn read(self) -> Result<LetterInput, ApiError> {
        Ok(LetterInput {
            date: Some(read_date("date", &self.date.get_untracked())?),
            time: self.time.get_untracked(),
            place: self.place.get_untracked(),
            with: self.with.get_untracked(),
            contact: self.contact.get_untracked(),
            name: self.name.get_untracked(),
        })
    }
}

#[component]
pub fn OfferLetterPanel(
    case: CaseId,
    number: String,
    /// The case as it stands after a letter recorded the offer.
    on_saved: Callback<CaseView>,
    /// What the last letter did (kept by the case page, which redraws).
    saved: RwSignal<Option<LetterSaved>>,
) -> impl IntoView {
    let errors = FormErrors::new();
    let f = Fields::new();
    let save = Action::new_local(move |letter: &LetterInput| {
        let letter = letter.clone();
        let number = number.clone();
        async move {
            // What was written is checked before the dialog asks where.
            if let Err(e) = call(&CheckOfferLetter {
                case,
                letter: letter.clone(),
            })
            .await
            {
                return errors.set(e);
            }
            let path = match call(&ChooseLetterFile { number }).await {
                Ok(Some(path)) => path,
                Ok(None) => return,
                Err(e) => return errors.set(e),
            };
            match call(&SaveOfferLetter { case, letter, path }).await {
                Ok(done) => {
                    errors.clear();
                    // The name was for that printout only.
                    f.name.set(String::new());
                    let recorded = done.recorded;
                    saved.set(Some(done));
                    if recorded {
                        if let Ok(v) = call(&GetCase { id: case }).await {
                            on_saved.run(v);
                        }
                    }
                }
                Err(e) => errors.set(e),
            }
        }
    });
    let submit = errors.on_submit(move || f.read(), move |letter| save.dispatch_idle(letter));
    view! {
        <section class="panel" id="offer-letter" aria-labelledby="offer-letter-h">
            <h2 id="offer-letter-h">{t("letter.panel")}</h2>
            <p class="muted">{t("letter.lead")}</p>
            <details class="offer-letter-form">
                <summary class="button secondary">{t("letter.write")}</summary>
                <form id="letter-form" class="form" on:submit=submit novalidate>
                    <ErrorBanner message=Signal::derive(errors.general(SHOWN))/>
                    <LetterFields f errors/>
                    <div class="form-actions">
                        <button type="submit" id="save-letter" class="button primary"
                            aria-disabled=move || crate::components::busy(save.pending().get())>
                            {t("letter.save")}
                        </button>
                    </div>
                </form>
            </details>
            <div aria-live="polite">
                {move || saved.get().map(|done| view! {
                    <p id="letter-saved" class="banner info">
                        {tf("letter.saved", &[("path", &done.file.path)])}
                        {done.recorded.then(|| format!(" {}", t("letter.recorded")))}
                    </p>
                })}
            </div>
        </section>
    }
}

/// When and where the conversation is, who will be there, whom to call,
/// and the name for this printout.
#[component]
fn LetterFields(f: Fields, errors: FormErrors) -> impl IntoView {
    view! {
        <div class="row">
            <Field name="date" input_id="letter-date" label=t("letter.date") errors hint=t("visit.date_hint")>
                <input id="letter-date" class="date-input" bind:value=f.date placeholder=t("common.date_format")/>
            </Field>
            <Field name="time" input_id="letter-time" label=t("letter.time") errors hint=t("letter.time_hint")>
                <input id="letter-time" class="time-input" inputmode="decimal" bind:value=f.time/>
            </Field>
        </div>
        <Field name="place" input_id="letter-place" label=t("letter.place") errors>
            <input id="letter-place" bind:value=f.place/>
        </Field>
        <Field name="with" input_id="letter-with" label=t("letter.with") errors hint=t("letter.with_hint")>
            <input id="letter-with" bind:value=f.with/>
        </Field>
        <Field name="contact" input_id="letter-contact" label=t("letter.contact") errors hint=t("letter.contact_hint")>
            <input id="letter-contact" bind:value=f.contact/>
        </Field>
        <Field name="name" input_id="letter-name" label=t("ref.name") errors hint=t("ref.name_hint")>
            <input id="letter-name" autocomplete="off" spellcheck="false" bind:value=f.name/>
        </Field>
    }
}
