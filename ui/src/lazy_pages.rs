//! Every page but the Overblik, each in a part of the wasm of its own that
//! the webview fetches the first time the page is opened.
//!
//! Why: the whole UI was 2.9 MB of wasm, fetched and compiled before the
//! unlock screen could show; without the pages it is under a third of that
//! (`docs/ARCHITECTURE.md#the-uis-size`). The parts are files beside the
//! main module in the app's own assets, so opening a page for the first
//! time costs a local read and a compile, never the network.
//!
//! How: `#[lazy]` marks a split point; `cargo xtask build-ui` cuts the
//! module there (`xtask/src/ui.rs`). Each function becomes `async`, and
//! [`show`] draws the page once its part is loaded (at once, after the
//! first time).

use crate::pages;
use feltbog_api::{ActivityId, CafeId, CaseId, RoundId, VisitId};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::future::Future;

/// Draws a lazily loaded page when its part of the wasm is there.
pub fn show(page: impl Future<Output = AnyView> + 'static) -> AnyView {
    Suspend::new(SendWrapper::new(page)).into_any()
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
