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

/// The school picker of a form: the schools read, `none` first (its
/// catalogue key), and `value` the chosen school's id as text. The value is
/// set both ways, so a school filled in or restored from a draft before or
/// after the list arrives is the one shown.
#[component]
pub fn SchoolSelect(
    value: RwSignal<String>,
    schools: LocalResource<Result<Vec<SchoolView>, ApiError>>,
    none: &'static str,
) -> impl IntoView {
    view! {
        <select id="school" on:change=move |ev| value.set(event_target_value(&ev))
            prop:value=move || value.get()>
            <option value="">{t(none)}</option>
            {move || schools_or_none(schools.get()).into_iter().map(|s| {
                let id = s.id.to_string();
                let selected = value.get_untracked() == id;
                view! { <option value=id selected=selected>{s.name}</option> }
            }).collect_view()}
        </select>
    }
}
