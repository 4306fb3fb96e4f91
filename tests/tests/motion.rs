//! A consultant who has asked their system for less motion (GNOME's
//! *Reduceret animation*, GTK's `gtk-enable-animations=false`; Windows'
//! *Animationseffekter* off) gets none in Feltbog: the webview reports
//! `prefers-reduced-motion: reduce`, and on every screen visited no element
//! has a transition or an animation left, the sync indicator's pulse
//! included. Screenshots in target/e2e-screens/. Fictitious data (the demo
//! municipality).

use anyhow::{ensure, Context, Result};
use feltbog_e2e::{demo_with_round, App};

const PASS: &str = "stille skærm uden blink og glid";
const ROUND: &str = "Ungeprofilundersøgelsen 2026";

/// Every element that would still move: a transition on some property, or
/// an animation. With the stylesheet's rule for reduced motion, there is
/// none; without it, every element has the initial `transition-property:
/// all`, so this check fails on the first screen.
const MOVING: &str = r#"
const out = [];
for (const n of document.querySelectorAll('*')) {
  for (const pseudo of [null, '::before', '::after']) {
    const s = getComputedStyle(n, pseudo);
    if (s.transitionProperty !== 'none' || s.animationName !== 'none') {
      out.push(n.tagName.toLowerCase() + (n.id ? '#' + n.id : '') + (pseudo || '') +
        ' transition ' + s.transitionProperty + ', animation ' + s.animationName);
    }
  }
}
return JSON.stringify({ reduce: matchMedia('(prefers-reduced-motion: reduce)').matches,
  moving: out.slice(0, 8), count: out.length });"#;

/// Fails if `screen` is not in reduced motion or anything on it moves.
async fn still(app: &App, screen: &str) -> Result<()> {
    let out = app.client.execute(MOVING, vec![]).await?;
    let v: serde_json::Value = serde_json::from_str(out.as_str().context("a string")?)?;
    ensure!(
        v["reduce"] == true,
        "{screen}: the webview does not report prefers-reduced-motion: reduce"
    );
    ensure!(
        v["count"] == 0,
        "{screen}: {} elements still move, first {}",
        v["count"],
        v["moving"]
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_moves_for_a_user_who_asked_for_less_motion() -> Result<()> {
    let dir = demo_with_round("motion", PASS, ROUND, &[("7.a", "24", "20")])?;
    // GTK reads the user's setting from here, as from a GNOME desktop.
    let config = dir.with_extension("gtk-config");
    std::fs::create_dir_all(config.join("gtk-3.0"))?;
    std::fs::write(
        config.join("gtk-3.0/settings.ini"),
        "[Settings]\ngtk-enable-animations=false\n",
    )?;
    let config = config.to_string_lossy().into_owned();
    let app = App::start_with(&dir, "motion", &[("XDG_CONFIG_HOME", &config)]).await?;
    app.wait("#passphrase").await?;
    still(&app, "the unlock screen").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait("#desk").await?;
    app.shot("01-desk").await?;
    still(&app, "Overblik").await?;
    for (nav, then, shot) in [
        ("#nav-visits", Some("#new-visit"), "02-new-visit"),
        ("#nav-survey", None, "03-survey"),
        ("#nav-summary", None, "04-summary"),
        ("#nav-settings", Some("#tab-team"), "05-team"),
    ] {
        app.click(nav).await?;
        if let Some(button) = then {
            app.click(button).await?;
        }
        app.shot(shot).await?;
        still(&app, shot).await?;
    }
    app.quit().await
}
