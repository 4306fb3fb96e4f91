//! A read that fails is said on the page, never shown as an empty list
//! (issue 11, point 19): the app's test build fails the schools read on
//! request (`FELTBOG_TEST_FAIL_READ`, a hook only `cargo xtask test`
//! compiles in), on a profile that has a school.

use anyhow::{ensure, Result};
use feltbog_e2e::{cli_profile, school_add, App};

const PASS: &str = "blå bænk under lindetræet";

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_read_of_the_schools_is_said_not_shown_as_none() -> Result<()> {
    let dir = cli_profile(
        "read-errors",
        PASS,
        &[&school_add("Æblehaveskolen", "Søby")],
    )?;
    let app = App::start_with(
        &dir,
        "read-errors",
        &[("FELTBOG_TEST_FAIL_READ", "list_schools")],
    )
    .await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait("#desk").await?;
    app.click("#nav-visits").await?;
    let said = app
        .wait_text(".read-failed", "the end-to-end test made this read fail")
        .await?;
    ensure!(!said.is_empty());
    app.shot("01-visits-read-failed").await?;
    app.click("#new-visit").await?;
    app.wait_text(".read-failed", "read fail").await?;
    app.shot("02-visit-form-read-failed").await?;
    app.click("#nav-schools").await?;
    app.wait_text(".main", "read fail").await?;
    let main = app.wait_text(".main", "read fail").await?;
    ensure!(
        !main.contains("ingen skoler endnu"),
        "a failed read must not say there are no schools: {main}"
    );
    app.shot("03-schools-read-failed").await?;

    // The same failure in English: said in the user's language, and
    // checked by axe like every screen.
    app.set_language("en", "Settings").await?;
    app.click("#nav-visits").await?;
    app.wait_text(".read-failed", "Could not be read").await?;
    app.shot("04-visits-read-failed-english").await?;
    app.click("#nav-schools").await?;
    let main = app.wait_text(".main", "A file could not be read").await?;
    ensure!(
        !main.contains("There are no schools yet"),
        "a failed read must not say there are no schools: {main}"
    );
    app.shot("05-schools-read-failed-english").await?;
    app.quit().await?;
    Ok(())
}
