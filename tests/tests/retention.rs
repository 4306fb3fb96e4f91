//! Retention end to end (issue 11, point 12): the settings page shows the
//! rules with their defaults and what they delete before they act; a rule
//! set shorter by the user is enforced at the next opening; a case left
//! open is marked stale in the list; the data-protection papers count
//! what the rules deleted. Screenshots in target/e2e-screens/.

use anyhow::{ensure, Context, Result};
use chrono::{Datelike, Days};
use feltbog_e2e::{answer_file_dialog, cli, cli_in, cli_profile, school_add, target_dir, App};

const PASS: &str = "grå måge over fjorden ved daggry";

#[tokio::test(flavor = "multi_thread")]
async fn the_rules_show_what_they_delete_and_a_shorter_rule_is_enforced() -> Result<()> {
    let today = feltbog_e2e::today();
    // Five years less ten days ago: due within the 30 days' notice.
    let five_years = today.with_year(today.year() - 5).unwrap_or(today);
    let visit_day = (five_years + Days::new(10)).to_string();
    let dir = cli_profile(
        "retention",
        PASS,
        &[
            &school_add("Egeskolen", "Søby"),
            &[
                "visit",
                "add",
                "--school",
                "Egeskolen",
                "--date",
                &visit_day,
                "--purpose",
                "class-talk",
                "--notes",
                "GAMMELT-BESØG-4471",
            ],
        ],
    )?;
    // A case notified 1,000 days ago with no step since: deleted three
    // years after that step, so stale now.
    let notified = (today - Days::new(1000)).to_string();
    let offence = (today - Days::new(1003)).to_string();
    let year = (today.year() - 14).to_string();
    cli_in(
        &dir,
        PASS,
        &[
            "case",
            "add",
            "--birth-year",
            &year,
            "--law",
            "penal-code",
            "--offence",
            "theft",
            "--offence-date",
            &offence,
            "--notified",
            &notified,
        ],
        r#"{"initials": "T.S."}"#,
    )?;

    let app = App::start(&dir, "retention").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.click("#nav-cases").await?;
    app.wait_text("#cases-due", "Hengemt").await?;
    app.shot("01-cases-stale").await?;

    app.click("#nav-settings").await?;
    app.wait_text("#retention-form", "Standard: åbne sager 3 år")
        .await?;
    let plan = app.wait_text("#retention-plan", "Skolebesøg").await?;
    ensure!(plan.contains("Inden for 30 dage"), "{plan}");
    app.scroll_to("#retention-form").await?;
    app.shot("02-retention-rules").await?;

    // Set visits to four years: the visit is due at the next deletion.
    app.fill("#visits_after_years", "4").await?;
    app.click("#save-retention").await?;
    app.wait_text("#retention-form .saved", "Gemt").await?;
    app.wait_text("#retention-plan", "Ved næste sletning")
        .await?;
    app.shot("03-retention-saved").await?;
    // Out of range: the field says what to fix.
    app.fill("#cafes_after_years", "11").await?;
    app.click("#save-retention").await?;
    app.wait_text("#retention-form", "1 og 10").await?;
    app.shot("04-retention-invalid").await?;
    app.quit().await?;

    // The next opening deletes the visit, and the log says how many.
    let visits = cli(&dir, PASS, &["visit", "list"])?;
    ensure!(!visits.contains("Egeskolen"), "{visits}");
    let log = cli(&dir, PASS, &["case", "log", "--json"])?;
    ensure!(log.contains("visits=1"), "{log}");

    // The papers for the data-protection officer (issue 25, item 5) say
    // the rule as set here and count the visit the rule deleted; saved as
    // a PDF through the system's save dialog.
    let printed = cli(&dir, PASS, &["compliance"])?;
    ensure!(printed.contains("\nSkolebesøg: 1\n"), "{printed}");
    let app = App::start(&dir, "retention-dpo").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.click("#nav-settings").await?;
    app.click("#tab-compliance").await?;
    app.wait_text("#dpo-paper", "Skolebesøg med opfølgninger")
        .await?;
    app.wait_text("#dpo-paper", "4 år efter datoen").await?;
    app.shot("01-papers").await?;
    app.scroll_to("#dpo-part-2").await?;
    app.wait_text("#dpo-paper", "Slettet de seneste 12 måneder")
        .await?;
    app.shot("02-papers-dpia").await?;
    let out = target_dir().join("e2e-retention");
    std::fs::create_dir_all(&out)?;
    let pdf = out.join("Feltbog-databeskyttelse.pdf");
    let _ = std::fs::remove_file(&pdf);
    app.scroll_to("#compliance").await?;
    app.click("#dpo-save-pdf").await?;
    answer_file_dialog(
        "Gem papirerne om databeskyttelse",
        pdf.to_str().context("path")?,
    )?;
    app.wait_text("#dpo-saved", "Feltbog-databeskyttelse.pdf")
        .await?;
    app.shot("03-papers-saved").await?;
    app.quit().await?;
    ensure!(std::fs::read(&pdf)?.starts_with(b"%PDF"), "not a PDF");
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
