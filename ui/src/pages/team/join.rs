//! Not in a team yet: join one with an invite code (consultants), or create
//! one with the server operator's setup code (the coordinator). Both reach
//! the server; the records already in the profile join the team.

use super::indicator;
use crate::components::{ErrorBanner, Field, FormErrors};
use crate::i18n::t;
use crate::ipc::call;
use crate::state::ui;
use feltbog_api::commands::{CreateTeam, JoinTeam};
use feltbog_api::{ApiError, Command, ErrorKind, Problem};
use leptos::prelude::*;

/// A refused code belongs beside the field it was typed into: the server
/// says which code it refused (`setup_code` or `invite`).
fn beside_field(e: ApiError) -> ApiError {
    match &e.kind {
        ErrorKind::Refused { code } if code == "setup_code" => {
            ApiError::invalid("setup_code", Problem::NotAllowed, e.message)
        }
        ErrorKind::Refused { code } if code == "invite" => {
            ApiError::invalid("code", Problem::NotAllowed, e.message)
        }
        _ => e,
    }
}

/// A call that reaches the server to join or create a team: on success the
/// team's rules and the indicator are read again; a refusal shows beside
/// its field.
fn reach_team<C>(errors: FormErrors) -> Action<C, ()>
where
    C: Command + Clone + 'static,
{
    let ui = ui();
    Action::new_local(move |req: &C| {
        let req = req.clone();
        async move {
            match call(&req).await {
                Ok(_) => {
                    ui.reload_settings();
                    indicator::refresh(ui);
                }
                Err(e) => errors.set(beside_field(e)),
            }
        }
    })
}

#[component]
pub fn NotInTeam() -> impl IntoView {
    view! {
        <section class="panel intro">
            <h2>{t("team.none_title")}</h2>
            <p class="lead">{t("team.none_lead")}</p>
            <p class="hint">{t("team.private_hint")}</p>
        </section>
        <div class="two-panels">
            <JoinForm/>
            <CreateForm/>
        </div>
    }
}

#[component]
fn JoinForm() -> impl IntoView {
    let ui = ui();
    let server = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(ui.settings.get_untracked().consultant_name);
    let errors = FormErrors::new();
    let join = reach_team::<JoinTeam>(errors);
    let submit = errors.on_submit(
        move || {
            Ok(JoinTeam {
                server: server.get(),
                code: code.get(),
                member_name: name.get(),
            })
        },
        move |req| {
            join.dispatch_local(req);
        },
    );
    let busy = join.pending();
    view! {
        <form id="join-form" class="form panel" on:submit=submit>
            <h2>{t("team.join_title")}</h2>
            <p class="hint">{t("team.join_hint")}</p>
            <ErrorBanner message=Signal::derive(errors.general(&["server", "code", "member_name"]))/>
            <Field name="server" label=t("team.server") errors hint=t("team.server_hint")>
                <input id="server" inputmode="url" autocomplete="url" spellcheck="false"
                    placeholder="https://sync.kommune.dk" bind:value=server/>
            </Field>
            <Field name="code" label=t("team.invite_code") errors hint=t("team.invite_code_hint")>
                <input id="code" class="mono" autocomplete="off" spellcheck="false" bind:value=code/>
            </Field>
            <Field name="member_name" label=t("team.member_name") errors hint=t("team.member_name_hint")>
                <input id="member_name" autocomplete="name" bind:value=name/>
            </Field>
            <div class="form-actions">
                <button id="join-team" class="button primary" type="submit" disabled=busy>
                    {move || if busy.get() { t("team.reaching") } else { t("team.join") }}
                </button>
            </div>
        </form>
    }
}

#[component]
fn CreateForm() -> impl IntoView {
    let ui = ui();
    let server = RwSignal::new(String::new());
    let setup_code = RwSignal::new(String::new());
    let team_name = RwSignal::new(String::new());
    let name = RwSignal::new(ui.settings.get_untracked().consultant_name);
    let errors = FormErrors::new();
    let create = reach_team::<CreateTeam>(errors);
    let submit = errors.on_submit(
        move || {
            Ok(CreateTeam {
                server: server.get(),
                name: team_name.get(),
                setup_code: setup_code.get(),
                member_name: name.get(),
            })
        },
        move |req| {
            create.dispatch_local(req);
        },
    );
    let busy = create.pending();
    view! {
        <form id="create-team-form" class="form panel" on:submit=submit>
            <h2>{t("team.create_title")}</h2>
            <p class="hint">{t("team.create_hint")}</p>
            <ErrorBanner message=Signal::derive(errors.general(&["server", "setup_code", "name", "member_name"]))/>
            <Field name="server" input_id="create-server" label=t("team.server") errors>
                <input id="create-server" inputmode="url" autocomplete="url" spellcheck="false"
                    placeholder="https://sync.kommune.dk" bind:value=server/>
            </Field>
            <Field name="setup_code" label=t("team.setup_code") errors hint=t("team.setup_code_hint")>
                <input id="setup_code" class="mono" autocomplete="off" spellcheck="false" bind:value=setup_code/>
            </Field>
            <Field name="name" input_id="team_name" label=t("team.team_name") errors hint=t("team.team_name_hint")>
                <input id="team_name" bind:value=team_name/>
            </Field>
            <Field name="member_name" input_id="create-member-name" label=t("team.member_name") errors>
                <input id="create-member-name" autocomplete="name" bind:value=name/>
            </Field>
            <div class="form-actions">
                <button id="create-team" class="button secondary" type="submit" disabled=busy>
                    {move || if busy.get() { t("team.reaching") } else { t("team.create") }}
                </button>
            </div>
        </form>
    }
}
