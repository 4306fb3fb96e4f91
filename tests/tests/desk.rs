//! Overblik end to end: unlocking lands on it; the demo municipality's
//! week shows by urgency, with a case by its number and the survey round
//! in its window; a click on an overdue follow-up opens its visit, one on
//! a case opens the case. Screenshots at 1366×768 and 1024×768 in
//! target/e2e-screens/. Fictitious data.

use anyhow::{ensure, Result};
use feltbog_e2e::{cli, cli_in, demo_with_round, App};

const PASS: &str = "mørk himmel over mosen i november";
const FOLLOW_UP: &str = "Ring til klasselæreren om trivselsforløbet";

#[tokio::test(flavor = "multi_thread")]
async fn unlocking_lands_on_the_desk_and_each_line_opens_its_record() -> Result<()> {
    let dir = demo_with_round("desk", PASS, "2026/27", &[("7.a", "24", "9")])?;
    // A visit done last week with a follow-up due two days ago (overdue),
    // and a police notification from 15 days ago not yet offered a
    // conversation (the offer rule is 7 days: overdue).
    // Fifty more due yesterday, over two visits (a visit holds at most
    // 50), make the overdue group long enough to be shown in part at first.
    for (first, last, with) in [(1, 25, Some(FOLLOW_UP)), (26, 50, None)] {
        let mut args: Vec<String> = [
            "visit",
            "add",
            "--school",
            "Egeby Skole",
            "--date",
            "2026-11-18",
            "--purpose",
            "class-talk",
        ]
        .map(String::from)
        .to_vec();
        if let Some(text) = with {
            args.push("--follow-up".into());
            args.push(format!("{text}@2026-11-23"));
        }
        for i in first..=last {
            args.push("--follow-up".into());
            args.push(format!("Fiktiv opgave {i:02}@2026-11-24"));
        }
        cli(
            &dir,
            PASS,
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        )?;
    }
    let number = cli_in(
        &dir,
        PASS,
        &[
            "case",
            "add",
            "--birth-year",
            "2012",
            "--school",
            "Egeby Skole",
            "--law",
            "penal-code",
            "--offence",
            "theft",
            "--offence-date",
            "2026-11-07",
            "--notified",
            "2026-11-10",
        ],
        r#"{"initials": "X.Y."}"#,
    )?;
    let number = number.trim().to_string();

    let app = App::start(&dir, "desk").await?;
    app.resize(1366, 768).await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait_text(".main h1", "Overblik").await?;
    app.wait_text("#desk-overdue", FOLLOW_UP).await?;
    let overdue = app.text("#desk-overdue").await?;
    ensure!(
        overdue.contains(&format!("Sag {number}")) && overdue.contains("Tilbyd en samtale"),
        "the case is overdue, by its number: {overdue}"
    );
    ensure!(!overdue.contains("X.Y."), "no initials on the desk");
    let day = app.text("#desk-day").await?;
    ensure!(
        day.contains("25. nov. 2026") && day.contains("Uge 48"),
        "the day and its week: {day}"
    );
    app.wait_text(".desk-round", "Egeby Skole").await?;
    // 53 overdue, the oldest 50 shown; the rest on request.
    app.wait_text("#desk-overdue-h", "(53)").await?;
    let shown = |app: &App| {
        let c = app.client.clone();
        async move {
            let n = c
                .execute(
                    "return document.querySelectorAll('#desk-overdue .desk-line').length",
                    vec![],
                )
                .await?;
            anyhow::Ok(n.as_u64().unwrap_or(0))
        }
    };
    ensure!(shown(&app).await? == 50, "50 lines at first");
    let title = app.client.title().await?;
    ensure!(title == "Overblik – Feltbog", "the title: {title:?}");
    let current = app
        .client
        .execute(
            "return document.querySelector('#nav-desk').getAttribute('aria-current')",
            vec![],
        )
        .await?;
    ensure!(
        current == "page",
        "Overblik is the current page: {current:?}"
    );
    app.shot("01-desk").await?;
    app.resize(1024, 768).await?;
    app.shot("02-desk-1024").await?;
    app.resize(1366, 768).await?;
    app.click_text(".desk-more", "Vis alle 53").await?;
    app.wait_text("#desk-overdue", "Fiktiv opgave 50").await?;
    ensure!(shown(&app).await? == 53, "all 53 lines on request");

    // The overdue follow-up opens its visit, the follow-up in it.
    app.click_text("#desk-overdue .desk-line", FOLLOW_UP)
        .await?;
    app.wait_text(".main h1", "Rediger skolebesøg").await?;
    let texts = app
        .client
        .execute(
            "return [...document.querySelectorAll('input')].map(i => i.value).join('|')",
            vec![],
        )
        .await?;
    ensure!(
        texts.as_str().is_some_and(|t| t.contains(FOLLOW_UP)),
        "the visit with the follow-up opened: {texts:?}"
    );
    app.shot("03-follow-up-opened").await?;

    // Back on the desk, the case line opens the case.
    app.click("#nav-desk").await?;
    app.click_text("#desk-overdue .desk-line", &number).await?;
    app.wait_text(".main", "Underrettet").await?;
    app.wait_text(".main h1", &number).await?;
    app.shot("04-case-opened").await?;
    app.quit().await
}
