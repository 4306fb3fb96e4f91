//! When the deletion of cases due is held (the computer's date jumped far
//! ahead, or unusually many are due at once): why, and a button for the
//! person who has checked the date.

use crate::i18n::{error_text, t, tf};
use crate::ipc::call;
use feltbog_api::cases::PurgeHold;
use feltbog_api::commands::{ConfirmPurge, GetPurgeHold};
use feltbog_api::dates::format_short;
use leptos::prelude::*;

/// The reason, in words.
fn reason(h: &PurgeHold) -> String {
    match h {
        PurgeHold::ClockJump {
            last_seen,
            today,
            due,
            others,
        } => {
            let mut text = tf(
                "purge.clock_jump",
                &[
                    ("from", &format_short(*last_seen)),
                    ("to", &format_short(*today)),
                    ("n", &due.to_string()),
                ],
            );
            if *others > 0 {
                text.push(' ');
                text.push_str(&tf(
                    "purge.clock_jump_others",
                    &[("n", &others.to_string())],
                ));
            }
            text
        }
        PurgeHold::Many { due, cases } => tf(
            "purge.many",
            &[("n", &due.to_string()), ("of", &cases.to_string())],
        ),
        PurgeHold::ManyRecords { due, records } => tf(
            "purge.many_records",
            &[("n", &due.to_string()), ("of", &records.to_string())],
        ),
    }
}

/// Shown above the cases while a deletion waits; `done` is raised after a
/// confirmed deletion so the page's lists reload.
#[component]
pub fn PurgeHoldBanner(done: RwSignal<u32>) -> impl IntoView {
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let hold = LocalResource::new(move || {
        done.track();
        async { call(&GetPurgeHold {}).await }
    });
    let confirm = Action::new_local(move |_: &()| async move {
        match call(&ConfirmPurge {}).await {
            Ok(_) => {
                error.set(None);
                done.update(|n| *n += 1);
            }
            Err(e) => error.set(Some(error_text(&e))),
        }
    });
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                // Whether a deletion waits must never fail silently.
                let h = match hold.await {
                    Ok(h) => h,
                    Err(e) => {
                        return Some(view! {
                            <section id="purge-hold" class="banner error hold" role="alert">
                                <p>{error_text(&e)}</p>
                            </section>
                        }.into_any())
                    }
                };
                h.map(|h| view! {
                    <section id="purge-hold" class="banner error hold" role="alert">
                        <p><strong>{t("purge.title")}</strong></p>
                        <p>{reason(&h)}</p>
                        <p class="hold-hint">{t("purge.hint")}</p>
                        {move || error.get().map(|e| view! { <p>{e}</p> })}
                        <button id="confirm-purge" class="button danger" disabled=confirm.pending()
                            on:click=move |_| { confirm.dispatch_local(()); }>
                            {t("purge.confirm")}
                        </button>
                    </section>
                }.into_any())
            })}
        </Transition>
    }
}
