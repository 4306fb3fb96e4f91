//! Pages whose code loads on first use (`ui/src/lazy_pages.rs`): changing
//! from one such page to another takes the old page away at once, before
//! the new page's part of the wasm has loaded.
//!
//! Why it matters: the old page's signals are disposed as the page
//! changes. Left on screen until the new part had loaded, its buttons
//! stayed clickable, and a click on one panicked on a disposed value,
//! which ends the whole UI. The check runs in the webview itself: the
//! navigation's click, then one timer turn (the page change runs in
//! microtasks before it; loading a part takes a fetch and a compile, which
//! cannot finish before it), then whether the old page's list is still in
//! the document. Fictitious data.

use anyhow::{ensure, Result};
use feltbog_e2e::{cli_profile, school_add, App};

const PASS: &str = "grøn lygte ved havnen om aftenen";

#[tokio::test(flavor = "multi_thread")]
async fn the_old_page_goes_at_once_while_the_new_page_loads() -> Result<()> {
    let dir = cli_profile("lazy", PASS, &[&school_add("Egeby Skole", "Egeby")])?;
    let app = App::start(&dir, "lazy-pages").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.wait("#desk").await?;
    app.click("#nav-visits").await?;
    app.wait("#visit-list, #visits-empty, .empty").await?;
    app.shot("01-visits").await?;

    // The cafés' part has not been loaded in this webview yet.
    let left = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const before = document.querySelector('main h1')?.textContent;
             document.querySelector('#nav-cafes').click();
             setTimeout(() => done({
                 before,
                 after: document.querySelector('main h1')?.textContent ?? null,
             }), 0);",
            vec![],
        )
        .await?;
    ensure!(
        left["before"].is_string(),
        "the visits page had a heading: {left}"
    );
    ensure!(
        left["after"] != left["before"],
        "the visits page stayed on screen while the cafés' page loaded: {left}"
    );
    app.wait("#cafe-from").await?;
    app.shot("02-cafes").await?;
    app.quit().await
}
