//! Ungeprofilundersøgelsen: the survey rounds, the overview of where a round
//! stands, the classes per school, and the on-site screen.

mod chart;
mod classes;
mod import;
mod on_site;
mod overview;
mod round_form;
mod tile;

pub use classes::ClassesPage;
pub use on_site::OnSitePage;
pub use round_form::RoundForm;

use crate::components::list_view;
use crate::i18n::{t, tf};
use crate::ipc::call;
use crate::state::{ui, Page};
use feltbog_api::commands::ListRounds;
use feltbog_api::dates::format_long;
use feltbog_api::survey::{rate, Band, Questionnaire, RoundView, Window};
use feltbog_api::RoundId;
use leptos::prelude::*;
use overview::Overview;

/// "7. klasse", "1. år", or the label for all grades together.
pub fn grade_label(q: Questionnaire, grade: Option<u8>) -> String {
    match (q, grade) {
        (Questionnaire::Grades7To9, None) => t("survey.grades_together"),
        (Questionnaire::YouthEducation, None) => t("survey.years_together"),
        (Questionnaire::YouthEducation, Some(g)) if g < 10 => {
            tf("survey.year", &[("n", &g.to_string())])
        }
        (_, Some(g)) => tf("survey.grade", &[("n", &g.to_string())]),
    }
}

/// "83 %", or a dash when nobody is enrolled.
pub fn rate_text(answered: u32, enrolled: u32) -> String {
    percent_text(rate(answered, enrolled))
}

/// "83 %", or a dash for no rate.
pub fn percent_text(p: Option<f64>) -> String {
    p.map_or_else(|| "–".into(), |p| format!("{p:.0} %"))
}

/// The CSS class for a band against the target.
pub fn band_class(b: Band) -> &'static str {
    match b {
        Band::Met => "band-met",
        Band::Near => "band-near",
        Band::Behind => "band-behind",
        Band::NoPupils => "band-none",
    }
}

/// "68 dage tilbage", "Åbner om 3 dage", "Lukket".
pub fn window_text(w: Window) -> String {
    match w {
        Window::NotOpen { days } => tf("survey.opens_in", &[("n", &days.to_string())]),
        Window::Open { days: 1 } => t("survey.last_day"),
        Window::Open { days } => tf("survey.days_left", &[("n", &days.to_string())]),
        Window::Closed => t("survey.closed"),
    }
}

/// "2. nov. 2026 – 29. jan. 2027".
pub fn window_dates(r: &RoundView) -> String {
    let lang = crate::i18n::language();
    format!(
        "{} – {}",
        format_long(r.window_from, lang),
        format_long(r.window_to, lang)
    )
}

/// The round to show: the one chosen last if it still exists, otherwise
/// the newest.
fn chosen(list: &[RoundView], wanted: Option<RoundId>) -> Option<RoundView> {
    wanted
        .and_then(|id| list.iter().find(|r| r.id == id))
        .or(list.first())
        .cloned()
}

#[component]
pub fn SurveyPage() -> impl IntoView {
    let ui = ui();
    let rounds = LocalResource::new(|| async { call(&ListRounds {}).await });
    view! {
        <header class="page-head">
            <h1>{t("survey.title")}</h1>
            <button id="new-round" class="button secondary" on:click=move |_| ui.page.set(Page::RoundForm(None))>
                {t("survey.new_round")}
            </button>
        </header>
        <Transition fallback=|| view! { <p class="muted">{t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                let empty = view! {
                    <p>{t("survey.no_rounds")}</p>
                    <p class="muted">{t("survey.no_rounds_hint")}</p>
                };
                list_view(rounds.await, empty, move |list| {
                    let list = StoredValue::new(list);
                    let current = Memo::new(move |_| {
                        list.with_value(|l| chosen(l, ui.survey_round.get()))
                    });
                    view! { <RoundBar list current/> {move || current.get().map(|r| view! { <Overview round=r.id/> })} }
                        .into_any()
                })
            })}
        </Transition>
    }
}

/// The round picker and the ways into the round.
#[component]
fn RoundBar(list: StoredValue<Vec<RoundView>>, current: Memo<Option<RoundView>>) -> impl IntoView {
    let ui = ui();
    let id = move || current.get().map(|r| r.id);
    let go = move |page: fn(RoundId) -> Page| {
        move |_| {
            if let Some(r) = id() {
                ui.survey_round.set(Some(r));
                ui.page.set(page(r));
            }
        }
    };
    view! {
        <div class="toolbar round-bar">
            <label class="inline-label" for="survey-round">{t("survey.round")}</label>
            <select id="survey-round" on:change=move |ev| ui.survey_round.set(event_target_value(&ev).parse().ok())>
                {list.get_value().into_iter().map(|r| {
                    let selected = id() == Some(r.id);
                    view! { <option value=r.id.to_string() selected=selected>{r.name}</option> }
                }).collect_view()}
            </select>
            <button id="on-site" class="button primary" on:click=go(Page::OnSite)>{t("survey.on_site")}</button>
            <button id="survey-classes" class="button secondary" on:click=go(Page::SurveyClasses)>{t("survey.classes")}</button>
            <button id="edit-round" class="button ghost" on:click=go(|r| Page::RoundForm(Some(r)))>{t("survey.edit_round")}</button>
        </div>
    }
}
