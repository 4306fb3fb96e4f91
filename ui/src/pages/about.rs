//! Indstillinger → Om Feltbog: the version, Feltbog's licence with its
//! text, and the third-party libraries by licence, each with its text.
//! Everything comes from the shell, which has it built in.

use super::settings::SettingsTabs;
use crate::components::ReadFailed;
use crate::i18n::{t, tf, tn};
use crate::ipc::call;
use feltbog_api::about::{AboutView, ThirdPartyLicence};
use feltbog_api::commands::GetAbout;
use leptos::prelude::*;

#[component]
pub fn AboutPage() -> impl IntoView {
    let about = LocalResource::new(|| call(&GetAbout {}));
    view! {
        <header class="page-head"><h1>{t("settings.title")}</h1></header>
        <SettingsTabs/>
        <Transition fallback=|| view! { <p class="muted">{t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match about.await {
                    Ok(about) => view! { <About about/> }.into_any(),
                    Err(error) => view! { <ReadFailed error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn About(about: AboutView) -> impl IntoView {
    let count = about.crate_count();
    let overview = about.overview();
    view! {
        <section id="about" class="panel about">
            <h2>"Feltbog "{about.version.clone()}</h2>
            <p class="lead">{t("about.lead")}</p>
            <dl class="facts">
                <dt>{t("about.version")}</dt>
                <dd id="about-version">{about.version}</dd>
                <dt>{t("about.licence")}</dt>
                <dd id="about-licence">{t("about.licence_name")}" ("{about.licence}")"</dd>
            </dl>
            <p class="hint">{t("about.licence_hint")}</p>
            <details class="licence">
                <summary>{t("about.licence_show")}</summary>
                <pre class="licence-text" tabindex="0">{about.licence_text}</pre>
            </details>
        </section>
        <Statement/>
        <section id="third-party" class="panel about">
            <h2>{t("about.third_party")}</h2>
            {match about.third_party {
                None => view! { <p id="no-listing" class="hint">{t("about.no_listing")}</p> }.into_any(),
                Some(licences) => view! {
                    <p class="lead">{tf("about.third_party_lead", &[("n", &count.to_string())])}</p>
                    <crate::components::TableScroll label=t("about.third_party")><table id="licence-overview" class="table compact">
                        <thead><tr>
                            <th scope="col">{t("about.licence")}</th>
                            <th scope="col" class="num">{t("about.libraries")}</th>
                        </tr></thead>
                        <tbody>
                            {overview.into_iter().map(|c| view! {
                                <tr><td>{c.name}" ("{c.id}")"</td><td class="num">{c.crates}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table></crate::components::TableScroll>
                    <div class="licence-list">
                        {licences.into_iter().map(|l| view! { <Licence licence=l/> }).collect_view()}
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

/// How many libraries a folded licence names before "and N more".
const NAMED: usize = 3;

/// One licence text, folded: the libraries under it, and the text. The
/// fold names its first libraries, since one licence appears once per
/// distinct text (each with its own copyright lines).
#[component]
fn Licence(licence: ThirdPartyLicence) -> impl IntoView {
    let n = u32::try_from(licence.crates.len()).unwrap_or(u32::MAX);
    let first: Vec<&str> = licence
        .crates
        .iter()
        .take(NAMED)
        .map(|c| c.name.as_str())
        .collect();
    let more = licence.crates.len().saturating_sub(NAMED);
    let mut named = first.join(", ");
    if more > 0 {
        named = format!(
            "{named} {}",
            tf("about.and_more", &[("n", &more.to_string())])
        );
    }
    let names = licence
        .crates
        .iter()
        .map(|c| format!("{} {}", c.name, c.version))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <details class="licence">
            <summary>
                {licence.name}
                <span class="licence-crates">{named}" · "{tn("about.libraries_n", n)}</span>
            </summary>
            <p class="crate-list">{names}</p>
            <pre class="licence-text" tabindex="0">{licence.text}</pre>
        </details>
    }
}

/// The accessibility statement, in the form Danish public bodies publish:
/// status, how it was measured, known exceptions, whom to contact. The
/// full text is docs/ACCESSIBILITY.md.
#[component]
fn Statement() -> impl IntoView {
    let exceptions = ["readers", "contrast", "keyboard", "excel"];
    view! {
        <section id="accessibility" class="panel about" aria-labelledby="accessibility-title">
            <h2 id="accessibility-title">{t("about.a11y_title")}</h2>
            <p>{t("about.a11y_status")}</p>
            <p class="hint">{t("about.a11y_measured")}</p>
            <h3>{t("about.a11y_exceptions")}</h3>
            <ul>
                {exceptions.map(|e| view! { <li>{t(&format!("about.a11y_exception_{e}"))}</li> })}
            </ul>
            <p>{t("about.a11y_contact")}</p>
        </section>
    }
}
