//! Accessibility measured on every screen the end-to-end tests visit:
//! axe-core (installed by `cargo xtask setup` at a pinned version) runs in
//! the real WebKit webview with the WCAG 2.0 and 2.1 A and AA rules each
//! time a test saves a screenshot ([`crate::App::shot`]). Each screen's
//! report goes to `target/a11y/<screen>.json`, with a summary line in the
//! test's output.
//!
//! A violation fails the test, naming the rule, the element and the
//! screen, unless the screen and rule are in `tests/a11y-known.tsv`: the
//! violations found when the check was first switched on, each to be fixed
//! (issue 22). A listed violation that no longer occurs fails too, so the
//! list only shrinks.

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
    let known = known(screen)?;
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
        if known.iter().any(|k| k == rule) {
            continue;
        }
        for n in v["nodes"].as_array().into_iter().flatten() {
            faults.push(format!(
                "{rule} ({}) at {}: {}",
                v["impact"].as_str().unwrap_or("?"),
                n["target"],
                v["help"].as_str().unwrap_or("")
            ));
        }
    }
    for k in &known {
        if !violations.iter().any(|v| v["id"].as_str() == Some(k)) {
            faults.push(format!(
                "{k} is listed in tests/a11y-known.tsv but no longer occurs: remove the line"
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

/// The rules `screen` is known to break, from `tests/a11y-known.tsv`
/// (`screen<TAB>rule`, `#` for comments).
fn known(screen: &str) -> Result<Vec<String>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("a11y-known.tsv");
    let text = std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
    Ok(text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .filter(|(s, _)| *s == screen)
        .map(|(_, r)| r.trim().to_string())
        .collect())
}
