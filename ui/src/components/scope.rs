//! *Mine* / *Hele teamet*: whose records a page shows, in a team. One
//! choice for the session, shared by Overblik and the lists (visits,
//! follow-ups, cafés, cases), so a consultant who chose *Mine* sees their
//! own everywhere. Until they choose, Overblik shows a coordinator the
//! whole team's and a consultant their own (what they must do), and the
//! lists show the whole team's (*Mine* is a filter one turns on: a visit
//! a colleague made at one's school is still to be found). Alone,
//! everything is one's own and the switch is not shown.

use crate::i18n::{t, tf};
use crate::ipc::call;
use crate::state::ui;
use feltbog_api::commands::GetOwnership;
use feltbog_api::desk::Ownership;
use feltbog_api::ApiError;
use leptos::prelude::*;

/// Whether a page shows only this member's records: in a team, by the
/// member's choice, else by the page's default (`by_role`: Overblik's,
/// *Mine* for a consultant; otherwise the whole team's).
pub fn shows_mine(choice: Option<bool>, own: &Ownership, by_role: bool) -> bool {
    own.team && choice.unwrap_or(by_role && !own.coordinator)
}

/// Who the team's members are and who is asking, for a page's switch and
/// its owner notes; reread when a sync brings changes (a member joins).
pub fn ownership() -> Signal<Option<Ownership>> {
    let arrivals = ui().arrivals;
    let read = LocalResource::new(move || {
        arrivals.track();
        async { call(&GetOwnership {}).await.ok() }
    });
    // A memo: a reread that changes nothing (most syncs) redraws nothing.
    Memo::new(move |_| read.get().flatten()).into()
}

/// `rows` as the page shows them under the member's `choice`: only those
/// `owner` names as this member's when *Mine*.
pub async fn mine_only<T>(
    rows: Vec<T>,
    choice: Option<bool>,
    owner: impl Fn(&T) -> &str,
) -> Result<Vec<T>, ApiError> {
    if choice != Some(true) {
        // The whole team's, the lists' default or as chosen: nothing to ask.
        return Ok(rows);
    }
    let own = call(&GetOwnership {}).await?;
    Ok(if shows_mine(choice, &own, false) {
        rows.into_iter().filter(|r| own.owns(owner(r))).collect()
    } else {
        rows
    })
}

/// The switch, in a team only: two buttons, the pressed one says which.
/// Their ids are `{id}-mine` and `{id}-team`.
#[component]
pub fn ScopeSwitch(
    id: &'static str,
    own: Signal<Option<Ownership>>,
    /// Overblik: until chosen, *Mine* for a consultant.
    #[prop(optional)]
    by_role: bool,
) -> impl IntoView {
    let ui = ui();
    let team = move || own.get().filter(|o| o.team);
    move || {
        team().map(|o| {
            let (o1, o2) = (o.clone(), o.clone());
            let mine = move || shows_mine(ui.mine.get(), &o, by_role);
            let mine_pressed = mine.clone();
            // Pressing the pressed button changes nothing (no reread, no
            // new opening in the access log).
            let choose = move |want: bool, o: &Ownership| {
                if shows_mine(ui.mine.get_untracked(), o, by_role) != want {
                    ui.mine.set(Some(want));
                }
            };
            view! {
                <div class="scope-switch" role="group" aria-label=t("desk.scope")>
                    <button id=format!("{id}-mine") type="button" class="button secondary"
                        aria-pressed=move || mine_pressed().to_string()
                        on:click=move |_| choose(true, &o1)>{t("desk.mine")}</button>
                    <button id=format!("{id}-team") type="button" class="button secondary"
                        aria-pressed=move || (!mine()).to_string()
                        on:click=move |_| choose(false, &o2)>{t("desk.team")}</button>
                </div>
            }
        })
    }
}

/// "Ansvarlig: Anne", on a record in a team (alone, everything is one's
/// own and saying so is noise).
#[component]
pub fn OwnerNote(owner: String, own: Signal<Option<Ownership>>) -> impl IntoView {
    move || {
        let team = own.get().is_some_and(|o| o.team);
        (team && !owner.is_empty()).then(|| {
            view! { <span class="owner-note">{tf("desk.owner", &[("name", &owner)])}</span> }
        })
    }
}
