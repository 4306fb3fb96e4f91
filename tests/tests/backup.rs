//! Backup and restore as a consultant would do it (issue 11, point 21):
//! Indstillinger → Sikkerhedskopi writes the file through the real save
//! dialog; on a new machine the first-start screen's "Gendan fra
//! sikkerhedskopi" picks it through the real open dialog (both answered
//! with xdotool) and brings the notebook back. Fictitious data only.

use anyhow::{ensure, Context, Result};
use feltbog_e2e::{answer_file_dialog, cli_profile, school_add, target_dir, App};

const PASS: &str = "grøn kajak ved skovsøen";
const NOTES: &str = "Oplæg om sociale medier i 8.b";

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_saved_in_settings_comes_back_on_a_new_machine() -> Result<()> {
    let today = feltbog_e2e::today().to_string();
    let dir = cli_profile(
        "backup",
        PASS,
        &[
            &school_add("Æblehaveskolen", "Søby"),
            &[
                "visit",
                "add",
                "--school",
                "Æblehaveskolen",
                "--date",
                &today,
                "--purpose",
                "class-talk",
                "--notes",
                NOTES,
            ],
        ],
    )?;
    let out = target_dir().join("e2e-backup");
    std::fs::create_dir_all(&out)?;
    let file = out.join("Feltbog-sikkerhedskopi.feltbog");
    let _ = std::fs::remove_file(&file);
    let path = file.to_str().context("path")?;

    let app = App::start(&dir, "backup").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.click("#nav-settings").await?;
    app.scroll_to("#backup").await?;
    app.shot("01-settings-backup").await?;
    app.click("#save-backup").await?;
    answer_file_dialog("Gem sikkerhedskopi", path)?;
    app.wait_text("#backup-done", "Feltbog-sikkerhedskopi.feltbog")
        .await?;
    app.shot("02-backup-saved").await?;
    app.quit().await?;
    let bytes = std::fs::read(&file)?;
    ensure!(
        !bytes.windows(NOTES.len()).any(|w| w == NOTES.as_bytes()),
        "the notes are in the clear in the backup"
    );

    // A new machine: an empty data folder.
    let new = std::env::temp_dir().join(format!("feltbog-e2e-restored-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&new);
    let app = App::start(&new, "backup-restore").await?;
    app.click("#open-restore").await?;
    app.wait_text(".gate-card h1", "Gendan fra sikkerhedskopi")
        .await?;
    app.shot("01-restore-form").await?;
    app.click("#choose-restore-file").await?;
    answer_file_dialog("Gendan fra sikkerhedskopi", path)?;
    app.wait_text("#restore-file", "Feltbog-sikkerhedskopi.feltbog")
        .await?;
    app.fill("#restore-passphrase", "en helt forkert adgangskode")
        .await?;
    app.click("#restore").await?;
    app.wait_text(".banner.error", "adgangskode").await?;
    app.shot("02-restore-wrong-passphrase").await?;
    ensure!(
        !new.join("keys.json").exists(),
        "a wrong passphrase restores nothing"
    );
    app.fill("#restore-passphrase", PASS).await?;
    app.shot("03-restore-ready").await?;
    app.click("#restore").await?;
    app.wait_text("#restore-done", "Sikkerhedskopien fra")
        .await?;
    app.shot("04-restored").await?;
    app.click("#restore-continue").await?;
    app.wait("#desk").await?;
    app.click("#nav-visits").await?;
    app.wait_text(".main", NOTES).await?;
    app.shot("05-visits-back").await?;
    app.quit().await?;
    Ok(())
}
