//! *Politiets liste*: the police's weekly list read in (a file through the
//! dialog, or rows pasted from a spreadsheet or an e-mail), every row shown
//! as Feltbog would keep it (initials and birth year only) and every
//! refused row with its line and column before anything is kept; then the
//! notifications waiting for triage, under it (`triage.rs`).

use super::triage::PendingList;
use crate::components::{focus_soon, TableScroll};
use crate::i18n::{error_text, field_problem_text, t, tf, tn};
use crate::ipc::call;
use feltbog_api::commands::{ChoosePoliceList, ImportPoliceList, PreviewPoliceList};
use feltbog_api::dates::format_short;
use feltbog_api::police::{
    ListConfirmed, ListError, ListPreview, ListProblem, ListRow, ListSource,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where reading a list stands.
#[derive(Clone, PartialEq)]
enum Step {
    Idle,
    /// Shown and checked; `source` is read in on confirmation.
    Shown {
        source: ListSource,
        preview: ListPreview,
    },
    Done(String),
    Failed(String),
}

#[component]
pub fn PoliceListPage() -> impl IntoView {
    let step = RwSignal::new(Step::Idle);
    let reading = RwSignal::new(false);
    let pasted = RwSignal::new(String::new());
    let show = move |source: ListSource| {
        reading.set(true);
        spawn_local(async move {
            let next = match call(&PreviewPoliceList {
                source: source.clone(),
            })
            .await
            {
                Ok(preview) => Step::Shown { source, preview },
                Err(e) => Step::Failed(error_text(&e)),
            };
            reading.set(false);
            step.set(next);
            focus_soon("police-result");
        });
    };
    let choose = move |_| {
        reading.set(true);
        spawn_local(async move {
            let chosen = call(&ChoosePoliceList {}).await;
            reading.set(false);
            match chosen {
                Ok(Some(path)) => show(ListSource::File { path }),
                Ok(None) => {}
                Err(e) => step.set(Step::Failed(error_text(&e))),
            }
        });
    };
    let read_pasted = move |_| {
        let text = pasted.get_untracked();
        if text.trim().is_empty() {
            step.set(Step::Failed(t("police.paste_empty")));
            focus_soon("police-result");
            return;
        }
        show(ListSource::Text { text });
    };
    // The one write: its version tells the waiting list to reread.
    let import = Action::new_local(move |list: &ListConfirmed| {
        let list = list.clone();
        async move {
            let next = match call(&ImportPoliceList { list }).await {
                Ok(done) => {
                    pasted.set(String::new());
                    Step::Done(tn("police.done", done.rows))
                }
                Err(e) => Step::Failed(error_text(&e)),
            };
            step.set(next);
            focus_soon("police-result");
        }
    });
    let confirm = move |list: ListConfirmed| {
        import.dispatch_local(list);
    };
    let imported = import.version();
    let busy = Signal::derive(move || reading.get() || import.pending().get());
    view! {
        <header class="page-head">
            <h1>{t("police.title")}</h1>
        </header>
        <section class="panel police-import" aria-labelledby="police-import-title">
            <h2 id="police-import-title">{t("police.import_title")}</h2>
            <p class="hint">{t("police.lead")}</p>
            <p class="hint">{t("police.minimised")}</p>
            <div class="form-actions">
                <button id="police-choose" type="button" class="button primary"
                    disabled=move || busy.get() on:click=choose>
                    {t("police.choose")}
                </button>
            </div>
            <details class="police-paste">
                <summary>{t("police.paste_title")}</summary>
                <label for="police-paste">{t("police.paste_label")}</label>
                <textarea id="police-paste" rows="6" spellcheck="false"
                    aria-describedby="police-paste-hint" bind:value=pasted></textarea>
                <p id="police-paste-hint" class="hint">{t("police.paste_hint")}</p>
                <button id="police-paste-read" type="button" class="button secondary"
                    disabled=move || busy.get() on:click=read_pasted>
                    {t("police.paste_read")}
                </button>
            </details>
            {move || match step.get() {
                Step::Idle => ().into_any(),
                Step::Done(text) => view! {
                    <p id="police-result" class="banner info" role="status" tabindex="-1">{text}</p>
                }.into_any(),
                Step::Failed(text) => view! {
                    <p id="police-result" class="banner error" role="alert" tabindex="-1">{text}</p>
                }.into_any(),
                Step::Shown { source, preview } => view! {
                    <Preview preview source busy confirm=Callback::new(confirm)
                        cancel=Callback::new(move |_| step.set(Step::Idle))/>
                }.into_any(),
            }}
        </section>
        <PendingList imported/>
    }
}

#[component]
fn Preview(
    preview: ListPreview,
    source: ListSource,
    busy: Signal<bool>,
    confirm: Callback<ListConfirmed>,
    cancel: Callback<()>,
) -> impl IntoView {
    let n = preview.rows.len() as u32;
    let from = if preview.file_name.is_empty() {
        t("police.pasted")
    } else {
        preview.file_name.clone()
    };
    let counts = tf(
        "police.counts",
        &[("from", &from), ("rows", &tn("police.rows", n))],
    );
    let refused = !preview.errors.is_empty();
    let mut notes = Vec::new();
    if preview.names_dropped {
        notes.push(t("police.names_dropped"));
    }
    if preview.cpr_dropped {
        notes.push(t("police.cpr_dropped"));
    }
    if !preview.ignored_columns.is_empty() {
        notes.push(tf(
            "police.ignored",
            &[("columns", &preview.ignored_columns.join(", "))],
        ));
    }
    let errors = preview.errors.clone();
    let rows = preview.rows.clone();
    view! {
        <div id="police-preview" class="import-preview">
            <p id="police-result" tabindex="-1" class="import-counts">{counts}</p>
            {(!notes.is_empty()).then(|| view! {
                <ul id="police-notes" class="hint">
                    {notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                </ul>
            })}
            {refused.then(|| view! {
                <div id="police-errors" class="banner error" role="alert">
                    <p>{tn("police.refused", errors.len() as u32)}</p>
                    <ul>{errors.iter().map(|e| view! { <li>{list_error(e)}</li> }).collect_view()}</ul>
                </div>
            })}
            {(!rows.is_empty()).then(|| view! { <Rows rows/> })}
            <div class="form-actions">
                {(!refused && n > 0).then(|| {
                    let list = ListConfirmed { source: source.clone(), digest: preview.digest.clone() };
                    view! {
                        <button id="police-confirm" type="button" class="button primary"
                            disabled=move || busy.get()
                            on:click=move |_| confirm.run(list.clone())>
                            {tn("police.confirm", n)}
                        </button>
                    }
                })}
                <button id="police-cancel" type="button" class="button secondary"
                    on:click=move |_| cancel.run(())>
                    {t("common.cancel")}
                </button>
            </div>
        </div>
    }
}

#[component]
fn Rows(rows: Vec<ListRow>) -> impl IntoView {
    view! {
        <TableScroll label=t("police.rows_title")>
            <table id="police-rows" class="table">
                <caption class="sr-only">{t("police.rows_title")}</caption>
                <thead><tr>
                    <th class="num">{t("import.line")}</th>
                    <th>{t("police.notified")}</th>
                    <th>{t("police.young")}</th>
                    <th>{t("cases.school")}</th>
                    <th>{t("police.law")}</th>
                    <th>{t("cases.offence")}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <td class="num">{r.line}</td>
                            <td>{format_short(r.notified)}</td>
                            <td>{young(&r.initials, r.birth_year, r.cpr_kept)}</td>
                            <td>{r.school_name.clone()}</td>
                            <td>{words(&format!("law.{}", r.law), &r.law_other)}</td>
                            <td>{words(&format!("offence.{}", r.offence), &r.offence_other)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </TableScroll>
    }
}

/// "SÆH, født 2011" (and that a CPR number is kept, where it is).
pub fn young(initials: &str, birth_year: i32, cpr: bool) -> String {
    let mut s = tf(
        "police.young_text",
        &[("initials", initials), ("year", &birth_year.to_string())],
    );
    if cpr {
        s.push_str(", ");
        s.push_str(&t("police.cpr_kept"));
    }
    s
}

/// A law or an offence: its name, or the list's own words for *other*.
pub fn words(key: &str, other: &str) -> String {
    if other.is_empty() {
        t(key)
    } else {
        format!("{}: {other}", t(key))
    }
}

/// "Linje 4: Der er ingen skole, der hedder »Nordby Skole« …".
fn list_error(e: &ListError) -> String {
    let column = e.column.as_str();
    let what = match &e.problem {
        ListProblem::TooLarge { mib, max_mib } => tf(
            "police.problem.too_large",
            &[("mib", mib), ("max", &max_mib.to_string())],
        ),
        ListProblem::TooManyRows { rows, max } => tf(
            "police.problem.too_many",
            &[("rows", &rows.to_string()), ("max", &max.to_string())],
        ),
        ListProblem::NotReadable { .. } => t("police.problem.not_readable"),
        ListProblem::NoHeader => t("police.problem.no_header"),
        ListProblem::Cells { found, expected } => tf(
            "police.problem.cells",
            &[
                ("found", &found.to_string()),
                ("expected", &expected.to_string()),
            ],
        ),
        ListProblem::BadJournal => tf("police.problem.bad_journal", &[("column", column)]),
        ListProblem::AlreadyCase => t("police.problem.already_case"),
        ListProblem::NoRows => t("police.problem.no_rows"),
        ListProblem::Missing { column } => tf("police.problem.missing", &[("column", column)]),
        ListProblem::BadDate { column, value } | ListProblem::BadYear { column, value }
            if value.is_empty() =>
        {
            tf("police.problem.not_shown", &[("column", column)])
        }
        ListProblem::BadDate { column, value } => tf(
            "police.problem.bad_date",
            &[("column", column), ("value", value)],
        ),
        ListProblem::BadYear { column, value } => tf(
            "police.problem.bad_year",
            &[("column", column), ("value", value)],
        ),
        ListProblem::BadCpr => tf("police.problem.bad_cpr", &[("column", column)]),
        ListProblem::YearsDisagree => t("police.problem.years_disagree"),
        ListProblem::UnknownSchool { name } => {
            tf("police.problem.unknown_school", &[("name", name)])
        }
        ListProblem::Duplicate { first_line } => tf(
            "police.problem.duplicate",
            &[("line", &first_line.to_string())],
        ),
        ListProblem::AlreadyWaiting => t("police.problem.already_waiting"),
        ListProblem::Invalid { field, problem } => {
            format!("{column}: {}", field_problem_text(field, problem))
        }
        ListProblem::MoreErrors { listed } => {
            tf("police.problem.more", &[("listed", &listed.to_string())])
        }
    };
    tf(
        "import.line_error",
        &[("line", &e.line.to_string()), ("what", &what)],
    )
}
