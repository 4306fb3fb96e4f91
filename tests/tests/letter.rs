//! The letter offering the conversation in the real app (issue 24, item
//! 3): the coordinator edits the team's letter under *Indstillinger*, a
//! consultant writes one for a case (day, time, place, who, whom to call,
//! and a name for this printout only) and saves it through the save
//! dialog; the PDF holds the team's words with every placeholder filled,
//! and the case now records the offer as sent by letter. Screenshots at
//! 1366×768 and 1024×768 in target/e2e-screens/letter-*.png.

use anyhow::{ensure, Context, Result};
use chrono::Days;
use feltbog_e2e::{answer_file_dialog, cli_in, cli_profile, target_dir, App};

const PASS: &str = "stille sø bag de høje bøgetræer";

#[tokio::test(flavor = "multi_thread")]
async fn a_letter_is_written_from_the_team_s_text_and_the_offer_recorded() -> Result<()> {
    let today = feltbog_e2e::today();
    let dir = cli_profile("letter", PASS, &[])?;
    let number = cli_in(
        &dir,
        PASS,
        &[
            "case",
            "add",
            "--birth-year",
            "2012",
            "--law",
            "penal-code",
            "--offence",
            "theft",
            "--offence-date",
            &(today - Days::new(5)).to_string(),
            "--notified",
            &(today - Days::new(2)).to_string(),
        ],
        r#"{"initials": "J.P."}"#,
    )?
    .trim()
    .to_owned();

    let app = App::start(&dir, "letter").await?;
    app.resize(1366, 768).await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait("#desk").await?;

    // The team's letter: Feltbog's own to start from; a placeholder that
    // does not exist is refused by name, the corrected text saved.
    app.click("#nav-settings").await?;
    app.wait("#offer_letter").await?;
    let own = app
        .prop("#offer_letter", "value")
        .await?
        .unwrap_or_default();
    ensure!(own.contains("Kære forældre til {ung}"), "{own}");
    app.fill("#offer_letter", "Kære {forældre}").await?;
    app.click("#save-case-settings").await?;
    app.wait_text("#case-settings-form", "pladsholder").await?;
    app.scroll_to("#offer_letter").await?;
    app.shot("01-template-refused").await?;
    // Set as typed (WebDriver's keys drop a line break in a textarea).
    app.client
        .execute(
            "const t = document.getElementById('offer_letter'); t.value = arguments[0]; \
             t.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![serde_json::Value::String(format!(
                "{own}\n\nPS: Der er kaffe og te til alle."
            ))],
        )
        .await?;
    app.click("#save-case-settings").await?;
    app.wait_text("#case-settings-form", "Gemt").await?;

    // The letter on the case.
    app.click("#nav-cases").await?;
    app.click_text(".case-link", &number).await?;
    app.wait("#offer-letter").await?;
    app.click("#offer-letter summary").await?;
    let day = (today + Days::new(6)).format("%d-%m-%Y").to_string();
    app.fill("#letter-time", "25.00").await?;
    app.fill("#letter-date", &day).await?;
    app.fill("#letter-place", "Æblehaveskolen, mødelokale 2")
        .await?;
    app.fill("#letter-contact", "Bo Berg, 21 22 23 24").await?;
    app.click("#save-letter").await?;
    app.wait_text("#letter-form", "Skriv klokkeslættet som 14.00")
        .await?;
    app.fill("#letter-time", "14.30").await?;
    app.fill(
        "#letter-with",
        "SSP-konsulent Bo Berg og en betjent fra lokalpolitiet",
    )
    .await?;
    app.fill("#letter-name", "Jonas Pilgaard").await?;
    app.scroll_to("#offer-letter").await?;
    app.shot("02-letter-form").await?;
    app.resize(1024, 768).await?;
    app.shot("03-letter-form-1024").await?;
    app.resize(1366, 768).await?;

    let out = target_dir().join("e2e-letter");
    std::fs::create_dir_all(&out)?;
    let pdf = out.join(format!("Feltbog-brev-{number}.pdf"));
    let _ = std::fs::remove_file(&pdf);
    app.click("#save-letter").await?;
    answer_file_dialog("Gem brevet", pdf.to_str().context("path")?)?;
    let said = app.wait_text("#letter-saved", "Brevet er gemt").await?;
    ensure!(said.contains("sendt med brev"), "{said}");
    app.wait_text("#case-steps", "Inviteret").await?;
    app.scroll_to("#case-steps").await?;
    app.shot("04a-case-invited").await?;
    app.scroll_to("#letter-saved").await?;
    app.shot("04-letter-saved").await?;
    app.quit().await?;

    let text = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().context("path")?, "-"])
        .output()?;
    let text = String::from_utf8_lossy(&text.stdout);
    for expected in [
        "Tilbud om en samtale",
        "Kære forældre til Jonas Pilgaard",
        "kl. 14.30",
        "Æblehaveskolen, mødelokale 2",
        "Bo Berg, 21 22 23 24",
        "PS: Der er kaffe og te til alle.",
        &format!("Vores sag: {number}"),
    ] {
        ensure!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    ensure!(!text.contains('{') && !text.contains("J.P."), "{text}");
    // The team's paragraphs are the letter's.
    ensure!(
        text.contains("Kære forældre til Jonas Pilgaard\n")
            && text.contains("\nPS: Der er kaffe og te til alle."),
        "paragraphs kept: {text}"
    );
    Ok(())
}
