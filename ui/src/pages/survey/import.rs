//! Importing a class list (CSV) into a round through the file dialog: the
//! file is read and checked in core, every line it would write and every
//! line it refuses shown (with its line number) before anything is
//! written, and the import is all or nothing, as on the command line.

use crate::components::{focus_soon, TableScroll};
use crate::i18n::{error_text, field_problem_text, t, tf, tn};
use crate::ipc::call;
use feltbog_api::commands::{ChooseClassList, ImportClassList, PreviewClassList};
use feltbog_api::survey::{ImportLineError, ImportPreview, ImportPreviewLine, ImportProblem};
use feltbog_api::RoundId;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where the import stands.
#[derive(Clone, PartialEq)]
enum Step {
    Idle,
    /// The file is shown, checked; `path` is imported on confirmation.
    Shown {
        path: String,
        preview: ImportPreview,
    },
    Done(String),
    Failed(String),
}

/// The button that opens the dialog, and the preview under it. `imported`
/// is bumped after an import, so the class list reloads.
#[component]
pub fn ImportClasses(round: RoundId, imported: RwSignal<u32>) -> impl IntoView {
    let step = RwSignal::new(Step::Idle);
    let busy = RwSignal::new(false);
    let choose = move |_| {
        busy.set(true);
        spawn_local(async move {
            let next = match call(&ChooseClassList {}).await {
                Ok(None) => None,
                Ok(Some(path)) => Some(
                    match call(&PreviewClassList {
                        round,
                        path: path.clone(),
                    })
                    .await
                    {
                        Ok(preview) => Step::Shown { path, preview },
                        Err(e) => Step::Failed(error_text(&e)),
                    },
                ),
                Err(e) => Some(Step::Failed(error_text(&e))),
            };
            busy.set(false);
            if let Some(next) = next {
                step.set(next);
                focus_soon("import-result");
            }
        });
    };
    let confirm = move |path: String| {
        busy.set(true);
        spawn_local(async move {
            let next = match call(&ImportClassList { round, path }).await {
                Ok(done) => {
                    imported.update(|n| *n += 1);
                    Step::Done(tf(
                        "import.done",
                        &[
                            ("added", &done.added.to_string()),
                            ("updated", &done.updated.to_string()),
                        ],
                    ))
                }
                Err(e) => Step::Failed(error_text(&e)),
            };
            busy.set(false);
            step.set(next);
            focus_soon("import-result");
        });
    };
    view! {
        <section class="import-classes" aria-labelledby="import-title">
            <h2 id="import-title">{t("import.title")}</h2>
            <p class="hint">{t("import.lead")}</p>
            <button id="import-classes" type="button" class="button secondary"
                disabled=move || busy.get() on:click=choose>
                {t("import.choose")}
            </button>
            {move || match step.get() {
                Step::Idle => ().into_any(),
                Step::Done(text) => view! {
                    <p id="import-result" class="banner info" role="status" tabindex="-1">{text}</p>
                }.into_any(),
                Step::Failed(text) => view! {
                    <p id="import-result" class="banner error" role="alert" tabindex="-1">{text}</p>
                }.into_any(),
                Step::Shown { path, preview } => view! {
                    <Preview preview path busy confirm=Callback::new(confirm)
                        cancel=Callback::new(move |_| step.set(Step::Idle))/>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Preview(
    preview: ImportPreview,
    path: String,
    busy: RwSignal<bool>,
    confirm: Callback<String>,
    cancel: Callback<()>,
) -> impl IntoView {
    let new = preview.lines.iter().filter(|l| l.new).count();
    let counts = tf(
        "import.counts",
        &[
            ("file", &preview.file_name),
            ("classes", &tn("import.classes", preview.lines.len() as u32)),
            ("new", &new.to_string()),
            ("updated", &(preview.lines.len() - new).to_string()),
        ],
    );
    let refused = !preview.errors.is_empty();
    let errors = preview.errors.clone();
    let lines = preview.lines.clone();
    let n = preview.lines.len();
    view! {
        <div id="import-preview" class="import-preview">
            <p id="import-result" tabindex="-1" class="import-counts">{counts}</p>
            {refused.then(|| view! {
                <div id="import-errors" class="banner error" role="alert">
                    <p>{tn("import.refused", errors.len() as u32)}</p>
                    <ul>{errors.iter().map(|e| view! { <li>{line_error(e)}</li> }).collect_view()}</ul>
                </div>
            })}
            {(!lines.is_empty()).then(|| view! { <Lines lines/> })}
            <div class="form-actions">
                {(!refused && n > 0).then(|| {
                    let path = path.clone();
                    view! {
                        <button id="import-confirm" type="button" class="button primary"
                            disabled=move || busy.get()
                            on:click=move |_| confirm.run(path.clone())>
                            {tn("import.confirm", n as u32)}
                        </button>
                    }
                })}
                <button id="import-cancel" type="button" class="button secondary"
                    on:click=move |_| cancel.run(())>
                    {t("common.cancel")}
                </button>
            </div>
        </div>
    }
}

#[component]
fn Lines(lines: Vec<ImportPreviewLine>) -> impl IntoView {
    view! {
        <TableScroll label=t("import.title")>
            <table id="import-lines" class="table">
                <thead><tr>
                    <th class="num">{t("import.line")}</th>
                    <th>{t("visits.school")}</th>
                    <th>{t("classes.name")}</th>
                    <th class="num">{t("classes.grade")}</th>
                    <th class="num">{t("survey.enrolled")}</th>
                    <th class="num">{t("survey.answered")}</th>
                    <th class="num">{t("onsite.absent")}</th>
                    <th>{t("import.what")}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| view! {
                        <tr>
                            <td class="num">{l.line}</td>
                            <td>{l.school_name}</td>
                            <td>{l.class}</td>
                            <td class="num">{l.grade}</td>
                            <td class="num">{l.enrolled}</td>
                            <td class="num">{l.answered}</td>
                            <td class="num">{l.absent}</td>
                            <td>{t(if l.new { "import.new" } else { "import.update" })}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </TableScroll>
    }
}

/// "Linje 4: Skolen »Ærø Skole« findes ikke. Opret den først."
fn line_error(e: &ImportLineError) -> String {
    let what = match &e.problem {
        ImportProblem::TooLarge { mib, max_mib } => tf(
            "import.problem.too_large",
            &[("mib", mib), ("max", &max_mib.to_string())],
        ),
        ImportProblem::NotCsv { .. } => t("import.problem.not_csv"),
        ImportProblem::QuoteOpen => t("import.problem.quote_open"),
        ImportProblem::NoClasses => t("import.problem.no_classes"),
        ImportProblem::Columns { found } => {
            tf("import.problem.columns", &[("found", &found.to_string())])
        }
        ImportProblem::Empty { column } => {
            tf("import.problem.empty", &[("column", &column_name(column))])
        }
        ImportProblem::NotANumber { column, value } => tf(
            "import.problem.not_a_number",
            &[("column", &column_name(column)), ("value", value)],
        ),
        ImportProblem::NotAGrade { value } => tf("import.problem.not_a_grade", &[("value", value)]),
        ImportProblem::UnknownSchool { name } => {
            tf("import.problem.unknown_school", &[("name", name)])
        }
        ImportProblem::Twice { class, school } => tf(
            "import.problem.twice",
            &[("class", class), ("school", school)],
        ),
        ImportProblem::Invalid { field, problem, .. } => format!(
            "{}: {}",
            column_name(field),
            field_problem_text(field, problem)
        ),
        ImportProblem::MoreErrors { listed } => {
            tf("import.problem.more", &[("listed", &listed.to_string())])
        }
    };
    tf(
        "import.line_error",
        &[("line", &e.line.to_string()), ("what", &what)],
    )
}

/// A column's or a class field's name on screen.
fn column_name(column: &str) -> String {
    match column {
        "school" => t("visits.school"),
        "class" | "name" => t("classes.name"),
        "grade" => t("classes.grade"),
        "enrolled" => t("survey.enrolled"),
        "answered" => t("survey.answered"),
        "absent" => t("onsite.absent"),
        other => other.to_owned(),
    }
}
