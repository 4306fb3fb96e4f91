//! The accessibility check every screen gets ([`feltbog_e2e::a11y`]) can
//! fail: an unlabelled field and an image without a text alternative,
//! slipped into the real unlock screen, fail it by rule, element and
//! screen; taken out again, the screen passes.

use anyhow::{ensure, Result};
use feltbog_e2e::{a11y, cli_profile, App};

const PASS: &str = "blå bænk under lindetræet";

#[tokio::test(flavor = "multi_thread")]
async fn a_violation_fails_the_check_by_rule_element_and_screen() -> Result<()> {
    let dir = cli_profile("a11y", PASS, &[])?;
    let app = App::start(&dir, "a11y").await?;
    app.wait("#passphrase").await?;
    app.shot("01-unlock").await?;
    app.client
        .execute(
            "const i = document.createElement('input'); i.id = 'a11y-probe';
             const m = document.createElement('img'); m.id = 'a11y-probe-img';
             m.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
             document.body.append(i, m); return null;",
            vec![],
        )
        .await?;
    let err = a11y::check(&app.client, "a11y-probe")
        .await
        .expect_err("an unlabelled field must fail the check")
        .to_string();
    for needle in [
        "a11y-probe",
        "label",
        "#a11y-probe",
        "image-alt",
        "#a11y-probe-img",
    ] {
        ensure!(err.contains(needle), "the failure names {needle}: {err}");
    }
    app.client
        .execute(
            "document.getElementById('a11y-probe').remove();
             document.getElementById('a11y-probe-img').remove(); return null;",
            vec![],
        )
        .await?;
    a11y::check(&app.client, "a11y-probe").await?;
    app.quit().await?;
    Ok(())
}
