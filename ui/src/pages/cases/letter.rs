//! *Brev om tilbud*: the letter offering the conversation, on a case that
//! is still to have it (notified or invited). The consultant writes the
//! day, time and place, who will be there and whom to call (and, for this
//! printout only, the young person's name); the team's template does the
//! rest. Saving it through the save dialog is logged, and a case still at
//! *notified* records the offer as made by letter today.

use crate::components::{read_date, ErrorBanner, Field, FormErrors};
use crate::i18n::{t, tf};
use crate::ipc::call;
use feltbog_api::cases::CaseView;
use feltbog_api::commands::{CheckOfferLetter, ChooseLetterFile, GetCase, SaveOfferLetter};
use feltbog_api::papers::{LetterInput, LetterSaved};
use feltbog_api::CaseId;
use leptos::prelude::*;

const SHOWN: &[&str] = &["date", "time", "place", "with", "contact", "name"];

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
    let date = RwSignal::new(String::new());
    let time = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let with = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
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
                    name.set(String::new());
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
    let submit = errors.on_submit(
        move || read_date("date", &date.get_untracked()),
        move |day| {
            if save.pending().get_untracked() {
                return;
            }
            save.dispatch_local(LetterInput {
                date: Some(day),
                time: time.get_untracked(),
                place: place.get_untracked(),
                with: with.get_untracked(),
                contact: contact.get_untracked(),
                name: name.get_untracked(),
            });
        },
    );
    view! {
        <section class="panel" id="offer-letter" aria-labelledby="offer-letter-h">
            <h2 id="offer-letter-h">{t("letter.panel")}</h2>
            <p class="muted">{t("letter.lead")}</p>
            <details class="offer-letter-form">
                <summary class="button secondary">{t("letter.write")}</summary>
                <form id="letter-form" class="form" on:submit=submit novalidate>
                    <ErrorBanner message=Signal::derive(errors.general(SHOWN))/>
                    <div class="row">
                        <Field name="date" input_id="letter-date" label=t("letter.date") errors hint=t("visit.date_hint")>
                            <input id="letter-date" class="date-input" bind:value=date placeholder=t("common.date_format")/>
                        </Field>
                        <Field name="time" input_id="letter-time" label=t("letter.time") errors hint=t("letter.time_hint")>
                            <input id="letter-time" class="time-input" inputmode="decimal" bind:value=time/>
                        </Field>
                    </div>
                    <Field name="place" input_id="letter-place" label=t("letter.place") errors>
                        <input id="letter-place" bind:value=place/>
                    </Field>
                    <Field name="with" input_id="letter-with" label=t("letter.with") errors hint=t("letter.with_hint")>
                        <input id="letter-with" bind:value=with/>
                    </Field>
                    <Field name="contact" input_id="letter-contact" label=t("letter.contact") errors hint=t("letter.contact_hint")>
                        <input id="letter-contact" bind:value=contact/>
                    </Field>
                    <Field name="name" input_id="letter-name" label=t("ref.name") errors hint=t("ref.name_hint")>
                        <input id="letter-name" autocomplete="off" spellcheck="false" bind:value=name/>
                    </Field>
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
