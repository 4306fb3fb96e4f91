//! Rapporter end to end in the real app: the coordinator opens the weekly
//! summary, sees the survey with a small number marked, steps a week back,
//! and saves the week as PDF through the system's save dialog (GTK's,
//! answered with xdotool, since WebDriver cannot reach a native window);
//! the PDF is read back with poppler and page 1 saved as a picture. Then
//! the school year, and days from–to typed wrong and then right, saved as
//! Excel.
//! Screenshots at 1366×768 and 1024×768 in target/e2e-screens/.

use anyhow::{ensure, Context, Result};
use chrono::{Datelike, Duration};
use feltbog_e2e::{answer_file_dialog, cli, cli_profile, school_add, target_dir, App};
use std::process::Command;

const PASS: &str = "ugerapporten går til ledelsen fredag";
const ROUND: &str = "Ungeprofilundersøgelsen 2026";

/// Two schools with survey classes this week (one grade with 3 answers),
/// and a visit done last week, made with the command line.
fn profile() -> Result<std::path::PathBuf> {
    let today = feltbog_e2e::today();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let last_week = (monday - Duration::days(3)).format("%Y-%m-%d").to_string();
    let from = (monday - Duration::days(14)).format("%Y-%m-%d").to_string();
    let to = (monday + Duration::days(30)).format("%Y-%m-%d").to_string();
    let dir = cli_profile(
        "summary",
        PASS,
        &[
            &school_add("Æblehaveskolen", "Søby"),
            &school_add("Bøgely Skole", "Egeby"),
            &[
                "survey",
                "round",
                "add",
                "--name",
                ROUND,
                "--questionnaire",
                "grades7-9",
                "--from",
                &from,
                "--to",
                &to,
                "--target",
                "85",
            ],
            &[
                "visit",
                "add",
                "--school",
                "Æblehaveskolen",
                "--date",
                &last_week,
                "--purpose",
                "class-talk",
            ],
            &[
                "activity",
                "add",
                "--date",
                &monday.format("%Y-%m-%d").to_string(),
                "--kind",
                "street",
                "--area",
                "Bymidten",
                "--young",
                "36",
                "--adults",
                "2",
                "--partners",
                "police,youth-club",
            ],
        ],
    )?;
    for (school, class, enrolled, answered) in [
        ("Æblehaveskolen", "7.a", "24", "22"),
        ("Æblehaveskolen", "8.a", "21", "3"),
        ("Bøgely Skole", "7.a", "25", "21"),
        ("Bøgely Skole", "8.a", "26", "24"),
    ] {
        cli(
            &dir,
            PASS,
            &[
                "survey",
                "class",
                "set",
                "--round",
                ROUND,
                "--school",
                school,
                "--class",
                class,
                "--enrolled",
                enrolled,
                "--answered",
                answered,
            ],
        )?;
    }
    Ok(dir)
}

fn tool(program: &str, args: &[&str]) -> Result<String> {
    let out = Command::new(program)
        .args(args)
        .output()
        .with_context(|| format!("{program} (poppler-utils; `cargo xtask setup` installs it)"))?;
    ensure!(
        out.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8(out.stdout)?)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_coordinator_reads_the_week_and_saves_it_as_pdf() -> Result<()> {
    let dir = profile()?;
    let app = App::start(&dir, "summary").await?;
    app.fill("#passphrase", PASS).await?;
    app.click("#unlock").await?;
    app.click("#nav-summary").await?;
    app.wait_text(".main h1", "Rapporter").await?;
    app.wait_text("#period-label", "Uge").await?;
    app.wait_text("#table-survey-grades", "Æblehaveskolen")
        .await?;
    // On screen the real number, marked as hidden in the export.
    app.wait_text(
        "#table-survey-grades tbody tr:nth-child(2) td.hidden-export:nth-of-type(2)",
        "3",
    )
    .await?;
    app.wait_text("#hidden-count", "skjules i eksporten")
        .await?;
    app.shot("01-this-week").await?;
    app.scroll_to("#section-survey").await?;
    app.shot("02-survey").await?;
    app.scroll_to("#section-activities").await?;
    app.wait_text("#table-activities", "Bymidten").await?;
    app.shot("03-activities").await?;
    app.scroll_to("#section-cases").await?;
    app.shot("03-cases").await?;

    // A week back: last week's visit is there.
    let now = app.text("#period-label").await?;
    app.click("#prev-period").await?;
    let label = app.wait("#period-label").await?;
    let mut before = label.text().await?;
    for _ in 0..40 {
        if before != now {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        before = label.text().await?;
    }
    ensure!(before != now, "the week did not change: {before}");
    app.wait_text("#table-visits-by-purpose", "Klasseoplæg")
        .await?;
    app.shot("04-last-week").await?;
    app.resize(1024, 768).await?;
    app.shot("05-last-week-1024").await?;

    // Save as PDF through the real save dialog (GTK's, shown by the shell),
    // answered with xdotool: the name field has the focus and the proposed
    // name; a full path typed there saves there.
    let out = target_dir().join("e2e-summary");
    std::fs::create_dir_all(&out)?;
    let pdf = out.join("Feltbog-ugerapport.pdf");
    let _ = std::fs::remove_file(&pdf);
    let iso = (feltbog_e2e::today() - Duration::days(7)).iso_week();
    app.click("#save-pdf").await?;
    answer_file_dialog("Gem ugerapporten", pdf.to_str().context("path")?)?;
    app.wait_text("#saved", "Feltbog-ugerapport.pdf").await?;
    app.shot("06-saved-1024").await?;
    let p = pdf.to_str().context("path")?;
    let text = tool("pdftotext", &["-layout", p, "-"])?;
    for expected in [
        "Ugerapport",
        &format!("Uge {}", iso.week()),
        "Æblehaveskolen",
        "Klasseoplæg",
        "Samtaler ved første kriminalitet",
    ] {
        ensure!(
            text.contains(expected),
            "{expected:?} missing from the PDF:\n{text}"
        );
    }
    let png = target_dir().join("e2e-screens/summary-07-pdf-page");
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "70",
            "-f",
            "1",
            "-l",
            "1",
            p,
            png.to_str().context("path")?,
        ],
    )?;
    // The export is in the access log.
    let log = cli(&dir, PASS, &["case", "log"])?;
    ensure!(
        log.contains(&format!("{}-W{:02} pdf", iso.year(), iso.week())),
        "{log}"
    );

    // The school year: last week's visit is in it, and the measures of
    // "next week" read as the next period's.
    app.resize(1366, 768).await?;
    app.select("#period-kind", "school-year").await?;
    let start = feltbog_api::period::school_year_of(feltbog_e2e::today());
    let years = format!("Skoleåret {start}/{:02}", (start + 1) % 100);
    app.wait_text("#period-label", &years).await?;
    app.wait_text("#table-visits-by-purpose", "Klasseoplæg")
        .await?;
    app.wait_text("#table-survey", "Besvaret i perioden")
        .await?;
    app.wait_text("#section-visits", "Intet i perioden.")
        .await?;
    app.wait_text("#next-period-days", "Næste periode").await?;
    // The last save's note belongs to the week it saved.
    app.wait_text_gone(".main", "Feltbog-ugerapport.pdf")
        .await?;
    app.shot("08-school-year").await?;

    // From–to, typed the wrong way round: said beside the field, and the
    // school year stays on screen until the days are right.
    app.select("#period-kind", "range").await?;
    app.wait("#period_from").await?;
    let today = feltbog_e2e::today();
    let first = today - Duration::days(20);
    app.fill("#period_from", &today.format("%d-%m-%Y").to_string())
        .await?;
    app.fill("#period_to", &first.format("%d-%m-%Y").to_string())
        .await?;
    app.click("#show-range").await?;
    app.wait_text("#period_to-error", "før startdatoen").await?;
    app.shot("09-range-error").await?;
    // Fewer than seven days: said too.
    app.fill("#period_from", &today.format("%d-%m-%Y").to_string())
        .await?;
    app.fill(
        "#period_to",
        &(today + Duration::days(2)).format("%d-%m-%Y").to_string(),
    )
    .await?;
    app.click("#show-range").await?;
    app.wait_text("#period_to-error", "mindst 7 dage").await?;
    app.fill("#period_from", &first.format("%d-%m-%Y").to_string())
        .await?;
    app.fill("#period_to", &today.format("%d-%m-%Y").to_string())
        .await?;
    app.click("#show-range").await?;
    let days = feltbog_api::dates::format_range(first, today, feltbog_api::profile::Language::Da);
    app.wait_text("#period-label", &days).await?;
    app.wait_text_gone("#period_to-error", "før").await?;
    app.shot("10-range").await?;
    let xlsx = out.join("Feltbog-rapport.xlsx");
    let _ = std::fs::remove_file(&xlsx);
    app.click("#save-xlsx").await?;
    answer_file_dialog("Gem rapporten", xlsx.to_str().context("path")?)?;
    app.wait_text("#saved", "Feltbog-rapport.xlsx").await?;
    ensure!(std::fs::read(&xlsx)?.starts_with(b"PK"), "not a workbook");
    let log = cli(&dir, PASS, &["case", "log"])?;
    ensure!(log.contains(&format!("{first}..{today} xlsx")), "{log}");

    // Udvikling: five school years side by side, the current one so far,
    // a chart per measure whose text alternative has the figures; three
    // years chosen, then saved as PDF.
    app.click("#tab-trends").await?;
    app.wait_text("#trends-table", "Gennemførte skolebesøg")
        .await?;
    let name = |s: i32| format!("{s}/{:02}", (s + 1) % 100);
    app.wait_text("#trends-table thead", &name(start - 4))
        .await?;
    app.wait_text("#trends-table thead", &format!("{} (til", name(start)))
        .await?;
    let label = app
        .prop("#trend-chart-visits-done svg", "ariaLabel")
        .await?
        .unwrap_or_default();
    ensure!(
        label.starts_with("Gennemførte skolebesøg:") && label.contains(&name(start)),
        "{label}"
    );
    app.shot("11-trends").await?;
    app.scroll_to(".trend-charts").await?;
    app.shot("12-trends-charts").await?;
    app.select("#trend-years", "3").await?;
    app.wait_text_gone("#trends-table thead", &name(start - 4))
        .await?;
    app.resize(1024, 768).await?;
    app.shot("13-trends-1024").await?;
    let trends_pdf = out.join("Feltbog-udvikling.pdf");
    let _ = std::fs::remove_file(&trends_pdf);
    app.click("#trends-save-pdf").await?;
    answer_file_dialog("Gem udviklingen", trends_pdf.to_str().context("path")?)?;
    app.wait_text("#trends-saved", "Feltbog-udvikling.pdf")
        .await?;
    let text = tool(
        "pdftotext",
        &["-layout", trends_pdf.to_str().context("path")?, "-"],
    )?;
    for expected in [
        "Udvikling over skoleår",
        &name(start - 2),
        "Gennemførte skolebesøg",
    ] {
        ensure!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    let log = cli(&dir, PASS, &["case", "log"])?;
    ensure!(
        log.contains(&format!("{}–{} pdf", name(start - 2), name(start))),
        "{log}"
    );
    // A school's report for the dialogue meeting: its own figures and its
    // survey over three school years, saved as a PDF; then every school's
    // into a folder chosen in the system's folder dialog.
    app.resize(1366, 768).await?;
    app.click("#tab-school").await?;
    app.wait("#school-report-pick").await?;
    app.select_label("#school", "Æblehaveskolen").await?;
    app.wait_text("#table-survey-history", &name(start - 2))
        .await?;
    app.wait_text("#table-survey", "Æblehaveskolen").await?;
    ensure!(
        !app.text("#summary").await?.contains("Bøgely Skole"),
        "another school in Æblehaveskolen's report"
    );
    app.shot("14-school-report").await?;
    let report = out.join("Feltbog-skolerapport.pdf");
    let _ = std::fs::remove_file(&report);
    app.click("#save-school-report").await?;
    answer_file_dialog("Gem skolens rapport", report.to_str().context("path")?)?;
    app.wait_text("#school-report-saved", "Feltbog-skolerapport.pdf")
        .await?;
    let text = tool(
        "pdftotext",
        &["-layout", report.to_str().context("path")?, "-"],
    )?;
    ensure!(
        text.contains("Skolerapport · Æblehaveskolen") && !text.contains("Bøgely"),
        "{text}"
    );
    let folder = out.join("alle skoler");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder)?;
    app.click("#save-all-school-reports").await?;
    answer_file_dialog(
        "Vælg mappen til skolernes rapporter",
        folder.to_str().context("path")?,
    )?;
    app.wait_text("#school-report-saved", "2 rapporter gemt")
        .await?;
    ensure!(
        std::fs::read_dir(&folder)?.count() == 2,
        "not one PDF per school in {}",
        folder.display()
    );
    app.shot("15-school-reports-saved").await?;

    // Back to the period: the days chosen are still there.
    app.click("#tab-period").await?;
    app.wait_text("#period-label", &days).await?;
    app.quit().await
}
