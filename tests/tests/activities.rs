//! Activities end to end in the real app: record street presence in an
//! area and a class talk at a school, see them in the list with the
//! period's totals, filter by kind, edit one, delete the other; a
//! follow-up on Overblik that opens its activity, marked done from the
//! page; a wrong field is said beside it; a half-typed form survives a
//! lock; what the app saved is what the command line reads. Screenshots in
//! target/e2e-screens/.

use anyhow::{ensure, Result};
use feltbog_e2e::{cli, cli_profile, school_add, App};

const PASS: &str = "gadeplan fredag aften ved stationen";
const DRAFT: &str = "Fodbold i hallen – halvt skrevet";
const FOLLOW_UP: &str = "Ring til klubben om næste fredag";

/// A profile with two schools, made with the feltbog command line.
fn profile() -> Result<std::path::PathBuf> {
    cli_profile(
        "activities",
        PASS,
        &[
            &school_add("Æblehaveskolen", "Søby"),
            &school_add("Bøgeskolen", "Egeby"),
        ],
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn record_filter_edit_and_delete_activities() -> Result<()> {
    let dir = profile()?;
    let app = App::start(&dir, "activities").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.click("#nav-activities").await?;
    app.wait_text(".main h1", "Aktiviteter").await?;
    app.wait_text(".main .empty", "Ingen aktiviteter").await?;
    app.shot("01-empty").await?;

    // Street presence in an area: the area is asked for when no school
    // is chosen, and ages the wrong way round are said beside the field.
    app.click("#new-activity").await?;
    app.wait("#activity-form").await?;
    app.shot("02-form").await?;
    app.select("#kind", "street").await?;
    app.fill("#theme", "Fredagsaften").await?;
    app.fill("#ages", "16-13").await?;
    app.fill("#young", "40").await?;
    app.fill("#adults", "2").await?;
    app.click("#partner-police").await?;
    app.click("#partner-youth-club").await?;
    // A follow-up due before the activity is said beside its day.
    app.click("#add-activity-follow-up").await?;
    app.fill("#afu-text-0", FOLLOW_UP).await?;
    app.fill("#afu-due-0", "20-11-2026").await?;
    app.click("#save-activity").await?;
    app.wait_text("#area-error", "udfyldes").await?;
    app.fill("#area", "Bymidten").await?;
    app.click("#save-activity").await?;
    app.wait_text("#ages-error", "13–16").await?;
    app.shot("03-form-error").await?;
    app.fill("#ages", "13–16").await?;
    app.click("#save-activity").await?;
    app.wait_text("#afu-due-0-error", "før aktiviteten").await?;
    app.shot("03b-follow-up-error").await?;
    app.fill("#afu-due-0", "27-11-2026").await?;
    app.click("#save-activity").await?;
    app.wait_text("#activity-list", "Bymidten").await?;
    app.wait_text("#activity-list", FOLLOW_UP).await?;
    app.wait_text("#due-activity-follow-ups", FOLLOW_UP).await?;

    // On Overblik with its place; the line opens the activity.
    app.click("#nav-desk").await?;
    app.wait_text("#desk-coming", FOLLOW_UP).await?;
    app.wait_text("#desk-coming", "Bymidten").await?;
    app.shot("03c-desk").await?;
    app.click_text("#desk-coming .desk-line", FOLLOW_UP).await?;
    app.wait_text(".main h1", "Rediger aktivitet").await?;
    let text = app.prop("#afu-text-0", "value").await?.unwrap_or_default();
    ensure!(text == FOLLOW_UP, "the activity opened with {text:?}");
    app.click("#cancel-activity").await?;
    app.wait("#activity-list").await?;
    app.wait_text("#activity-list", "40 unge · 2 voksne")
        .await?;
    app.wait_text("#activity-list", "13–16 år").await?;
    app.wait_text("#activity-list", "Politi, Ungdomsklub")
        .await?;

    // A class talk at a school, for grade 8.
    app.click("#new-activity").await?;
    app.wait("#activity-form").await?;
    app.select("#kind", "class-talk").await?;
    app.select_label("#school", "Æblehaveskolen").await?;
    app.fill("#grades", "8").await?;
    app.fill("#young", "48").await?;
    app.fill("#theme", "Digital dannelse").await?;
    app.click("#save-activity").await?;
    app.wait_text("#activity-list", "Æblehaveskolen").await?;
    app.wait_text(
        "#activity-totals",
        "I alt: 2 aktiviteter · 88 unge · 2 voksne",
    )
    .await?;
    app.shot("04-list").await?;

    // Filtered by kind, then edited: the count changes in the list.
    app.select("#activity-kind", "street").await?;
    app.wait_text_gone("#activity-list", "Æblehaveskolen")
        .await?;
    app.wait_text("#activity-totals", "I alt: 1 aktivitet · 40 unge")
        .await?;
    app.shot("05-filtered").await?;
    app.click(".edit-activity[data-name='Bymidten']").await?;
    app.wait("#activity-form").await?;
    app.wait_text("#owner-name", "").await?;
    let ages = app.prop("#ages", "value").await?.unwrap_or_default();
    ensure!(ages == "13–16", "the form shows the ages as {ages:?}");
    app.fill("#young", "45").await?;
    app.shot("06-edit").await?;
    app.click("#save-activity").await?;
    app.wait_text("#activity-list", "45 unge").await?;

    // Deleted after a question.
    app.select("#activity-kind", "").await?;
    app.wait_text("#activity-list", "Æblehaveskolen").await?;
    app.click(".delete-activity[data-name='Æblehaveskolen']")
        .await?;
    app.wait_text("#activity-list .confirm", "Slet aktiviteten")
        .await?;
    app.shot("07-confirm-delete").await?;
    app.click("#activity-list .confirm .danger").await?;
    app.wait_text_gone("#activity-list", "Æblehaveskolen")
        .await?;
    app.wait_text("#activity-totals", "I alt: 1 aktivitet · 45 unge")
        .await?;

    // The follow-up done from the page's panel.
    app.click("#due-activity-follow-ups .button.secondary")
        .await?;
    app.wait_text(".main", "Ingen åbne opfølgninger").await?;
    // The card shows it done too (struck through), once the list reloads.
    let mut done = serde_json::Value::Null;
    for _ in 0..50 {
        done = app
            .client
            .execute(
                "return document.querySelectorAll('#activity-list .follow-up-mini li.done').length",
                vec![],
            )
            .await?;
        if done == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    ensure!(done == 1, "the card shows the follow-up done: {done}");
    app.shot("07b-follow-up-done").await?;

    // A half-typed activity interrupted by a lock comes back as typed.
    app.click("#new-activity").await?;
    app.wait("#activity-form").await?;
    app.fill("#notes", DRAFT).await?;
    app.wait_text("#draft-saved", "Kladde gemt").await?;
    app.click("#lock").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait("#draft-restored").await?;
    let notes = app.prop("#notes", "value").await?.unwrap_or_default();
    ensure!(notes == DRAFT, "the draft came back as {notes:?}");
    app.shot("08-draft-restored").await?;
    app.click("#cancel-activity").await?;
    app.wait("#activity-list").await?;
    app.quit().await?;

    // What the app saved is what the command line reads.
    let listed = cli(&dir, PASS, &["activity", "list", "--json"])?;
    let list: serde_json::Value = serde_json::from_str(&listed)?;
    let rows = list.as_array().map(Vec::as_slice).unwrap_or_default();
    ensure!(rows.len() == 1, "the command line lists {listed}");
    let a = &rows[0];
    ensure!(
        a["kind"] == "street"
            && a["area"] == "Bymidten"
            && a["young"] == 45
            && a["adults"] == 2
            && a["ages"] == serde_json::json!([13, 16])
            && a["partners"] == serde_json::json!(["police", "youth-club"])
            && a["follow_ups"][0]["text"] == FOLLOW_UP
            && a["follow_ups"][0]["done"] == true,
        "the command line reads {a}"
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
