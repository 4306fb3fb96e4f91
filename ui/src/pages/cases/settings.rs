//! The municipality's rules, on the settings page: for first-offence cases
//! the two deadlines, the deletion years, whether CPR numbers are kept and
//! the letter offering the conversation, and the small-numbers threshold.
//! In a team they are the team's: a coordinator's change goes to everyone;
//! a consultant sees them read-only.

use crate::components::{ErrorBanner, Field, FormErrors};
use crate::i18n::{t, tn};
use crate::ipc::call;
use crate::state::ui;
use feltbog_api::commands::{CountStoredCpr, RemoveAllCpr};
use feltbog_api::papers::DEFAULT_OFFER_LETTER;
use feltbog_api::profile::{CaseSettings, Settings};
use feltbog_api::{ApiError, Problem};
use leptos::prelude::*;

/// The form's fields as signals, filled from the settings as read.
#[derive(Clone, Copy)]
struct Fields {
    days: RwSignal<String>,
    weeks: RwSignal<String>,
    years: RwSignal<String>,
    cpr: RwSignal<bool>,
    letter: RwSignal<String>,
    threshold: RwSignal<String>,
}

impl Fields {
    fn new(s: &Settings) -> Self {
        let c = &s.cases;
        Self {
            days: RwSignal::new(c.offer_within_days.to_string()),
            weeks: RwSignal::new(c.follow_up_within_weeks.to_string()),
            years: RwSignal::new(c.delete_after_years.to_string()),
            cpr: RwSignal::new(c.cpr_allowed),
            // The team's letter, or Feltbog's own to start from.
            letter: RwSignal::new(if c.offer_letter.trim().is_empty() {
                DEFAULT_OFFER_LETTER.to_owned()
            } else {
                c.offer_letter.clone()
            }),
            threshold: RwSignal::new(s.small_threshold.to_string()),
        }
    }

    /// `current` with the typed rules; a number that cannot be read is
    /// reported on its field.
    fn read(self, current: Settings) -> Result<Settings, ApiError> {
        let number = |field: &str, s: RwSignal<String>| {
            s.get_untracked().trim().parse::<u32>().map_err(|_| {
                ApiError::invalid(
                    field,
                    Problem::OutOfRange { min: 1, max: 60 },
                    "not a number",
                )
            })
        };
        let cases = CaseSettings {
            offer_within_days: number("offer_within_days", self.days)?,
            follow_up_within_weeks: number("follow_up_within_weeks", self.weeks)?,
            delete_after_years: number("delete_after_years", self.years)?,
            cpr_allowed: self.cpr.get_untracked(),
            // Feltbog's own text is kept as "Feltbog's own", so a later
            // Feltbog's better wording reaches the team.
            offer_letter: match self.letter.get_untracked() {
                l if l.trim() == DEFAULT_OFFER_LETTER => String::new(),
                l => l,
            },
            // Set in the retention form below.
            ..current.cases.clone()
        };
        Ok(Settings {
            cases,
            small_threshold: number("small_threshold", self.threshold)?,
            ..current
        })
    }
}

#[component]
pub fn CaseSettingsForm() -> impl IntoView {
    let ui = ui();
    let f = Fields::new(&ui.settings.get_untracked());
    let read_only = Signal::derive(move || ui.settings.get().rules_read_only);
    let errors = FormErrors::new();
    let saved = RwSignal::new(false);
    let save = crate::pages::settings::settings_saver(errors, saved, |_| {});
    let submit = errors.on_submit(
        move || {
            saved.set(false);
            f.read(ui.settings.get_untracked())
        },
        move |settings| {
            save.dispatch_local(settings);
        },
    );
    view! {
        <form id="case-settings-form" class="form panel" on:submit=submit novalidate>
            <h2>{t("settings.rules")}</h2>
            {move || {
                let s = ui.settings.get();
                s.team_rules.then(|| {
                    let key = if s.rules_read_only { "settings.rules_team_read_only" } else { "settings.rules_team" };
                    view! { <p id="rules-source" class="banner info">{t(key)}</p> }
                })
            }}
            <ErrorBanner message=Signal::derive(errors.general(&["offer_within_days", "follow_up_within_weeks", "delete_after_years", "small_threshold", "offer_letter"]))/>
            <CaseRules f errors read_only/>
            <SmallNumbers f errors read_only/>
            <Show when=move || !read_only.get()>
                <div class="form-actions">
                    <button id="save-case-settings" class="button primary" type="submit">{t("common.save")}</button>
                    <Show when=move || saved.get()><span class="saved" role="status">{t("common.saved")}</span></Show>
                </div>
            </Show>
            <CprRemovalOffer checked=save.version()/>
        </form>
    }
}

/// The first-offence rules: the deadlines, the deletion years, CPR
/// numbers, and the letter offering the conversation.
#[component]
fn CaseRules(f: Fields, errors: FormErrors, read_only: Signal<bool>) -> impl IntoView {
    view! {
        <h3 class="subhead">{t("settings.cases")}</h3>
        <div class="row">
            <Field name="offer_within_days" label=t("settings.offer_days") errors>
                <input id="offer_within_days" inputmode="numeric" bind:value=f.days disabled=read_only/>
            </Field>
            <Field name="follow_up_within_weeks" label=t("settings.follow_up_weeks") errors>
                <input id="follow_up_within_weeks" inputmode="numeric" bind:value=f.weeks disabled=read_only/>
            </Field>
            <Field name="delete_after_years" label=t("settings.delete_years") errors>
                <input id="delete_after_years" inputmode="numeric" bind:value=f.years disabled=read_only/>
            </Field>
        </div>
        <label class="check">
            <input type="checkbox" id="cpr_allowed" bind:checked=f.cpr disabled=read_only/>
            <span>{t("settings.cpr_allowed")}</span>
        </label>
        <Field name="offer_letter" label=t("settings.offer_letter") errors hint=t("settings.offer_letter_hint")>
            <textarea id="offer_letter" rows="12" bind:value=f.letter readonly=read_only></textarea>
        </Field>
        <Show when=move || !read_only.get()>
            <div class="form-actions">
                <button id="offer-letter-default" type="button" class="button secondary"
                    on:click=move |_| f.letter.set(DEFAULT_OFFER_LETTER.to_owned())>
                    {t("settings.offer_letter_default")}
                </button>
            </div>
        </Show>
    }
}

/// The small-numbers threshold of the reports.
#[component]
fn SmallNumbers(f: Fields, errors: FormErrors, read_only: Signal<bool>) -> impl IntoView {
    view! {
        <h3 class="subhead">{t("settings.small_numbers")}</h3>
        <div>
            <Field name="small_threshold" input_id="small_threshold_rule" label=t("settings.small_threshold") errors hint=t("settings.small_threshold_hint")>
                <input id="small_threshold_rule" class="short-input" inputmode="numeric" bind:value=f.threshold disabled=read_only/>
            </Field>
        </div>
    }
}

/// Once CPR numbers are no longer allowed, the ones already stored are
/// offered for removal: from every case and every logged copy, for good.
#[component]
fn CprRemovalOffer(checked: RwSignal<usize>) -> impl IntoView {
    let ui = ui();
    let removed: RwSignal<Option<u32>> = RwSignal::new(None);
    let remove = Action::new_local(move |_: &()| async move {
        if let Ok(n) = call(&RemoveAllCpr {}).await {
            removed.set(Some(n));
        }
    });
    let stored = LocalResource::new(move || {
        checked.track();
        remove.version().track();
        let off = !ui.settings.get_untracked().cases.cpr_allowed;
        async move {
            match off {
                true => call(&CountStoredCpr {}).await.unwrap_or(0),
                false => 0,
            }
        }
    });
    move || {
        if let Some(n) = removed.get() {
            return Some(
                view! {
                    <p id="cpr-removed" class="saved" role="status">
                        {tn("settings.cpr_removed", n)}
                    </p>
                }
                .into_any(),
            );
        }
        let n = stored.get().unwrap_or(0);
        (n > 0 && !ui.settings.get().rules_read_only).then(|| {
            view! {
                <div id="cpr-remove-offer" class="banner info" role="status">
                    <p>{tn("settings.cpr_stored", n)}</p>
                    <button id="remove-all-cpr" class="button danger" type="button"
                        disabled=remove.pending() on:click=move |_| { remove.dispatch_local(()); }>
                        {t("settings.cpr_remove")}
                    </button>
                </div>
            }
            .into_any()
        })
    }
}
