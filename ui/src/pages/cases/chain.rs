//! The access log's chain check, in two places: a banner over every page
//! when the check on unlock finds the log broken, and the verdict on the
//! Adgangslog page with each break. A break means someone changed the
//! log outside Feltbog; it is evidence, so the banner names what to do.

use crate::components::local_time;
use crate::i18n::{t, tf};
use crate::ipc::call;
use crate::state::{ui, Page};
use feltbog_api::cases::ChainCheck;
use feltbog_api::commands::{CheckAccessLog, VerifyAccessLog};
use leptos::prelude::*;

use feltbog_api::cases::short_device;

/// Shown over every page after unlock while the log is broken; hidden
/// for the session on request. The check on unlock: what is new since the
/// last intact check, and the whole log once a week.
#[component]
pub fn ChainAlarm() -> impl IntoView {
    let ui = ui();
    let hidden = RwSignal::new(false);
    let check = LocalResource::new(|| async { call(&CheckAccessLog {}).await });
    move || {
        let c = check.get()?.ok()?;
        (!c.intact() && !hidden.get() && ui.page.get() != Page::AccessLog).then(|| {
            view! {
                <section id="chain-alarm" class="banner error" role="alert">
                    <p><strong>{t("log.chain_broken_title")}</strong></p>
                    <p>{tf("log.chain_broken", &[("n", &c.breaks.len().to_string())])}</p>
                    <div class="actions">
                        <button id="chain-alarm-open" class="button secondary"
                            on:click=move |_| ui.page.set(Page::AccessLog)>
                            {t("cases.access_log")}
                        </button>
                        <button class="button secondary" on:click=move |_| hidden.set(true)>
                            {t("common.hide")}
                        </button>
                    </div>
                </section>
            }
        })
    }
}

/// The verdict on the log page: a quiet line when intact, each break when not.
#[component]
pub fn ChainStatus() -> impl IntoView {
    let check = LocalResource::new(|| async { call(&VerifyAccessLog {}).await });
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match check.await {
                    Ok(c) => verdict(c).into_any(),
                    Err(e) => view! {
                        <p class="banner error" role="alert">{crate::i18n::error_text(&e)}</p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

fn verdict(c: ChainCheck) -> impl IntoView {
    let unchained = (c.unchained > 0).then(|| {
        view! { <p class="muted">{tf("log.chain_unchained", &[("n", &c.unchained.to_string())])}</p> }
    });
    let trimmed = c.trimmed_before.as_deref().and_then(|d| d.parse::<chrono::NaiveDate>().ok()).map(|d| {
        view! { <p class="muted">{tf("log.chain_trimmed", &[("date", &feltbog_api::dates::format_short(d))])}</p> }
    });
    if c.intact() {
        let ok = tf(
            "log.chain_ok",
            &[
                ("n", &c.entries.to_string()),
                ("devices", &c.devices.to_string()),
            ],
        );
        return view! {
            <div id="chain-status" class="chain-ok">
                <p class="muted">{ok}</p>
                {unchained}
                {trimmed}
            </div>
        }
        .into_any();
    }
    view! {
        <section id="chain-status" class="banner error chain-broken" role="alert">
            <p><strong>{t("log.chain_broken_title")}</strong></p>
            <p>{tf("log.chain_broken", &[("n", &c.breaks.len().to_string())])}</p>
            <crate::components::TableScroll label=t("log.chain_broken_title")><table class="table compact">
                <thead><tr>
                    <th>{t("log.at")}</th>
                    <th>{t("log.chain_kind")}</th>
                    <th>{t("cases.number")}</th>
                    <th>{t("log.device")}</th>
                </tr></thead>
                <tbody>
                    {c.breaks.into_iter().map(|b| view! {
                        <tr>
                            <td>{local_time(&b.at)}</td>
                            <td>{t(&format!("chain.{}", b.kind))}</td>
                            <td>{b.case_number}</td>
                            <td title=b.device.clone()>{short_device(&b.device)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></crate::components::TableScroll>
            {unchained}
        </section>
    }
    .into_any()
}
