//! First-offence cases end to end in the real app: register a police
//! notification (a repeat is found and linked), invite, hold the conversation
//! with participants and notes, save its referat and the access pack
//! (indsigt) through the save dialog, see the case leave the overdue list,
//! read the access log.
//! Screenshots in target/e2e-screens/.

use anyhow::{ensure, Context, Result};
use chrono::{Datelike, Days, NaiveDate};
use feltbog_e2e::{answer_file_dialog, cli, cli_in, cli_profile, school_add, target_dir, App};

const PASS: &str = "blå cykel ved havnen om aftenen";
const SITUATION: &str = "Går i 8. klasse, god til fodbold, har fået nye venner i efteråret";

fn ago(days: u64) -> NaiveDate {
    feltbog_e2e::today() - Days::new(days)
}

fn iso(days: u64) -> String {
    ago(days).to_string()
}

fn typed(days: u64) -> String {
    ago(days).format("%d-%m-%Y").to_string()
}

/// A school, an earlier case of the same young person, and a closed case
/// whose deletion date comes within 30 days, made with the command line.
fn profile(tag: &str) -> Result<std::path::PathBuf> {
    let year = (feltbog_e2e::today() - Days::new(14 * 366))
        .format("%Y")
        .to_string();
    let closed = iso(2 * 365 - 10);
    cli_profile(tag, PASS, &[&school_add("Æblehaveskolen", "Søby")]).and_then(|dir| {
        cli_in(
            &dir,
            PASS,
            &[
                "case",
                "add",
                "--birth-year",
                &year,
                "--school",
                "Æblehaveskolen",
                "--law",
                "penal-code",
                "--offence",
                "vandalism",
                "--offence-date",
                &iso(200),
                "--notified",
                &iso(190),
            ],
            r#"{"initials": "M.K."}"#,
        )?;
        cli_in(
            &dir,
            PASS,
            &[
                "case",
                "add",
                "--birth-year",
                &year,
                "--law",
                "drugs-act",
                "--offence",
                "drugs",
                "--offence-date",
                &iso(800),
                "--notified",
                &iso(799),
            ],
            r#"{"initials": "S"}"#,
        )?;
        // Close the drugs case two years less ten days ago: it is then due
        // for deletion in ten days.
        let list: serde_json::Value =
            serde_json::from_str(&cli(&dir, PASS, &["case", "list", "--json"])?)?;
        let old = list
            .as_array()
            .and_then(|l| l.iter().find(|c| c["offence"] == "drugs"))
            .and_then(|c| c["number"].as_str())
            .context("the drugs case")?
            .to_owned();
        cli_in(
            &dir,
            PASS,
            &["case", "close", &old, "--date", &closed],
            r#"{"reason": "Flyttet"}"#,
        )?;
        // The earlier case was offered a conversation in time.
        let earlier = list
            .as_array()
            .and_then(|l| l.iter().find(|c| c["offence"] == "vandalism"))
            .and_then(|c| c["number"].as_str())
            .context("the earlier case")?
            .to_owned();
        cli(
            &dir,
            PASS,
            &["case", "invite", &earlier, "--date", &iso(188)],
        )?;
        Ok(dir)
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn a_notification_runs_to_a_held_conversation_and_leaves_the_overdue_list() -> Result<()> {
    let dir = profile("cases")?;
    let app = App::start(&dir, "cases").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.click("#nav-cases").await?;
    app.wait_text(".main h1", "Samtaler ved første kriminalitet")
        .await?;
    app.wait("#cases-closed").await?;
    app.shot("01-cases").await?;

    // A notification with a name that is not initials is refused beside it.
    app.click("#new-case").await?;
    app.wait("#case-form").await?;
    app.fill("#initials", "MK2").await?;
    app.fill("#birth_year", &(ago(14 * 366).format("%Y").to_string()))
        .await?;
    app.select_label("#school", "Æblehaveskolen").await?;
    app.select("#law", "penal-code").await?;
    app.select("#offence", "theft").await?;
    app.fill("#offence_date", &typed(12)).await?;
    app.fill("#notified", &typed(10)).await?;

    // The notification interrupted by a lock comes back as it was typed.
    app.wait_text("#draft-saved", "Kladde gemt").await?;
    app.click("#lock").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait("#draft-restored").await?;
    for (field, want) in [
        ("#initials", "MK2".to_owned()),
        ("#offence_date", typed(12)),
        ("#notified", typed(10)),
    ] {
        let value = app.wait(field).await?.prop("value").await?;
        ensure!(
            value.as_deref() == Some(want.as_str()),
            "{field} came back as {value:?}"
        );
    }
    let school = app.text("#school option:checked").await?;
    ensure!(
        school == "Æblehaveskolen",
        "the school came back as {school:?}"
    );
    app.shot("01b-case-draft-restored").await?;

    app.click("#save-case").await?;
    app.wait("#initials-error").await?;
    app.wait_text("#initials-error", "uden tal").await?;
    app.shot("02-case-form-error").await?;
    app.fill("#initials", "mk").await?;
    app.click("#save-case").await?;

    // The earlier case of the same young person is offered; link it.
    app.wait_text("#case-matches", "Mulig gentagelse").await?;
    app.shot("03-case-possible-repeat").await?;
    app.click(".link-case").await?;
    let title = app.wait_text("#case-title", "Sag K-").await?;
    let number = title.trim_start_matches("Sag ").trim().to_owned();
    app.wait_text("#repeat-panel", "Gentagelse af sag").await?;
    app.wait_text("#case-deadline", "Samtale tilbydes senest")
        .await?;
    app.shot("04-case-new-repeat").await?;
    app.select("#decision", "new-conversation").await?;
    app.click("#decision-form button[type=submit]").await?;
    app.wait_text("#repeat-decided", "Ny samtale").await?;

    // It is overdue: offered within 7 days of the notification ten days ago.
    app.click("#nav-cases").await?;
    app.wait_text("#cases-due", &number).await?;
    app.wait_text("#cases-due", "Overskredet").await?;
    app.click("#cases-overdue-only").await?;
    app.wait_text("#cases-due", &number).await?;
    app.shot("05-cases-overdue").await?;

    // Invite, then hold the conversation with participants and notes.
    app.click_text(".case-link", &number).await?;
    app.wait("#step-form").await?;
    app.click("#next-invited").await?;
    app.fill("#step_date", &typed(8)).await?;
    app.select("#method", "letter").await?;
    app.click("#save-step").await?;
    app.wait_text("#case-steps", "Inviteret").await?;
    app.click("#next-held").await?;
    app.fill("#step_date", &typed(2)).await?;
    app.click("#role-parent").await?;
    app.click("#save-step").await?;
    app.wait_text("#participants-error", "Den unge skal være med")
        .await?;
    app.shot("06-held-without-the-young-person").await?;
    app.click("#role-young-person").await?;
    app.click("#role-ssp").await?;
    app.fill("#place", "Rådhuset, mødelokale 2").await?;
    app.fill("#situation", SITUATION).await?;
    app.fill(
        "#consequences",
        "Politiet forklarede, hvad en sigtelse betyder",
    )
    .await?;
    app.fill(
        "#agreements",
        "Fritidsjob undersøges; ny samtale om seks uger",
    )
    .await?;
    app.shot("07-held-form").await?;
    app.click("#save-step").await?;
    app.wait_text("#case-steps", SITUATION).await?;
    app.wait_text("#case-deadline", "Opfølgning senest").await?;
    app.wait_text(".case-facts", "8 dage fra underretning til samtale")
        .await?;
    app.scroll_to("#case-title").await?;
    app.shot("08-case-held").await?;
    app.scroll_to("#case-log").await?;
    app.shot("08b-case-held-log").await?;

    // The access pack through the save dialog (GTK's, answered with
    // xdotool): a PDF of everything, its making logged.
    let out = target_dir().join("e2e-access-pack");
    std::fs::create_dir_all(&out)?;
    let pdf = out.join(format!("Feltbog-indsigt-{number}.pdf"));
    let _ = std::fs::remove_file(&pdf);
    app.scroll_to("#access-pack").await?;
    app.click("#save-access-pack").await?;
    answer_file_dialog("Gem indsigten", pdf.to_str().context("path")?)?;
    app.wait_text("#access-pack-saved", "Indsigten er gemt")
        .await?;
    app.shot("08c-access-pack-saved").await?;
    ensure!(std::fs::read(&pdf)?.starts_with(b"%PDF"), "a PDF");

    // The referat of the conversation held, with a name typed for this
    // printout only.
    let referat = out.join(format!("Feltbog-referat-{number}.pdf"));
    let _ = std::fs::remove_file(&referat);
    app.scroll_to("#case-steps .referat").await?;
    app.click("#case-steps .referat summary").await?;
    app.fill("#case-steps .referat input", "Jonas Pilgaard")
        .await?;
    app.shot("08d-referat").await?;
    app.click("#case-steps .save-referat").await?;
    answer_file_dialog("Gem referatet", referat.to_str().context("path")?)?;
    app.wait_text("#case-steps .referat-saved", "Referatet er gemt")
        .await?;
    let text = std::process::Command::new("pdftotext")
        .args([referat.to_str().context("path")?, "-"])
        .output()?;
    let text = String::from_utf8_lossy(&text.stdout);
    ensure!(
        text.contains("Referat af samtale") && text.contains("Jonas Pilgaard"),
        "the referat with the typed name: {text}"
    );

    // The overdue list no longer has it.
    app.click("#nav-cases").await?;
    app.wait("#cases-overdue-only").await?;
    app.click("#cases-overdue-only").await?;
    app.wait_text(".main .empty", "Ingen overskredne frister")
        .await?;
    app.shot("09-cases-none-overdue").await?;
    app.click("#cases-overdue-only").await?;
    app.wait_text("#cases-due", &number).await?;
    app.wait_text("#deletions-due", "K-").await?;
    app.shot("10-cases-after").await?;

    // The access log shows what was done to the case, by whom and when.
    app.click("#open-access-log").await?;
    // The log's times are the real clock's, the test's today is fixed:
    // a period around both.
    app.fill("#log-from", "01-01-2000").await?;
    app.fill("#log-to", "31-12-2099").await?;
    app.wait_text(".access-log", "Sagslisten åbnet").await?;
    app.wait_text("#chain-status", "Loggen er hel").await?;
    app.fill("#log-case", &number).await?;
    app.wait_text(".access-log", "Oprettet").await?;
    app.wait_text(".access-log", "Samtale holdt").await?;
    app.wait_text(".access-log", "Eksporteret").await?;
    let log = app.wait_text(".access-log", "Set").await?;
    ensure!(!log.contains(SITUATION), "the log holds no case text");
    app.shot("11-access-log").await?;
    app.click("#nav-settings").await?;
    app.wait("#case-settings-form").await?;
    app.scroll_to("#case-settings-form").await?;
    app.shot("12-settings-cases").await?;
    app.quit().await?;

    for entry in std::fs::read_dir(&dir).context("profile dir")? {
        let bytes = std::fs::read(entry?.path())?;
        ensure!(
            !bytes
                .windows(SITUATION.len())
                .any(|w| w == SITUATION.as_bytes()),
            "a file holds the conversation notes in plaintext"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// An access log changed outside Feltbog (issue 11, point 15): the check on
/// unlock shows an alarm over every page, and the log page lists the break.
/// The entry changed is an old one, checked before (by the command line
/// that made the profile), so it is the weekly check of the whole log that
/// finds it: the app is opened a week later.
#[tokio::test(flavor = "multi_thread")]
async fn a_log_changed_outside_feltbog_raises_the_alarm_on_unlock() -> Result<()> {
    let dir = profile("cases-log-broken")?;
    let s = feltbog_core::Profile::at(&dir)
        .with_clock(feltbog_core::session::Clock::Fixed(feltbog_e2e::today()))
        .unlock(PASS)?
        .session;
    for sql in [
        "DROP TRIGGER case_access_no_update",
        "UPDATE case_access SET detail = 'rettet' WHERE seq = (SELECT min(seq) FROM case_access)",
    ] {
        s.store().execute_for_tests(sql)?;
    }
    drop(s);
    let week_later = (feltbog_e2e::today() + Days::new(7)).to_string();
    let app = App::start_with(
        &dir,
        "cases-log-broken",
        &[("FELTBOG_TEST_TODAY", week_later.as_str())],
    )
    .await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait_text("#chain-alarm", "Adgangsloggen er brudt")
        .await?;
    app.shot("01-alarm").await?;
    app.click("#chain-alarm-open").await?;
    app.wait_text("#chain-status", "Posten er ændret").await?;
    app.shot("02-log-broken").await?;
    app.quit().await?;
    Ok(())
}

/// Turning "CPR allowed" off offers to remove the numbers already stored
/// (issue 11, point 13), and removes them on request.
#[tokio::test(flavor = "multi_thread")]
async fn stored_cpr_numbers_are_offered_for_removal_once_not_allowed() -> Result<()> {
    let dir = profile("cases-cpr")?;
    let mut s = feltbog_core::Profile::at(&dir)
        .with_clock(feltbog_core::session::Clock::Fixed(feltbog_e2e::today()))
        .unlock(PASS)?
        .session;
    let mut settings = s.settings()?;
    settings.cases.cpr_allowed = true;
    s.update_settings(&settings)?;
    let birth_year = feltbog_e2e::today().year() - 14;
    let yy = birth_year % 100;
    let case = feltbog_api::cases::NewCase {
        journal: String::new(),
        initials: "R.T.".into(),
        birth_year,
        school: None,
        cpr: format!("0101{yy:02}4417"),
        law: feltbog_api::cases::Law::PenalCode,
        law_other: String::new(),
        offence: feltbog_api::cases::Offence::Theft,
        offence_other: String::new(),
        offence_date: ago(10),
        notified: ago(8),
        link_to: None,
    };
    s.add_case(&case)?;
    settings.cases.cpr_allowed = false;
    s.update_settings(&settings)?;
    drop(s);

    let app = App::start(&dir, "cases-cpr").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.click("#nav-settings").await?;
    app.wait_text("#cpr-remove-offer", "1 sag har stadig et CPR-nummer")
        .await?;
    app.scroll_to("#cpr-remove-offer").await?;
    app.shot("01-cpr-offer").await?;
    app.click("#remove-all-cpr").await?;
    app.wait_text("#cpr-removed", "1 CPR-nummer er fjernet")
        .await?;
    app.shot("02-cpr-removed").await?;
    app.quit().await?;
    Ok(())
}
