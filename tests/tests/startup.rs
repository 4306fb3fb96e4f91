//! How long the UI takes to come up (issue 22): `cargo xtask bench` runs
//! this against the release build (`target/release/feltbog-desk`, the
//! binary the package installs) through `FELTBOG_E2E_APP` and prints
//! figures; it asserts nothing about time. Ignored in `cargo xtask test`.
//!
//! Three figures per start, on a profile with the demo municipality:
//! - **UI ready**: from the webview's navigation to the wasm UI fetched,
//!   compiled and mounted (the `feltbog-ui-ready` mark `ui/start.js` sets).
//!   This is what the size of the wasm costs.
//! - **start to unlock screen**: from starting the app to the passphrase
//!   field, as the harness sees it (the WebDriver session's own start-up is
//!   in it).
//! - **unlock to first page**: from pressing *Lås op* to the week's visits
//!   in the DOM, timed in the page, and how much of it the shell's unlock
//!   command took (the passphrase's key derivation, Argon2id, the same for
//!   every build: the bench's *Unlock* line).

use anyhow::{bail, Context, Result};
use feltbog_e2e::App;
use std::time::{Duration, Instant};

const PASS: &str = "lyseblå færge mod nord i morgen";
const RUNS: usize = 5;

/// Clicks *Lås op* and answers, in milliseconds, how long until the first
/// page's list (or its empty state, or an error) is in the DOM, and how
/// long of that the shell's unlock command took (watched on `fetch`, which
/// Tauri's IPC uses). The next frame paints it: frames are not timed, as
/// under Xvfb a frame takes anything from 15 to 450 ms, idle or not.
const UNLOCK_TO_PAGE: &str = r##"
const done = arguments[arguments.length - 1];
const ready = () => document.querySelector("#desk, main .banner.error");
let unlock = null;
const fetch0 = window.fetch;
window.fetch = (url, init) => {
  const s = performance.now();
  const r = fetch0(url, init);
  if (String(url).endsWith("/unlock")) r.finally(() => { unlock = performance.now() - s; });
  return r;
};
const t0 = performance.now();
const watch = new MutationObserver(() => {
  if (ready()) { watch.disconnect(); window.fetch = fetch0; done({ page: performance.now() - t0, unlock }); }
});
watch.observe(document.body, { childList: true, subtree: true });
document.querySelector("#unlock").click();
"##;

const UI_READY: &str = r#"
const m = performance.getEntriesByName("feltbog-ui-ready");
return m.length ? m[0].startTime : null;
"#;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "run by `cargo xtask bench` with FELTBOG_E2E_APP set"]
async fn the_ui_comes_up() -> Result<()> {
    let binary = std::env::var("FELTBOG_E2E_APP").context("FELTBOG_E2E_APP is not set")?;
    let dir = std::env::temp_dir().join(format!("feltbog-startup-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let profile = feltbog_core::Profile::at(&dir);
    let (mut opened, _) = profile.create(PASS, feltbog_core::keys::KdfParams::DEFAULT)?;
    opened.session.load_demo()?;
    drop(opened);

    let (mut ready, mut to_gate) = (Vec::new(), Vec::new());
    let (mut to_page, mut unlock) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let started = Instant::now();
        let app = App::start(&dir, "startup").await?;
        app.wait("#passphrase").await?;
        to_gate.push(started.elapsed().as_secs_f64() * 1000.0);
        let mark = app.client.execute(UI_READY, vec![]).await?;
        let Some(mark) = mark.as_f64() else {
            bail!("the UI set no feltbog-ui-ready mark (is ui/start.js current?)");
        };
        ready.push(mark);
        app.fill("#passphrase", PASS).await?;
        let times = tokio::time::timeout(
            Duration::from_secs(60),
            app.client.execute_async(UNLOCK_TO_PAGE, vec![]),
        )
        .await
        .context("the first page did not appear within a minute of unlocking")??;
        let ms = |k: &str| times[k].as_f64().with_context(|| format!("no {k} time"));
        to_page.push(ms("page")?);
        unlock.push(ms("unlock")?);
        app.quit().await?;
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!("startup of {binary}, {RUNS} starts, median (min–max):");
    for (what, xs) in [
        ("UI ready after navigation", &mut ready),
        ("start to unlock screen", &mut to_gate),
        ("unlock to first page", &mut to_page),
        ("  of which the unlock command", &mut unlock),
    ] {
        xs.sort_by(f64::total_cmp);
        println!(
            "  {what:<30} {:6.0} ms ({:.0}–{:.0})",
            xs[xs.len() / 2],
            xs[0],
            xs[xs.len() - 1]
        );
    }
    Ok(())
}
