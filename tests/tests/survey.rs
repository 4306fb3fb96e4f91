//! The youth survey end to end in the real app: set up a round, enter the
//! classes of two schools, record answered counts on site at 1024×768,
//! see the overview change, and find the counts again after a restart.
//! Screenshots in target/e2e-screens/survey-*.png.

use anyhow::{ensure, Result};
use chrono::Duration;
use feltbog_e2e::{cli_profile, school_add, App};

const PASS: &str = "blå cykel under kastanjetræet";
const ROUND: &str = "Ungeprofilundersøgelsen E2E";

/// A profile with two schools, made with the feltbog command line.
fn profile() -> Result<std::path::PathBuf> {
    cli_profile(
        "survey",
        PASS,
        &[
            &school_add("Æblehaveskolen", "Søby"),
            &school_add("Bøgeskolen", "Egeby"),
        ],
    )
}

fn day(offset: i64) -> String {
    (feltbog_e2e::today() + Duration::days(offset))
        .format("%d-%m-%Y")
        .to_string()
}

async fn add_class(app: &App, name: &str, enrolled: &str) -> Result<()> {
    app.fill("#name", name).await?;
    app.fill("#enrolled", enrolled).await?;
    app.click("#add-class-button").await?;
    app.wait_text("#class-table", name).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn run_a_survey_round_from_set_up_to_the_overview() -> Result<()> {
    let dir = profile()?;
    let app = App::start(&dir, "survey").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.resize(1366, 768).await?;
    app.click("#nav-survey").await?;
    app.wait_text(".main h1", "Ungeprofilundersøgelsen").await?;
    app.wait_text(".main", "Der er ingen runder endnu").await?;
    app.shot("01-no-rounds").await?;

    // Set up the round; a window that ends before it starts is refused.
    app.click("#new-round").await?;
    app.wait("#round-form").await?;
    app.fill("#name", ROUND).await?;
    app.fill("#window_from", &day(-20)).await?;
    app.fill("#window_to", &day(-21)).await?;
    app.click("#save-round").await?;
    app.wait_text(
        "#window_to-error",
        "Slutdatoen kan ikke ligge før startdatoen",
    )
    .await?;
    app.shot("02-round-form-error").await?;
    app.fill("#window_to", &day(60)).await?;
    app.fill("#target_percent", "85").await?;
    app.click("#save-round").await?;
    app.wait_text(".main", "Runden har ingen klasser endnu")
        .await?;
    app.wait_text("#survey-summary", "61 dage tilbage").await?;

    // Classes, school by school.
    app.click("#survey-classes").await?;
    app.wait("#add-class").await?;
    app.select_label("#classes-school", "Æblehaveskolen")
        .await?;
    add_class(&app, "7.a", "24").await?;
    add_class(&app, "8.a", "20").await?;
    // The same class twice is refused beside the name.
    app.fill("#name", "7A").await?;
    app.fill("#enrolled", "23").await?;
    app.click("#add-class-button").await?;
    app.wait_text("#name-error", "Findes allerede").await?;
    app.shot("03-classes").await?;
    app.select_label("#classes-school", "Bøgeskolen").await?;
    add_class(&app, "7.b", "22").await?;
    // A class entered by mistake is deleted after a question in its row.
    add_class(&app, "9.z", "3").await?;
    app.click("#class-table button[data-name='9.z']").await?;
    app.wait_text("#class-table .confirm", "Slet 9.z?").await?;
    app.shot("03b-classes-delete").await?;
    app.click("#class-table .confirm .danger").await?;
    app.wait_text_gone("#class-table", "9.z").await?;
    app.wait_text("#class-table", "7.b").await?;

    // On site at a tablet's size.
    app.resize(1024, 768).await?;
    app.click("#back-to-overview").await?;
    app.click("#on-site").await?;
    app.wait("#school-picker").await?;
    app.shot("04-onsite-pick-1024").await?;
    app.click_text(".school-button", "Æblehaveskolen").await?;
    app.wait("#tile-7a").await?;
    app.fill("#answered-7a", "18").await?;
    app.wait_text("#rate-7a", "75 %").await?;
    app.click("#answered-plus-7a").await?;
    app.wait_text("#rate-7a", "79 %").await?;
    app.click("#absent-plus-7a").await?;
    app.fill("#answered-8a", "20").await?;
    app.wait_text("#rate-8a", "100 %").await?;
    app.click("#status-done-8a").await?;
    app.wait_text("#tile-8a .tile-state", "Gemt").await?;
    app.wait_text("#tile-7a .tile-state", "Gemt").await?;
    app.shot("05-onsite-tiles-1024").await?;
    app.resize(1366, 768).await?;
    app.shot("06-onsite-tiles-1366").await?;

    // The overview has changed: 39 of 66, the school with nothing worst first.
    app.click("#back-to-overview").await?;
    app.wait_text("#total-answered", "39").await?;
    app.wait_text("#total-rate", "59 %").await?;
    let table = app.wait_text("#survey-table", "Æblehaveskolen").await?;
    let (b, a) = (table.find("Bøgeskolen"), table.find("Æblehaveskolen"));
    ensure!(b.is_some() && b < a, "worst first: {table}");
    app.wait("#rate-chart").await?;
    app.shot("07-overview-1366").await?;
    app.resize(1024, 768).await?;
    app.shot("08-overview-1024").await?;
    app.quit().await?;

    // Every change was saved at once: after a restart the counts are there.
    let app = App::start(&dir, "survey").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.click("#nav-survey").await?;
    app.wait_text("#total-answered", "39").await?;
    app.click("#on-site").await?;
    app.click_text(".school-button", "Æblehaveskolen").await?;
    let absent = app.prop("#absent-7a", "value").await?;
    ensure!(
        absent.as_deref() == Some("1"),
        "absent after restart: {absent:?}"
    );
    app.quit().await?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
