//! Where a round stands: the municipality's figures, the chart and the
//! table per school and grade, worst first, with earlier rounds beside.

use super::chart::RateChart;
use super::{band_class, grade_label, rate_text, window_dates, window_text};
use crate::i18n::{error_text, t, tf};
use crate::ipc::call;
use feltbog_api::commands::GetSurveyOverview;
use feltbog_api::survey::{
    Earlier, GradeProgress, Overview as Data, Questionnaire, SchoolProgress,
};
use feltbog_api::RoundId;
use leptos::prelude::*;

#[component]
pub fn Overview(round: RoundId) -> impl IntoView {
    let arrivals = crate::state::ui().arrivals;
    let data = LocalResource::new(move || {
        arrivals.track();
        async move { call(&GetSurveyOverview { round }).await }
    });
    view! {
        <Transition fallback=|| view! { <p class="muted">{t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(o) => view! { <Figures o/> }.into_any(),
                    Err(e) => view! { <p class="banner error" role="alert">{error_text(&e)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Figures(o: Data) -> impl IntoView {
    let r = &o.round;
    let total = o.total;
    let q = r.questionnaire;
    let target = r.target_percent;
    let has_classes = !o.schools.is_empty();
    view! {
        <section id="survey-summary" class="survey-summary" aria-label=t("survey.municipality")>
            <div class=format!("stat big {}", band_class(o.band))>
                <span class="stat-label">{t("survey.municipality")}</span>
                <span id="total-rate" class="stat-value">{rate_text(total.answered, total.enrolled)}</span>
                <span class="stat-note">{tf("survey.target", &[("n", &target.to_string())])}</span>
            </div>
            <div class="stat">
                <span class="stat-label">{t("survey.answered")}</span>
                <span id="total-answered" class="stat-value">{total.answered}</span>
                <span class="stat-note">{tf("survey.of_enrolled", &[("n", &total.enrolled.to_string())])}</span>
            </div>
            <div class="stat">
                <span class="stat-label">{t("survey.not_done")}</span>
                <span class="stat-value">{total.classes_open}</span>
                <span class="stat-note">{crate::i18n::tn("survey.of_classes", total.classes)}</span>
            </div>
            <div class="stat">
                <span class="stat-label">{t("survey.window")}</span>
                <span class="stat-value window">{window_text(o.window)}</span>
                <span class="stat-note">{window_dates(r)}</span>
            </div>
        </section>
        {if has_classes {
            view! {
                <RateChart schools=o.schools.clone() target/>
                <SchoolTable schools=o.schools q/>
            }.into_any()
        } else {
            view! { <div class="empty"><p>{t("survey.no_classes")}</p></div> }.into_any()
        }}
    }
}

#[component]
fn SchoolTable(schools: Vec<SchoolProgress>, q: Questionnaire) -> impl IntoView {
    view! {
        <crate::components::TableScroll label=t("survey.title")><table id="survey-table" class="table survey-table">
            <thead>
                <tr>
                    <th>{t("survey.school_grade")}</th>
                    <th class="num">{t("survey.enrolled")}</th>
                    <th class="num">{t("survey.answered")}</th>
                    <th class="num">{t("survey.rate")}</th>
                    <th class="num">{t("survey.not_done_short")}</th>
                    <th>{t("survey.earlier")}</th>
                </tr>
            </thead>
            <tbody>
                {schools.into_iter().map(|s| {
                    let c = s.counts;
                    view! {
                        <tr class="school-row">
                            <th scope="row">
                                {s.school_name.clone()}
                                {s.small.then(|| view! { <span class="small-note">{t("survey.small_school")}</span> })}
                            </th>
                            <td class="num">{c.enrolled}</td>
                            <td class="num">{c.answered}</td>
                            <td class=format!("num rate {}", band_class(s.band))>{rate_text(c.answered, c.enrolled)}</td>
                            <td class="num">{c.classes_open}</td>
                            <td></td>
                        </tr>
                        {s.grades.into_iter().map(|g| grade_row(g, q)).collect_view()}
                    }
                }).collect_view()}
            </tbody>
        </table></crate::components::TableScroll>
    }
}

fn grade_row(g: GradeProgress, q: Questionnaire) -> impl IntoView {
    let c = g.counts;
    view! {
        <tr class="grade-row">
            <td>{grade_label(q, g.grade)}</td>
            <td class="num">{c.enrolled}</td>
            <td class="num">{c.answered}</td>
            <td class=format!("num rate {}", band_class(g.band))>{rate_text(c.answered, c.enrolled)}</td>
            <td class="num">{c.classes_open}</td>
            <td class="earlier">{earlier_text(&g.earlier)}</td>
        </tr>
    }
}

/// "2025/26: 87 % · 2024/25: 91 %" for the two latest earlier rounds.
fn earlier_text(earlier: &[Earlier]) -> String {
    if earlier.is_empty() {
        return "–".into();
    }
    earlier
        .iter()
        .take(2)
        .map(|e| {
            format!(
                "{}: {}",
                short_name(&e.round_name),
                rate_text(e.answered, e.enrolled)
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The year part of a round's name ("Ungeprofilundersøgelsen 2025/26" ->
/// "2025/26"), or the whole name.
fn short_name(name: &str) -> &str {
    name.rsplit(' ')
        .next()
        .filter(|last| last.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(name)
}
