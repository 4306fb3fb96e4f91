//! Team sync end to end in the app: two app instances (two profiles) and
//! the real `feltbog-server` on loopback, reached through a proxy that can
//! play a misbehaving server. The coordinator creates the team and
//! invites, a consultant joins and waits to be admitted (the coordinator
//! sees the waiting member), a visit made in one app appears in the other,
//! the indicator goes offline and back, a conflict is settled on the
//! conflicts page, and a server that lies about the consultant's log is
//! refused and shown. Screenshots in target/e2e-screens/. Fictitious data.

use anyhow::{ensure, Result};
use feltbog_e2e::server::SyncServer;
use feltbog_e2e::{cli, cli_profile, cli_status, App};
use feltbog_hostile::{Hostile, Reply};

const PASS: &str = "rød cykel under æbletræet i haven";
const NOTE: &str = "Trivselsoplæg i 8.b om fællesskab";
const MINE: &str = "Aftalt opfølgning med klasselæreren i uge 50";
const THEIRS: &str = "Klassen ønsker et nyt oplæg om sociale medier";

async fn unlock(app: &App) -> Result<()> {
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait("#desk").await?;
    Ok(())
}

async fn open_team_tab(app: &App) -> Result<()> {
    app.click("#nav-settings").await?;
    app.click("#tab-team").await?;
    Ok(())
}

/// Starts a sync from the Team tab and waits until nothing is waiting.
async fn sync_now(app: &App) -> Result<()> {
    open_team_tab(app).await?;
    app.click("#sync-now").await?;
    app.wait_text("#team-waiting", "0 ændringer venter").await?;
    Ok(())
}

/// Makes a new invite in the coordinator's app; answers its code (another
/// than the one shown before).
async fn new_invite(app: &App, before: &str) -> Result<String> {
    open_team_tab(app).await?;
    app.click("#make-invite").await?;
    for _ in 0..150 {
        let code = app.text("#invite-code").await.unwrap_or_default();
        if code.contains('-') && code.trim() != before.trim() {
            return Ok(code.trim().to_string());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    anyhow::bail!("no new invite code appeared")
}

/// Opens the visit with `note` and replaces its notes.
async fn edit_notes(app: &App, note: &str, new: &str) -> Result<()> {
    app.click("#nav-visits").await?;
    app.wait_text("#visit-list", note).await?;
    app.click_text("#visit-list button", "Rediger").await?;
    app.wait("#visit-form").await?;
    app.fill("#notes", new).await?;
    app.click("#save-visit").await?;
    app.wait_text("#visit-list", new).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn two_apps_work_as_a_team_through_the_server() -> Result<()> {
    let sdir = std::env::temp_dir().join(format!("feltbog-e2e-team-srv-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&sdir);
    std::fs::create_dir_all(&sdir)?;
    let server = SyncServer::start(&sdir, None)?;
    let port = server.port;
    let setup_code = server.setup_code()?;
    // Both apps reach the server through the proxy, honest until told.
    let proxy = Hostile::start(&server.url);
    let url = proxy.url();
    let school = [
        "school",
        "add",
        "--name",
        "Egeby Skole",
        "--kind",
        "folkeskole",
        "--town",
        "Egeby",
    ];
    let pa = cli_profile("team-a", PASS, &[&school])?;
    // The consultant made the same school before joining.
    let pb = cli_profile("team-b", PASS, &[&school])?;

    // The coordinator: not in a team yet; a wrong setup code is named. Its
    // background sync runs every ten minutes here, not every minute, so the
    // consultant it has not admitted yet stays on screen as waiting.
    let a = App::start_with(&pa, "team-a", &[("FELTBOG_TEST_SYNC_EVERY_SECS", "600")]).await?;
    unlock(&a).await?;
    a.wait_text("#sync-indicator", "Ikke i et team").await?;
    open_team_tab(&a).await?;
    a.wait("#create-team-form").await?;
    a.shot("01-not-in-team").await?;
    a.fill("#create-server", &url).await?;
    a.fill("#setup_code", "ABCD-EFGH-JKMN-PQRS").await?;
    a.fill("#team_name", "SSP Egeby").await?;
    a.fill("#create-member-name", "Anne Fiktiv").await?;
    a.click("#create-team").await?;
    a.wait_text("#setup_code-error", "Opsætningskoden").await?;
    a.shot("02-wrong-setup-code").await?;
    a.fill("#setup_code", &setup_code).await?;
    a.click("#create-team").await?;
    a.wait_text("#team-name", "SSP Egeby").await?;
    a.wait_text("#sync-indicator", "Synkroniseret").await?;
    a.shot("03-team-created").await?;

    // An invite for a consultant without case access, shown large.
    a.click("#make-invite").await?;
    let code = a.wait_text("#invite-code", "-").await?;
    ensure!(code.trim().len() > 20, "invite code looks wrong: {code:?}");
    a.scroll_to("#invite-form").await?;
    a.shot("04-invite").await?;

    // The consultant joins with the address and the code.
    let b = App::start(&pb, "team-b").await?;
    unlock(&b).await?;
    open_team_tab(&b).await?;
    b.fill("#server", &url).await?;
    b.fill("#code", "ABCD-EFGH").await?;
    b.fill("#member_name", "Bo Fiktiv").await?;
    b.click("#join-team").await?;
    b.wait_text("#code-error", "Koden er forkert").await?;
    b.shot("01-join-wrong-code").await?;
    b.fill("#code", code.trim()).await?;
    b.click("#join-team").await?;
    b.wait_text("#team-name", "SSP Egeby").await?;
    b.wait_text("#member-table", "Anne Fiktiv").await?;
    // Not admitted yet: what Bo writes waits, and the page says why.
    b.wait_text("#awaiting-admission", "ikke optaget").await?;
    b.shot("02-joined").await?;
    // The coordinator sees Bo waiting, by the name his proof gives.
    open_team_tab(&a).await?;
    a.wait_text("#member-table", "Venter på optagelse").await?;
    a.wait_text("#member-table", "Bo Fiktiv").await?;
    a.wait("#pending-hint").await?;
    a.scroll_to("#members").await?;
    a.shot("04b-member-waiting").await?;
    // Her next sync admits him.
    sync_now(&a).await?;
    // The team's rules are the coordinator's, read-only for a consultant.
    b.click("#tab-general").await?;
    b.wait_text("#rules-source", "fastsat for hele teamet")
        .await?;
    ensure!(
        !b.enabled("#offer_within_days").await?,
        "a consultant cannot change the team's rules"
    );
    b.scroll_to("#case-settings-form").await?;
    b.shot("02b-team-rules-read-only").await?;

    // Both had "Egeby Skole": offered for merging, never merged silently.
    sync_now(&b).await?;
    b.wait_text("#duplicate-notice", "mere end én gang").await?;
    b.shot("02c-duplicate-notice").await?;
    b.click("#duplicate-notice button").await?;
    b.wait_text("#school-duplicates", "findes 2 gange").await?;
    b.shot("02d-duplicate-schools").await?;
    b.click(".merge-schools").await?;
    b.wait_text("#school-table", "Deaktiveret").await?;
    ensure!(
        b.client
            .find(fantoccini::Locator::Css("#school-duplicates"))
            .await
            .is_err(),
        "merged: no offer left"
    );
    b.shot("02e-schools-merged").await?;
    sync_now(&b).await?;
    sync_now(&a).await?;

    // A visit made by the coordinator reaches the consultant.
    a.click("#nav-visits").await?;
    a.click("#new-visit").await?;
    a.wait("#visit-form").await?;
    a.select_label("#school", "Egeby Skole").await?;
    a.fill("#notes", NOTE).await?;
    a.click("#save-visit").await?;
    a.wait_text("#visit-list", NOTE).await?;
    sync_now(&a).await?;
    a.wait_text("#member-table", "Bo Fiktiv").await?;
    a.shot("05-members").await?;
    sync_now(&b).await?;
    b.click("#nav-visits").await?;
    b.wait_text("#visit-list", NOTE).await?;
    b.wait_text("#visit-list", "Egeby Skole").await?;
    b.shot("03-visit-arrived").await?;

    // The server goes away: both edit the same notes; nothing is lost.
    server.kill();
    edit_notes(&a, NOTE, MINE).await?;
    edit_notes(&b, NOTE, THEIRS).await?;
    a.wait_text("#sync-indicator", "Offline").await?;
    a.wait_text("#sync-indicator", "venter").await?;
    a.shot("06-offline").await?;
    b.wait_text("#sync-indicator", "Offline").await?;

    // It comes back: both texts are kept until a person chooses.
    let _server = SyncServer::start(&sdir, Some(port))?;
    sync_now(&a).await?;
    sync_now(&b).await?;
    b.wait_text("#sync-indicator", "1 konflikt").await?;
    sync_now(&a).await?;
    a.wait_text("#sync-indicator", "1 konflikt").await?;
    a.shot("07-conflict-indicator").await?;
    b.click("#sync-indicator").await?;
    b.wait_text("#conflict-list", MINE).await?;
    b.wait_text("#conflict-list", THEIRS).await?;
    b.wait_text("#conflict-list", "Anne Fiktivs tekst").await?;
    b.wait_text("#conflict-list", "Egeby Skole").await?;
    b.shot("04-conflicts").await?;
    // The same page in English (every screen's error states in both
    // languages), then back to Danish for the rest.
    b.set_language("en", "Settings").await?;
    b.click("#sync-indicator").await?;
    b.wait_text("#conflict-list", "Anne Fiktiv's text").await?;
    b.wait_text("#conflict-list", THEIRS).await?;
    b.shot("04b-conflicts-english").await?;
    b.set_language("da", "Indstillinger").await?;
    b.click("#sync-indicator").await?;
    b.wait_text("#conflict-list", "Anne Fiktivs tekst").await?;
    // Bo keeps Anne's text; the choice reaches Anne too.
    b.click("[id^='keep-theirs-']").await?;
    b.wait("#no-conflicts").await?;
    b.shot("05-conflict-settled").await?;
    sync_now(&b).await?;
    sync_now(&a).await?;
    a.wait_text("#sync-indicator", "Synkroniseret").await?;
    a.click("#nav-visits").await?;
    a.wait_text("#visit-list", MINE).await?;
    b.click("#nav-visits").await?;
    b.wait_text("#visit-list", MINE).await?;
    ensure!(
        !b.text("#visit-list").await?.contains(THEIRS),
        "the text not kept is gone"
    );
    b.shot("06-visits-after-settling").await?;

    // The server claims to hold more of Bo's log than Bo ever sent (as if
    // his profile were copied): refused, shown, nothing marked sent.
    proxy.attack(|ex| {
        (ex.path == "/v1/heads").then(|| {
            let mut a = ex.answer.clone();
            let h = a["heads"]["team"].as_i64().unwrap_or(0);
            a["heads"]["team"] = (h + 3).into();
            Reply::Json(a)
        })
    });
    edit_notes(&b, MINE, "Rettet efter samtalen").await?;
    open_team_tab(&b).await?;
    b.click("#sync-now").await?;
    b.wait_text("#sync-indicator", "Serveren opførte sig forkert")
        .await?;
    b.wait_text("#sync-alarms", "kopieret eller gendannet")
        .await?;
    b.wait_text("#team-waiting", "venter").await?;
    b.shot("07-server-misbehaved").await?;
    b.scroll_to("#leave-team").await?;
    b.shot("07b-leave-team").await?;
    // The server behaves again: once read, the alarm goes; the change
    // waiting goes through.
    proxy.stop_attack();
    b.click("#alarms-read").await?;
    sync_now(&b).await?;
    b.wait_text("#sync-indicator", "Synkroniseret").await?;
    b.shot("08-alarm-read").await?;

    // A colleague on the command line joins and is admitted; the
    // coordinator removes them in the app; one who joins after the removal
    // reads everything, and the two apps go on syncing.
    let pc = cli_profile("team-c", PASS, &[])?;
    let code_c = new_invite(&a, &code).await?;
    cli(
        &pc,
        PASS,
        &[
            "team",
            "join",
            "--server",
            &url,
            "--code",
            &code_c,
            "--member-name",
            "Cai Fiktiv",
        ],
    )?;
    sync_now(&a).await?;
    cli(&pc, PASS, &["sync"])?;
    open_team_tab(&a).await?;
    a.wait_text("#member-table", "Cai Fiktiv").await?;
    a.click(".remove-member[data-name='Cai Fiktiv']").await?;
    a.click(".confirm-remove").await?;
    a.wait_text("#member-table", "Fjernet").await?;
    a.scroll_to("#members").await?;
    a.shot("09-member-removed").await?;
    let (gone, _, err) = cli_status(&pc, PASS, &["sync"])?;
    ensure!(
        gone == 1 && err.contains("no longer"),
        "the removed device is refused: {err}"
    );
    let pd = cli_profile("team-d", PASS, &[])?;
    let code_d = new_invite(&a, &code_c).await?;
    cli(
        &pd,
        PASS,
        &[
            "team",
            "join",
            "--server",
            &url,
            "--code",
            &code_d,
            "--member-name",
            "Dorte Fiktiv",
        ],
    )?;
    sync_now(&a).await?;
    cli(&pd, PASS, &["sync"])?;
    let seen = cli(&pd, PASS, &["visit", "list", "--json"])?;
    ensure!(
        seen.contains("Rettet efter samtalen"),
        "the joiner after the removal reads the history: {seen}"
    );
    cli(
        &pd,
        PASS,
        &[
            "visit",
            "add",
            "--school",
            "Egeby Skole",
            "--date",
            "2026-11-24",
            "--purpose",
            "class-talk",
            "--notes",
            "Dortes første besøg",
        ],
    )?;
    cli(&pd, PASS, &["sync"])?;
    sync_now(&b).await?;
    b.click("#nav-visits").await?;
    b.wait_text("#visit-list", "Dortes første besøg").await?;
    b.shot("10-joiner-after-removal").await?;

    a.quit().await?;
    b.quit().await?;
    for d in [&pa, &pb, &pc, &pd, &sdir] {
        let _ = std::fs::remove_dir_all(d);
    }
    Ok(())
}
