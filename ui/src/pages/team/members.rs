//! Inviting a member (coordinators: the code shown once, large, to read
//! aloud or copy) and the member list, where a coordinator removes one.

use super::indicator;
use crate::components::{local_time, Confirm, ErrorBanner, FormErrors, Loaded, Rows};
use crate::i18n::{error_text, t, tf};
use crate::ipc::call;
use crate::state::ui;
use feltbog_api::commands::{CreateInvite, ListMembers, RemoveMember};
use feltbog_api::team::{InviteView, MemberRole, MemberView};
use leptos::prelude::*;

fn copy_to_clipboard(text: &str) {
    if let Some(w) = web_sys::window() {
        // The promise is not awaited: a failed copy leaves the code on
        // screen, selectable, which is the fallback anyway.
        let _ = w.navigator().clipboard().write_text(text);
    }
}

#[component]
pub fn InviteForm(server: String) -> impl IntoView {
    let role = RwSignal::new(MemberRole::Consultant);
    let cases = RwSignal::new(false);
    let errors = FormErrors::new();
    let shown: RwSignal<Option<InviteView>> = RwSignal::new(None);
    let copied = RwSignal::new(false);
    let make = Action::new_local(move |req: &CreateInvite| {
        let req = req.clone();
        async move {
            match call(&req).await {
                Ok(inv) => {
                    copied.set(false);
                    shown.set(Some(inv));
                }
                Err(e) => errors.set(e),
            }
        }
    });
    let submit = errors.on_submit(
        move || {
            Ok(CreateInvite {
                role: role.get(),
                cases: cases.get(),
            })
        },
        move |req| {
            shown.set(None);
            make.dispatch_local(req);
        },
    );
    let radio = move |r: MemberRole, id: &'static str| {
        view! {
            <label class="radio">
                <input type="radio" name="invite-role" id=id checked=move || role.get() == r
                    on:change=move |_| role.set(r)/>
                {t(&format!("member_role.{r}"))}
            </label>
        }
    };
    view! {
        <form id="invite-form" class="form panel" on:submit=submit>
            <h2>{t("team.invite_title")}</h2>
            <p class="hint">{t("team.invite_hint")}</p>
            <ErrorBanner message=Signal::derive(errors.general(&[]))/>
            <fieldset>
                <legend>{t("team.role")}</legend>
                <div class="radios">
                    {radio(MemberRole::Consultant, "invite-consultant")}
                    {radio(MemberRole::Coordinator, "invite-coordinator")}
                </div>
            </fieldset>
            <label class="check">
                <input type="checkbox" id="invite-cases" prop:checked=move || cases.get()
                    on:change=move |ev| cases.set(event_target_checked(&ev))/>
                {t("team.invite_cases")}
            </label>
            <div class="form-actions">
                <button id="make-invite" class="button primary" type="submit" disabled=make.pending()>
                    {t("team.make_invite")}
                </button>
            </div>
            {move || shown.get().map(|inv| {
                let code = inv.code.clone();
                let copy_code = inv.code.clone();
                let expires = local_time(&inv.expires_at.to_rfc3339());
                let who = t(&format!("member_role.{}", inv.role));
                let access = if inv.cases { t("team.with_cases") } else { t("team.without_cases") };
                view! {
                    <div class="invite" role="status">
                        <p class="invite-label">{tf("team.invite_for", &[("role", &who), ("access", &access)])}</p>
                        <p id="invite-code" class="invite-code">{code}</p>
                        <p class="hint">{tf("team.invite_expires", &[("at", &expires), ("server", &server)])}</p>
                        <div class="form-actions">
                            <button id="copy-invite" type="button" class="button secondary"
                                on:click=move |_| { copy_to_clipboard(&copy_code); copied.set(true); }>
                                {t("team.copy")}
                            </button>
                            <Show when=move || copied.get()><span class="saved">{t("team.copied")}</span></Show>
                        </div>
                    </div>
                }
            })}
        </form>
    }
}

#[component]
pub fn MemberList(coordinator: bool) -> impl IntoView {
    let ui = ui();
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let arrivals = ui.arrivals;
    let remove = Action::new_local(move |device: &String| {
        let device = device.clone();
        async move {
            match call(&RemoveMember { device }).await {
                Ok(_) => {
                    error.set(None);
                    indicator::refresh(ui);
                }
                Err(e) => error.set(Some(error_text(&e))),
            }
        }
    });
    // Reread after each removal (its version), and when a sync brings news.
    let members = LocalResource::new(move || {
        arrivals.track();
        remove.version().track();
        async { call(&ListMembers {}).await }
    });
    view! {
        <section id="members" class="panel">
            <h2>{t("team.members")}</h2>
            <ErrorBanner message=error.into()/>
            <Loaded list=members
                empty=|| view! { <div class="empty">{t("team.no_members")}</div> }
                filled=move |list| view! { <MemberTable list coordinator remove/> }/>
        </section>
    }
}

#[component]
fn MemberTable(
    list: Signal<Vec<MemberView>>,
    coordinator: bool,
    remove: Action<String, ()>,
) -> impl IntoView {
    let pending =
        move || coordinator && list.with(|l| l.iter().any(|m| m.pending && !m.this_device));
    // The rows are keyed without "last seen", which every sync changes: a
    // row stays put (an open *Fjern?* and a click on it survive a sync),
    // and its time is read from the list as it changes.
    let steady = Signal::derive(move || {
        list.get()
            .into_iter()
            .map(|m| MemberView {
                last_seen: None,
                ..m
            })
            .collect::<Vec<_>>()
    });
    view! {
        <Show when=pending>
            <p id="pending-hint" class="hint">{t("team.pending_hint")}</p>
        </Show>
        <crate::components::TableScroll label=t("team.members")><table id="member-table" class="table">
            <thead><tr>
                <th scope="col">{t("team.member")}</th>
                <th scope="col">{t("team.role")}</th>
                <th scope="col">{t("team.case_access")}</th>
                <th scope="col">{t("team.last_seen")}</th>
                <th scope="col"><span class="sr-only">{t("schools.actions")}</span></th>
            </tr></thead>
            <tbody>
                <Rows rows=steady row=move |m| member_row(m, coordinator, remove, list)/>
            </tbody>
        </table></crate::components::TableScroll>
    }
}

fn member_row(
    m: MemberView,
    coordinator: bool,
    remove: Action<String, ()>,
    list: Signal<Vec<MemberView>>,
) -> impl IntoView {
    let name = if m.this_device {
        tf("team.this_device", &[("name", &m.name)])
    } else if m.name.is_empty() {
        t("team.unknown_device")
    } else {
        m.name.clone()
    };
    let device_seen = m.device.clone();
    let seen = move || {
        list.with(|l| {
            l.iter()
                .find(|x| x.device == device_seen)
                .and_then(|x| x.last_seen)
        })
        .map(|s| local_time(&s.to_rfc3339()))
        .unwrap_or_else(|| "–".into())
    };
    let (pending, active) = (m.pending, m.active);
    let state = move || match (pending, active) {
        (true, _) => t("team.pending"),
        (false, true) => seen(),
        (false, false) => t("team.removed"),
    };
    let can_remove = coordinator && m.active && !m.this_device;
    let device = m.device.clone();
    let who = name.clone();
    view! {
        <tr class:inactive=!m.active class:pending=m.pending>
            <td>{name}</td>
            <td>{t(&format!("member_role.{}", m.role))}</td>
            <td>{if m.cases { t("common.yes") } else { t("common.no") }}</td>
            <td>{state}</td>
            <td class="actions">
                {can_remove.then(|| {
                    let device = device.clone();
                    view! {
                        <Confirm ask=t("common.remove") ask_class="ghost remove-member" ask_name=m.name.clone()
                            question=tf("team.remove_confirm", &[("name", &who)])
                            yes=t("common.remove") yes_class="confirm-remove"
                            on_yes=move || { remove.dispatch_local(device.clone()); }/>
                    }
                })}
            </td>
        </tr>
    }
}
