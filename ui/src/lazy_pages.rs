//! Every page, and the first start's screens, each in a part of the wasm
//! of its own that the webview fetches the first time it is opened. The
//! Overblik's part, the page after unlock, is fetched as soon as the UI
//! starts ([`preload_desk`]), while the unlock screen is read and the
//! passphrase typed.
//!
//! Why: the whole UI was 2.9 MB of wasm, fetched and compiled before the
//! unlock screen could show; without the pages it is under a third of that
//! (`docs/ARCHITECTURE.md#the-uis-size`). The parts are files beside the
//! main module in the app's own assets, so opening a page for the first
//! time costs a local read and a compile, never the network.
//!
//! How: `#[lazy]` marks a split point; `cargo xtask build-ui` cuts the
//! module there (`xtask/src/ui.rs`). Each function becomes `async`, and
//! [`show!`] draws the page once its part is loaded (at once, after the
//! first time).

use crate::pages;
use feltbog_api::{ActivityId, CafeId, CaseId, RoundId, VisitId};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::future::Future;

/// Draws a lazily loaded page when its part of the wasm is there:
/// `show!(lazy::visits())`.
///
/// Each use is a view type of its own (the marker closure is a type of its
/// own at each call site). A page change swaps views of two types, and
/// tachys then takes the old page away at once and builds the new one.
/// With one type for every page it would rebuild the old page's `Suspend`
/// in place, which keeps the old page on screen until the new part has
/// loaded, with its signals already disposed: a click on it in that time
/// panicked, and a panic ends the wasm. `lazy_pages.rs` in the end-to-end
/// tests holds this.
macro_rules! show {
    ($page:expr) => {
        (crate::lazy_pages::suspend($page), || ()).into_any()
    };
}
pub(crate) use show;

/// The page's future as a view, drawn once it is ready.
pub fn suspend(page: impl Future<Output = AnyView> + 'static) -> Suspend<AnyView> {
    Suspend::new(SendWrapper::new(page))
}

/// The first start (a new profile, or one restored from a backup): once
/// per computer, so not in the module every start loads.
#[lazy]
pub fn setup() -> AnyView {
    // The recovery code comes next: loaded now, so it shows at once.
    leptos::task::spawn_local(__preload_recovery_code());
    view! { <pages::setup::CreateProfile/> }.into_any()
}

/// The recovery code, shown once after the first start or a recovery.
#[lazy]
pub fn recovery_code(code: String, renewed: bool) -> AnyView {
    view! { <pages::setup::ShowRecoveryCode code renewed/> }.into_any()
}

#[lazy]
pub fn desk() -> AnyView {
    view! { <pages::desk::DeskPage/> }.into_any()
}

/// Loads the Overblik's part without drawing it, so the page after unlock
/// shows as soon as the passphrase is right. A part that fails to load
/// panics here as it would on opening the page (Leptos 0.8's `#[lazy]`
/// is not fallible; the parts ship inside the app, so only a damaged
/// installation is missing one).
pub fn preload_desk() {
    leptos::task::spawn_local(async {
        __preload_desk().await;
        // When it was ready, for `cargo xtask bench ui` (tests/tests/startup.rs).
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            let _ = p.mark("feltbog-desk-loaded");
        }
    });
}

#[lazy]
pub fn visits() -> AnyView {
    view! { <pages::visits::VisitsPage/> }.into_any()
}

#[lazy]
pub fn visit_form(id: Option<VisitId>) -> AnyView {
    view! { <pages::visit_form::VisitForm id/> }.into_any()
}

#[lazy]
pub fn follow_ups() -> AnyView {
    view! { <pages::follow_ups::FollowUpsPage/> }.into_any()
}

#[lazy]
pub fn cafes() -> AnyView {
    view! { <pages::cafes::CafesPage/> }.into_any()
}

#[lazy]
pub fn cafe_form(id: Option<CafeId>) -> AnyView {
    view! { <pages::cafes::CafeForm id/> }.into_any()
}

#[lazy]
pub fn activities() -> AnyView {
    view! { <pages::activities::ActivitiesPage/> }.into_any()
}

#[lazy]
pub fn activity_form(id: Option<ActivityId>) -> AnyView {
    view! { <pages::activities::ActivityForm id/> }.into_any()
}

#[lazy]
pub fn survey() -> AnyView {
    view! { <pages::survey::SurveyPage/> }.into_any()
}

#[lazy]
pub fn round_form(id: Option<RoundId>) -> AnyView {
    view! { <pages::survey::RoundForm id/> }.into_any()
}

#[lazy]
pub fn survey_classes(round: RoundId) -> AnyView {
    view! { <pages::survey::ClassesPage round/> }.into_any()
}

#[lazy]
pub fn on_site(round: RoundId) -> AnyView {
    view! { <pages::survey::OnSitePage round/> }.into_any()
}

#[lazy]
pub fn cases() -> AnyView {
    view! { <pages::cases::CasesPage/> }.into_any()
}

#[lazy]
pub fn new_case() -> AnyView {
    view! { <pages::cases::NewCaseForm/> }.into_any()
}

#[lazy]
pub fn case(id: CaseId) -> AnyView {
    view! { <pages::cases::CasePage id/> }.into_any()
}

#[lazy]
pub fn access_log() -> AnyView {
    view! { <pages::cases::AccessLogPage/> }.into_any()
}

#[lazy]
pub fn police_list() -> AnyView {
    view! { <pages::cases::PoliceListPage/> }.into_any()
}

#[lazy]
pub fn schools() -> AnyView {
    view! { <pages::schools::SchoolsPage/> }.into_any()
}

#[lazy]
pub fn settings() -> AnyView {
    view! { <pages::settings::SettingsPage/> }.into_any()
}

#[lazy]
pub fn team() -> AnyView {
    view! { <pages::team::TeamPage/> }.into_any()
}

#[lazy]
pub fn about() -> AnyView {
    view! { <pages::about::AboutPage/> }.into_any()
}

#[lazy]
pub fn compliance() -> AnyView {
    view! { <pages::compliance::CompliancePage/> }.into_any()
}

#[lazy]
pub fn conflicts() -> AnyView {
    view! { <pages::team::ConflictsPage/> }.into_any()
}

#[lazy]
pub fn summary() -> AnyView {
    view! { <pages::summary::SummaryPage/> }.into_any()
}

#[lazy]
pub fn search() -> AnyView {
    view! { <pages::search::SearchPage/> }.into_any()
}
