//! The partners present besides SSP (police, health nurse, youth club, …),
//! with "others" named in words: one fieldset for the café and the
//! activity forms, so both ask the same way.

use crate::components::{Field, FormErrors};
use crate::i18n::t;
use feltbog_api::cafes::Partner;
use leptos::prelude::*;

#[component]
pub fn PartnersFieldset(
    partners: RwSignal<Vec<Partner>>,
    other: RwSignal<String>,
    errors: FormErrors,
) -> impl IntoView {
    view! {
        <fieldset class="field">
            <legend>{t("cafe.partners")}</legend>
            <div class="checks">
                {Partner::ALL.iter().map(|p| {
                    let p = *p;
                    view! {
                        <label class="check">
                            <input type="checkbox" id=format!("partner-{p}")
                                prop:checked=move || partners.get().contains(&p)
                                on:change=move |_| partners.update(|v| if let Some(i) = v.iter().position(|x| *x == p) { v.remove(i); } else { v.push(p) })/>
                            <span>{t(&format!("partner.{p}"))}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
            <Show when=move || partners.get().contains(&Partner::Other)>
                <Field name="partner_other" label=t("cafe.partner_other") errors>
                    <input id="partner_other" bind:value=other/>
                </Field>
            </Show>
        </fieldset>
    }
}
