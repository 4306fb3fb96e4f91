//! The first-offence Monday in the real app (issue 24): the police's list
//! read in through the file dialog (a Windows-1252 file as Excel saves it,
//! names and CPR numbers in it), a refused list shown row by row with
//! nothing kept, the corrected list kept as notifications waiting, pasted
//! rows previewed, then three rows triaged: a repeat of the case Feltbog
//! proposes, a new case, and one that is not ours. Screenshots at 1366×768
//! and 1024×768 in target/e2e-screens/police-*.png. Fictitious people.

use anyhow::{ensure, Context, Result};
use chrono::{Datelike, Days};
use feltbog_e2e::{answer_file_dialog, cli, cli_in, cli_profile, school_add, App};

const PASS: &str = "grå måge over fjorden i morgen";

fn typed(days: u64) -> String {
    (feltbog_e2e::today() - Days::new(days))
        .format("%d-%m-%Y")
        .to_string()
}

fn born() -> i32 {
    feltbog_e2e::today().year() - 14
}

/// A list as the police's spreadsheet might hold it, saved as
/// Windows-1252 with CRLF: `rows` as (name, CPR, school, law, offence).
fn list(rows: &[(&str, &str, &str, &str, &str)]) -> Vec<u8> {
    let mut text = String::from(
        "Underretninger om unge sigtet for første gang\r\n\
         Dato for underretning;Gerningsdato;Navn;CPR;Fødselsår;Skole;Lov;Forhold;Sagsbehandler\r\n",
    );
    for (name, cpr, school, law, offence) in rows {
        let year = if cpr.is_empty() {
            born().to_string()
        } else {
            String::new()
        };
        text.push_str(&format!(
            "{};{};{name};{cpr};{year};{school};{law};{offence};PB 4711\r\n",
            typed(3),
            typed(6)
        ));
    }
    encoding_rs::WINDOWS_1252.encode(&text).0.into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_police_list_is_read_in_and_triaged() -> Result<()> {
    let year = born().to_string();
    let dir = cli_profile("police", PASS, &[&school_add("Æblehaveskolen", "Søby")])?;
    // An earlier case of the young person the list calls Søren Æbelø Holm.
    let earlier = cli_in(
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
            &(feltbog_e2e::today() - Days::new(200)).to_string(),
            "--notified",
            &(feltbog_e2e::today() - Days::new(190)).to_string(),
        ],
        r#"{"initials": "SÆH"}"#,
    )?
    .trim()
    .to_owned();
    let yy = born() % 100;
    let cpr = format!("0103{yy:02}-4417");
    let files = dir.join("filer");
    std::fs::create_dir_all(&files)?;
    // (xdotool types the path into the dialog: ASCII only.)
    let wrong = files.join("uge48-fejl.csv");
    let good = files.join("uge48.csv");
    let rows = [
        (
            "Søren Æbelø Holm",
            cpr.as_str(),
            "Æblehaveskolen",
            "Straffeloven",
            "Butikstyveri",
        ),
        (
            "Åse Østergaard",
            "",
            "Æblehaveskolen",
            "lov om euforiserende stoffer",
            "besiddelse af hash",
        ),
        (
            "Bo Kragh",
            "",
            "",
            "Færdselsloven",
            "Kørsel på knallert uden kørekort",
        ),
    ];
    std::fs::write(&good, list(&rows))?;
    let mut bad = rows.to_vec();
    bad.push(("Mia Berg", "", "Nordby Skole", "strfl.", "vold"));
    std::fs::write(&wrong, list(&bad))?;

    let app = App::start(&dir, "police").await?;
    app.resize(1366, 768).await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait("#desk").await?;
    app.click("#nav-cases").await?;
    app.click("#police-list").await?;
    app.wait("#police-choose").await?;
    app.shot("01-empty").await?;

    // A list with a school Feltbog does not know: every row shown, the
    // wrong one named by line, nothing to confirm.
    app.click("#police-choose").await?;
    answer_file_dialog("Vælg politiets liste", &wrong.display().to_string())?;
    let errors = app.wait_text("#police-errors", "Linje 6").await?;
    ensure!(
        errors.contains("1 række er forkert") && errors.contains("»Nordby Skole«"),
        "{errors}"
    );
    ensure!(
        app.client
            .find(fantoccini::Locator::Css("#police-confirm"))
            .await
            .is_err(),
        "nothing can be kept while a row is wrong"
    );
    let shown = app.text("#police-preview").await?;
    ensure!(
        shown.contains("SÆH, født") && !shown.contains("Holm") && !shown.contains("4417"),
        "initials and birth year only: {shown}"
    );
    ensure!(
        shown.contains("Navne gemmes kun som initialer")
            && shown.contains("CPR-numre gemmes ikke")
            && shown.contains("Sagsbehandler"),
        "what is not kept is said: {shown}"
    );
    app.scroll_to("#police-preview").await?;
    app.shot("02-refused").await?;
    app.click("#police-cancel").await?;

    // Pasted rows are read the same way.
    app.click(".police-paste summary").await?;
    let pasted = format!(
        "Dato for underretning\tGerningsdato\tInitialer\tFødselsår\tForhold\n{}\t{}\tKL\t{year}\thærværk\n",
        typed(1),
        typed(2)
    );
    // As a paste puts it (typing a tab would move the focus on).
    app.client
        .execute(
            "const t = document.getElementById('police-paste'); t.value = arguments[0]; \
             t.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![serde_json::Value::String(pasted)],
        )
        .await?;
    app.click("#police-paste-read").await?;
    let preview = app.wait_text("#police-preview", "Indsatte rækker").await?;
    ensure!(
        preview.contains("KL, født") && preview.contains("Hærværk"),
        "{preview}"
    );
    app.click("#police-cancel").await?;

    // The corrected list: shown, then kept on confirmation.
    app.click("#police-choose").await?;
    answer_file_dialog("Vælg politiets liste", &good.display().to_string())?;
    app.wait_text("#police-preview", "uge48.csv: 3 underretninger")
        .await?;
    let shown = app.text("#police-rows").await?;
    ensure!(
        shown.contains("Anden lov: Færdselsloven")
            && shown.contains("Andet: Kørsel på knallert uden kørekort")
            && shown.contains("Lov om euforiserende stoffer"),
        "{shown}"
    );
    app.scroll_to("#police-preview").await?;
    app.shot("03-preview").await?;
    app.resize(1024, 768).await?;
    app.shot("04-preview-1024").await?;
    app.resize(1366, 768).await?;
    app.click("#police-confirm").await?;
    app.wait_text("#police-result", "3 underretninger venter nu")
        .await?;
    let waiting = app.wait_text("#pending", "3 underretninger venter").await?;
    ensure!(
        waiting.contains(&format!("Gentagelse af {earlier}")),
        "the earlier case is proposed: {waiting}"
    );
    app.scroll_to("#pending").await?;
    app.shot("05-waiting").await?;
    app.resize(1024, 768).await?;
    app.shot("06-waiting-1024").await?;
    app.resize(1366, 768).await?;

    // Triage: the repeat, a new case, and one that is not ours.
    app.click(".triage-repeat").await?;
    let said = app.wait_text("#triage-said", "er oprettet").await?;
    app.wait_text("#pending", "2 underretninger venter").await?;
    app.click(".triage-new").await?;
    app.wait_text("#pending", "1 underretning venter").await?;
    app.click(".triage-dismiss").await?;
    app.wait(".triage-dismiss-confirm").await?;
    app.shot("07-dismiss-asked").await?;
    app.click(".triage-dismiss-confirm").await?;
    app.wait_text("#triage-said", "afvist").await?;
    app.wait_text("#pending", "Ingen underretninger venter")
        .await?;
    app.shot("08-all-triaged").await?;

    // The repeat's case, opened from what the triage said.
    app.click("#nav-cases").await?;
    let cases = app.wait_text("#cases-due", "Gentagelse").await?;
    ensure!(!cases.contains("Kragh"), "{cases}");
    ensure!(
        app.client
            .find(fantoccini::Locator::Css("#pending-banner"))
            .await
            .is_err(),
        "no banner once none wait"
    );
    app.quit().await?;
    ensure!(said.contains("Sag K-"), "{said}");

    let list: serde_json::Value =
        serde_json::from_str(&cli(&dir, PASS, &["case", "list", "--json"])?)?;
    let repeats = list
        .as_array()
        .context("cases")?
        .iter()
        .filter(|c| c["repeat"] == true)
        .count();
    ensure!(
        list.as_array().map(Vec::len) == Some(3) && repeats == 1,
        "{list}"
    );
    ensure!(cli(&dir, PASS, &["case", "pending", "--json"])?.trim() == "[]");
    Ok(())
}
