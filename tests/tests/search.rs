//! Search end to end: Ctrl+K from Overblik puts the keyboard in the search
//! field; a word of a visit's notes, typed without its ending, finds the
//! visit and marks the word; Enter-free, as the user types; the hit opens
//! the visit; Ctrl+K again shows the same search; a case is found by its
//! number; an activity by a word of its notes; a word found nowhere says
//! so. Screenshots at 1366×768 and 1024×768 in target/e2e-screens/.
//! Fictitious data.

use anyhow::{ensure, Result};
use fantoccini::key::Key;
use feltbog_e2e::{cli, cli_in, cli_profile, App};

const PASS: &str = "mørk himmel over mosen i november";
const NOTES: &str = "Eleverne talte om rundboldbanen og frikvarteret";

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_k_finds_a_visit_by_a_word_in_its_notes_and_opens_it() -> Result<()> {
    let dir = cli_profile("search", PASS, &[&["demo", "load"]])?;
    cli(
        &dir,
        PASS,
        &[
            "visit",
            "add",
            "--school",
            "Egeby Skole",
            "--date",
            "2026-11-18",
            "--purpose",
            "class-talk",
            "--notes",
            NOTES,
        ],
    )?;
    let number = cli_in(
        &dir,
        PASS,
        &[
            "case",
            "add",
            "--birth-year",
            "2012",
            "--school",
            "Egeby Skole",
            "--law",
            "penal-code",
            "--offence",
            "theft",
            "--offence-date",
            "2026-11-07",
            "--notified",
            "2026-11-10",
        ],
        r#"{"initials": "X.Y."}"#,
    )?;
    let number = number.trim().to_string();

    let app = App::start(&dir, "search").await?;
    app.resize(1366, 768).await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait("#desk").await?;

    // Ctrl+K from anywhere: the search page, the keyboard in its field.
    app.chord(Key::Control, 'k').await?;
    app.wait_text(".main h1", "Søg").await?;
    app.wait("#search-text").await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    app.expect_focus("#search-text").await?;
    app.type_text("Rundboldbanerne").await?;
    let hits = app.wait_text("#search-hits", "Egeby Skole").await?;
    ensure!(
        hits.contains("Skolebesøg"),
        "the hit says what it is: {hits}"
    );
    let marked = app.text("#search-hits mark").await?;
    ensure!(
        marked == "rundboldbanen",
        "the word found is marked: {marked:?}"
    );
    app.wait_text("#search-status", "1 fundet").await?;
    let title = app.client.title().await?;
    ensure!(title == "Søg – Feltbog", "the title: {title:?}");
    app.shot("01-found").await?;
    app.resize(1024, 768).await?;
    app.shot("02-found-1024").await?;
    app.resize(1366, 768).await?;

    // The hit opens the visit with its notes.
    app.click(".search-hit").await?;
    app.wait_text(".main h1", "Rediger skolebesøg").await?;
    let notes = app.prop("#notes", "value").await?.unwrap_or_default();
    ensure!(notes == NOTES, "the visit opened: {notes:?}");

    // Ctrl+K again: the same search, ready to change.
    app.chord(Key::Control, 'k').await?;
    app.wait_text("#search-hits", "rundboldbanen").await?;
    let kept = app.prop("#search-text", "value").await?.unwrap_or_default();
    ensure!(kept == "Rundboldbanerne", "the search kept: {kept:?}");

    // A case by its number only; a word found nowhere says so.
    app.fill("#search-text", &number.to_lowercase()).await?;
    app.wait_text("#search-hits", &number).await?;
    ensure!(
        !app.text("#search-hits").await?.contains("X.Y."),
        "a case shows its number only"
    );
    app.shot("03-case-by-number").await?;
    app.click(".search-hit").await?;
    app.wait_text(".main", &number).await?;
    // An activity by a word of its notes (the demo's evening in town).
    app.click("#nav-search").await?;
    app.fill("#search-text", "skaterbanen").await?;
    let hits = app
        .wait_text("#search-hits", "Egeby Bymidte · Gadeplan")
        .await?;
    ensure!(
        hits.contains("Aktivitet"),
        "the hit says what it is: {hits}"
    );
    app.shot("04-activity").await?;
    app.click(".search-hit").await?;
    app.wait_text(".main h1", "Rediger aktivitet").await?;
    let theme = app.prop("#theme", "value").await?.unwrap_or_default();
    ensure!(theme == "Fredagsaften", "the activity opened: {theme:?}");
    app.click("#nav-search").await?;
    app.fill("#search-text", "xylofonlærer").await?;
    app.wait_text("#search-status", "Intet fundet for »xylofonlærer«")
        .await?;
    app.shot("05-nothing-found").await?;
    app.quit().await
}
