//! A class list imported through the file dialog on the survey's classes
//! page: a file with a wrong line is shown line by line with the wrong
//! one named and nothing imported; the corrected file (UTF-8 with a BOM,
//! semicolons, Danish letters, as Excel saves it) is shown, imported on
//! confirmation, and its classes are in the round. Screenshots in
//! target/e2e-screens/class-import-*.png. Fictitious data.

use anyhow::{ensure, Result};
use feltbog_e2e::{answer_file_dialog, cli, demo_with_round, App};

const PASS: &str = "mørk himmel over mosen i november";
const ROUND: &str = "2026/27";

#[tokio::test(flavor = "multi_thread")]
async fn a_class_list_is_shown_line_by_line_and_imported_all_or_nothing() -> Result<()> {
    let dir = demo_with_round("class-import", PASS, ROUND, &[("7.a", "24", "9")])?;
    let files = dir.join("filer");
    std::fs::create_dir_all(&files)?;
    let wrong = files.join("klasseliste med fejl.csv");
    // (xdotool types the path into the dialog: ASCII only.)
    let good = files.join("klasseliste-2026.csv");
    let header = "\u{feff}skole;klasse;klassetrin;elever;besvaret;fraværende\r\n";
    std::fs::write(
        &wrong,
        format!(
            "{header}Egeby Skole;7.b;7;22;0;0\r\nÅlykke Skole;8.a;8;20;;\r\nMølleåskolen;9.c;9;elleve;;\r\n"
        ),
    )?;
    std::fs::write(
        &good,
        format!(
            "{header}Egeby Skole;7.a;7;25;12;1\r\nEgeby Skole;7.b;7;22;0;0\r\nMølleåskolen;8.c;8;19;;\r\n"
        ),
    )?;

    let app = App::start(&dir, "class-import").await?;
    app.resize(1366, 768).await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait("#desk").await?;
    app.click("#nav-survey").await?;
    app.click("#survey-classes").await?;
    app.wait("#import-classes").await?;
    app.select_label("#classes-school", "Egeby Skole").await?;
    app.wait_text("#class-table", "7.a").await?;

    // A file with two wrong lines: every line shown, the wrong ones named,
    // no way to import it.
    app.click("#import-classes").await?;
    answer_file_dialog("Vælg klasselisten", &wrong.display().to_string())?;
    let errors = app.wait_text("#import-errors", "Linje 3").await?;
    ensure!(errors.contains("2 linjer er forkerte"), "{errors}");
    ensure!(
        errors.contains("»Ålykke Skole«")
            && errors.contains("Linje 4")
            && errors.contains("»elleve«"),
        "the wrong lines, by number, in Danish: {errors}"
    );
    ensure!(
        app.text("#import-lines").await?.contains("7.b"),
        "the good line is shown"
    );
    ensure!(
        app.client
            .find(fantoccini::Locator::Css("#import-confirm"))
            .await
            .is_err(),
        "no import while a line is wrong"
    );
    app.scroll_to("#import-preview").await?;
    app.shot("01-refused").await?;
    app.click("#import-cancel").await?;

    // The corrected file: shown, then imported on confirmation.
    app.click("#import-classes").await?;
    answer_file_dialog("Vælg klasselisten", &good.display().to_string())?;
    let counts = app.wait_text("#import-preview", "3 klasser").await?;
    ensure!(
        counts.contains("klasseliste-2026.csv: 3 klasser. Nye: 2. Opdateres: 1."),
        "the file's name and what it does: {counts}"
    );
    let lines = app.text("#import-lines").await?;
    ensure!(
        lines.contains("Mølleåskolen") && lines.contains("Opdateres"),
        "{lines}"
    );
    app.scroll_to("#import-preview").await?;
    app.shot("02-preview").await?;
    app.resize(1024, 768).await?;
    app.shot("03-preview-1024").await?;
    app.resize(1366, 768).await?;
    app.click("#import-confirm").await?;
    app.wait_text("#import-result", "Nye klasser: 2. Opdateret: 1.")
        .await?;
    app.wait_text("#class-table", "7.b").await?;
    app.shot("04-imported").await?;
    app.quit().await?;

    // The round holds the file's counts.
    let status = cli(
        &dir,
        PASS,
        &["survey", "status", "--round", ROUND, "--json"],
    )?;
    let json: serde_json::Value = serde_json::from_str(&status)?;
    ensure!(
        json["total"]["enrolled"] == 66 && json["total"]["answered"] == 12,
        "the imported counts: {}",
        json["total"]
    );
    Ok(())
}
