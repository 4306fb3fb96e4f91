//! The installed app (issue 12): `cargo xtask test-dist` runs this against
//! `/usr/bin/feltbog-desk` from the package and against the debug build,
//! through `FELTBOG_E2E_APP`, and prints the time from starting the app to
//! its unlock screen for both (the WebDriver session's own start-up is in
//! both figures alike), and sees the packaged build's third-party licences
//! on *Om Feltbog*. Ignored in `cargo xtask test`: it needs the package
//! installed.

use anyhow::{Context, Result};
use feltbog_e2e::App;
use std::time::Instant;

const PASS: &str = "lyseblå færge mod nord i morgen";

#[tokio::test(flavor = "multi_thread")]
#[ignore = "run by `cargo xtask test-dist` with FELTBOG_E2E_APP set"]
async fn the_installed_app_opens_at_its_unlock_screen() -> Result<()> {
    let binary = std::env::var("FELTBOG_E2E_APP").context("FELTBOG_E2E_APP is not set")?;
    let prefix: &'static str = Box::leak(
        std::env::var("FELTBOG_E2E_PREFIX")
            .unwrap_or_else(|_| "installed".into())
            .into_boxed_str(),
    );
    let dir = std::env::temp_dir().join(format!("feltbog-{prefix}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let profile = feltbog_core::Profile::at(&dir);
    profile.create(PASS, feltbog_core::keys::KdfParams::DEFAULT)?;

    let started = Instant::now();
    let app = App::start(&dir, prefix).await?;
    app.wait("#passphrase").await?;
    let to_unlock = started.elapsed();
    println!(
        "start to unlock screen, {binary}: {} ms",
        to_unlock.as_millis()
    );
    app.shot("01-unlock").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait("#nav-visits").await?;
    app.shot("02-unlocked").await?;
    // Om Feltbog: the packaged build carries the third-party licences (the
    // debug build, run for its start time, has none).
    if prefix == "installed" {
        app.click("#nav-settings").await?;
        app.click("#tab-about").await?;
        app.wait_text("#about-version", env!("CARGO_PKG_VERSION"))
            .await?;
        app.wait_text("#licence-overview", "Apache-2.0").await?;
        app.wait_text(".licence-list", "tauri ").await?;
        app.shot("03-about").await?;
        // A licence unfolds to its libraries and its text.
        app.click(".licence-list details.licence summary").await?;
        app.wait_text(".licence-list details[open] .licence-text", "")
            .await?;
        app.scroll_to(".licence-list").await?;
        app.shot("04-about-licence-open").await?;
    }
    app.quit().await?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
