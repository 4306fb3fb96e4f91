//! The rest of a consultant's day without the mouse (the morning's visit is
//! `keyboard.rs`): mark survey classes on site, record a café with an
//! agreement, record a step in a first-offence case, and save the weekly
//! summary through the system's save dialog. Tab, Shift+Tab, Enter, arrow
//! keys and typing only; every Tab stop's focus ring is measured on the way
//! (drawn, on screen, 3:1 against what is behind it). Fictitious data.

use anyhow::{ensure, Context, Result};
use chrono::Days;
use fantoccini::key::Key;
use feltbog_e2e::{answer_file_dialog, cli, cli_in, cli_profile, school_add, target_dir, App};
use std::time::Duration;

const PASS: &str = "grøn kaffekop på lærerværelset";
const ROUND: &str = "Ungeprofilen tastatur";
const AGREEMENT: &str = "Fælles aftale om mobilfri fredage";

/// One school with two classes in an open round, and a first-offence case
/// notified five days ago, made with the command line.
fn profile() -> Result<std::path::PathBuf> {
    let today = feltbog_e2e::today();
    let iso = |days: u64| (today - Days::new(days)).to_string();
    let dir = cli_profile(
        "keyboard-day",
        PASS,
        &[
            &school_add("Egeby Skole", "Egeby"),
            &[
                "survey",
                "round",
                "add",
                "--name",
                ROUND,
                "--questionnaire",
                "grades7-9",
                "--from",
                &iso(10),
                "--to",
                &(today + Days::new(30)).to_string(),
                "--target",
                "85",
            ],
        ],
    )?;
    for (class, enrolled) in [("7.a", "24"), ("8.b", "20")] {
        cli(
            &dir,
            PASS,
            &[
                "survey",
                "class",
                "set",
                "--round",
                ROUND,
                "--school",
                "Egeby Skole",
                "--class",
                class,
                "--enrolled",
                enrolled,
                "--answered",
                "0",
            ],
        )?;
    }
    let year = (today - Days::new(14 * 366)).format("%Y").to_string();
    cli_in(
        &dir,
        PASS,
        &[
            "case",
            "add",
            "--birth-year",
            &year,
            "--school",
            "Egeby Skole",
            "--law",
            "penal-code",
            "--offence",
            "vandalism",
            "--offence-date",
            &iso(8),
            "--notified",
            &iso(5),
        ],
        r#"{"initials": "T.B."}"#,
    )?;
    Ok(dir)
}

/// Selects what the focused field holds, so typing replaces it.
async fn select_all(app: &App) -> Result<()> {
    app.client
        .execute("document.activeElement.select()", vec![])
        .await?;
    Ok(())
}

/// Opens a screen from the menu with the keyboard: Shift+Tab back up to
/// the menu entry, Enter, and the focus is in the new screen.
async fn open(app: &App, nav: &str, ready: &str) -> Result<()> {
    app.tab_back_to(nav).await?;
    app.press(Key::Enter).await?;
    app.wait(ready).await?;
    app.expect_focus("#main").await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_rest_of_the_day_with_the_keyboard_only() -> Result<()> {
    let dir = profile()?;
    let app = App::start(&dir, "keyboard-day").await?;
    app.wait("#passphrase").await?;
    app.tab_to("#passphrase").await?;
    app.type_text(PASS).await?;
    app.press(Key::Enter).await?;
    // Overblik first: its lines are Tab stops (the case's offer is due).
    app.wait("#desk").await?;
    app.tab_to(".desk-line").await?;

    // On site: the school from the picker, a count typed, one more with
    // the plus button, the class marked done.
    open(&app, "#nav-survey", "#on-site").await?;
    app.tab_to("#on-site").await?;
    app.press(Key::Enter).await?;
    app.wait("#school-picker").await?;
    app.tab_to(".school-button").await?;
    app.press(Key::Enter).await?;
    app.wait("#tile-7a").await?;
    app.tab_to("#answered-7a").await?;
    select_all(&app).await?;
    app.type_text("18").await?;
    app.wait_text("#rate-7a", "75 %").await?;
    app.tab_to("#answered-plus-7a").await?;
    app.press(Key::Enter).await?;
    app.wait_text("#rate-7a", "79 %").await?;
    app.tab_to("#status-done-7a").await?;
    app.press(Key::Enter).await?;
    app.wait_text("#tile-7a .tile-state", "Gemt").await?;
    let pressed = app
        .client
        .execute(
            "return document.getElementById('status-done-7a').getAttribute('aria-pressed')",
            vec![],
        )
        .await?;
    ensure!(
        pressed == "true",
        "the done button says it is pressed: {pressed}"
    );
    app.shot("01-on-site").await?;

    // A café with an agreement: the school with an arrow key, the new
    // agreement's row takes the keyboard.
    open(&app, "#nav-cafes", "#new-cafe").await?;
    app.tab_to("#new-cafe").await?;
    app.press(Key::Enter).await?;
    app.wait("#cafe-form").await?;
    app.tab_to("#school").await?;
    app.press(Key::Down).await?;
    app.tab_to("#grades").await?;
    app.type_text("8").await?;
    app.tab_to("#parents").await?;
    app.type_text("14").await?;
    app.tab_to("#add-agreement").await?;
    app.press(Key::Enter).await?;
    app.wait("#ag-text-0").await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    app.expect_focus("#ag-text-0").await?;
    app.type_text(AGREEMENT).await?;
    app.tab_to("#ag-revisit-0").await?;
    let revisit = feltbog_e2e::today() + Days::new(30);
    app.type_text(&revisit.format("%d-%m-%Y").to_string())
        .await?;
    app.shot("02-cafe").await?;
    app.tab_to("#save-cafe").await?;
    app.press(Key::Enter).await?;
    app.wait_text("#cafe-list", "14 forældre").await?;
    app.wait_text("#due-agreements", AGREEMENT).await?;
    app.expect_focus("#main").await?;

    // The case: from the list to its page, the invitation recorded with
    // its date and, with an arrow key, how it was sent.
    open(&app, "#nav-cases", ".case-link").await?;
    app.tab_to(".case-link").await?;
    app.press(Key::Enter).await?;
    app.wait("#step-form").await?;
    app.tab_to("#next-invited").await?;
    app.press(Key::Enter).await?;
    app.tab_to("#step_date").await?;
    select_all(&app).await?;
    let sent = feltbog_e2e::today() - Days::new(1);
    app.type_text(&sent.format("%d-%m-%Y").to_string()).await?;
    app.tab_to("#method").await?;
    app.press(Key::Down).await?;
    app.shot("03-case-step").await?;
    app.tab_to("#save-step").await?;
    app.press(Key::Enter).await?;
    app.wait_text("#case-steps", "Inviteret").await?;

    // The weekly summary, saved as PDF through the save dialog (GTK's,
    // answered with the keyboard: the name field has the focus); the focus
    // is back on the button when the dialog closes.
    open(&app, "#nav-summary", "#save-pdf").await?;
    app.wait_text("#period-label", "Uge").await?;
    app.tab_to("#save-pdf").await?;
    let out = target_dir().join("e2e-keyboard-day");
    std::fs::create_dir_all(&out)?;
    let pdf = out.join("Feltbog-ugerapport.pdf");
    let _ = std::fs::remove_file(&pdf);
    app.press(Key::Enter).await?;
    answer_file_dialog("Gem ugerapporten", pdf.to_str().context("path")?)?;
    app.wait_text("#saved", "Feltbog-ugerapport.pdf").await?;
    ensure!(pdf.exists(), "the PDF was not saved at {}", pdf.display());
    app.expect_focus("#save-pdf").await?;
    app.shot("04-summary-saved").await?;
    app.quit().await?;
    Ok(())
}
