//! A round's classes, one school at a time: fast entry (name, grade,
//! pupils; Enter adds and returns to the name), corrections, copying last
//! year's classes one grade up, and a class list imported from a file.

use super::grade_label;
use crate::components::{Confirm, ErrorBanner, Field, FormErrors, Loaded, Rows};
use crate::i18n::{error_text, t, tf};
use crate::ipc::call;
use crate::state::{ui, Page};
use feltbog_api::commands::{
    CopyClasses, DeleteClass, ListClasses, ListRounds, ListSchools, SaveClass,
};
use feltbog_api::survey::{
    grade_from_name, ClassStatus, ClassView, CopySummary, NewClass, Questionnaire, RoundView,
};
use feltbog_api::{ApiError, ClassId, Problem, RoundId, SchoolId};
use leptos::html::Input;
use leptos::prelude::*;

/// The round and the other rounds of its questionnaire (to copy from).
async fn load_rounds(round: RoundId) -> Result<(RoundView, Vec<RoundView>), ApiError> {
    let all = call(&ListRounds {}).await?;
    let this = all
        .iter()
        .find(|r| r.id == round)
        .cloned()
        .ok_or_else(|| ApiError::new(feltbog_api::ErrorKind::NotFound, "round"))?;
    let earlier = all
        .into_iter()
        .filter(|r| r.questionnaire == this.questionnaire && r.window_from < this.window_from)
        .collect();
    Ok((this, earlier))
}

#[component]
pub fn ClassesPage(round: RoundId) -> impl IntoView {
    let ui = ui();
    let data = LocalResource::new(move || async move {
        let rounds = load_rounds(round).await?;
        let schools = call(&ListSchools {
            include_inactive: false,
        })
        .await?;
        Ok::<_, ApiError>((rounds, schools))
    });
    view! {
        <Transition fallback=|| view! { <p class="muted">{t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(((this, earlier), schools)) => {
                        let first = schools.first().map(|s| s.id);
                        let school = RwSignal::new(first);
                        let imported = RwSignal::new(0u32);
                        view! {
                            <header class="page-head">
                                <div>
                                    <p class="card-date">{this.name.clone()}</p>
                                    <h1>{t("classes.title")}</h1>
                                </div>
                                <button id="back-to-overview" class="button secondary" on:click=move |_| ui.page.set(Page::Survey)>
                                    {t("survey.back_to_overview")}
                                </button>
                            </header>
                            <p class="lead">{t("classes.lead")}</p>
                            <div class="toolbar">
                                <label class="inline-label" for="classes-school">{t("visits.school")}</label>
                                <select id="classes-school" on:change=move |ev| school.set(event_target_value(&ev).parse().ok())>
                                    {schools.into_iter().map(|s| view! {
                                        <option value=s.id.to_string()>{s.name}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            {move || school.get().map(|s| view! {
                                <SchoolClasses round=this.id q=this.questionnaire school=s earlier=earlier.clone() imported/>
                            })}
                            <super::import::ImportClasses round=this.id imported/>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="banner error" role="alert">{error_text(&e)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SchoolClasses(
    round: RoundId,
    q: Questionnaire,
    school: SchoolId,
    earlier: Vec<RoundView>,
    /// Bumped by a class-list import: the list reloads.
    imported: RwSignal<u32>,
) -> impl IntoView {
    let errors = FormErrors::new();
    // The writes that change the list; it reloads after each.
    let add = Action::new_local(|class: &NewClass| {
        let class = class.clone();
        async move { call(&SaveClass { id: None, class }).await.map(|_| ()) }
    });
    let delete = Action::new_local(|id: &ClassId| {
        let id = *id;
        async move { call(&DeleteClass { id }).await }
    });
    let copy = Action::new_local(|req: &CopyClasses| {
        let req = req.clone();
        async move { call(&req).await }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = delete.value().get() {
            errors.set(e);
        }
    });
    let classes = LocalResource::new(move || {
        add.version().track();
        delete.version().track();
        copy.version().track();
        imported.track();
        async move {
            call(&ListClasses {
                round,
                school: Some(school),
            })
            .await
        }
    });
    view! {
        <AddClass round q school errors add/>
        <ErrorBanner message=Signal::derive(errors.general(&["name", "grade", "enrolled"]))/>
        <Loaded list=classes
            empty=|| view! { <div class="empty"><p>{t("classes.none")}</p></div> }
            filled=move |rows| view! {
                <crate::components::TableScroll label=t("classes.title")><table id="class-table" class="table">
                    <thead><tr>
                        <th>{t("classes.name")}</th><th>{t("classes.grade")}</th>
                        <th class="num">{t("survey.enrolled")}</th><th class="num">{t("survey.answered")}</th>
                        <th><span class="sr-only">{t("schools.actions")}</span></th>
                    </tr></thead>
                    <tbody>
                        <Rows rows row=move |c| view! { <ClassRow c q errors delete/> }/>
                    </tbody>
                </table></crate::components::TableScroll>
            }/>
        <CopyPanel round school earlier copy/>
    }
}

#[component]
fn AddClass(
    round: RoundId,
    q: Questionnaire,
    school: SchoolId,
    errors: FormErrors,
    add: Action<NewClass, Result<(), ApiError>>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let grade = RwSignal::new(q.grades()[0]);
    let enrolled = RwSignal::new(String::new());
    let name_ref = NodeRef::<Input>::new();
    // Typing "8.b" picks 8th grade.
    Effect::new(move |_| {
        if let Some(g) = grade_from_name(&name.get()).filter(|g| q.grades().contains(g)) {
            grade.set(g);
        }
    });
    // Added: the fields empty again and the name takes the next class.
    Effect::new(move |_| match add.value().get() {
        Some(Ok(())) => {
            name.set(String::new());
            enrolled.set(String::new());
            if let Some(input) = name_ref.get() {
                let _ = input.focus();
            }
        }
        Some(Err(e)) => errors.set(e),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let Ok(n) = enrolled.get().trim().parse::<u32>() else {
            errors.set(ApiError::invalid(
                "enrolled",
                Problem::OutOfRange { min: 0, max: 500 },
                "not a number",
            ));
            return;
        };
        add.dispatch_local(NewClass {
            round,
            school,
            name: name.get(),
            grade: grade.get(),
            enrolled: n,
            answered: 0,
            absent: 0,
            status: ClassStatus::NotStarted,
            reason: String::new(),
            taken_on: None,
        });
    };
    view! {
        <form id="add-class" class="panel add-class" on:submit=submit novalidate>
            <h2>{t("classes.add")}</h2>
            <div class="add-class-row">
                <Field name="name" label=t("classes.name") errors>
                    <input id="name" node_ref=name_ref bind:value=name placeholder="7.a" autocomplete="off"/>
                </Field>
                <Field name="grade" label=t("classes.grade") errors>
                    <select id="grade" on:change=move |ev| { if let Ok(g) = event_target_value(&ev).parse() { grade.set(g) } }>
                        {q.grades().iter().map(|g| {
                            let g = *g;
                            view! { <option value=g.to_string() selected=move || grade.get() == g>{grade_label(q, Some(g))}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                <Field name="enrolled" label=t("survey.enrolled") errors>
                    <input id="enrolled" inputmode="numeric" bind:value=enrolled autocomplete="off"/>
                </Field>
                <button id="add-class-button" type="submit" class="button primary">{t("classes.add_button")}</button>
            </div>
        </form>
    }
}

#[component]
fn ClassRow(
    c: ClassView,
    q: Questionnaire,
    errors: FormErrors,
    delete: Action<ClassId, Result<(), ApiError>>,
) -> impl IntoView {
    let id: ClassId = c.id;
    let input = StoredValue::new(c.to_input());
    let enrolled = RwSignal::new(c.enrolled.to_string());
    let name = c.name.clone();
    // A correction changes this row only: the list does not reload.
    let save = Action::new_local(move |class: &NewClass| {
        let class = class.clone();
        async move {
            match call(&SaveClass {
                id: Some(id),
                class,
            })
            .await
            {
                Ok(saved) => input.set_value(saved.to_input()),
                Err(e) => errors.set(e),
            }
        }
    });
    let change = move |_| {
        errors.clear();
        let mut class = input.get_value();
        match enrolled.get().trim().parse::<u32>() {
            Ok(n) if n != class.enrolled => class.enrolled = n,
            Ok(_) => return,
            Err(_) => {
                errors.set(ApiError::invalid(
                    "enrolled",
                    Problem::OutOfRange { min: 0, max: 500 },
                    "not a number",
                ));
                return;
            }
        }
        save.dispatch_local(class);
    };
    let label = tf("classes.enrolled_in", &[("class", &c.name)]);
    view! {
        <tr>
            <th scope="row">{c.name.clone()}</th>
            <td>{grade_label(q, Some(c.grade))}</td>
            <td class="num"><input class="count-input" inputmode="numeric" aria-label=label bind:value=enrolled on:change=change/></td>
            <td class="num">{c.answered}</td>
            <td class="actions">
                <Confirm ask=t("common.delete") ask_name=name.clone()
                    question=tf("classes.confirm_delete", &[("class", &name)])
                    yes=t("common.delete")
                    on_yes=move || { delete.dispatch_local(id); }/>
            </td>
        </tr>
    }
}

#[component]
fn CopyPanel(
    round: RoundId,
    school: SchoolId,
    earlier: Vec<RoundView>,
    copy: Action<CopyClasses, Result<CopySummary, ApiError>>,
) -> impl IntoView {
    let from = RwSignal::new(earlier.first().map(|r| r.id));
    let result = Memo::new(move |_| {
        copy.value().get().map(|r| match r {
            Ok(done) => tf(
                "classes.copied",
                &[
                    ("n", &done.copied.to_string()),
                    ("skipped", &done.skipped.to_string()),
                ],
            ),
            Err(e) => error_text(&e),
        })
    });
    let copy = move |only_school: bool| {
        let Some(f) = from.get() else { return };
        copy.dispatch_local(CopyClasses {
            from: f,
            to: round,
            school: only_school.then_some(school),
        });
    };
    let has_earlier = !earlier.is_empty();
    view! {
        <section class="panel">
            <h2>{t("classes.copy_title")}</h2>
            <p class="muted">{t("classes.copy_lead")}</p>
            {if has_earlier {
                view! {
                    <div class="toolbar">
                        <label class="inline-label" for="copy-from">{t("classes.copy_from")}</label>
                        <select id="copy-from" on:change=move |ev| from.set(event_target_value(&ev).parse().ok())>
                            {earlier.into_iter().map(|r| view! { <option value=r.id.to_string()>{r.name}</option> }).collect_view()}
                        </select>
                        <button id="copy-school" class="button secondary" on:click=move |_| copy(true)>{t("classes.copy_school")}</button>
                        <button id="copy-all" class="button secondary" on:click=move |_| copy(false)>{t("classes.copy_all")}</button>
                    </div>
                    <p class="saved" role="status">{move || result.get()}</p>
                }.into_any()
            } else {
                view! { <p>{t("classes.no_earlier")}</p> }.into_any()
            }}
        </section>
    }
}
