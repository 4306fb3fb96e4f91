//! The side panels of the cafés page: agreements due for a revisit, and
//! attendance per school and per theme in the chosen period.

use crate::components::scope::mine_only;
use crate::components::{Loaded, OwnerNote, Rows};
use crate::i18n::{error_text, t};
use crate::ipc::call;
use crate::pages::owner::{hand_over, HandOverInline, HandOverSaid};
use chrono::NaiveDate;
use feltbog_api::cafes::{AttendanceRow, DueAgreement};
use feltbog_api::commands::{GetAttendance, ListDueAgreements, SetAgreementDone};
use feltbog_api::dates::format_long;
use feltbog_api::desk::Ownership;
use feltbog_api::AgreementId;
use leptos::prelude::*;

#[component]
pub fn DueAgreements(version: RwSignal<usize>, own: Signal<Option<Ownership>>) -> impl IntoView {
    let done = Action::new_local(|id: &AgreementId| {
        let id = *id;
        async move { call(&SetAgreementDone { id, done: true }).await }
    });
    let ui = crate::state::ui();
    let assign = hand_over();
    let list = LocalResource::new(move || {
        ui.arrivals.track();
        version.track();
        done.version().track();
        assign.version().track();
        let choice = ui.mine.get();
        async move {
            let list = call(&ListDueAgreements { until: None }).await?;
            mine_only(list, choice, |a| &a.agreement.owner).await
        }
    });
    let lang = crate::i18n::language();
    view! {
        <section class="panel" aria-labelledby="due-agreements-title">
            <h2 id="due-agreements-title">{t("cafes.due_title")}</h2>
            <HandOverSaid assign/>
            <Loaded list
                empty=|| view! { <p class="muted">{t("cafes.due_none")}</p> }
                filled=move |rows| view! {
                    <ul id="due-agreements" class="plain-list">
                        <Rows rows row=move |a: DueAgreement| {
                            let id = a.agreement.id;
                            let what = a.agreement.text.clone();
                            let owner = a.agreement.owner.clone();
                            view! {
                                <li>
                                    <div>
                                        <strong>{format_long(a.agreement.revisit, lang)}</strong>" · "{a.agreement.text}
                                        <p class="muted small">{a.place}" · "{t("cafes.from_cafe")}" "{format_long(a.cafe_date, lang)}
                                            " "<OwnerNote owner=a.agreement.owner own/></p>
                                    </div>
                                    <div class="row-actions">
                                        <button class="button secondary" on:click=move |_| { done.dispatch_local(id); }>
                                            {t("cafes.revisited")}
                                        </button>
                                        <HandOverInline record=id.to_string() what=what.clone() owner own assign/>
                                    </div>
                                </li>
                            }
                        }/>
                    </ul>
                }/>
        </section>
    }
}

#[component]
pub fn Attendance(period: Memo<(Option<NaiveDate>, Option<NaiveDate>)>) -> impl IntoView {
    let data = LocalResource::new(move || {
        let (from, to) = period.get();
        async move {
            match (from, to) {
                (Some(from), Some(to)) => call(&GetAttendance { from, to }).await.map(Some),
                _ => Ok(None),
            }
        }
    });
    view! {
        <section class="panel" aria-labelledby="attendance-title">
            <h2 id="attendance-title">{t("cafes.attendance_title")}</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(a)) if a.by_school.is_empty() => view! { <p class="muted">{t("cafes.attendance_none")}</p> }.into_any(),
                        Ok(Some(a)) => view! {
                            <AttendanceTable id="attendance-school" head=t("cafes.by_school") rows=a.by_school themes=false/>
                            <AttendanceTable id="attendance-theme" head=t("cafes.by_theme") rows=a.by_theme themes=true/>
                        }.into_any(),
                        Ok(None) => view! { <p class="muted">{t("cafes.period_invalid")}</p> }.into_any(),
                        Err(e) => view! { <p class="banner error">{error_text(&e)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn AttendanceTable(
    id: &'static str,
    head: String,
    rows: Vec<AttendanceRow>,
    themes: bool,
) -> impl IntoView {
    view! {
        <crate::components::TableScroll label=head.clone()><table id=id class="table compact">
            <thead><tr>
                <th scope="col">{head}</th>
                <th scope="col" class="num">{t("cafes.col_cafes")}</th>
                <th scope="col" class="num">{t("cafes.col_parents")}</th>
                <th scope="col" class="num">{t("cafes.col_share")}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let share = r.share_percent().map_or("–".to_owned(), |p| format!("{p:.0} %"));
                    let key = if themes { t(&format!("theme.{}", r.key)) } else { r.key.clone() };
                    view! {
                        <tr>
                            <td>{key}</td>
                            <td class="num">{r.cafes}</td>
                            <td class="num">{r.parents}</td>
                            <td class="num">{share}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></crate::components::TableScroll>
    }
}
