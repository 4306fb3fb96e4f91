//! Accessibility measured on every screen the end-to-end tests visit:
//! axe-core (installed by `cargo xtask setup` at a pinned version) runs in
//! the real WebKit webview with the WCAG 2.0 and 2.1 A and AA rules each
//! time a test saves a screenshot ([`crate::App::shot`]). Each screen's
//! report goes to `target/a11y/<screen>.json`, with a summary line in the
//! test's output.
//!
//! Any violation fails the test, naming the rule, the element and the
//! screen. "Incomplete" results (what axe cannot decide alone, such as the
//! contrast of text over a gradient) are kept in the report, for a person.

use anyhow::{bail, Context, Result};
use fantoccini::Client;
use std::io::Write;

/// The rule sets: WCAG 2.0 and 2.1, levels A and AA.
const WCAG: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// Runs axe on the page and hands back its result as JSON text (WebKit's
/// driver copies a returned object property by property: a string is
/// quicker). A failure inside axe comes back as `{"error": …}` instead of
/// the script's timeout.
const RUN: &str = r#"const [tags, done] = arguments;
axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(r => done(JSON.stringify({lang: document.documentElement.lang, axe: axe.version,
          violations: r.violations, incomplete: r.incomplete})),
        e => done(JSON.stringify({error: String(e && e.stack || e)})));"#;

/// Where `cargo xtask setup` puts axe-core.
fn axe_source() -> std::path::PathBuf {
    crate::target_dir().join("tools/axe/node_modules/axe-core/axe.min.js")
}

/// Checks the page on screen `screen` (the screenshot's name).
pub async fn check(client: &Client, screen: &str) -> Result<()> {
    let loaded = client
        .execute("return window.axe ? axe.version : null", vec![])
        .await?;
    if loaded.is_null() {
        let src = std::fs::read_to_string(axe_source())
            .context("axe-core is missing: run `cargo xtask setup`")?;
        client
            .execute(&format!("{src}\n;return axe.version;"), vec![])
            .await
            .context("injecting axe-core into the webview")?;
    }
    let out = client
        .execute_async(RUN, vec![serde_json::json!(WCAG)])
        .await
        .with_context(|| format!("running axe on {screen}"))?;
    let report: serde_json::Value =
        serde_json::from_str(out.as_str().context("axe's result is not text")?)?;
    if let Some(e) = report.get("error") {
        bail!("axe failed on {screen}: {e}");
    }
    let dir = crate::target_dir().join("a11y");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(
        dir.join(format!("{screen}.json")),
        serde_json::to_vec_pretty(&report)?,
    )?;
    let lang = report["lang"].as_str().unwrap_or("?");
    let violations = report["violations"].as_array().cloned().unwrap_or_default();
    let review = report["incomplete"].as_array().map_or(0, Vec::len);
    // Written to stderr directly: the test harness captures only the
    // print macros, and this line belongs in every run's output.
    let _ = writeln!(
        std::io::stderr(),
        "a11y {screen} [{lang}]: {} violation(s), {review} to review",
        violations.len()
    );
    let mut faults = Vec::new();
    for v in &violations {
        let rule = v["id"].as_str().unwrap_or("?");
        for n in v["nodes"].as_array().into_iter().flatten() {
            faults.push(format!(
                "{rule} ({}) at {}: {}",
                v["impact"].as_str().unwrap_or("?"),
                n["target"],
                v["help"].as_str().unwrap_or("")
            ));
        }
    }
    if !faults.is_empty() {
        bail!(
            "a11y: screen {screen} [{lang}]:\n  {}\n(see target/a11y/{screen}.json)",
            faults.join("\n  ")
        );
    }
    Ok(())
}
