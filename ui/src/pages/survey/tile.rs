//! One class on the on-site screen: answered and absent with big −1/+1
//! buttons, the status, the reason when it cannot take part, the date
//! taken. Each change is saved at once; saves go one at a time, and the
//! newest state is always the last one sent.

use super::{grade_label, percent_text};
use crate::components::read_date;
use crate::i18n::{error_text, t, tf};
use crate::ipc::call;
use crate::pages::visit_form::today;
use feltbog_api::commands::SaveClass;
use feltbog_api::dates::format_short;
use feltbog_api::survey::{rate, ClassStatus, ClassView, NewClass, Questionnaire};
use feltbog_api::{ApiError, Problem};
use leptos::prelude::*;

/// An id-safe form of a class name: "7.a" -> "7a".
pub fn slug(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase()
}

#[derive(Clone, Copy, PartialEq)]
enum SaveState {
    Saved,
    Saving,
    Failed,
}

#[derive(Clone, Copy)]
struct TileFields {
    answered: RwSignal<String>,
    absent: RwSignal<String>,
    enrolled: RwSignal<String>,
    status: RwSignal<ClassStatus>,
    reason: RwSignal<String>,
    taken: RwSignal<String>,
}

impl TileFields {
    fn new(c: &ClassView) -> Self {
        Self {
            answered: RwSignal::new(c.answered.to_string()),
            absent: RwSignal::new(c.absent.to_string()),
            enrolled: RwSignal::new(c.enrolled.to_string()),
            status: RwSignal::new(c.status),
            reason: RwSignal::new(c.reason.clone()),
            taken: RwSignal::new(c.taken_on.map(format_short).unwrap_or_default()),
        }
    }

    /// The typed values as a request, read without tracking.
    fn to_class(self, base: &NewClass) -> Result<NewClass, ApiError> {
        let count = |field: &str, s: RwSignal<String>| {
            s.get_untracked().trim().parse::<u32>().map_err(|_| {
                ApiError::invalid(
                    field,
                    Problem::OutOfRange { min: 0, max: 500 },
                    "not a number",
                )
            })
        };
        let taken = self.taken.get_untracked();
        let taken_on = if taken.trim().is_empty() {
            None
        } else {
            Some(read_date("taken_on", &taken)?)
        };
        Ok(NewClass {
            enrolled: count("enrolled", self.enrolled)?,
            answered: count("answered", self.answered)?,
            absent: count("absent", self.absent)?,
            status: self.status.get_untracked(),
            reason: self.reason.get_untracked(),
            taken_on,
            ..base.clone()
        })
    }

    fn number(s: RwSignal<String>) -> Option<u32> {
        s.get().trim().parse().ok()
    }
}

#[component]
pub fn ClassTile(c: ClassView, q: Questionnaire, target: u8) -> impl IntoView {
    let id = c.id;
    let key = slug(&c.name);
    let base = StoredValue::new(c.to_input());
    let f = TileFields::new(&c);
    let state = RwSignal::new(SaveState::Saved);
    let error = RwSignal::new(None::<String>);
    let in_flight = StoredValue::new(false);
    let again = StoredValue::new(false);

    // Sends the current state; while a save is under way, remembers to send
    // again when it is done, so the last change always wins.
    let save = move || {
        let class = match f.to_class(&base.get_value()) {
            Ok(class) => class,
            Err(e) => {
                error.set(Some(field_error(&e)));
                state.set(SaveState::Failed);
                return;
            }
        };
        if in_flight.get_value() {
            again.set_value(true);
            return;
        }
        in_flight.set_value(true);
        state.set(SaveState::Saving);
        leptos::task::spawn_local(async move {
            let mut class = class;
            loop {
                let result = call(&SaveClass {
                    id: Some(id),
                    class,
                })
                .await;
                if again.get_value() {
                    again.set_value(false);
                    match f.to_class(&base.get_value()) {
                        Ok(next) => {
                            class = next;
                            continue;
                        }
                        Err(e) => {
                            error.set(Some(field_error(&e)));
                            state.set(SaveState::Failed);
                            break;
                        }
                    }
                }
                match result {
                    Ok(saved) => {
                        base.set_value(saved.to_input());
                        error.set(None);
                        state.set(SaveState::Saved);
                    }
                    Err(e) => {
                        error.set(Some(field_error(&e)));
                        state.set(SaveState::Failed);
                    }
                }
                break;
            }
            in_flight.set_value(false);
        });
    };

    // The first answer starts the class and dates it today.
    let started = move || {
        let answered = TileFields::number(f.answered).unwrap_or(0);
        if answered > 0 {
            let status = f.status.get_untracked();
            if status.after_answers(answered) != status {
                f.status.set(status.after_answers(answered));
            }
            if f.taken.get_untracked().trim().is_empty() {
                if let Some(d) = today() {
                    f.taken.set(format_short(d));
                }
            }
        }
    };
    let step = move |s: RwSignal<String>, by: i64| {
        let n = i64::from(s.get_untracked().trim().parse::<u32>().unwrap_or(0));
        s.set((n + by).max(0).to_string());
        started();
        save();
    };
    let percent = move || {
        let (a, e) = (
            TileFields::number(f.answered),
            TileFields::number(f.enrolled),
        );
        a.zip(e).and_then(|(a, e)| rate(a, e))
    };
    let rate_label = move || percent_text(percent());
    let met = move || percent().is_some_and(|p| p >= f64::from(target));
    let name = c.name.clone();
    let counter = move |label: String, field: &'static str, s: RwSignal<String>| {
        let input_id = format!("{field}-{key}");
        let minus = tf("onsite.minus", &[("what", &label), ("class", &name)]);
        let plus = tf("onsite.plus", &[("what", &label), ("class", &name)]);
        view! {
            <div class="counter">
                <label for=input_id.clone()>{label.clone()}</label>
                <div class="counter-row">
                    <button type="button" class="step" id=format!("{field}-minus-{key}") aria-label=minus
                        on:click=move |_| step(s, -1)>"−1"</button>
                    <input id=input_id class="count" inputmode="numeric" autocomplete="off" bind:value=s
                        on:input=move |_| { started(); save(); }/>
                    <button type="button" class="step plus" id=format!("{field}-plus-{key}") aria-label=plus
                        on:click=move |_| step(s, 1)>"+1"</button>
                </div>
            </div>
        }
    };
    let key2 = slug(&c.name);
    let reason_id = format!("reason-{key2}");
    view! {
        <article class="tile" id=format!("tile-{}", slug(&c.name)) class:met=met>
            <header class="tile-head">
                <div>
                    <h3 class="tile-name">{c.name.clone()}</h3>
                    <p class="muted small">{grade_label(q, Some(c.grade))}</p>
                </div>
                <p class="tile-rate" id=format!("rate-{key2}") aria-live="polite">{rate_label}</p>
            </header>
            <svg class="rate-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
                <rect class="track" x="0" y="0" width="100" height="8"/>
                <rect class="fill" x="0" y="0" height="8" width=move || format!("{:.1}", percent().unwrap_or(0.0))/>
                <line class="target" x1=target.to_string() x2=target.to_string() y1="0" y2="8"/>
            </svg>
            {counter(t("survey.answered"), "answered", f.answered)}
            {counter(t("onsite.absent"), "absent", f.absent)}
            <fieldset class="status-buttons">
                <legend class="sr-only">{t("onsite.status")}</legend>
                {ClassStatus::ALL.iter().map(|s| {
                    let s = *s;
                    view! {
                        <button type="button" class="status-button" aria-pressed=move || (f.status.get() == s).to_string()
                            id=format!("status-{s}-{key2}")
                            on:click=move |_| { f.status.set(s); save(); }>
                            {t(&format!("class_status.{s}"))}
                        </button>
                    }
                }).collect_view()}
            </fieldset>
            <Show when=move || f.status.get() == ClassStatus::CannotTakePart>
                <div class="field">
                    <label for=reason_id.clone()>{t("onsite.reason")}</label>
                    <input id=reason_id.clone() bind:value=f.reason on:change=move |_| save()/>
                </div>
            </Show>
            <div class="tile-foot">
                <div class="field">
                    <label for=format!("taken-{key2}")>{t("onsite.taken_on")}</label>
                    <input id=format!("taken-{key2}") class="date-input" inputmode="numeric" placeholder=t("common.date_format")
                        bind:value=f.taken on:change=move |_| save()/>
                </div>
                <div class="field">
                    <label for=format!("enrolled-{key2}")>{t("survey.enrolled")}</label>
                    <input id=format!("enrolled-{key2}") class="count small-count" inputmode="numeric"
                        bind:value=f.enrolled on:input=move |_| save()/>
                </div>
            </div>
            <p class="tile-state" role="status">
                {move || match (state.get(), error.get()) {
                    (SaveState::Failed, Some(e)) => view! { <span class="field-error">{e}</span> }.into_any(),
                    (SaveState::Saving, _) => view! { <span class="muted">{t("onsite.saving")}</span> }.into_any(),
                    _ => view! { <span class="saved">{t("onsite.saved")}</span> }.into_any(),
                }}
            </p>
        </article>
    }
}

/// "Besvaret: Skal være mellem 0 og 24."
fn field_error(e: &ApiError) -> String {
    let label = match e.field() {
        Some("answered") => t("survey.answered"),
        Some("absent") => t("onsite.absent"),
        Some("enrolled") => t("survey.enrolled"),
        Some("reason") => t("onsite.reason"),
        Some("taken_on") => t("onsite.taken_on"),
        _ => return error_text(e),
    };
    format!("{label}: {}", error_text(e))
}
