//! A hand-over between two members of a team, end to end: the
//! coordinator's app and a consultant's device (the command line) through
//! the real server. Overblik starts on the whole team for a coordinator;
//! the coordinator hands a planned visit over to Bo in the app; after a
//! sync Bo's device has it as his, and *Mine* in the app no longer shows
//! it, nor does Skolebesøg on *Mine*, while the whole team's list says
//! whose; Bo hands it back and the app's *Mine* shows it again; Anne
//! hands its follow-up alone to Bo from Opfølgninger. Screenshots
//! in target/e2e-screens/owner-*.png. Fictitious data.

use anyhow::{ensure, Result};
use feltbog_e2e::server::SyncServer;
use feltbog_e2e::{cli, cli_profile, school_add, App};

const PASS: &str = "grøn bænk ved søen om morgenen";
const NOTE: &str = "Oplæg om fællesskab i 8.b";
const FOLLOW_UP: &str = "Send materialet til 8.b";

async fn sync_now(app: &App) -> Result<()> {
    app.click("#nav-settings").await?;
    app.click("#tab-team").await?;
    app.click("#sync-now").await?;
    app.wait_text("#team-waiting", "0 ændringer venter").await?;
    Ok(())
}

fn visit_owner(dir: &std::path::Path) -> Result<String> {
    let list: serde_json::Value =
        serde_json::from_str(&cli(dir, PASS, &["visit", "list", "--json"])?)?;
    Ok(list[0]["owner"].as_str().unwrap_or_default().to_string())
}

fn follow_up_id(dir: &std::path::Path) -> Result<String> {
    let list: serde_json::Value =
        serde_json::from_str(&cli(dir, PASS, &["visit", "list", "--json"])?)?;
    Ok(list[0]["follow_ups"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hand_over_in_the_app_shows_on_the_other_members_device() -> Result<()> {
    let sdir =
        std::env::temp_dir().join(format!("feltbog-e2e-owner-server-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&sdir);
    std::fs::create_dir_all(&sdir)?;
    let server = SyncServer::start(&sdir, None)?;
    let (url, code) = (server.url.clone(), server.setup_code()?);

    let a = cli_profile("owner-a", PASS, &[&school_add("Egeby Skole", "Egeby")])?;
    cli(
        &a,
        PASS,
        &[
            "team",
            "create",
            "--server",
            &url,
            "--name",
            "SSP Egeby",
            "--setup-code",
            &code,
            "--member-name",
            "Anne",
        ],
    )?;
    let id = cli(
        &a,
        PASS,
        &[
            "visit",
            "add",
            "--school",
            "Egeby Skole",
            "--date",
            "2026-11-26",
            "--purpose",
            "class-talk",
            "--planned",
            "--notes",
            NOTE,
            "--follow-up",
            &format!("{FOLLOW_UP}@2026-11-30"),
        ],
    )?
    .trim()
    .to_string();
    let invite = cli(&a, PASS, &["team", "invite", "--role", "consultant"])?;
    let b = cli_profile("owner-b", PASS, &[])?;
    cli(
        &b,
        PASS,
        &[
            "team",
            "join",
            "--server",
            &url,
            "--code",
            invite.trim(),
            "--member-name",
            "Bo",
        ],
    )?;
    cli(&b, PASS, &["sync"])?;
    cli(&a, PASS, &["sync"])?;
    cli(&b, PASS, &["sync"])?;
    ensure!(visit_owner(&b)? == "Anne", "Anne's at first on Bo's device");

    let app = App::start(&a, "owner").await?;
    app.resize(1366, 768).await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait("#desk-team").await?;
    let pressed = app.prop("#desk-team", "ariaPressed").await?;
    ensure!(
        pressed.as_deref() == Some("true"),
        "a coordinator starts on the whole team: {pressed:?}"
    );
    app.wait_text("#desk-coming", "Egeby Skole").await?;
    app.shot("01-desk-team").await?;

    // The coordinator hands the visit over to Bo.
    app.click("#desk-coming .desk-line").await?;
    app.wait_text("#owner-name", "Anne").await?;
    app.select("#owner-to", "Bo").await?;
    app.click("#owner-hand-over").await?;
    app.wait_text("#owner-said", "Bo er nu ansvarlig.").await?;
    app.wait_text("#owner-name", "Bo").await?;
    app.shot("02-handed-over").await?;
    sync_now(&app).await?;

    // Bo's device has it as his, on his own desk.
    cli(&b, PASS, &["sync"])?;
    ensure!(visit_owner(&b)? == "Bo", "handed over on Bo's device");
    let bo: serde_json::Value =
        serde_json::from_str(&cli(&b, PASS, &["today", "--mine", "--json"])?)?;
    ensure!(
        bo["coming"].to_string().contains(&id),
        "on Bo's own desk: {bo}"
    );

    // In the app: the whole team's desk says whose; Anne's own no longer
    // has it.
    app.click("#nav-desk").await?;
    app.wait_text("#desk-coming", "Ansvarlig: Bo").await?;
    app.click("#desk-mine").await?;
    app.wait_text("#desk-coming", "Intet de næste 7 dage.")
        .await?;
    app.shot("03-desk-mine").await?;

    // The lists follow the same choice: Anne's own visits are none, the
    // whole team's has the visit and says whose.
    app.click("#nav-visits").await?;
    app.wait("#visits-mine").await?;
    ensure!(
        app.prop("#visits-mine", "ariaPressed").await?.as_deref() == Some("true"),
        "Mine, as chosen on Overblik"
    );
    app.wait_text(".main .empty", "Ingen besøg her.").await?;
    app.click("#visits-team").await?;
    app.wait_text("#visit-list", NOTE).await?;
    app.wait_text("#visit-list .owner-note", "Ansvarlig: Bo")
        .await?;
    app.shot("03-visits-team").await?;

    // Bo hands it back; after a sync it is on Anne's own desk again.
    cli(&b, PASS, &["assign", &id, "Anne"])?;
    cli(&b, PASS, &["sync"])?;
    sync_now(&app).await?;
    app.click("#nav-desk").await?;
    app.click("#desk-mine").await?;
    app.wait_text("#desk-coming", "Egeby Skole").await?;
    app.click("#nav-visits").await?;
    app.wait_text("#visit-list .owner-note", "Ansvarlig: Anne")
        .await?;
    app.shot("04-visits-mine").await?;
    app.click("#nav-desk").await?;
    app.wait_text("#desk-coming", "Egeby Skole").await?;
    app.resize(1024, 768).await?;
    app.shot("04-back-1024").await?;

    // The follow-up alone goes to Bo from Opfølgninger: it leaves Anne's
    // own list, the whole team's says whose, and Bo's device has it.
    let f = follow_up_id(&a)?;
    app.click("#nav-follow-ups").await?;
    app.wait_text("#follow-up-list", FOLLOW_UP).await?;
    app.click("#follow-up-list .hand-over-inline summary")
        .await?;
    app.select(&format!("#hand-over-to-{f}"), "Bo").await?;
    app.shot("05-follow-up-hand-over").await?;
    app.click("#follow-up-list .hand-over-confirm").await?;
    app.wait_text(".hand-over-said", "Bo er nu ansvarlig.")
        .await?;
    app.wait_text(".main .empty", "Ingen åbne opfølgninger.")
        .await?;
    app.click("#follow-ups-team").await?;
    app.wait_text("#follow-up-list .owner-note", "Ansvarlig: Bo")
        .await?;
    app.shot("06-follow-ups-team").await?;
    sync_now(&app).await?;
    cli(&b, PASS, &["sync"])?;
    let mine = cli(&b, PASS, &["follow-ups", "--mine", "--json"])?;
    ensure!(mine.contains(FOLLOW_UP), "the follow-up is Bo's: {mine}");
    ensure!(visit_owner(&b)? == "Anne", "the visit stays Anne's");
    app.quit().await?;
    server.kill();
    Ok(())
}
