//! The foundation scenario, end to end in the real app: first start, recovery
//! code, a school, a visit with a follow-up, restart, wrong and right
//! passphrase, lock and unlock. Screenshots in target/e2e-screens/.

use anyhow::{ensure, Result};
use feltbog_e2e::App;

const PASS: &str = "grøn hest spiser æbler om natten";
const NOTE: &str = "Oplæg om fællesskab og sociale medier";
const FOLLOW_UP: &str = "Send materiale til klasselæreren";
const DRAFT: &str = "Halvt skrevet note, afbrudt af låsen";
const NEW_PASS: &str = "blå cykel kører hjem i regnvejr";

#[tokio::test(flavor = "multi_thread")]
async fn first_start_to_visit_to_restart_and_lock() -> Result<()> {
    let dir = tempfile_dir()?;
    let today = feltbog_e2e::today();
    let due = today + chrono::Duration::days(7);
    let due_text = due.format("%d-%m-%Y").to_string();

    // First start: choose a passphrase.
    let app = App::start(&dir, "foundation").await?;
    app.wait("#passphrase").await?;
    app.shot("01-first-start").await?;
    app.fill("#passphrase", "kort").await?;
    app.fill("#repeated", "kort").await?;
    app.click("#create-profile").await?;
    app.wait_text("#passphrase-error", "Mindst 10 tegn").await?;
    app.shot("02-first-start-too-short").await?;
    // Long enough but made of words from the job: refused, with advice.
    app.fill("#passphrase", "skolebesøg1").await?;
    app.fill("#repeated", "skolebesøg1").await?;
    app.wait_text("#strength", "For let at gætte").await?;
    app.wait_text("#strength-advice", "Ord fra arbejdet")
        .await?;
    app.click("#create-profile").await?;
    app.wait_text("#passphrase-error", "for let at gætte")
        .await?;
    app.shot("02b-first-start-too-weak").await?;
    app.fill("#passphrase", PASS).await?;
    app.fill("#repeated", PASS).await?;
    app.wait_text("#strength", "Stærk").await?;
    app.click("#create-profile").await?;

    // The recovery code, once; continuing needs the confirmation.
    let code = app.wait_text("#recovery-code", "-").await?;
    ensure!(
        code.trim().len() == 29,
        "recovery code looks wrong: {code:?}"
    );
    app.shot("03-recovery-code").await?;
    ensure!(
        !app.enabled("#recovery-continue").await?,
        "continue must wait for the confirmation"
    );
    app.click("#recovery-confirm").await?;
    app.click("#recovery-continue").await?;

    // Overblik first, saying in words that nothing waits; then the empty
    // visits, then add a school.
    app.wait_text(".main h1", "Overblik").await?;
    app.wait_text("#desk-overdue", "Intet er overskredet")
        .await?;
    app.shot("04-desk-empty").await?;
    app.click("#nav-visits").await?;
    app.wait_text(".main h1", "Skolebesøg").await?;
    app.shot("04b-visits-empty").await?;
    app.click("#nav-schools").await?;
    app.wait("#school-form").await?;
    app.shot("05-schools-empty").await?;
    app.fill("#name", "Æblehaveskolen").await?;
    app.fill("#town", "Søby").await?;
    app.click("#save-school").await?;
    app.wait_text("#school-table", "Æblehaveskolen").await?;
    app.shot("06-schools").await?;

    // A visit: first without a school (error beside the field), then right.
    app.click("#nav-visits").await?;
    app.click("#new-visit").await?;
    app.wait("#visit-form").await?;
    app.shot("07-visit-form").await?;
    app.click("#save-visit").await?;
    app.wait_text("#school-error", "Vælg en skole").await?;
    app.shot("08-visit-form-error").await?;
    app.select_label("#school", "Æblehaveskolen").await?;
    app.fill("#classes", "7.a, 8.b").await?;
    app.fill("#notes", NOTE).await?;
    app.click("#add-follow-up").await?;
    app.fill("#fu-text-0", FOLLOW_UP).await?;
    app.fill("#fu-due-0", &due_text).await?;
    app.shot("09-visit-form-filled").await?;
    app.click("#save-visit").await?;
    app.wait_text("#visit-list", NOTE).await?;
    app.wait_text("#visit-list", FOLLOW_UP).await?;
    app.shot("10-visits").await?;
    app.quit().await?;

    // Restart: the unlock screen; a wrong passphrase says so plainly.
    let app = App::start(&dir, "foundation").await?;
    app.wait("#passphrase").await?;
    app.shot("11-unlock").await?;
    app.fill("#passphrase", "forkert adgangskode").await?;
    app.click("#unlock").await?;
    app.wait_text(".banner.error", "Forkert adgangskode")
        .await?;
    app.shot("12-unlock-wrong").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;

    // The visit and its follow-up survived the restart.
    app.wait("#desk").await?;
    app.click("#nav-visits").await?;
    app.wait_text("#visit-list", "Æblehaveskolen").await?;
    app.wait_text("#visit-list", NOTE).await?;
    app.shot("13-visits-after-restart").await?;
    app.click("#nav-follow-ups").await?;
    app.wait_text("#follow-up-list", FOLLOW_UP).await?;
    app.shot("14-follow-ups").await?;
    app.click("#nav-settings").await?;
    app.wait("#settings-form").await?;
    app.fill("#consultant_name", "Kirsten Fiktiv").await?;
    app.shot("15-settings").await?;
    app.click("#save-settings").await?;
    app.wait_text(".sidebar .who", "Kirsten Fiktiv").await?;

    // Om Feltbog: the version and the licence. A build without the
    // third-party listing says where it is (the package's build has it:
    // `installed.rs` under `cargo xtask test-dist`).
    app.click("#tab-about").await?;
    app.wait_text("#about-version", env!("CARGO_PKG_VERSION"))
        .await?;
    app.wait_text("#about-licence", "EUPL-1.2").await?;
    app.wait_text("#no-listing", "cargo xtask dist").await?;
    app.shot("15a-about").await?;
    app.click("#tab-general").await?;
    app.wait("#settings-form").await?;

    // English is one setting away, and back.
    app.select("#language", "en").await?;
    app.click("#save-settings").await?;
    app.wait_text("#nav-visits", "School visits").await?;
    app.shot("15b-settings-english").await?;
    app.select("#language", "da").await?;
    app.click("#save-settings").await?;
    app.wait_text("#nav-visits", "Skolebesøg").await?;

    // Lock drops the key; unlock returns to the same page with the data.
    app.click("#lock").await?;
    app.wait_text(".gate-card h1", "låst").await?;
    app.shot("16-locked").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait("#settings-form").await?;
    app.click("#nav-visits").await?;
    app.wait_text("#visit-list", NOTE).await?;

    // A form interrupted by a lock comes back as it was typed.
    app.click("#new-visit").await?;
    app.wait("#visit-form").await?;
    app.select_label("#school", "Æblehaveskolen").await?;
    app.fill("#notes", DRAFT).await?;
    app.wait_text("#draft-saved", "Kladde gemt").await?;
    app.shot("16b-draft-saved").await?;
    app.click("#lock").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait("#draft-restored").await?;
    let notes = app
        .wait("#notes")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    ensure!(notes == DRAFT, "the draft came back as {notes:?}");
    app.shot("17-draft-restored").await?;
    app.click("#cancel-visit").await?;
    app.wait_text("#visit-list", NOTE).await?;
    app.click("#new-visit").await?;
    app.wait("#visit-form").await?;
    // A draft is saved only once the form has looked for one: when this
    // one is saved, a restored draft would be showing.
    app.fill("#notes", "ny tekst").await?;
    app.wait_text("#draft-saved", "Kladde gemt").await?;
    ensure!(
        app.client
            .find(fantoccini::Locator::Css("#draft-restored"))
            .await
            .is_err(),
        "a cancelled draft must be gone"
    );

    // Forgotten passphrase: the recovery code opens, and is replaced.
    app.click("#cancel-visit").await?;
    app.click("#lock").await?;
    app.click("#use-recovery").await?;
    app.fill("#code", code.trim()).await?;
    app.fill("#new_passphrase", NEW_PASS).await?;
    app.fill("#repeated", NEW_PASS).await?;
    app.click("#recover").await?;
    let renewed = app
        .wait_text(".gate-card h1", "Din nye gendannelseskode")
        .await?;
    ensure!(renewed.contains("nye"));
    let new_code = app.wait_text("#recovery-code", "-").await?;
    ensure!(new_code.trim() != code.trim(), "the used code is replaced");
    app.shot("18-recovery-code-renewed").await?;
    app.click("#recovery-confirm").await?;
    app.click("#recovery-continue").await?;
    // Indstillinger makes a new one on request, after the passphrase.
    app.click("#nav-settings").await?;
    app.fill("#recovery-passphrase", NEW_PASS).await?;
    app.click("#renew-recovery").await?;
    app.wait_text("#recovery-form", "vises kun nu").await?;
    app.scroll_to("#recovery-form .invite").await?;
    app.shot("19-settings-new-recovery-code").await?;
    app.quit().await?;

    // Nothing the user typed is readable in the profile's files.
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        let bytes = std::fs::read(&path)?;
        for needle in [NOTE, FOLLOW_UP, DRAFT, "Æblehaveskolen"] {
            ensure!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{} holds {needle:?} in plaintext",
                path.display()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn tempfile_dir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("feltbog-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
