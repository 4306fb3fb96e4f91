//! Skoler: the municipality's schools. Add, edit, deactivate; load the
//! fictitious demo municipality into an empty profile.

use crate::components::{ErrorBanner, Field, FormErrors, Loaded, Rows};
use crate::i18n::t;
use crate::ipc::call;
use feltbog_api::commands::{AddSchool, ListSchools, LoadDemo, UpdateSchool};
use feltbog_api::schools::{NewSchool, SchoolKind, SchoolView};
use feltbog_api::SchoolId;
use leptos::prelude::*;

/// A write from this page: add, update (edit or (de)activate), or the demo.
#[derive(Clone)]
enum SchoolWrite {
    Add(NewSchool),
    Update(SchoolId, NewSchool),
    Demo,
}

#[component]
pub fn SchoolsPage() -> impl IntoView {
    let errors = FormErrors::new();
    let editing: RwSignal<Option<SchoolView>> = RwSignal::new(None);
    let form_key = RwSignal::new(0u32);
    let write = Action::new_local(move |w: &SchoolWrite| {
        let w = w.clone();
        async move {
            let r = match w {
                SchoolWrite::Add(school) => call(&AddSchool { school }).await.map(|_| ()),
                SchoolWrite::Update(id, school) => {
                    call(&UpdateSchool { id, school }).await.map(|_| ())
                }
                SchoolWrite::Demo => call(&LoadDemo {}).await,
            };
            match r {
                Ok(()) => {
                    errors.clear();
                    editing.set(None);
                    form_key.update(|k| *k += 1);
                }
                Err(e) => errors.set(e),
            }
        }
    });
    let arrivals = crate::state::ui().arrivals;
    let merged = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        arrivals.track();
        merged.track();
        write.version().track();
        async {
            call(&ListSchools {
                include_inactive: true,
            })
            .await
        }
    });
    view! {
        <header class="page-head"><h1>{t("schools.title")}</h1></header>
        <super::school_merge::DuplicateSchools merged/>
        <Loaded list
            empty=move || view! {
                <div class="empty">
                    <p>{t("schools.none")}</p>
                    <p class="muted">{t("schools.demo_hint")}</p>
                    <button id="load-demo" class="button secondary" on:click=move |_| { write.dispatch_local(SchoolWrite::Demo); }>
                        {t("schools.load_demo")}
                    </button>
                </div>
            }
            filled=move |schools| view! { <SchoolTable schools editing write/> }/>
        {move || {
            form_key.track();
            view! { <SchoolForm editing=editing.get() errors write/> }
        }}
    }
}

#[component]
fn SchoolTable(
    schools: Signal<Vec<SchoolView>>,
    editing: RwSignal<Option<SchoolView>>,
    write: Action<SchoolWrite, ()>,
) -> impl IntoView {
    view! {
        <crate::components::TableScroll label=t("schools.title")><table id="school-table" class="table">
            <thead><tr>
                <th scope="col">{t("schools.name")}</th>
                <th scope="col">{t("schools.kind")}</th>
                <th scope="col">{t("schools.town")}</th>
                <th scope="col">{t("schools.grades")}</th>
                <th scope="col">{t("schools.state")}</th>
                <th scope="col"><span class="sr-only">{t("schools.actions")}</span></th>
            </tr></thead>
            <tbody>
                <Rows rows=schools row=move |s: SchoolView| {
                    let grades = match (s.grade_from, s.grade_to) {
                        (Some(a), Some(b)) => format!("{a}.–{b}."),
                        _ => "–".into(),
                    };
                    let toggled = NewSchool { name: s.name.clone(), kind: s.kind, town: s.town.clone(),
                        grade_from: s.grade_from, grade_to: s.grade_to, active: !s.active };
                    let id = s.id;
                    let edit = s.clone();
                    view! {
                        <tr class:inactive=!s.active>
                            <td>{s.name.clone()}</td>
                            <td>{t(&format!("kind.{}", s.kind))}</td>
                            <td>{s.town.clone()}</td>
                            <td>{grades}</td>
                            <td>{if s.active { t("schools.active") } else { t("schools.inactive") }}</td>
                            <td class="actions">
                                <button class="button ghost" on:click=move |_| editing.set(Some(edit.clone()))>{t("common.edit")}</button>
                                <button class="button ghost" on:click=move |_| { write.dispatch_local(SchoolWrite::Update(id, toggled.clone())); }>
                                    {if s.active { t("schools.deactivate") } else { t("schools.activate") }}
                                </button>
                            </td>
                        </tr>
                    }
                }/>
            </tbody>
        </table></crate::components::TableScroll>
    }
}

#[component]
fn SchoolForm(
    editing: Option<SchoolView>,
    errors: FormErrors,
    write: Action<SchoolWrite, ()>,
) -> impl IntoView {
    let id = editing.as_ref().map(|s| s.id);
    let name = RwSignal::new(editing.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    let kind = RwSignal::new(editing.as_ref().map_or(SchoolKind::Folkeskole, |s| s.kind));
    let town = RwSignal::new(editing.as_ref().map(|s| s.town.clone()).unwrap_or_default());
    let grade = |g: Option<u8>| g.map(|g| g.to_string()).unwrap_or_default();
    let from = RwSignal::new(editing.as_ref().map_or("0".into(), |s| grade(s.grade_from)));
    let to = RwSignal::new(editing.as_ref().map_or("9".into(), |s| grade(s.grade_to)));
    let active = editing.as_ref().is_none_or(|s| s.active);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let school = NewSchool {
            name: name.get(),
            kind: kind.get(),
            town: town.get(),
            grade_from: from.get().trim().parse().ok(),
            grade_to: to.get().trim().parse().ok(),
            active,
        };
        write.dispatch_local(match id {
            Some(id) => SchoolWrite::Update(id, school),
            None => SchoolWrite::Add(school),
        });
    };
    view! {
        <form id="school-form" class="form panel" on:submit=submit>
            <h2>{if id.is_some() { t("schools.edit_title") } else { t("schools.add_title") }}</h2>
            <ErrorBanner message=Signal::derive(errors.general(&["name", "town", "grade_from", "grade_to"]))/>
            <div class="row">
                <Field name="name" label=t("schools.name") errors>
                    <input id="name" bind:value=name/>
                </Field>
                <div class="field">
                    <label for="kind">{t("schools.kind")}</label>
                    <select id="kind" on:change=move |ev| { if let Ok(k) = event_target_value(&ev).parse() { kind.set(k) } }>
                        {SchoolKind::ALL.iter().map(|k| view! {
                            <option value=k.as_str() selected=move || kind.get() == *k>{t(&format!("kind.{k}"))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Field name="town" label=t("schools.town") errors>
                    <input id="town" bind:value=town/>
                </Field>
            </div>
            <div class="row narrow">
                <Field name="grade_from" label=t("schools.grade_from") errors>
                    <input id="grade_from" inputmode="numeric" bind:value=from/>
                </Field>
                <Field name="grade_to" label=t("schools.grade_to") errors>
                    <input id="grade_to" inputmode="numeric" bind:value=to/>
                </Field>
            </div>
            <div class="form-actions">
                <button id="save-school" class="button primary" type="submit">
                    {if id.is_some() { t("common.save") } else { t("schools.add") }}
                </button>
            </div>
        </form>
    }
}
