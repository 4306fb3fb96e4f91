//! The calendar export in the app: Skolebesøg → Eksportér kalender, a
//! period with a bad date first (the error at its field), then the file
//! saved through the real save dialog (answered with xdotool) and read
//! back: the planned visit and café, their UIDs, no note. Fictitious data.

use anyhow::{ensure, Context, Result};
use feltbog_e2e::{answer_file_dialog, cli, cli_profile, school_add, target_dir, App};

const PASS: &str = "kalenderen hænger på køleskabet";
const NOTE: &str = "Fortrolig note om 9.c";

#[tokio::test(flavor = "multi_thread")]
async fn the_periods_visits_and_cafes_are_saved_as_a_calendar() -> Result<()> {
    let dir = cli_profile("calendar", PASS, &[&school_add("Egeby Skole", "Egeby")])?;
    let visit = cli(
        &dir,
        PASS,
        &[
            "visit",
            "add",
            "--school",
            "Egeby Skole",
            "--date",
            "2026-12-01",
            "--purpose",
            "class-talk",
            "--planned",
            "--notes",
            NOTE,
        ],
    )?;
    let cafe = cli(
        &dir,
        PASS,
        &[
            "cafe",
            "add",
            "--date",
            "2026-12-03",
            "--school",
            "Egeby Skole",
            "--theme",
            "social-media",
            "--parents",
            "0",
            "--planned",
        ],
    )?;
    let out = target_dir().join("e2e-files");
    std::fs::create_dir_all(&out)?;
    let file = out.join("Feltbog-kalender.ics");
    let _ = std::fs::remove_file(&file);

    let app = App::start(&dir, "calendar").await?;
    app.resize(1366, 768).await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait("#desk").await?;
    app.click("#nav-visits").await?;
    app.click("#calendar-toggle").await?;
    app.wait("#save-calendar").await?;
    app.fill("#to", "32-13-2026").await?;
    app.click("#save-calendar").await?;
    app.wait_text("#to-error", "dato").await?;
    app.shot("01-bad-date").await?;

    app.fill("#to", "31-12-2026").await?;
    app.click("#save-calendar").await?;
    answer_file_dialog("Gem kalenderen", file.to_str().context("path")?)?;
    app.wait_text("#calendar-saved", "2 aftaler gemt").await?;
    app.shot("02-saved").await?;
    let text = std::fs::read_to_string(&file)?;
    for uid in [visit.trim(), cafe.trim()] {
        ensure!(
            text.contains(&format!("UID:{uid}@feltbog")),
            "{uid} in the calendar:\n{text}"
        );
    }
    ensure!(
        text.contains("Skolebesøg: Klasseoplæg") && text.contains("DTSTART;VALUE=DATE:20261201"),
        "the visit as an all-day event:\n{text}"
    );
    ensure!(!text.contains("Fortrolig"), "no note in the calendar");
    app.quit().await
}
