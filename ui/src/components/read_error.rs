//! A read that fails is said, never shown as an empty list: "no schools"
//! on a profile full of schools would make a consultant enter them again.
//! A read refused because the profile locked leads back to the unlock
//! screen.

use crate::i18n::{error_text, t};
use crate::ipc::call;
use crate::state::{ui, Gate};
use feltbog_api::commands::ListSchools;
use feltbog_api::schools::SchoolView;
use feltbog_api::{ApiError, ErrorKind};
use leptos::prelude::*;

/// The schools for a picker, with the error kept when the read fails.
pub fn schools_resource(
    include_inactive: bool,
) -> LocalResource<Result<Vec<SchoolView>, ApiError>> {
    LocalResource::new(move || async move { call(&ListSchools { include_inactive }).await })
}

/// The schools of a read, or none while it fails (the page says why with
/// [`ReadFailed`]).
pub fn schools_or_none(r: Option<Result<Vec<SchoolView>, ApiError>>) -> Vec<SchoolView> {
    r.and_then(Result::ok).unwrap_or_default()
}

/// Shows why a read failed; a lock leads to the unlock screen.
#[component]
pub fn ReadFailed(error: ApiError) -> impl IntoView {
    if matches!(error.kind, ErrorKind::Locked) {
        ui().gate.set(Gate::Locked);
    }
    let text = error_text(&error);
    view! {
        <div class="banner error read-failed" role="alert">
            <strong>{t("error.read_failed")}</strong>" "{text}
        </div>
    }
}

/// [`ReadFailed`] for the schools resource, when its read failed.
#[component]
pub fn SchoolsReadFailed(
    schools: LocalResource<Result<Vec<SchoolView>, ApiError>>,
) -> impl IntoView {
    move || {
        schools
            .get()
            .and_then(Result::err)
            .map(|error| view! { <ReadFailed error/> })
    }
}
