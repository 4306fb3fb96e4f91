//! On site, in the class room: pick the school, then each class is a large
//! tile with big +1/−1 buttons. Every change is saved at once, so closing
//! the app mid-entry loses nothing.

use super::tile::ClassTile;
use super::{rate_text, window_text};
use crate::components::list_view;
use crate::i18n::{error_text, t, tf};
use crate::ipc::call;
use crate::state::{ui, Page};
use feltbog_api::commands::{ListClasses, ListRounds};
use feltbog_api::survey::{ClassView, RoundView, Window};
use feltbog_api::{ApiError, ErrorKind, RoundId, SchoolId};
use leptos::prelude::*;

/// One school's line in the picker.
#[derive(Clone)]
struct SchoolLine {
    id: SchoolId,
    name: String,
    classes: u32,
    open: u32,
    enrolled: u32,
    answered: u32,
}

fn school_lines(classes: &[ClassView]) -> Vec<SchoolLine> {
    let mut out: Vec<SchoolLine> = Vec::new();
    for c in classes {
        let line = match out.iter_mut().find(|l| l.id == c.school) {
            Some(l) => l,
            None => {
                out.push(SchoolLine {
                    id: c.school,
                    name: c.school_name.clone(),
                    classes: 0,
                    open: 0,
                    enrolled: 0,
                    answered: 0,
                });
                let last = out.len() - 1;
                &mut out[last]
            }
        };
        line.classes += 1;
        line.open += u32::from(c.status.is_open());
        line.enrolled += c.enrolled;
        line.answered += c.answered;
    }
    out
}

async fn load(round: RoundId) -> Result<(RoundView, Vec<ClassView>), ApiError> {
    let r = call(&ListRounds {})
        .await?
        .into_iter()
        .find(|r| r.id == round)
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "round"))?;
    let classes = call(&ListClasses {
        round,
        school: None,
    })
    .await?;
    Ok((r, classes))
}

/// Where the window stands today.
fn window_now(r: &RoundView) -> Window {
    Window::on(
        r,
        crate::pages::visit_form::today().unwrap_or(r.window_from),
    )
}

#[component]
pub fn OnSitePage(round: RoundId) -> impl IntoView {
    let ui = ui();
    let school: RwSignal<Option<SchoolId>> = RwSignal::new(None);
    // Reloaded when going back to the picker, so its figures are current.
    let data = LocalResource::new(move || {
        school.track();
        async move { load(round).await }
    });
    view! {
        <Transition fallback=|| view! { <p class="muted">{t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((r, classes)) => {
                        let q = r.questionnaire;
                        let target = r.target_percent;
                        let head = view! {
                            <header class="page-head">
                                <div>
                                    <p class="card-date">{r.name.clone()}" · "{window_text(window_now(&r))}</p>
                                    <h1>{t("onsite.title")}</h1>
                                </div>
                                <button id="back-to-overview" class="button secondary" on:click=move |_| ui.page.set(Page::Survey)>
                                    {t("survey.back_to_overview")}
                                </button>
                            </header>
                        };
                        let body = match school.get_untracked() {
                            None => picker(&classes, school),
                            Some(s) => {
                                let mine: Vec<ClassView> = classes.into_iter().filter(|c| c.school == s).collect();
                                let name = mine.first().map(|c| c.school_name.clone()).unwrap_or_default();
                                view! {
                                    <div class="toolbar onsite-bar">
                                        <h2 id="onsite-school" class="onsite-school">{name}</h2>
                                        <button id="change-school" class="button secondary" on:click=move |_| school.set(None)>
                                            {t("onsite.change_school")}
                                        </button>
                                    </div>
                                    <p class="muted">{t("onsite.saved_at_once")}</p>
                                    <div id="tiles" class="tiles">
                                        {mine.into_iter().map(|c| view! { <ClassTile c q target/> }).collect_view()}
                                    </div>
                                }.into_any()
                            }
                        };
                        view! { {head} {body} }.into_any()
                    }
                    Err(e) => view! { <p class="banner error" role="alert">{error_text(&e)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn picker(classes: &[ClassView], school: RwSignal<Option<SchoolId>>) -> AnyView {
    let lines = school_lines(classes);
    let empty = view! { <p>{t("onsite.no_classes")}</p> };
    list_view(Ok(lines), empty, move |lines| {
        view! {
            <p class="lead">{t("onsite.pick_school")}</p>
            <ul id="school-picker" class="school-picker">
                {lines.into_iter().map(|l| {
                    let id = l.id;
                    view! {
                        <li>
                            <button class="school-button" on:click=move |_| school.set(Some(id))>
                                <span class="school-button-name">{l.name}</span>
                                <span class="school-button-meta">
                                    {tf("onsite.school_meta", &[
                                        ("classes", &l.classes.to_string()),
                                        ("open", &l.open.to_string()),
                                        ("rate", &rate_text(l.answered, l.enrolled)),
                                    ])}
                                </span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    })
}
