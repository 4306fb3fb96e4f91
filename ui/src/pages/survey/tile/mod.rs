//! One class on the on-site screen: answered and absent with big −1/+1
//! buttons, the status, the reason when it cannot take part, the date
//! taken. Each change is saved at once ([`saver`]).

mod saver;

use super::{grade_label, percent_text};
use crate::i18n::t;
use feltbog_api::survey::{rate, ClassStatus, ClassView, Questionnaire};
use leptos::prelude::*;
use saver::{SaveState, Saver, TileFields};

/// An id-safe form of a class name: "7.a" -> "7a".
pub fn slug(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase()
}

#[component]
pub fn ClassTile(c: ClassView, q: Questionnaire, target: u8) -> impl IntoView {
    let key = slug(&c.name);
    let f = TileFields::new(&c);
    let saver = Saver::new(&c, f);
    let percent = Signal::derive(move || {
        let (a, e) = (
            TileFields::number(f.answered),
            TileFields::number(f.enrolled),
        );
        a.zip(e).and_then(|(a, e)| rate(a, e))
    });
    let met = move || percent.get().is_some_and(|p| p >= f64::from(target));
    let name = c.name.clone();
    view! {
        <article class="tile" id=format!("tile-{key}") class:met=met>
            <header class="tile-head">
                <div>
                    <h3 class="tile-name">{c.name.clone()}</h3>
                    <p class="muted small">{grade_label(q, Some(c.grade))}</p>
                </div>
                <p class="tile-rate" id=format!("rate-{key}") aria-live="polite">{move || percent_text(percent.get())}</p>
            </header>
            <RateBar percent target/>
            <Counter label=t("survey.answered") field="answered" count=f.answered class=name.clone() key=key.clone() f saver/>
            <Counter label=t("onsite.absent") field="absent" count=f.absent class=name key=key.clone() f saver/>
            <StatusButtons key=key.clone() f saver/>
            <TileFoot key=key.clone() f saver/>
            <p class="tile-state" role="status">
                {move || match (saver.state.get(), saver.error.get()) {
                    (SaveState::Failed, Some(e)) => view! { <span class="field-error">{e}</span> }.into_any(),
                    (SaveState::Saving, _) => view! { <span class="muted">{t("onsite.saving")}</span> }.into_any(),
                    _ => view! { <span class="saved">{t("onsite.saved")}</span> }.into_any(),
                }}
            </p>
        </article>
    }
}

/// The response rate as a bar with the target marked. Hidden from screen
/// readers: the figure beside the class name says the same.
#[component]
fn RateBar(percent: Signal<Option<f64>>, target: u8) -> impl IntoView {
    view! {
        <svg class="rate-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
            <rect class="track" x="0" y="0" width="100" height="8"/>
            <rect class="fill" x="0" y="0" height="8" width=move || format!("{:.1}", percent.get().unwrap_or(0.0))/>
            <line class="target" x1=target.to_string() x2=target.to_string() y1="0" y2="8"/>
        </svg>
    }
}

/// One count with −1 and +1 on either side; each button names the count
/// and the class for a screen reader.
#[component]
fn Counter(
    label: String,
    field: &'static str,
    count: RwSignal<String>,
    class: String,
    key: String,
    f: TileFields,
    saver: Saver,
) -> impl IntoView {
    let input_id = format!("{field}-{key}");
    let minus = crate::i18n::tf("onsite.minus", &[("what", &label), ("class", &class)]);
    let plus = crate::i18n::tf("onsite.plus", &[("what", &label), ("class", &class)]);
    let step = move |by: i64| {
        let n = i64::from(count.get_untracked().trim().parse::<u32>().unwrap_or(0));
        count.set((n + by).max(0).to_string());
        f.started();
        saver.save();
    };
    view! {
        <div class="counter">
            <label for=input_id.clone()>{label}</label>
            <div class="counter-row">
                <button type="button" class="step" id=format!("{field}-minus-{key}") aria-label=minus
                    on:click=move |_| step(-1)>"−1"</button>
                <input id=input_id class="count" inputmode="numeric" autocomplete="off" bind:value=count
                    on:input=move |_| { f.started(); saver.save(); }/>
                <button type="button" class="step plus" id=format!("{field}-plus-{key}") aria-label=plus
                    on:click=move |_| step(1)>"+1"</button>
            </div>
        </div>
    }
}

/// The class's status as pressed buttons, and the reason when it cannot
/// take part.
#[component]
fn StatusButtons(key: String, f: TileFields, saver: Saver) -> impl IntoView {
    let reason_id = format!("reason-{key}");
    view! {
        <fieldset class="status-buttons">
            <legend class="sr-only">{t("onsite.status")}</legend>
            {ClassStatus::ALL.iter().map(|s| {
                let s = *s;
                view! {
                    <button type="button" class="status-button" aria-pressed=move || (f.status.get() == s).to_string()
                        id=format!("status-{s}-{key}")
                        on:click=move |_| { f.status.set(s); saver.save(); }>
                        {t(&format!("class_status.{s}"))}
                    </button>
                }
            }).collect_view()}
        </fieldset>
        <Show when=move || f.status.get() == ClassStatus::CannotTakePart>
            <div class="field">
                <label for=reason_id.clone()>{t("onsite.reason")}</label>
                <input id=reason_id.clone() bind:value=f.reason on:change=move |_| saver.save()/>
            </div>
        </Show>
    }
}

/// The date taken and the number of pupils in the class.
#[component]
fn TileFoot(key: String, f: TileFields, saver: Saver) -> impl IntoView {
    view! {
        <div class="tile-foot">
            <div class="field">
                <label for=format!("taken-{key}")>{t("onsite.taken_on")}</label>
                <input id=format!("taken-{key}") class="date-input" inputmode="numeric" placeholder=t("common.date_format")
                    bind:value=f.taken on:change=move |_| saver.save()/>
            </div>
            <div class="field">
                <label for=format!("enrolled-{key}")>{t("survey.enrolled")}</label>
                <input id=format!("enrolled-{key}") class="count small-count" inputmode="numeric"
                    bind:value=f.enrolled on:input=move |_| saver.save()/>
            </div>
        </div>
    }
}
