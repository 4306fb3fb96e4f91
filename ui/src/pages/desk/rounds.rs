//! The survey rounds in their window on Overblik: per school the answers
//! against the target, furthest behind first, and the days left.

use crate::components::TableScroll;
use crate::i18n::{t, tf};
use crate::pages::survey::{band_class, percent_text};
use crate::state::{ui, Page};
use feltbog_api::dates::format_long;
use feltbog_api::desk::DeskRound;
use feltbog_api::survey::Band;
use leptos::prelude::*;

#[component]
pub fn Rounds(rounds: Signal<Vec<DeskRound>>) -> impl IntoView {
    move || rounds.get().into_iter().map(round).collect_view()
}

fn round(r: DeskRound) -> impl IntoView {
    let ui = ui();
    let lang = crate::i18n::language();
    let id = r.round;
    let heading = format!("desk-round-{id}");
    let labelled_by = heading.clone();
    let left = match r.days_left {
        1 => t("survey.last_day"),
        n => tf("survey.days_left", &[("n", &n.to_string())]),
    };
    let sub = format!(
        "{left} ({}) · {}",
        tf(
            "desk.round_until",
            &[("date", &format_long(r.window_to, lang))]
        ),
        tf("survey.target", &[("n", &r.target_percent.to_string())])
    );
    view! {
        <section class="desk-group desk-round" aria-labelledby=labelled_by>
            <h2 id=heading>{r.name.clone()}</h2>
            <p class="muted">{sub}</p>
            {if r.schools.is_empty() {
                view! { <p class="desk-none">{t("survey.no_classes")}</p> }.into_any()
            } else {
                view! {
                    <TableScroll label=tf("desk.round", &[("name", &r.name)])>
                        <table class="table compact desk-round-table">
                            <thead><tr>
                                <th scope="col">{t("visits.school")}</th>
                                <th scope="col" class="num">{t("survey.answered")}</th>
                                <th scope="col" class="num">{t("survey.enrolled")}</th>
                                <th scope="col" class="num">{t("survey.rate")}</th>
                                <th scope="col">{t("desk.band")}</th>
                            </tr></thead>
                            <tbody>
                                {r.schools.into_iter().map(|s| view! {
                                    <tr>
                                        <th scope="row">{s.school_name}</th>
                                        <td class="num">{s.counts.answered}</td>
                                        <td class="num">{s.counts.enrolled}</td>
                                        <td class=format!("num rate {}", band_class(s.band))>{percent_text(s.counts.rate_percent())}</td>
                                        <td>{band_word(s.band)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </TableScroll>
                }.into_any()
            }}
            <button class="button secondary" on:click=move |_| {
                ui.survey_round.set(Some(id));
                ui.page.set(Page::Survey);
            }>{t("desk.open_round")}</button>
        </section>
    }
}

fn band_word(b: Band) -> String {
    t(match b {
        Band::Met => "desk.band_met",
        Band::Near => "desk.band_near",
        Band::Behind => "desk.band_behind",
        Band::NoPupils => "desk.band_none",
    })
}
