//! Parent cafés end to end in the real app: record a café with an agreement,
//! see it in the school's list, the agreement in the revisit list and the
//! attendance table. Screenshots in target/e2e-screens/.

use anyhow::{ensure, Result};
use feltbog_e2e::{cli_profile, school_add, App};

const PASS: &str = "grøn hest spiser æbler om natten";
const AGREEMENT: &str = "Fælles alkoholaftale for 8. årgang";
const DRAFT: &str = "Forældrene spurgte til fester – halvt skrevet";

/// A profile with two schools, made with the feltbog command line.
fn profile() -> Result<std::path::PathBuf> {
    cli_profile(
        "cafes",
        PASS,
        &[
            &school_add("Æblehaveskolen", "Søby"),
            &school_add("Bøgeskolen", "Egeby"),
        ],
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn record_a_cafe_with_an_agreement_and_see_it_everywhere() -> Result<()> {
    let dir = profile()?;
    let revisit = (feltbog_e2e::today() + chrono::Duration::days(30))
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
    // The agreement rows are the visit's follow-up rows (one component):
    // a new row takes the focus, and a wrong date is said beside it and
    // tied to its input for a screen reader.
    app.click("#add-agreement").await?;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    app.expect_focus("#ag-text-0").await?;
    app.fill("#ag-text-0", AGREEMENT).await?;
    app.fill("#ag-revisit-0", "31-02-2027").await?;
    app.click("#save-cafe").await?;
    app.wait_text("#ag-revisit-0-error", "Ikke en gyldig dato")
        .await?;
    let tie = app
        .client
        .execute(
            "const i = document.querySelector('#ag-revisit-0');
             const e = document.getElementById(i.getAttribute('aria-describedby'));
             return [i.getAttribute('aria-invalid'), e ? e.textContent : null];",
            vec![],
        )
        .await?;
    let (invalid, said) = (tie[0].as_str(), tie[1].as_str().unwrap_or_default());
    if invalid != Some("true") || said.trim().is_empty() {
        anyhow::bail!("the wrong revisit date is not tied to its input: {tie}");
    }
    app.shot("03b-cafe-agreement-error").await?;
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
    app.wait_text("#draft-saved", "Kladde gemt").await?;
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
