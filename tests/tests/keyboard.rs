//! A consultant's morning without the mouse: unlock, skip past the menu,
//! record a visit with a follow-up, find it in the list and think better of
//! deleting it, with Tab, Shift+Tab, Enter, Escape, arrow keys and typing
//! only. At every Tab stop the focus ring is checked: drawn, on screen, and
//! at least 3:1 against what is behind it. Screenshots in target/e2e-screens/. Fictitious data.

use anyhow::{ensure, Result};
use fantoccini::key::Key;
use feltbog_e2e::{cli_profile, school_add, App};

const PASS: &str = "blå bænk ved skolens cykelskur";
const NOTES: &str = "Oplæg om trivsel i 8.a, TASTATUR-MARKØR";
const FOLLOW_UP: &str = "Ring til klasselæreren om oplægget";

#[tokio::test(flavor = "multi_thread")]
async fn a_visit_with_a_follow_up_is_recorded_with_the_keyboard_only() -> Result<()> {
    let dir = cli_profile("keyboard", PASS, &[&school_add("Egeby Skole", "Egeby")])?;
    let app = App::start(&dir, "keyboard").await?;

    // Unlock: the passphrase field is reached with Tab, Enter unlocks.
    app.wait("#passphrase").await?;
    app.tab_to("#passphrase").await?;
    app.type_text(PASS).await?;
    app.press(Key::Enter).await?;
    app.wait("#desk").await?;

    // The first Tab stop is the skip link, shown only now. The menu follows
    // (its rings on the dark sidebar measured on the way down to "Lås");
    // back at the skip link, Enter takes the keyboard past the menu.
    let first = app.tab_to(".skip-link").await?;
    ensure!(
        first == 1,
        "the skip link is the first Tab stop, not the {first}th"
    );
    app.shot("01-skip-link").await?;
    app.tab_to("#lock").await?;
    app.tab_back_to(".skip-link").await?;
    app.press(Key::Enter).await?;
    app.expect_focus("#main").await?;
    let title = app.client.title().await?;
    ensure!(
        title == "Overblik – Feltbog",
        "the title names the screen: {title:?}"
    );

    // Skolebesøg from the menu: Shift+Tab up to it, Enter.
    app.tab_back_to("#nav-visits").await?;
    app.press(Key::Enter).await?;
    app.wait("#new-visit").await?;
    app.expect_focus("#main").await?;
    let title = app.client.title().await?;
    ensure!(title == "Skolebesøg – Feltbog", "{title:?}");

    // A new visit: the school is chosen with the arrow keys.
    app.tab_to("#new-visit").await?;
    app.press(Key::Enter).await?;
    app.wait("#visit-form").await?;
    app.expect_focus("#main").await?;
    let title = app.client.title().await?;
    ensure!(title == "Nyt skolebesøg – Feltbog", "{title:?}");
    app.tab_to("#school").await?;
    app.press(Key::Down).await?;
    let school = app.prop("#school", "value").await?.unwrap_or_default();
    ensure!(!school.is_empty(), "the arrow key chose no school");

    // An error first: with the date cleared, saving names the date, and
    // the error is tied to its field for a screen reader.
    app.tab_to("#date").await?;
    app.client
        .execute("document.getElementById('date').select()", vec![])
        .await?;
    app.press(Key::Backspace).await?;
    app.tab_to("#notes").await?;
    app.type_text(NOTES).await?;
    app.tab_to("#save-visit").await?;
    app.press(Key::Enter).await?;
    app.wait_text("#date-error", "gyldig dato").await?;
    let described = app.client.execute(
        "const d = document.getElementById('date'); return [d.getAttribute('aria-describedby'), d.getAttribute('aria-invalid')]",
        vec![],
    ).await?;
    ensure!(
        described[0]
            .as_str()
            .is_some_and(|d| d.split(' ').any(|x| x == "date-error"))
            && described[1] == "true",
        "the date's error is tied to the field: {described}"
    );
    app.shot("02-date-error").await?;
    app.tab_back_to("#date").await?;
    app.type_text(&feltbog_e2e::today().format("%d-%m-%Y").to_string())
        .await?;

    // A follow-up: Enter on "add" puts the keyboard in the new row.
    app.tab_to("#add-follow-up").await?;
    app.press(Key::Enter).await?;
    app.wait("#fu-text-0").await?;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    app.expect_focus("#fu-text-0").await?;
    app.type_text(FOLLOW_UP).await?;
    app.shot("03-follow-up").await?;
    app.tab_to("#save-visit").await?;
    app.press(Key::Enter).await?;

    // Back on the list, with the keyboard in the page.
    app.wait_text("#visit-list", NOTES).await?;
    app.wait_text("#visit-list", FOLLOW_UP).await?;
    app.expect_focus("#main").await?;
    app.shot("04-visit-saved").await?;

    // Deleting asks first, like a dialog: the focus lands on the safe
    // answer, and Escape closes the question and returns the focus to the
    // button that asked. The visit stays.
    app.tab_to(".delete").await?;
    app.press(Key::Enter).await?;
    app.wait(".confirm-delete").await?;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let safe = app.focused().await?.map(|s| s.text).unwrap_or_default();
    ensure!(
        safe == "Annuller",
        "the question's safe answer has the focus: {safe:?}"
    );
    app.shot("05-confirm-delete").await?;
    app.press(Key::Escape).await?;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    app.expect_focus(".delete").await?;
    app.wait_text("#visit-list", NOTES).await?;
    app.quit().await?;
    Ok(())
}
