//! The daily reminder end to end (issue 23, item 3): on unlock the app
//! sends one desktop notification with how many things are due or overdue,
//! by kind, and nothing that names a school, a person or a case; a click
//! on it opens Overblik; it can be turned off in Indstillinger. The
//! desktop's notification service is played by the test on a private
//! session bus (`feltbog_e2e::notifications`). Fictitious data.

use anyhow::{ensure, Result};
use feltbog_e2e::notifications::NotificationServer;
use feltbog_e2e::{cli_in, cli_profile, school_add, App};
use std::time::Duration;

const PASS: &str = "blæst over fjorden en tirsdag i november";
const FOLLOW_UP: &str = "Ring til klasselæreren om forløbet";

#[tokio::test(flavor = "multi_thread")]
async fn one_reminder_with_counts_only_and_a_click_opens_overblik() -> Result<()> {
    let server = NotificationServer::start()?;
    let dir = cli_profile(
        "reminder",
        PASS,
        &[
            &school_add("Egeby Skole", "Egeby"),
            // Done last week; its follow-up was due two days ago.
            &[
                "visit",
                "add",
                "--school",
                "Egeby Skole",
                "--date",
                "2026-11-18",
                "--purpose",
                "class-talk",
                "--follow-up",
                &format!("{FOLLOW_UP}@2026-11-23"),
            ],
            // Planned for today.
            &[
                "visit",
                "add",
                "--school",
                "Egeby Skole",
                "--date",
                "2026-11-25",
                "--purpose",
                "class-talk",
                "--planned",
            ],
        ],
    )?;
    // Notified 15 days ago, no conversation offered: overdue.
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

    let app = App::start_with(&dir, "reminder", &server.env()).await?;
    app.resize(1366, 768).await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait_text(".main h1", "Overblik").await?;
    let shown = server.wait_for(1, Duration::from_secs(30))?;
    ensure!(
        shown.summary == "Feltbog: 3 ting skal gøres i dag",
        "the title counts what is due: {shown:?}"
    );
    ensure!(
        shown.body
            == "1 samtale skal tilbydes\n\
                1 planlagt skolebesøg\n\
                1 opfølgning efter et besøg\n\
                Heraf er 2 overskredet.\n\
                Klik for at åbne Overblik.",
        "counts and kinds, in Danish: {shown:?}"
    );
    let everything = format!("{} {}", shown.summary, shown.body);
    for secret in [
        "Egeby",
        number.as_str(),
        &number[2..6],
        "X.Y.",
        "Ring",
        "klasselæreren",
    ] {
        ensure!(
            !everything.contains(secret),
            "the notification names {secret:?}: {everything}"
        );
    }
    ensure!(
        shown.actions.iter().any(|a| a == "default"),
        "a click is reported: {shown:?}"
    );

    // Elsewhere in the app, a click on the notification opens Overblik.
    app.click("#nav-visits").await?;
    app.wait_text(".main h1", "Skolebesøg").await?;
    server.click(shown.id)?;
    app.wait_text(".main h1", "Overblik").await?;
    app.wait_text("#desk-overdue", FOLLOW_UP).await?;
    app.shot("01-opened-from-the-reminder").await?;

    // It can be turned off, and says what it shows.
    app.click("#nav-settings").await?;
    app.wait("#reminders").await?;
    let hint = app.text("#reminders-hint").await?;
    ensure!(
        hint.contains("aldrig navne"),
        "the setting says what it shows: {hint}"
    );
    ensure!(
        app.prop("#reminders", "checked").await?.as_deref() == Some("true"),
        "on by default"
    );
    app.click("#reminders").await?;
    app.click("#save-settings").await?;
    app.wait_text("#settings-form .saved", "Gemt").await?;
    app.shot("02-settings-reminder-off").await?;
    ensure!(
        server.shown().len() == 1,
        "one reminder a day: {:?}",
        server.shown()
    );
    app.quit().await?;

    // The next day, turned off: no reminder, and the setting stays off.
    let [bus] = server.env();
    let app = App::start_with(
        &dir,
        "reminder",
        &[bus, ("FELTBOG_TEST_TODAY", "2026-11-26")],
    )
    .await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait_text(".main h1", "Overblik").await?;
    // Two of the shell's five-second ticks after the first sync.
    tokio::time::sleep(Duration::from_secs(11)).await;
    ensure!(
        server.shown().len() == 1,
        "turned off, no reminder the next day: {:?}",
        server.shown()
    );
    app.click("#nav-settings").await?;
    app.wait("#reminders").await?;
    ensure!(
        app.prop("#reminders", "checked").await?.as_deref() == Some("false"),
        "turned off stays off"
    );
    app.quit().await
}
