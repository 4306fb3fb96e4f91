//! Lists that keep still: the app shows the visits of the week while a
//! sync brings a team member's new visit. The row the consultant was about
//! to click keeps its place in the page (the same DOM node, not a copy
//! drawn anew), so a click that lands during the sync reaches it.
//!
//! The proof is WebDriver's own: an element found before the sync is
//! clicked after it. Had the list been drawn anew, WebKitWebDriver would
//! answer "stale element reference" and the click would be lost, exactly
//! as a person's would. The team is made with the command line; the real
//! `feltbog-server` runs on loopback. Fictitious data.

use anyhow::{ensure, Context, Result};
use fantoccini::Locator;
use feltbog_e2e::server::SyncServer;
use feltbog_e2e::{cli, cli_profile, school_add, App, TODAY};

const PASS: &str = "grøn lygte ved havnen om aftenen";
const MINE: &str = "Trivselsoplæg i 7.a, LISTE-MARKØR";
const THEIRS: &str = "Bos besøg hos 9.b";

#[tokio::test(flavor = "multi_thread")]
async fn a_click_that_lands_while_a_sync_redraws_the_list_is_not_lost() -> Result<()> {
    let sdir = std::env::temp_dir().join(format!("feltbog-e2e-lists-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&sdir);
    std::fs::create_dir_all(&sdir)?;
    let server = SyncServer::start(&sdir, None)?;
    let setup = server.setup_code()?;
    let visit = |notes: &'static str| {
        [
            "visit",
            "add",
            "--school",
            "Egeby Skole",
            "--date",
            TODAY,
            "--purpose",
            "class-talk",
            "--notes",
            notes,
        ]
    };
    let a = cli_profile(
        "lists-a",
        PASS,
        &[
            &school_add("Egeby Skole", "Egeby"),
            &visit(MINE),
            &[
                "team",
                "create",
                "--server",
                &server.url,
                "--name",
                "SSP Egeby",
                "--setup-code",
                &setup,
                "--member-name",
                "Anne Fiktiv",
            ],
        ],
    )?;
    let invite = cli(&a, PASS, &["team", "invite", "--role", "consultant"])?;
    let b = cli_profile(
        "lists-b",
        PASS,
        &[&[
            "team",
            "join",
            "--server",
            &server.url,
            "--code",
            invite.trim(),
            "--member-name",
            "Bo Fiktiv",
        ]],
    )?;
    // Anne's device admits Bo; Bo receives the school.
    cli(&a, PASS, &["sync"])?;
    cli(&b, PASS, &["sync"])?;

    // Anne's app syncs every two seconds, so Bo's visit lands while she
    // looks at the list.
    let app = App::start_with(&a, "lists", &[("FELTBOG_TEST_SYNC_EVERY_SECS", "2")]).await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait("#desk").await?;
    app.click("#nav-visits").await?;
    app.wait_text("#visit-list", MINE).await?;
    let edit = app
        .client
        .find(Locator::Css(
            "#visit-list .card .card-actions .button.secondary",
        ))
        .await
        .context("the visit's edit button")?;
    let indicator = app
        .client
        .find(Locator::Css("#sync-indicator"))
        .await
        .context("the sync indicator")?;

    cli(&b, PASS, &visit(THEIRS))?;
    cli(&b, PASS, &["sync"])?;
    app.wait_text("#visit-list", THEIRS).await?;
    app.shot("01-visit-arrived").await?;
    // The sync indicator, too, is the one drawn before: its line changed in
    // place (the visit came with a poll of it), so a screen reader hears
    // the change and a keyboard user's focus on it stays.
    let line = indicator.text().await.context(
        "the sync indicator was drawn anew by its poll: its announcement and focus were lost",
    )?;
    ensure!(!line.is_empty(), "the sync indicator says nothing");

    // The button found before the sync is the one on screen after it.
    edit.click()
        .await
        .context("the edit button found before the sync was drawn anew: the click was lost")?;
    app.wait("#visit-form").await?;
    let notes = app.prop("#notes", "value").await?.unwrap_or_default();
    ensure!(notes == MINE, "the click opened another visit: {notes:?}");
    app.shot("02-edit-opened").await?;
    app.quit().await?;
    drop(server);
    let _ = std::fs::remove_dir_all(&sdir);
    Ok(())
}
