//! Parent cafés end to end in the real app: record a café with an agreement,
//! see it in the school's list, the agreement in the revisit list and the
//! attendance table. Screenshots in target/e2e-screens/.

use anyhow::{ensure, Context, Result};
use feltbog_e2e::{target_dir, App};
use std::process::Command;

const PASS: &str = "grøn hest spiser æbler om natten";
const AGREEMENT: &str = "Fælles alkoholaftale for 8. årgang";
const DRAFT: &str = "Forældrene spurgte til fester – halvt skrevet";

/// A profile with two schools, made with the feltbog command line.
fn profile() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("feltbog-e2e-cafes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let cli = target_dir().join("debug/feltbog");
    for args in [
        vec!["init"],
        vec![
            "school",
            "add",
            "--name",
            "Æblehaveskolen",
            "--kind",
            "folkeskole",
            "--town",
            "Søby",
        ],
        vec![
            "school",
            "add",
            "--name",
            "Bøgeskolen",
            "--kind",
            "folkeskole",
            "--town",
            "Egeby",
        ],
    ] {
        let out = Command::new(&cli)
            .arg("--data-dir")
            .arg(&dir)
            .args(&args)
            .env("FELTBOG_PASSPHRASE", PASS)
            .output()
            .context("target/debug/feltbog is missing: run through `cargo xtask test`")?;
        ensure!(
            out.status.success(),
            "feltbog {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(dir)
}

#[tokio::test(flavor = "multi_thread")]
async fn record_a_cafe_with_an_agreement_and_see_it_everywhere() -> Result<()> {
    let dir = profile()?;
    let revisit = (chrono::Local::now().date_naive() + chrono::Duration::days(30))
        .format("%d-%m-%Y")
        .to_string();
    let app = App::start(&dir, "cafes").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.click("#nav-cafes").await?;
    app.wait_text(".main h1", "Forældrecaféer").await?;
    app.shot("01-cafes-empty").await?;

    app.click("#new-cafe").await?;
    app.wait("#cafe-form").await?;
    app.shot("02-cafe-form").await?;
    // More parents than invited is refused beside the field.
    app.select_label("#school", "Æblehaveskolen").await?;
    app.fill("#grades", "8").await?;
    app.click("#partner-police").await?;
    app.click("#partner-health-nurse").await?;
    app.fill("#parents", "50").await?;
    app.fill("#invited", "48").await?;
    app.click("#save-cafe").await?;
    app.wait_text("#parents-error", "48").await?;
    app.shot("03-cafe-form-error").await?;
    app.fill("#parents", "23").await?;
    app.fill("#raised", "Fester uden voksne og alkohol i weekenden")
        .await?;
    app.click("#add-agreement").await?;
    app.fill("#ag-text-0", AGREEMENT).await?;
    app.fill("#ag-revisit-0", &revisit).await?;
    app.shot("04-cafe-form-filled").await?;
    app.click("#save-cafe").await?;

    // In the list, in the school's list, in the revisit list and the attendance.
    app.wait_text("#cafe-list", "23 forældre af 48 inviterede (48 %)")
        .await?;
    app.wait_text("#due-agreements", AGREEMENT).await?;
    app.wait_text("#attendance-school", "Æblehaveskolen")
        .await?;
    app.wait_text("#attendance-theme", "Alkohol og rusmidler")
        .await?;
    app.shot("05-cafes").await?;
    let school = app.wait("#cafe-school").await?;
    school.select_by_label("Æblehaveskolen").await?;
    app.wait_text("#cafe-list", "Æblehaveskolen").await?;
    school.select_by_label("Bøgeskolen").await?;
    app.wait_text(".main .empty", "Ingen forældrecaféer")
        .await?;
    app.shot("06-cafes-other-school").await?;

    // A café form interrupted by a lock comes back as it was typed.
    app.click("#new-cafe").await?;
    app.wait("#cafe-form").await?;
    app.fill("#raised", DRAFT).await?;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await; // autosave
    app.click("#lock").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait("#draft-restored").await?;
    let raised = app
        .wait("#raised")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    ensure!(raised == DRAFT, "the draft came back as {raised:?}");
    app.shot("07-cafe-draft-restored").await?;
    app.click("#cancel-cafe").await?;
    app.wait("#cafe-list").await?;
    app.quit().await?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
