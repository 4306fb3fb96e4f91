//! Feltbog in English, measured like the Danish: the language is switched
//! in Indstillinger, then every screen is opened, forms are saved empty so
//! they show their errors, a wrong passphrase is tried on the lock screen,
//! and each screen gets a screenshot and the axe check (WCAG 2.0/2.1 A and
//! AA, zero violations). Each screen must also speak English: a Danish word
//! left on it fails the test. Fictitious data (the demo municipality).

use anyhow::{ensure, Result};
use feltbog_e2e::{demo_with_round, App};

const PASS: &str = "engelsk tekst på alle skærmbilleder";
const ROUND: &str = "Youth survey 2026";

/// Opens a screen with `steps` (elements clicked in turn), waits for
/// `ready`, and checks it: screenshot, axe, and no Danish left.
async fn screen(app: &App, name: &str, steps: &[&str], ready: &str) -> Result<()> {
    for s in steps {
        app.click(s).await?;
    }
    app.wait(ready).await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    app.shot(name).await?;
    let lang = app
        .client
        .execute("return document.documentElement.lang", vec![])
        .await?;
    ensure!(lang == "en", "{name}: the page says its language is {lang}");
    // What is read out as well as what is shown: placeholders, labels
    // given as attributes, tooltips.
    let said = app
        .client
        .execute(
            "return Array.from(document.querySelectorAll('[placeholder],[aria-label],[title]'))
               .map(e => [e.getAttribute('placeholder'), e.getAttribute('aria-label'),
                          e.getAttribute('title')].join(' ')).join(' ')",
            vec![],
        )
        .await?;
    let text = format!(
        "{} {}",
        app.text("body").await?,
        said.as_str().unwrap_or("")
    );
    // Words of the interface only (the demo's own records are Danish),
    // matched as whole words, in the menu as well as the page.
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .collect();
    for danish in [
        "Overblik",
        "Overskredet",
        "Gem",
        "Annuller",
        "Rediger",
        "Slet",
        "Vælg",
        "Tilføj",
        "Henter",
        "Lås",
        "Skoler",
        "Indstillinger",
        "Ugerapport",
        "Rapporter",
        "dd-mm-åååå",
    ] {
        ensure!(
            !words.contains(&danish),
            "{name}: {danish:?} is Danish, on an English screen: {text}"
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_is_accessible_in_english() -> Result<()> {
    let dir = demo_with_round("english", PASS, ROUND, &[("7.a", "24", "19")])?;
    let app = App::start(&dir, "english").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait("#desk").await?;
    app.set_language("en", "Settings").await?;
    screen(&app, "settings", &[], "#settings-form").await?;
    screen(&app, "team", &["#tab-team"], "#create-team-form").await?;
    screen(&app, "compliance", &["#tab-compliance"], "#dpo-paper").await?;
    app.wait_text("#dpo-paper", "Record of processing activities")
        .await?;
    screen(&app, "about", &["#tab-about"], "#accessibility").await?;
    app.wait_text("#accessibility", "partly conforms to WCAG 2.1 level AA")
        .await?;

    screen(&app, "desk", &["#nav-desk"], "#desk").await?;
    screen(&app, "search", &["#nav-search"], "#search-text").await?;
    screen(&app, "visits", &["#nav-visits"], "#visit-list").await?;
    screen(
        &app,
        "visit-errors",
        &["#new-visit", "#save-visit"],
        "#school-error:not(:empty)",
    )
    .await?;
    screen(&app, "follow-ups", &["#nav-follow-ups"], "main h1").await?;
    screen(&app, "survey", &["#nav-survey"], "#rate-chart").await?;
    // The chart's text alternative carries the figures the bars show.
    let alt = app
        .client
        .execute(
            "return document.getElementById('rate-chart').getAttribute('aria-label')",
            vec![],
        )
        .await?;
    ensure!(
        alt.as_str()
            .is_some_and(|a| a.contains("Egeby Skole: 79 %") && a.contains("85 %")),
        "the chart's text alternative: {alt}"
    );
    screen(&app, "survey-classes", &["#survey-classes"], "main h1").await?;
    screen(
        &app,
        "on-site",
        &["#nav-survey", "#on-site"],
        "#school-picker",
    )
    .await?;
    screen(
        &app,
        "round-form",
        &["#nav-survey", "#edit-round"],
        "#save-round",
    )
    .await?;
    screen(&app, "cafes", &["#nav-cafes"], "main h1").await?;
    screen(
        &app,
        "cafe-errors",
        &["#new-cafe", "#save-cafe"],
        ".field-error:not(:empty), .banner.error",
    )
    .await?;
    screen(&app, "activities", &["#nav-activities"], "#activity-list").await?;
    screen(
        &app,
        "activity-errors",
        &["#new-activity", "#save-activity"],
        ".field-error:not(:empty), .banner.error",
    )
    .await?;
    screen(&app, "cases", &["#nav-cases"], "main h1").await?;
    screen(
        &app,
        "case-errors",
        &["#new-case", "#save-case"],
        ".field-error:not(:empty), .banner.error",
    )
    .await?;
    screen(
        &app,
        "access-log",
        &["#nav-cases", "#open-access-log"],
        "main h1",
    )
    .await?;
    screen(&app, "summary", &["#nav-summary"], "main h1").await?;
    screen(&app, "schools", &["#nav-schools"], "#school-table").await?;

    // Locked: the unlock screen, and a wrong passphrase's error.
    app.click("#lock").await?;
    app.wait("#passphrase").await?;
    screen(&app, "locked", &[], "#unlock").await?;
    app.fill("#passphrase", "not the passphrase").await?;
    app.click("#unlock").await?;
    app.wait(".field-error:not(:empty), .banner.error").await?;
    screen(&app, "wrong-passphrase", &[], "#unlock").await?;
    app.quit().await
}
