//! One table of the summary on screen: real numbers, and the cells
//! an export hides marked with a dashed border and a title saying why.
//! When the screen is printed, the print style shows the marks ("<5", "x")
//! in place of the numbers, as every export does.

use crate::i18n::{t, tf};
use feltbog_api::dates::format_range;
use feltbog_api::period::PeriodKind;
use feltbog_api::summary::{Cell, Column, Hide, Measure, Row, RowLabel, Table, TableKind, Value};
use leptos::prelude::*;

fn column(c: &Column, kind: PeriodKind) -> String {
    match c.key(kind) {
        (key, Some(n)) => tf(&key, &[("n", &n)]),
        (key, None) => t(&key),
    }
}

fn row_label(r: &RowLabel, kind: PeriodKind) -> String {
    match r.key(kind) {
        (Some(key), name) => tf(&key, &[("name", &name)]),
        (None, name) => name,
    }
}

/// "Nothing this week" on a week's summary, "nothing in the period" on
/// any other.
fn nothing_key(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Week => "summary.nothing",
        _ => "summary.nothing_period",
    }
}

fn decimal(x: f64) -> String {
    feltbog_api::summary::decimal(x, crate::i18n::language())
}

pub(super) fn value(v: &Value) -> String {
    match v {
        Value::Count(n) => n.to_string(),
        Value::Percent(p) => format!("{} %", decimal(*p)),
        Value::Days(d) => decimal(*d),
        Value::Themes(themes) => themes
            .iter()
            .map(|th| t(&format!("theme.{th}")))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Empty => "–".to_owned(),
    }
}

fn hide_key(h: Hide) -> &'static str {
    match h {
        Hide::Small => "summary.hide.small",
        Hide::Secondary => "summary.hide.secondary",
        Hide::Combined => "summary.hide.combined",
        Hide::Derived => "summary.hide.derived",
    }
}

fn round_line(t_: &Table) -> Option<String> {
    let r = t_.round.as_ref()?;
    let lang = crate::i18n::language();
    let state = match r.state_key() {
        (key, Some(n)) => tf(key, &[("n", &n.to_string())]),
        (key, None) => t(key),
    };
    Some(tf(
        "summary.round_facts",
        &[
            ("window", &format_range(r.window_from, r.window_to, lang)),
            ("target", &r.target_percent.to_string()),
            ("state", &state),
        ],
    ))
}

#[component]
pub(super) fn SummaryCell(cell: Cell, threshold: u32, text: bool) -> impl IntoView {
    let shown = value(&cell.value);
    match cell.hide {
        None => view! { <td class:num=!text>{shown}</td> }.into_any(),
        Some(h) => {
            let mark = match h {
                Hide::Small => format!("<{threshold}"),
                _ => "x".to_owned(),
            };
            view! {
                <td class="num hidden-export" title=t(hide_key(h))>
                    <span class="real">{shown}</span>
                    <span class="mark">{mark}</span>
                </td>
            }
            .into_any()
        }
    }
}

#[component]
pub fn SummaryTable(table: Table, threshold: u32, kind: PeriodKind) -> impl IntoView {
    let title = match &table.round {
        Some(r) => format!(
            "{} · {}",
            t(&format!("summary.table.{}", table.kind)),
            r.name
        ),
        None => t(&format!("summary.table.{}", table.kind)),
    };
    let first = if table.kind == TableKind::Cases {
        t("summary.col.measure")
    } else {
        t("summary.col.school")
    };
    let texts: Vec<bool> = table
        .columns
        .iter()
        .map(|c| *c == Column::Measure(Measure::Themes))
        .collect();
    let line = {
        let texts = texts.clone();
        move |r: Row, total: bool| {
            let texts = texts.clone();
            view! {
                <tr class:total=total>
                    <th scope="row">{row_label(&r.label, kind)}</th>
                    {r.cells.into_iter().zip(texts).map(|(cell, text)| view! {
                        <SummaryCell cell threshold text/>
                    }).collect_view()}
                </tr>
            }
        }
    };
    let empty = table.rows.is_empty();
    let id = format!("table-{}", table.kind);
    view! {
        <h3>{title.clone()}</h3>
        {round_line(&table).map(|l| view! { <p class="muted">{l}</p> })}
        {if empty {
            view! { <p class="muted">{t(nothing_key(kind))}</p> }.into_any()
        } else {
            view! {
                <crate::components::TableScroll label=title.clone()>
                    <table class="table compact summary-table" id=id>
                        <thead><tr>
                            <th scope="col">{first}</th>
                            {table.columns.iter().zip(texts.clone()).map(|(c, text)| view! {
                                <th scope="col" class:num=!text>{column(c, kind)}</th>
                            }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {table.rows.clone().into_iter().map(|r| line.clone()(r, false)).collect_view()}
                            {table.total.clone().map(|r| line(r, true))}
                        </tbody>
                    </table>
                </crate::components::TableScroll>
            }.into_any()
        }}
    }
}
