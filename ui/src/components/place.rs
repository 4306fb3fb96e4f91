//! Where a café or an activity took place: one school, or (with no school
//! chosen) a town or area in words. One component for both forms, so the
//! rule "an area when no school" is asked the same way.

use crate::components::{Field, FormErrors, SchoolSelect};
use crate::i18n::t;
use feltbog_api::schools::SchoolView;
use feltbog_api::ApiError;
use leptos::prelude::*;

/// The school's field and, while no school is chosen, the area's.
/// `none` names the no-school choice, `area_hint` says what an area is.
#[component]
pub fn SchoolOrArea(
    school: RwSignal<String>,
    area: RwSignal<String>,
    schools: LocalResource<Result<Vec<SchoolView>, ApiError>>,
    errors: FormErrors,
    none: &'static str,
    area_hint: &'static str,
) -> impl IntoView {
    view! {
        <Field name="school" label=t("visit.school") errors>
            <SchoolSelect value=school schools none/>
        </Field>
        <Show when=move || school.get().is_empty()>
            <Field name="area" label=t("cafe.area") errors hint=t(area_hint)>
                <input id="area" bind:value=area/>
            </Field>
        </Show>
    }
}
