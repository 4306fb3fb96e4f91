//! Adgangslog: who viewed, created, changed, exported, postponed or deleted
//! which case, and when; by period and/or case number. Read only: nothing
//! in the app can change the log. Below it, the cases deleted and when.

use crate::components::list_view;
use crate::components::local_time;
use crate::i18n::t;
use crate::ipc::call;
use crate::pages::visit_form::today;
use feltbog_api::cases::short_device;
use feltbog_api::cases::{Access, AccessEntry, AccessFilter};
use feltbog_api::commands::{ListAccessLog, ListDeletions};
use feltbog_api::dates::{format_short, parse_user_date};
use leptos::prelude::*;

#[component]
pub fn AccessLogPage() -> impl IntoView {
    let now = today().unwrap_or_default();
    let from = RwSignal::new(format_short(now - chrono::Days::new(30)));
    let to = RwSignal::new(format_short(now));
    let number = RwSignal::new(String::new());
    let entries = LocalResource::new(move || {
        let n = number.get().trim().to_owned();
        let filter = AccessFilter {
            case_number: (!n.is_empty()).then_some(n),
            from: parse_user_date(&from.get()),
            to: parse_user_date(&to.get()),
        };
        async move { call(&ListAccessLog { filter }).await }
    });
    let deleted = LocalResource::new(|| async { call(&ListDeletions { reload: false }).await });
    view! {
        <header class="page-head"><h1>{t("log.title")}</h1></header>
        <p class="lead">{t("log.intro")}</p>
        <super::chain::ChainStatus/>
        <div class="toolbar">
            <label class="inline-label" for="log-from">{t("cafes.from")}</label>
            <input id="log-from" class="date-input" bind:value=from/>
            <label class="inline-label" for="log-to">{t("cafes.to")}</label>
            <input id="log-to" class="date-input" bind:value=to/>
            <label class="inline-label" for="log-case">{t("cases.number")}</label>
            <input id="log-case" bind:value=number placeholder="K-XXXX-XXXX"/>
        </div>
        <Transition fallback=|| view! { <p class="muted">{t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                list_view(entries.await, view! { <p>{t("log.none")}</p> }, |list| log_table(list).into_any())
            })}
        </Transition>
        <super::DeletionList id="deleted-cases" title=t("log.deleted") empty=t("log.none_deleted") list=deleted/>
    }
}

/// The entries as a table, newest first.
pub fn log_table(list: Vec<AccessEntry>) -> impl IntoView {
    view! {
        <crate::components::TableScroll label=t("log.title")><table class="table compact access-log">
            <thead><tr>
                <th>{t("log.at")}</th>
                <th>{t("log.action")}</th>
                <th>{t("cases.number")}</th>
                <th>{t("log.detail")}</th>
                <th>{t("log.who")}</th>
                <th>{t("log.device")}</th>
            </tr></thead>
            <tbody>
                {list.into_iter().map(|e| {
                    let who = if e.who.is_empty() { t("log.no_name") } else { e.who.clone() };
                    view! {
                        <tr>
                            <td>{local_time(&e.at)}</td>
                            <td>{t(&format!("access.{}", e.action))}</td>
                            <td>{e.case_number.clone()}</td>
                            <td>{detail_text(e.action, &e.detail)}</td>
                            <td>{who}</td>
                            <td title=e.device.clone()>{short_device(&e.device)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></crate::components::TableScroll>
    }
}

/// A step word, a decision word, a date, a count of wrong tries or the
/// rules that changed, in the user's language.
fn detail_text(action: Access, detail: &str) -> String {
    feltbog_api::catalogue::access_detail(action, detail, crate::i18n::language())
}
