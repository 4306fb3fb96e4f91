//! Set up or change a survey round: name, questionnaire, window, target and
//! the small-school threshold. Deleting a round deletes its classes.

use crate::components::draft::{DraftRestored, DraftStatus, FormDraft};
use crate::components::{read_date, ErrorBanner, Field, FormErrors};
use crate::i18n::t;
use crate::ipc::call;
use crate::pages::visit_form::today;
use crate::state::{ui, Page};
use chrono::{Datelike, NaiveDate};
use feltbog_api::commands::{AddRound, DeleteRound, ListRounds, UpdateRound};
use feltbog_api::dates::format_short;
use feltbog_api::survey::{NewRound, Questionnaire, RoundView};
use feltbog_api::{ApiError, Problem, RoundId};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The form as kept in an encrypted draft.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct RoundDraft {
    text: Vec<String>,
    questionnaire: Questionnaire,
}

#[derive(Clone, Copy)]
struct Fields {
    name: RwSignal<String>,
    questionnaire: RwSignal<Questionnaire>,
    from: RwSignal<String>,
    to: RwSignal<String>,
    target: RwSignal<String>,
    threshold: RwSignal<String>,
}

impl Fields {
    /// A new round's suggestion: this school year's survey, November to
    /// the end of January (the usual window; change it freely).
    fn new() -> Self {
        let d = today().unwrap_or_default();
        let year = if d.month() >= 8 {
            d.year()
        } else {
            d.year() - 1
        };
        let date = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).map(format_short);
        Self {
            name: RwSignal::new(format!(
                "Ungeprofilundersøgelsen {year}/{:02}",
                (year + 1) % 100
            )),
            questionnaire: RwSignal::new(Questionnaire::Grades7To9),
            from: RwSignal::new(date(year, 11, 1).unwrap_or_default()),
            to: RwSignal::new(date(year + 1, 1, 31).unwrap_or_default()),
            target: RwSignal::new("85".into()),
            // The team's (or this device's) threshold.
            threshold: RwSignal::new(
                crate::state::ui()
                    .settings
                    .get_untracked()
                    .small_threshold
                    .to_string(),
            ),
        }
    }

    fn texts(&self) -> [RwSignal<String>; 5] {
        [self.name, self.from, self.to, self.target, self.threshold]
    }

    fn draft(&self) -> RoundDraft {
        RoundDraft {
            text: self.texts().iter().map(|s| s.get()).collect(),
            questionnaire: self.questionnaire.get(),
        }
    }

    fn restore(&self, d: RoundDraft) {
        for (s, v) in self.texts().iter().zip(d.text) {
            s.set(v);
        }
        self.questionnaire.set(d.questionnaire);
    }

    fn fill(&self, r: &RoundView) {
        self.name.set(r.name.clone());
        self.questionnaire.set(r.questionnaire);
        self.from.set(format_short(r.window_from));
        self.to.set(format_short(r.window_to));
        self.target.set(r.target_percent.to_string());
        self.threshold.set(r.small_threshold.to_string());
    }

    fn to_round(self) -> Result<NewRound, ApiError> {
        let date = |field: &str, s: String| read_date(field, &s);
        let number = |field: &str, s: String, min: i64, max: i64| {
            s.trim()
                .trim_end_matches('%')
                .trim()
                .parse::<u8>()
                .map_err(|_| {
                    ApiError::invalid(field, Problem::OutOfRange { min, max }, "not a number")
                })
        };
        Ok(NewRound {
            name: self.name.get(),
            questionnaire: self.questionnaire.get(),
            window_from: date("window_from", self.from.get())?,
            window_to: date("window_to", self.to.get())?,
            target_percent: number("target_percent", self.target.get(), 1, 100)?,
            small_threshold: number("small_threshold", self.threshold.get(), 1, 10)?,
        })
    }
}

#[component]
pub fn RoundForm(id: Option<RoundId>) -> impl IntoView {
    let ui = ui();
    let f = Fields::new();
    let errors = FormErrors::new();
    let classes = RwSignal::new(0u32);
    let key = match id {
        Some(id) => format!("round:{id}"),
        None => "round".to_owned(),
    };
    let draft = FormDraft::new(key, move || f.draft());
    leptos::task::spawn_local(async move {
        if let Some(id) = id {
            match call(&ListRounds {}).await {
                Ok(list) => match list.iter().find(|r| r.id == id) {
                    Some(r) => {
                        f.fill(r);
                        classes.set(r.classes);
                    }
                    None => ui.page.set(Page::Survey),
                },
                Err(e) => errors.set(e),
            }
        }
        draft
            .restore(|d| f.restore(d), || untrack(|| f.draft()))
            .await;
    });
    let done = move |round: Option<RoundId>| {
        draft.discard();
        ui.survey_round.set(round);
        ui.page.set(Page::Survey);
    };
    let save = Action::new_local(move |r: &NewRound| {
        let round = r.clone();
        async move {
            let result = match id {
                Some(id) => call(&UpdateRound { id, round }).await,
                None => call(&AddRound { round }).await,
            };
            match result {
                Ok(r) => done(Some(r.id)),
                Err(e) => errors.set(e),
            }
        }
    });
    let delete = Action::new_local(move |id: &RoundId| {
        let id = *id;
        async move {
            match call(&DeleteRound { id }).await {
                Ok(()) => done(None),
                Err(e) => errors.set(e),
            }
        }
    });
    let submit = errors.on_submit(
        move || f.to_round(),
        move |v| {
            save.dispatch_local(v);
        },
    );
    let title = if id.is_some() {
        t("round.edit_title")
    } else {
        t("round.new_title")
    };
    let shown: &'static [&'static str] = &[
        "name",
        "questionnaire",
        "window_from",
        "window_to",
        "target_percent",
        "small_threshold",
    ];
    view! {
        <header class="page-head"><h1>{title}</h1></header>
        <form id="round-form" class="form" on:submit=submit novalidate>
            <DraftRestored shown=draft.restored()/>
            <ErrorBanner message=Signal::derive(errors.general(shown))/>
            <RoundFields f errors/>
            <div class="form-actions">
                <button id="save-round" type="submit" class="button primary">{t("common.save")}</button>
                <DraftStatus saved_at=draft.saved_at()/>
                <button type="button" class="button secondary" on:click=move |_| done(id.or(ui.survey_round.get_untracked()))>
                    {t("common.cancel")}
                </button>
                {id.map(|id| view! {
                    <crate::components::Confirm ask=t("round.delete") ask_id="delete-round"
                        question=Signal::derive(move || crate::i18n::tf("round.confirm_delete", &[("n", &classes.get().to_string())]))
                        yes=t("common.delete") yes_id="confirm-delete-round"
                        on_yes=move || { delete.dispatch_local(id); }/>
                })}
            </div>
        </form>
    }
}

/// The round's name, questionnaire, window and targets.
#[component]
fn RoundFields(f: Fields, errors: FormErrors) -> impl IntoView {
    view! {
        <Field name="name" label=t("round.name") errors>
            <input id="name" bind:value=f.name/>
        </Field>
        <fieldset class="field radios">
            <legend>{t("round.questionnaire")}</legend>
            {Questionnaire::ALL.iter().map(|q| {
                let q = *q;
                view! {
                    <label class="radio">
                        <input type="radio" name="questionnaire" id=format!("questionnaire-{q}")
                            prop:checked=move || f.questionnaire.get() == q
                            on:change=move |_| f.questionnaire.set(q)/>
                        <span>{t(&format!("questionnaire.{q}"))}</span>
                    </label>
                }
            }).collect_view()}
            <p class="field-error" role="alert">{errors.for_field("questionnaire")}</p>
        </fieldset>
        <div class="row">
            <Field name="window_from" label=t("round.from") errors hint=t("visit.date_hint")>
                <input id="window_from" inputmode="numeric" bind:value=f.from placeholder=t("common.date_format")/>
            </Field>
            <Field name="window_to" label=t("round.to") errors hint=t("round.window_hint")>
                <input id="window_to" inputmode="numeric" bind:value=f.to placeholder=t("common.date_format")/>
            </Field>
        </div>
        <div class="row">
            <Field name="target_percent" label=t("round.target") errors hint=t("round.target_hint")>
                <input id="target_percent" inputmode="numeric" bind:value=f.target/>
            </Field>
            <Field name="small_threshold" label=t("round.threshold") errors hint=t("round.threshold_hint")>
                <input id="small_threshold" inputmode="numeric" bind:value=f.threshold/>
            </Field>
        </div>
    }
}
